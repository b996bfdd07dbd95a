//! settings → telemetry → command.

use clap::Parser;

use passgenau::cli::{
    Cli, Command, FixturesCommand, PermissionCommand, TaxonomyCommand, TokenCommand,
};
use passgenau::config::Settings;
use passgenau::{commands, telemetry};

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut settings = Settings::load(cli.config.as_deref())?;
    if let Some(d) = cli.data_dir {
        settings.data_dir = d;
    }
    telemetry::init(&settings.log);
    match cli.command {
        Command::Serve { addr, demo } => {
            if let Some(a) = addr {
                settings.http.addr = a;
            }
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?
                .block_on(commands::serve(settings, demo))
        }
        Command::Import { kind, file, format } => {
            let summary = commands::import(&settings, kind.entity(), &file, format)?;
            if summary.accepted == 0 && !summary.rejected.is_empty() {
                anyhow::bail!("no row was accepted");
            }
            Ok(())
        }
        Command::Export { kind, out } => {
            let n = commands::export(&settings, kind.entity(), out.as_deref())?;
            eprintln!("exported {n} {}", kind.entity().as_str());
            Ok(())
        }
        Command::Permission(PermissionCommand::Rules) => {
            print!("{}", passgenau::permission::rules_markdown());
            Ok(())
        }
        Command::Permission(PermissionCommand::Check { file }) => commands::permission_check(&file),
        Command::Permission(PermissionCommand::Matrix { as_of }) => {
            let day = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
            println!(
                "{}",
                serde_json::to_string_pretty(&passgenau::permission::matrix(day))?
            );
            Ok(())
        }
        Command::Fixtures(FixturesCommand::Generate {
            seed,
            employers,
            vacancies,
            candidates,
            as_of,
            out,
        }) => {
            let plan = passgenau::fixtures::Plan {
                seed,
                employers,
                vacancies,
                candidates,
                as_of,
                project_start: Some(
                    passgenau::reporting::ReportingConfig::embedded()?
                        .project
                        .start,
                ),
            };
            let catalog =
                passgenau::fixtures::placement_catalog(passgenau::taxonomy::Taxonomy::embedded());
            let data = passgenau::fixtures::generate_ndjson(&plan, &catalog, &out)?;
            eprintln!(
                "wrote {employers} employers, {vacancies} vacancies, {candidates} candidates, {} placements to {}",
                data.placements.len(),
                out.display()
            );
            Ok(())
        }
        Command::Taxonomy(TaxonomyCommand::ImportEsco { dir }) => {
            let summary = passgenau::taxonomy::import::import_esco(&dir)?;
            eprintln!("{summary:?}");
            Ok(())
        }
        Command::Token(TokenCommand::Create {
            role,
            employer_id,
            name,
            expires,
        }) => commands::token_create(&settings, role, employer_id, &name, expires),
        Command::Token(TokenCommand::List) => commands::token_list(&settings),
        Command::Token(TokenCommand::Matrix) => {
            print!("{}", passgenau::auth::policy::markdown());
            Ok(())
        }
        Command::Token(TokenCommand::Revoke { id }) => commands::token_revoke(&settings, &id),
        Command::Reindex => {
            let n = commands::reindex(&settings)?;
            eprintln!("reindexed {n} records");
            Ok(())
        }
    }
}
