//! `xanh audit verify`: recomputes the audit trail's hash chain from its
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
