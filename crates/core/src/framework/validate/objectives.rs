//! Sections, objectives and their indicators: codes, texts, responsible
//! agencies, continuity with an earlier framework, and the numbers an indicator
//! carries (finite, and within 0–100 for a percentage).

use super::super::file::{self, FrameworkFile, IndicatorFile};
use super::super::model::*;
use super::Validator;
use std::collections::{HashMap, HashSet};

impl Validator<'_> {
    pub(super) fn sections(&mut self, sections: &[file::SectionFile]) -> Vec<Section> {
        let mut seen = HashSet::new();
        sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                self.duplicate(
                    &mut seen,
                    &s.code,
                    ("mục", "section"),
                    &format!("sections[{i}].code"),
                );
                self.require_text(&s.title, &format!("sections[{i}].title"));
                Section {
                    code: s.code.clone(),
                    title: s.title.clone(),
                    source: s.source.clone(),
                    notes: s.notes.clone(),
                }
            })
            .collect()
    }

    pub(super) fn objectives(
        &mut self,
        f: &FrameworkFile,
        units: &HashSet<&str>,
        plan: Span,
        calendar: &Calendar,
    ) -> Vec<Objective> {
        let sections: HashSet<&str> = f.sections.iter().map(|s| s.code.as_str()).collect();
        let indicators: HashMap<&str, &IndicatorFile> = f
            .objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(|i| (i.code.as_str(), i)))
            .collect();
        let mut seen_objectives = HashSet::new();
        let mut seen_indicators = HashSet::new();
        let mut out = Vec::new();
        for (i, o) in f.objectives.iter().enumerate() {
            let path = format!("objectives[{i}]");
            self.duplicate(
                &mut seen_objectives,
                &o.code,
                ("mục tiêu", "objective"),
                &format!("{path}.code"),
            );
            self.require_text(&o.title, &format!("{path}.title"));
            self.require_text(&o.output, &format!("{path}.output"));
            if let Some(section) = &o.section
                && !sections.contains(section.as_str())
            {
                self.error(
                    "unknown_section",
                    &format!("{path}.section"),
                    format!("Mục \"{section}\" không có trong danh sách [[sections]]."),
                    format!("Section \"{section}\" is not among the [[sections]]."),
                );
            }
            match &o.lead {
                Some(lead) => {
                    self.known_unit(units, lead, &format!("{path}.lead"));
                }
                None if o.notes.is_empty() => self.error(
                    "missing_lead",
                    &format!("{path}.lead"),
                    format!("Mục tiêu \"{}\" không có cơ quan chủ trì (cột 6) và không có ghi chú giải thích vì sao.", o.code),
                    format!("Objective \"{}\" has no lead agency (column 6) and no note saying why.", o.code),
                ),
                None => {}
            }
            for (j, c) in o.coordinating.iter().enumerate() {
                if self.known_unit(units, c, &format!("{path}.coordinating[{j}]"))
                    && o.lead.as_ref() == Some(c)
                {
                    self.warning(
                        "lead_also_coordinating",
                        &format!("{path}.coordinating[{j}]"),
                        format!("\"{c}\" vừa là cơ quan chủ trì vừa là cơ quan phối hợp."),
                        format!("\"{c}\" is both the lead and a coordinating agency."),
                    );
                }
            }
            for time in &o.reporting {
                let declared = match time {
                    ReportingTime::Annual => calendar.annual.is_some(),
                    kind => calendar.reviews.iter().any(|r| r.kind == *kind),
                };
                if !declared {
                    self.error(
                        "reporting_time_not_in_calendar",
                        &format!("{path}.reporting"),
                        format!("Mục tiêu \"{}\" báo cáo vào kỳ {time:?} nhưng lịch báo cáo [calendar] không có kỳ đó.", o.code),
                        format!("Objective \"{}\" reports at {time:?} but the [calendar] has no such report.", o.code),
                    );
                }
            }
            let mut built = Vec::new();
            for (k, ind) in o.indicators.iter().enumerate() {
                let ipath = format!("{path}.indicators[{k}]");
                self.duplicate(
                    &mut seen_indicators,
                    &ind.code,
                    ("chỉ tiêu", "indicator"),
                    &format!("{ipath}.code"),
                );
                built.push(self.indicator(ind, &ipath, plan, &indicators));
            }
            out.push(Objective {
                code: o.code.clone(),
                section: o.section.clone(),
                title: o.title.clone(),
                activities: o.activities.clone(),
                output: o.output.clone(),
                reporting: o.reporting.clone(),
                reporting_text: o.reporting_text.clone(),
                coordinating: o.coordinating.clone(),
                lead: o.lead.clone(),
                source: o.source.clone(),
                notes: o.notes.clone(),
                indicators: built,
            });
        }
        out
    }

    pub(super) fn indicator(
        &mut self,
        ind: &IndicatorFile,
        path: &str,
        plan: Span,
        all: &HashMap<&str, &IndicatorFile>,
    ) -> Indicator {
        self.require_text(&ind.name, &format!("{path}.name"));
        self.require_text(&ind.unit, &format!("{path}.unit"));
        let target = self.target(ind, &format!("{path}.target"), plan);
        if let Some(b) = ind.baseline {
            self.number(ind, b.value, &format!("{path}.baseline.value"));
            if b.year > plan.to || target.year().is_some_and(|y| b.year > y) {
                self.error(
                    "baseline_after_target",
                    &format!("{path}.baseline.year"),
                    format!(
                        "Năm cơ sở {} phải trước năm mục tiêu và trong giai đoạn kế hoạch.",
                        b.year
                    ),
                    format!(
                        "Base year {} must come before the target year and within the plan.",
                        b.year
                    ),
                );
            }
        }
        if let Some(limit) = ind.natural_limit {
            self.number(ind, limit, &format!("{path}.natural_limit"));
        }
        let aggregation = self.aggregation(ind, path, all);
        let continues = ind.continues.as_ref().map(|c| {
            self.require_code(&c.framework, &format!("{path}.continues.framework"));
            self.require_code(&c.indicator, &format!("{path}.continues.indicator"));
            Continuation {
                framework: c.framework.trim().to_string(),
                indicator: c.indicator.trim().to_string(),
            }
        });
        Indicator {
            code: ind.code.clone(),
            name: ind.name.clone(),
            unit: ind.unit.clone(),
            kind: ind.kind,
            direction: ind.direction,
            target,
            target_text: ind.target.text.clone(),
            baseline: ind.baseline.map(|b| Baseline {
                value: b.value,
                year: b.year,
            }),
            natural_limit: ind.natural_limit,
            aggregation,
            reported_by_units: ind.reported_by_units,
            from_output: ind.from_output.clone(),
            continues,
            source: ind.source.clone(),
            notes: ind.notes.clone(),
        }
    }

    /// A code another framework is named by: not empty.
    pub(super) fn require_code(&mut self, code: &str, path: &str) {
        if code.trim().is_empty() {
            self.error(
                "empty_text",
                path,
                "Mã không được để trống.".into(),
                "The code must not be empty.".into(),
            );
        }
    }

    /// Checks a number of an indicator: finite, and within 0–100 for a percentage.
    pub(super) fn number(&mut self, ind: &IndicatorFile, value: f64, path: &str) {
        if !value.is_finite() {
            self.error(
                "not_a_number",
                path,
                "Giá trị phải là một số hữu hạn (không phải nan hay inf).".into(),
                "The value must be a finite number (not nan or inf).".into(),
            );
        } else if ind.kind == IndicatorKind::Percent && !(0.0..=100.0).contains(&value) {
            self.error(
                "percent_out_of_range",
                path,
                format!(
                    "Chỉ tiêu \"{}\" tính theo %, nên giá trị {value} phải nằm trong khoảng 0–100.",
                    ind.code
                ),
                format!(
                    "Indicator \"{}\" is a percentage, so {value} must lie within 0–100.",
                    ind.code
                ),
            );
        }
    }
}
