//! `tenken new FILE`: create an answer sheet, from the options or from last year's sheet.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::carry::{CarryPreview, carry_forward, carry_notes};
use crate::catalog::{Catalog, Catalogs, Edition};
use crate::fiscal::FiscalYear;
use crate::lang::{Lang, say};
use crate::safe_text::sanitize_line;
use crate::sheet::{CatalogRef, Sheet};
use crate::store;

use super::EditionArg;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answer file to create, e.g. 2026.ron
    pub file: PathBuf,
    /// 団体名 (with --from: last year's unless given)
    #[arg(long, required_unless_present = "from")]
    pub(crate) organization: Option<String>,
    /// 年度: 2026, 令和8年度, R8, H19 … (with --from: the year after last year's)
    #[arg(long, value_name = "YEAR", value_parser = FiscalYear::parse, required_unless_present = "from")]
    pub(crate) fiscal_year: Option<FiscalYear>,
    /// Start from last year's sheet (.ron), report workbook (.xlsx) or per-item table (.csv):
    /// organization, respondent and profile carried over, every answer carried as an
    /// unconfirmed draft (counted nowhere until confirmed).
    #[arg(long, value_name = "LAST.ron|.xlsx|.csv")]
    pub(crate) from: Option<PathBuf>,
    /// With --from: print what would be carried over, write nothing.
    #[arg(long, requires = "from")]
    pub(crate) dry_run: bool,
    /// Which questionnaire (default: municipal, or the --catalog one).
    #[arg(long, value_enum)]
    pub(crate) edition: Option<EditionArg>,
    /// 団体コード: the six-digit 全国地方公共団体コード (five digits get their check digit);
    /// with --from: last year's, unless this or --prefecture is given
    #[arg(long, value_name = "CODE")]
    pub(crate) organization_code: Option<String>,
    /// 都道府県 (東京都 or 東京); the code's when left out; with --from: as --organization-code
    #[arg(long, value_name = "NAME")]
    pub(crate) prefecture: Option<String>,
    /// 回答者 (department or person)
    #[arg(long, value_name = "WHO")]
    pub(crate) respondent: Option<String>,
    /// Whether the organization has a 重要機能室 (decides which items apply).
    #[arg(long, value_enum)]
    pub(crate) important_room: Option<YesNo>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

pub(crate) fn run(args: Args, catalogs: &Catalogs, lang: Lang) -> Result<ExitCode, super::Failure> {
    let Args {
        file,
        organization,
        fiscal_year,
        from,
        dry_run,
        edition,
        organization_code,
        prefecture,
        respondent,
        important_room,
    } = args;
    if crate::store::is_table(&file) {
        return Err(store::StoreError::new(&file, store::Why::TableName)
            .render(lang)
            .into());
    }
    // Refused before anything is read or previewed (with --dry-run too), not after a preview
    // of what would be carried.
    store::refuse_taken(&file).map_err(|e| e.render(lang))?;
    // What was typed is checked before anything is read: a value tenken cannot take makes a
    // command line that cannot be carried out as given (status 2, as clap's usage errors).
    if organization
        .as_deref()
        .is_some_and(|o| crate::sheet::organization(o).is_none())
    {
        return Err(super::Failure::Usage(
            lang.pick(
                "--organization (団体名) が空です",
                "--organization must not be empty",
            )
            .into(),
        ));
    }
    // Both from last year's sheet unless either is given; checked and completed together.
    let typed_header = (organization_code.is_some() || prefecture.is_some())
        .then(|| {
            crate::organization::header_fields(
                organization_code.as_deref().unwrap_or_default(),
                prefecture.as_deref().unwrap_or_default(),
                lang,
            )
        })
        .transpose()
        .map_err(super::Failure::Usage)?;
    let last = match &from {
        Some(path) if crate::store::is_table(path) => {
            Some(table_as_sheet(path, catalogs, edition, lang)?)
        }
        Some(path) => {
            Some(store::load_sheet_and_catalog(path, catalogs).map_err(|e| e.render(lang))?)
        }
        None => None,
    };
    let edition = edition
        .map(Edition::from)
        .or(last.as_ref().map(|(_, c)| c.edition));
    let catalog = catalogs.for_edition(edition);
    // A name given for another organisation than last year's sheet's (neither name contains
    // the other): that sheet's 団体コード and 都道府県 are not this one's.
    let another = organization
        .as_deref()
        .zip(last.as_ref())
        .is_some_and(|(typed, (old, _))| {
            crate::organization::Identity::another_by_name(typed, &old.organization)
        });
    let organization = organization
        .or_else(|| last.as_ref().map(|(s, _)| s.organization.clone()))
        .unwrap_or_default();
    let Some(organization) = crate::sheet::organization(&organization) else {
        return Err(match &from {
            Some(f) if crate::store::is_table(f) => format!(
                "{}: {}",
                f.display(),
                lang.pick(
                    "表に団体名がありません: --organization で指定してください",
                    "the table does not name the organization: give --organization"
                )
            ),
            _ => lang
                .pick(
                    "--organization (団体名) が空です",
                    "--organization must not be empty",
                )
                .into(),
        }
        .into());
    };
    let fiscal_year = fiscal_year
        .or_else(|| {
            last.as_ref()
                .map(|(s, _)| crate::fiscal::FiscalYear(s.fiscal_year + 1))
        })
        .filter(|y| y.0 > 1)
        .ok_or(lang.pick(
            "--fiscal-year (年度) を指定してください",
            "--fiscal-year is required",
        ))?;
    // Years from 平成元年度 are taken, but one before the catalog's revision is most likely
    // mistyped (1999 for 2019): made as given, and said.
    if let Some(before) = catalog.year_before_revision(fiscal_year, lang) {
        eprintln!(
            "tenken: {}",
            say!(
                lang,
                "警告: {before}。年度は指定どおりにします",
                "warning: {before}; the year is kept as given"
            )
        );
    }
    let now = crate::clock::now();
    let mut sheet = Sheet::new(
        CatalogRef {
            id: catalog.id.clone(),
            revision: catalog.revision.clone(),
        },
        organization,
        fiscal_year,
        now,
    );
    (sheet.organization_code, sheet.prefecture) = match (typed_header, &last) {
        (Some(typed), _) => typed,
        (None, Some((old, _))) if !another => {
            crate::organization::header_fields(&old.organization_code, &old.prefecture, lang)?
        }
        (None, _) => Default::default(),
    };
    sheet.respondent = respondent
        .or_else(|| last.as_ref().map(|(s, _)| s.respondent.clone()))
        .unwrap_or_default()
        .trim()
        .to_string();
    if let Some((old, _)) = &last {
        // Profile answers carry over where this catalog asks the same question.
        sheet.profile = old
            .profile
            .iter()
            .filter(|(q, _)| catalog.profile_question(q).is_some())
            .map(|(q, v)| (q.clone(), *v))
            .collect();
    }
    if let Some(v) = important_room {
        if catalog.profile_question("important_room").is_none() {
            return Err(format!(
                "{} {}",
                catalog.id,
                lang.pick(
                    "のカタログには重要機能室 (important_room) の質問がありません",
                    "asks no `important_room` question"
                )
            )
            .into());
        }
        sheet
            .profile
            .insert("important_room".into(), v == YesNo::Yes);
    }
    if let (Some((old, old_cat)), Some(from)) = (&last, &from) {
        // Said before anything is written (with --dry-run too), as the start form says it. A
        // table that names no year (0) is not doubted for it.
        for doubt in crate::diff::pairing(old, &sheet) {
            if old.fiscal_year <= 0 && matches!(doubt, crate::diff::Mismatch::Year { .. }) {
                continue;
            }
            // On stderr, as every warning of tenken's (`diff`'s of the same pairing).
            let warning = lang.pick("警告", "warning");
            eprintln!("tenken: {warning}: {}", doubt.sentence(lang));
        }
        let preview = carry_forward(old_cat, old, catalog, &mut sheet, &|_| true, now);
        let notes = carry_notes(old, catalog, &mut sheet);
        super::emit(
            carry_preview_text(&preview, &notes, from, old_cat, catalog, lang).as_bytes(),
            lang,
        )?;
        if dry_run {
            super::emit(
                format!(
                    "{} {}\n",
                    file.display(),
                    lang.pick(
                        "は作成していません (--dry-run)",
                        "was not written (--dry-run)"
                    )
                )
                .as_bytes(),
                lang,
            )?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    store::create_sheet(&file, &sheet).map_err(|e| e.render(lang))?;
    super::emit(
        format!(
            "{}: {} - {} {}, {} ({} {}, {} {})\n",
            file.display(),
            lang.pick("作成しました", "created"),
            sanitize_line(&sheet.organization),
            fiscal_year.display(lang),
            catalog.edition.label(lang),
            catalog.id,
            catalog.revision,
            catalog.item_count(),
            lang.pick("項目", "items"),
        )
        .as_bytes(),
        lang,
    )?;
    super::emit(next_step(&file, from.as_deref(), lang).as_bytes(), lang)?;
    Ok(ExitCode::SUCCESS)
}

/// How to open the new sheet: with last year's sheet beside it when it was started from one
/// (a workbook or CSV table cannot be shown beside it).
fn next_step(file: &Path, from: Option<&Path>, lang: Lang) -> String {
    let open = format!("tenken open {}", shell_word(file));
    match from {
        Some(last) if !crate::store::is_table(last) => format!(
            "{}: {open} --previous {}\n",
            lang.pick(
                "次に開くには (前年を横に、C で下書きを確定)",
                "To open it next (last year beside it; C confirms drafts)"
            ),
            shell_word(last)
        ),
        _ => format!("{}: {open}\n", lang.pick("次に開くには", "To open it next")),
    }
}

/// A path as one word for a POSIX shell: as is when made of safe characters, else in single
/// quotes; shown through the sanitiser.
fn shell_word(path: &Path) -> String {
    let text = sanitize_line(&path.to_string_lossy()).into_owned();
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "._/-+,:=@%".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The preview printed before a sheet is started from last year's.
fn carry_preview_text(
    p: &CarryPreview,
    notes: &[String],
    from: &Path,
    old_cat: &Catalog,
    new_cat: &Catalog,
    lang: Lang,
) -> String {
    let mut out = format!(
        "{} {} ({} {} -> {} {})\n",
        lang.pick(
            "前年度の回答から開始:",
            "Starting from last year's answers:"
        ),
        from.display(),
        old_cat.id,
        old_cat.revision,
        new_cat.id,
        new_cat.revision
    );
    let n = p.carried.len();
    out.push_str(&match lang {
        Lang::Ja => {
            format!("  {n} 件の回答を下書きとして引き継ぎ (確認するまで集計に含めません)\n")
        }
        Lang::En => format!(
            "  {} carried over as {} (counted nowhere until confirmed)\n",
            crate::lang::count(n, "answer"),
            if n == 1 { "a draft" } else { "drafts" }
        ),
    });
    let lists = [
        (
            &p.wording_changed,
            "件は設問文が変わっています (両方の文を表示して確認)",
            (
                "item",
                "changed wording (both wordings shown for confirmation)",
            ),
        ),
        (
            &p.new_items,
            "件の新設項目 (未回答)",
            ("new item", "(unanswered)"),
        ),
        (
            &p.removed,
            "件の廃止項目 (引き継ぎません)",
            ("removed item", "(not carried)"),
        ),
    ];
    for (ids, ja, (noun, en)) in lists {
        let list = if ids.is_empty() {
            String::new()
        } else {
            format!(": {}", ids.join(", "))
        };
        let counted = match lang {
            Lang::Ja => format!("{} {ja}", ids.len()),
            Lang::En => format!("{} {en}", crate::lang::count(ids.len(), noun)),
        };
        out.push_str(&format!("  {counted}{list}\n"));
    }
    // Said only where there are some: most sheets have none.
    if !notes.is_empty() {
        let (n, en) = (notes.len(), crate::lang::count(notes.len(), "note"));
        out.push_str(&say!(
            lang,
            "  {n} 件の未回答の項目のメモを引き継ぎ: {}\n",
            "  {en} on unanswered items carried over: {}\n",
            notes.join(", ")
        ));
    }
    out
}

/// A per-item table (workbook or CSV) read as last year's sheet (`xlsx::read::import`), what
/// was noticed on the way printed first.
fn table_as_sheet<'c>(
    path: &Path,
    catalogs: &'c Catalogs,
    edition: Option<EditionArg>,
    lang: Lang,
) -> Result<(Sheet, &'c Catalog), String> {
    let imported = crate::xlsx::read::import(path, catalogs, edition.map(Edition::from), lang)
        .map_err(|e| e.to_string())?;
    for note in &imported.notes {
        super::emit(format!("{note}\n").as_bytes(), lang)?;
    }
    Ok((imported.sheet, imported.catalog))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_step_is_a_command_a_shell_reads_back() {
        assert_eq!(shell_word(Path::new("令和8/r8.ron")), "令和8/r8.ron");
        assert_eq!(shell_word(Path::new("my sheet.ron")), "'my sheet.ron'");
        assert_eq!(shell_word(Path::new("it's.ron")), "'it'\\''s.ron'");
        let with = next_step(Path::new("r8.ron"), Some(Path::new("r7.ron")), Lang::En);
        assert!(
            with.ends_with(": tenken open r8.ron --previous r7.ron\n"),
            "{with}"
        );
        let table = next_step(Path::new("r8.ron"), Some(Path::new("r7.xlsx")), Lang::Ja);
        assert_eq!(table, "次に開くには: tenken open r8.ron\n");
    }
}
