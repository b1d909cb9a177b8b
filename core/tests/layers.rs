//! The core's layers, and the binding's, import only downward, and no two modules import each
//! other, however indirectly. Read from the `crate::` and `super::` paths in the source, so that a
//! new import that breaks the order fails here rather than in review.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// A crate's layers, lowest first: a module may name modules of its own layer or below.
type Layers = [(&'static str, &'static [&'static str])];

/// The core's layers.
const CORE: &Layers = &[
    ("base: values, maps, JSON, time, hashes, ECMAScript coercions, the field reader, errors", &["base"]),
    (
        "model: events, consent, stages and rules, priors, conditions, the recommendation model",
        &["event", "consent", "lifecycle", "predict", "condition", "recommend"],
    ),
    ("the profile, and calibration from a shop's order history", &["profile", "calibrate"]),
    ("the lifecycle report and what conditions see", &["stage", "attributes", "recommender"]),
    ("decisions, exposures and the stored document", &["decide", "exposure", "store"]),
    ("the options and the engine", &["config", "engine"]),
    ("the session over storage", &["session"]),
];

/// The binding's layers (one file a module).
const BINDING: &Layers = &[
    (
        "conversion, the browser's built-ins, storage, rendering, the TypeScript shapes, memory",
        &["alloc", "convert", "runtime", "error", "types", "render", "storage"],
    ),
    ("callbacks and the page's events", &["effects", "listeners"]),
    ("the state the class shares with its listeners, and its options on their way in", &["shared", "opening"]),
    ("the classes and functions the page calls", &["personalizer", "conditions", "calibrate"]),
    ("the recommendations module's hook", &["recommend"]),
];

/// The crates checked: where their sources are, and their layers.
const CRATES: [(&str, &Layers); 2] = [("src", CORE), ("../binding/src", BINDING)];

/// Each source file under `root` (relative to the core) as a module path (`base::value`,
/// `profile`, `decide::ready`), with its text.
fn modules(root: &str) -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let name = if prefix.is_empty() { stem.clone() } else { format!("{prefix}::{stem}") };
            if path.is_dir() {
                walk(&path, &name, out);
            } else if stem == "mod" {
                out.insert(prefix.to_owned(), fs::read_to_string(&path).unwrap());
            } else if stem != "lib" {
                out.insert(name, fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join(root), "", &mut out);
    out
}

/// The modules a source names through `crate::…` (in `use` lines and in paths), and `super::…`
/// from a file of a folder, resolved against the known modules: the longest known prefix wins.
fn imports(module: &str, text: &str, known: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    let code = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let path: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
        let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        while !parts.is_empty() && !known.contains_key(&parts.join("::")) {
            parts.pop();
        }
        if !parts.is_empty() {
            found.push(parts.join("::"));
        }
    }
    // `use super::x` in `a::b` names `a::x` (or `a` itself); in a top-level module, `x`.
    let parent = module.rsplit_once("::").map(|(parent, _)| parent);
    for line in code.lines().filter(|l| l.trim_start().starts_with("use super::")) {
        let name: String =
            line.trim_start()["use super::".len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        match parent {
            Some(parent) => {
                let child = format!("{parent}::{name}");
                found.push(if known.contains_key(&child) { child } else { parent.to_owned() });
            }
            None if known.contains_key(&name) => found.push(name),
            None => {}
        }
    }
    found.retain(|m| m != module);
    found.sort();
    found.dedup();
    found
}

fn layer_of(layers: &Layers, module: &str) -> usize {
    let top = module.split("::").next().unwrap();
    layers
        .iter()
        .position(|(_, members)| members.contains(&top))
        .unwrap_or_else(|| panic!("{module}: in no layer (core/tests/layers.rs)"))
}

#[test]
fn every_import_points_down_or_sideways() {
    let mut upward = Vec::new();
    for (root, layers) in CRATES {
        let known = modules(root);
        for (module, text) in &known {
            for import in imports(module, text, &known) {
                let (from, to) = (layer_of(layers, module), layer_of(layers, &import));
                if to > from {
                    upward.push(format!("{root}: {module} → {import} ({} → {})", layers[from].0, layers[to].0));
                }
            }
        }
    }
    assert!(upward.is_empty(), "imports that point up a layer:\n{}", upward.join("\n"));
}

#[test]
fn no_module_imports_itself_through_others() {
    for (root, _) in CRATES {
        if let Some(cycle) = cycle_in(&modules(root)) {
            panic!("import cycle in {root}: {cycle}");
        }
    }
}

/// A cycle of imports among `known`, if there is one.
fn cycle_in(known: &BTreeMap<String, String>) -> Option<String> {
    let graph: BTreeMap<&str, Vec<String>> =
        known.iter().map(|(m, text)| (m.as_str(), imports(m, text, known))).collect();
    // Depth-first search with colours: meeting a module still on the path closes a cycle.
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<&str, Vec<String>>,
        path: &mut Vec<&'a str>,
        done: &mut Vec<&'a str>,
    ) -> Option<String> {
        if let Some(start) = path.iter().position(|p| *p == m) {
            return Some(format!("{} → {m}", path[start..].join(" → ")));
        }
        if done.contains(&m) {
            return None;
        }
        path.push(m);
        for next in &graph[m] {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.push(m);
        None
    }
    let mut done = Vec::new();
    graph.keys().find_map(|module| visit(module, &graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_check_sees_a_cycle_and_an_upward_import() {
    // The reader itself, on made-up sources: without this, an empty graph would pass.
    let known: BTreeMap<String, String> = [
        ("base::value".to_owned(), "use crate::stage::Stage;".to_owned()),
        ("stage".to_owned(), "use crate::base::value::Value;".to_owned()),
    ]
    .into_iter()
    .collect();
    assert_eq!(imports("base::value", &known["base::value"], &known), ["stage"]);
    assert_eq!(imports("stage", &known["stage"], &known), ["base::value"]);
    assert!(layer_of(CORE, "stage") > layer_of(CORE, "base::value"));
    assert!(cycle_in(&known).is_some());
    // The binding's flat files name each other through `super::`.
    let flat: BTreeMap<String, String> = [
        ("listeners".to_owned(), "use super::shared::Shared;".to_owned()),
        ("shared".to_owned(), "use super::listeners::{self, Listener};".to_owned()),
    ]
    .into_iter()
    .collect();
    assert_eq!(imports("listeners", &flat["listeners"], &flat), ["shared"]);
    assert_eq!(cycle_in(&flat).as_deref(), Some("listeners → shared → listeners"));
    assert!(layer_of(BINDING, "shared") > layer_of(BINDING, "listeners"));
}
