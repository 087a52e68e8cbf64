//! The real browser for the integration suite: chromedriver and headless
//! Chromium through fantoccini, at the widths people use (a laptop, a phone),
//! with what the browser tests measure there: screenshots for a person to
//! look at, sideways overflow, and axe-core's accessibility violations.

use fantoccini::{Client, ClientBuilder, Locator};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// A laptop screen and a phone: the widths every page must work at.
pub const DESKTOP: u32 = 1366;
pub const PHONE: u32 = 390;

/// chromedriver on a free port; stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        // A process group of its own: the browsers it starts are stopped with it,
        // even when a failing test never closed its session.
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (apt-get install chromium chromium-driver; .ci/run installs them)");
        // Made at once, so that Drop stops the process whatever happens next.
        let driver = Driver { child, port };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return driver;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("chromedriver did not start");
    }

    /// A fresh browser (no cookies) whose viewport is `width` CSS pixels wide.
    pub async fn browser(&self, width: u32) -> Client {
        let height = if width <= PHONE { 844 } else { 1000 };
        let mut options = serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--hide-scrollbars", format!("--window-size={},{height}", width.max(500)),
                     "--lang=vi"]
        });
        if width < 500 {
            // Headless Chromium keeps windows at least 500 px wide; a phone's
            // screen is emulated instead, as the browser's device mode does.
            // Not as a "mobile" device: that one zooms out to fit a page
            // that is too wide, which would hide the overflow we measure.
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "mobile": false, "touch": true }
            });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let b = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a browser session");
        // axe on a long page takes seconds in a debug build on a busy machine.
        let mut timeouts = fantoccini::wd::TimeoutConfiguration::default();
        timeouts.set_script(Some(std::time::Duration::from_secs(120)));
        b.update_timeouts(timeouts).await.expect("timeouts set");
        b
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: chromedriver and every Chromium process under it.
        // Written `kill -s KILL -- -PGID`: procps' kill reads `kill -KILL -PGID`
        // as the group of the PGID's first digit, so a chromedriver whose pid
        // began with 1 had every process on the machine killed (kill(-1)).
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves what the browser shows as `artifacts/browser/NAME.png`.
pub async fn shot(b: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/browser");
    std::fs::create_dir_all(&dir).expect("artifacts directory");
    let png = b.screenshot().await.expect("a screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot saved");
}

/// Signs in through the login form, as a person would, and waits for the
/// page that names who is signed in.
pub async fn sign_in(b: &Client, base: &str, user: &str, password: &str) {
    b.goto(&format!("{base}/login")).await.expect("login page");
    for (id, text) in [("username", user), ("password", password)] {
        b.find(Locator::Id(id))
            .await
            .expect("field")
            .send_keys(text)
            .await
            .expect("typed");
    }
    b.find(Locator::Id("login"))
        .await
        .expect("button")
        .click()
        .await
        .expect("clicked");
    b.wait()
        .for_element(Locator::Css("nav.account .who"))
        .await
        .expect("signed in");
}

pub async fn sign_out(b: &Client) {
    b.find(Locator::Css("nav.account button.link"))
        .await
        .expect("sign-out button")
        .click()
        .await
        .expect("clicked");
    b.wait()
        .for_element(Locator::Css("a[href='/login']"))
        .await
        .expect("signed out");
}

pub async fn page_text(b: &Client) -> String {
    b.find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text")
}

/// How wide the page is against how wide the window is, in CSS pixels.
#[derive(Debug, Clone, Copy)]
pub struct Overflow {
    pub scroll_width: u64,
    pub inner_width: u64,
}

impl Overflow {
    /// Something on the page reaches past the right edge: the reader must scroll sideways.
    pub fn scrolls_sideways(&self) -> bool {
        self.scroll_width > self.inner_width
    }
}

pub async fn overflow(b: &Client) -> Overflow {
    let v = b
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .expect("measured");
    let n = |i: usize| v[i].as_u64().expect("a width in pixels");
    Overflow {
        scroll_width: n(0),
        inner_width: n(1),
    }
}

/// One serious or critical accessibility failure that axe-core found.
#[derive(Debug, Clone)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    /// CSS selectors of the offending elements.
    pub targets: Vec<String>,
}

/// axe-core's browser build, installed from npm by `.ci/run` (tests/browser/package.json).
fn axe_source() -> &'static str {
    static AXE: OnceLock<String> = OnceLock::new();
    AXE.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/browser/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{} is missing ({e}): run `npm ci` in tests/browser (.ci/run does)",
                path.display()
            )
        })
    })
}

/// Runs axe-core on the page the browser shows and returns its serious and
/// critical violations. The script goes in through WebDriver, which the
/// page's Content-Security-Policy does not govern, so the page itself needs
/// no exception for it.
pub async fn axe(b: &Client) -> Vec<Violation> {
    b.execute(axe_source(), vec![])
        .await
        .expect("axe-core loads into the page");
    let found = b
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(r => done(
              r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ rule: v.id, impact: v.impact, help: v.help,
                             targets: v.nodes.map(n => n.target.flat().join(' ')) }))
            ), e => done({ error: String(e) }));"#,
            vec![],
        )
        .await
        .expect("axe-core runs");
    if let Some(error) = found.get("error") {
        panic!("axe-core failed on the page: {error}");
    }
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    found
        .as_array()
        .expect("axe-core's violations")
        .iter()
        .map(|v| Violation {
            rule: text(v, "rule"),
            impact: text(v, "impact"),
            help: text(v, "help"),
            targets: v["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
        })
        .collect()
}

/// Waits for an element of the next page. A click that navigates can abort a
/// wait that started on the page before ("aborted by navigation"): that is
/// the navigation under way, so the wait starts again.
pub async fn wait_for(b: &Client, locator: Locator<'_>, what: &str) {
    for _ in 0..10 {
        match b.wait().for_element(locator).await {
            Ok(_) => return,
            Err(e) if e.to_string().contains("aborted by navigation") => continue,
            Err(e) => panic!("{what}: {e}"),
        }
    }
    panic!("{what}: navigation kept interrupting the wait");
}

/// Whether the page's chart image loaded and was drawn (a broken image has
/// no natural width).
pub async fn chart_drawn(b: &Client) -> bool {
    b.execute(
        "const i = document.querySelector('figure.chart img'); return i && i.complete && i.naturalWidth > 0;",
        vec![],
    )
    .await
    .expect("asked")
        == serde_json::json!(true)
}

/// What a person must never meet on a page: a page wider than the screen,
/// or a serious or critical accessibility violation.
pub async fn holds(b: &Client, what: &str) {
    let o = overflow(b).await;
    assert!(
        !o.scrolls_sideways(),
        "{what} scrolls sideways: {} px of content in {} px",
        o.scroll_width,
        o.inner_width
    );
    let found = axe(b).await;
    assert!(
        found.is_empty(),
        "{what} has serious accessibility violations: {found:#?}"
    );
}
