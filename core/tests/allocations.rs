//! Evaluating a compiled condition allocates nothing for the attributes conditions meet on the
//! hot path (strings, whole numbers, booleans, lists of them), counted by a global allocator.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use common::{json, runtime};
use crumbtrail_core::condition::{Condition, Mode};
use crumbtrail_core::Value;

struct Counting;

thread_local! {
    // Allocations of this thread only: the test harness allocates on threads of its own.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

#[test]
fn evaluating_a_compiled_condition_allocates_nothing() {
    let groups = match json(r#"{"staff":["v-1","v-2"]}"#) {
        Value::Object(map) => map,
        _ => unreachable!(),
    };
    let condition = Condition::compile(
        &json(
            r#"{
              "stage": {"$in": ["retention", "advocacy"]},
              "orders": {"$gte": 2, "$lt": 50},
              "ordersText": "3",
              "revenue": {"$gt": "100"},
              "purchasedCategories": {"$elemMatch": {"$eq": "shoes"}, "$size": {"$gt": 0}},
              "categories": {"$all": ["shoes"], "$nin": ["socks"]},
              "signedUp": true,
              "cartOpen": {"$exists": true},
              "locale": {"$ini": ["NL-be", "nl"]},
              "page.app": {"$vgte": "1.2.0"},
              "page.user": {"$notInGroup": "staff"},
              "$or": [{"daysInStage": {"$lt": 30}}, {"previousStage": null}],
              "$not": {"recentItems.0": {"$type": "number"}}
            }"#,
        ),
        &runtime(),
        Mode::Strict(&groups),
    )
    .unwrap();
    let attributes = json(
        r#"{"stage":"retention","orders":3,"ordersText":3,"revenue":240.5,"purchasedCategories":["bags","shoes"],
            "categories":["shoes","bags"],"signedUp":true,"cartOpen":false,"locale":"nl-BE","daysInStage":12,
            "previousStage":"development","recentItems":["SKU-1"],"page":{"app":"1.10.3","user":"v-9"}}"#,
    );
    assert!(condition.matches(&attributes, &groups), "the condition holds");
    let before = allocations();
    let mut held = 0;
    for _ in 0..1000 {
        held += usize::from(condition.matches(&attributes, &groups));
    }
    let allocations = allocations() - before;
    assert_eq!(held, 1000);
    assert_eq!(allocations, 0, "{allocations} allocations in 1,000 evaluations");
}
