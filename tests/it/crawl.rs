//! Every role's journey over the sample data set: sign in, follow every link
//! a page shows (breadth-first, a few of each kind), and check that nothing
//! answers with an error and that reading never changed the database. The
//! browser half (axe-core, width at a phone) is in `crawl_browser.rs`.

use crate::helpers::{TestApp, TestDb, both_databases};
use reqwest::Url;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// Who crawls: (role as the findings name it, sample account).
pub const ROLES: &[(&str, Option<&str>)] = &[
    ("anonymous", None),
    // Sở Xây dựng's 2019 report was returned: the form and the comment show.
    ("officer", Some("demo-xd")),
    // Sở KH&CN coordinates objectives that other agencies lead.
    ("coordinating-officer", Some("demo-khcn")),
    ("consolidator", Some("demo-khdt")),
    ("viewer", Some("demo-lanhdao")),
    ("admin", Some("demo-admin")),
];

/// Pages (not downloads) fetched per role at most: bounded, so that lists
/// of hundreds of rows cannot make the crawl endless, and wide enough to
/// reach the rows deep down (a period's reports under its overview) after
/// the many indicator and unit pages the dashboard links to. Over HTTP a
/// page costs milliseconds; the browser opens only a sample of them. A link of a shape not
/// yet seen goes before further samples of known shapes, so every kind of
/// page is reached first and the rest of the budget goes to more rows.
const MAX_PAGES: usize = 250;
/// A page's list of links of one shape (say `/reports/{}`) is sampled when
/// longer than this: its first, middle and last rows, which in Xanh's lists
/// tend to differ in state (oldest and newest period, first and last agency).
/// A shorter list is followed whole: nine periods may be in nine states.
const SHORT_LIST: usize = 10;
/// Links of one shape followed per role at most, over all pages.
const PER_SHAPE: usize = 30;

/// Refusals a role meets on purpose, by (role, URL shape, status): none yet.
/// A link that a page shows and that answers with an error is a defect, not
/// a refusal, so an entry needs a reason a user would accept.
const DELIBERATE: &[(&str, &str, u16, &str)] = &[];

/// One answered request.
#[derive(Debug, Clone)]
pub struct Visit {
    pub url: String,
    pub shape: String,
    pub status: u16,
    pub html: bool,
    /// A signed-in page names who is signed in (error pages too).
    pub shows_who: bool,
    pub from: String,
    pub link_text: String,
    /// What a person can do on the page (its forms and kinds of field): the
    /// same template with other forms is another state of it to look at.
    pub variant: String,
}

/// The sample data set, served as `xanh serve --demo` serves it (every page
/// says it shows sample data), and the sample accounts' password.
pub async fn demo_app(db: &TestDb) -> (TestApp, String) {
    let (plain, password, _) = crate::people::sample(db).await;
    drop(plain);
    let mut state = xanh_web::AppState::new(db.store.clone());
    state.settings.demo = true;
    (TestApp::start_with(state).await, password)
}

/// A cookie-keeping client that does not follow redirects (each one is a
/// visit of its own), signed in as `user` when given.
pub async fn client_for(base: &str, user: Option<&str>, password: &str) -> reqwest::Client {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(180))
        .build()
        .expect("a client");
    if let Some(user) = user {
        crate::process::sign_in_with(base, &http, user, password).await;
    }
    http
}

fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// Every `<a href>` of a page with the words of its link.
pub fn links(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a ") {
        rest = &rest[i..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_end = rest.find("</a>").unwrap_or(tag_end);
        let body = rest.get(tag_end + 1..body_end).unwrap_or("");
        if let Some(h) = tag.find("href=\"") {
            let v = &tag[h + 6..];
            let href = unescape(&v[..v.find('"').unwrap_or(v.len())]);
            let mut text = String::new();
            let mut in_tag = false;
            for c in body.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            out.push((
                href,
                unescape(
                    text.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .as_str(),
                ),
            ));
        }
        rest = &rest[tag_end..];
    }
    out
}

/// The forms (by the shape of their action) and kinds of field of a page.
fn variant(page: &Url, html: &str) -> String {
    let mut parts = std::collections::BTreeSet::new();
    for (tag, attr) in [
        ("<form", "action=\""),
        ("<input", "type=\""),
        ("<textarea", ""),
        ("<select", ""),
    ] {
        for piece in html.split(tag).skip(1) {
            let open = &piece[..piece.find('>').unwrap_or(piece.len())];
            let value = open
                .find(attr)
                .filter(|_| !attr.is_empty())
                .map(|i| &open[i + attr.len()..])
                .map(|v| unescape(&v[..v.find('"').unwrap_or(v.len())]))
                .unwrap_or_default();
            let value = match (tag, page.join(&value)) {
                ("<form", Ok(u)) => shape(&u),
                _ => value,
            };
            parts.insert(format!("{}:{value}", &tag[1..]));
        }
    }
    // The language is a variant too: English words are longer.
    for (k, v) in page.query_pairs().filter(|(k, _)| k == "lang") {
        parts.insert(format!("{k}={v}"));
    }
    parts.into_iter().collect::<Vec<_>>().join(" ")
}

/// A path segment or query value that names a row (a number, a code such
/// as `SO-CT` or `LN.1`), as opposed to a word of the route.
fn is_id(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(|c| c.is_ascii_lowercase())
}

/// The URL with its row names replaced by `{}`: `/reports/{}/audit?value={}`.
pub fn shape(url: &Url) -> String {
    let path: Vec<String> = url
        .path_segments()
        .into_iter()
        .flatten()
        .map(|s| if is_id(s) { "{}".into() } else { s.to_string() })
        .collect();
    let mut query: Vec<String> = url
        .query_pairs()
        .map(|(k, v)| {
            if is_id(&v) {
                format!("{k}={{}}")
            } else {
                format!("{k}={v}")
            }
        })
        .collect();
    query.sort();
    let mut s = format!("/{}", path.join("/"));
    if !query.is_empty() {
        s.push('?');
        s.push_str(&query.join("&"));
    }
    s
}

/// The route behind a URL shape: the path alone, the same page template.
pub fn template(shape: &str) -> &str {
    shape.split('?').next().unwrap_or(shape)
}

/// The links of a page worth following: each shape's list whole when
/// short, else its first, middle and last rows.
fn pick(links: Vec<(Url, String)>) -> Vec<(Url, String)> {
    let mut by_shape: Vec<(String, Vec<(Url, String)>)> = Vec::new();
    for (url, text) in links {
        let sh = shape(&url);
        match by_shape.iter_mut().find(|(s, _)| *s == sh) {
            Some((_, list)) => list.push((url, text)),
            None => by_shape.push((sh, vec![(url, text)])),
        }
    }
    let mut out = Vec::new();
    for (_, mut list) in by_shape {
        if list.len() > SHORT_LIST {
            let (mid, last) = (list.len() / 2, list.len() - 1);
            list = [0, mid, last].iter().map(|&i| list[i].clone()).collect();
        }
        out.extend(list);
    }
    out
}

/// A link to follow: (URL, the page it is on, its words).
type Link = (String, String, String);

/// Follows links breadth-first from the home pages (see `pick` and the
/// bounds above for which ones).
pub async fn crawl(base: &str, http: &reqwest::Client, signed_in: bool) -> Vec<Visit> {
    let origin = Url::parse(base).expect("the server's address");
    // (new shapes, further samples): the first is emptied before the second.
    let mut queue: (VecDeque<Link>, VecDeque<Link>) = Default::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut per_shape: HashMap<String, usize> = HashMap::new();
    let mut visits: Vec<Visit> = Vec::new();
    let mut offer =
        |url: Url, from: &str, text: &str, queue: &mut (VecDeque<Link>, VecDeque<Link>)| {
            let mut key = url.path().to_string();
            if let Some(q) = url.query() {
                key = format!("{key}?{q}");
            }
            let n = per_shape.entry(shape(&url)).or_default();
            // Signing out is a form, never a link; skip it should a link appear.
            if url.origin() == origin.origin()
                && url.path() != "/logout"
                && *n < PER_SHAPE
                && seen.insert(key.clone())
            {
                *n += 1;
                let q = if *n == 1 { &mut queue.0 } else { &mut queue.1 };
                q.push_back((key, from.to_string(), text.to_string()));
            }
        };
    let seeds: &[&str] = if signed_in { &["/", "/home"] } else { &["/"] };
    for s in seeds {
        offer(origin.join(s).expect("a path"), "(start)", "", &mut queue);
    }
    while let Some((url, from, link_text)) = queue.0.pop_front().or_else(|| queue.1.pop_front()) {
        if visits.iter().filter(|v| v.html).count() >= MAX_PAGES {
            break;
        }
        let full = origin.join(&url).expect("a path");
        let r = http
            .get(full.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url} answers: {e}"));
        let status = r.status().as_u16();
        let html = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = if html {
            r.text().await.unwrap_or_default()
        } else {
            // A download is read to its end: a broken one fails midway.
            let _ = r.bytes().await.expect("the download arrives whole");
            String::new()
        };
        if let Some(loc) = location.and_then(|l| full.join(&l).ok()) {
            offer(loc, &url, "(redirect)", &mut queue);
        }
        let found = links(&body)
            .into_iter()
            .filter_map(|(href, text)| {
                let mut target = full.join(&href).ok()?;
                target.set_fragment(None);
                Some((target, text))
            })
            .collect();
        for (target, text) in pick(found) {
            offer(target, &url, &text, &mut queue);
        }
        visits.push(Visit {
            shape: shape(&full),
            url,
            status,
            html,
            shows_who: body.contains("class=\"who\""),
            variant: variant(&full, &body),
            from,
            link_text,
        });
    }
    visits
}

/// What a role met that a user would call broken: one line per shape and
/// fault, with how many links of that shape fail and the first of them.
pub fn defects(role: &str, signed_in: bool, visits: &[Visit]) -> Vec<String> {
    let mut grouped: Vec<(String, String, Vec<&Visit>)> = Vec::new();
    for v in visits {
        let deliberate = DELIBERATE
            .iter()
            .any(|(r, s, st, _)| *r == role && *s == v.shape && *st == v.status);
        let mut wrong = Vec::new();
        if v.status >= 400 && !deliberate {
            wrong.push(format!("answers {}", v.status));
        }
        if signed_in && v.html && !v.shows_who {
            wrong.push("does not show who is signed in".to_string());
        }
        if wrong.is_empty() {
            continue;
        }
        let wrong = wrong.join(" and ");
        match grouped
            .iter_mut()
            .find(|(s, w, _)| *s == v.shape && *w == wrong)
        {
            Some((_, _, list)) => list.push(v),
            None => grouped.push((v.shape.clone(), wrong, vec![v])),
        }
    }
    grouped
        .into_iter()
        .map(|(shape, wrong, list)| {
            let v = list[0];
            format!(
                "{role}: {shape} {wrong} ({} of them), first GET {} (link «{}» on {})",
                list.len(),
                v.url,
                v.link_text,
                v.from
            )
        })
        .collect()
}

/// Every table of the database (from its catalogue) with its row count and
/// a fingerprint of its content, so that an UPDATE shows as well as an INSERT.
async fn tables(url: &str) -> BTreeMap<String, (i64, u64)> {
    use sqlx::{Connection, Row};
    use std::hash::{Hash, Hasher};
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url)
        .await
        .expect("the database connects");
    let sqlite = url.starts_with("sqlite");
    let list = if sqlite {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    } else {
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()"
    };
    let names: Vec<String> = sqlx::query(list)
        .fetch_all(&mut conn)
        .await
        .expect("the catalogue lists the tables")
        .iter()
        .map(|r| r.try_get::<String, _>(0).expect("a name"))
        .collect();
    let mut out = BTreeMap::new();
    for name in names {
        let count: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM \"{name}\""
        )))
        .fetch_one(&mut conn)
        .await
        .expect("counted")
        .try_get(0)
        .expect("a count");
        // Table names come from the catalogue, never from input.
        let content = if sqlite {
            let cols: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT name FROM pragma_table_info('{name}')"
            )))
            .fetch_all(&mut conn)
            .await
            .expect("columns")
            .iter()
            .map(|r| {
                format!(
                    "quote(\"{}\")",
                    r.try_get::<String, _>(0).expect("a column")
                )
            })
            .collect();
            format!(
                "SELECT group_concat(x, '|') FROM (SELECT {} AS x FROM \"{name}\" ORDER BY 1)",
                cols.join("||','||")
            )
        } else {
            format!("SELECT string_agg(t::text, '|' ORDER BY t::text) FROM \"{name}\" t")
        };
        let text: Option<String> = sqlx::query(sqlx::AssertSqlSafe(content))
            .fetch_one(&mut conn)
            .await
            .expect("read whole")
            .try_get(0)
            .expect("text");
        let mut h = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut h);
        out.insert(name, (count, h.finish()));
    }
    let _ = conn.close().await;
    out
}

/// Tables that reading may change, with the reason: none may gain or lose a row.
const READ_TOUCHES: &[(&str, &str)] = &[(
    "sessions",
    "each request moves the session's idle expiry forward, so a person at work is not signed out",
)];

fn writes(
    before: &BTreeMap<String, (i64, u64)>,
    after: &BTreeMap<String, (i64, u64)>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (name, (count, hash)) in after {
        let (was_count, was_hash) = before.get(name).copied().unwrap_or((0, 0));
        if *count != was_count {
            out.push(format!(
                "table {name}: {was_count} rows before the crawl, {count} after"
            ));
        } else if *hash != was_hash && !READ_TOUCHES.iter().any(|(t, _)| t == name) {
            out.push(format!(
                "table {name}: same {count} rows, but their content changed"
            ));
        }
    }
    out
}

/// A table of what was visited, kept with the screenshots for a person.
fn log(tag: &str, all: &[(&str, Vec<Visit>)]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts directory");
    let mut s = String::new();
    for (role, visits) in all {
        for v in visits {
            s.push_str(&format!(
                "{role}\t{}\t{}\t{}\t«{}»\t{}\n",
                v.status, v.shape, v.url, v.link_text, v.from
            ));
        }
    }
    std::fs::write(dir.join(format!("crawl-{tag}.tsv")), s).expect("crawl log saved");
}

both_databases! {
    async fn every_role_follows_every_link_without_an_error_and_reading_changes_nothing(db) {
        let (app, password) = demo_app(&db).await;
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let mut clients = Vec::new();
        for (role, user) in ROLES {
            clients.push((*role, user.is_some(), client_for(&app.base, *user, &password).await));
        }
        let before = tables(&db.url).await;
        let mut all = Vec::new();
        let mut problems = Vec::new();
        for (role, signed_in, http) in &clients {
            let visits = crawl(&app.base, http, *signed_in).await;
            assert!(visits.len() > 5, "{role} reached more than the home page");
            problems.extend(defects(role, *signed_in, &visits));
            all.push((*role, visits));
        }
        log(tag, &all);
        let after = tables(&db.url).await;
        assert!(before.len() > 20, "the catalogue lists Xanh's tables");
        problems.extend(writes(&before, &after));
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }
}
