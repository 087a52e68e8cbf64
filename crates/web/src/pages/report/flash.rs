//! The line shown after an action on a report succeeded.

use crate::lang::Lang;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct Flash {
    #[serde(default)]
    pub(super) done: String,
}

pub(super) fn flash_text(done: &str, lang: Lang) -> Option<(String, String)> {
    let msg = match done {
        "saved" => lang.pick("Đã lưu dự thảo.", "Draft saved."),
        "submit" => lang.pick(
            "Đã gửi báo cáo đến cơ quan tổng hợp.",
            "The report was submitted to the consolidator.",
        ),
        "submit_below" => lang.pick(
            "Đã gửi báo cáo đến sở tiếp nhận.",
            "The report was sent to the receiving department.",
        ),
        "return" => lang.pick(
            "Đã trả lại báo cáo kèm ý kiến.",
            "The report was returned with a comment.",
        ),
        "accept" => lang.pick("Đã tiếp nhận báo cáo.", "The report was accepted."),
        "reopen" => lang.pick("Đã mở lại báo cáo.", "The report was reopened."),
        "drafted" => lang.pick(
            "Đã đưa bản nháp vào phần \"Kết quả đạt được\". Hãy đọc lại, sửa cho đúng rồi lưu; bản nháp chỉ là gợi ý.",
            "The draft was put into \"Results achieved\". Read it, correct it and save; a draft is only a suggestion.",
        ),
        "upload" => lang.pick(
            "Đã nhận tệp Excel: số liệu và thuyết minh được lưu thành dự thảo.",
            "The Excel file was read: figures and narrative saved as a draft.",
        ),
        "prepared" => lang.pick(
            "Đã chuẩn bị báo cáo để ký số: đưa mã cần ký dưới đây cho người ký, rồi tải lên chữ ký họ trả về.",
            "The report is prepared for signing: give the digest below to the signer, then upload the signature they return.",
        ),
        "signed" => lang.pick(
            "Đã gắn chữ ký số vào báo cáo đã gửi.",
            "The signature is in the sent report.",
        ),
        _ => return None,
    };
    Some(("ok".into(), msg.into()))
}
