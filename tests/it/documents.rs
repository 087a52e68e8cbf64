//! Official documents: the provincial report rendered to PDF and read back
//! with poppler's pdftotext, Vietnamese diacritics intact.

use crate::helpers::both_databases;
use std::process::Command;

both_databases! {
    async fn the_issued_provincial_report_renders_as_an_official_pdf_with_vietnamese_intact(db) {
        let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;
        let (_, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        let id = location.trim_start_matches("/provincial-reports/").to_string();
        assert_eq!(dpi.post(&app, &format!("/provincial-reports/{id}/issue"), &[("number", "05/BC-UBND"), ("date", "05/02/2019")]).await.0, 303);

        let r = reqwest::get(format!("{}/provincial-reports/{id}/pdf", app.base)).await.expect("answers");
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/pdf");
        std::fs::create_dir_all(&dir).expect("artifacts");
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let pdf = dir.join(format!("{tag}-provincial-report.pdf"));
        std::fs::write(&pdf, r.bytes().await.expect("body")).expect("saved");
        let text = Command::new("pdftotext").args(["-layout", pdf.to_str().expect("utf-8"), "-"]).output().expect("pdftotext runs (poppler-utils)");
        assert!(text.status.success());
        let text = String::from_utf8_lossy(&text.stdout);
        for expected in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN", "TỈNH KON TUM",
            "Số: 05/BC-UBND", "Kon Tum, ngày 05 tháng 02 năm 2019", "BÁO CÁO", "I. KẾT QUẢ ĐẠT ĐƯỢC",
            "Mục tiêu 1:", "Mục tiêu 2.2:", "Mục tiêu 2.3:", "Mục tiêu 3:", "Mục tiêu 4:", "Mục tiêu LN:",
            "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "PHỤ LỤC", "LN.1", "Tỷ lệ che phủ rừng", "Cần đẩy nhanh", "Biểu đồ LN.1",
        ] {
            assert!(text.contains(expected), "the PDF shows {expected:?}");
        }
        // Page images of the first pages, for a person to look at.
        let _ = Command::new("pdftoppm").args(["-r", "60", "-png", "-f", "1", "-l", "2"]).arg(&pdf).arg(dir.join(format!("{tag}-page"))).status();
        let anonymous = reqwest::get(format!("{}/provincial-reports/{id}/pdf", app.base)).await.expect("answers");
        assert_eq!(anonymous.status(), 200, "an issued report's PDF is public");
    }
}
