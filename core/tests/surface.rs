//! The core's public surface: what a user needs at the root, every public item at one path.
//! Read from the sources, so that a re-export added in a module, or a root type whose module is
//! made public again, fails here rather than in review (docs/DESIGN.md §2).

use std::fs;
use std::path::Path;

/// Each source file under core/src, as its path from there and its text.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let name = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((name, fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out.sort();
    out
}

/// The `pub use` statements of a source (one statement may span lines), comments left out.
fn public_uses(text: &str) -> Vec<String> {
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("pub use ") {
        let end = rest[at..].find(';').unwrap() + at;
        found.push(rest[at + "pub use ".len()..end].split_whitespace().collect::<Vec<_>>().join(" "));
        rest = &rest[end..];
    }
    found
}

#[test]
fn only_the_root_re_exports() {
    for (file, text) in sources() {
        if file != "lib.rs" {
            assert_eq!(public_uses(&text), Vec::<String>::new(), "{file} re-exports: a second path to the same items");
        }
    }
}

#[test]
fn the_root_exports_a_curated_set_from_modules_of_its_own() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let base = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/base/mod.rs")).unwrap();
    let mut names = Vec::new();
    for statement in public_uses(&lib) {
        let (module, items) = statement.split_once("::{").map_or_else(
            || statement.rsplit_once("::").map(|(m, i)| (m.to_owned(), i.to_owned())).unwrap(),
            |(m, i)| (m.to_owned(), i.trim_end_matches('}').to_owned()),
        );
        // The module the items come from is not public: the root is their one path.
        let private = match module.split_once("::") {
            None => lib.contains(&format!("\nmod {module};")),
            Some(("base", inner)) => base.contains(&format!("\npub(crate) mod {inner};")),
            Some(_) => false,
        };
        assert!(private, "`pub use {statement}`: {module} is public, so its items would have two paths");
        names.extend(items.split(',').map(|i| i.trim().to_owned()).filter(|i| !i.is_empty()));
    }
    names.sort();
    let expected = [
        "Code",
        "Consent",
        "Effects",
        "Engine",
        "Error",
        "Map",
        "Options",
        "Priors",
        "Purposes",
        "Session",
        "SpendPriors",
        "Stage",
        "StageChange",
        "StageMark",
        "StageRules",
        "Start",
        "Storage",
        "StorageError",
        "Tracked",
        "UnknownMessage",
        "Value",
    ];
    assert_eq!(names, expected, "the root's exports (docs/DESIGN.md §2 lists them)");
}

/// `#![deny(missing_docs)]` makes the compiler check the docs; no item may opt out of it.
#[test]
fn every_public_item_is_documented() {
    for (file, text) in sources() {
        assert_eq!(
            file == "lib.rs",
            text.contains("#![deny(missing_docs)]"),
            "{file}: deny(missing_docs) belongs at the root"
        );
        assert!(!text.contains("allow(missing_docs)"), "{file} lets items go without docs");
    }
}
