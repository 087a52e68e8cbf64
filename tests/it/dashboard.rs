//! The province's picture: public pages show accepted figures only; the
//! consolidator previews submitted ones; statuses come from the data.

use crate::helpers::{TestApp, both_databases, xanh};
use crate::people::{field, login, round};

/// Every public page of the picture, for every year and indicator.
async fn public_pages(app: &TestApp) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let anonymous = crate::people::client();
    let fw = xanh_core::framework::load(crate::helpers::BUILTIN)
        .expect("valid")
        .framework;
    let mut paths: Vec<String> = vec![
        "/".into(),
        "/dashboard?framework=kon-tum-598-2014".into(),
        "/api/frameworks/kon-tum-598-2014".into(),
    ];
    for year in 2014..=2020 {
        paths.push(format!(
            "/dashboard?framework=kon-tum-598-2014&year={year}&preview=1"
        ));
    }
    for (_, i) in fw.indicators() {
        paths.push(format!(
            "/indicators/{}?framework=kon-tum-598-2014&year=2019&preview=1",
            i.code
        ));
        paths.push(format!(
            "/indicators/{}/chart.svg?framework=kon-tum-598-2014&year=2019&preview=1",
            i.code
        ));
    }
    for p in paths {
        let body = anonymous
            .get(format!("{}{p}", app.base))
            .send()
            .await
            .expect("answers")
            .text()
            .await
            .expect("body");
        pages.push((p, body));
    }
    pages
}

both_databases! {
    async fn the_public_pages_show_no_draft_and_no_unaccepted_figure(db) {
        let round = round(db).await;
        let app = &round.app;
        let ct = login(app, "ct").await;
        let (_, location) = ct.post(app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let report: i64 = location.trim_start_matches("/reports/").parse().expect("id");
        let (_, html) = ct.get(app, &location).await;
        let v = field(&html, "version").expect("version");
        // A draft with distinctive figures and text…
        assert_eq!(ct.post(app, &format!("/reports/{report}/save"), &[
            ("version", &v), ("v:1.1:UBND-TINH", "77,77"), ("t:1:results", "BẢN-NHÁP-BÍ-MẬT"),
        ]).await.0, 303);
        // …and another agency's report submitted but not accepted.
        let xd = login(app, "xd").await;
        let (_, location) = xd.post(app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let other: i64 = location.trim_start_matches("/reports/").parse().expect("id");
        let (_, html) = xd.get(app, &location).await;
        let v = field(&html, "version").expect("version");
        assert_eq!(xd.post(app, &format!("/reports/{other}/save"), &[("version", &v), ("v:2.2.3:UBND-TINH", "88,88")]).await.0, 303);
        let (_, html) = xd.get(app, &location).await;
        let v = field(&html, "version").expect("version");
        assert_eq!(xd.post(app, &format!("/reports/{other}/submit"), &[("version", &v)]).await.0, 303);

        for (path, body) in public_pages(app).await {
            for secret in ["77,77", "77.77", "BẢN-NHÁP-BÍ-MẬT", "88,88", "88.88"] {
                assert!(!body.contains(secret), "{path} shows {secret}");
            }
        }
        // The consolidator's preview shows the submitted figure, marked, and never the draft.
        let dpi = login(app, "dpi").await;
        let (_, preview) = dpi.get(app, "/indicators/2.2.3?framework=kon-tum-598-2014&year=2019&preview=1").await;
        assert!(preview.contains("88,88") && preview.contains("XEM TRƯỚC"), "the preview includes submitted figures, clearly marked");
        let (_, preview) = dpi.get(app, "/indicators/1.1?framework=kon-tum-598-2014&year=2019&preview=1").await;
        assert!(!preview.contains("77,77"), "a draft is never in a preview");
        let (_, plain) = dpi.get(app, "/indicators/2.2.3?framework=kon-tum-598-2014&year=2019").await;
        assert!(!plain.contains("88,88"), "without preview, accepted figures only");
    }

    async fn the_sample_data_gives_every_page_of_the_picture_with_computed_statuses(db) {
        let out = xanh(&["demo"], &[("XANH_DATABASE_URL", db.url.as_str())]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let app = TestApp::start(db.store.clone()).await;
        let (status, html, _) = app.get("/dashboard?framework=kon-tum-598-2014").await;
        assert_eq!(status, 200);
        assert!(html.contains("Tình hình thực hiện mục tiêu — 2018"), "the latest year with accepted figures");
        // Forest cover in the sample data rises 55,6 → 59,7 (2014–2018): too slowly for > 65 by 2020.
        let (_, ln, _) = app.get("/indicators/LN.1?framework=kon-tum-598-2014&year=2018").await;
        assert!(ln.contains("id=\"status\">Cần đẩy nhanh"), "LN.1 needs acceleration");
        assert!(ln.contains("Tốc độ cần đạt mỗi năm"));
        assert!(ln.contains("/indicators/LN.1/chart.svg"));
        let (status, svg, headers) = app.get("/indicators/LN.1/chart.svg?framework=kon-tum-598-2014&year=2018").await;
        assert_eq!(status, 200);
        assert!(headers["content-type"].to_str().expect("ascii").starts_with("image/svg+xml"));
        assert!(svg.contains("<svg") && svg.contains("Mục tiêu"), "a chart with its legend");
        // An all-from target with a year below 100% after its start is a breach, shown as such.
        let (_, all_from, _) = app.get("/indicators/4.3?framework=kon-tum-598-2014&year=2018").await;
        assert!(all_from.contains("id=\"status\">Có năm không đạt"));
        // A qualitative indicator is never computed: unrated (3.2; the sample data rate 3.1), it says so.
        let (_, q, _) = app.get("/indicators/3.2?framework=kon-tum-598-2014&year=2018").await;
        assert!(q.contains("id=\"status\">Chưa đánh giá"));
        let (status, _, _) = app.get("/indicators/NO-SUCH?framework=kon-tum-598-2014").await;
        assert_eq!(status, 404);
    }

    async fn the_consolidator_rates_a_qualitative_indicator_with_a_justification(db) {
        let round = round(db).await;
        let app = &round.app;
        let dpi = login(app, "dpi").await;
        let (status, location) = dpi.post(app, "/indicators/3.1/rating", &[("framework", "kon-tum-598-2014"), ("year", "2019"), ("rating", "partly_achieved"), ("justification", "")]).await;
        assert_eq!(status, 303);
        let (_, html) = dpi.get(app, &location).await;
        assert!(html.contains("Cần ghi lý do đánh giá"), "a rating needs its justification");
        let (status, _) = dpi.post(app, "/indicators/3.1/rating", &[("framework", "kon-tum-598-2014"),
            ("year", "2019"), ("rating", "partly_achieved"), ("justification", "Mới có 40% số xã có tổ thu gom rác (mẫu thử)."),
        ]).await;
        assert_eq!(status, 303);
        let anonymous = crate::people::client();
        let public = anonymous.get(format!("{}/indicators/3.1?year=2019", app.base)).send().await.expect("answers").text().await.expect("body");
        assert!(public.contains("id=\"status\">Đạt một phần"), "the rating is shown as the status");
        assert!(public.contains("Mới có 40% số xã"), "with its justification");
        assert!(!public.contains("id=\"rate\""), "the public cannot rate");
        let ct = login(app, "ct").await;
        assert_eq!(ct.post(app, "/indicators/3.1/rating", &[("framework", "kon-tum-598-2014"), ("year", "2019"), ("rating", "achieved"), ("justification", "Tự đánh giá của Sở")]).await.0, 403);
        assert_eq!(dpi.post(app, "/indicators/LN.1/rating", &[("framework", "kon-tum-598-2014"), ("year", "2019"), ("rating", "achieved"), ("justification", "Không phải định tính")]).await.0, 404, "only qualitative indicators are rated");
    }

    async fn unit_pages_show_an_agencys_objectives_and_a_districts_own_figures(db) {
        let out = xanh(&["demo"], &[("XANH_DATABASE_URL", db.url.as_str())]);
        assert!(out.status.success());
        let app = TestApp::start(db.store.clone()).await;
        let (_, dash, _) = app.get("/dashboard?framework=kon-tum-598-2014&year=2018").await;
        assert!(dash.contains("href=\"/units/SO-CT?year=2018&#38;framework=kon-tum-598-2014\""), "the overview links each agency");
        assert!(dash.contains("Đã tiếp nhận"), "and says whether its report was accepted");
        let (status, ct, _) = app.get("/units/SO-CT?framework=kon-tum-598-2014&year=2018").await;
        assert_eq!(status, 200);
        assert!(ct.contains("Sở Công thương") && ct.contains("1.1"), "the agency's objective and indicators");
        assert!(ct.contains("Báo cáo năm 2018") && !ct.contains("Đã gửi"), "the public sees accepted reports only");
        let (_, district, _) = app.get("/units/H-DAKHA?framework=kon-tum-598-2014&year=2018").await;
        assert!(district.contains("LN.1") && district.contains("id=\"unit-values\""), "a district's own forest cover");
        let (status, _, _) = app.get("/units/NO-SUCH?framework=kon-tum-598-2014").await;
        assert_eq!(status, 404);
    }
}
