//! The national table as every format prints it ([`NationalTable`]): the aggregate with its
//! catalog, an earlier run's averages and the accounting of the files, and the cells and
//! words that text, Markdown, CSV and the workbook share.

use super::PreviousAggregate;
use super::{
    Accounting, Aggregate, ChosenBy, Entry, Exclusion, FollowUp, ItemCounts, PlanLine, ReadAs,
    Status,
};
use crate::catalog::Catalog;
use crate::figure::{self, Figure, Ratio};
use crate::fiscal::FiscalYear;
use crate::lang::{Lang, say};

/// Everything one rendering of the national table needs.
pub(crate) struct NationalTable<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) agg: &'a Aggregate,
    pub(crate) previous: Option<&'a PreviousAggregate>,
    /// What became of every file, the roster, the subtotals and the plans.
    pub(crate) accounting: &'a Accounting,
    /// The day plans are judged overdue against.
    pub(crate) today: time::Date,
    /// The yardstick the table prints beside its own figures.
    pub(crate) benchmark: Benchmark,
}

/// The yardstick beside the table's figures (`--benchmark`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Benchmark {
    /// The catalog's printed national averages (平成15–19年度 for the municipal catalog), per
    /// item and per 大分類 and 管理目標.
    National,
    /// This collection's own averages: a 全体 row under the 都道府県別 subtotals.
    Own,
    /// Last year's table (`--previous-aggregate`), per item, 大分類, 管理目標 and overall.
    Previous,
    None,
}

impl Benchmark {
    /// Without a choice: a 平成 table (before 2019) is compared with the national averages of
    /// its era, a 令和 table with last year's when it is given, else with nothing — never a
    /// 令和 table with 2007's.
    pub(crate) fn default_for(fiscal_year: Option<i32>, previous: bool) -> Benchmark {
        match fiscal_year {
            Some(y) if !crate::fiscal::FiscalYear(y).is_current_era() => Benchmark::National,
            _ if previous => Benchmark::Previous,
            _ => Benchmark::None,
        }
    }
}
/// id, average (3 decimals), shares answering 3 / 2 / 1 (1 decimal, `pct` appended),
/// answered, not applicable (answered 0), unanswered, excluded by the profile: the first columns of every rendering, rounded half up
/// from the exact counts. `none` stands where nothing was answered.
pub(super) fn count_cells(id: &str, c: &ItemCounts, none: &str, pct: &str) -> Vec<String> {
    let f3 = |v: Option<Ratio>| v.map_or_else(|| none.to_string(), |v| figure::average(Some(v)));
    let f1 = |v: Option<Ratio>| {
        v.map_or_else(
            || none.to_string(),
            |v| format!("{}{pct}", figure::share(Some(v))),
        )
    };
    vec![
        id.to_string(),
        f3(c.exact_average()),
        f1(c.exact_share(3)),
        f1(c.exact_share(2)),
        f1(c.exact_share(1)),
        c.answered().to_string(),
        c.not_applicable().to_string(),
        c.unanswered.to_string(),
        c.excluded.to_string(),
    ]
}

/// This year's exact average minus last year's (read back from JSON), rounded half up.
pub(super) fn change_cell(c: &ItemCounts, previous: Option<f64>, none: &str) -> String {
    previous.zip(c.exact_average()).map_or_else(
        || none.to_string(),
        |(p, a)| Figure::from(a).minus(p.into()).signed(3),
    )
}
/// A follow-up's items, each 「1-1=2」 or 「3-4=未回答」.
fn follow_up_entries(f: &FollowUp, lang: Lang) -> impl Iterator<Item = String> {
    f.items.iter().map(move |(id, s)| match s {
        Some(s) => format!("{id}={s}"),
        None => format!("{id}={}", lang.pick("未回答", "unanswered")),
    })
}

/// A follow-up's items on one line: 「1-1=2, 3-4=未回答」.
pub(super) fn follow_up_items(f: &FollowUp, lang: Lang) -> String {
    follow_up_entries(f, lang).collect::<Vec<_>>().join(", ")
}

/// A follow-up's items in lines of at most `cells` ([`in_lines`]).
pub(super) fn follow_up_lines(f: &FollowUp, lang: Lang, cells: usize) -> String {
    in_lines(follow_up_entries(f, lang), cells)
}

/// Entries (item ids, 「1-1=2」) joined by 「, 」 in lines of at most `cells` (an entry longer
/// stands alone), broken between entries only: a program that wraps the line itself breaks
/// after a hyphen too, and 「11-」 / 「3=1」 reads as item 3.
pub(super) fn in_lines<S: AsRef<str>>(
    entries: impl IntoIterator<Item = S>,
    cells: usize,
) -> String {
    let mut out = String::new();
    let mut line = 0;
    for entry in entries {
        let entry = entry.as_ref();
        let w = crate::safe_text::cell_width(entry);
        if out.is_empty() {
            line = w;
        } else if line + 2 + w <= cells {
            out.push_str(", ");
            line += 2 + w;
        } else {
            out.push_str(",\n");
            line = w;
        }
        out.push_str(entry);
    }
    out
}

impl NationalTable<'_> {
    /// Fiscal years whose national reference averages the table prints: the catalog's, when
    /// the yardstick is national.
    pub(super) fn reference_years(&self) -> Vec<i32> {
        if self.benchmark != Benchmark::National {
            return Vec::new();
        }
        let mut years: Vec<i32> = self
            .catalog
            .reference
            .iter()
            .flat_map(|r| r.items.values())
            .flat_map(|i| i.averages.keys().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    pub(super) fn previous_of(&self, id: &str) -> Option<f64> {
        self.previous.and_then(|p| p.items.get(id).copied())
    }

    pub(super) fn rows(&self) -> impl Iterator<Item = (&crate::catalog::Item, &ItemCounts)> + '_ {
        self.catalog
            .items()
            .map(|(_, item)| item)
            .zip(&self.agg.items)
    }
}

/// How a file was read, in words.
pub(super) fn read_as_word(r: Option<ReadAs>, lang: Lang) -> &'static str {
    match r {
        Some(ReadAs::Sheet) => lang.pick("回答ファイル", "sheet"),
        Some(ReadAs::Workbook) => lang.pick("Excel ブック", "workbook"),
        Some(ReadAs::Csv) => "CSV",
        None => "",
    }
}

/// The JSON and CSV word of how a file was read.
pub(super) fn read_as_code(r: Option<ReadAs>) -> &'static str {
    match r {
        Some(ReadAs::Sheet) => "sheet",
        Some(ReadAs::Workbook) => "workbook",
        Some(ReadAs::Csv) => "csv",
        None => "",
    }
}

/// What became of a file, in words: 集計, 差し替え済み, 除外, 読めない, 下書きのみ.
pub(crate) fn status_word(s: &Status, lang: Lang) -> &'static str {
    match s {
        Status::Counted => lang.pick("集計", "counted"),
        Status::Superseded { .. } => lang.pick("差し替え済み", "superseded"),
        Status::Excluded(_) => lang.pick("除外", "excluded"),
        Status::Unreadable(_) => lang.pick("読めない", "unreadable"),
        Status::DraftsOnly => lang.pick("下書きのみ", "drafts only"),
    }
}

/// The JSON and CSV word of why a file was excluded.
pub(super) fn reason_code(s: &Status) -> &'static str {
    match s {
        Status::Excluded(Exclusion::FiscalYear(_)) => "fiscal_year",
        Status::Excluded(Exclusion::Edition(_)) => "edition",
        Status::Excluded(Exclusion::NotASheet) => "not_a_sheet",
        Status::Excluded(Exclusion::NoItems) => "no_items",
        Status::Excluded(Exclusion::OwnTable) => "own_table",
        Status::Excluded(Exclusion::Catalog) => "catalog",
        Status::Excluded(Exclusion::Roster) => "roster",
        _ => "",
    }
}

/// At most ten ids, then how many more.
fn ids(list: &[String], lang: Lang) -> String {
    let mut s = list.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
    if list.len() > 10 {
        s.push_str(&say!(lang, " ほか {} 件", " and {} more", list.len() - 10));
    }
    s
}

/// Why a file has its status, and what the reader should know of it.
pub(crate) fn note(e: &Entry, year: Option<i32>, lang: Lang) -> String {
    use crate::fiscal::FiscalYear;
    let drafts = e.drafts().len();
    let mut parts: Vec<String> = Vec::new();
    match &e.status {
        Status::Counted => {
            if matches!(e.read_as, Some(ReadAs::Workbook | ReadAs::Csv)) {
                parts.push(
                    lang.pick("表を回答として読み込み", "table read as answers")
                        .to_string(),
                );
            }
            if drafts > 0 {
                let en = crate::lang::count(drafts, "draft");
                parts.push(say!(
                    lang,
                    "下書き {drafts} 件は集計しません ({})",
                    "{en} not counted ({})",
                    ids(e.drafts(), lang)
                ));
            }
        }
        Status::Superseded { by } => parts.push(say!(
            lang,
            "同じ団体の {by} を集計",
            "{by} of the same organization counts"
        )),
        Status::Excluded(Exclusion::FiscalYear(y)) => parts.push(say!(
            lang,
            "{}のシート (集計は{})",
            "a sheet of {} (the table is for {})",
            FiscalYear(*y).display(lang),
            year.map_or_else(String::new, |y| FiscalYear(y).display(lang))
        )),
        Status::Excluded(Exclusion::Edition(id)) => parts.push(say!(
            lang,
            "別の版のシート ({id})",
            "a sheet of another edition ({id})"
        )),
        Status::Excluded(Exclusion::NotASheet) => parts.push(
            lang.pick(
                "回答ファイル (.ron) でも表 (.xlsx, .csv) でもありません",
                "neither an answer sheet (.ron) nor a table (.xlsx, .csv)",
            )
            .to_string(),
        ),
        Status::Excluded(Exclusion::NoItems) => {
            parts.push(crate::xlsx::read::no_items_words(lang).to_string())
        }
        Status::Excluded(Exclusion::OwnTable) => {
            parts.push(crate::xlsx::read::own_table_words(lang).to_string())
        }
        Status::Excluded(Exclusion::Catalog) => parts.push(
            lang.pick(
                "点検票 (カタログ) ファイルで、団体の回答ではありません",
                "a catalog, not an organization's answers",
            )
            .to_string(),
        ),
        Status::Excluded(Exclusion::Roster) => parts.push(
            lang.pick(
                "名簿 (--roster) のファイルで、団体の回答ではありません",
                "the roster (--roster), not an organization's answers",
            )
            .to_string(),
        ),
        Status::Unreadable(why) => parts.push(why.clone()),
        Status::DraftsOnly => {
            let en = crate::lang::count(drafts, "draft");
            parts.push(say!(
                lang,
                "確定した回答がなく、下書き {drafts} 件のみ",
                "no confirmed answer, only {en}"
            ))
        }
    }
    // A submission that names no year is the collection's (whatever became of it).
    let submission = matches!(
        e.status,
        Status::Counted | Status::Superseded { .. } | Status::DraftsOnly
    );
    if submission && e.fiscal_year.is_none() {
        parts.push(match year {
            Some(y) => say!(
                lang,
                "年度の記載がないため、{}の提出として数えました",
                "no fiscal year written in it: counted as {}'s",
                FiscalYear(y).display(lang)
            ),
            None => lang
                .pick(
                    "年度の記載がなく、ほかのファイルにも年度がないため、年度不明として数えました (--fiscal-year で指定できます)",
                    "no fiscal year written in it nor in any other file: counted with the year unknown (--fiscal-year gives it)",
                )
                .to_string(),
        });
    }
    match e.chosen_by() {
        Some(ChosenBy::Prefer) => parts.push(
            lang.pick(
                "--prefer で指定されたため、更新日時によらず集計しました",
                "named by --prefer: counted whatever its updated time",
            )
            .to_string(),
        ),
        Some(ChosenBy::Seal) => parts.push(
            lang.pick(
                "同じ団体の署名前のファイルと更新日時が同じため、照合番号が一致するこのファイルを集計しました",
                "the same updated time as an unsigned file of the organization: this one, whose seal matches, counts",
            )
            .to_string(),
        ),
        None => {}
    }
    if e.same_contents() {
        parts.push(
            lang.pick(
                "同じ団体の別のファイルと更新日時も集計する内容も同じです (どちらを集計しても表は同じ)",
                "the same updated time and the same contents as another file of the organization (either gives the same table)",
            )
            .to_string(),
        );
    } else if e.tied() {
        parts.push(
            lang.pick(
                "同じ団体の別のファイルと更新日時が同じため、パスの順で後のものを集計しました (--prefer で選べます)",
                "the same updated time as another file of the organization: the later by path counts (--prefer chooses)",
            )
            .to_string(),
        );
    }
    if let Some(who) = e.taken_as() {
        parts.push(match lang {
            Lang::Ja => format!("団体名から {who} と同じ団体としました"),
            Lang::En => format!("taken as {who} by its name"),
        });
    }
    if !e.may_be().is_empty() {
        let list = e.may_be().join(lang.pick("、", ", "));
        parts.push(match lang {
            Lang::Ja => format!(
                "同じ団体かもしれません: {list} (団体コードか都道府県があれば区別できます)"
            ),
            Lang::En => format!(
                "may be the same organization as {list} (an organization code or prefecture would tell)"
            ),
        });
    }
    if !e.same_code().is_empty() {
        let (code, list) = (e.code(), e.same_code().join(lang.pick("、", ", ")));
        parts.push(say!(
            lang,
            "団体コード {code} は別の団体名のファイルにもあります ({list}): 団体コードの誤りがないか確かめてください",
            "the organization code {code} is on a file of another name too ({list}): check the code for a typo"
        ));
    }
    if let Some(name) = e.roster_name() {
        let code = e.code();
        parts.push(say!(
            lang,
            "名簿では団体コード {code} は {name} です: 団体名か団体コードの誤りがないか確かめてください",
            "the roster gives the organization code {code} to {name}: check the name or the code for a typo"
        ));
    }
    parts.extend(e.notes().iter().cloned());
    parts.join(lang.pick("。", "; "))
}

/// The marks of a plan line a reader must act on: 期限超過, 前年度から, 計画なし.
pub(super) fn plan_marks(p: &PlanLine, today: time::Date, lang: Lang) -> Vec<&'static str> {
    let mut marks = Vec::new();
    if p.action().trim().is_empty() {
        marks.push(lang.pick("計画なし", "no plan"));
    }
    if is_overdue(p, today) {
        marks.push(lang.pick("期限超過", "overdue"));
    }
    if p.carried {
        marks.push(lang.pick("前年度から", "from last year"));
    }
    marks
}

/// A plan on an item below 3 whose due date has passed (as `check` judges it).
pub(super) fn is_overdue(p: &PlanLine, today: time::Date) -> bool {
    p.score.value() < 3 && p.score.value() > 0 && p.due_date.is_some_and(|d| d < today)
}

impl NationalTable<'_> {
    /// A counted sheet's seal (`None`: unsigned, or not counted).
    pub(crate) fn seal(&self, e: &Entry) -> Option<&crate::seal::SealState> {
        self.agg.seals.get(e.file())
    }

    /// The 受付一覧's 照合番号 of a file: the seal of a counted, signed sheet (or that it has
    /// none valid: changed since), else nothing.
    pub(crate) fn seal_cell(&self, e: &Entry, lang: Lang) -> String {
        self.seal(e)
            .and_then(|s| crate::seal::printed_state(s, lang))
            .unwrap_or_default()
    }

    /// The 受付一覧's note of a file: [`note`], and of a sheet changed since its sign-off the
    /// warning `aggregate` also says on stderr, so that whoever reads the table later sees it.
    pub(crate) fn received_note(&self, e: &Entry, lang: Lang) -> String {
        let mut n = note(e, self.accounting.fiscal_year, lang);
        if let Some(crate::seal::SealState::Changed(s)) = self.seal(e) {
            if !n.is_empty() {
                n.push_str(lang.pick("。", "; "));
            }
            n.push_str(&crate::seal::changed_warning(s, lang));
        }
        n
    }

    /// The fiscal years of the sheets counted, each with how many: 「令和8年度 (12), …」; the
    /// collection's year with (0) when nobody counts (a roster's first day); 年度不明 for
    /// tables that name none where nothing else gave the year, and where nobody counts and
    /// no year was given.
    pub(crate) fn counted_years(&self, lang: Lang) -> String {
        let shown = |y: i32| match y {
            0 => lang.pick("年度不明", "year unknown").to_string(),
            y => FiscalYear(y).display(lang),
        };
        let years: Vec<String> = self
            .agg
            .fiscal_years
            .iter()
            .map(|(y, n)| format!("{} ({n})", shown(*y)))
            .collect();
        match (years.is_empty(), self.accounting.fiscal_year) {
            (true, y) => format!("{} (0)", shown(y.unwrap_or(0))),
            _ => years.join(", "),
        }
    }

    /// 「受付 15 ファイル: 集計 8、差し替え済み 2、除外 3、読めない 1、下書きのみ 1」.
    pub(crate) fn tally_line(&self, lang: Lang) -> String {
        // Counts per status, in the order of first appearance of each kind.
        let mut n: Vec<(&str, &str, usize)> = Vec::new();
        for e in &self.accounting.entries {
            match n.iter_mut().find(|(code, _, _)| *code == e.status.code()) {
                Some(x) => x.2 += 1,
                None => n.push((e.status.code(), status_word(&e.status, lang), 1)),
            }
        }
        n.sort_by_key(|(code, _, _)| {
            [
                "counted",
                "superseded",
                "excluded",
                "unreadable",
                "drafts_only",
            ]
            .iter()
            .position(|c| c == code)
        });
        let words: Vec<String> = n.iter().map(|(_, w, k)| format!("{w} {k}")).collect();
        let total = self.accounting.entries.len();
        match (lang, total) {
            // The first day of a collection, a roster given: nothing received yet.
            (Lang::Ja, 0) => "受付 0 ファイル".to_string(),
            (Lang::En, 0) => "0 files received".to_string(),
            (Lang::Ja, _) => format!("受付 {total} ファイル: {}", words.join("、")),
            (Lang::En, _) => format!(
                "{} received: {}",
                crate::lang::count(total, "file"),
                words.join(", ")
            ),
        }
    }

    /// The organisations counted this year and not last year's, and the reverse.
    pub(crate) fn differences(
        &self,
    ) -> Option<(Vec<super::Organization>, Vec<super::Organization>)> {
        // Without last year's table there is nothing to compare (nor a list to make).
        let previous = self.previous?;
        let this: Vec<super::Organization> = self
            .accounting
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.status == Status::Counted)
            .map(|(i, e)| super::Organization {
                name: e.name().to_string(),
                code: e.code().to_string(),
                prefecture: self.prefecture(i).to_string(),
            })
            .collect();
        previous.differences(&this)
    }

    /// Per 大分類 (by number) and per 管理目標 (by number), the yardstick's average and, for
    /// last year's, the change: the extra cells of the section tables.
    pub(super) fn section_yardstick(
        &self,
        major: bool,
        no: &str,
        avg: Option<Figure>,
    ) -> Vec<Option<Figure>> {
        match (self.benchmark, self.previous) {
            (Benchmark::National, _) => vec![self.national_mean(major, no)],
            (_, Some(p)) => {
                let last = if major {
                    p.majors.get(no)
                } else {
                    p.goals.get(no)
                };
                let last = last.map(|v| Figure::from(*v));
                vec![last, last.zip(avg).map(|(l, a)| a.minus(l))]
            }
            _ => Vec::new(),
        }
    }

    /// [`NationalTable::section_yardstick`] for the 総平均点.
    pub(super) fn overall_yardstick(&self, avg: Option<Figure>) -> Vec<Option<Figure>> {
        match (self.benchmark, self.previous) {
            (Benchmark::National, _) => vec![self.catalog.reference.as_ref().and_then(|r| {
                Figure::mean(
                    self.catalog
                        .items()
                        .filter_map(|(_, it)| r.items.get(&it.id)?.averages.get(&r.year))
                        .map(|v| Figure::from(*v)),
                )
            })],
            (_, Some(p)) => {
                let last = p.overall.map(Figure::from);
                vec![last, last.zip(avg).map(|(l, a)| a.minus(l))]
            }
            _ => Vec::new(),
        }
    }

    /// The headings of [`NationalTable::section_yardstick`]'s cells.
    pub(super) fn section_yardstick_columns(&self, lang: Lang) -> Vec<String> {
        match (self.benchmark, self.previous) {
            (Benchmark::National, _) => self
                .catalog
                .reference
                .as_ref()
                .map(|r| {
                    vec![format!(
                        "{}{}",
                        crate::fiscal::FiscalYear(r.year).display(lang),
                        lang.pick("全国平均", " national")
                    )]
                })
                .unwrap_or_default(),
            (_, Some(p)) => vec![
                p.column(lang),
                p.change_column(self.accounting.fiscal_year, lang),
            ],
            _ => Vec::new(),
        }
    }

    /// The national average of a 大分類 or 管理目標: the mean of the catalog's printed item
    /// averages of its reference year over the section's items, as the report computes it.
    fn national_mean(&self, major: bool, no: &str) -> Option<Figure> {
        let r = self.catalog.reference.as_ref()?;
        Figure::mean(
            self.catalog
                .items()
                .filter(|(p, _)| {
                    if major {
                        self.catalog.majors[p.major].no == no
                    } else {
                        self.catalog.goal_at(*p).no.to_string() == no
                    }
                })
                .filter_map(|(_, it)| r.items.get(&it.id).and_then(|i| i.averages.get(&r.year)))
                .map(|v| Figure::from(*v)),
        )
    }

    /// The 都道府県別 rows as printed: (prefecture, counts, on the roster, missing), the
    /// unknown prefecture as 「(不明)」, and with the collection's own yardstick a 全体 row.
    pub(super) fn subtotal_rows(
        &self,
        lang: Lang,
    ) -> Vec<(String, &Aggregate, Option<u64>, Option<u64>)> {
        let a = self.accounting;
        let known = |n: u64| a.on_roster(n);
        let mut rows: Vec<(String, &Aggregate, Option<u64>, Option<u64>)> = a
            .prefectures
            .iter()
            .map(|p| {
                let shown = if p.prefecture.is_empty() {
                    lang.pick("(不明)", "(unknown)").to_string()
                } else {
                    p.prefecture.clone()
                };
                (shown, &p.agg, known(p.expected), known(p.missing))
            })
            .collect();
        if self.benchmark == Benchmark::Own {
            let expected = a.prefectures.iter().map(|p| p.expected).sum();
            let missing = a.prefectures.iter().map(|p| p.missing).sum();
            rows.push((
                lang.pick("全体", "All").to_string(),
                self.agg,
                known(expected),
                known(missing),
            ));
        }
        rows
    }

    /// The entry `i` of the 受付一覧.
    pub(super) fn entry(&self, i: usize) -> &Entry {
        &self.accounting.entries[i]
    }

    /// The prefecture of an entry: the sheet's, else the roster's.
    pub(super) fn prefecture(&self, i: usize) -> &str {
        self.accounting.prefecture_of(i)
    }
}
