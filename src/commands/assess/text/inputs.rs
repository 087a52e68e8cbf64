//! The first section of the text report of `xanh assess`: the series, the
//! target and the base as they were read, before any figure is computed.

use super::*;

pub(super) fn inputs_section(o: &mut Out, inputs: &Inputs, a: &Assessment) {
    let lang = o.lang;
    o.heading("SỐ LIỆU ĐẦU VÀO", "INPUTS");
    let counted: Vec<String> = inputs
        .series
        .up_to(inputs.year)
        .iter()
        .map(|&(y, v)| format!("{y}: {}", value(v, lang)))
        .collect();
    let later: Vec<String> = inputs
        .series
        .points()
        .iter()
        .filter(|&&(y, _)| y > inputs.year)
        .map(|&(y, _)| y.to_string())
        .collect();
    let mut series = if counted.is_empty() {
        "—".to_string()
    } else {
        counted.join(" · ")
    };
    if !later.is_empty() {
        let years = later.join(", ");
        let _ = write!(
            series,
            " {}",
            match lang {
                Lang::Vi => format!("(không tính các năm sau {}: {years})", inputs.year),
                Lang::En => format!("(years after {} not counted: {years})", inputs.year),
            }
        );
    }
    o.row("Chuỗi số liệu", "Series", &series, "");
    o.row(
        "Chỉ tiêu",
        "Target",
        &describe_target(&inputs.target, lang),
        "",
    );
    let mut direction = match inputs.direction {
        Direction::Increase => lang.pick("tăng", "increase"),
        Direction::Decrease => lang.pick("giảm", "decrease"),
    }
    .to_string();
    if !inputs.direction_given {
        direction.push_str(lang.pick(
            " (mặc định theo dạng chỉ tiêu; đổi bằng --direction)",
            " (default for this target form; change with --direction)",
        ));
    }
    o.row("Hướng mong muốn", "Desired direction", &direction, "");
    o.row(
        "Năm đánh giá",
        "Period assessed",
        &inputs.year.to_string(),
        "",
    );
    if let Some(limit) = inputs.natural_limit {
        o.row(
            "Giới hạn tự nhiên",
            "Natural limit",
            &value(limit, lang),
            "",
        );
    }
    let base = match a.base {
        Some(b) => {
            let note = match (inputs.base_source, lang) {
                (BaseSource::FirstValue, Lang::Vi) => ", năm đầu tiên của chuỗi".to_string(),
                (BaseSource::FirstValue, Lang::En) => ", the first year of the series".to_string(),
                (BaseSource::Given, Lang::Vi) => ", nhập bằng --baseline".to_string(),
                (BaseSource::Given, Lang::En) => ", given with --baseline".to_string(),
                (BaseSource::BaseYear(y), Lang::Vi) if y == b.year => ", --base-year".to_string(),
                (BaseSource::BaseYear(y), Lang::En) if y == b.year => ", --base-year".to_string(),
                (BaseSource::BaseYear(y), Lang::Vi) => format!(
                    "; năm cơ sở {y} không có số liệu nên dùng năm đầu tiên sau đó có số liệu"
                ),
                (BaseSource::BaseYear(y), Lang::En) => {
                    format!("; {y} has no value, so the first later year with one is used")
                }
            };
            match lang {
                Lang::Vi => format!("{} (năm {}{note})", value(b.value, lang), b.year),
                Lang::En => format!("{} ({}{note})", value(b.value, lang), b.year),
            }
        }
        None => "—".into(),
    };
    o.row("Giá trị cơ sở", "Base value", &base, "");
    let current = match a.current {
        Some(c) => match lang {
            Lang::Vi => format!("{} (năm {})", value(c.value, lang), c.year),
            Lang::En => format!("{} ({})", value(c.value, lang), c.year),
        },
        None => "—".into(),
    };
    o.row("Giá trị hiện tại", "Current value", &current, "");
    if let Some(t) = a.target_value {
        let when = match (a.target_year, &inputs.target, lang) {
            (Some(y), Target::AllFrom { .. }, Lang::Vi) => format!(" (từ năm {y})"),
            (Some(y), Target::AllFrom { .. }, Lang::En) => format!(" (from {y})"),
            (Some(y), _, Lang::Vi) => format!(" (năm {y})"),
            (Some(y), _, Lang::En) => format!(" ({y})"),
            (None, _, _) => String::new(),
        };
        o.row(
            "Giá trị mục tiêu",
            "Target value",
            &format!("{}{when}", value(t, lang)),
            "",
        );
    }
}
