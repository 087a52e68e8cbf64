//! The synthetic framework: provinces and communes, objectives and 200
//! indicators with targets of every form the format knows, written in the
//! same TOML format as frameworks/kon-tum-598-2014.toml.

use super::{Rng, Shape};
use std::fmt::Write;

#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Percent,
    Number,
    Milestone,
    Qualitative,
}

pub struct Indicator {
    pub code: String,
    pub objective: usize,
    pub kind: Kind,
    name: String,
    target: String,
    direction: &'static str,
    aggregation: &'static str,
    weight: Option<String>,
    /// Level in the first year, change per year, spread between communes.
    pub start: f64,
    pub trend: f64,
    pub spread: f64,
}

pub struct Framework {
    pub code: String,
    pub issuer: String,
    pub provinces: Vec<(String, String)>,
    /// (code, name, province index)
    pub communes: Vec<(String, String, usize)>,
    pub indicators: Vec<Indicator>,
}

const MINISTRIES: &[(&str, &str, &str)] = &[
    ("BO-TC", "Bộ Tài chính", "Ministry of Finance"),
    (
        "BO-NNMT",
        "Bộ Nông nghiệp và Môi trường",
        "Ministry of Agriculture and Environment",
    ),
    ("BO-CT", "Bộ Công Thương", "Ministry of Industry and Trade"),
    ("BO-XD", "Bộ Xây dựng", "Ministry of Construction"),
    (
        "BO-KHCN",
        "Bộ Khoa học và Công nghệ",
        "Ministry of Science and Technology",
    ),
];

pub fn build(shape: &Shape, seed: u64) -> Framework {
    let mut rng = Rng::derive(seed, &[1]);
    let (code, issuer) = if shape.national {
        ("quoc-gia-mau-2015-2030", "CHINH-PHU")
    } else {
        ("tinh-mau-2015-2030", "UBND-TINH-MAU")
    };
    let provinces: Vec<(String, String)> = if shape.national {
        (1..=shape.provinces)
            .map(|i| (format!("T{i:02}"), format!("Tỉnh mẫu {i:02}")))
            .collect()
    } else {
        vec![(issuer.to_string(), "Tỉnh mẫu".to_string())]
    };
    // Communes shared out among provinces in proportion to random weights,
    // the remainder to the first ones, so the total is exact.
    let weights: Vec<f64> = provinces.iter().map(|_| 0.6 + rng.unit()).collect();
    let sum: f64 = weights.iter().sum();
    let mut counts: Vec<usize> = weights
        .iter()
        .map(|w| (w / sum * shape.communes as f64).floor() as usize)
        .collect();
    let mut left = shape.communes - counts.iter().sum::<usize>();
    for c in counts.iter_mut() {
        if left == 0 {
            break;
        }
        *c += 1;
        left -= 1;
    }
    let mut communes = Vec::with_capacity(shape.communes);
    for (p, count) in counts.iter().enumerate() {
        let prefix = if shape.national {
            provinces[p].0.clone()
        } else {
            "XA".to_string()
        };
        for c in 1..=*count {
            communes.push((
                format!("{prefix}-X{c:03}"),
                format!("Xã mẫu {c:03} ({})", provinces[p].1),
                p,
            ));
        }
    }
    let mut indicators = Vec::new();
    for o in 0..shape.objectives {
        let weight_code = format!("{}.1", o + 1);
        for k in 0..shape.per_objective {
            let code = format!("{}.{}", o + 1, k + 1);
            let mut r = Rng::derive(seed, &[2, o as u64, k as u64]);
            let start = 20.0 + 40.0 * r.unit();
            let by = 2025 + (r.next() % 6) as i32;
            let mut ind = Indicator {
                code,
                objective: o,
                kind: Kind::Percent,
                name: String::new(),
                target: String::new(),
                direction: "increase",
                aggregation: "mean",
                weight: None,
                start,
                trend: 0.5 + 2.5 * r.unit(),
                spread: 5.0 + 10.0 * r.unit(),
            };
            // The first indicator of each objective weighs the others (a population).
            let form = if k == 0 { 10 } else { k % 10 };
            match form {
                10 => {
                    ind.kind = Kind::Number;
                    ind.name = "Dân số (quyền số)".into();
                    ind.target = r#"{ form = "none" }"#.into();
                    ind.aggregation = "sum";
                    ind.start = 4000.0 + 20000.0 * r.unit();
                    ind.trend = ind.start * 0.01;
                    ind.spread = ind.start * 0.3;
                }
                1 => {
                    ind.name = "Tỷ lệ hộ dùng năng lượng sạch".into();
                    ind.target = format!(r#"{{ form = "at_least", value = 90, year = {by} }}"#);
                    ind.aggregation = "weighted_mean";
                    ind.weight = Some(weight_code.clone());
                }
                2 => {
                    ind.name = "Tỷ lệ che phủ rừng".into();
                    ind.target = format!(r#"{{ form = "above", value = 65, year = {by} }}"#);
                }
                3 => {
                    ind.name = "Tỷ lệ chất thải chôn lấp trực tiếp".into();
                    ind.target = format!(r#"{{ form = "at_most", value = 10, year = {by} }}"#);
                    ind.direction = "decrease";
                    ind.start = 40.0 + 40.0 * r.unit();
                    ind.trend = -ind.trend;
                }
                4 => {
                    ind.kind = Kind::Number;
                    ind.name = "Phát thải khí nhà kính (nghìn tấn CO2e)".into();
                    ind.target = format!(r#"{{ form = "below", value = 50, year = {by} }}"#);
                    ind.direction = "decrease";
                    ind.aggregation = "sum";
                    ind.start = 80.0 + 40.0 * r.unit();
                    ind.trend = -ind.trend;
                }
                5 => {
                    ind.name = "Tỷ lệ tiết kiệm năng lượng".into();
                    ind.target = format!(r#"{{ form = "range", min = 8, max = 13, year = {by} }}"#);
                    ind.start = 2.0 + 3.0 * r.unit();
                    ind.trend = 0.3 + 0.6 * r.unit();
                    ind.spread = 2.0;
                }
                6 => {
                    ind.name = "Tỷ lệ công trình đầu tư công áp dụng tiêu chuẩn xanh".into();
                    ind.target = r#"{ form = "all_from", from_year = 2020 }"#.into();
                    ind.start = 70.0 + 20.0 * r.unit();
                }
                7 => {
                    ind.kind = Kind::Milestone;
                    ind.name = "Có hệ thống xử lý nước thải đạt quy chuẩn".into();
                    ind.target = format!(r#"{{ form = "milestone", year = {by} }}"#);
                    ind.aggregation = "none";
                }
                8 => {
                    ind.kind = Kind::Qualitative;
                    ind.name = "Mức độ phân loại rác tại nguồn".into();
                    ind.target = format!(r#"{{ form = "qualitative", year = {by} }}"#);
                    ind.aggregation = "none";
                }
                _ => {
                    ind.kind = Kind::Number;
                    ind.name = "Diện tích trồng rừng mới (ha)".into();
                    ind.target = r#"{ form = "none" }"#.into();
                    ind.aggregation = "sum";
                    ind.start = 10.0 + 50.0 * r.unit();
                }
            }
            indicators.push(ind);
        }
    }
    Framework {
        code: code.into(),
        issuer: issuer.into(),
        provinces,
        communes,
        indicators,
    }
}

fn q(s: &str) -> String {
    // Names are made here from plain words: no quote or backslash to escape.
    format!("\"{s}\"")
}

pub fn toml(fw: &Framework, shape: &Shape) -> String {
    let mut t = String::with_capacity(1 << 20);
    let scale = if shape.national {
        "toàn quốc"
    } else {
        "một tỉnh"
    };
    let _ = writeln!(
        t,
        "# Synthetic framework written by `xanh demo generate`: invented figures for measuring Xanh.\n\
         format_version = 1\n\
         notes = [ {{ vi = \"Khung và số liệu mẫu sinh tự động ({scale}), không phải số liệu thống kê.\", en = \"A generated sample framework and data set, not statistics.\" }} ]\n"
    );
    let (consolidator, place, body) = if shape.national {
        ("BO-TC", "Hà Nội", "Chính phủ (mẫu)")
    } else {
        ("SO-TC-MAU", "Tỉnh mẫu", "Ủy ban nhân dân tỉnh mẫu")
    };
    let _ = writeln!(
        t,
        "[framework]\ncode = {}\ntitle = {{ vi = \"KHUNG THEO DÕI, ĐÁNH GIÁ TĂNG TRƯỞNG XANH (MẪU, {})\", en = \"Green growth monitoring framework (sample)\" }}\n\
         plan_period = {{ from = {}, to = {} }}\nconsolidator = {}\nissuer = {}\n\
         recipient = {{ vi = \"Thủ tướng Chính phủ\", en = \"The Prime Minister\" }}\nplace = {}\n\n\
         [framework.decision]\nnumber = \"01/QĐ-MAU\"\ndate = {}-01-15\nbody = {{ vi = {}, en = \"Sample issuer\" }}\n\n\
         [general_objective]\ntext = {{ vi = \"Tăng trưởng xanh (mẫu).\", en = \"Green growth (sample).\" }}\n\n\
         [calendar]\n\n[calendar.annual]\nfirst_year = {}\nlast_year = {}\ncutoff_start = \"12-15\"\ncutoff_end = \"12-14\"\n\
         deadline = {{ month = 12, day = 20, if_weekend = \"next_working_day\" }}\n",
        q(&fw.code),
        scale.to_uppercase(),
        shape.first_year,
        shape.last_year,
        q(consolidator),
        q(&fw.issuer),
        q(place),
        shape.first_year,
        q(body),
        shape.first_year,
        shape.last_year,
    );
    let unit = |t: &mut String, code: &str, kind: &str, name: &str, parent: Option<&str>| {
        let _ = writeln!(
            t,
            "[[units]]\ncode = {}\nkind = {}\nname = {{ vi = {}, en = {} }}",
            q(code),
            q(kind),
            q(name),
            q(name)
        );
        if let Some(p) = parent {
            let _ = writeln!(t, "parent = {}", q(p));
        }
        t.push('\n');
    };
    if shape.national {
        unit(&mut t, &fw.issuer, "province", "Chính phủ (mẫu)", None);
        for (code, vi, _) in MINISTRIES {
            unit(
                &mut t,
                code,
                "department",
                &format!("{vi} (mẫu)"),
                Some(&fw.issuer),
            );
        }
        for (code, name) in &fw.provinces {
            unit(&mut t, code, "province", name, Some(&fw.issuer));
        }
    } else {
        unit(
            &mut t,
            &fw.issuer,
            "province",
            "Ủy ban nhân dân tỉnh mẫu",
            None,
        );
        unit(
            &mut t,
            consolidator,
            "department",
            "Sở Tài chính (mẫu)",
            Some(&fw.issuer),
        );
    }
    for (code, name, p) in &fw.communes {
        unit(&mut t, code, "commune", name, Some(&fw.provinces[*p].0));
    }
    // The commune-level objectives are the consolidator's; each other ministry
    // leads a small objective of national figures (one value per year), which
    // its officers enter in their reports.
    let leads: Vec<&str> = vec![consolidator];
    for o in 0..shape.objectives {
        let _ = writeln!(
            t,
            "[[sections]]\ncode = \"{n}\"\ntitle = {{ vi = \"MỤC {n} (MẪU)\", en = \"Section {n} (sample)\" }}\n",
            n = o + 1
        );
    }
    for o in 0..shape.objectives {
        let _ = writeln!(
            t,
            "[[objectives]]\ncode = \"{n}\"\nsection = \"{n}\"\n\
             title = {{ vi = \"Mục tiêu {n} (mẫu)\", en = \"Objective {n} (sample)\" }}\n\
             output = {{ vi = \"Kết quả {n} (mẫu)\", en = \"Output {n} (sample)\" }}\n\
             reporting = [\"annual\"]\nlead = {}\n",
            q(leads[o % leads.len()]),
            n = o + 1
        );
        for ind in fw.indicators.iter().filter(|i| i.objective == o) {
            let (kind, unit) = match ind.kind {
                Kind::Percent => ("percent", "%"),
                Kind::Number => ("number", "đơn vị"),
                Kind::Milestone => ("milestone", "đạt/chưa đạt"),
                Kind::Qualitative => ("qualitative", "mức đánh giá"),
            };
            let _ = writeln!(
                t,
                "[[objectives.indicators]]\ncode = {}\nname = {{ vi = \"{} ({})\", en = \"Indicator {}\" }}\n\
                 unit = {{ vi = {}, en = {} }}\nkind = {}\ndirection = {}\ntarget = {}\naggregation = {}\nreported_by_units = true",
                q(&ind.code),
                ind.name,
                ind.code,
                ind.code,
                q(unit),
                q(unit),
                q(kind),
                q(ind.direction),
                ind.target,
                q(ind.aggregation),
            );
            if ind.kind == Kind::Percent {
                t.push_str("natural_limit = 100\n");
            }
            if let Some(w) = &ind.weight {
                let _ = writeln!(t, "weight = {}", q(w));
            }
            t.push('\n');
        }
    }
    if shape.national {
        for (k, (code, vi, _)) in MINISTRIES.iter().skip(1).enumerate() {
            let n = shape.objectives + k + 1;
            let _ = writeln!(
                t,
                "[[objectives]]\ncode = \"{n}\"\nsection = \"1\"\n\
                 title = {{ vi = \"Mục tiêu quốc gia {n} do {vi} theo dõi (mẫu)\", en = \"National objective {n} (sample)\" }}\n\
                 output = {{ vi = \"Kết quả {n} (mẫu)\", en = \"Output {n} (sample)\" }}\n\
                 reporting = [\"annual\"]\nlead = {}\n",
                q(code)
            );
            for i in 1..=4 {
                let _ = writeln!(
                    t,
                    "[[objectives.indicators]]\ncode = \"{n}.{i}\"\nname = {{ vi = \"Chỉ tiêu quốc gia {n}.{i}\", en = \"National indicator {n}.{i}\" }}\n\
                     unit = {{ vi = \"đơn vị\", en = \"unit\" }}\nkind = \"number\"\ntarget = {{ form = \"none\" }}\n"
                );
            }
        }
    }
    t
}
