//! Every input fuzzing ever crashed on (`scripts/fuzz` keeps them in `tests/fuzz-regressions/`),
//! replayed through the same entry points: each must now pass.

// The entry points live beside the fuzz targets, outside the library; both include the one file.
#[path = "../../fuzz/entries.rs"]
mod entries;

use std::fs;
use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 4] = [
    ("event", entries::event),
    ("store", entries::store),
    ("condition", entries::condition),
    ("catalogue", entries::catalogue),
];

#[test]
fn every_kept_crash_input_now_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fuzz-regressions");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = fs::read_dir(root.join(name)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            target(&fs::read(&path).unwrap());
            replayed += 1;
        }
    }
    println!("replayed {replayed} inputs kept from fuzzing");
}

#[test]
fn the_entry_points_take_junk_and_real_inputs() {
    let inputs: [&[u8]; 6] = [
        b"",
        b"\xff\xfe",
        b"[[[[[[[[[[",
        br#"{"event":"purchase","transaction_id":"T1","value":1e308,"items":[{"item_id":"a","quantity":1e9}]}"#,
        br#"[{"orders":{"$gte":2},"$or":[{"a":{"$regex":"("}}]},{"orders":3},{"g":[1]}]"#,
        br#"[[{"id":"x","slot":"s","content":{"en":{"t":"{{page.a | b}}"}},"cap":{"impressions":1,"days":1}}],{}]"#,
    ];
    for input in inputs {
        for (_, target) in TARGETS {
            target(input);
        }
    }
}
