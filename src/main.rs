//! settings → telemetry → command.

use clap::Parser;

use passgenau::cli::{Cli, Command};
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
        Command::Reindex => {
            let n = commands::reindex(&settings)?;
            eprintln!("reindexed {n} records");
            Ok(())
        }
    }
}
