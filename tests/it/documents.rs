//! Official documents: the provincial report rendered to PDF and read back
//! with poppler's pdftotext, Vietnamese diacritics intact.

use crate::helpers::both_databases;
use std::process::Command;

/// The sample data set's issued 2018 provincial report.
async fn issued_2018(db: &crate::helpers::TestDb, p2018: i64) -> i64 {
    db.store
        .provincial_reports(Some(p2018))
        .await
        .expect("versions")
        .iter()
        .find(|r| r.state.as_str() == "issued")
        .expect("the sample data set holds an issued 2018 report")
        .id
}

both_databases! {
    async fn the_issued_provincial_report_renders_as_an_official_pdf_with_vietnamese_intact(db) {
        let (app, _, p2018) = crate::people::sample(&db).await;
        let id = issued_2018(&db, p2018).await;

        let r = reqwest::get(format!("{}/provincial-reports/{id}/pdf", app.base)).await.expect("answers");
        assert_eq!(r.status(), 200, "an issued report's PDF is public");
        assert_eq!(r.headers()["content-type"], "application/pdf");
        let dir = artifacts("pdf");
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let pdf = dir.join(format!("{tag}-provincial-report.pdf"));
        std::fs::write(&pdf, r.bytes().await.expect("body")).expect("saved");
        let text = pdf_text(&pdf);
        for expected in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN", "TỈNH KON TUM",
            "Số: 15/BC-UBND", "Kon Tum, ngày 20 tháng 01 năm 2019", "BÁO CÁO", "I. KẾT QUẢ ĐẠT ĐƯỢC",
            "Mục tiêu 1:", "Mục tiêu 2.2:", "Mục tiêu 2.3:", "Mục tiêu 3:", "Mục tiêu 4:", "Mục tiêu LN:",
            "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A", "Lưu: VT, KTTH.", "UBND các huyện, thành phố",
            "PHỤ LỤC", "LN.1", "Tỷ lệ che phủ rừng", "Biểu đồ LN.1",
            // A qualitative indicator's chart is its ratings over the years.
            "Biểu đồ 3.1",
        ] {
            assert!(text.contains(expected), "the PDF shows {expected:?}");
        }
        assert!(!text.contains("Báo cáo đánh giá") && !text.contains("— Báo cáo năm"), "the subject line does not repeat the title:\n{text}");
        assert!(text.contains("tăng trưởng xanh năm 2018"), "the subject names the year");
        let page1 = text.split('\u{c}').next().unwrap_or_default();
        let signer = page1.find("CHỦ TỊCH").or_else(|| text.find("CHỦ TỊCH")).expect("the title");
        let name = text.find("Nguyễn Văn A").expect("the name");
        assert!(name > signer, "the name stands under the title");
        for word in ["TỈNH", "KON", "TUM", "Hạnh"] {
            assert_no_rule_through(&pdf, word);
        }
        // Page images of the first pages, for a person to look at.
        let _ = Command::new("pdftoppm").args(["-r", "60", "-png", "-f", "1", "-l", "3"]).arg(&pdf).arg(dir.join(format!("{tag}-page"))).status();
    }
}

/// Fails when a horizontal rule is drawn through `word` on page 1: no row of
/// the page image, inside the word's box, may be dark across most of it.
fn assert_no_rule_through(pdf: &std::path::Path, word: &str) {
    let html = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&html.stdout);
    let number = |line: &str, key: &str| -> f64 {
        let start = line.find(&format!("{key}=\"")).expect("a coordinate") + key.len() + 2;
        line[start..]
            .split('"')
            .next()
            .and_then(|v| v.parse().ok())
            .expect("a number")
    };
    let line = html
        .lines()
        .find(|l| l.contains("<word") && l.contains(&format!(">{word}</word>")))
        .unwrap_or_else(|| panic!("{word} on page 1"));
    let (x0, y0, x1, y1) = (
        number(line, "xMin"),
        number(line, "yMin"),
        number(line, "xMax"),
        number(line, "yMax"),
    );
    let dir = tempfile::tempdir().expect("a directory");
    let stem = dir.path().join("p");
    let dpi = 144.0;
    let ok = Command::new("pdftoppm")
        .args(["-gray", "-r", "144", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&stem)
        .status()
        .expect("pdftoppm runs");
    assert!(ok.success());
    let pgm = std::fs::read(stem.with_extension("pgm")).expect("the page image");
    // Binary PGM: "P5\n<w> <h>\n255\n" then one byte a pixel.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    let width: usize = fields[1].parse().expect("width");
    let pixels = &pgm[at + 1..];
    let scale = dpi / 72.0;
    let (px0, px1) = ((x0 * scale) as usize, (x1 * scale) as usize);
    // The word's box without its lowest point (descenders end there).
    let (py0, py1) = ((y0 * scale) as usize + 1, ((y1 - 1.0) * scale) as usize);
    for y in py0..py1 {
        let row = &pixels[y * width + px0..y * width + px1];
        let mut longest = 0;
        let mut run = 0;
        for p in row {
            run = if *p < 128 { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        assert!(
            (longest as f64) < 0.8 * (px1 - px0) as f64,
            "a rule runs through {word:?} (row {y} of the page image is dark over {longest} of {} pixels)",
            px1 - px0
        );
    }
}

/// The text of PDF bytes, through poppler's pdftotext (layout kept).
pub(crate) fn pdf_bytes_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).expect("written");
    pdf_text(&path)
}

/// The text of a PDF, through poppler's pdftotext.
fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success(), "pdftotext reads {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A DOCX part's XML, e.g. `word/document.xml`.
fn docx_part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX is a zip");
    let mut s = String::new();
    zip.by_name(name)
        .expect("the part is there")
        .read_to_string(&mut s)
        .expect("UTF-8");
    s
}

fn artifacts(sub: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts")
        .join(sub);
    std::fs::create_dir_all(&dir).expect("artifacts");
    dir
}

/// LibreOffice converts `docx` to PDF in `dir`, with a profile of its own so
/// that runs in parallel do not wait on each other's lock.
fn libreoffice_to_pdf(docx: &std::path::Path, dir: &std::path::Path) -> std::path::PathBuf {
    let profile = tempfile::tempdir().expect("a profile directory");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .arg(docx)
        .output()
        .expect("LibreOffice runs (libreoffice-writer-nogui)");
    let pdf = dir.join(docx.with_extension("pdf").file_name().expect("a file name"));
    assert!(
        out.status.success() && pdf.exists(),
        "LibreOffice converts the DOCX: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_provincial_report_as_docx_opens_in_libreoffice_and_converts_to_pdf() {
    // LibreOffice reads a file: which database made it does not matter, so this runs once.
    let db = crate::helpers::TestDb::sqlite().await;
    let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;
    let id = issued_2018(&db, p2018).await;
    let (_, page) = dpi.get(&app, &format!("/provincial-reports/{id}")).await;
    assert!(
        page.contains(&format!("/provincial-reports/{id}/docx")),
        "the report's page links to its DOCX"
    );

    let r = reqwest::get(format!("{}/provincial-reports/{id}/docx", app.base))
        .await
        .expect("answers");
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment; filename=\"bao-cao-annual-2018-v1.docx\"")
    );
    let bytes = r.bytes().await.expect("body");
    let xml = docx_part(&bytes, "word/document.xml");
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 15/BC-UBND",
        "Kon Tum, ngày 20 tháng 01 năm 2019",
        "Mục tiêu LN:",
        "Nơi nhận:",
        "Nguyễn Văn A",
        "- Lưu: VT, KTTH.",
    ] {
        assert!(xml.contains(expected), "the DOCX says {expected:?}");
    }

    let dir = artifacts("docx");
    let docx = dir.join("provincial-report.docx");
    std::fs::write(&docx, &bytes).expect("saved");
    let pdf = libreoffice_to_pdf(&docx, &dir);
    let text = pdf_text(&pdf);
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TỈNH KON TUM",
        "Số: 15/BC-UBND",
        "Kon Tum, ngày 20 tháng 01 năm 2019",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Mục tiêu 2.3:",
        "Nơi nhận:",
        "PHỤ LỤC",
        "Tỷ lệ che phủ rừng",
        "Biểu đồ LN.1",
    ] {
        assert!(
            text.contains(expected),
            "LibreOffice's PDF shows {expected:?}"
        );
    }
    for word in ["TỈNH", "KON", "TUM", "Hạnh"] {
        assert_no_rule_through(&pdf, word);
    }
    // Page numbers from page 2 on: the second page starts with its number, the first has none.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages.len() > 2, "the report runs over several pages");
    assert_eq!(
        pages[1].split_whitespace().next(),
        Some("2"),
        "page 2 is numbered at its top"
    );
    assert!(
        !pages[0].trim_start().starts_with('1'),
        "page 1 carries no number"
    );
    let _ = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-f", "1", "-l", "3"])
        .arg(&pdf)
        .arg(dir.join("libreoffice-page"))
        .status();
}

both_databases! {
    async fn an_agency_downloads_its_own_report_as_pdf_and_docx_and_no_other(db) {
        let (app, password, p2018) = crate::people::sample(&db).await;
        let reports = db.store.reports_of_period(p2018).await.expect("reports");
        let own = reports.iter().find(|r| r.unit_code == "SO-CT").expect("SO-CT reported").id;
        let other = reports.iter().find(|r| r.unit_code == "SO-XD").expect("SO-XD reported").id;
        let ct = crate::people::login_with(&app, "demo-ct", &password).await;

        let (_, page) = ct.get(&app, &format!("/reports/{own}")).await;
        assert!(page.contains(&format!("/reports/{own}/report.pdf")) && page.contains(&format!("/reports/{own}/report.docx")));

        let r = ct.http.get(format!("{}/reports/{own}/report.pdf", app.base)).send().await.expect("answers");
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        let dir = artifacts("pdf");
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let pdf = dir.join(format!("{tag}-agency-report.pdf"));
        std::fs::write(&pdf, r.bytes().await.expect("body")).expect("saved");
        let text = pdf_text(&pdf);
        assert!(!text.contains("/BC-\n") && !text.contains("/BC- "), "the number names the agency's symbol:\n{text}");
        let _ = Command::new("pdftoppm").args(["-r", "60", "-png", "-f", "1", "-l", "2"]).arg(&pdf).arg(dir.join(format!("{tag}-agency-page"))).status();
        let docx = ct.http.get(format!("{}/reports/{own}/report.docx", app.base)).send().await.expect("answers").bytes().await.expect("body");
        let docx_path = artifacts("docx").join(format!("{tag}-agency-report.docx"));
        std::fs::write(&docx_path, &docx).expect("saved");
        for expected in [
            "UBND TỈNH KON TUM", "SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "Năm 2018",
            "Mục tiêu 1:", "PHỤ LỤC", "GIÁM ĐỐC", "Sở Kế hoạch và Đầu tư (tổng hợp)", "/BC-SCT", "Kon Tum, ngày 10 tháng 12 năm 2018",
        ] {
            assert!(text.contains(expected), "the agency's PDF shows {expected:?}:\n{text}");
        }

        let r = ct.http.get(format!("{}/reports/{own}/report.docx", app.base)).send().await.expect("answers");
        assert_eq!(r.status(), 200);
        let xml = docx_part(&r.bytes().await.expect("body"), "word/document.xml");
        assert!(xml.contains("SỞ CÔNG THƯƠNG") && xml.contains("GIÁM ĐỐC"));

        for format in ["pdf", "docx"] {
            let r = ct.http.get(format!("{}/reports/{other}/report.{format}", app.base)).send().await.expect("answers");
            assert_eq!(r.status(), 404, "another agency's report is not there for this officer ({format})");
            let r = crate::people::client().get(format!("{}/reports/{own}/report.{format}", app.base)).send().await.expect("answers");
            assert_ne!(r.status(), 200, "nobody signed in gets an agency's report ({format})");
        }
    }

    async fn the_command_line_writes_the_period_report_as_pdf_and_docx(db) {
        let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;
        let dir = tempfile::tempdir().expect("a directory");
        let out = dir.path().join("province.pdf");
        let env = [("XANH_DATABASE_URL", db.url.as_str())];
        let run = |args: &[&str]| crate::helpers::xanh(args, &env);

        let none = run(&["export", "report", "--period", "annual-2017", "--format", "pdf", "--out", out.to_str().expect("utf-8")]);
        assert!(!none.status.success(), "no provincial report compiled for 2017");
        assert!(String::from_utf8_lossy(&none.stderr).contains("chưa có báo cáo tổng hợp"));
        assert!(!out.exists(), "nothing is written on failure");

        // A fresh sample database already holds the issued 2018 report.
        let ok = run(&["export", "report", "--period", "annual-2018", "--format", "pdf", "--out", out.to_str().expect("utf-8")]);
        assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
        let text = pdf_text(&out);
        assert!(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && text.contains("Mục tiêu LN:") && text.contains("Số: 15/BC-UBND"));
        assert!(text.contains("Dữ liệu mẫu"), "a document made from the sample data says so");
        let (_, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        assert!(location.starts_with("/provincial-reports/"));
        let ok = run(&["export", "report", "--period", "annual-2018", "--format", "pdf", "--out", out.to_str().expect("utf-8")]);
        assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
        let draft = pdf_text(&out);
        assert!(draft.contains("/BC-UBND") && !draft.contains("15/BC-UBND"), "then the latest version, a draft, with a blank for its number");

        let docx = dir.path().join("so-ct.docx");
        let ok = run(&["export", "report", "--period", "annual-2018", "--agency", "SO-CT", "--format", "docx", "--out", docx.to_str().expect("utf-8")]);
        assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
        let xml = docx_part(&std::fs::read(&docx).expect("written"), "word/document.xml");
        assert!(xml.contains("SỞ CÔNG THƯƠNG") && xml.contains("PHỤ LỤC"));

        let bad = run(&["export", "report", "--period", "annual-2099", "--format", "pdf", "--out", out.to_str().expect("utf-8")]);
        assert!(!bad.status.success());
        let said = String::from_utf8_lossy(&bad.stderr);
        assert!(said.contains("annual-2099") && said.contains("annual-2018"), "names the period and those there are: {said}");
        let bad = run(&["export", "report", "--period", "annual-2018", "--format", "odt", "--out", out.to_str().expect("utf-8")]);
        assert!(String::from_utf8_lossy(&bad.stderr).contains("pdf hoặc docx"));
    }
}
