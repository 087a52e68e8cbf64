//! Problems found in outside input, located and worded in both languages.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input can be used, but a person should look at this.
    Warning,
}

/// Where a problem stands in the input: a key path such as
/// `objectives[2].indicators[0].target.year`, and the line where it is known.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Location {
    pub path: String,
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.path.is_empty()) {
            (Some(line), false) => write!(f, "line {line}, {}", self.path),
            (Some(line), true) => write!(f, "line {line}"),
            (None, false) => f.write_str(&self.path),
            (None, true) => f.write_str("(file)"),
        }
    }
}

/// One problem: a stable kind (for tests and API clients), where, and what
/// is wrong, in plain Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub kind: &'static str,
    pub location: Location,
    pub vi: String,
    pub en: String,
}

impl Problem {
    pub fn error(
        kind: &'static str,
        path: impl Into<String>,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Error,
            kind,
            location: Location {
                path: path.into(),
                line: None,
            },
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn warning(
        kind: &'static str,
        path: impl Into<String>,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(kind, path, vi, en)
        }
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.location.line = line;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.severity {
            Severity::Error => "LỖI/ERROR",
            Severity::Warning => "CẢNH BÁO/WARNING",
        };
        write!(
            f,
            "{tag} [{}] {}:\n    {}\n    {}",
            self.kind, self.location, self.vi, self.en
        )
    }
}
