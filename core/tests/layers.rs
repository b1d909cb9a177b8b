//! The core's layers import only downward, and no two modules import each other, however
//! indirectly. Read from the `crate::` paths in the source, so that a new import that breaks the
//! order fails here rather than in review.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The core's layers, lowest first: a module may name modules of its own layer or below.
const LAYERS: [(&str, &[&str]); 7] = [
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

/// Each source file as a module path (`base::value`, `profile`, `decide::ready`), with its text.
fn modules() -> BTreeMap<String, String> {
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
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "", &mut out);
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
    // `use super::x` in `a::b` names `a::x` (or `a` itself).
    if let Some((parent, _)) = module.rsplit_once("::") {
        for line in code.lines().filter(|l| l.trim_start().starts_with("use super::")) {
            let name: String = line.trim_start()["use super::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let child = format!("{parent}::{name}");
            found.push(if known.contains_key(&child) { child } else { parent.to_owned() });
        }
    }
    found.retain(|m| m != module);
    found.sort();
    found.dedup();
    found
}

fn layer_of(module: &str) -> usize {
    let top = module.split("::").next().unwrap();
    LAYERS
        .iter()
        .position(|(_, members)| members.contains(&top))
        .unwrap_or_else(|| panic!("{module}: in no layer of LAYERS"))
}

#[test]
fn every_import_points_down_or_sideways() {
    let known = modules();
    let mut upward = Vec::new();
    for (module, text) in &known {
        for import in imports(module, text, &known) {
            if layer_of(&import) > layer_of(module) {
                upward.push(format!(
                    "{module} → {import} ({} → {})",
                    LAYERS[layer_of(module)].0,
                    LAYERS[layer_of(&import)].0
                ));
            }
        }
    }
    assert!(upward.is_empty(), "imports that point up a layer:\n{}", upward.join("\n"));
}

#[test]
fn no_module_imports_itself_through_others() {
    let known = modules();
    let graph: BTreeMap<&str, Vec<String>> =
        known.iter().map(|(m, text)| (m.as_str(), imports(m, text, &known))).collect();
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
    for module in graph.keys() {
        if let Some(cycle) = visit(module, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {cycle}");
        }
    }
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
    assert!(layer_of("stage") > layer_of("base::value"));
}
