//! The dashboard at a glance, and explanations a department head reads: on
//! the sample data (2014–2018 closed, 2019 open), as a visitor sees them.

use crate::helpers::both_databases;
use crate::people::{field, sample, sample_consolidator};

/// The HTML of the element that opens with `id="{id}"`, up to `end`.
fn part<'a>(html: &'a str, id: &str, end: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("the page has #{id}"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The status classes of the indicator rows inside a piece of the page.
fn row_classes(html: &str) -> Vec<String> {
    html.split("<span class=\"status ")
        .skip(1)
        .filter_map(|s| s.split('"').next().map(str::to_string))
        .collect()
}

/// "Đã đạt: 3" parts of a bar's hover titles, as (label, count).
fn bar_titles(html: &str) -> Vec<(String, usize)> {
    let bar = &html[..html.find("</svg>").unwrap_or(html.len())];
    bar.split("<title>")
        .skip(1)
        .filter_map(|s| {
            let t = s.split("</title>").next()?;
            let (label, n) = t.rsplit_once(": ")?;
            Some((label.to_string(), n.parse().ok()?))
        })
        .collect()
}

/// The figures of a percentage written "59,72%" in a sentence, as numbers.
fn percents(sentence: &str) -> Vec<f64> {
    sentence
        .split('%')
        .filter_map(|s| {
            let tail: String = s
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            tail.replace('.', "").replace(',', ".").parse().ok()
        })
        .collect()
}

both_databases! {
    async fn each_objective_is_one_row_whose_stacked_bar_counts_its_indicators_statuses(db) {
        let (app, _, _) = sample(&db).await;
        let (status, html, _) = app.get("/dashboard?framework=kon-tum-598-2014&year=2018").await;
        assert_eq!(status, 200);
        let fw = xanh_core::framework::load(crate::helpers::BUILTIN).expect("valid").framework;
        let mut total = 0;
        for o in &fw.objectives {
            let block = part(&html, &format!("objective-{}", o.code), "</article>");
            let rows = row_classes(block);
            assert_eq!(rows.len(), o.indicators.len(), "objective {} lists each of its indicators once", o.code);
            total += rows.len();
            // The bar's parts add up to the rows below it, status by status.
            let bar = bar_titles(block);
            assert_eq!(bar.iter().map(|b| b.1).sum::<usize>(), rows.len(), "objective {}: {bar:?}", o.code);
            for (label, n) in &bar {
                let legend = format!("{label} <strong>{n}</strong>");
                assert!(block.contains(&legend), "objective {} says \"{legend}\" in words beside the colour", o.code);
            }
            assert!(block.matches("<svg class=\"spark\"").count() == o.indicators.len(), "a sparkline per indicator of {}", o.code);
        }
        // Forestry: forest cover needs acceleration, the land area has no target.
        let ln = bar_titles(part(&html, "objective-LN", "</article>"));
        assert_eq!(ln, vec![("Cần đẩy nhanh".to_string(), 1), ("Không có mục tiêu".to_string(), 1)]);
        // The year's total is every indicator, and the order runs from best to worst.
        let totals = bar_titles(part(&html, "totals", "</article>"));
        assert_eq!(totals.iter().map(|b| b.1).sum::<usize>(), total);
        let order = ["Đã đạt", "Đúng tiến độ", "Cần đẩy nhanh", "Tiến bộ hạn chế", "Thụt lùi", "Không đạt", "Chưa đến hạn", "Chưa đủ dữ liệu", "Chưa đánh giá", "Không có mục tiêu"];
        let places: Vec<usize> = totals.iter().map(|(l, _)| order.iter().position(|o| o == l).expect("a known status")).collect();
        assert!(places.windows(2).all(|w| w[0] < w[1]), "statuses in the fixed order: {totals:?}");
        // Statuses over the years: one bar per year, and details one click away.
        let history = part(&html, "history", "</article>");
        for y in 2014..=2019 {
            assert!(history.contains(&format!("href=\"/dashboard?year={y}&#38;framework=kon-tum-598-2014\"")), "the history has {y}");
        }
        assert!(html.contains("href=\"/indicators/LN.1?year=2018&#38;framework=kon-tum-598-2014\""));
        assert!(html.contains("href=\"/national\""), "the consolidation by area is linked");
        assert!(!html.contains("<table class=\"list\""), "no long table on the dashboard");
    }

    async fn an_indicator_without_a_target_is_never_on_track(db) {
        let (app, _, _) = sample(&db).await;
        let (_, html, _) = app.get("/dashboard?framework=kon-tum-598-2014&year=2018").await;
        let ln2 = part(&html, "indicator-LN.2", "</li>");
        assert_eq!(row_classes(ln2), vec!["no_target"]);
        assert!(ln2.contains(">Không có mục tiêu<"), "{ln2}");
        let (_, page, _) = app.get("/indicators/LN.2?framework=kon-tum-598-2014&year=2018").await;
        assert!(page.contains("id=\"status\">Không có mục tiêu"), "the indicator page says so");
        assert!(part(&page, "sentence", "</p>").contains("Không có mục tiêu định lượng"));
        let (_, district, _) = app.get("/units/H-DAKHA?framework=kon-tum-598-2014&year=2018").await;
        let row = &district[district.find("/indicators/LN.2").expect("the district's land area")..];
        assert!(row[..row.find("</tr>").unwrap_or(row.len())].contains("Không có mục tiêu"), "{row}");
        let (_, en, _) = app.get("/indicators/LN.2?framework=kon-tum-598-2014&year=2018&lang=en").await;
        assert!(en.contains("id=\"status\">No target") && !en.contains("id=\"status\">On track"));
    }

    async fn the_default_year_is_the_latest_closed_one_even_after_an_early_acceptance(db) {
        let (app, dpi, _) = sample_consolidator(&db).await;
        let (_, html, _) = app.get("/dashboard?framework=kon-tum-598-2014").await;
        assert!(html.contains("Tình hình thực hiện mục tiêu — 2018"), "2018 is the latest closed year");
        assert!(!html.contains("id=\"partial\""));
        // One agency's 2019 report is accepted while 2019 is still open.
        let periods = db.store.periods("kon-tum-598-2014").await.expect("periods");
        let p2019 = periods.iter().find(|p| p.code == "annual-2019").expect("2019");
        let report = db.store.reports_of_period(p2019.id).await.expect("reports")
            .into_iter().find(|r| r.unit_code == "SO-CT").expect("SO-CT's submitted report");
        let (_, page) = dpi.get(&app, &format!("/reports/{}", report.id)).await;
        let v = field(&page, "version").expect("version");
        assert_eq!(dpi.post(&app, &format!("/reports/{}/accept", report.id), &[("version", &v), ("confirmed", "yes")]).await.0, 303);
        let (_, html, _) = app.get("/dashboard?framework=kon-tum-598-2014").await;
        assert!(html.contains("Tình hình thực hiện mục tiêu — 2018"), "the public picture stays on the closed year");
        // 2019 can be chosen, and is marked as partial with how many reports are in.
        let (_, y2019, _) = app.get("/dashboard?framework=kon-tum-598-2014&year=2019").await;
        let note = part(&y2019, "partial", "</p>");
        assert!(note.contains("chưa khóa sổ") && note.contains("đã tiếp nhận 1/"), "{note}");
    }

    async fn the_plain_sentence_carries_the_figures_and_the_formula_waits_behind_how_it_is_computed(db) {
        let (app, _, _) = sample(&db).await;
        let (_, html, _) = app.get("/indicators/LN.1?framework=kon-tum-598-2014&year=2018").await;
        // The province's figures from the page's own table, rounded as shown.
        let table = part(&html, "values", "</table>");
        let province = table.split("<tr>").find(|r| r.contains("Toàn tỉnh")).expect("the province row");
        let cells: Vec<f64> = percents(province);
        assert_eq!(cells.len(), 5, "2014–2018: {province}");
        let (first, now) = (cells[0], cells[4]);
        let sentence = part(&html, "sentence", "</p>");
        let expected_start = format!("Năm 2018 đạt {}%; để đạt trên 65% vào năm 2020 cần tăng bình quân", xanh_core::display::number(now, xanh_core::Lang::Vi));
        assert!(sentence.contains(&expected_start), "{sentence}");
        assert!(sentence.contains("4 năm qua chỉ tăng"), "{sentence}");
        let rates = percents(sentence);
        let need = ((65.0 / now).powf(0.5) - 1.0) * 100.0;
        let seen = ((now / first).powf(0.25) - 1.0) * 100.0;
        assert!((rates[2] - need).abs() < 0.06, "rate needed {} vs {need}: {sentence}", rates[2]);
        assert!((rates[3] - seen).abs() < 0.06, "rate seen {} vs {seen}: {sentence}", rates[3]);
        // One rate needed on the page: the figure beside the sentence is the same.
        let shown = part(&html, "rate-needed", "</dd>");
        assert!(shown.contains(&format!("{}%", xanh_core::display::number(rates[2], xanh_core::Lang::Vi))), "{shown}");
        // The analyst's wording (ratio, thresholds) only inside "Cách tính".
        let method = part(&html, "method", "</details>");
        assert!(method.contains("Cách tính") && method.contains("tỷ lệ") && method.contains("0,95"));
        let outside = html.replace(method, "");
        assert!(!outside.contains("0,95 trở lên") && !outside.contains("tỷ lệ 0,"), "no ratio outside the disclosure");
        let (_, en, _) = app.get("/indicators/LN.1?framework=kon-tum-598-2014&year=2018&lang=en").await;
        assert!(part(&en, "sentence", "</p>").contains("reaching above 65% by 2020 needs an average rise of"));
    }

    async fn a_milestone_is_drawn_as_a_timeline_of_states_not_a_line(db) {
        let (app, _, _) = sample(&db).await;
        let (_, svg, headers) = app.get("/indicators/2.2.1/chart.svg?framework=kon-tum-598-2014&year=2018").await;
        assert!(headers["content-type"].to_str().expect("ascii").starts_with("image/svg+xml"));
        assert!(svg.contains("<title>2018: Chưa</title>") && svg.contains(">Hạn</text>"), "each year's state and the deadline");
        assert!(!svg.contains("<polyline") && !svg.contains("<path"), "no line through 0 and 1");
        let (_, html, _) = app.get("/dashboard?framework=kon-tum-598-2014&year=2018").await;
        let row = part(&html, "indicator-2.2.1", "</li>");
        assert!(row.contains("class=\"cell no\"") && !row.contains("<polyline"), "the sparkline is a row of years too");
        let (_, page, _) = app.get("/indicators/2.2.1?framework=kon-tum-598-2014&year=2018").await;
        assert!(page.contains("figure class=\"chart card timeline\""));
        assert!(!page.contains("0,0,0,1"));
        // A qualitative indicator with reported texts never says it has no figures.
        let (_, q, _) = app.get("/indicators/3.1?framework=kon-tum-598-2014&year=2018").await;
        assert!(q.contains("id=\"values\"") && !q.contains("Chưa có số liệu đã tiếp nhận"));
    }

    async fn public_unit_pages_keep_the_maintenance_notes_for_staff(db) {
        let (app, dpi, _) = sample_consolidator(&db).await;
        let note = "Chưa tìm được văn bản của tỉnh Kon Tum";
        let (_, public, _) = app.get("/units/SO-KHDT?framework=kon-tum-598-2014&year=2018").await;
        assert!(public.contains("Sở Kế hoạch và Đầu tư") && !public.contains(note));
        let (_, staff) = dpi.get(&app, "/units/SO-KHDT?framework=kon-tum-598-2014&year=2018").await;
        assert!(staff.contains(note), "the consolidator still sees them");
    }

    async fn the_dashboard_and_the_consolidation_by_area_agree_on_the_same_figures(db) {
        let (app, _, _) = sample(&db).await;
        let (status, national, _) = app.get("/national?period=annual-2018&framework=kon-tum-598-2014").await;
        assert_eq!(status, 200);
        assert!(!national.contains("insufficient_data:") && !national.contains("on_track:"), "words, not codes");
        let fw = xanh_core::framework::load(crate::helpers::BUILTIN).expect("valid").framework;
        let mut compared = 0;
        for (_, i) in fw.indicators().filter(|(_, i)| i.reported_by_units) {
            let (_, nat, _) = app.get(&format!("/national/indicators/{}?period=annual-2018&framework=kon-tum-598-2014", i.code)).await;
            let (_, ours, _) = app.get(&format!("/indicators/{}?framework=kon-tum-598-2014&year=2018", i.code)).await;
            let label = |html: &str, from: &str| {
                let s = part(html, from, "</p>");
                let s = &s[s.find("<span class=\"status ").expect("a status")..];
                s[s.find('>').expect("tag") + 1..s.find("</span>").expect("end")].to_string()
            };
            assert_eq!(label(&nat, "nation"), label(&ours, "status-line"), "indicator {}", i.code);
            compared += 1;
        }
        assert!(compared >= 3, "indicators reported by the districts are compared");
        // And the figures themselves: the national consolidation's value (kept
        // sums, the rule applied in core) is the dashboard's province figure
        // (aggregated from the values on each request), indicator by indicator.
        let json = |path: String| {
            let app = &app;
            async move {
                let r = app.client.get(format!("{}{path}", app.base)).send().await.expect("answers");
                assert_eq!(r.status(), 200, "{path}");
                r.json::<serde_json::Value>().await.expect("JSON")
            }
        };
        let national = json("/api/v1/national?framework=kon-tum-598-2014&period=annual-2018".into()).await;
        let assessment = json("/api/v1/assessment?framework=kon-tum-598-2014&year=2018".into()).await;
        let mut figures = 0;
        for (_, i) in fw.indicators().filter(|(_, i)| i.reported_by_units) {
            let nation = national["nation"]["indicators"].as_array().expect("indicators").iter()
                .find(|x| x["indicator"] == i.code.as_str()).expect("the indicator nationally")["value"].as_f64();
            let province = assessment["indicators"].as_array().expect("indicators").iter()
                .find(|x| x["code"] == i.code.as_str()).expect("the indicator on the dashboard")["province"]
                .as_array().expect("a series").iter().find(|f| f["year"] == 2018).and_then(|f| f["value"].as_f64());
            match (nation, province) {
                (Some(n), Some(p)) => {
                    assert!((n - p).abs() < 1e-6 * p.abs().max(1.0), "{}: national {n}, dashboard {p}", i.code);
                    figures += 1;
                }
                (None, None) => {}
                other => panic!("{}: one has a figure, the other not: {other:?}", i.code),
            }
        }
        assert!(figures >= 3, "figures compared: {figures}");
    }

    async fn the_assessment_api_says_what_the_indicator_pages_say_for_every_indicator(db) {
        // An integrator (the open-data portal, the national system) reads the
        // picture as data rather than scraping the pages: the same status, in
        // the same words, and the same sentence that explains it.
        let (app, _, _) = sample(&db).await;
        let r = app.client.get(format!("{}/api/v1/assessment?framework=kon-tum-598-2014&year=2018", app.base))
            .send().await.expect("answers");
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().await.expect("JSON");
        assert_eq!(body["framework"], "kon-tum-598-2014");
        assert_eq!(body["year"], 2018);
        assert_eq!(body["partial"], false, "2018 is closed");
        let indicators = body["indicators"].as_array().expect("indicators");
        let fw = xanh_core::framework::load(crate::helpers::BUILTIN).expect("valid").framework;
        assert_eq!(indicators.len(), fw.indicators().count(), "every indicator of the framework");
        let mut with_figures = 0;
        for i in indicators {
            let code = i["code"].as_str().expect("a code");
            let (_, page, _) = app.get(&format!("/indicators/{code}?framework=kon-tum-598-2014&year=2018")).await;
            let line = part(&page, "status-line", "</p>");
            let label = i["status_label"].as_str().expect("a label");
            assert!(line.contains(&format!(">{label}</span>")), "{code}: the page says {line}, the API {label}");
            let explanation = i["explanation"].as_str().expect("an explanation");
            assert!(!explanation.is_empty(), "{code} is explained");
            if let Some(units) = i["units"].as_array().filter(|u| !u.is_empty()) {
                with_figures += 1;
                let f = &units[0]["figures"][0];
                assert!(f["value"]["type"].is_string() && f["display"].is_string(), "{code}: a typed figure and its display: {f}");
            }
        }
        assert!(with_figures >= 5, "the sample's figures are there ({with_figures} indicators)");
        // Anyone may read it, and an unknown framework is a JSON 404.
        let r = app.client.get(format!("{}/api/v1/assessment?framework=no-such", app.base)).send().await.expect("answers");
        assert_eq!(r.status(), 404);
        let e: serde_json::Value = r.json().await.expect("JSON error");
        assert_eq!(e["error"]["code"], "not_found");
    }

    async fn the_national_api_gives_the_figures_the_consolidate_command_prints(db) {
        let (app, _, _) = sample(&db).await;
        let r = app.client.get(format!("{}/api/v1/national?framework=kon-tum-598-2014&period=annual-2018", app.base))
            .send().await.expect("answers");
        assert_eq!(r.status(), 200);
        let api: serde_json::Value = r.json().await.expect("JSON");
        assert_eq!(api["period"]["code"], "annual-2018");
        let out = crate::backup::command(&["consolidate", "--period", "annual-2018", "--framework", "kon-tum-598-2014", "--json"], &db.url).await;
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the command's JSON");
        let ours = api["nation"]["indicators"].as_array().expect("the nation's indicators");
        let theirs = cli["nation"]["indicators"].as_array().expect("the command's");
        assert_eq!(ours.len(), theirs.len());
        let mut with_value = 0;
        for (a, c) in ours.iter().zip(theirs) {
            assert_eq!(a["indicator"], c["indicator"]);
            assert_eq!(a["value"], c["value"], "{}: the same figure", a["indicator"]);
            assert_eq!(a["counted"], c["counted"]);
            assert!(a["status_label"].as_str().is_some_and(|l| !l.is_empty() && !l.contains('_')), "in words: {a}");
            with_value += usize::from(!a["value"].is_null());
        }
        assert!(with_value >= 3, "figures aggregated over the districts ({with_value})");
        assert_eq!(api["areas"].as_array().map(Vec::len), cli["areas"].as_array().map(Vec::len), "every area");
        let r = app.client.get(format!("{}/api/v1/national?framework=kon-tum-598-2014&period=annual-1999", app.base))
            .send().await.expect("answers");
        assert_eq!(r.status(), 404, "a period that does not exist");
    }

    async fn a_framework_is_chosen_by_its_plan_period_and_by_the_address(db) {
        // The sample data set holds both built-in plans: Kon Tum's (2011–2020) sorts
        // first by code, the new province's (2021–2030) holds today.
        let (app, _, _) = sample(&db).await;
        let (_, html, _) = app.get("/dashboard").await;
        assert!(html.contains("href=\"/dashboard?framework=quang-ngai-822-2023\" aria-current=\"page\""), "the framework in force is shown");
        let (_, old, _) = app.get("/dashboard?framework=kon-tum-598-2014&year=2018").await;
        assert!(old.contains("href=\"/dashboard?framework=kon-tum-598-2014\" aria-current=\"page\""));
        assert!(old.contains("href=\"/indicators/LN.1?year=2018&#38;framework=kon-tum-598-2014\""), "links keep the choice");
        let (_, ind, _) = app.get("/indicators/LN.1?year=2018&framework=kon-tum-598-2014").await;
        assert!(ind.contains("id=\"values\"") && !ind.contains("id=\"partial\""), "the chosen framework, whose 2018 is closed");
        // Links made when Kon Tum's was the only framework are sent on to it.
        let http = crate::crawl::client_for(&app.base, None, "").await;
        for (old_link, to) in [
            ("/indicators/LN.1", "/indicators/LN.1?framework=kon-tum-598-2014"),
            ("/dashboard?year=2018", "/dashboard?year=2018&framework=kon-tum-598-2014"),
            ("/units/SO-CT?year=2018", "/units/SO-CT?year=2018&framework=kon-tum-598-2014"),
            ("/indicators/1.1?year=2018", "/indicators/1.1?year=2018&framework=kon-tum-598-2014"),
        ] {
            let r = http.get(format!("{}{old_link}", app.base)).send().await.expect("answers");
            assert_eq!(r.status(), 307, "{old_link} is sent on");
            assert_eq!(r.headers()["location"].to_str().expect("text"), to);
        }
        // What the plan in force has stays where it is: its own 1.1, today's years.
        let r = http.get(format!("{}/indicators/1.1", app.base)).send().await.expect("answers");
        assert_eq!(r.status(), 200, "1.1 of the plan in force");
        let (status, _, _) = app.get("/indicators/NO-SUCH").await;
        assert_eq!(status, 404);
        let (_, open, _) = app.get("/indicators/2.3.1?year=2026").await;
        assert!(open.contains("id=\"partial\""), "the framework in force, whose 2026 is still open");
        let (_, unit, _) = app.get("/units/SO-CT?year=2018&framework=kon-tum-598-2014").await;
        assert!(unit.contains("Báo cáo năm 2018"));
        assert_eq!(app.get("/dashboard?framework=no-such").await.0, 404);
    }
}

/// The dashboard and an indicator page in a real browser, on a laptop and a
/// phone: screenshots for a person to look at, and nothing scrolls sideways.
mod browser {
    use super::*;
    use crate::harness::{DESKTOP, Driver, PHONE, overflow, shot};

    both_databases! {
        async fn the_dashboard_and_an_indicator_page_fit_a_laptop_and_a_phone(db) {
            let (app, _, _) = sample(&db).await;
            let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
            let driver = Driver::start();
            for width in [DESKTOP, PHONE] {
                // A browser of each width: headless Chromium cannot be resized below 500 px,
                // the harness emulates the phone's screen instead.
                let b = driver.browser(width).await;
                for (name, path) in [("dashboard-new-plan", "/dashboard"), ("dashboard", "/dashboard?framework=kon-tum-598-2014"), ("indicator", "/indicators/LN.1?framework=kon-tum-598-2014&year=2018"), ("milestone", "/indicators/2.2.1?framework=kon-tum-598-2014&year=2018"), ("national", "/national?period=annual-2018&framework=kon-tum-598-2014")] {
                    b.goto(&format!("{}{path}", app.base)).await.expect("page");
                    let o = overflow(&b).await;
                    assert!(!o.scrolls_sideways(), "{path} at {width} px scrolls sideways: {o:?}");
                    shot(&b, &format!("{tag}-glance-{name}-{width}")).await;
                }
                b.close().await.expect("browser closed");
            }
        }
    }
}
