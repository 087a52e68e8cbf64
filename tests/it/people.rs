//! Accounts and signed-in HTTP clients for the reporting-cycle tests.

use crate::helpers::{TestApp, TestDb, with_builtin};
use std::sync::OnceLock;
use xanh_core::access::{Actor, Role};
use xanh_core::workflow::PeriodState;
use xanh_store::{NewUser, Store};

pub const PASSWORD: &str = "mat-khau-thu-nghiem-2019";

/// One argon2 hash for every test account: hashing is deliberately slow.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| xanh_app::password::hash_blocking(PASSWORD).expect("hashes"))
}

pub async fn add_user(store: &Store, username: &str, role: Role, unit: Option<&str>) -> Actor {
    let u = store
        .create_user(NewUser {
            username,
            display_name: &format!("Cán bộ {username}"),
            password_hash: password_hash(),
            role,
            unit_code: unit,
            email: Some(&format!("{username}@kontum.gov.vn")),
        })
        .await
        .expect("account created");
    u.actor()
}

/// The 2014 framework, the people of a reporting round, and annual-2019 open.
pub struct Round {
    pub app: TestApp,
    pub db: TestDb,
    pub period: i64,
    pub other_period: i64,
}

pub async fn round(db: TestDb) -> Round {
    with_builtin(&db.store).await;
    add_user(&db.store, "admin", Role::Admin, None).await;
    let consolidator = add_user(&db.store, "dpi", Role::Consolidator, Some("SO-KHDT")).await;
    add_user(&db.store, "ct", Role::Officer, Some("SO-CT")).await;
    add_user(&db.store, "xd", Role::Officer, Some("SO-XD")).await;
    add_user(&db.store, "khcn", Role::Officer, Some("SO-KHCN")).await;
    add_user(&db.store, "leader", Role::Viewer, None).await;
    add_user(&db.store, "spare", Role::Viewer, None).await;
    let periods = db.store.periods("kon-tum-598-2014").await.expect("periods");
    let id = |code: &str| {
        periods
            .iter()
            .find(|p| p.code == code)
            .map(|p| p.id)
            .expect("period")
    };
    let (period, other_period) = (id("annual-2019"), id("annual-2018"));
    db.store
        .set_period_state(period, PeriodState::Open, &consolidator)
        .await
        .expect("opened");
    let app = TestApp::start(db.store.clone()).await;
    Round {
        app,
        db,
        period,
        other_period,
    }
}

/// An HTTP client that keeps cookies, like a browser, without following redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// The value of the first `name="NAME" value="…"` in a page.
pub fn field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

/// A signed-in client and its CSRF token.
pub struct Person {
    pub http: reqwest::Client,
    pub csrf: String,
}

pub async fn login(app: &TestApp, username: &str) -> Person {
    login_with(app, username, PASSWORD).await
}

pub async fn login_with(app: &TestApp, username: &str, password: &str) -> Person {
    let http = client();
    let page = http
        .get(format!("{}/login", app.base))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("body");
    let csrf = field(&page, "csrf").expect("the login form has a CSRF token");
    let r = http
        .post(format!("{}/login", app.base))
        .form(&[
            ("username", username),
            ("password", password),
            ("csrf", &csrf),
            ("next", "/home"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303, "{username} signs in");
    let page = http
        .get(format!("{}/account/tokens", app.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    let csrf = field(&page, "csrf").expect("a signed-in page carries the CSRF token");
    Person { http, csrf }
}

impl Person {
    pub async fn get(&self, app: &TestApp, path: &str) -> (u16, String) {
        let r = self
            .http
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("answers");
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = r.text().await.expect("body");
        (status, if status == 303 { location } else { body })
    }

    /// Posts a form, adding the CSRF token.
    pub async fn post(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let mut all: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        all.extend_from_slice(fields);
        let r = self
            .http
            .post(format!("{}{path}", app.base))
            .form(&all)
            .send()
            .await
            .expect("answers");
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = r.text().await.expect("body");
        (status, if status == 303 { location } else { body })
    }

    pub async fn api(
        &self,
        app: &TestApp,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", app.base))
            .header("x-csrf-token", &self.csrf);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("answers");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }
}

/// The sample data set loaded into `db`, the server over it, its consolidator
/// signed in, and the id of the 2018 annual period.
pub async fn sample_consolidator(db: &crate::helpers::TestDb) -> (TestApp, Person, i64) {
    let (app, password, p2018) = sample(db).await;
    let dpi = login_with(&app, "demo-khdt", &password).await;
    (app, dpi, p2018)
}

/// The sample data set loaded into `db`, the server over it, the sample
/// accounts' shared password, and the id of the 2018 annual period.
pub async fn sample(db: &crate::helpers::TestDb) -> (TestApp, String, i64) {
    let out = crate::helpers::xanh(&["demo"], &[("XANH_DATABASE_URL", db.url.as_str())]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let password = String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| {
            l.split("Mật khẩu chung / shared password: ")
                .nth(1)
                .map(str::to_string)
        })
        .expect("the sample data set prints its password");
    let app = TestApp::start(db.store.clone()).await;
    let periods = db.store.periods("kon-tum-598-2014").await.expect("periods");
    let p2018 = periods
        .iter()
        .find(|p| p.code == "annual-2018")
        .expect("2018")
        .id;
    (app, password, p2018)
}

/// A province-wide figure put straight into a period, as a bulk import leaves
/// it (no report, no note): last year's value a check compares with, or a
/// figure nobody typed in the form.
pub async fn put_figure(round: &Round, period: i64, indicator: &str, value: f64) {
    sqlx::query(
        "INSERT INTO indicator_values (period_id, indicator_code, unit_code, value_num, entered_at, version) \
         VALUES ($1, $2, 'UBND-TINH', $3, '2018-12-10T00:00:00Z', 1)",
    )
    .bind(period)
    .bind(indicator)
    .bind(value)
    .execute(round.db.store.pool())
    .await
    .expect("a figure stored");
}

/// The officer's own report of the round's period, started if need be.
pub async fn own_report(round: &Round, who: &Person) -> i64 {
    let (status, location) = who
        .post(
            &round.app,
            &format!("/periods/{}/my-report", round.period),
            &[],
        )
        .await;
    assert_eq!(status, 303, "my-report leads to the report");
    location
        .trim_start_matches("/reports/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("a report id")
}
