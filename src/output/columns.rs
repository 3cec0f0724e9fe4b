//! Plain-text tables whose columns line up on a terminal: every column is as wide as its
//! widest cell, measured in terminal cells (`unicode-width`, as ratatui measures: a CJK
//! character takes two). Tabs cannot do this — a Japanese header of 8 cells or more jumps to
//! the next tab stop while the numbers under it do not. [`TextTable`] is one table printed
//! either that way or as Markdown, for the renderers that print the same table in both.

use crate::safe_text::pad_cells;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// Rows of cells, laid out by [`Columns::lines`].
#[derive(Clone, Debug)]
pub(crate) struct Columns {
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
    gap: &'static str,
}

impl Columns {
    /// A table with one alignment per column, cells separated by `gap`.
    pub(crate) fn new(align: &[Align], gap: &'static str) -> Columns {
        Columns {
            align: align.to_vec(),
            rows: Vec::new(),
            gap,
        }
    }

    /// Adds a row (missing cells are empty, extra cells are laid out left-aligned).
    pub(crate) fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// One line per row, in the order added, without trailing blanks.
    pub(crate) fn lines(&self) -> Vec<String> {
        let n = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let width = |c: usize| {
            self.rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| unicode_width::UnicodeWidthStr::width(s.as_str()))
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..n).map(width).collect();
        self.rows
            .iter()
            .map(|r| {
                let cells: Vec<String> = (0..n)
                    .map(|c| {
                        let s = r.get(c).map_or("", String::as_str);
                        match self.align.get(c).copied().unwrap_or(Align::Left) {
                            Align::Left => pad_cells(s, widths[c]),
                            Align::Right => {
                                let w = unicode_width::UnicodeWidthStr::width(s);
                                format!("{}{s}", " ".repeat(widths[c].saturating_sub(w)))
                            }
                        }
                    })
                    .collect();
                cells.join(self.gap).trim_end().to_string()
            })
            .collect()
    }
}

/// One table in Markdown (a blank line, the header row, its rule, the rows) or in plain text
/// ([`Columns`], cells separated by a space), as the result's text renderer was asked.
#[derive(Clone, Debug)]
pub(crate) struct TextTable {
    markdown: bool,
    head: Vec<String>,
    plain: Columns,
}

impl TextTable {
    /// A table with this header row and one alignment per column (plain text only: Markdown's
    /// columns are all left-aligned). Plain text shows the header row only when `plain_head`.
    pub(crate) fn new(
        markdown: bool,
        align: &[Align],
        head: Vec<String>,
        plain_head: bool,
    ) -> Self {
        let mut plain = Columns::new(align, " ");
        if plain_head && !markdown {
            plain.row(head.clone());
        }
        TextTable {
            markdown,
            head,
            plain,
        }
    }

    /// Adds a row of cells, already escaped for the format.
    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.plain.row(cells);
    }

    /// Writes the table: Markdown as it is, plain text with every line after `indent`.
    pub(crate) fn write(&self, out: &mut dyn std::fmt::Write, indent: &str) {
        if self.markdown {
            let _ = writeln!(
                out,
                "\n| {} |\n|{}",
                self.head.join(" | "),
                "---|".repeat(self.head.len())
            );
            for row in &self.plain.rows {
                let _ = writeln!(out, "| {} |", row.join(" | "));
            }
        } else {
            for line in self.plain.lines() {
                let _ = writeln!(out, "{indent}{line}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_in_terminal_cells() {
        let mut t = Columns::new(&[Align::Left, Align::Right, Align::Left], " ");
        t.row(["項目", "該当なし", "名称"]);
        t.row(["1-1", "3", "責任体制"]);
        t.row(["10-12", "12", "x"]);
        assert_eq!(
            t.lines(),
            [
                "項目  該当なし 名称",
                "1-1          3 責任体制",
                "10-12       12 x"
            ]
        );
    }
}
