//! The layout rules of ARCHITECTURE.md ("Rules of the house") that the compiler does not check:
//! no import circle between the source files of `src/`, no `#[path]`, no source file longer
//! than 900 lines before its tests, and no two types of one name.
//!
//! A file's imports are the paths it writes with `crate::`, `super::` or `self::` (in `use`
//! trees, braces included, and inline), outside its `#[cfg(test)]` module and comments, each
//! taken to the source file that defines the longest leading part of the path. A module's own
//! ancestors and descendants are not counted: a child sees its parent's items and a parent
//! re-exports its children by the module tree's design; a circle is between modules apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const LONGEST: usize = 900;

/// Every source file under `src/` by module path (`tui::app` for `src/tui/app/mod.rs`), with
/// its path as shown and its text.
fn modules() -> BTreeMap<Vec<String>, (String, String)> {
    fn walk(dir: &Path, out: &mut BTreeMap<Vec<String>, (String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(Path::new(ROOT).join("src")).unwrap();
            let mut parts: Vec<String> = relative
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            let folder = matches!(parts.last().map(String::as_str), Some("mod" | "lib"));
            if folder || parts == ["main"] {
                parts.pop();
            }
            if parts.is_empty() && !folder {
                continue; // main.rs: the binary, not a module of the library
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let shown = format!("src/{}", relative.display());
            out.insert(parts, (shown, text));
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(ROOT).join("src"), &mut out);
    out
}

/// The text before the file's `#[cfg(test)]` module, without line comments.
fn code_part(text: &str) -> String {
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or("");
    before_tests
        .lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string ("https://…") is rare in paths' neighbourhood; cut anyway:
            // it can only hide an import, never invent one.
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a `use` tree names, its braces expanded: `crate::{a::b, c}` → `crate::a::b`,
/// `crate::c`.
fn expand_tree(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let close = tree.rfind('}').filter(|&c| c > open).unwrap_or(tree.len());
        let inner = &tree[open + 1..close];
        let joined = join(prefix, head);
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_tree(&joined, &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_tree(&joined, &inner[start..], out);
    } else if !tree.is_empty() {
        let path = tree.split(" as ").next().unwrap().trim();
        out.push(join(prefix, path));
    }
}

fn join(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.to_string(),
        _ => format!("{prefix}::{rest}"),
    }
}

/// Every path the code writes that starts at `crate`, `super` or `self`.
fn written_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    // `use` trees, braces and all.
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before_ok = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
        let after = &rest[at + 4..];
        let end = after.find(';').unwrap_or(after.len());
        let tree = after[..end].trim_start();
        let ours = ["crate::", "super::", "self::"]
            .iter()
            .any(|h| tree.starts_with(h));
        if before_ok && ours {
            expand_tree("", tree, &mut paths);
        }
        rest = &after[end.min(after.len())..];
    }
    // Inline paths: `crate::a::b(…)`.
    let bytes = code.as_bytes();
    for head in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(head) {
            let at = from + i;
            from = at + head.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let end = code[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| at + e);
            paths.push(code[at..end].trim_end_matches(':').to_string());
        }
    }
    paths
        .into_iter()
        .filter(|p| p.starts_with("crate::") || p.starts_with("super::") || p.starts_with("self::"))
        .collect()
}

/// The module a written path leads to: the longest leading part that is a source file.
fn target(
    from: &[String],
    path: &str,
    modules: &BTreeMap<Vec<String>, (String, String)>,
) -> Option<Vec<String>> {
    let mut parts: Vec<String> = path.split("::").map(str::to_string).collect();
    // `self::` is the module itself and `super::` its parent, for a folder module
    // (`a/mod.rs`) and a file module (`a.rs`, its children in `a/`) alike.
    let mut base: Vec<String> = from.to_vec();
    match parts.first().map(String::as_str) {
        Some("crate") => base.clear(),
        Some("self") => {}
        Some("super") => {
            base.pop();
        }
        _ => return None,
    }
    parts.remove(0);
    while parts.first().is_some_and(|p| p == "super") {
        base.pop();
        parts.remove(0);
    }
    base.extend(parts);
    (0..=base.len())
        .rev()
        .map(|n| base[..n].to_vec())
        .find(|candidate| modules.contains_key(candidate))
}

fn related(a: &[String], b: &[String]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

#[test]
fn no_import_circle_between_source_files() {
    let modules = modules();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, (_, text)) in &modules {
        for path in written_paths(&code_part(text)) {
            if let Some(to) = target(module, &path, &modules)
                && !related(module, &to)
            {
                edges.entry(module.clone()).or_default().insert(to);
            }
        }
    }
    // A circle exists where a module reaches itself: for each module, walk what it reaches.
    let name = |m: &Vec<String>| modules[m].0.clone();
    let mut circles: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for start in edges.keys() {
        // Breadth-first, remembering how each module was reached, to print one circle.
        let mut came_from: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.clone()]);
        while let Some(m) = queue.pop_front() {
            for next in edges.get(&m).into_iter().flatten() {
                if next == start {
                    let mut circle = vec![name(&m)];
                    let mut at = m.clone();
                    while let Some(prev) = came_from.get(&at) {
                        circle.push(name(prev));
                        at = prev.clone();
                    }
                    circle.reverse();
                    let mut key = circle.clone();
                    key.sort();
                    let shown = circle.join(" → ") + " → " + &name(start);
                    circles.entry(key).or_insert(shown);
                } else if !came_from.contains_key(next) && next != start {
                    came_from.insert(next.clone(), m.clone());
                    queue.push_back(next.clone());
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles between source files (ARCHITECTURE.md, rules of the house):\n{}",
        circles.into_values().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_path_attribute_and_no_source_file_over_900_lines_before_its_tests() {
    let mut faults = Vec::new();
    for (shown, text) in modules().values() {
        if text.contains("#[path") {
            faults.push(format!(
                "{shown}: #[path] (a module is where its name says)"
            ));
        }
        let code_lines = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or("")
            .lines()
            .count();
        let is_tests_file = shown.ends_with("/tests.rs");
        if !is_tests_file && code_lines > LONGEST {
            faults.push(format!(
                "{shown}: {code_lines} lines before its tests (at most {LONGEST})"
            ));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Names that several modules give a type of the same kind on purpose: each `cmd` module's
/// clap arguments are its `Args` (`cmd::new::Args`), always written with the module's name.
const SHARED_TYPE_NAMES: &[&str] = &["Args"];

/// The types (`struct`, `enum`, `union`, `type`, `trait`) a source file declares at its top
/// level, outside inline `#[cfg(test)]` modules, with their line numbers.
fn declared_types(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            // An inline test module is skipped to its closing brace at the left margin.
            if let Some((_, next)) = lines.peek()
                && next.trim_start().starts_with("mod ")
                && next.trim_end().ends_with('{')
            {
                for (_, inner) in lines.by_ref() {
                    if inner == "}" {
                        break;
                    }
                }
            }
            continue;
        }
        let mut rest = line;
        if let Some(after) = rest.strip_prefix("pub") {
            rest = match after.strip_prefix('(') {
                Some(scoped) => scoped.split_once(')').map_or("", |(_, r)| r),
                None => after,
            }
            .trim_start();
        }
        for keyword in ["struct ", "enum ", "union ", "type ", "trait "] {
            if let Some(named) = rest.strip_prefix(keyword) {
                let name: String = named
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push((name, i + 1));
                }
            }
        }
    }
    out
}

#[test]
fn no_two_types_of_one_name_in_src() {
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (shown, text) in modules().values() {
        if shown.ends_with("/tests.rs") {
            continue; // a test module's helper types are its own business
        }
        for (name, line) in declared_types(text) {
            by_name
                .entry(name)
                .or_default()
                .push(format!("{shown}:{line}"));
        }
    }
    let clashes: Vec<String> = by_name
        .iter()
        .filter(|(name, places)| places.len() > 1 && !SHARED_TYPE_NAMES.contains(&name.as_str()))
        .map(|(name, places)| format!("{name}: {}", places.join(", ")))
        .collect();
    assert!(
        clashes.is_empty(),
        "types of one name in different modules (ARCHITECTURE.md, rules of the house: a name \
         says what the type is):\n{}",
        clashes.join("\n")
    );
}

#[test]
fn declared_types_sees_top_level_types_and_skips_inline_tests() {
    let text = "pub struct A;\npub(crate) enum B {}\npub(super) type C = u8;\ntrait D {}\n\
                fn f() {\n    struct Local;\n}\n#[cfg(test)]\nmod tests {\n    struct T;\n}\n\
                union E { x: u8 }\n";
    let names: Vec<String> = declared_types(text).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["A", "B", "C", "D", "E"]);
}
