//! Every kind of page each role reaches, opened in a real browser at a laptop's
//! and a phone's width: axe-core must find no serious or critical violation,
//! and nothing may scroll sideways. The pages are the ones the crawl
//! (`crawl.rs`) reached, one per page template and role.

use crate::crawl::{ROLES, Visit, client_for, crawl, demo_app, template};
use crate::harness::{DESKTOP, Driver, PHONE, axe, overflow, shot, sign_in};
use crate::helpers::both_databases;
use std::collections::BTreeSet;

/// One page of each template a role reached (error pages included: they
/// are pages a person reads too), leaving out downloads.
fn sample(visits: &[Visit]) -> Vec<Visit> {
    let mut seen = BTreeSet::new();
    visits
        .iter()
        .filter(|v| v.html && seen.insert(template(&v.shape).to_string()))
        .cloned()
        .collect()
}

fn slug(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "home".into() } else { s }
}

/// The counts behind docs/accessibility.md, kept with the screenshots.
fn log(tag: &str, rows: &[String]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts directory");
    let mut s = String::from("role\twidth\tstatus\tpage\taxe serious+critical\tscrollWidth/innerWidth\trules\n");
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
        for (role, user) in ROLES {
            let http = client_for(&app.base, *user, &password).await;
            let pages = sample(&crawl(&app.base, &http, user.is_some()).await);
            assert!(pages.len() > 2, "{role} reached several kinds of page");
            for width in [DESKTOP, PHONE] {
                let b = driver.browser(width).await;
                if let Some(user) = user {
                    sign_in(&b, &app.base, user, &password).await;
                }
                for page in &pages {
                    b.goto(&format!("{}{}", app.base, page.url)).await.expect("the page opens");
                    shot(&b, &format!("{tag}-{role}-{}-{width}", slug(template(&page.shape)))).await;
                    let o = overflow(&b).await;
                    assert_eq!(o.inner_width, u64::from(width), "the window is {width} px wide");
                    if o.scrolls_sideways() {
                        problems.push(format!(
                            "{role} at {width} px: {} ({}) is {} px wide, the window {} px",
                            page.url, page.shape, o.scroll_width, o.inner_width
                        ));
                    }
                    let found = axe(&b).await;
                    for v in &found {
                        problems.push(format!(
                            "{role} at {width} px: {} ({}): axe {} ({}) «{}» on {}",
                            page.url, page.shape, v.rule, v.impact, v.help, v.targets.join(", ")
                        ));
                    }
                    let rules: BTreeSet<&str> = found.iter().map(|v| v.rule.as_str()).collect();
                    rows.push(format!(
                        "{role}\t{width}\t{}\t{}\t{}\t{}/{}\t{}",
                        page.status,
                        template(&page.shape),
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
