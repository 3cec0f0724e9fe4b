//! The national table as CSV, one row per item, then the lists (受付一覧, roster, 都道府県別,
//! 改善計画一覧) as blocks (LF line ends; the byte-order mark is
//! [`crate::output::render`]'s, the formula guard [`crate::output::csv::cell`]).

use std::io;

use super::NationalTable;
use super::table::{change_cell, count_cells, is_overdue, read_as_code, reason_code};
use crate::figure;
use crate::fiscal::FiscalYear;
use crate::lang::Lang;
use crate::output::csv::cell as csv_cell;

/// CSV, one row per item. The first columns are fixed: id, average, pct3, pct2, pct1,
/// answered, not_applicable, unanswered, excluded.
pub(super) fn render(t: &NationalTable, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    let years = t.reference_years();
    let mut w = csv::Writer::from_writer(&mut *out);
    let mut header: Vec<String> = crate::xlsx::AGGREGATE_CSV_HEAD
        .iter()
        .chain(&[
            "pct3",
            "pct2",
            "pct1",
            "answered",
            "not_applicable",
            "unanswered",
            "excluded",
            "priority_years",
        ])
        .map(|s| s.to_string())
        .collect();
    header.extend(
        years
            .iter()
            .map(|y| format!("reference_{}", FiscalYear(*y).short())),
    );
    header.extend(["previous_average", "change", "text"].map(String::from));
    w.write_record(&header)?;
    for ((item, c), j) in t.rows().zip(t.json_items()) {
        let mut rec = count_cells(&csv_cell(&j.id), c, "", "");
        rec.push(
            j.priority_years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(","),
        );
        rec.extend(
            years
                .iter()
                .map(|y| average(j.reference_averages.get(y).copied())),
        );
        rec.push(average(j.previous_average));
        rec.push(change_cell(c, j.previous_average, ""));
        rec.push(csv_cell(t.catalog.item_text(item, lang)));
        w.write_record(&rec)?;
    }
    w.flush()?;
    drop(w);
    accounting(t, lang, out)
}

/// The lists after the items, a block each after an empty line and a line naming it, each
/// with its own header row: `files` (the 受付一覧); with a roster `missing` and
/// `not_on_roster`; with prefectures `prefectures`; and `plans` (the 改善計画一覧).
fn accounting(t: &NationalTable, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    let a = t.accounting;
    let c = |s: &str| csv_cell(s);
    let files = a.entries.iter().enumerate().map(|(i, e)| {
        vec![
            c(e.file()),
            read_as_code(e.read_as).to_string(),
            c(e.name()),
            c(t.prefecture(i)),
            e.fiscal_year.map_or_else(String::new, |y| y.to_string()),
            e.status.code().to_string(),
            reason_code(&e.status).to_string(),
            c(&t.received_note(e, lang)),
            c(&t.seal_cell(e, lang)),
        ]
    });
    block(
        out,
        "files",
        &[
            "file",
            "read_as",
            "organization",
            "prefecture",
            "fiscal_year",
            "status",
            "reason",
            "note",
            "seal",
        ],
        files,
    )?;
    if let Some(r) = &a.roster {
        let missing = r.missing.iter().map(|(line, i)| {
            let e = i.map(|i| t.entry(i));
            vec![
                c(&line.code),
                c(&line.name),
                c(&line.prefecture),
                e.map_or_else(String::new, |e| c(e.file())),
                e.map_or("", |e| e.status.code()).to_string(),
            ]
        });
        block(
            out,
            "missing",
            &["code", "organization", "prefecture", "file", "status"],
            missing,
        )?;
        let stray = r.not_on_roster.iter().map(|i| {
            let e = t.entry(*i);
            vec![c(e.name()), c(e.file())]
        });
        block(out, "not_on_roster", &["organization", "file"], stray)?;
    }
    if !a.prefectures.is_empty() {
        let majors: Vec<String> = t
            .catalog
            .majors
            .iter()
            .map(|m| format!("major_{}", m.no))
            .collect();
        let mut header = vec![
            "prefecture",
            "organizations",
            "expected",
            "missing",
            "overall_average",
        ];
        header.extend(majors.iter().map(String::as_str));
        let rows = a.prefectures.iter().map(|p| {
            let means = p.agg.section_means(t.catalog);
            let mut rec = vec![
                c(&p.prefecture),
                p.agg.organizations.to_string(),
                // Empty without a roster: who was expected is not known.
                a.on_roster(p.expected)
                    .map_or_else(String::new, |n| n.to_string()),
                a.on_roster(p.missing)
                    .map_or_else(String::new, |n| n.to_string()),
                average(means.overall),
            ];
            rec.extend(means.majors.iter().map(|(_, m)| average(*m)));
            rec
        });
        block(out, "prefectures", &header, rows)?;
    }
    let yes = |b: bool| if b { "yes" } else { "" }.to_string();
    let plans = a.plans().map(|(i, p)| {
        let e = t.entry(i);
        let item = p.item(t.catalog);
        vec![
            c(e.name()),
            c(t.prefecture(i)),
            c(&item.id),
            p.score.value().to_string(),
            c(p.action()),
            c(p.owner()),
            c(p.due()),
            yes(is_overdue(&p, t.today)),
            yes(p.carried),
            c(t.catalog.item_text(item, lang)),
        ]
    });
    block(
        out,
        "plans",
        &[
            "organization",
            "prefecture",
            "id",
            "score",
            "action",
            "owner",
            "due",
            "overdue",
            "carried",
            "text",
        ],
        plans,
    )
}

/// An average as the CSV writes it: three decimals, or an empty cell where nobody answered
/// (the text table's 「-」 would be text in a column of numbers).
fn average<F: Into<figure::Figure>>(v: Option<F>) -> String {
    v.map_or_else(String::new, |v| figure::average(Some(v)))
}

fn block(
    out: &mut dyn io::Write,
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    write!(out, "\n{name}\n")?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header)?;
    for r in rows {
        w.write_record(&r)?;
    }
    w.flush()
}
