//! An administrative document as Decree 30/2020/NĐ-CP lays it out, as data:
//! the PDF and DOCX renderers both take it, so the two never disagree on
//! what a report says.

use serde::Serialize;

/// An administrative document's content.
#[derive(Debug, Clone, Serialize)]
pub struct OfficialDocument {
    /// Left header, first line: the parent body in capitals ("ỦY BAN NHÂN DÂN TỈNH KON TUM"); may be empty.
    pub parent_body: String,
    /// Left header, second line: the issuing body ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ").
    pub issuing_body: String,
    /// "Số: 05/BC-UBND".
    pub number: String,
    /// "Kon Tum, ngày 05 tháng 02 năm 2024".
    pub place_date: String,
    pub title: String,
    pub subject: String,
    pub sections: Vec<DocSection>,
    /// The appendix table: a header row, then rows.
    pub table_title: String,
    pub table: Vec<Vec<String>>,
    /// Charts (SVG) shown in the appendix, with their captions.
    pub charts: Vec<(String, String)>,
    /// Further appendices after the charts (the data-quality annex).
    pub annexes: Vec<Annex>,
    pub signer_authority: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
    /// A line shown under the title when the figures are sample data.
    pub watermark: String,
    /// On an issued electronic document (Decree 30/2020, Appendix I): the
    /// image of the signer's signature, centred between title and name, and
    /// the organisation's seal over its left third; transparent PNGs.
    #[serde(skip)]
    pub signature_png: Option<Vec<u8>>,
    #[serde(skip)]
    pub seal_png: Option<Vec<u8>>,
}

/// An appendix table with its title and a line saying how it was made.
#[derive(Debug, Clone, Serialize)]
pub struct Annex {
    pub title: String,
    /// A header row, then rows.
    pub table: Vec<Vec<String>>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocSection {
    pub heading: String,
    pub blocks: Vec<DocBlock>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocBlock {
    pub subheading: String,
    pub text: String,
}

/// "Kon Tum, ngày 05 tháng 02 năm 2024": days 1–9 and months 1–2 take a leading zero (Decree 30).
pub fn place_date(place: &str, day: u8, month: u8, year: i32) -> String {
    let month = if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("{place}, ngày {day:02} tháng {month} năm {year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_line_takes_leading_zeros_as_decree_30_says() {
        assert_eq!(
            place_date("Kon Tum", 5, 2, 2024),
            "Kon Tum, ngày 05 tháng 02 năm 2024"
        );
        assert_eq!(
            place_date("Kon Tum", 20, 12, 2018),
            "Kon Tum, ngày 20 tháng 12 năm 2018"
        );
        assert_eq!(
            place_date("Kon Tum", 1, 3, 2020),
            "Kon Tum, ngày 01 tháng 3 năm 2020"
        );
    }
}
