//! `tenken completions SHELL` and `tenken man`: shell completions and manual pages, generated
//! from the same clap command tree that parses the command line, so they cannot drift from it.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::lang::Lang;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write tenken.1, tenken-report.1, … into this existing directory instead.
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,
}

/// Prints the completion script of the command line `cmd` for the shell asked for.
pub(crate) fn completions(
    args: CompletionsArgs,
    mut cmd: clap::Command,
    lang: Lang,
) -> Result<ExitCode, super::Failure> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "tenken", &mut out);
    super::emit(&out, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints tenken(1) for the command line `cmd`, or with `--dir` writes one page per command
/// there: tenken.1, tenken-report.1, tenken-catalog-list.1, … (the pages tenken(1) refers to).
/// A command's sections after its options (EXAMPLES, EXIT STATUS, FILES) by its path
/// (`""`, `report`, `catalog list`): the command line's own, handed in, as `cmd` is.
pub(crate) type Sections = fn(&str, Lang) -> Vec<(&'static str, Vec<String>)>;

pub(crate) fn man(
    args: ManArgs,
    cmd: clap::Command,
    sections: Sections,
    lang: Lang,
) -> Result<ExitCode, super::Failure> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let page = Page { sections, lang };
    let Some(dir) = args.dir.as_deref() else {
        super::emit(&page.render(cmd, "")?, lang)?;
        return Ok(ExitCode::SUCCESS);
    };
    let mut pages = Vec::new();
    page.collect(cmd, "", &mut pages)?;
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

/// How the pages are made: clap_mangen's sections, then the command's own.
struct Page {
    sections: Sections,
    lang: Lang,
}

impl Page {
    /// NAME, SYNOPSIS, DESCRIPTION, OPTIONS and SUBCOMMANDS from the tree; EXAMPLES, EXIT
    /// STATUS and FILES from [`Sections`]; then VERSION.
    fn render(&self, cmd: clap::Command, path: &str) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let has_subcommands = cmd.get_subcommands().any(|s| !s.is_hide_set());
        let has_version = cmd.get_version().is_some() || cmd.get_long_version().is_some();
        let man = clap_mangen::Man::new(cmd).manual("tenken");
        let e = |e: std::io::Error| e.to_string();
        man.render_title(&mut out).map_err(e)?;
        man.render_name_section(&mut out).map_err(e)?;
        man.render_synopsis_section(&mut out).map_err(e)?;
        man.render_description_section(&mut out).map_err(e)?;
        man.render_options_section(&mut out).map_err(e)?;
        if has_subcommands {
            man.render_subcommands_section(&mut out).map_err(e)?;
        }
        for (heading, lines) in (self.sections)(path, self.lang) {
            out.extend_from_slice(format!(".SH \"{heading}\"\n").as_bytes());
            for line in lines {
                // A line of its own, kept as written (no fill), roff's specials escaped.
                let line = line.replace('\\', "\\e");
                let line = if line.starts_with(['.', '\'']) {
                    format!("\\&{line}")
                } else {
                    line
                };
                out.extend_from_slice(format!(".nf\n{line}\n.fi\n").as_bytes());
            }
        }
        if has_version {
            man.render_version_section(&mut out).map_err(e)?;
        }
        Ok(out)
    }

    /// The page of `cmd` and of each of its visible subcommands, depth first.
    fn collect(
        &self,
        cmd: clap::Command,
        path: &str,
        pages: &mut Vec<(String, Vec<u8>)>,
    ) -> Result<(), String> {
        // clap's own help command has no page (tenken help CMD is CMD's page).
        let subs = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help");
        for sub in subs.cloned() {
            let sub_path = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            self.collect(sub, &sub_path, pages)?;
        }
        let name = format!(
            "{}.1",
            cmd.get_display_name().unwrap_or_else(|| cmd.get_name())
        );
        pages.push((name, self.render(cmd, path)?));
        Ok(())
    }
}
