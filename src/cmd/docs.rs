//! `tenken completions SHELL` and `tenken man`: shell completions and manual pages, generated
//! from the same clap command tree that parses the command line, so they cannot drift from it.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::lang::Lang;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write tenken.1, tenken-report.1, … into this existing directory instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Prints the completion script of the command line `cmd` for the shell asked for.
pub fn completions(
    args: CompletionsArgs,
    mut cmd: clap::Command,
    lang: Lang,
) -> Result<ExitCode, String> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "tenken", &mut out);
    super::emit(&out, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints tenken(1) for the command line `cmd`, or with `--dir` writes one page per command
/// there: tenken.1, tenken-report.1, tenken-catalog-list.1, … (the pages tenken(1) refers to).
pub fn man(args: ManArgs, cmd: clap::Command, lang: Lang) -> Result<ExitCode, String> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = args.dir.as_deref() else {
        super::emit(&render(cmd)?, lang)?;
        return Ok(ExitCode::SUCCESS);
    };
    let mut pages = Vec::new();
    collect(cmd, &mut pages)?;
    for (name, bytes) in pages {
        let path = dir.join(&name);
        // A new file only: never through a link, never over a file already there.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| format!("{}: {}", path.display(), crate::store::io_reason(&e, lang)))?;
        f.write_all(&bytes)
            .map_err(|e| format!("{}: {}", path.display(), crate::store::io_reason(&e, lang)))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn render(cmd: clap::Command) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .manual("tenken")
        .render(&mut out)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// The page of `cmd` and of each of its visible subcommands, depth first.
fn collect(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        collect(sub, pages)?;
    }
    let name = format!(
        "{}.1",
        cmd.get_display_name().unwrap_or_else(|| cmd.get_name())
    );
    pages.push((name, render(cmd)?));
    Ok(())
}
