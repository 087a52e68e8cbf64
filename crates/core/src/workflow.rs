//! The life of an agency's report for a period, and of the period itself.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    NotStarted,
    Draft,
    Submitted,
    Returned,
    Accepted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    /// Not yet opened for input.
    Planned,
    Open,
    Closed,
}

/// What someone asks to do with a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Save,
    Submit,
    Return,
    Accept,
    Reopen,
}

/// A provincial report's version: being drafted, or issued and fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvincialState {
    Draft,
    Issued,
}

impl ProvincialState {
    pub const fn as_str(self) -> &'static str {
        match self {
            ProvincialState::Draft => "draft",
            ProvincialState::Issued => "issued",
        }
    }

    /// A stored code back into the state; None for a code Xanh never wrote.
    pub fn parse(s: &str) -> Option<ProvincialState> {
        [ProvincialState::Draft, ProvincialState::Issued]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionError {
    /// The report is not in a state where this can be done.
    NotAllowed { from: ReportState, action: Action },
    /// Returning or reopening needs a written comment or reason.
    ReasonRequired,
    /// The period takes no input (planned or closed).
    PeriodNotOpen,
}

impl ReportState {
    pub const fn as_str(self) -> &'static str {
        match self {
            ReportState::NotStarted => "not_started",
            ReportState::Draft => "draft",
            ReportState::Submitted => "submitted",
            ReportState::Returned => "returned",
            ReportState::Accepted => "accepted",
        }
    }

    pub fn parse(s: &str) -> Option<ReportState> {
        [
            ReportState::NotStarted,
            ReportState::Draft,
            ReportState::Submitted,
            ReportState::Returned,
            ReportState::Accepted,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            ReportState::NotStarted => lang.pick("Chưa bắt đầu", "Not started"),
            ReportState::Draft => lang.pick("Dự thảo", "Draft"),
            ReportState::Submitted => lang.pick("Đã gửi", "Submitted"),
            ReportState::Returned => lang.pick("Trả lại, yêu cầu bổ sung", "Returned for revision"),
            ReportState::Accepted => lang.pick("Đã tiếp nhận", "Accepted"),
        }
    }

    /// Whether the agency may still change it.
    pub fn editable(self) -> bool {
        matches!(
            self,
            ReportState::NotStarted | ReportState::Draft | ReportState::Returned
        )
    }

    /// Whether it has reached the consolidator (submitted or accepted).
    pub fn delivered(self) -> bool {
        matches!(self, ReportState::Submitted | ReportState::Accepted)
    }
}

impl PeriodState {
    pub const fn as_str(self) -> &'static str {
        match self {
            PeriodState::Planned => "planned",
            PeriodState::Open => "open",
            PeriodState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<PeriodState> {
        [PeriodState::Planned, PeriodState::Open, PeriodState::Closed]
            .into_iter()
            .find(|st| st.as_str() == s)
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            PeriodState::Planned => lang.pick("Chưa mở", "Not yet open"),
            PeriodState::Open => lang.pick("Đang mở", "Open"),
            PeriodState::Closed => lang.pick("Đã đóng", "Closed"),
        }
    }
}

/// The state after `action`, or why it cannot be done. Agencies' own actions
/// (save, submit) need an open period; the consolidator's do not, so that a
/// late report can still be reviewed after the period closes.
pub fn transition(
    from: ReportState,
    action: Action,
    period: PeriodState,
    reason: Option<&str>,
) -> Result<ReportState, TransitionError> {
    use ReportState::*;
    let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
    if matches!(action, Action::Save | Action::Submit) && period != PeriodState::Open {
        return Err(TransitionError::PeriodNotOpen);
    }
    let to = match (from, action) {
        (NotStarted | Draft, Action::Save) => Draft,
        // A returned report stays "returned" while it is corrected, so the
        // consolidator can tell it from a first draft.
        (Returned, Action::Save) => Returned,
        (NotStarted | Draft | Returned, Action::Submit) => Submitted,
        (Submitted, Action::Return | Action::Accept) | (Accepted, Action::Reopen) => {
            if action != Action::Accept && !has_reason {
                return Err(TransitionError::ReasonRequired);
            }
            if action == Action::Accept {
                Accepted
            } else {
                Returned
            }
        }
        _ => return Err(TransitionError::NotAllowed { from, action }),
    };
    Ok(to)
}

/// Whether a report counts as late: submitted after the end of its deadline
/// day in Vietnam (UTC+7), or not submitted when that day has passed.
pub fn is_late(
    report_state: ReportState,
    submitted_at: Option<&str>,
    deadline: &str,
    now_utc: time::OffsetDateTime,
) -> bool {
    let Some(deadline) = crate::display::parse_iso_date(deadline) else {
        return false;
    };
    let offset = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let end = deadline
        .next_day()
        .unwrap_or(deadline)
        .midnight()
        .assume_offset(offset);
    match submitted_at.and_then(|s| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
    }) {
        Some(at) if report_state != ReportState::NotStarted => at >= end,
        _ => !report_state.delivered() && now_utc >= end,
    }
}

/// What a comment on a report is: the reason it was returned or reopened,
/// or the note of a department sending without some of its communes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    Return,
    Reopen,
    SubmitNote,
}

impl CommentKind {
    /// The comment a state change leaves, where it leaves one.
    pub const fn of(action: Action) -> Option<CommentKind> {
        match action {
            Action::Return => Some(CommentKind::Return),
            Action::Reopen => Some(CommentKind::Reopen),
            Action::Submit => Some(CommentKind::SubmitNote),
            Action::Save | Action::Accept => None,
        }
    }

    /// The code stored and given by the API.
    pub const fn as_str(self) -> &'static str {
        match self {
            CommentKind::Return => "return",
            CommentKind::Reopen => "reopen",
            CommentKind::SubmitNote => "submit_note",
        }
    }

    /// A stored code back into the kind; None for a code Xanh never wrote.
    pub fn parse(s: &str) -> Option<CommentKind> {
        [
            CommentKind::Return,
            CommentKind::Reopen,
            CommentKind::SubmitNote,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            CommentKind::Return => lang.pick("Trả lại", "Returned"),
            CommentKind::Reopen => lang.pick("Mở lại", "Reopened"),
            CommentKind::SubmitNote => lang.pick("Ghi chú khi gửi", "Note on sending"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportState::*;

    const OPEN: PeriodState = PeriodState::Open;

    #[test]
    fn a_report_goes_from_draft_through_return_to_acceptance() {
        let s = transition(NotStarted, Action::Save, OPEN, None).expect("save");
        assert_eq!(s, Draft);
        let s = transition(s, Action::Submit, OPEN, None).expect("submit");
        assert_eq!(s, Submitted);
        let s = transition(s, Action::Return, OPEN, Some("Thiếu số liệu 2019")).expect("return");
        assert_eq!(s, Returned);
        assert_eq!(transition(s, Action::Save, OPEN, None), Ok(Returned));
        let s = transition(s, Action::Submit, OPEN, None).expect("resubmit");
        assert_eq!(transition(s, Action::Accept, OPEN, None), Ok(Accepted));
    }

    #[test]
    fn a_submitted_or_accepted_report_cannot_be_edited_by_the_agency() {
        for from in [Submitted, Accepted] {
            assert!(matches!(
                transition(from, Action::Save, OPEN, None),
                Err(TransitionError::NotAllowed { .. })
            ));
        }
    }

    #[test]
    fn returning_and_reopening_need_a_reason() {
        assert_eq!(
            transition(Submitted, Action::Return, OPEN, Some("  ")),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            transition(Accepted, Action::Reopen, OPEN, None),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            transition(Accepted, Action::Reopen, OPEN, Some("Sai số liệu")),
            Ok(Returned)
        );
    }

    #[test]
    fn a_closed_period_takes_no_input_but_can_still_be_reviewed() {
        let closed = PeriodState::Closed;
        assert_eq!(
            transition(Draft, Action::Save, closed, None),
            Err(TransitionError::PeriodNotOpen)
        );
        assert_eq!(
            transition(Draft, Action::Submit, PeriodState::Planned, None),
            Err(TransitionError::PeriodNotOpen)
        );
        assert_eq!(
            transition(Submitted, Action::Accept, closed, None),
            Ok(Accepted)
        );
    }

    #[test]
    fn every_comment_kind_reads_back_as_itself_and_nothing_else_reads() {
        for k in [
            CommentKind::Return,
            CommentKind::Reopen,
            CommentKind::SubmitNote,
        ] {
            assert_eq!(CommentKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(CommentKind::parse("approved"), None);
        assert_eq!(CommentKind::of(Action::Accept), None);
    }
}
