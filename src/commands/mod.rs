//! One module per command.

mod assess;
mod audit;
mod backup;
mod consolidate;
mod export;
mod framework;
mod generate;
mod import;
mod remind;
mod serve;
mod units;
mod user;

use crate::cli::{
    AuditCommand, Cli, Command, DemoCommand, ExportCommand, FrameworkCommand, ImportCommand,
    UnitsCommand,
};
use crate::config;
use std::process::ExitCode;

/// The frameworks a fresh installation starts with, oldest first: the 2014
/// Kon Tum framework (the province's history) and those after it.
pub const BUILTIN_FRAMEWORKS: &[&str] = &[
    include_str!("../../frameworks/kon-tum-598-2014.toml"),
    // After Kon Tum: its forest cover continues Kon Tum's, checked at import.
    include_str!("../../frameworks/quang-ngai-822-2023.toml"),
];

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let url = config::database_url(cli.database);
    match cli.command {
        Command::Serve(args) => serve::run(&url, args).await,
        Command::Framework(FrameworkCommand::Validate { file, json }) => {
            Ok(framework::validate(&file, json))
        }
        Command::Framework(FrameworkCommand::Import { file }) => {
            framework::import(&url, &file).await
        }
        Command::Framework(FrameworkCommand::List) => framework::list(&url).await,
        Command::Framework(FrameworkCommand::Show {
            code,
            version,
            lang,
        }) => framework::show(&url, code, version, &lang).await,
        Command::User(cmd) => user::run(&url, cmd).await,
        Command::Remind(args) => remind::run(&url, args).await,
        Command::Demo { command: None } => serve::demo(&url).await,
        Command::Demo {
            command: Some(DemoCommand::Generate(args)),
        } => generate::run(args),
        Command::Import(ImportCommand::Values(args)) => import::values(&url, args).await,
        Command::Units(UnitsCommand::Import { file }) => units::import(&url, file.as_deref()).await,
        Command::Units(UnitsCommand::Show {
            code_or_name,
            communes,
        }) => units::show(&url, &code_or_name, communes).await,
        Command::Consolidate(args) => consolidate::run(&url, args).await,
        Command::Assess(args) => assess::run(args),
        Command::Export(ExportCommand::Report(args)) => export::report(&url, args).await,
        Command::Backup(args) => backup::backup(&url, &args.out).await,
        Command::Restore(args) => backup::restore(&url, &args.file).await,
        Command::Audit(AuditCommand::Verify { json }) => audit::verify(&url, json).await,
        Command::Verify(args) => {
            audit::verify_pdf(&url, &args.file, args.trust_roots.as_deref()).await
        }
    }
}
