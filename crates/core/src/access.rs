//! Who may do what. Every route asks one of these questions on the server;
//! the answers depend only on the actor and the thing, so they are tested
//! here exhaustively and at the routes end to end.

use crate::workflow::ReportState;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Maintains frameworks, units and accounts; does not review reports.
    Admin,
    /// The consolidating department: opens periods, reviews, consolidates.
    Consolidator,
    /// Reporting officer of one agency.
    Officer,
    /// Leaders: read only.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Consolidator => "consolidator",
            Role::Officer => "officer",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Admin, Role::Consolidator, Role::Officer, Role::Viewer]
            .into_iter()
            .find(|r| r.as_str() == s)
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            Role::Admin => lang.pick("Quản trị", "Administrator"),
            Role::Consolidator => lang.pick("Cơ quan tổng hợp", "Consolidator"),
            Role::Officer => lang.pick("Cán bộ đơn vị báo cáo", "Reporting officer"),
            Role::Viewer => lang.pick("Lãnh đạo (chỉ xem)", "Viewer (read only)"),
        }
    }
}

/// The person acting, as the server knows them after authentication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    /// The agency an officer reports for.
    pub unit: Option<String>,
}

impl Actor {
    fn is_officer_of(&self, unit: &str) -> bool {
        self.role == Role::Officer && self.unit.as_deref() == Some(unit)
    }

    /// Read a report of `unit` in `state`. Drafts never leave the agency and
    /// the consolidator; viewers read only what was accepted.
    #[must_use]
    pub fn can_read_report(&self, unit: &str, state: ReportState) -> bool {
        match self.role {
            Role::Admin | Role::Consolidator => true,
            Role::Officer => self.is_officer_of(unit),
            Role::Viewer => state == ReportState::Accepted,
        }
    }

    /// Read a lower level's report of `unit`, sent to `receiver`: besides
    /// the unit itself and the consolidating side, the receiving agency's
    /// officers read it once it has been sent (never a draft).
    #[must_use]
    pub fn can_read_lower_report(&self, unit: &str, receiver: &str, state: ReportState) -> bool {
        self.can_read_report(unit, state)
            || (self.is_officer_of(receiver)
                && !matches!(state, ReportState::NotStarted | ReportState::Draft))
    }

    /// Read the audit trail of a lower level's report: its receiver reviews
    /// the figures, as the consolidator does a department's, so it reads how
    /// they came to be once the report is sent; a viewer never does.
    #[must_use]
    pub fn can_read_lower_audit(&self, unit: &str, receiver: &str, state: ReportState) -> bool {
        self.role != Role::Viewer && self.can_read_lower_report(unit, receiver, state)
    }

    /// Return, accept or reopen a report: the consolidator reviews the lead
    /// agencies' reports, the receiving agency's officers a lower level's.
    #[must_use]
    pub fn can_review_report(&self, receiver: Option<&str>) -> bool {
        match receiver {
            Some(r) => self.is_officer_of(r),
            None => self.can_review(),
        }
    }

    /// Read the audit trail of a report of `unit`: it holds draft values, so
    /// only the agency and the consolidating side (and the administrator) see it.
    #[must_use]
    pub fn can_read_audit(&self, unit: &str, state: ReportState) -> bool {
        self.role != Role::Viewer && self.can_read_report(unit, state)
    }

    /// Change values and narrative of a report (the state must also allow it).
    #[must_use]
    pub fn can_edit_report(&self, unit: &str) -> bool {
        self.is_officer_of(unit)
    }

    /// Submit a report for the agency.
    #[must_use]
    pub fn can_submit_report(&self, unit: &str) -> bool {
        self.is_officer_of(unit)
    }

    /// Put the digital signatures of the agency's head and of its office on a
    /// report of `unit` as it was sent: the agency's officers, who carry the
    /// digest to the head's token and the signature back. Only a sent report
    /// has fixed content; a draft or a returned one is still being changed.
    #[must_use]
    pub fn can_sign_report(&self, unit: &str, state: ReportState) -> bool {
        self.is_officer_of(unit) && matches!(state, ReportState::Submitted | ReportState::Accepted)
    }

    /// Contribute figures and text to an objective led by another agency.
    #[must_use]
    pub fn can_contribute(&self, coordinating: &[String]) -> bool {
        self.role == Role::Officer
            && self
                .unit
                .as_ref()
                .is_some_and(|u| coordinating.iter().any(|c| c == u))
    }

    /// Return, accept or reopen reports; open and close periods.
    #[must_use]
    pub fn can_review(&self) -> bool {
        self.role == Role::Consolidator
    }

    /// See the period overview of every agency (states, completeness).
    #[must_use]
    pub fn can_see_overview(&self) -> bool {
        matches!(self.role, Role::Consolidator | Role::Admin | Role::Viewer)
    }

    /// Manage accounts.
    #[must_use]
    pub fn can_manage_users(&self) -> bool {
        self.role == Role::Admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportState::*;

    fn actor(role: Role, unit: Option<&str>) -> Actor {
        Actor {
            user_id: 1,
            username: "u".into(),
            role,
            unit: unit.map(Into::into),
        }
    }

    #[test]
    fn an_officer_reads_and_edits_only_the_reports_of_their_own_agency() {
        let officer = actor(Role::Officer, Some("SO-CT"));
        for state in [NotStarted, Draft, Submitted, Returned, Accepted] {
            assert!(officer.can_read_report("SO-CT", state));
            assert!(!officer.can_read_report("SO-XD", state));
        }
        assert!(officer.can_edit_report("SO-CT"));
        assert!(!officer.can_edit_report("SO-XD"));
        assert!(!officer.can_review());
        assert!(!officer.can_see_overview());
    }

    #[test]
    fn only_the_agencys_officers_sign_its_report_and_only_once_it_is_sent() {
        let officer = actor(Role::Officer, Some("SO-CT"));
        for state in [Submitted, Accepted] {
            assert!(officer.can_sign_report("SO-CT", state));
            assert!(!officer.can_sign_report("SO-XD", state));
            for other in [Role::Consolidator, Role::Viewer, Role::Admin] {
                assert!(!actor(other, Some("SO-CT")).can_sign_report("SO-CT", state));
            }
        }
        for state in [NotStarted, Draft, Returned] {
            assert!(!officer.can_sign_report("SO-CT", state), "{state:?}");
        }
    }

    #[test]
    fn drafts_are_never_visible_to_viewers() {
        let viewer = actor(Role::Viewer, None);
        for state in [NotStarted, Draft, Submitted, Returned] {
            assert!(!viewer.can_read_report("SO-CT", state));
        }
        assert!(viewer.can_read_report("SO-CT", Accepted));
        assert!(!viewer.can_edit_report("SO-CT"));
        assert!(!viewer.can_review());
    }

    #[test]
    fn only_the_consolidator_reviews_and_only_the_admin_manages_accounts() {
        let c = actor(Role::Consolidator, Some("SO-KHDT"));
        let a = actor(Role::Admin, None);
        assert!(c.can_review() && !a.can_review());
        assert!(a.can_manage_users() && !c.can_manage_users());
        // The consolidator reviews but never types an agency's figures.
        assert!(!c.can_edit_report("SO-KHDT"));
    }

    #[test]
    fn a_department_reads_and_reviews_its_communes_reports_once_sent_and_no_other() {
        let nnmt = actor(Role::Officer, Some("QN-SO-NNMT"));
        let ct = actor(Role::Officer, Some("QN-SO-CT"));
        let commune = actor(Role::Officer, Some("QN-XA-A"));
        for state in [NotStarted, Draft] {
            assert!(!nnmt.can_read_lower_report("QN-XA-A", "QN-SO-NNMT", state));
        }
        for state in [Submitted, Returned, Accepted] {
            assert!(nnmt.can_read_lower_report("QN-XA-A", "QN-SO-NNMT", state));
            assert!(!ct.can_read_lower_report("QN-XA-A", "QN-SO-NNMT", state));
            assert!(!commune.can_read_lower_report("QN-XA-B", "QN-SO-NNMT", state));
        }
        assert!(commune.can_read_lower_report("QN-XA-A", "QN-SO-NNMT", Draft));
        assert!(nnmt.can_read_lower_audit("QN-XA-A", "QN-SO-NNMT", Submitted));
        assert!(!nnmt.can_read_lower_audit("QN-XA-A", "QN-SO-NNMT", Draft));
        assert!(!actor(Role::Viewer, None).can_read_lower_audit("QN-XA-A", "QN-SO-NNMT", Accepted));
        assert!(nnmt.can_review_report(Some("QN-SO-NNMT")));
        assert!(!ct.can_review_report(Some("QN-SO-NNMT")));
        assert!(!commune.can_review_report(Some("QN-SO-NNMT")));
        // The consolidator reviews the departments, not the communes.
        let c = actor(Role::Consolidator, Some("QN-SO-TC"));
        assert!(!c.can_review_report(Some("QN-SO-NNMT")) && c.can_review_report(None));
        assert!(!nnmt.can_review_report(None));
    }

    #[test]
    fn a_coordinating_agency_contributes_only_where_it_coordinates() {
        let khcn = actor(Role::Officer, Some("SO-KHCN"));
        assert!(khcn.can_contribute(&["SO-KHCN".into()]));
        assert!(!khcn.can_contribute(&["SO-TNMT".into()]));
        assert!(!actor(Role::Viewer, None).can_contribute(&["SO-KHCN".into()]));
    }
}
