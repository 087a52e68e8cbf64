//! An agency's sent report, digitally signed by the agency (Decree 09/2019):
//! its head through the digest protocol (API), then its records office by
//! hand on the report's page, each with a key Xanh never sees (made here by
//! a test CA). Judged by outside tools: pdfsig and pyHanko find both
//! signatures valid; `/verify` and `xanh verify` recognise the file as the
//! report the agency sent; a changed copy is broken for all of them.

use crate::helpers::both_databases;
use crate::people::{Person, field, login, own_report, round};
use crate::signing::{person_key, sign_digest, test_pki, tool, verify_page};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;

async fn version(app: &crate::helpers::TestApp, who: &Person, report: i64) -> String {
    let (_, html) = who.get(app, &format!("/reports/{report}")).await;
    field(&html, "version").expect("the report page carries its version")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

both_databases! {
    async fn an_agencys_sent_report_is_signed_by_its_head_then_its_office_and_every_checker_recognises_it(db) {
        let dir = tempfile::tempdir().expect("a directory");
        let (ca, _, _) = test_pki(dir.path());
        person_key(dir.path(), "head", "/CN=Tran Van B/O=So Cong thuong/C=VN");
        person_key(dir.path(), "office", "/CN=So Cong thuong/O=So Cong thuong/C=VN");
        let round = round(db).await;
        let app = &round.app;
        let (ct, xd, dpi) = (login(app, "ct").await, login(app, "xd").await, login(app, "dpi").await);
        let report = own_report(&round, &ct).await;
        let path = format!("/reports/{report}");
        let v = version(app, &ct, report).await;
        let (status, _) = ct.post(app, &format!("{path}/save"), &[
            ("version", &v), ("v:1.1:UBND-TINH", "65,5"), ("v:1.2:UBND-TINH", "34,25"),
            ("v:1.3:UBND-TINH", "9,5"), ("v:1.4:UBND-TINH", "42"),
            ("t:1:results", "Đã tổ chức 12 lớp tập huấn về sản xuất sạch hơn."),
        ]).await;
        assert_eq!(status, 303);
        let prepare = format!("/api/v1/reports/{report}/signature/prepare");
        let give = format!("/api/v1/reports/{report}/signature");

        // A draft is still being changed: nothing to sign yet, said in words.
        let (status, body) = ct.api(app, Method::POST, &prepare, Some(serde_json::json!({"signer": "Trần Văn B"}))).await;
        assert_eq!(status, 422, "{body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("Chỉ ký số báo cáo đã gửi")), "{body}");
        let v = version(app, &ct, report).await;
        assert_eq!(ct.post(app, &format!("{path}/submit"), &[("version", &v)]).await.0, 303);

        // Only the agency's officers sign for it.
        let (status, _) = xd.api(app, Method::POST, &prepare, Some(serde_json::json!({"signer": "X"}))).await;
        assert_eq!(status, 404, "another agency does not even see the report");
        let (status, _) = dpi.api(app, Method::POST, &prepare, Some(serde_json::json!({"signer": "X"}))).await;
        assert_eq!(status, 403, "the consolidator reads the report but does not sign for the agency");
        let (status, body) = ct.api(app, Method::POST, &prepare, Some(serde_json::json!({"signer": "  "}))).await;
        assert_eq!(status, 422, "a signer without a name: {body}");

        // The head signs through the digest, the only thing Xanh gives out.
        let (status, body) = ct.api(app, Method::POST, &prepare, Some(serde_json::json!({"signer": "Trần Văn B"}))).await;
        assert_eq!(status, 200, "{body}");
        let digest = STANDARD.decode(body["digest_base64"].as_str().expect("the digest")).expect("base64");
        assert_eq!(body["digest_hex"].as_str(), Some(hex(&digest).as_str()));
        let (_, page) = ct.get(app, &path).await;
        assert!(page.contains(&format!("id=\"digest\">{}</code>", hex(&digest))), "the page shows the same digest");
        let wrong = sign_digest(&[7u8; 32], dir.path(), "head");
        let (status, body) = ct.api(app, Method::PUT, &give, Some(serde_json::json!({"cms_base64": STANDARD.encode(&wrong)}))).await;
        assert_eq!(status, 422, "a signature over another digest is refused: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("không ký đúng báo cáo")), "{body}");
        let cms = sign_digest(&digest, dir.path(), "head");
        let (status, body) = ct.api(app, Method::PUT, &give, Some(serde_json::json!({"cms_base64": STANDARD.encode(&cms)}))).await;
        assert_eq!(status, 200, "{body}");
        let pdf_url = format!("{}{path}/report.pdf", app.base);
        let first: Vec<u8> = ct.http.get(&pdf_url).send().await.expect("answers").bytes().await.expect("the PDF").to_vec();

        // Then its records office, by hand on the page: prepare, then upload the .p7s.
        let (status, _) = ct.post(app, &format!("{path}/prepare-signature"), &[("signer", "Sở Công thương")]).await;
        assert_eq!(status, 303);
        let (_, page) = ct.get(app, &path).await;
        let shown = page.split("id=\"digest\">").nth(1).and_then(|r| r.split('<').next()).expect("the digest on the page").to_string();
        let digest: Vec<u8> = (0..shown.len()).step_by(2).map(|i| u8::from_str_radix(&shown[i..i + 2], 16).expect("hex")).collect();
        // The wrong file is refused on the report's own page, where the digest still waits.
        let form = reqwest::multipart::Form::new()
            .text("csrf", ct.csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(b"khong phai chu ky".to_vec()).file_name("nham.p7s"));
        let r = ct.http.post(format!("{}{path}/signature", app.base)).multipart(form).send().await.expect("answers");
        assert_eq!(r.status(), 422);
        let refused = r.text().await.expect("the page");
        assert!(refused.contains("Tệp không phải chữ ký CMS") && refused.contains(&format!("id=\"digest\">{shown}</code>")), "the report's page says why, the digest still there");
        let form = reqwest::multipart::Form::new()
            .text("csrf", ct.csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(sign_digest(&digest, dir.path(), "office")).file_name("van-thu.p7s"));
        let r = ct.http.post(format!("{}{path}/signature", app.base)).multipart(form).send().await.expect("answers");
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let (_, page) = dpi.get(app, &path).await;
        assert!(page.contains("Báo cáo đã gửi được ký số bởi: <strong>Trần Văn B; Sở Công thương</strong>"), "the consolidator reads who signed, in order");
        assert!(!page.contains("id=\"prepare-signature\""), "and is offered no signing");
        let driver = crate::harness::Driver::start();
        let tag = if round.db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        for width in [crate::harness::DESKTOP, crate::harness::PHONE] {
            let b = driver.browser(width).await;
            crate::harness::sign_in(&b, &app.base, "dpi", crate::people::PASSWORD).await;
            b.goto(&format!("{}{path}", app.base)).await.expect("the report");
            crate::harness::wait_for(&b, fantoccini::Locator::Id("signing-state"), "who signed").await;
            b.execute("document.getElementById('signing').scrollIntoView({block: 'start'})", vec![]).await.expect("scrolled");
            assert!(!crate::harness::overflow(&b).await.scrolls_sideways(), "the signed report at {width} px scrolls sideways");
            let found = crate::harness::axe(&b).await;
            assert!(found.is_empty(), "the signed report at {width} px: {found:#?}");
            crate::harness::shot(&b, &format!("{tag}-agency-signed-{width}")).await;
            b.close().await.expect("closed");
        }

        // The file served is the one signed, to everyone who reads the report.
        let signed: Vec<u8> = dpi.http.get(&pdf_url).send().await.expect("answers").bytes().await.expect("the PDF").to_vec();
        let again: Vec<u8> = ct.http.get(&pdf_url).send().await.expect("answers").bytes().await.expect("the PDF").to_vec();
        assert_eq!(signed, again, "served byte for byte as kept");
        assert!(signed.starts_with(&first), "the office's signature is an incremental update over the head's");
        let file = dir.path().join("sent.pdf");
        std::fs::write(&file, &signed).expect("written");
        let file = file.to_str().expect("utf-8");
        let (ok, said) = tool("pdfsig", &[file]);
        assert!(ok && said.matches("Signature is Valid").count() == 2, "pdfsig, both signatures: {said}");
        assert!(said.contains("Tran Van B") && said.contains("Total document signed"), "the head, then the office over the whole file: {said}");
        let (ok, said) = tool("pyhanko", &["sign", "validate", "--pretty-print", "--trust-replace", "--trust", ca.to_str().expect("utf-8"), file]);
        assert!(ok && said.contains("The signer's certificate is trusted.") && said.contains("The signature is judged VALID."), "pyHanko: {said}");

        // /verify and `xanh verify` name it as the report the agency sent.
        let said = verify_page(app, signed.clone()).await;
        assert!(said.contains("Các chữ ký số còn nguyên vẹn"), "{said}");
        assert!(said.contains("Đây đúng là báo cáo đã gửi qua Xanh: báo cáo của Sở Công thương năm 2019") && said.contains(&format!("href=\"/reports/{report}\"")), "{said}");
        let out = crate::backup::command(&["verify", file], &round.db.url).await;
        let cli = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success() && cli.contains("exactly the report sent: Sở Công thương năm 2019"), "{cli}");
        let mut changed = signed.clone();
        let at = changed.windows(7).position(|w| w == b"/Length").expect("a stream") + 2;
        changed[at] ^= 0x20;
        let broken = dir.path().join("changed.pdf");
        std::fs::write(&broken, &changed).expect("written");
        let broken = broken.to_str().expect("utf-8");
        let (_, said) = tool("pdfsig", &[broken]);
        assert!(!said.contains("Signature is Valid"), "pdfsig on the changed copy: {said}");
        let (_, said) = tool("pyhanko", &["sign", "validate", "--pretty-print", "--trust-replace", "--trust", ca.to_str().expect("utf-8"), broken]);
        assert!(!said.contains("judged VALID"), "pyHanko on the changed copy: {said}");
        let said = verify_page(app, changed).await;
        assert!(said.contains("VĂN BẢN ĐÃ BỊ SỬA") && !said.contains("Đây đúng là báo cáo đã gửi"), "{said}");

        // Every step is in the chain, and the chain holds.
        let trail = round.db.store.audit_trail("report", &report.to_string()).await.expect("the trail");
        for action in ["keep_document", "prepare_signature", "sign"] {
            assert!(trail.iter().any(|r| r.action == action), "{action} is in the trail");
        }
        let out = crate::backup::command(&["audit", "verify"], &round.db.url).await;
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));

        // Returned and sent again: a new submission to sign; the signed one stays recognised.
        let v = version(app, &dpi, report).await;
        assert_eq!(dpi.post(app, &format!("{path}/return"), &[("version", &v), ("reason", "Bổ sung nguồn số liệu")]).await.0, 303);
        let (_, page) = ct.get(app, &path).await;
        assert!(!page.contains("id=\"signing\""), "a returned report has nothing to sign");
        let v = version(app, &ct, report).await;
        assert_eq!(ct.post(app, &format!("{path}/submit"), &[("version", &v)]).await.0, 303);
        let (_, page) = ct.get(app, &path).await;
        assert!(page.contains("Báo cáo đã gửi chưa được ký số."), "the new submission is not signed yet");
        let fresh: Vec<u8> = ct.http.get(&pdf_url).send().await.expect("answers").bytes().await.expect("the PDF").to_vec();
        assert_ne!(fresh, signed, "the new submission is not the old signed file");
        assert!(verify_page(app, signed).await.contains("Đây đúng là báo cáo đã gửi qua Xanh"), "the earlier signed file is still recognised");

        // The officer's signing section, walked in a browser at both widths.
        let (status, _) = ct.api(app, Method::POST, &prepare, Some(serde_json::json!({"signer": "Trần Văn B"}))).await;
        assert_eq!(status, 200);
        for width in [crate::harness::DESKTOP, crate::harness::PHONE] {
            let b = driver.browser(width).await;
            crate::harness::sign_in(&b, &app.base, "ct", crate::people::PASSWORD).await;
            b.goto(&format!("{}{path}", app.base)).await.expect("the report");
            crate::harness::wait_for(&b, fantoccini::Locator::Id("digest"), "the digest to sign").await;
            b.execute("document.getElementById('signing').scrollIntoView({block: 'start'})", vec![]).await.expect("scrolled");
            assert!(!crate::harness::overflow(&b).await.scrolls_sideways(), "the signing section at {width} px scrolls sideways");
            let found = crate::harness::axe(&b).await;
            assert!(found.is_empty(), "the signing section at {width} px: {found:#?}");
            crate::harness::shot(&b, &format!("{tag}-agency-signing-{width}")).await;
            b.close().await.expect("closed");
        }
    }
}
