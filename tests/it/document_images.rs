//! The seal and the signature on an issued electronic document (Decree
//! 30/2020, Appendix I): the administrator uploads them (a file that is not
//! a usable PNG is refused in words), the next issued report carries both in
//! its signing space (poppler's pdfimages lists them; the page is rendered
//! with pdftoppm for a person to look at), and a report issued before keeps
//! the PDF it was issued with.

use crate::helpers::both_databases;
use crate::people::{field, login_with};
use std::process::Command;

const SEAL: &[u8] = include_bytes!("../fixtures/sample-seal.png");
const SIGNATURE: &[u8] = include_bytes!("../fixtures/sample-signature.png");

async fn upload(
    http: &reqwest::Client,
    base: &str,
    csrf: &str,
    kind: &str,
    name: &str,
    file: &[u8],
) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .text("kind", kind.to_string())
        .text("name", name.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(file.to_vec()).file_name("image.png"),
        );
    let r = http
        .post(format!("{base}/admin/document-images"))
        .multipart(form)
        .send()
        .await
        .expect("answers");
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

/// The raster images of a PDF as poppler lists them: (width, height).
fn images(pdf: &[u8], dir: &std::path::Path, name: &str) -> Vec<(u32, u32)> {
    let path = dir.join(name);
    std::fs::write(&path, pdf).expect("saved");
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages (poppler-utils) runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c.get(2) == Some(&"image"))
                .then(|| (c[3].parse().unwrap_or(0), c[4].parse().unwrap_or(0)))
        })
        .collect()
}

both_databases! {
    async fn an_issued_report_carries_the_uploaded_seal_over_the_signers_signature(db) {
        let (app, password, p2018) = crate::people::sample(&db).await;
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/pdf");
        std::fs::create_dir_all(&dir).expect("artifacts");
        let earlier = db.store.provincial_reports(Some(p2018)).await.expect("versions").into_iter().find(|r| r.state.as_str() == "issued").expect("the sample's issued 2018 report").id;
        let before = reqwest::get(format!("{}/provincial-reports/{earlier}/pdf", app.base)).await.expect("pdf").bytes().await.expect("bytes");

        let admin = login_with(&app, "demo-admin", &password).await;
        let dpi = login_with(&app, "demo-khdt", &password).await;
        assert_eq!(dpi.get(&app, "/admin/document-images").await.0, 403, "only the administrator");
        let (s, page) = admin.get(&app, "/admin/document-images").await;
        assert_eq!(s, 200);
        assert!(page.contains("Nghị định 30/2020/NĐ-CP"), "the page says what the images are for");

        // Refused in words: not a PNG; a signature without its signer.
        let (s, body) = upload(&admin.http, &app.base, &admin.csrf, "seal", "", b"%PDF-1.7 not an image").await;
        assert_eq!(s, 422);
        assert!(body.contains("Tệp không dùng được: cần ảnh PNG nền trong suốt"), "{body}");
        let (s, body) = upload(&admin.http, &app.base, &admin.csrf, "signature", "  ", SIGNATURE).await;
        assert_eq!(s, 422);
        assert!(body.contains("Ghi họ tên người ký"), "{body}");
        let mut broken = SEAL.to_vec();
        broken.truncate(120);
        let (s, _) = upload(&admin.http, &app.base, &admin.csrf, "seal", "", &broken).await;
        assert_eq!(s, 422, "a cut-off PNG is refused before it could stop an issue");
        assert!(db.store.setting("image.seal").await.expect("read").is_none(), "nothing kept");

        assert_eq!(upload(&admin.http, &app.base, &admin.csrf, "seal", "", SEAL).await.0, 303);
        assert_eq!(upload(&admin.http, &app.base, &admin.csrf, "signature", "Nguyễn Văn A", SIGNATURE).await.0, 303);
        let (_, page) = admin.get(&app, "/admin/document-images").await;
        assert!(page.contains("id=\"seal-image\"") && page.contains("Chữ ký: Nguyễn Văn A"));

        // A new version of the 2018 report, issued and signed by Nguyễn Văn A.
        let (status, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        assert_eq!(status, 303, "{location}");
        let (_, page) = dpi.get(&app, &location).await;
        let version = field(&page, "version").expect("a revision");
        let issue = [("number", "21/BC-UBND"), ("date", "22/01/2019"), ("signer", "Nguyễn Văn A")];
        let mut first = vec![("version", version.as_str())];
        first.extend(issue);
        let (_, page) = dpi.post(&app, &format!("{location}/issue"), &first).await;
        let confirmed = field(&page, "version").expect("the confirmation");
        let mut second = vec![("version", confirmed.as_str()), ("confirm", "yes")];
        second.extend(issue);
        assert_eq!(dpi.post(&app, &format!("{location}/issue"), &second).await.0, 303);
        let id = location.trim_start_matches("/provincial-reports/");
        let pdf = reqwest::get(format!("{}/provincial-reports/{id}/pdf", app.base)).await.expect("pdf").bytes().await.expect("bytes");
        let found = images(&pdf, &dir, &format!("{tag}-issued-with-seal.pdf"));
        assert!(found.contains(&(300, 300)), "the seal is in the issued PDF: {found:?}");
        assert!(found.contains(&(400, 160)), "and the signer's signature: {found:?}");
        // The recipients, the signer's title and name share one page: the
        // signing block is never split (it was, before, when it met a page end).
        let pdf_path = dir.join(format!("{tag}-issued-with-seal.pdf"));
        let pages = Command::new("pdfinfo").arg(&pdf_path).output().expect("pdfinfo");
        let count: u32 = String::from_utf8_lossy(&pages.stdout).lines().find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap_or(0))).expect("a page count");
        let signing_pages: Vec<u32> = (1..=count).filter(|n| {
            let out = Command::new("pdftotext").args(["-f", &n.to_string(), "-l", &n.to_string()]).arg(&pdf_path).arg("-").output().expect("pdftotext");
            let text = String::from_utf8_lossy(&out.stdout).to_string();
            text.contains("Nơi nhận") || text.contains("Nguyễn Văn A")
        }).collect();
        assert_eq!(signing_pages.len(), 1, "the signing block on one page: {signing_pages:?}");
        // The page with the signing space, for a person to look at.
        let out = Command::new("pdftoppm").args(["-r", "70", "-png"]).arg(dir.join(format!("{tag}-issued-with-seal.pdf"))).arg(dir.join(format!("{tag}-issued-with-seal"))).output().expect("pdftoppm");
        assert!(out.status.success());

        // The report issued before the images keeps its PDF, byte for byte.
        let after = reqwest::get(format!("{}/provincial-reports/{earlier}/pdf", app.base)).await.expect("pdf").bytes().await.expect("bytes");
        assert_eq!(before, after, "history is not rewritten");
        assert!(!images(&after, &dir, &format!("{tag}-issued-before.pdf")).contains(&(300, 300)));
    }
}
