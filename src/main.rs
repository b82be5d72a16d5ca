//! `arrival-atlas`: with a subcommand, the headless command line; without one, the desktop app
//! (on the files given with --boundaries/--table/--meta or a --project, else on the saved
//! working state or the bundled demo city).

use arrival_atlas::cli::{self, Cli};
use clap::Parser;

fn main() {
    let args = match Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                print!("{e}");
                std::process::exit(0);
            }
            // clap's message spans several lines; keep the first, which says what is wrong.
            let rendered = e.to_string();
            let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
            let mut first = lines.next().unwrap_or("invalid arguments").to_owned();
            // "…were not provided:" names the arguments on the next line.
            if first.ends_with(':')
                && let Some(next) = lines.next()
            {
                first.push(' ');
                first.push_str(next);
            }
            eprintln!("{first}");
            std::process::exit(cli::EXIT_USAGE);
        }
    };
    let code = match args.command {
        Some(command) => cli::run(command),
        None => arrival_atlas::app::run(arrival_atlas::app::Startup {
            paths: args
                .boundaries
                .map(|b| arrival_atlas::dataset::DatasetPaths {
                    boundaries: b,
                    table: args.table,
                    meta: args.meta,
                }),
            project: args.project,
            autosave: arrival_atlas::app::autosave_path(),
            restore: true,
        }),
    };
    std::process::exit(code);
}
