//! Drafts checked against hand-computed figures and against their data.

use super::*;
use crate::assess::assess_indicator;
use crate::framework::load;

const KON_TUM: &str = include_str!("../../../../frameworks/kon-tum-598-2014.toml");

fn facts<'a>(
    ind: &'a Indicator,
    unit: &str,
    points: &[(i32, f64)],
    year: i32,
) -> IndicatorFacts<'a> {
    let series = Series::new(points.to_vec()).expect("a series");
    IndicatorFacts {
        indicator: ind,
        unit: unit.into(),
        assessment: assess_indicator(ind, &series, year),
        series,
        year,
        missing: Vec::new(),
        behind: Vec::new(),
    }
}

/// Every figure of the paragraph is the series' value of its source year.
fn figures_match(p: &Paragraph, points: &[(i32, f64)]) {
    let mut n = 0;
    for (value, source) in p.figures() {
        let data = points
            .iter()
            .find(|(y, _)| *y == source.year)
            .map(|(_, v)| *v);
        assert_eq!(data, Some(value), "{source:?}");
        n += 1;
    }
    assert!(n > 0, "the draft states figures");
}

#[test]
fn a_share_is_drafted_with_its_change_in_points_its_status_and_the_rate_it_needs() {
    let fw = load(KON_TUM).expect("loads").framework;
    let (_, ind) = fw.indicator("1.1").expect("1.1");
    let points = [(2017, 55.0), (2018, 57.0), (2019, 65.5)];
    let f = facts(ind, "UBND-TINH", &points, 2019);
    let vi = indicator(&f, Lang::Vi);
    let text = vi.text();
    // 65,5 − 57 = 8,5 points; to 90% by 2020: 90 / 65,5 − 1 = 37,4% a year.
    assert!(
        text.starts_with("Năm 2019, chỉ tiêu 1.1 (Tỷ lệ cơ sở sản xuất công nghiệp có tiềm năng"),
        "{text}"
    );
    assert!(
        text.contains("đạt 65,5%, tăng 8,5 điểm phần trăm so với năm 2018 (57%)."),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Đánh giá: {} — để đạt ít nhất 90% vào năm 2020 cần tăng bình quân 37,4%/năm",
            f.assessment.status.label(Lang::Vi)
        )),
        "{text}"
    );
    figures_match(&vi, &points);
    let en = indicator(&f, Lang::En).text();
    assert!(
        en.contains("stood at 65.5%, up 8.5 percentage points on 2018 (57%)."),
        "{en}"
    );
    // The same figures give the same words.
    assert_eq!(indicator(&f, Lang::Vi), vi);
}

#[test]
fn a_quantity_is_drafted_with_its_change_in_its_unit_and_in_percent() {
    let fw = load(KON_TUM).expect("loads").framework;
    let (_, ind) = fw.indicator("LN.2").expect("LN.2");
    let points = [(2018, 1000.0), (2019, 1040.0)];
    let mut f = facts(ind, "UBND-TINH", &points, 2019);
    f.missing = vec!["Huyện Đắk Hà".into(), "Huyện Sa Thầy".into()];
    f.behind = vec![("Huyện Ia H'Drai".into(), Status::Deterioration)];
    let p = indicator(&f, Lang::Vi);
    let text = p.text();
    // 1.040 − 1.000 = 40 ha, 4%.
    assert!(
        text.contains("đạt 1.040 ha, tăng 40 ha (4%) so với năm 2018 (1.000 ha)."),
        "{text}"
    );
    assert!(
        text.contains("Chưa có số liệu năm 2019 của 2 đơn vị: Huyện Đắk Hà và Huyện Sa Thầy."),
        "{text}"
    );
    assert!(
        text.contains("Các đơn vị còn chậm: Huyện Ia H'Drai (thụt lùi)."),
        "{text}"
    );
    figures_match(&p, &points);
}

#[test]
fn a_year_without_a_figure_says_so_and_gives_the_latest() {
    let fw = load(KON_TUM).expect("loads").framework;
    let (_, ind) = fw.indicator("1.1").expect("1.1");
    let points = [(2017, 55.0), (2018, 57.0)];
    let p = indicator(&facts(ind, "UBND-TINH", &points, 2019), Lang::Vi);
    assert!(p.text().starts_with("Chỉ tiêu 1.1 ("), "{}", p.text());
    assert!(
        p.text()
            .contains("chưa có số liệu năm 2019; số liệu gần nhất là năm 2018: 57%."),
        "{}",
        p.text()
    );
    figures_match(&p, &points);
}

#[test]
fn the_opening_counts_the_statuses_and_names_late_and_missing_agencies() {
    let statuses = [
        Status::Achieved,
        Status::OnTrack,
        Status::OnTrack,
        Status::Deterioration,
        Status::InsufficientData,
    ];
    let d = Delivery {
        expected: 4,
        delivered: 3,
        late: vec!["Sở Xây dựng".into()],
        missing: vec!["Sở KH&ĐT".into()],
    };
    assert_eq!(
        opening(2019, &statuses, &d, Lang::Vi).text(),
        "Năm 2019, trong 5 chỉ tiêu được theo dõi: 1 đã đạt, 2 đúng tiến độ, 1 thụt lùi và 1 chưa đủ dữ liệu. 3/4 cơ quan, đơn vị đã gửi báo cáo, trong đó 1 gửi trễ hạn (Sở Xây dựng); chưa gửi: Sở KH&ĐT."
    );
    assert_eq!(
        opening(2019, &statuses, &d, Lang::En).text(),
        "In 2019, of the 5 indicators monitored: 1 achieved, 2 on track, 1 deterioration and 1 insufficient data. 3 of 4 agencies delivered their report, 1 of them late (Sở Xây dựng); not delivered: Sở KH&ĐT."
    );
}

#[test]
fn more_than_five_names_are_summed_up() {
    let list: Vec<String> = (1..=8).map(|i| format!("Xã {i}")).collect();
    assert_eq!(
        names(&list, Lang::Vi),
        "Xã 1, Xã 2, Xã 3, Xã 4, Xã 5 và 3 đơn vị khác"
    );
}
