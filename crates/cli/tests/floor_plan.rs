//! The floor plan holds: in every crate, no two source files use each other's items, even
//! through others (no import circles); capability folders use only the platform and the
//! capabilities before them in the chain; no hand-written source file grows past 800 lines.
//!
//! "Uses" means a path to another file's module: `crate::…`, `super::…`, or a child module
//! named from its parent. Unit tests (`#[cfg(test)]` and below) are left out.
#![allow(clippy::expect_used)]

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

/// The chain, in order: a folder may use its own files, `platform`, and folders before it.
const CHAIN: [&str; 11] = [
    "platform",
    "org",
    "leads",
    "customers",
    "opportunities",
    "activities",
    "contracts",
    "cash",
    "targets",
    "performance",
    "analytics",
];

/// Files that put the capabilities together (routes, job kinds, tenant defaults, backups,
/// the binary): they may use any folder, and no folder uses them.
const COMPOSITION: [&str; 7] = [
    "", // lib.rs / main.rs
    "router",
    "job_kinds",
    "tenants",
    "backup",
    "testing",
    "demo",
];

const MAX_LINES: usize = 800;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .expect("the workspace root")
        .to_owned()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a/b.rs` and `a/b/mod.rs` are module `a::b`; `lib.rs` and `main.rs` the root "".
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("a file under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !(stem == "mod" || (parts.is_empty() && (stem == "lib" || stem == "main"))) {
        parts.push(stem.to_owned());
    }
    parts.join("::")
}

/// The code of a file without its unit tests and comments.
fn code(text: &str) -> String {
    let body = text.split("#[cfg(test)]").next().unwrap_or_default();
    body.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path of idents starting at `start` in `s` (`a::b::{c, d::e}` gives `a::b::c` and
/// `a::b::d::e`), for the use trees and inline paths that begin there.
fn paths_at(s: &str, start: usize) -> Vec<String> {
    let bytes = s.as_bytes();
    let mut i = start;
    let mut prefix = String::new();
    loop {
        if s[i..].starts_with('{') {
            // A group right at the start: `{a, b::c}`.
            return group(s, i, &prefix);
        }
        let from = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        prefix.push_str(&s[from..i]);
        if s[i..].starts_with("::{") {
            return group(s, i + 2, &prefix);
        }
        if s[i..].starts_with("::") {
            prefix.push_str("::");
            i += 2;
            continue;
        }
        return vec![prefix];
    }
}

/// The paths of a `{…}` group opening at `open`, each behind `prefix`.
fn group(s: &str, open: usize, prefix: &str) -> Vec<String> {
    {
        {
            let mut depth = 0;
            let mut end = open;
            for (k, c) in s[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = open + k;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let inner = &s[open + 1..end];
            let mut out = Vec::new();
            let mut depth = 0;
            let mut item_start = 0;
            for (k, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.extend(item_paths(prefix, &inner[item_start..k]));
                        item_start = k + 1;
                    }
                    _ => {}
                }
            }
            out.extend(item_paths(prefix, &inner[item_start..]));
            out
        }
    }
}

fn item_paths(prefix: &str, item: &str) -> Vec<String> {
    let item = item.trim();
    if item.is_empty() {
        return Vec::new();
    }
    let joined = if prefix.is_empty() {
        item.to_owned()
    } else {
        format!("{prefix}::{item}")
    };
    paths_at(&joined, 0)
}

/// The modules of the crate a file uses.
fn uses(module: &str, is_mod_rs: bool, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let code = code(text);
    let parent = {
        // `super` of `a::b` (a file) or of `a::b` (a folder's mod.rs) is `a`.
        let _ = is_mod_rs;
        module
            .rsplit_once("::")
            .map_or(String::new(), |(p, _)| p.to_owned())
    };
    let children: Vec<&String> = modules
        .iter()
        .filter(|m| {
            m.strip_prefix(module)
                .and_then(|rest| {
                    if module.is_empty() {
                        Some(m.as_str())
                    } else {
                        rest.strip_prefix("::")
                    }
                })
                .is_some_and(|rest| !rest.contains("::") && !rest.is_empty())
        })
        .collect();
    let mut found = BTreeSet::new();
    let mut resolve = |path: &str| {
        let segments: Vec<&str> = path
            .split("::")
            .filter(|s| !s.is_empty() && *s != "self")
            .collect();
        for n in (1..=segments.len()).rev() {
            let candidate = segments[..n].join("::");
            if modules.contains(&candidate) {
                if candidate != module {
                    found.insert(candidate);
                }
                return;
            }
        }
    };
    let bytes = code.as_bytes();
    let boundary = |k: usize| {
        k == 0
            || !(bytes[k - 1].is_ascii_alphanumeric()
                || bytes[k - 1] == b'_'
                || bytes[k - 1] == b':')
    };
    for (k, _) in code.match_indices("crate::") {
        if boundary(k) {
            for p in paths_at(&code, k + "crate::".len()) {
                resolve(&p);
            }
        }
    }
    for (k, _) in code.match_indices("super::") {
        if boundary(k) {
            for p in paths_at(&code, k + "super::".len()) {
                let mut base = parent.clone();
                let mut rest = p.as_str();
                while let Some(r) = rest.strip_prefix("super::") {
                    base = base
                        .rsplit_once("::")
                        .map_or(String::new(), |(b, _)| b.to_owned());
                    rest = r;
                }
                resolve(&if base.is_empty() {
                    rest.to_owned()
                } else {
                    format!("{base}::{rest}")
                });
            }
        }
    }
    for child in children {
        let name = child.rsplit("::").next().unwrap_or_default();
        let needle = format!("{name}::");
        for (k, _) in code.match_indices(&needle) {
            if boundary(k) {
                for p in paths_at(&code, k) {
                    let full = if module.is_empty() {
                        p
                    } else {
                        format!("{module}::{p}")
                    };
                    resolve(&full);
                }
            }
        }
    }
    found
}

struct Crate {
    name: String,
    files: BTreeMap<String, (PathBuf, String)>,
    edges: BTreeMap<String, BTreeSet<String>>,
}

fn crates() -> Vec<Crate> {
    let root = workspace();
    let mut out = Vec::new();
    for dir in [
        "crates/domain",
        "crates/store",
        "crates/server",
        "crates/cli",
        "bench",
    ] {
        let src = root.join(dir).join("src");
        let mut paths = Vec::new();
        rust_files(&src, &mut paths);
        let mut files = BTreeMap::new();
        for p in paths {
            let text = std::fs::read_to_string(&p).expect("a readable source file");
            files.insert(module_of(&src, &p), (p, text));
        }
        let modules: BTreeSet<String> = files.keys().cloned().collect();
        let edges = files
            .iter()
            .map(|(m, (p, text))| {
                let is_mod = p.file_name().is_some_and(|f| f == "mod.rs");
                (m.clone(), uses(m, is_mod, text, &modules))
            })
            .collect();
        out.push(Crate {
            name: dir.to_owned(),
            files,
            edges,
        });
    }
    out
}

/// Strongly connected groups of more than one file (Tarjan).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(st: &mut State<'a>, v: &'a str) {
        st.index.insert(v, st.next);
        st.low.insert(v, st.next);
        st.next += 1;
        st.stack.push(v);
        st.on.insert(v);
        if let Some(ws) = st.edges.get(v) {
            for w in ws {
                let w = w.as_str();
                if !st.index.contains_key(w) {
                    visit(st, w);
                    let lw = st.low[w];
                    let lv = st.low[v];
                    st.low.insert(v, lv.min(lw));
                } else if st.on.contains(w) {
                    let iw = st.index[w];
                    let lv = st.low[v];
                    st.low.insert(v, lv.min(iw));
                }
            }
        }
        if st.low[v] == st.index[v] {
            let mut group = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on.remove(w);
                group.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                st.found.push(group);
            }
        }
    }
    let mut st = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !st.index.contains_key(v.as_str()) {
            visit(&mut st, v);
        }
    }
    st.found
}

fn folder(module: &str) -> &str {
    module.split("::").next().unwrap_or_default()
}

#[test]
fn no_source_file_is_part_of_an_import_circle() {
    let mut problems = Vec::new();
    for c in crates() {
        for group in circles(&c.edges) {
            problems.push(format!("{}: {}", c.name, group.join(" ↔ ")));
        }
    }
    assert!(
        problems.is_empty(),
        "import circles:\n{}",
        problems.join("\n")
    );
}

#[test]
fn capabilities_use_only_the_platform_and_those_before_them() {
    let rank = |f: &str| CHAIN.iter().position(|c| *c == f);
    let mut problems = Vec::new();
    for c in crates() {
        if c.name == "crates/domain" || c.name == "crates/cli" || c.name == "bench" {
            continue;
        }
        for (from, tos) in &c.edges {
            let Some(from_rank) = rank(folder(from)) else {
                assert!(
                    COMPOSITION.contains(&folder(from))
                        || ["entity", "migration"].contains(&folder(from)),
                    "{}: {from} is neither in a capability folder nor a composition file",
                    c.name
                );
                continue;
            };
            for to in tos {
                let allowed = match rank(folder(to)) {
                    Some(r) => r <= from_rank,
                    None => ["entity", "migration"].contains(&folder(to)),
                };
                if !allowed
                    || (folder(from) == "platform" && rank(folder(to)).is_some_and(|r| r > 0))
                {
                    problems.push(format!("{}: {from} uses {to}", c.name));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "against the chain:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_hand_written_source_file_passes_800_lines() {
    let mut problems = Vec::new();
    for c in crates() {
        for (m, (path, text)) in &c.files {
            let lines = text.lines().count();
            let generated = path.components().any(|p| p.as_os_str() == "entity");
            let test_only = m.ends_with("tests") || m.contains("::tests::");
            if lines > MAX_LINES && !generated && !test_only {
                problems.push(format!("{}: {} lines", path.display(), lines));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "files to split:\n{}",
        problems.join("\n")
    );
}

/// The check itself finds a circle and a use against the chain when there is one.
#[test]
fn the_check_sees_circles_and_paths() {
    let modules: BTreeSet<String> = ["a", "b", "b::c", "leads", "customers"]
        .into_iter()
        .map(String::from)
        .collect();
    let a = uses(
        "a",
        false,
        "use crate::{b::{c::Thing, other}, leads};",
        &modules,
    );
    // `other` is an item of `b` itself.
    assert_eq!(
        a,
        ["b", "b::c", "leads"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    let c = uses(
        "b::c",
        false,
        "fn f() { super::super::a::go(); }\n#[cfg(test)]\nuse crate::leads;",
        &modules,
    );
    assert_eq!(c, ["a"].into_iter().map(String::from).collect());
    let b = uses(
        "b",
        false,
        "pub mod c;\nfn f() { c::Thing::new(); }",
        &modules,
    );
    assert_eq!(b, ["b::c"].into_iter().map(String::from).collect());
    let mut edges = BTreeMap::new();
    edges.insert("a".to_owned(), a);
    edges.insert("b::c".to_owned(), c);
    edges.insert("b".to_owned(), b);
    assert_eq!(
        circles(&edges),
        vec![vec!["a".to_owned(), "b".to_owned(), "b::c".to_owned()]]
    );
}

/// Tenant data is reached through a capability the access policy hands out: no server file
/// but the policy (and the session, which finds the caller before any policy applies) opens
/// a tenant's store itself.
#[test]
fn handlers_reach_tenant_data_only_through_the_policy() {
    let src = workspace().join("crates/server/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for path in files {
        let module = module_of(&src, &path);
        if module == "platform::policy" || module == "platform::session" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable source file");
        let squeezed: String = code(&text).split_whitespace().collect();
        if squeezed.contains("store.tenant(") {
            problems.push(path.display().to_string());
        }
    }
    assert!(
        problems.is_empty(),
        "files opening a tenant's store without the policy:\n{}",
        problems.join("\n")
    );
}
