//! How things look: borders, bars, markers and styles, with the ASCII and no-colour variants.
//!
//! Markers never use characters of ambiguous East-Asian width (○ ● ※ → ■ □ ★ ▶ …), which
//! Japanese terminals may draw two cells wide: they are ASCII in every mode. Borders and bars
//! use box-drawing and block characters (also ambiguous) only where the terminal draws them
//! one cell wide (asked at start-up, see `tui::ambiguous`); otherwise, and with `--ascii`,
//! they are `+-|` and `#`. Nothing is shown by colour alone: focus is reverse video, warnings
//! carry `!`, inapplicable items say so.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::tui::ambiguous::AmbiguousWidth;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Theme {
    /// ASCII borders and bars.
    pub ascii: bool,
    /// Colours allowed (false under `NO_COLOR`).
    pub color: bool,
    /// How the terminal draws ambiguous-width characters (shown on the help screen); when
    /// wide, `ascii` is set too.
    pub ambiguous: AmbiguousWidth,
}

pub(crate) const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// This theme on a terminal that draws ambiguous-width characters as `width` says:
    /// ASCII borders and bars when they are wide.
    pub(crate) fn on(self, width: AmbiguousWidth) -> Theme {
        Theme {
            ascii: self.ascii || width.wide,
            ambiguous: width,
            ..self
        }
    }

    pub(crate) fn border(self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// The arrow of a change in a message (「1-6: 2 → 3」): `->` where the theme is ASCII, as
    /// the one-cell stand-in `>` of `→` would read as a comparison there.
    pub(crate) fn arrow(self) -> &'static str {
        if self.ascii { "->" } else { "→" }
    }

    /// A bar of `width` cells filled in proportion `value / max`.
    pub(crate) fn bar(self, value: Option<f64>, max: f64, width: usize) -> String {
        let filled = value.map_or(0, |v| {
            ((v / max).clamp(0.0, 1.0) * width as f64).round() as usize
        });
        let (full, empty) = if self.ascii {
            ("#", ".")
        } else {
            ("█", "░")
        };
        format!("{}{}", full.repeat(filled), empty.repeat(width - filled))
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// The selected row or choice: reverse video (visible without colour).
    pub(crate) fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A text field being typed in: underlined, not reversed, so that the terminal's block
    /// cursor shows in it.
    pub(crate) fn input(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// Headings in the tree and labels in the item pane.
    pub(crate) fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A priority item below target; always paired with a `!` marker.
    pub(crate) fn warning(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Items excluded by the profile; always paired with the word 対象外 / n/a.
    pub(crate) fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub(crate) fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    /// The title line.
    pub(crate) fn title(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// An error in the title (failed save): bold, with the words 保存失敗 / SAVE FAILED.
    pub(crate) fn error(self) -> Style {
        self.fg(Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    /// Key names in the key bar.
    pub(crate) fn key(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub(crate) fn accent(self) -> Style {
        self.fg(Color::Cyan)
    }
}

/// Whether the environment asks for ASCII (`TENKEN_ASCII=1`, any value but empty or `0`).
pub(crate) fn ascii_from_env(var: Option<&std::ffi::OsStr>) -> bool {
    var.is_some_and(|v| !v.is_empty() && v != "0")
}

/// Whether colour may be used: `NO_COLOR` set to anything non-empty forbids it.
pub(crate) fn color_from_env(no_color: Option<&std::ffi::OsStr>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    /// The default theme with these borders and colours.
    fn theme(ascii: bool, color: bool) -> Theme {
        Theme {
            ascii,
            color,
            ..Theme::default()
        }
    }

    #[test]
    fn ascii_mode_is_pure_ascii() {
        let t = theme(true, false);
        let b = t.border();
        for s in [b.top_left, b.horizontal_top, b.vertical_left] {
            assert!(s.is_ascii());
        }
        assert!(t.bar(Some(2.0), 3.0, 9).is_ascii());
        assert_eq!(t.bar(Some(3.0), 3.0, 4), "####");
        assert_eq!(t.bar(None, 3.0, 3), "...");
    }

    #[test]
    fn default_bars_are_as_wide_as_asked_in_narrow_terminals() {
        let t = theme(false, true);
        assert_eq!(t.bar(Some(1.5), 3.0, 10).width(), 10);
    }

    #[test]
    fn a_wide_terminal_gets_ascii_borders_and_a_narrow_one_keeps_its_choice() {
        use crate::tui::ambiguous::{AmbiguousWidth, WidthSource};
        let box_drawing = theme(false, true);
        let wide = AmbiguousWidth {
            wide: true,
            source: WidthSource::Measured,
        };
        let narrow = AmbiguousWidth {
            wide: false,
            source: WidthSource::Measured,
        };
        assert!(box_drawing.on(wide).ascii);
        assert_eq!(box_drawing.on(wide).border().top_left, "+");
        assert!(!box_drawing.on(narrow).ascii);
        let ascii = Theme {
            ascii: true,
            ..box_drawing
        };
        assert!(ascii.on(narrow).ascii, "--ascii stays");
        assert_eq!(ascii.on(narrow).ambiguous, narrow);
    }

    #[test]
    fn env_switches() {
        use std::ffi::OsStr;
        assert!(ascii_from_env(Some(OsStr::new("1"))));
        assert!(!ascii_from_env(Some(OsStr::new("0"))));
        assert!(!ascii_from_env(None));
        assert!(!color_from_env(Some(OsStr::new("1"))));
        assert!(color_from_env(Some(OsStr::new(""))));
        assert!(color_from_env(None));
    }
}
