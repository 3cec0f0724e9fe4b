//! The command tree in the interface language: `--help`, `tenken help CMD`, `tenken man` and
//! the completions are made from [`command`], which is clap's tree (`Cli`) with every
//! description, heading and option help put into Japanese (the default) or left in English
//! (`--lang en`), the options a command ignores hidden from it, and each command's EXAMPLES,
//! EXIT STATUS and FILES ([`sections`]) after its options.

use clap::{Arg, Command, CommandFactory as _};

use super::Cli;
use crate::lang::Lang;

/// Global options that only the interview uses (drawing the screen): not offered on the
/// commands that print or write (they are still accepted there, and do nothing).
const SCREEN_ONLY: &[&str] = &["ascii", "ambiguous_width"];
/// Commands that read no catalog, so `--catalog` is not offered on them.
const NO_CATALOG: &[&str] = &["completions", "man"];
/// Commands that draw the interview.
const INTERVIEW: &[&str] = &["open", "demo"];

/// Drops clap's "a similar argument exists" from a usage error when that argument is hidden on
/// the command `argv` runs (`report --bogus` suggested `--ambiguous-width`, an option of the
/// interview that `report` only tolerates): clap suggests hidden arguments too
/// (clap-rs/clap#4853). `root` is the tree the words were parsed with.
pub(crate) fn drop_hidden_suggestion(
    root: &Command,
    argv: &[std::ffi::OsString],
    e: &mut clap::Error,
) {
    use clap::error::{ContextKind, ContextValue};
    let Some(ContextValue::String(suggested)) = e.get(ContextKind::SuggestedArg) else {
        return;
    };
    let long = suggested.trim_start_matches('-');
    // The command the words name (an option's value that is a command's name misleads this
    // walk; it decides only whether a tip is shown).
    let mut cmd = root;
    for word in argv.iter().skip(1).take_while(|w| *w != "--") {
        if let Some(sub) = word.to_str().and_then(|w| cmd.find_subcommand(w)) {
            cmd = sub;
        }
    }
    if cmd
        .get_arguments()
        .any(|a| a.get_long() == Some(long) && a.is_hide_set())
    {
        e.remove(ContextKind::SuggestedArg);
    }
}

/// The command line as parsed and documented in `lang`.
pub(crate) fn command(lang: Lang) -> Command {
    let root = Cli::command();
    let globals: Vec<Arg> = root
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    let names: Vec<String> = root
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut root = localize(root, "", lang);
    for name in names {
        root = root.mut_subcommand(&name, |mut sub| {
            // A hidden copy stops clap from propagating the offered one.
            for a in &globals {
                let id = a.get_id().as_str();
                let hide = (SCREEN_ONLY.contains(&id) && !INTERVIEW.contains(&name.as_str()))
                    || (id == "catalog" && NO_CATALOG.contains(&name.as_str()));
                if hide {
                    sub = sub.arg(a.clone().hide(true));
                }
            }
            sub
        });
    }
    if lang == Lang::Ja {
        root = root.after_help(
            "tenken FILE で回答ファイルを開きます (tenken open FILE と同じ)。ファイルがなければ短い入力欄から作ります。",
        );
        // The help command exists once the tree is built.
        root.build();
        let about = "このヘルプ、またはコマンドのヘルプを表示する";
        root = root.mut_subcommand("help", |h| h.about(about));
        // And the one of each command that has commands of its own (`catalog`).
        let parents: Vec<String> = root
            .get_subcommands()
            .filter(|s| s.get_name() != "help" && s.has_subcommands())
            .map(|s| s.get_name().to_string())
            .collect();
        for parent in parents {
            root = root.mut_subcommand(&parent, |p| {
                if p.find_subcommand("help").is_some() {
                    p.mut_subcommand("help", |h| h.about(about))
                } else {
                    p
                }
            });
        }
    }
    root
}

/// The usage of the commands used in more than one way, a line each (clap's own for the rest).
const USAGES: [(&str, &[&str]); 2] = [
    (
        "",
        &[
            "tenken [OPTIONS] FILE [--previous LAST.ron]",
            "tenken [OPTIONS] <COMMAND>",
        ],
    ),
    (
        "new",
        &[
            "tenken new --organization <ORGANIZATION> --fiscal-year <YEAR> <FILE>",
            "tenken new --from <LAST.ron|.xlsx|.csv> <FILE>",
        ],
    ),
];

/// `cmd` (at `path`, e.g. `catalog list`) and its subcommands, described in `lang`.
fn localize(mut cmd: Command, path: &str, lang: Lang) -> Command {
    if let Some((_, lines)) = USAGES.iter().find(|(p, _)| *p == path) {
        // The lines after the first under it: after 「Usage: 」 or 「使い方: 」.
        let under = lang.pick("\n        ", "\n       ");
        cmd = cmd.override_usage(lines.join(under));
    }
    if let Some(d) = DESCRIPTIONS.iter().find(|d| d.path == path) {
        cmd = cmd.long_about(lang.pick(d.ja_long, d.en_long).to_string());
        if lang == Lang::Ja {
            cmd = cmd.about(d.ja);
        }
    }
    let after = after_help(path, lang);
    if !after.is_empty() {
        cmd = cmd.after_long_help(after);
    }
    if lang == Lang::Ja {
        cmd = cmd
            .help_template("{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}")
            .subcommand_help_heading("コマンド")
            .disable_help_flag(true)
            .disable_version_flag(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help("このヘルプを表示する (-h は短く、--help は例なども)"),
            )
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help("版を表示する"),
            );
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        for (k, id) in ids.into_iter().enumerate() {
            cmd = cmd.mut_arg(&id, |a| {
                // Under a heading of their own, positionals keep their order only if told.
                let a = if a.is_positional() {
                    a.help_heading("引数").display_order(k)
                } else {
                    a.help_heading("オプション")
                };
                let own = |p: &str| OPTION_HELP.iter().find(|(q, i, _)| *q == p && *i == id);
                let help = match own(path).or_else(|| own("")) {
                    Some((_, _, ja)) => ja.to_string(),
                    None => a.get_help().map(ToString::to_string).unwrap_or_default(),
                };
                let help = help + &values_and_default(&a);
                let a = a.help(help).long_help(None::<&str>);
                // Listed in the help above, not by clap again; a flag has none to hide (clap
                // refuses the setting on one: a debug build panics).
                match a.get_action().takes_values() {
                    true => a.hide_possible_values(true).hide_default_value(true),
                    false => a,
                }
            });
        }
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path, lang));
    }
    cmd
}

/// An option's values and default in Japanese, as clap would list them in English
/// (「Possible values」, 「[default: …]」): 「値: ja, en」, or a line per value where a value
/// is explained; 「既定: ja」.
fn values_and_default(a: &Arg) -> String {
    let mut out = String::new();
    let values: Vec<_> = if a.get_action().takes_values() && !a.is_hide_possible_values_set() {
        a.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    } else {
        Vec::new()
    };
    if values.iter().any(|v| v.get_help().is_some()) {
        out.push_str("\n\n値:");
        for v in &values {
            out.push_str(&format!("\n- {}", v.get_name()));
            if let Some(help) = v.get_help() {
                let help = help.to_string();
                let ja = VALUE_HELP
                    .iter()
                    .find(|(en, _)| *en == help)
                    .map_or(help.as_str(), |(_, ja)| ja);
                out.push_str(&format!(": {ja}"));
            }
        }
    } else if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        out.push_str(&format!("\n\n値: {}", names.join(", ")));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|d| d.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        let sep = if out.is_empty() { "\n\n" } else { "\n" };
        out.push_str(&format!("{sep}既定: {}", defaults.join(", ")));
    }
    out
}

/// The explanations of option values in Japanese, by their English (the values' doc comments).
const VALUE_HELP: &[(&str, &str)] = &[
    (
        "A workbook for Excel (needs -o FILE)",
        "Excel のワークブック (-o FILE が必要)",
    ),
    (
        "The catalog's national averages (平成15–19年度)",
        "点検票の全国平均 (平成15–19年度)",
    ),
    (
        "The catalog's national averages (平成19年度)",
        "点検票の全国平均 (平成19年度)",
    ),
    (
        "This collection's own averages (a 全体 row under the 都道府県別 subtotals)",
        "この集計自身の平均 (都道府県別の小計の下に「全体」の行)",
    ),
    (
        "Last year's table (needs --previous-aggregate)",
        "前年度の集計表 (--previous-aggregate が必要)",
    ),
    ("No yardstick", "比べない"),
    ("None", "描かない"),
];

/// A command's description: one line (Japanese; the English line is the code's doc comment)
/// and the paragraph of its DESCRIPTION in both languages.
struct Description {
    path: &'static str,
    ja: &'static str,
    ja_long: &'static str,
    en_long: &'static str,
}

const DESCRIPTIONS: &[Description] = &[
    Description {
        path: "",
        ja: "点検: 住基ネット セキュリティ自己点検チェックリスト",
        ja_long: "点検: 住基ネット セキュリティ自己点検チェックリスト。\n\ntenken FILE で回答ファイル (RON) を開き、端末で点検項目に答えます (ファイルがなければ短い入力欄から作ります)。コマンドは回答ファイルを読んで、報告書 (report)、全国の集計表 (aggregate)、前年度との比較 (diff)、内容の確認 (check) を出力し、確認者の押印を照合番号で封じます (sign)。",
        en_long: "tenken: the security self-inspection checklist of the Basic Resident Registration Network (住基ネット).\n\ntenken FILE opens an answer sheet (RON) and you answer the items in the terminal (a short form creates the file when it does not exist). The commands read sheets and print the report (report), the national table (aggregate), the changes since last year (diff) and what is to be fixed (check), and seal the sign-off with a 照合番号 (sign).",
    },
    Description {
        path: "catalog",
        ja: "点検票 (カタログ) の一覧、表示、検査",
        ja_long: "点検票 (カタログ) を見ます。組み込みの市区町村版と国の行政機関等版、--catalog で加えた点検票の項目を一覧し (list)、1 項目を表示し (show)、点検票ファイルを検査します (validate)。",
        en_long: "Look at the catalogs (checklists): the embedded municipal and national editions and one added with --catalog. List every item (list), show one (show), or validate a catalog file (validate).",
    },
    Description {
        path: "catalog list",
        ja: "全項目の一覧: 項目番号、管理目標、重要点検項目の年度、設問",
        ja_long: "点検票の全項目を一覧します: 項目番号、管理目標、重要点検項目に指定された年度、設問。--format で TSV、Markdown、JSON を選びます。",
        en_long: "List every item of a catalog: id, 管理目標, the years it was a priority item, the wording. --format chooses TSV, Markdown or JSON.",
    },
    Description {
        path: "catalog show",
        ja: "1 項目の表示: 位置、重要点検項目の年度、対象となる条件、全国の参考統計",
        ja_long: "1 項目を表示します: 大分類から管理目標までの位置、重要点検項目の年度、対象となる条件、全国平均などの参考統計。管理目標の番号 (例: 23) ではその目標の項目を一覧します。",
        en_long: "Show one item: its place from 大分類 to 管理目標, the years it was a priority item, when it applies, and the national reference statistics. A 管理目標's number (e.g. 23) lists that goal's items.",
    },
    Description {
        path: "catalog validate",
        ja: "点検票ファイルの検査。正しければ終了ステータス 0、誤りがあれば 1",
        ja_long: "独自の点検票ファイル (RON) を検査します。誤りは ファイル:行:桁 と項目番号で示します。",
        en_long: "Validate a custom catalog file (RON). Each problem is shown with file:line:column and the item id.",
    },
    Description {
        path: "new",
        ja: "新しい回答ファイルを作る (既存のファイルは上書きしない)",
        ja_long: "新しい回答ファイルを作ります。既にあるファイルは決して上書きしません。--from で前年度の回答ファイル (.ron)、報告書のワークブック (.xlsx) か項目ごとの表 (.csv) から始めると、団体名、回答者、団体の条件を引き継ぎ、すべての回答を下書きとして持ち越します (確定するまで集計に数えません)。",
        en_long: "Create a new answer sheet; an existing file is never overwritten. With --from last year's sheet (.ron), report workbook (.xlsx) or per-item table (.csv), the organization, respondent and profile are carried over and every answer comes as a draft (counted nowhere until confirmed).",
    },
    Description {
        path: "check",
        ja: "回答ファイルを点検票と照らして確認する。終了ステータス 0 問題なし、1 指摘あり、2 使えないファイル",
        ja_long: "回答ファイルを点検票と照らして確認します: 未回答、改善計画のない 1・2 点、期限を過ぎた改善計画、点検票にない項目、確認後の変更 (照合番号の不一致) など。",
        en_long: "Check a sheet against its catalog: unanswered items, items at 1 or 2 without a plan, plans past their due date, ids the catalog does not have, changes since the sign-off (a seal that no longer matches), and more.",
    },
    Description {
        path: "report",
        ja: "1 団体の点検結果: 分類別の点数、総平均点、重要点検項目の警告、評価1の項目、改善計画書",
        ja_long: "1 つの回答ファイルの点検結果を出力します: 分類別の点数、総平均点、3 点に達していない重要点検項目、評価1の項目、改善計画書、全回答。点検実施者、確認者、点検日と照合番号を載せます。形式は text、md、csv、json、xlsx (ワークブック: 概要、改善計画書、重要点検項目、見出し別平均、グラフ、回答)。",
        en_long: "Report on one sheet: scores by heading, 総平均点, priority items below 3, items at 1, the improvement plan (改善計画書) and every answer, with the sign-off (点検実施者, 確認者, 点検日) and the 照合番号. Formats: text, md, csv, json, xlsx (a workbook: cover, 改善計画書, priority items, averages, chart, answers).",
    },
    Description {
        path: "sign",
        ja: "確認欄 (点検実施者、確認者、点検日) を記録し照合番号で封じる",
        ja_long: "確認欄 (点検実施者、確認者、点検日) を回答ファイルに記録し、ヘッダーと回答の指紋 (SHA-256) を照合番号として保存します。照合番号はすべての報告書に印刷され、check と aggregate は各ファイルが確認時の内容のままかを示します。証明するのは「このファイルが押印された報告書のファイルである」ことで、誰が押印したかではありません。",
        en_long: "Record the sign-off (点検実施者, 確認者, 点検日) in the sheet and seal it: a fingerprint (SHA-256) of its header and answers, printed on every report as the 照合番号. check and aggregate say whether each file still matches its sign-off. It proves that this file is the one whose report was stamped, not who stamped it.",
    },
    Description {
        path: "aggregate",
        ja: "多数の団体の回答ファイルを全国の集計表にまとめる",
        ja_long: "多数の団体の回答ファイルを点検結果集計表にまとめます: 項目ごとの平均値と回答 3・2・1 の割合、大分類と管理目標の平均、要フォローアップ団体。ディレクトリは中のファイルをすべて再帰的に読みます (回答ファイル、.xlsx・.csv の表。名前が . や ~$ で始まるものは除く。シンボリックリンクの先も読み、同じファイルやディレクトリは一度だけ)。読めないファイルは一覧して除外します (--strict では集計表を書きません)。集計される団体が一つもなければ、--roster で未提出を見るとき以外は集計表を書かずに失敗します (--roster があれば、まだ何も届いていない空のディレクトリでも全団体を未提出とする集計表を書きます)。",
        en_long: "Aggregate many organizations' sheets into the national table (集計表): per item the average and the shares answering 3, 2 and 1; the 大分類 and 管理目標 averages; the organizations to follow up. Directories are read recursively, every file in them (answer sheets, .xlsx and .csv tables; not names beginning with . or ~$; symbolic links followed, each file and directory once). Files that cannot be read are listed and skipped (--strict writes no table then). When no organization counts, no table is written and the run fails, unless --roster asks who is missing (with --roster, an empty directory, nothing handed in yet, gives the table of everyone missing).",
    },
    Description {
        path: "diff",
        ja: "前年度と今年度の回答ファイルを比べる: 項目ごと、分類ごと",
        ja_long: "前年度の回答ファイルと今年度のものを比べます: 分類別平均と向上値、3 点を下回った重要点検項目、変化のあった項目 (設問つき)、改善計画の追加・変更・削除・前年度のまま。",
        en_long: "Compare last year's sheet with this year's: section averages and the change (向上値), priority items that fell below 3, the items that changed (with their wording), and plans added, changed, dropped or carried over unchanged.",
    },
    Description {
        path: "open",
        ja: "回答ファイルを端末で記入する (なければ短い入力欄から作る)",
        ja_long: "回答ファイルを端末で開いて記入します。数字キーで回答し、保存は自動です。ファイルがなければ短い入力欄から作ります。? でキーの一覧を表示します。",
        en_long: "Open an answer sheet in the terminal and fill it in: digit keys answer, saving is automatic. A short form creates the file when it does not exist. ? shows the keys.",
    },
    Description {
        path: "demo",
        ja: "一部回答済みの見本を一時ディレクトリで開く",
        ja_long: "一部回答済みの見本の回答ファイル (架空の団体) を一時ディレクトリに置いて開きます。",
        en_long: "Open a partly answered sample sheet (a fictitious organization) in a temporary directory.",
    },
    Description {
        path: "completions",
        ja: "シェルの補完スクリプトを出力する",
        ja_long: "シェルの補完スクリプトを出力します。例: tenken completions bash > /etc/bash_completion.d/tenken",
        en_long: "Print the shell completion script, e.g. tenken completions bash > /etc/bash_completion.d/tenken",
    },
    Description {
        path: "man",
        ja: "マニュアルページ tenken(1) を出力する (--dir でコマンドごとに書く)",
        ja_long: "マニュアルページ tenken(1) を roff で出力します。--dir を付けると tenken.1、tenken-report.1 など、コマンドごとのページをそのディレクトリに書きます。",
        en_long: "Print the manual page tenken(1) in roff; with --dir, write one page per command (tenken.1, tenken-report.1, …) into that directory.",
    },
];

/// Option help in Japanese: (command path, or "" for every command; argument id; text).
const OPTION_HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "catalog",
        "組み込みの点検票に加えて独自の点検票 (RON) を使う (例: 翌年度の重要点検項目)",
    ),
    ("", "lang", "画面と文言の言語 (日本語が正本、英語は参考訳)"),
    (
        "",
        "ascii",
        "枠と棒を ASCII だけで描く (TENKEN_ASCII=1 でも可)。曖昧幅の文字を 2 桁で描く端末では不要 (tenken が自分で調べます)",
    ),
    (
        "",
        "ambiguous_width",
        "端末が曖昧幅の文字 (罫線、一部の記号) を何桁で描くか: 1 か 2 (TENKEN_AMBIGUOUS_WIDTH=1|2 でも可)。既定では端末に問い合わせる",
    ),
    (
        "",
        "previous",
        "前年度の回答ファイルを今年度の横に表示する (読むだけ: ロックも書き込みもしない)",
    ),
    (
        "",
        "format",
        "出力の形式。既定は -o の拡張子 (.xlsx, .csv, .json, .md, .txt) の形式、-o がないか拡張子のない名前には text (ほかの拡張子には --format が必要)",
    ),
    ("", "output", "標準出力の代わりにこのファイルに書く"),
    (
        "",
        "no_bom",
        "CSV: バイト順マークを付けない (Excel が UTF-8 として読むにはマークが必要)",
    ),
    (
        "",
        "edition",
        "点検票の版 (既定: 市区町村版、または --catalog の点検票)",
    ),
    ("catalog list", "format", "一覧の形式"),
    (
        "catalog show",
        "id",
        "項目番号 (例: 23-4)、または管理目標の番号 (例: 23)",
    ),
    ("catalog validate", "file", "検査する点検票ファイル (RON)"),
    ("new", "file", "作る回答ファイル (例: 2026.ron)"),
    (
        "new",
        "organization",
        "団体名 (--from では省略すると前年度のもの)",
    ),
    (
        "new",
        "fiscal_year",
        "年度: 2026、令和8年度、R8、H19 … (--from では省略すると前年度の翌年度)",
    ),
    (
        "new",
        "from",
        "前年度の回答ファイル (.ron)、報告書のワークブック (.xlsx) か項目ごとの表 (.csv) から始める: 回答はすべて下書きとして持ち越す",
    ),
    (
        "new",
        "dry_run",
        "--from で持ち越す内容を表示するだけで、何も書かない",
    ),
    (
        "new",
        "organization_code",
        "団体コード: 6 桁の全国地方公共団体コード (5 桁なら検査数字を補う)。--from では省略すると前年度のもの",
    ),
    (
        "new",
        "prefecture",
        "都道府県 (東京都 または 東京)。省略すると団体コードから",
    ),
    ("new", "respondent", "回答者 (部署または担当者)"),
    (
        "new",
        "important_room",
        "重要機能室の有無 (対象となる項目が変わる)",
    ),
    ("check", "file", "確認する回答ファイル"),
    ("report", "file", "回答ファイル"),
    (
        "report",
        "previous",
        "xlsx: 前年度の回答ファイル。グラフに今年度と並べて描く (読むだけ)",
    ),
    (
        "sign",
        "file",
        "確認欄を記録する回答ファイル (例: 2026.ron)",
    ),
    ("sign", "inspector", "点検実施者"),
    ("sign", "approver", "確認者"),
    (
        "sign",
        "date",
        "点検日: 2027-02-10、令和9年2月10日、R9.2.10 … (既定: 今日)",
    ),
    (
        "aggregate",
        "paths",
        "回答ファイル (.ron)、表 (.xlsx, .csv)、またはその中を再帰的に探すディレクトリ",
    ),
    (
        "aggregate",
        "roster",
        "提出すべき団体の名簿 (CSV または xlsx: 団体コード, 団体名, 都道府県)",
    ),
    (
        "aggregate",
        "fiscal_year",
        "集計する年度 (既定: 最も多くの回答ファイルの年度)。ほかの年度は除外する",
    ),
    (
        "aggregate",
        "prefer",
        "その団体について、最新の回答ファイルの代わりにこのファイルを数える (繰り返し可)",
    ),
    (
        "aggregate",
        "previous_aggregate",
        "前年度の集計表 (以前の出力の .json または .xlsx): 前年度の平均と向上値を加え、片方の年度にだけ数えた団体を挙げる",
    ),
    (
        "aggregate",
        "benchmark",
        "数値と並べる基準 (既定: 平成の集計表なら national、--previous-aggregate があれば previous、ほかは none)",
    ),
    (
        "report",
        "benchmark",
        "xlsx: グラフに全国平均 (平成19年度) を描くかどうか (既定: 平成の回答ファイルのときだけ描く)",
    ),
    (
        "aggregate",
        "strict",
        "読めないファイル、下書きの残るシート、名簿にあって未提出の団体があれば、集計表を書かずに失敗する (問題をすべて挙げる)",
    ),
    (
        "aggregate",
        "jobs",
        "同時に読むファイルの数 (既定: コアの数、最大 8)。数によらず集計表は同じ",
    ),
    ("diff", "old", "前年度の回答ファイル"),
    ("diff", "new", "今年度の回答ファイル"),
    ("open", "file", "回答ファイル (RON)"),
    (
        "completions",
        "shell",
        "bash、zsh、fish、elvish、powershell のどれか",
    ),
    (
        "man",
        "dir",
        "tenken.1、tenken-report.1 … をこの既存のディレクトリに書く",
    ),
];

/// A command's sections after its options — EXAMPLES, EXIT STATUS, FILES — as (heading,
/// lines). The same text ends `--help` and the manual pages.
pub(crate) fn sections(path: &str, lang: Lang) -> Vec<(&'static str, Vec<String>)> {
    let l = |ja: &str, en: &str| lang.pick(ja, en).to_string();
    let examples: Vec<String> = match path {
        "" => vec![
            l(
                "tenken 2026.ron            回答ファイルを開いて記入する (なければ作る)",
                "tenken 2026.ron            open a sheet and fill it in (created if missing)",
            ),
            l(
                "tenken new 2027.ron --from 2026.ron   前年度から今年度のファイルを作る",
                "tenken new 2027.ron --from 2026.ron   start this year's sheet from last year's",
            ),
            l(
                "tenken report 2026.ron -o 報告書.xlsx  報告書のワークブックを書く",
                "tenken report 2026.ron -o report.xlsx  write the report workbook",
            ),
            l(
                "tenken check 2026.ron      直すべきことを確認する",
                "tenken check 2026.ron      see what is left to fix",
            ),
            l(
                "tenken sign 2026.ron --inspector 山田 --approver 佐藤   確認欄を封じる",
                "tenken sign 2026.ron --inspector Yamada --approver Sato   seal the sign-off",
            ),
        ],
        "new" => vec![
            l(
                "tenken new 2026.ron --organization 例市 --fiscal-year 令和8年度",
                "tenken new 2026.ron --organization 例市 --fiscal-year 2026",
            ),
            l(
                "tenken new 2027.ron --from 2026.ron --dry-run   持ち越す内容だけを見る",
                "tenken new 2027.ron --from 2026.ron --dry-run   see what would be carried over",
            ),
            l(
                "tenken new 2027.ron --from 報告書.xlsx          報告書のワークブックから始める",
                "tenken new 2027.ron --from report.xlsx           start from a report workbook",
            ),
            l(
                "tenken new 2027.ron --from 回答.csv             項目番号と評価の列がある CSV から",
                "tenken new 2027.ron --from answers.csv          from a CSV with item id and score columns",
            ),
        ],
        "check" => vec![l(
            "tenken check 2026.ron && echo 問題なし",
            "tenken check 2026.ron && echo fine",
        )],
        "report" => vec![
            l(
                "tenken report 2026.ron                 端末に表示する",
                "tenken report 2026.ron                 print it in the terminal",
            ),
            l(
                "tenken report 2026.ron -o 報告書.xlsx   ワークブック (-o の拡張子で形式が決まる)",
                "tenken report 2026.ron -o report.xlsx  a workbook (-o's extension picks the format)",
            ),
            l(
                "tenken report 2026.ron -o 報告書.xlsx --previous 2025.ron   グラフに前年度も描く",
                "tenken report 2026.ron -o report.xlsx --previous 2025.ron   last year in the chart too",
            ),
            l(
                "tenken report 2026.ron --format md > 報告書.md",
                "tenken report 2026.ron --format md > report.md",
            ),
        ],
        "sign" => vec![l(
            "tenken sign 2026.ron --inspector 山田 --approver 佐藤 --date 令和9年2月10日",
            "tenken sign 2026.ron --inspector Yamada --approver Sato --date 2027-02-10",
        )],
        "aggregate" => vec![
            l(
                "tenken aggregate 回答/ -o 集計表.xlsx",
                "tenken aggregate sheets/ -o table.xlsx",
            ),
            l(
                "tenken aggregate 回答/ --format json -o 令和8年度.json",
                "tenken aggregate sheets/ --format json -o 2026.json",
            ),
            l(
                "tenken aggregate 回答/ --previous-aggregate 令和7年度.json -o 集計表.xlsx",
                "tenken aggregate sheets/ --previous-aggregate 2025.json -o table.xlsx",
            ),
        ],
        "diff" => vec![
            l(
                "tenken diff 2025.ron 2026.ron           前年度 今年度 の順",
                "tenken diff 2025.ron 2026.ron           last year first",
            ),
            l(
                "tenken diff 2025.ron 2026.ron -o 比較.xlsx",
                "tenken diff 2025.ron 2026.ron -o changes.xlsx",
            ),
        ],
        "open" => vec![l(
            "tenken open 2026.ron --previous 2025.ron   前年度を横に表示して記入する",
            "tenken open 2026.ron --previous 2025.ron   with last year beside",
        )],
        "demo" => vec![
            l(
                "tenken demo                  見本のシート (前年度つき) を一時ディレクトリで開く",
                "tenken demo                  the sample sheet (with last year's) in a temporary directory",
            ),
            l(
                "tenken --lang en demo        英語で",
                "tenken --lang ja demo        in Japanese",
            ),
        ],
        "catalog" | "catalog list" => vec![l(
            "tenken catalog list --format md",
            "tenken catalog list --format md",
        )],
        "catalog show" => vec![l("tenken catalog show 23-4", "tenken catalog show 23-4")],
        "catalog validate" => vec![l(
            "tenken catalog validate 令和9年度.ron",
            "tenken catalog validate next-year.ron",
        )],
        "completions" => vec![l(
            "tenken completions bash > /etc/bash_completion.d/tenken",
            "tenken completions bash > /etc/bash_completion.d/tenken",
        )],
        "man" => vec![l(
            "tenken man --dir /usr/local/share/man/man1",
            "tenken man --dir /usr/local/share/man/man1",
        )],
        _ => vec![],
    };
    let mut exit = vec![l("0   成功", "0   success")];
    match path {
        "check" => {
            exit.push(l("1   指摘あり (一覧を表示)", "1   findings (listed)"));
            exit.push(l(
                "2   使えないファイル (読めない、点検票がない)",
                "2   an unusable file (unreadable, no catalog)",
            ));
        }
        "catalog validate" => {
            exit.push(l("1   点検票に誤りがある", "1   the catalog has problems"));
            exit.push(l("2   コマンドラインの誤り", "2   a usage error"));
        }
        _ => {
            exit.push(l(
                "1   エラー (理由を標準エラー出力に表示)",
                "1   an error (said on standard error)",
            ));
            exit.push(l("2   コマンドラインの誤り", "2   a usage error"));
        }
    }
    exit.push(l(
        "74  標準出力か出力ファイルに書けなかった",
        "74  standard output or the output file could not be written",
    ));
    if matches!(path, "" | "open" | "demo") {
        exit.push(l(
            "129 回線が切れた (SIGHUP、端末がなくなった)、130 SIGINT、143 SIGTERM で終了: 入力中の内容も保存済み",
            "129 ended by a hang-up (SIGHUP, or the terminal went away), 130 by SIGINT, 143 by SIGTERM: what was being typed is saved too",
        ));
    }
    let files: Vec<String> = match path {
        "" | "open" | "demo" => vec![
            l(
                "FILE.ron        回答ファイル (RON、UTF-8)。保存は一時ファイルから置き換え、モード 0600",
                "FILE.ron        the answer sheet (RON, UTF-8), saved by replacing it through a temporary file, mode 0600",
            ),
            l(
                ".FILE.ron.lock  編集中のロック (同じディレクトリ。終了時に消える)",
                ".FILE.ron.lock  the lock while it is open (beside it; removed on exit)",
            ),
        ],
        "catalog validate" => vec![l(
            "FILE.ron        点検票ファイル (RON、UTF-8。読むだけ)",
            "FILE.ron        the catalog file (RON, UTF-8; only read)",
        )],
        "new" | "sign" | "check" => vec![l(
            "FILE.ron        回答ファイル (RON、UTF-8)",
            "FILE.ron        the answer sheet (RON, UTF-8)",
        )],
        "report" | "aggregate" | "diff" => vec![
            l(
                "FILE.ron        回答ファイル (読むだけ)",
                "FILE.ron        answer sheets (only read)",
            ),
            l(
                "-o OUT          出力ファイル。回答ファイルや編集中のファイルには書かない",
                "-o OUT          the output file; never an answer sheet or a file open in tenken",
            ),
        ],
        _ => vec![],
    };
    let mut out = Vec::new();
    if !examples.is_empty() {
        out.push(("EXAMPLES", examples));
    }
    out.push(("EXIT STATUS", exit));
    if !files.is_empty() {
        out.push(("FILES", files));
    }
    out
}

/// The sections as the end of `--help`.
fn after_help(path: &str, lang: Lang) -> String {
    sections(path, lang)
        .into_iter()
        .map(|(heading, lines)| {
            let heading = match (heading, lang) {
                ("EXAMPLES", Lang::Ja) => "例 (EXAMPLES)",
                ("EXIT STATUS", Lang::Ja) => "終了ステータス (EXIT STATUS)",
                ("FILES", Lang::Ja) => "ファイル (FILES)",
                (h, _) => h,
            };
            let body: Vec<String> = lines.iter().map(|l| format!("  {l}")).collect();
            format!("{heading}:\n{}", body.join("\n"))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command, its own and clap's (`help`), in the tree `lang` builds.
    fn every_command(cmd: &Command) -> Vec<&Command> {
        std::iter::once(cmd)
            .chain(cmd.get_subcommands().flat_map(every_command))
            .collect()
    }

    /// The tree holds to clap's rules for a tree: `debug_assert` checks them all, but only in
    /// a build with debug assertions (a plain `cargo test`); `cargo test --release` (CI) checks
    /// the ones `localize` could break. A flag told to hide its values, which it has none of,
    /// made clap panic at every parse of a debug build (`--ascii`).
    #[test]
    fn the_tree_holds_to_claps_rules_in_both_languages() {
        for lang in [Lang::Ja, Lang::En] {
            let mut tree = command(lang);
            tree.build();
            tree.clone().debug_assert();
            for cmd in every_command(&tree) {
                for a in cmd.get_arguments() {
                    let takes_values = a.get_action().takes_values();
                    assert!(
                        takes_values || !a.is_hide_possible_values_set(),
                        "{lang:?} {} --{}: hides values it does not take",
                        cmd.get_name(),
                        a.get_id()
                    );
                    assert!(
                        takes_values || !a.is_hide_default_value_set(),
                        "{lang:?} {} --{}: hides a default it does not take",
                        cmd.get_name(),
                        a.get_id()
                    );
                }
            }
        }
    }

    /// The English help of `report`, `check` and `catalog validate` listed `<FILE>` with
    /// nothing under it, while the Japanese said what the file is. Every argument and option
    /// shown says what it is in both languages, and the English `-h` and man page begin in
    /// English (they began 「点検: 住基ネット…」).
    #[test]
    fn every_argument_shown_says_what_it_is_in_both_languages() {
        let mut silent = Vec::new();
        for lang in [Lang::Ja, Lang::En] {
            let mut tree = command(lang);
            tree.build();
            for cmd in every_command(&tree) {
                for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                    if help.trim().is_empty() {
                        silent.push(format!("{lang:?} {} {}", cmd.get_name(), a.get_id()));
                    }
                }
            }
        }
        assert!(silent.is_empty(), "without help: {silent:?}");
        // One spelling in the English help, the one of the program's English output.
        let mut english = command(Lang::En);
        english.build();
        for cmd in every_command(&english) {
            let help = cmd.clone().render_long_help().to_string();
            assert!(!help.contains("organis"), "{}: {help}", cmd.get_name());
        }
        let about = command(Lang::En).get_about().unwrap().to_string();
        assert!(about.starts_with("tenken: "), "{about}");
        assert!(!about.contains("点検"), "{about}");
    }
}
