//! The documents that describe the code cannot go stale: the user guide's key table is the
//! program's key table, ARCHITECTURE.md's code map names every module under `src/` and
//! nothing that is not there, every path of the repository and every link that a document
//! names exists, and the README stays short.

use std::collections::BTreeSet;
use std::path::Path;

use tenken::lang::Lang;
use tenken::tui::keymap::COMMANDS;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Folders of the repository besides `src/` that documents name.
const OTHER_ROOTS: &[&str] = &[
    "tests/",
    "benches/",
    "examples/",
    "scripts/",
    "fixtures/",
    "catalog/",
    "screenshots/",
    "docs/",
    ".ci/",
];

fn read(file: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(file))
        .unwrap_or_else(|e| panic!("cannot read {file}: {e}"))
}

/// The key table as docs/guide.md shows it.
fn key_table() -> String {
    let mut out = String::from("| keys | 日本語 | English |\n|---|---|---|\n");
    for b in COMMANDS.rows() {
        let keys = COMMANDS
            .names(b, Lang::En)
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "| {keys} | {} | {} |\n",
            b.describe(Lang::Ja),
            b.describe(Lang::En)
        ));
    }
    out
}

#[test]
fn the_guide_key_table_is_generated_from_the_keymap() {
    let guide = read("docs/guide.md");
    let table = key_table();
    assert!(
        guide.contains(&table),
        "docs/guide.md key table is out of date; paste this:\n\n{table}"
    );
}

/// The text between backquotes on a line, span by span.
fn code_spans(line: &str) -> impl Iterator<Item = &str> {
    line.split('`').skip(1).step_by(2)
}

/// A span that is a path of a file or folder (no spaces, options or globs).
fn is_path(span: &str) -> bool {
    !span.is_empty()
        && span
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
}

/// Every module named in ARCHITECTURE.md's code map, as a path from the repository root.
/// Under a heading that names a folder (`### \`src/tui/\``), a name that does not start
/// with `src/` (`session.rs`, `view/`) is in that folder.
fn code_map() -> BTreeSet<String> {
    let text = read("ARCHITECTURE.md");
    let map = text
        .split("\n## ")
        .find(|section| section.starts_with("Code map"))
        .expect("ARCHITECTURE.md has a section `## Code map`");
    // The text before the first folder's heading introduces the map and names nothing.
    let mut folder = None;
    let mut named = BTreeSet::new();
    for line in map.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            let name = code_spans(heading)
                .find(|s| s.starts_with("src/") && s.ends_with('/'))
                .unwrap_or_else(|| panic!("a code map heading names its folder: {line}"));
            folder = Some(name.to_string());
        }
        let Some(folder) = &folder else { continue };
        for span in code_spans(line).filter(|s| is_path(s)) {
            if !(span.ends_with(".rs") || span.ends_with('/')) {
                continue;
            }
            if span.starts_with("src/") {
                named.insert(span.to_string());
            } else if !OTHER_ROOTS.iter().any(|r| span.starts_with(r)) {
                named.insert(format!("{folder}{span}"));
            }
        }
    }
    named
}

fn rust_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(ROOT).unwrap();
            out.push(relative.to_string_lossy().into_owned());
        }
    }
}

#[test]
fn the_code_map_names_every_module_and_only_modules_that_exist() {
    let named = code_map();
    let missing: Vec<&String> = named
        .iter()
        .filter(|p| !Path::new(ROOT).join(p).exists())
        .collect();
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    files.sort();
    // A folder's `mod.rs` is the folder module: naming the folder names it.
    let unnamed: Vec<&String> = files
        .iter()
        .filter(|f| {
            !named.contains(*f)
                && !f
                    .strip_suffix("mod.rs")
                    .is_some_and(|folder| named.contains(folder))
        })
        .collect();
    assert!(
        missing.is_empty() && unnamed.is_empty(),
        "ARCHITECTURE.md's code map is out of date (see its section \"Keeping this file true\"):\n\
         named but not in the tree: {missing:?}\n\
         in the tree but not named: {unnamed:?}"
    );
}

/// The README, ARCHITECTURE.md and every page in docs/, as paths from the repository root.
fn documents() -> Vec<String> {
    let mut documents = vec!["README.md".to_string(), "ARCHITECTURE.md".to_string()];
    for entry in std::fs::read_dir(Path::new(ROOT).join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            documents.push(format!(
                "docs/{}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    documents
}

#[test]
fn every_path_a_document_names_exists() {
    let mut missing = Vec::new();
    for document in &documents() {
        for line in read(document).lines() {
            for span in code_spans(line).filter(|s| is_path(s)) {
                if (span.starts_with("src/") || OTHER_ROOTS.iter().any(|r| span.starts_with(r)))
                    && !Path::new(ROOT).join(span).exists()
                {
                    missing.push(format!("{document}: {span}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "documents name paths that do not exist: {missing:?}"
    );
}

#[test]
fn the_readme_stays_a_page_that_points_to_the_rest() {
    // What does not fit goes to docs/, which the README lists.
    let lines = read("README.md").lines().count();
    assert!(
        lines <= 250,
        "README.md has {lines} lines; keep it at 250 or fewer"
    );
}

/// A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to `-`.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The targets of a text's Markdown links: `[text](target)`.
fn link_targets(text: &str) -> Vec<&str> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(target, _)| target))
        .filter(|target| !target.contains(char::is_whitespace))
        .collect()
}

#[test]
fn every_link_between_the_documents_leads_somewhere() {
    let mut broken = Vec::new();
    for document in &documents() {
        let text = read(document);
        let folder = Path::new(document).parent().unwrap();
        for target in link_targets(&text) {
            if target.contains("://") {
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            let file = if file.is_empty() {
                Path::new(document).to_path_buf()
            } else {
                folder.join(file)
            };
            let path = Path::new(ROOT).join(&file);
            if !path.exists() {
                broken.push(format!("{document}: {target}"));
                continue;
            }
            if !fragment.is_empty() && path.extension().is_some_and(|e| e == "md") {
                let headings = std::fs::read_to_string(&path).unwrap();
                let found = headings
                    .lines()
                    .filter_map(|l| l.strip_prefix('#'))
                    .any(|h| anchor(h.trim_start_matches('#')) == fragment);
                if !found {
                    broken.push(format!("{document}: {target}"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "links that lead nowhere: {broken:?}");
}

/// #21.11: one word per concept, on every screen, in the help, the reports and the documents:
/// 付箋 (flag) for an item marked for the meeting, 下書き (draft) for last year's answer not yet
/// confirmed, 未回答 for an item without an answer. The words they replace — 要確認, 未確認 and
/// 未確定, one character apart and read as each other — appear nowhere: not in the program's
/// text, the documents, or the screens and outputs the snapshots hold.
#[test]
fn one_word_per_concept_flag_draft_unanswered() {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    files.extend(documents());
    for entry in std::fs::read_dir(Path::new(ROOT).join("tests/it/snapshots")).unwrap() {
        let path = entry.unwrap().path();
        let relative = path.strip_prefix(ROOT).unwrap();
        files.push(relative.to_string_lossy().into_owned());
    }
    let mut found = Vec::new();
    for file in &files {
        for (n, line) in read(file).lines().enumerate() {
            for word in ["要確認", "未確認", "未確定"] {
                if line.contains(word) {
                    found.push(format!("{file}:{}: {word}", n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "old words left:\n{}", found.join("\n"));
}
