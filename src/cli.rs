//! The command line's words. Help texts are plain: officials and IT staff read them.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Xanh — theo dõi, đánh giá kế hoạch hành động tăng trưởng xanh.
/// Monitoring and evaluation of a green growth action plan.
#[derive(Debug, Parser)]
#[command(name = "xanh", version, about, long_about = None)]
pub struct Cli {
    /// Database URL: a SQLite file (sqlite://path/xanh.db) or PostgreSQL
    /// (postgres://user@host/db). Default: xanh.db in the data directory
    /// ($XANH_DATA_DIR, else ~/.local/share/xanh).
    #[arg(long, global = true, env = "XANH_DATABASE_URL")]
    pub database: Option<String>,

    /// Print more about what is happening (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server. Creates and migrates the database, and loads the
    /// unit register and the built-in frameworks (Kon Tum 2014, Quảng Ngãi
    /// 2021–2030) on first run.
    Serve(ServeArgs),
    /// Check, load, list and show monitoring frameworks.
    #[command(subcommand)]
    Framework(FrameworkCommand),
    /// Load the sample data set (both built-in frameworks: Kon Tum 2014–2019,
    /// the new Quảng Ngãi 2023–2026 across the 2025 reorganisation; reports in
    /// every state, issued provincial reports, sample accounts) into a fresh
    /// database, and say how to sign in.
    /// `xanh demo generate` writes a synthetic national or provincial data set instead.
    Demo {
        #[command(subcommand)]
        command: Option<DemoCommand>,
    },
    /// Load data in bulk.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Vietnam's administrative units from 1 July 2025 (34 provinces and
    /// cities, 3,321 communes, wards and special zones) and what each unit
    /// before that date became.
    #[command(subcommand)]
    Units(UnitsCommand),
    /// Consolidate one period: every indicator aggregated to every area
    /// (province) and to the whole by its rule, its progress status, and
    /// how complete the reporting is. Reads the sums kept up to date with
    /// every write, so it takes well under a second at national scale.
    Consolidate(ConsolidateArgs),
    /// Send the deadline reminders that are due now, once, and exit.
    Remind(RemindArgs),
    /// Manage accounts. The first administrator is made here:
    /// `xanh user add admin --role admin`.
    #[command(subcommand)]
    User(UserCommand),
    /// Assess a series of values against a target, as Xanh assesses every
    /// indicator, and show each figure with its formula so it can be checked
    /// by hand. Needs no database. Exits 2 when an input cannot be read.
    Assess(AssessArgs),
    /// Write documents out of the database.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Take a consistent backup of the live database into a new file, while
    /// the server keeps running. SQLite: a copy of the database file (VACUUM
    /// INTO). PostgreSQL: pg_dump's custom format (pg_dump must be installed).
    Backup(BackupArgs),
    /// Restore a backup made by `xanh backup` into an EMPTY database (a new
    /// SQLite file, or a database just made with createdb); a database that
    /// holds anything is refused. Newer migrations run after the restore.
    Restore(RestoreArgs),
    /// The audit trail's hash chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check a signed PDF: whether each signature is intact, who signed,
    /// whether anything was added after the last one, and whether it is
    /// exactly a report this database issued. Exits 1 when it was changed.
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The PDF to check.
    pub file: PathBuf,
    /// Root certificates (PEM) to check the signers' certificates against.
    #[arg(long, env = "XANH_TRUST_ROOTS")]
    pub trust_roots: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the chain from its first entry and compare the stored
    /// figures and issued documents with it; name what no longer matches.
    /// Exits 1 when anything is broken.
    Verify {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write; it must not exist yet.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file made by `xanh backup`.
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A report of a period as an official document (Decree 30/2020 layout):
    /// the province's latest compiled report, or with --agency that agency's report.
    /// `xanh export report --period annual-2019 --format pdf --out bao-cao.pdf`
    Report(ExportReportArgs),
}

#[derive(Debug, Args)]
pub struct ExportReportArgs {
    /// The period's code, as `xanh framework show` and the Periods page list
    /// them: annual-2019, mid-term-2015, end-term-2020.
    #[arg(long)]
    pub period: String,
    /// The framework's code. Needed only when several frameworks have a
    /// period of that code.
    #[arg(long)]
    pub framework: Option<String>,
    /// An agency's code (e.g. SO-CT): its own report instead of the province's.
    #[arg(long)]
    pub agency: Option<String>,
    /// pdf (to print and sign) or docx (to edit in Word first).
    #[arg(long)]
    pub format: String,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
}

/// `xanh assess --series "2015:40,2016:45.5,2017:52" --target "at_least:90@2020"`
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The values by year, as year:value pairs: "2015:40,2016:45.5,2017:52".
    /// With a Vietnamese decimal comma, separate the pairs with ';':
    /// "2015:40; 2016:45,5; 2017:52".
    #[arg(long)]
    pub series: String,
    /// The target: at_least:90@2020, above:65@2020 (strictly more),
    /// at_most:5@2020, below:10@2020 (strictly less), range:8-13@2020,
    /// all_from:2015 (100% every year from then), milestone@2020,
    /// qualitative, or none.
    #[arg(long)]
    pub target: String,
    /// Which way the indicator should go: increase or decrease. Default:
    /// decrease for at_most and below targets, increase otherwise.
    #[arg(long)]
    pub direction: Option<String>,
    /// The base year: the base is the series' value in that year, or in the
    /// first later year that has one. Default: the first year of the series.
    #[arg(long, conflicts_with = "baseline")]
    pub base_year: Option<String>,
    /// A base that is not in the series, as year:value, e.g. 2010:35.
    #[arg(long)]
    pub baseline: Option<String>,
    /// The year assessed: only values up to that year count. Default: the
    /// latest year of the series.
    #[arg(long)]
    pub year: Option<String>,
    /// A value the indicator cannot pass, such as 100 for a share in %.
    /// Without a target, the growth expected shrinks near it.
    #[arg(long)]
    pub natural_limit: Option<String>,
    /// Language of the output: vi or en.
    #[arg(long, default_value = "vi")]
    pub lang: String,
    /// Print the inputs and the whole assessment as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    #[command(flatten)]
    pub mail: MailArgs,
    /// Act as if today were this day (YYYY-MM-DD), in Vietnam's time zone.
    #[arg(long)]
    pub today: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin a strong password is
    /// generated and printed once.
    Add {
        /// Account name: lower-case letters, digits, dot, dash, underscore.
        username: String,
        /// admin, consolidator, officer or viewer.
        #[arg(long)]
        role: String,
        /// Agency code (required for an officer), e.g. SO-CT.
        #[arg(long)]
        unit: Option<String>,
        /// Full name as shown in the application.
        #[arg(long)]
        name: Option<String>,
        /// E-mail address, for deadline reminders.
        #[arg(long)]
        email: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts.
    List,
    /// Disable an account: its sessions and API tokens end at once.
    Disable { username: String },
    /// Enable a disabled account again.
    Enable { username: String },
    /// Set a new password (generated and printed unless --password-stdin);
    /// the account's sessions and API tokens end.
    ResetPassword {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "XANH_ADDR")]
    pub addr: SocketAddr,
    /// Mark session cookies Secure: use when Xanh is served over HTTPS
    /// (behind a proxy that sends X-Forwarded-Proto: https this is automatic).
    #[arg(long, env = "XANH_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Minutes without a request after which a session ends.
    #[arg(long, default_value_t = 480, env = "XANH_SESSION_MINUTES")]
    pub session_minutes: i64,
    #[command(flatten)]
    pub mail: MailArgs,
    /// Load the clearly labelled sample data set on first run (a fresh
    /// database): several years of values and reports in every state.
    #[arg(long)]
    pub demo: bool,
    /// Minutes between two reminder rounds.
    #[arg(long, default_value_t = 60, env = "XANH_REMIND_EVERY_MINUTES")]
    pub remind_every_minutes: u64,
    /// The organisation's PKCS#12 key (.p12) to sign provincial reports when
    /// they are issued (PAdES). Keep it readable by the service only.
    #[arg(long, env = "XANH_SIGNING_KEY", requires = "signing_password_file")]
    pub signing_key: Option<PathBuf>,
    /// A file holding the key's passphrase (never passed on the command line,
    /// never stored in the database, never logged).
    #[arg(long, env = "XANH_SIGNING_PASSWORD_FILE", requires = "signing_key")]
    pub signing_password_file: Option<PathBuf>,
    /// A time-stamping authority (RFC 3161, an http:// address, as the
    /// public CAs offer it): the organisation's signature then carries a
    /// trusted time (PAdES B-T), which outlives the certificate's validity.
    #[arg(long, env = "XANH_TSA_URL", requires = "signing_key")]
    pub tsa_url: Option<String>,
    /// The signer signs an issued report first, with a key Xanh never sees
    /// (USB token, remote signing; see docs/signing.md), and the organisation's
    /// key after them; without it, the organisation signs at issue.
    #[arg(long, env = "XANH_LEADER_SIGNS_FIRST")]
    pub leader_signs_first: bool,
    /// Root certificates (PEM) that /verify checks signatures against: the
    /// national root CA for public digital signatures, see docs/signing.md.
    #[arg(long, env = "XANH_TRUST_ROOTS")]
    pub trust_roots: Option<PathBuf>,
    /// A PostgreSQL streaming replica of the database (postgres://…): pages
    /// read without signing in are served from it, everything else from the
    /// primary; when it does not answer, the primary serves them (docs/scale-out.md)
    #[arg(long, env = "XANH_READ_DATABASE_URL")]
    pub read_database: Option<String>,
}

/// Where deadline reminders are sent from.
#[derive(Debug, Args, Clone)]
pub struct MailArgs {
    /// Mail server for deadline reminders: smtp://[user:password@]host[:port].
    /// Without it, reminders show only in the application.
    #[arg(long, env = "XANH_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender address of reminders.
    #[arg(long, default_value = "Xanh <xanh@localhost>", env = "XANH_MAIL_FROM")]
    pub mail_from: String,
    /// Days before a deadline when the first reminder goes out.
    #[arg(long, default_value_t = 3, env = "XANH_REMIND_DAYS_BEFORE")]
    pub remind_days_before: i64,
}

impl MailArgs {
    pub fn settings(&self) -> Option<xanh_app::reminders::MailSettings> {
        self.smtp_url
            .as_ref()
            .filter(|u| !u.trim().is_empty())
            .map(|url| xanh_app::reminders::MailSettings {
                url: url.clone(),
                from: self.mail_from.clone(),
                days_before: self.remind_days_before,
            })
    }
}

#[derive(Debug, Subcommand)]
pub enum FrameworkCommand {
    /// Check a framework file and print every problem, with its line and key.
    /// Exits 0 when the file is valid, 1 when it has errors. Needs no database.
    Validate {
        /// The framework file (TOML).
        file: PathBuf,
        /// Print the problems as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Load a framework file into the database: all or nothing. The same
    /// content twice changes nothing; changed content becomes a new version.
    Import {
        /// The framework file (TOML).
        file: PathBuf,
    },
    /// List the frameworks in the database with their current version.
    List,
    /// Show a framework: every objective with its indicators, targets, lead
    /// and coordinating agencies and reporting times, and the reporting calendar.
    Show {
        /// Framework code; default: the only (or first) framework.
        code: Option<String>,
        /// A former version instead of the current one.
        #[arg(long)]
        version: Option<i64>,
        /// Language of the listing: vi or en.
        #[arg(long, default_value = "vi")]
        lang: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Write a synthetic framework file and a values CSV, the same for the
    /// same seed: `xanh demo generate --scale national --out /tmp/quoc-gia`.
    /// national: 34 provinces, 3,321 communes, 200 indicators, 2015–2030
    /// (about 10.6 million values); province: one province, about 100 communes.
    /// Load them with `xanh framework import DIR/framework.toml` and
    /// `xanh import values DIR/values.csv`.
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// national or province.
    #[arg(long, default_value = "province")]
    pub scale: String,
    /// The directory to write framework.toml and values.csv into.
    #[arg(long)]
    pub out: PathBuf,
    /// The seed: the same seed gives the same files.
    #[arg(long, default_value_t = 598)]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Load a values CSV (columns period, indicator, unit_code, value, optional
    /// note; other columns are ignored) all or nothing: every row is checked and
    /// every problem named by line and column; nothing is stored unless all are valid.
    /// Each value goes into the report of its unit's area for the period (see
    /// docs/bulk-import.md).
    Values(ImportValuesArgs),
}

#[derive(Debug, Subcommand)]
pub enum UnitsCommand {
    /// Load the unit registry, all or nothing: every line is checked and
    /// every problem named by its line; nothing is stored unless all are
    /// valid. The same data twice changes nothing. Without --file, the
    /// registry built into Xanh (data/units/vn-2025.tsv) is loaded.
    Import {
        /// A registry file in the same tab-separated format.
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Show a unit by code (62, 23299) or name ("Kon Tum", "Phường Thống
    /// Nhất"): the unit in force and, for a unit before 1 July 2025, which
    /// unit(s) it became. Exits 1 when nothing matches.
    Show {
        code_or_name: String,
        /// For a province or city in force, list its communes too.
        #[arg(long)]
        communes: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImportValuesArgs {
    /// The CSV file (UTF-8, comma-separated, with a header line).
    pub file: PathBuf,
    /// The framework's code. Needed only when several frameworks have a
    /// period of that code.
    #[arg(long)]
    pub framework: Option<String>,
    /// Do not draw the progress bar.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ConsolidateArgs {
    /// The period's code: annual-2024.
    #[arg(long)]
    pub period: String,
    /// The framework's code. Needed only when several frameworks have a
    /// period of that code.
    #[arg(long)]
    pub framework: Option<String>,
    /// Print the whole consolidation as JSON.
    #[arg(long)]
    pub json: bool,
}
