//! Every kind of page each role reaches, opened in a real browser at a laptop's
//! and a phone's width: axe-core must find no serious or critical violation,
//! and nothing may scroll sideways. The pages are the ones the crawl
//! (`crawl.rs`) reached, one per page template and role.

use crate::crawl::{ROLES, Visit, client_for, crawl, demo_app, template};
use crate::harness::{DESKTOP, Driver, PHONE, axe, overflow, shot, sign_in};
use crate::helpers::both_databases;
use std::collections::BTreeSet;

/// One page of each template a role reached (error pages included: they
/// are pages a person reads too), leaving out downloads; one more for each
/// other set of forms on it (a draft report's grid of fields beside an
/// accepted one, a submitted one's return and accept buttons) or language;
/// and for a template over rows (`/indicators/{}`) the last row reached,
/// whose data may be longer than the first's.
fn sample(visits: &[Visit]) -> Vec<(Visit, String)> {
    let pages: Vec<&Visit> = visits.iter().filter(|v| v.html).collect();
    let mut out: Vec<(Visit, String)> = Vec::new();
    let add = |v: &Visit, out: &mut Vec<(Visit, String)>| {
        let t = template(&v.shape);
        let same = out.iter().filter(|(o, _)| template(&o.shape) == t).count();
        let name = if same == 0 {
            slug(t)
        } else {
            format!("{}-{}", slug(t), same + 1)
        };
        out.push((v.clone(), name));
    };
    for v in &pages {
        let t = template(&v.shape);
        let known = out.iter().any(|(o, _)| {
            template(&o.shape) == t
                && (o.variant == v.variant || (o.status == v.status && v.status >= 400))
        });
        if !known {
            add(v, &mut out);
        }
    }
    for (i, v) in pages.iter().enumerate().rev() {
        let t = template(&v.shape);
        let last_of_rows = t.contains("{}")
            && v.status < 400
            && !pages[i + 1..].iter().any(|w| template(&w.shape) == t);
        if last_of_rows && !out.iter().any(|(o, _)| o.url == v.url) {
            add(v, &mut out);
        }
    }
    out
}

/// A file name for a page template: `/reports/{}/audit` → `reports-id-audit`.
fn slug(template: &str) -> String {
    let words: Vec<String> = template
        .replace("{}", "id")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        "root".into()
    } else {
        words.join("-")
    }
}

/// The counts behind docs/accessibility.md, kept with the screenshots.
fn log(tag: &str, rows: &[String]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts directory");
    let mut s = String::from(
        "role\twidth\tstatus\ttemplate\tURL\taxe serious+critical\tscrollWidth/innerWidth\trules\n",
    );
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    std::fs::write(dir.join(format!("axe-{tag}.tsv")), s).expect("axe log saved");
}

both_databases! {
    async fn every_kind_of_page_passes_axe_and_fits_a_phone_for_every_role(db) {
        let (app, password) = demo_app(&db).await;
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        let mut problems = Vec::new();
        let mut rows = Vec::new();
        // A template in a state (the same forms on it) that another role's
        // visit has already checked is not checked again: only the role's
        // navigation would differ, and that is checked on its other pages.
        let mut checked: BTreeSet<(String, String)> = BTreeSet::new();
        for (role, user) in ROLES {
            let http = client_for(&app.base, *user, &password).await;
            let reached = sample(&crawl(&app.base, &http, user.is_some()).await);
            assert!(reached.len() > 2, "{role} reached several kinds of page");
            let key = |v: &Visit| (template(&v.shape).to_string(), v.variant.clone());
            let pages: Vec<(Visit, String)> = reached
                .into_iter()
                .enumerate()
                .filter(|(i, (v, _))| *i == 0 || !checked.contains(&key(v)))
                .map(|(_, p)| p)
                .collect();
            checked.extend(pages.iter().map(|(v, _)| key(v)));
            for width in [DESKTOP, PHONE] {
                let b = driver.browser(width).await;
                if let Some(user) = user {
                    sign_in(&b, &app.base, user, &password).await;
                }
                for (page, name) in &pages {
                    b.goto(&format!("{}{}", app.base, page.url)).await.expect("the page opens");
                    shot(&b, &format!("{tag}-{role}-{name}-{width}")).await;
                    let o = overflow(&b).await;
                    assert_eq!(o.inner_width, u64::from(width), "the window is {width} px wide");
                    if o.scrolls_sideways() {
                        problems.push(format!(
                            "{role} at {width} px: {} ({}) is {} px wide, the window {} px",
                            page.url, page.shape, o.scroll_width, o.inner_width
                        ));
                    }
                    // axe-core judges the page's markup, which is the same at
                    // both widths; it runs once, at the laptop's width, which
                    // halves the test's time. The phone's width is for overflow.
                    let found = if width == DESKTOP { axe(&b).await } else { Vec::new() };
                    for v in &found {
                        // A grid of 40 fields fails 40 times: name a few, count the rest.
                        let mut on = v.targets.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
                        if v.targets.len() > 3 {
                            on.push_str(&format!(" and {} more", v.targets.len() - 3));
                        }
                        problems.push(format!(
                            "{role} at {width} px: {} ({}): axe {} ({}) «{}» on {on}",
                            page.url, page.shape, v.rule, v.impact, v.help
                        ));
                    }
                    let rules: BTreeSet<&str> = found.iter().map(|v| v.rule.as_str()).collect();
                    rows.push(format!(
                        "{role}\t{width}\t{}\t{}\t{}\t{}\t{}/{}\t{}",
                        page.status,
                        template(&page.shape),
                        page.url,
                        found.iter().map(|v| v.targets.len()).sum::<usize>(),
                        o.scroll_width,
                        o.inner_width,
                        rules.into_iter().collect::<Vec<_>>().join(" ")
                    ));
                }
                b.close().await.expect("browser closed");
            }
        }
        log(tag, &rows);
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }
}

/// The checks themselves must be able to fail: a page with an unlabelled
/// field and a box wider than a phone is caught by both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_checks_catch_an_unlabelled_field_and_a_page_wider_than_a_phone() {
    let driver = Driver::start();
    let b = driver.browser(PHONE).await;
    b.goto("data:text/html;charset=utf-8,<!DOCTYPE html><html lang=vi><title>t</title><body style='margin:0'><main><h1>t</h1><input id=x><div style='width:600px'>rộng</div></main>")
        .await
        .expect("the page opens");
    let o = overflow(&b).await;
    assert_eq!(
        (o.scroll_width, o.inner_width),
        (600, 390),
        "the page is measured at a phone's width"
    );
    assert!(o.scrolls_sideways());
    let found = axe(&b).await;
    let label = found
        .iter()
        .find(|v| v.rule == "label")
        .expect("axe finds the unlabelled field");
    assert_eq!(
        (label.impact.as_str(), label.targets.clone()),
        ("critical", vec!["#x".to_string()])
    );
    b.close().await.expect("browser closed");
}
