//! Targeting conditions for the page: `evalCondition`, GrowthBook's function with its semantics,
//! and `CompiledCondition`, the same compiled once for conditions evaluated again and again.

use wasm_bindgen::prelude::*;

use super::convert::{from_js, from_js_members};
use super::runtime::runtime;
use super::types::{AttributesArg, ConditionArg, SavedGroupsArg};
use crumbtrail_core::condition::{Condition, Mode};
use crumbtrail_core::{Map, Value};

/// Whether `attributes` satisfy `condition`, exactly as GrowthBook's `evalCondition` (spec 0.8.0)
/// decides: an unknown operator or an invalid regular expression makes its part false. A
/// `condition` that is not an object is false. Never throws.
///
/// ```ts
/// evalCondition({ orders: { $gte: 2 } }, { orders: 3 }); // true
/// ```
#[wasm_bindgen(js_name = evalCondition)]
#[allow(non_snake_case)] // the parameter names are the TypeScript ones
pub fn eval_condition(
    condition: &ConditionArg,
    attributes: &AttributesArg,
    savedGroups: Option<SavedGroupsArg>,
) -> bool {
    CompiledCondition::new(condition, savedGroups).matches(attributes)
}

/// A condition compiled once, as `evalCondition` reads it, for evaluating again and again.
///
/// ```ts
/// const vip = new CompiledCondition({ orders: { $gte: 5 } });
/// vip.matches({ orders: 7 }); // true
/// ```
#[wasm_bindgen]
pub struct CompiledCondition {
    /// `None` for a condition that is not an object: it never matches.
    condition: Option<Condition>,
    groups: Map,
    /// The top-level attributes the condition reads: only these cross from JavaScript.
    names: Vec<(String, JsValue)>,
}

#[wasm_bindgen]
impl CompiledCondition {
    /// Compiles `condition`; `savedGroups` serve `$inGroup` / `$notInGroup`. Never throws.
    #[wasm_bindgen(constructor)]
    #[allow(non_snake_case)] // the parameter names are the TypeScript ones
    pub fn new(condition: &ConditionArg, savedGroups: Option<SavedGroupsArg>) -> CompiledCondition {
        let source = from_js(condition);
        let condition = match source {
            Value::Object(_) => Condition::compile(&source, &runtime(), Mode::Lenient).ok(),
            _ => None,
        };
        let groups = match savedGroups.map(|g| from_js(&g)) {
            Some(Value::Object(map)) => map,
            _ => Map::default(),
        };
        let mut read = Vec::new();
        if let Some(c) = &condition {
            c.attribute_names(&mut read);
        }
        let mut names: Vec<(String, JsValue)> = Vec::new();
        for name in read {
            if !names.iter().any(|(n, _)| n == name) {
                names.push((name.to_owned(), JsValue::from_str(name)));
            }
        }
        CompiledCondition { condition, groups, names }
    }

    /// Whether `attributes` satisfy the condition. Never throws.
    pub fn matches(&self, attributes: &AttributesArg) -> bool {
        self.condition.as_ref().is_some_and(|c| c.matches(&from_js_members(attributes, &self.names), &self.groups))
    }
}
