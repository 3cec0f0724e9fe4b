//! Command-line errors in the interface language. clap writes its own errors in English
//! (`error: unexpected argument '--foo' found`); with `--lang ja` (the default) tenken renders
//! them itself from the error's kind and context, keeping the offending argument, the
//! suggestion and the usage line. With `--lang en` clap's own wording is kept. `--help` and
//! `--version` are clap's output, not errors: the help is in the language chosen here
//! (`cli::help` writes it in Japanese or English).
//!
//! The language has to be known before parsing succeeds, so it is read from the raw
//! arguments ([`lang_of_args`]).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::lang::{Lang, say};

/// The language asked for on the command line, read before clap parses it: the last
/// `--lang ja|en` or `--lang=ja|en` before a `--`. Anything else (none, an unknown value) is
/// Japanese, the default.
pub(crate) fn lang_of_args(argv: &[OsString]) -> Lang {
    let mut lang = Lang::Ja;
    let mut args = argv.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = args.next() {
        let value = if a == "--" {
            break;
        } else if a == "--lang" {
            args.next()
        } else {
            a.strip_prefix("--lang=")
                .map(|v| std::borrow::Cow::Owned(v.to_string()))
        };
        match value.as_deref() {
            Some("en") => lang = Lang::En,
            Some("ja") => lang = Lang::Ja,
            _ => {}
        }
    }
    lang
}

/// Whether clap's error is help or version output rather than an error.
fn is_output(e: &clap::Error) -> bool {
    matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
}

fn string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The usage lines of clap's rendering, with clap's English placeholders in Japanese.
fn usage_ja(rendered: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in rendered.lines() {
        // clap's error usage, or the usage of the Japanese help (`crate::cli::help`).
        if let Some(rest) = line
            .strip_prefix("Usage: ")
            .or_else(|| line.strip_prefix("使い方: "))
        {
            inside = true;
            out.push(rest.to_string());
        } else if inside && line.starts_with("       ") {
            out.push(line.trim_start().to_string());
        } else if inside {
            break;
        }
    }
    out.iter()
        .map(|l| {
            l.replace("[OPTIONS]", "[オプション]")
                .replace("<COMMAND>", "<コマンド>")
        })
        .collect()
}

/// The command the error is about (`tenken report`), from clap's usage line.
fn command_of(usage: &[String]) -> String {
    usage
        .first()
        .map(|u| {
            u.split(' ')
                // Command words only: a required option (`--organization`) ends the path too.
                .take_while(|w| {
                    !w.is_empty()
                        && !w.starts_with('-')
                        && w.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "tenken".into())
}

/// The visible subcommands of a command given by its path (`tenken catalog`).
fn subcommands_of(path: &str) -> Vec<String> {
    use clap::CommandFactory as _;
    let mut cmd = super::Cli::command();
    for name in path.split(' ').skip(1) {
        match cmd.find_subcommand(name) {
            Some(c) => cmd = c.clone(),
            None => return Vec::new(),
        }
    }
    cmd.get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
        .map(|c| c.get_name().to_string())
        .collect()
}

/// clap's error in Japanese, as printed on stderr; `None` for help and version output, which
/// clap prints itself.
pub(crate) fn render_ja(e: &clap::Error) -> Option<String> {
    if is_output(e) {
        return None;
    }
    let rendered = e.render().to_string();
    let usage = usage_ja(&rendered);
    let arg = string(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(e, ContextKind::InvalidValue).unwrap_or_default();
    let valid = strings(e, ContextKind::ValidValue);
    let mut tips = Vec::new();
    let headline = match e.kind() {
        ErrorKind::UnknownArgument => {
            if let Some(s) = string(e, ContextKind::SuggestedArg) {
                tips.push(format!("'{s}' のことですか?"));
            }
            if arg.starts_with('-') {
                format!("'{arg}' というオプションはありません")
            } else {
                format!("余分な引数があります: '{arg}'")
            }
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} に値がありません"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            if let Some(s) = string(e, ContextKind::SuggestedValue) {
                tips.push(format!("'{s}' のことですか?"));
            }
            // The validators' own reasons are English: say what is accepted instead.
            if arg.starts_with("--fiscal-year") {
                tips.push(match crate::fiscal::FiscalYear::implausible(&value) {
                    Some(y) => format!(
                        "{} ({}) は範囲外です: 回答ファイルの年度は平成元年度 (1989) から 2100年度までです",
                        y.wareki(),
                        y.0
                    ),
                    None => "年度は 2026、令和8年度、R8、H19 のように書きます".into(),
                });
            } else if arg.starts_with("--ambiguous-width") {
                tips.push("1 か 2 を指定します".into());
            } else if arg.starts_with("--jobs") {
                tips.push(format!(
                    "1 から {} までの数を指定します",
                    crate::cmd::aggregate::MAX_JOBS
                ));
            }
            format!("'{value}' は {arg} の値として使えません")
        }
        ErrorKind::InvalidSubcommand => {
            if let Some(s) = string(e, ContextKind::SuggestedSubcommand) {
                tips.push(format!("'{s}' のことですか?"));
            }
            format!(
                "'{}' というコマンドはありません",
                string(e, ContextKind::InvalidSubcommand).unwrap_or_default()
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let path = command_of(&usage);
            let mut valid = strings(e, ContextKind::ValidSubcommand);
            if valid.is_empty() {
                valid = subcommands_of(&path);
            }
            let name = path.strip_prefix("tenken ").unwrap_or(&path);
            if valid.is_empty() {
                format!("{name} にはコマンドが必要です")
            } else {
                format!("{name} にはコマンドが必要です: {}", valid.join(", "))
            }
        }
        ErrorKind::MissingRequiredArgument => format!(
            "必要な引数がありません: {}",
            strings(e, ContextKind::InvalidArg).join(", ")
        ),
        ErrorKind::ArgumentConflict => {
            let prior = strings(e, ContextKind::PriorArg);
            // clap says an option given twice conflicts with itself.
            if prior.iter().all(|p| *p == arg) {
                format!("{arg} は一度しか指定できません")
            } else {
                format!("{arg} は {} と一緒には使えません", prior.join(", "))
            }
        }
        ErrorKind::NoEquals => format!("{arg} の値は = で続けて書いてください ({arg}=値)"),
        ErrorKind::TooManyValues => format!("{arg} の値が多すぎます: '{value}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} の値の数が違います")
        }
        ErrorKind::InvalidUtf8 => "引数に UTF-8 でない文字があります".to_string(),
        _ => "コマンドラインを読めません".to_string(),
    };
    let mut out = format!("tenken: {headline}\n");
    if !valid.is_empty() {
        out.push_str(&format!("  使える値: {}\n", valid.join(", ")));
    }
    for t in tips {
        out.push_str(&format!("  ヒント: {t}\n"));
    }
    if let Some((first, rest)) = usage.split_first() {
        out.push_str(&format!("\n使い方: {first}\n"));
        for l in rest {
            out.push_str(&format!("        {l}\n"));
        }
    }
    out.push_str(&format!(
        "\n詳しくは {} --help を見てください。\n",
        command_of(&usage)
    ));
    Some(crate::safe_text::sanitize_multiline(&out).into_owned())
}

/// The message for a first word that names neither a command nor a sheet (`tenken reprot`).
pub(crate) fn no_such_command(
    word: &str,
    nearest: Option<&str>,
    names: &[&str],
    lang: Lang,
) -> String {
    let tip = match nearest {
        Some(n) => say!(
            lang,
            "近いコマンドは '{n}' です",
            "the nearest command is '{n}'"
        ),
        None => say!(
            lang,
            "コマンドは {} です",
            "the commands are {}",
            names.join(", ")
        ),
    };
    say!(
        lang,
        "'{word}' というコマンドはありません\n\n  ヒント: {tip}\n  ヒント: その名前の回答ファイルを開く・作るには tenken {word}.ron (または ./{word}) と書きます\n",
        "no such command: '{word}'\n\n  tip: {tip}\n  tip: to open or create an answer sheet of that name, write tenken {word}.ron (or ./{word})\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<OsString> {
        s.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        assert_eq!(lang_of_args(&args("tenken --lang en --foo")), Lang::En);
        assert_eq!(lang_of_args(&args("tenken report --lang=en x")), Lang::En);
        assert_eq!(lang_of_args(&args("tenken --foo")), Lang::Ja);
        assert_eq!(lang_of_args(&args("tenken --lang fr")), Lang::Ja);
        assert_eq!(lang_of_args(&args("tenken -- --lang en")), Lang::Ja);
        assert_eq!(lang_of_args(&args("tenken --lang en --lang ja")), Lang::Ja);
    }

    #[test]
    fn the_help_hint_names_the_command_not_its_required_options() {
        let usage = |u: &str| vec![u.to_string()];
        assert_eq!(
            command_of(&usage(
                "tenken new --organization <ORGANIZATION> --fiscal-year <YEAR> <FILE>"
            )),
            "tenken new"
        );
        assert_eq!(
            command_of(&usage("tenken catalog show [OPTIONS] <ID>")),
            "tenken catalog show"
        );
        assert_eq!(command_of(&[]), "tenken");
    }
}
