//! Renders the real views with the demo sheet into SVG files under `screenshots/`, and into PNG
//! when `rsvg-convert` is installed (Debian: `apt-get install librsvg2-bin fonts-noto-cjk`).
//!
//!     cargo run --example screenshots
//!
//! Each terminal cell becomes one positioned glyph, so wide (CJK) characters take exactly two
//! cells as they do in a terminal.

use std::fmt::Write as _;
use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use time::macros::datetime;

use tenken::catalog::{Catalog, Edition};
use tenken::cmd::open::{DEMO_PREVIOUS_SHEET, DEMO_SHEET};
use tenken::lang::Lang;
use tenken::ron::ron_options;
use tenken::sheet::Sheet;
use tenken::tui::app::{Action, App, Options};
use tenken::tui::previous::PreviousSheet;
use tenken::tui::theme::Theme;
use tenken::tui::view;

const CELL_W: f32 = 10.0;
const CELL_H: f32 = 20.0;
const FG: &str = "#d8d8d8";
const BG: &str = "#1d1f21";

fn app(lang: Lang, ascii: bool) -> App {
    let sheet: Sheet = ron_options().from_str(DEMO_SHEET).expect("demo sheet");
    App::new(
        Catalog::builtin(Edition::Municipal),
        sheet,
        "demo.ron",
        Options {
            lang,
            theme: Theme {
                ascii,
                color: true,
                ..Theme::default()
            },
            advance: true,
        },
    )
}

/// Last year's sheet of the demo (令和7年度, municipal).
fn previous() -> PreviousSheet {
    PreviousSheet {
        catalog: Catalog::builtin(Edition::Municipal),
        sheet: ron_options()
            .from_str(DEMO_PREVIOUS_SHEET)
            .expect("demo previous"),
        name: "demo-r7.ron".into(),
    }
}

/// This year on the national edition beside last year's municipal sheet: reworded items.
fn national_app() -> App {
    let mut sheet: Sheet = ron_options().from_str(DEMO_SHEET).expect("demo sheet");
    sheet.catalog.id = "juki-national".into();
    sheet.answers.remove("2-4");
    App::new(
        Catalog::builtin(Edition::National),
        sheet,
        "national.ron",
        Options {
            lang: Lang::Ja,
            theme: Theme {
                ascii: false,
                color: true,
                ..Theme::default()
            },
            advance: true,
        },
    )
    .with_previous(previous())
}

fn keys(app: &mut App, keys: &str) {
    let now = datetime!(2026-11-25 11:00 +9);
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        let _ = app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
    }
    let _ = app.update(Action::Saved(datetime!(2026-11-25 11:00:01 +9)), now);
}

fn color(c: Color, default: &str) -> String {
    match c {
        Color::Reset => default.into(),
        Color::Black => "#1d1f21".into(),
        Color::Red => "#e06c75".into(),
        Color::Green => "#98c379".into(),
        Color::Yellow => "#e5c07b".into(),
        Color::Blue => "#61afef".into(),
        Color::Magenta => "#c678dd".into(),
        Color::Cyan => "#56b6c2".into(),
        Color::Gray | Color::White => "#ffffff".into(),
        Color::DarkGray => "#777777".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        _ => default.into(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn svg(buf: &Buffer) -> String {
    let w = f32::from(buf.area.width) * CELL_W;
    let h = f32::from(buf.area.height) * CELL_H;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"{BG}\"/>\n\
         <g font-family=\"Noto Sans Mono CJK JP, Noto Sans CJK JP, monospace\" font-size=\"16\">\n"
    );
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            let sym = cell.symbol();
            let cells = unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
            let (mut fg, mut bg) = (color(cell.fg, FG), color(cell.bg, BG));
            if cell.modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fg, &mut bg);
            }
            let px = f32::from(x) * CELL_W;
            let py = f32::from(y) * CELL_H;
            if bg != BG {
                let _ = writeln!(
                    out,
                    "<rect x=\"{px}\" y=\"{py}\" width=\"{}\" height=\"{CELL_H}\" fill=\"{bg}\"/>",
                    f32::from(cells) * CELL_W
                );
            }
            if !sym.trim().is_empty() {
                let weight = if cell.modifier.contains(Modifier::BOLD) {
                    " font-weight=\"bold\""
                } else {
                    ""
                };
                let opacity = if cell.modifier.contains(Modifier::DIM) {
                    " opacity=\"0.6\""
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "<text x=\"{px}\" y=\"{}\" fill=\"{fg}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"{weight}{opacity}>{}</text>",
                    py + CELL_H * 0.78,
                    f32::from(cells) * CELL_W,
                    escape(sym)
                );
            }
            x += cells;
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

fn shoot(dir: &Path, name: &str, app: &App, w: u16, h: u16) {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
    t.draw(|f| view::render(app, f)).expect("draw");
    let path = dir.join(format!("{name}.svg"));
    std::fs::write(&path, svg(t.backend().buffer())).expect("write svg");
    let png = dir.join(format!("{name}.png"));
    match std::process::Command::new("rsvg-convert")
        .arg("-o")
        .arg(&png)
        .arg(&path)
        .status()
    {
        Ok(s) if s.success() => println!("{} {}", path.display(), png.display()),
        _ => println!("{} (no PNG: rsvg-convert not available)", path.display()),
    }
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshots/");

    let mut a = app(Lang::Ja, false);
    keys(&mut a, ":18-1\n");
    shoot(&dir, "main-80x24", &a, 80, 24);
    shoot(&dir, "main-120x40", &a, 120, 40);

    let mut a = app(Lang::Ja, false);
    keys(&mut a, "?");
    shoot(&dir, "help", &a, 80, 24);

    let mut a = app(Lang::Ja, false);
    keys(&mut a, ":18-1\np");
    shoot(&dir, "editor", &a, 80, 24);

    let mut a = app(Lang::Ja, false);
    keys(&mut a, ":23-4\nz");
    shoot(&dir, "focus", &a, 80, 24);

    let a = app(Lang::Ja, false);
    shoot(&dir, "small-40x12", &a, 40, 12);

    let mut a = app(Lang::En, true);
    keys(&mut a, ":18-1\n");
    shoot(&dir, "ascii-en-80x24", &a, 80, 24);

    let mut a = app(Lang::Ja, false).with_previous(previous());
    keys(&mut a, ":18-1\n");
    shoot(&dir, "previous-80x24", &a, 80, 24);
    shoot(&dir, "previous-120x40", &a, 120, 40);

    let mut a = national_app();
    keys(&mut a, "Ty:26-3\n");
    shoot(&dir, "previous-drafts-80x24", &a, 80, 24);
}
