//! What the report page shows, row by row: the views its template reads.

/// An error as listed above the form.
pub(super) struct ErrorLine {
    /// The field it belongs to, for the link from the summary to the field.
    pub(super) field: String,
    pub(super) label: String,
    pub(super) message: String,
}

pub(super) struct SlotView {
    pub(super) confirmable: bool,
    pub(super) field: String,
    pub(super) note_field: String,
    pub(super) confirm_field: String,
    pub(super) indicator: String,
    pub(super) unit_code: String,
    pub(super) name: String,
    pub(super) place: String,
    pub(super) measure: String,
    pub(super) target: String,
    pub(super) previous: String,
    pub(super) value: String,
    pub(super) note: String,
    pub(super) confirmed: bool,
    pub(super) error: Option<String>,
    pub(super) entered_by: String,
    /// A free-text answer: a wide field, not a one-line box.
    pub(super) qualitative: bool,
    /// Why the stored figure is unusual for its unit (core's `quality`), so
    /// that the reviewer sees what the officer confirmed, beside their note.
    pub(super) flag: Option<String>,
    /// Typed by a commune in its own report, read-only here; where it
    /// comes from (or what it waits for), and that report's page.
    pub(super) received: bool,
    pub(super) source: String,
    pub(super) source_link: String,
    /// The value's history: in the report it was typed in.
    pub(super) history: String,
}

impl SlotView {
    /// The field's accessible name: indicator and place, which the grid shows
    /// as row and group headers a screen reader would not join by itself.
    pub(super) fn label(&self) -> String {
        format!("{} {} — {}", self.indicator, self.name, self.place)
    }
}

/// One indicator of an objective with its rows (one per unit it is reported for).
pub(super) struct IndicatorGroup {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) measure: String,
    pub(super) target: String,
    pub(super) slots: Vec<SlotView>,
}

pub(super) struct PartView {
    pub(super) field: String,
    pub(super) label: String,
    pub(super) body: String,
    pub(super) error: Option<String>,
    pub(super) updated_by: String,
}

/// A marked figure in the list above the form, linking to its mark.
pub(super) struct FlagLine {
    pub(super) anchor: String,
    pub(super) label: String,
    pub(super) why: String,
    /// The officer's explanation; empty while none is given.
    pub(super) note: String,
}

pub(super) struct ContributionView {
    pub(super) agency: String,
    pub(super) figures: String,
    pub(super) body: String,
    pub(super) by: String,
}

pub(super) struct ObjectiveView {
    pub(super) code: String,
    pub(super) title: String,
    /// A paragraph drafted from the figures, each linked to its source.
    pub(super) draft: Vec<xanh_app::drafting::PieceView>,
    pub(super) groups: Vec<IndicatorGroup>,
    pub(super) parts: Vec<PartView>,
    pub(super) contributions: Vec<ContributionView>,
}

pub(super) struct CommentView {
    pub(super) kind: String,
    pub(super) body: String,
    pub(super) author: String,
    pub(super) at: String,
}
