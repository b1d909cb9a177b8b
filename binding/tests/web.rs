//! The binding layer in real headless Chromium (wasm-bindgen-test): storage, its failures,
//! consent, and the promise that nothing throws into the page. Reloads and several tabs are
//! end-to-end tests (tests/e2e), since they need real pages.
#![cfg(target_arch = "wasm32")]

use crumbtrail::types::{ConsentArg, CountArg, PersonalizerOptions, RecommenderArg, SlotArg, TrailEventArg};
use crumbtrail::Personalizer;
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(code: &str) -> JsValue {
    js_sys::eval(code).unwrap_or_else(|e| panic!("{code}: {e:?}"))
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A personaliser on `key` whose errors collect in `globalThis.errors[key]`.
fn personalizer(key: &str, extra: &str) -> Personalizer {
    js(&format!("(globalThis.errors ??= {{}})['{key}'] = []"));
    let options =
        js(&format!("({{ storageKey: '{key}', onError: e => globalThis.errors['{key}'].push(e), {extra} }})"));
    Personalizer::new(Some(options.unchecked_into::<PersonalizerOptions>())).expect("valid options")
}

fn errors(key: &str) -> Vec<JsValue> {
    Array::from(&js(&format!("globalThis.errors['{key}']"))).to_vec()
}

fn messages(key: &str) -> Vec<String> {
    errors(key).iter().map(|e| Reflect::get(e, &"message".into()).unwrap().as_string().unwrap()).collect()
}

fn event(code: &str) -> TrailEventArg {
    js(&format!("({code})")).unchecked_into()
}

fn metric(p: &Personalizer, name: &str) -> f64 {
    let report: JsValue = p.stage().into();
    let metrics = Reflect::get(&report, &"metrics".into()).unwrap();
    Reflect::get(&metrics, &name.into()).unwrap().as_f64().unwrap()
}

fn stage(p: &Personalizer) -> String {
    let report: JsValue = p.stage().into();
    Reflect::get(&report, &"stage".into()).unwrap().as_string().unwrap()
}

async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().unwrap().set_timeout_with_callback(&resolve);
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn writes_are_coalesced_to_one_set_item_per_task_and_a_new_instance_reads_them() {
    let key = "t-coalesce";
    storage().remove_item(key).unwrap();
    js("globalThis.writes = 0; globalThis.realSetItem ??= Storage.prototype.setItem; \
        Storage.prototype.setItem = function (k, v) { if (k === 't-coalesce') globalThis.writes++; return globalThis.realSetItem.call(this, k, v); }");
    let p = personalizer(key, "");
    for i in 0..100 {
        p.track(&event(&format!("{{ event: 'view_item', items: [{{ item_id: 'sku{i}', item_category: 'Shoes' }}] }}")));
    }
    assert_eq!(js("globalThis.writes").as_f64(), Some(0.0), "nothing written within the task");
    next_task().await;
    assert_eq!(js("globalThis.writes").as_f64(), Some(1.0), "one write for the whole task");
    js("Storage.prototype.setItem = globalThis.realSetItem");

    let again = personalizer(key, "");
    assert_eq!(metric(&again, "itemViews"), 100.0);
    assert_eq!(stage(&again), "acquisition");
    assert!(errors(key).is_empty());
}

#[wasm_bindgen_test]
fn a_full_storage_falls_back_to_memory_and_reports_once() {
    let key = "t-quota";
    // Fill the origin's quota from JS (fast: no multi-MB strings through the wasm), halving the
    // chunk each time it no longer fits, down to one character.
    let filled = js("(() => { let n = 0, size = 1 << 22; \
        while (size > 0) { try { localStorage.setItem('t-fill-' + n, 'x'.repeat(size)); n++; } catch { size >>= 1; } } \
        return n; })()");
    let filler: Vec<String> = (0..filled.as_f64().unwrap() as usize).map(|i| format!("t-fill-{i}")).collect();
    let p = personalizer(key, "");
    for _ in 0..5 {
        p.track(&event("{ event: 'page_view' }"));
        p.flush();
    }
    for k in &filler {
        storage().remove_item(k).unwrap();
    }
    let m = messages(key);
    assert_eq!(m.len(), 1, "reported once: {m:?}");
    assert!(m[0].contains("QuotaExceededError"), "{}", m[0]);
    assert!(m[0].contains("keeping the profile in memory"), "{}", m[0]);
    assert_eq!(metric(&p, "pageViews"), 5.0, "tracking goes on in memory");
}

#[wasm_bindgen_test]
fn corrupt_data_is_moved_aside_and_reported_and_a_fresh_profile_starts() {
    let key = "t-corrupt";
    storage().set_item(key, "{not json").unwrap();
    let p = personalizer(key, "");
    assert_eq!(storage().get_item(&format!("{key}:corrupt")).unwrap().as_deref(), Some("{not json"));
    let m = messages(key);
    assert_eq!(
        m,
        [format!(
            "crumbtrail: stored profile is unreadable (not JSON): moved to \"{key}:corrupt\", starting a fresh profile"
        )]
    );
    p.track(&event("{ event: 'page_view' }"));
    p.flush();
    assert!(storage().get_item(key).unwrap().unwrap().contains("\"pageViews\":1"));
    // a damaged document names the bad field
    storage().set_item(key, r#"{"v":1,"profile":{"visitor":"x","born":"yesterday"}}"#).unwrap();
    let q = personalizer(key, "");
    assert_eq!(messages(key)[0], format!("crumbtrail: stored profile is unreadable (document.profile.born: expected a whole number ≥ 0): moved to \"{key}:corrupt\", starting a fresh profile"));
    drop(q);
}

#[wasm_bindgen_test]
fn a_document_from_a_newer_version_is_left_untouched() {
    let key = "t-newer";
    let newer = r#"{"v":99,"someday":{"shape":"unknown"}}"#;
    storage().set_item(key, newer).unwrap();
    let p = personalizer(key, "");
    p.track(&event("{ event: 'page_view' }"));
    p.flush();
    assert_eq!(storage().get_item(key).unwrap().as_deref(), Some(newer));
    let m = messages(key);
    assert_eq!(m.len(), 1);
    assert!(m[0].contains("format version 99, newer than this crumbtrail reads (1): left untouched"), "{}", m[0]);
    assert_eq!(metric(&p, "pageViews"), 1.0);
}

#[wasm_bindgen_test]
fn pending_consent_keeps_to_memory_until_granted_then_merges_and_writes() {
    let key = "t-consent";
    storage().remove_item(key).unwrap();
    let before = personalizer(key, "");
    before.track(&event("{ event: 'page_view' }"));
    before.track(&event("{ event: 'page_view' }"));
    before.flush();
    let stored = storage().get_item(key).unwrap();

    let p = personalizer(key, "consent: 'pending'");
    p.track(&event("{ event: 'page_view' }"));
    p.flush();
    assert_eq!(metric(&p, "pageViews"), 1.0, "pending does not read storage");
    assert_eq!(storage().get_item(key).unwrap(), stored, "pending does not write storage");

    p.set_consent(&JsValue::from_str("granted").unchecked_into::<ConsentArg>()).unwrap();
    assert_eq!(metric(&p, "pageViews"), 3.0, "granted: loaded and merged");
    assert!(storage().get_item(key).unwrap().unwrap().contains("\"pageViews\""));
    assert_eq!(metric(&personalizer(key, ""), "pageViews"), 3.0, "and written");
}

#[wasm_bindgen_test]
fn denied_consent_erases_every_key_and_keeps_memory_for_the_page() {
    let key = "t-denied";
    storage().set_item(key, "{}").unwrap(); // becomes the :corrupt copy
    let p = personalizer(key, "");
    p.track(&event("{ event: 'page_view' }"));
    p.flush();
    assert!(storage().get_item(&format!("{key}:corrupt")).unwrap().is_some());
    p.set_consent(&JsValue::from_str("denied").unchecked_into::<ConsentArg>()).unwrap();
    assert_eq!(storage().get_item(key).unwrap(), None);
    assert_eq!(storage().get_item(&format!("{key}:corrupt")).unwrap(), None);
    p.track(&event("{ event: 'page_view' }"));
    p.flush();
    assert_eq!(storage().get_item(key).unwrap(), None, "nothing is written again");
    assert_eq!(metric(&p, "pageViews"), 2.0, "the page keeps its memory");
    let bad =
        p.set_consent(&JsValue::from_str("maybe").unchecked_into::<ConsentArg>()).map_err(JsValue::from).unwrap_err();
    assert!(bad.is_instance_of::<js_sys::Error>());
}

/// The profile is written at the end of the task that changed it; the decisions kept for the slot
/// script follow in a task of their own, or at once when the page goes away first (`pagehide`).
#[wasm_bindgen_test]
async fn the_kept_decisions_follow_the_profile_in_a_task_of_their_own_or_at_pagehide() {
    let ready = |key: &str| storage().get_item(&format!("{key}:ready")).unwrap();
    let microtask = || wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL));
    for leaves in [false, true] {
        let key = if leaves { "t-ready-pagehide" } else { "t-ready-task" };
        let p = personalizer(key, "messages: [{ id: 'hello', slot: 's', content: { title: 'Hello' } }]");
        p.track(&event("{ event: 'page_view' }"));
        microtask().await.unwrap();
        assert!(storage().get_item(key).unwrap().unwrap().contains("\"pageViews\":1"), "the profile, after the task");
        assert_eq!(ready(key), None, "the kept decisions wait for a task of their own");
        if leaves {
            let window = web_sys::window().unwrap();
            window.dispatch_event(&web_sys::Event::new("pagehide").unwrap()).unwrap();
            assert!(ready(key).is_some_and(|kept| kept.contains("hello")), "written at pagehide");
            // The deferred task finds nothing left to do.
            storage().remove_item(&format!("{key}:ready")).unwrap();
            next_task().await;
            assert_eq!(ready(key), None, "written once");
        } else {
            next_task().await;
            assert!(ready(key).is_some_and(|kept| kept.contains("hello")), "written in the next task");
        }
        assert!(errors(key).is_empty(), "{:?}", messages(key));
        drop(p);
    }
}

/// The hook of `crumbtrail/recommend`: the engine asks the page's function for the attribute
/// `recommended`, with the trail and the page's product, and what the function throws or gives
/// wrong is reported, never thrown, and counts as no recommendations.
#[wasm_bindgen_test]
fn the_recommender_the_page_sets_fills_the_attribute_and_its_mistakes_are_reported_not_thrown() {
    let key = "t-recommender";
    let p = personalizer(
        key,
        "messages: [{ id: 'goes', slot: 's', priority: 1, content: { title: 'With it: {{recommended.0.name}}' } },
                    { id: 'plain', slot: 's', content: { title: 'Hello' } }]",
    );
    p.track(&event("{ event: 'view_item', items: [{ item_id: 'boot' }] }"));
    let decided = |p: &Personalizer, context: &str| -> JsValue {
        let slot = JsValue::from_str("s").unchecked_into::<SlotArg>();
        let decision: JsValue = p.decide(&slot, Some(js(&format!("({context})")).unchecked_into())).into();
        Reflect::get(&decision, &"id".into()).unwrap()
    };
    let hook = |code: &str| js(&format!("(globalThis.asked = [], {code})")).unchecked_into::<RecommenderArg>();
    p.set_recommender(&hook(
        "(request) => (asked.push(request), [{ id: 'sock', name: 'Socks', href: null, score: 1 }])",
    ));
    assert_eq!(decided(&p, "{ product: 'boot' }"), "goes");
    let asked =
        js("JSON.stringify(asked.map(({ n, product, ids, kinds, times }) => [n, product, ids, kinds, times.length]))");
    assert_eq!(asked.as_string().unwrap(), r#"[[4,"boot",["boot"],"v",1]]"#);
    for junk in ["() => { throw new Error('boom'); }", "() => { throw 'a string'; }", "() => 42", "() => [{ id: 7 }]"] {
        js(&format!("globalThis.errors['{key}'].length = 0"));
        p.set_recommender(&hook(junk));
        assert_eq!(decided(&p, "{}"), "plain", "{junk}: no recommendations");
        let codes: Vec<_> = errors(key).iter().map(|e| Reflect::get(e, &"code".into()).unwrap()).collect();
        assert_eq!(codes, [JsValue::from_str("invalid_argument")], "{junk}: reported once");
    }
    assert!(messages(key)[0].starts_with("crumbtrail: recommendations: the recommender gave"));
    js(&format!("globalThis.errors['{key}'].length = 0"));
    p.set_recommender(&JsValue::from_str("no").unchecked_into());
    assert_eq!(messages(key), ["crumbtrail: setRecommender: expected a function or null"]);
    let request: JsValue = p.recommendation_request(&JsValue::from_f64(-1.0).unchecked_into::<CountArg>(), None).into();
    assert!(request.is_null(), "a bad n gives null, reported");
    assert_eq!(errors(key).len(), 2);
}

fn consent_of(p: &Personalizer) -> String {
    let c: JsValue = p.consent().into();
    let read = |name: &str| Reflect::get(&c, &name.into()).unwrap().as_string().unwrap();
    format!("{} {}", read("profile"), read("measurement"))
}

#[wasm_bindgen_test]
async fn the_purposes_are_set_apart_and_withdrawing_the_profile_erases_in_every_tab_at_once() {
    let key = "t-purposes";
    storage().remove_item(key).unwrap();
    let here = personalizer(key, "consent: { profile: 'granted', measurement: 'pending' }");
    let other = personalizer(key, "");
    assert_eq!(consent_of(&here), "granted pending");
    assert_eq!(consent_of(&other), "granted granted");
    here.track(&event("{ event: 'page_view' }"));
    here.flush();
    assert!(storage().get_item(key).unwrap().is_some(), "the profile granted writes");

    let set = |p: &Personalizer, code: &str| p.set_consent(&js(&format!("({code})")).unchecked_into::<ConsentArg>());
    set(&here, "{ measurement: 'denied' }").unwrap();
    assert_eq!(consent_of(&here), "granted denied", "a purpose left out keeps its state");
    let bad = set(&here, "{ profile: 'yes' }").map_err(JsValue::from).unwrap_err();
    assert_eq!(Reflect::get(&bad, &"code".into()).unwrap(), "invalid_argument");
    assert_eq!(Reflect::get(&bad, &"path".into()).unwrap(), "profile");
    assert_eq!(consent_of(&here), "granted denied", "a refused value changes nothing");

    set(&here, "'denied'").unwrap();
    assert_eq!(storage().get_item(key).unwrap(), None, "erased here at once");
    // The message arrives as a task of its own: give it a few turns.
    for _ in 0..50 {
        if consent_of(&other).starts_with("denied") {
            break;
        }
        next_task().await;
    }
    assert_eq!(consent_of(&other), "denied granted", "the other instance heard it: profile denied, measurement kept");
    other.track(&event("{ event: 'page_view' }"));
    other.flush();
    assert_eq!(storage().get_item(key).unwrap(), None, "and writes nothing back");
}

#[wasm_bindgen_test]
fn a_consent_option_of_denied_erases_at_construction() {
    let key = "t-denied-start";
    storage().set_item(key, r#"{"v":1,"profile":{"visitor":"abc","born":0}}"#).unwrap();
    let p = personalizer(key, "consent: 'denied'");
    assert_eq!(storage().get_item(key).unwrap(), None);
    drop(p);
}

#[wasm_bindgen_test]
fn forget_erases_and_starts_a_new_visitor_and_export_shows_everything_stored() {
    let key = "t-forget";
    storage().set_item(key, "garbage").unwrap();
    let p = personalizer(key, "");
    p.track(&event("{ event: 'sign_up' }"));
    p.flush();
    let exported = js_sys::JSON::parse(&p.export()).unwrap();
    let doc = Reflect::get(&exported, &key.into()).unwrap();
    let visitor = Reflect::get(&Reflect::get(&doc, &"profile".into()).unwrap(), &"visitor".into()).unwrap();
    assert_eq!(
        Reflect::get(&exported, &format!("{key}:corrupt").into()).unwrap().as_string().as_deref(),
        Some("garbage")
    );

    p.forget();
    assert_eq!(storage().get_item(&format!("{key}:corrupt")).unwrap(), None);
    let after = js_sys::JSON::parse(&p.export()).unwrap();
    let doc = Reflect::get(&after, &key.into()).unwrap();
    let profile = Reflect::get(&doc, &"profile".into()).unwrap();
    assert_ne!(Reflect::get(&profile, &"visitor".into()).unwrap(), visitor);
    assert_eq!(Reflect::get(&profile, &"generation".into()).unwrap().as_f64(), Some(1.0));
    assert_eq!(stage(&p), "reach");
    assert_eq!(metric(&p, "sessions"), 0.0);
}

#[wasm_bindgen_test]
fn tracking_junk_never_throws_and_reports_error_objects() {
    let key = "t-junk";
    storage().remove_item(key).unwrap();
    let p = personalizer(key, "");
    let junk = [
        "null",
        "undefined",
        "42",
        "'purchase'",
        "[]",
        "() => 1",
        "Symbol('x')",
        "10n",
        "{ event: 'purchase', value: NaN }",
        "{ event: 'purchase', value: Infinity }",
        "{ event: 'view_item', items: new Array(201).fill({ item_id: 'a' }) }",
        "(() => { const o = { event: 'page_view' }; o.self = o; o.page = { parent: o }; return o; })()",
        "new Proxy({}, { ownKeys() { throw new Error('hostile'); } })",
        "{ get event() { throw new Error('getter'); } }",
    ];
    for code in junk {
        p.track(&js(&format!("({code})")).unchecked_into());
    }
    let errs = errors(key);
    assert_eq!(
        errs.len(),
        junk.len() - 1,
        "the cyclic page_view is taken (its cycle reads as null): {:?}",
        messages(key)
    );
    assert!(errs.iter().all(|e| e.is_instance_of::<js_sys::Error>()));
    assert_eq!(messages(key)[8], "crumbtrail: track(\"purchase\"): value: must be a finite number");
    assert_eq!(messages(key)[10], "crumbtrail: track(\"view_item\"): items: more than 200 entries");
    assert_eq!(metric(&p, "pageViews"), 1.0);
}

#[wasm_bindgen_test]
fn configuration_mistakes_throw_errors_that_name_the_option() {
    let cases = [
        ("({ rules: { lapseAfterDays: -1 } })", "rules.lapseAfterDays: expected a positive number, got -1"),
        ("({ consent: 'yes' })", "consent: expected \"granted\", \"pending\" or \"denied\", got \"yes\""),
        (
            "({ storage: 'cloud' })",
            "storage: expected \"local\", \"session\", \"memory\" or an object with getItem, setItem and removeItem",
        ),
        ("({ now: 5 })", "now: expected a function returning ms since the epoch"),
        ("({ priors: { a: 1 } })", "priors.a: must not be 1: the expected-orders formula divides by a − 1"),
        ("({ storageKey: '' })", "storageKey: expected a non-empty string of at most 128 characters"),
        ("(7)", "options: expected an object"),
    ];
    for (code, message) in cases {
        let err = Personalizer::new(Some(js(code).unchecked_into()))
            .err()
            .map(JsValue::from)
            .unwrap_or_else(|| panic!("{code} accepted"));
        assert!(err.is_instance_of::<js_sys::Error>());
        assert_eq!(Reflect::get(&err, &"message".into()).unwrap().as_string().as_deref(), Some(message), "{code}");
        // The stable code, and the option's path: the message up to its first ": ".
        assert_eq!(Reflect::get(&err, &"code".into()).unwrap().as_string().as_deref(), Some("invalid_option"));
        let path = message.split(": ").next();
        assert_eq!(Reflect::get(&err, &"path".into()).unwrap().as_string().as_deref(), path, "{code}");
    }
}

/// The wasm's allocator (binding/src/alloc.rs), on its own instance: alignment, no overlap between
/// live blocks, reuse of freed blocks within a size class, realloc.
#[wasm_bindgen_test]
fn the_allocator_hands_out_aligned_disjoint_blocks_and_reuses_freed_ones() {
    use core::alloc::{GlobalAlloc, Layout};
    use crumbtrail::alloc::SizeClasses;

    let heap = SizeClasses::new();
    let sizes = [1, 7, 16, 17, 100, 4096, 70_000, 1 << 20];
    let aligns = [1, 2, 4, 8, 16, 32, 64, 4096];
    let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
    let mut mark = 0u8;
    let mut take = |live: &mut Vec<(*mut u8, Layout, u8)>, layout: Layout| {
        let ptr = unsafe { heap.alloc(layout) };
        assert!(!ptr.is_null(), "{layout:?}");
        assert_eq!(ptr as usize % layout.align(), 0, "{layout:?} at {ptr:?}");
        mark = mark.wrapping_add(1);
        unsafe { ptr.write_bytes(mark, layout.size()) };
        live.push((ptr, layout, mark));
    };
    for &size in &sizes {
        for &align in &aligns {
            take(&mut live, Layout::from_size_align(size, align).unwrap());
        }
    }
    // Free every other block, then allocate the same mix again: freed blocks are reused.
    let mut kept = Vec::new();
    for (i, block) in live.drain(..).enumerate() {
        if i % 2 == 0 {
            unsafe { heap.dealloc(block.0, block.1) };
        } else {
            kept.push(block);
        }
    }
    for &size in &sizes {
        for &align in &aligns {
            take(&mut kept, Layout::from_size_align(size, align).unwrap());
        }
    }
    // Blocks freed by requests with little alignment do not serve requests that need more.
    let loose: Vec<_> = sizes
        .iter()
        .map(|&size| {
            (Layout::from_size_align(size, 8).unwrap(), unsafe {
                heap.alloc(Layout::from_size_align(size, 8).unwrap())
            })
        })
        .collect();
    for &(layout, ptr) in &loose {
        unsafe { heap.dealloc(ptr, layout) };
    }
    for &size in &sizes {
        for &align in &[32, 64, 4096] {
            take(&mut kept, Layout::from_size_align(size, align).unwrap());
        }
    }
    // No live block was written over by another.
    for &(ptr, layout, mark) in &kept {
        let bytes = unsafe { core::slice::from_raw_parts(ptr, layout.size()) };
        assert!(bytes.iter().all(|&b| b == mark), "{layout:?} at {ptr:?} was overwritten");
    }

    // Same class (128 bytes): the freed block comes back; realloc within the class stays put.
    let small = Layout::from_size_align(100, 8).unwrap();
    let a = unsafe { heap.alloc(small) };
    unsafe { heap.dealloc(a, small) };
    let b = unsafe { heap.alloc(Layout::from_size_align(120, 8).unwrap()) };
    assert_eq!(a, b);
    assert_eq!(unsafe { heap.realloc(b, Layout::from_size_align(120, 8).unwrap(), 128) }, b);
    // Across classes the contents move with the block.
    unsafe { b.write_bytes(7, 128) };
    let c = unsafe { heap.realloc(b, Layout::from_size_align(128, 8).unwrap(), 1000) };
    assert!(!c.is_null());
    assert!(unsafe { core::slice::from_raw_parts(c, 128) }.iter().all(|&x| x == 7));
}
