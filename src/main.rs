//! `arrival-atlas`: with a subcommand, the headless command line; without one, the desktop app
//! (on the files given with --boundaries/--table/--meta or a --project, else on the saved
//! working state or the bundled demo city) when built with the `gui` feature.

use arrival_atlas::cli::{self, Cli};
use clap::Parser;

fn main() {
    // A reader that stops early (`arrival-atlas inspect … | head`) closes the pipe: end
    // quietly, as Unix tools do. Rust ignores SIGPIPE, so the next print would panic instead.
    #[cfg(unix)]
    // SAFETY: called first in main, before any thread exists; restores the default handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    grow_heaps_in_large_steps();
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
        None => window(atlas_session::Startup {
            paths: args.boundaries.map(|b| atlas_data::dataset::DatasetPaths {
                boundaries: b,
                table: args.table,
                meta: args.meta,
            }),
            project: args.project,
            autosave: atlas_session::autosave_path(),
            restore: true,
            lang: args.lang.as_deref().and_then(atlas_i18n::Lang::from_code),
        }),
    };
    std::process::exit(code);
}

/// glibc grows the heap of each thread other than the main one by at least 128 KiB at a
/// time, each step a `mprotect` call: the readers of a 100 000-district data set allocate
/// hundreds of MB on their threads, and those calls were a tenth of the load's time in the
/// profile (sys time 0.47–0.58 s). Steps of 64 MiB reserve address space, not memory: pages
/// count only once written (the 100 k load's peak 300 → 307 MB, its time −6 %).
fn grow_heaps_in_large_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: called first in main, before any thread of ours; mallopt only changes the
    // allocator's tuning under the allocator's own lock, and a refusal (0) leaves the default.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}

/// The desktop app (the GUI start).
#[cfg(feature = "gui")]
fn window(startup: atlas_session::Startup) -> i32 {
    arrival_atlas::app::run(startup)
}

/// Built without the window: say so and point at the subcommands.
#[cfg(not(feature = "gui"))]
fn window(_: atlas_session::Startup) -> i32 {
    eprintln!(
        "this build has no window (built without the `gui` feature); use a subcommand, see --help"
    );
    cli::EXIT_USAGE
}
