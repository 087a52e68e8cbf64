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
        _ => return None,
    };
    Some(("ok".into(), msg.into()))
}
