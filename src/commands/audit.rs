//! `xanh audit verify` and `xanh verify FILE`. The first recomputes the audit trail's hash chain from its
//! first entry, and compares the stored figures and issued documents with the
//! last entry about each. Says the head to compare with the one published on
//! the public portal, names the first entry that no longer matches and every
//! figure or document changed around Xanh; exits 1 when anything is broken.

use std::process::ExitCode;
use xanh_store::Store;
use xanh_store::audit_chain::Broken;

fn said(b: &Broken) -> String {
    match b {
        Broken::Changed { id, seq } => format!(
            "mục số {seq} (id {id}) đã bị sửa: nội dung không còn khớp mã băm / entry {seq} (id {id}) was changed: its content no longer gives its hash"
        ),
        Broken::Unlinked { id, seq } => format!(
            "mục số {seq} (id {id}) không nối tiếp mục trước: có mục bị xoá, chèn hoặc viết lại trước nó / entry {seq} (id {id}) does not follow the one before: an entry before it was removed, inserted or rewritten"
        ),
        Broken::Unsealed { id } => format!(
            "mục id {id} nằm ngoài chuỗi (ghi vào không qua Xanh) / entry id {id} is outside the chain (written around Xanh)"
        ),
        Broken::Head => {
            "đầu chuỗi không khớp mục cuối cùng / the chain's head does not match its last entry"
                .into()
        }
        Broken::Value {
            entity_id,
            recorded,
            stored,
        } => format!(
            "số liệu {entity_id} là {} nhưng nhật ký ghi {} / figure {entity_id} is {} but the trail recorded {}",
            stored.as_deref().unwrap_or("(trống)"),
            recorded.as_deref().unwrap_or("(trống)"),
            stored.as_deref().unwrap_or("(empty)"),
            recorded.as_deref().unwrap_or("(empty)"),
        ),
        Broken::Document { report } => format!(
            "báo cáo tổng hợp {report} đã ban hành bị thay đổi sau khi ban hành / issued provincial report {report} was changed after its issue"
        ),
    }
}

pub async fn verify(url: &str, json: bool) -> anyhow::Result<ExitCode> {
    let store = Store::connect(url).await?;
    let v = store.verify_audit().await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!(
            "Nhật ký: {} mục; đầu chuỗi: mục số {}, mã băm {} / trail: {} entries; head: entry {}, hash {}",
            v.entries, v.head.seq, v.head.hash, v.entries, v.head.seq, v.head.hash
        );
        if v.broken.is_empty() {
            println!("Nguyên vẹn / intact.");
        }
        for b in &v.broken {
            println!("HỎNG / BROKEN: {}", said(b));
        }
    }
    Ok(if v.broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `xanh verify FILE`: the signatures of a PDF, and whether it is exactly a
/// report this database issued.
pub async fn verify_pdf(
    url: &str,
    file: &std::path::Path,
    roots: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let pdf = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let pem = roots
        .map(|r| std::fs::read(r).with_context(|| format!("reading {}", r.display())))
        .transpose()?;
    let store = Store::connect(url).await?;
    let (verified, sha, kept) =
        xanh_app::official::seal::check(&store, pdf, pem.map(std::sync::Arc::new)).await?;
    let v =
        verified.map_err(|e| anyhow::anyhow!("không đọc được PDF / the PDF does not read: {e}"))?;
    for (i, s) in v.signatures.iter().enumerate() {
        println!(
            "Chữ ký {} / signature {}: {} — {}{}",
            i + 1,
            i + 1,
            s.signer,
            if s.intact {
                "nguyên vẹn / intact"
            } else {
                "BỊ PHÁ VỠ / BROKEN"
            },
            match s.trusted {
                Some(true) => "; tin cậy / trusted",
                Some(false) => "; KHÔNG tin cậy / NOT trusted",
                None => "",
            }
        );
        if let Some(t) = &s.timestamped {
            println!(
                "  dấu thời gian tin cậy / trusted timestamp: {} (giờ Việt Nam / Vietnam time)",
                xanh_core::display::datetime_text(t)
            );
        }
    }
    let changed =
        v.signatures.is_empty() || !v.unmodified || v.signatures.iter().any(|s| !s.intact);
    println!(
        "{}",
        if v.signatures.is_empty() {
            "Không có chữ ký số / no digital signature"
        } else if changed {
            "VĂN BẢN ĐÃ BỊ SỬA / THE DOCUMENT WAS CHANGED"
        } else {
            "Không bị sửa sau chữ ký cuối / unchanged since the last signature"
        }
    );
    use xanh_app::official::seal::Kept;
    match kept {
        Some(Kept::Issued { id, number }) => {
            println!("Đúng văn bản đã ban hành / exactly the issued report {id} ({number})")
        }
        Some(Kept::Sent(m)) => println!(
            "Đúng báo cáo đã gửi / exactly the report sent: {} {}, {} (report {})",
            m.agency, m.period, m.sent_on, m.report_id
        ),
        None => println!(
            "Không trùng văn bản nào đã ban hành hay báo cáo đã gửi / matches no issued or sent report (SHA-256 {sha})"
        ),
    }
    Ok(if changed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
