//! JavaScript values to core [`Value`]s and back, directly through `js_sys` (no serde; JSON text
//! is only for storage, printed and read by the core's bounded `json`).
//!
//! Whatever the page passes is read defensively: getters that throw, proxies, cycles and exotic
//! types (functions, symbols, BigInt) become `null` rather than exceptions, nesting deeper than
//! [`MAX_DEPTH`] is cut off, and one call reads at most [`MAX_VALUES`] values (a structure that
//! shares sub-objects could otherwise be exponentially large when read as a tree). Meaning is the
//! core's business; this only moves data.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use super::runtime::JsRuntime;
use crumbtrail_core::base::keyed::MAX_KEYS;
use crumbtrail_core::{Map, Value};

/// Deepest nesting read from the page; deeper values read as `null` (cycles end here too).
pub const MAX_DEPTH: usize = 256;
/// Most values read in one call; the rest read as `null`.
pub const MAX_VALUES: usize = 200_000;
/// Most array entries read from one array (objects: [`MAX_KEYS`] keys).
pub const MAX_ENTRIES: usize = 10_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(object: &Object) -> Result<Array, JsValue>;
}

// `JSON.parse` as the module found it, used only if it is the engine's own: a page may have
// replaced `JSON` (then values are built member by member instead). `ownMember` reads one own
// enumerable member, as `Object.keys` would list it; a throwing getter or proxy reads as undefined.
#[wasm_bindgen(inline_js = r#"
const isEnumerable = Object.prototype.propertyIsEnumerable;
export function ownMember(object, key) {
  try {
    return isEnumerable.call(object, key) ? object[key] : undefined;
  } catch (_) {
    return undefined;
  }
}
const parse = JSON.parse;
let native = false;
try {
  native = typeof parse === "function" && Function.prototype.toString.call(parse).indexOf("[native code]") >= 0
    && parse("[7]")[0] === 7;
} catch (_) {}
export function parseJson(text) {
  if (!native) throw new Error("no native JSON.parse");
  return parse(text);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = parseJson)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = ownMember)]
    fn own_member(object: &JsValue, key: &JsValue) -> JsValue;
}

/// Reads a JS value.
pub fn from_js(js: &JsValue) -> Value {
    let mut budget = MAX_VALUES;
    read(js, 0, &mut budget)
}

/// Reads only the members `names` (name, and the same as a JS string) of a JS object — what a
/// condition reads, however large the object — or the whole value when it is not a plain object.
pub fn from_js_members(js: &JsValue, names: &[(String, JsValue)]) -> Value {
    if !js.is_object() || js.is_function() || Array::is_array(js) {
        return from_js(js);
    }
    let mut budget = MAX_VALUES;
    let mut map = Map::default();
    for (name, key) in names {
        let member = own_member(js, key);
        if !(member.is_undefined() || member.is_function()) {
            map.insert(name, read(&member, 1, &mut budget));
        }
    }
    Value::Object(map)
}

fn read(js: &JsValue, depth: usize, budget: &mut usize) -> Value {
    if *budget == 0 {
        return Value::Null;
    }
    *budget -= 1;
    if let Some(n) = js.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = js.as_string() {
        return Value::String(s);
    }
    if let Some(b) = js.as_bool() {
        return Value::Bool(b);
    }
    if depth >= MAX_DEPTH || !js.is_object() || js.is_function() {
        return Value::Null;
    }
    if Array::is_array(js) {
        let array: &Array = js.unchecked_ref();
        let len = (array.length() as usize).min(MAX_ENTRIES);
        return Value::Array((0..len as u32).map(|i| read(&array.get(i), depth + 1, budget)).collect());
    }
    let object: &Object = js.unchecked_ref();
    let mut map = Map::default();
    // Object.keys can throw on a hostile proxy; such an object reads as empty.
    let Ok(keys) = object_keys(object) else { return Value::Object(map) };
    for key in keys.iter().take(MAX_KEYS) {
        let Some(name) = key.as_string() else { continue };
        let member = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
        if member.is_undefined() || member.is_function() {
            continue; // as JSON.stringify does
        }
        map.insert(&name, read(&member, depth + 1, budget));
    }
    Value::Object(map)
}

/// The value of JSON text the core wrote (`null` should it not parse).
pub fn from_json_text(text: &str) -> JsValue {
    json_parse(text).unwrap_or(JsValue::NULL)
}

/// Builds a JS value: as JSON text parsed by `JSON.parse` (one crossing of the boundary instead of
/// one per string and member, several times faster), else member by member.
pub fn to_js(v: &Value) -> JsValue {
    json_parse(&crumbtrail_core::base::json::to_text(v, &JsRuntime)).unwrap_or_else(|_| build(v))
}

fn build(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => {
            // Set by index: `Array.prototype.push` may be the page's.
            let array = Array::new_with_length(items.len() as u32);
            for (i, item) in items.iter().enumerate() {
                array.set(i as u32, build(item));
            }
            array.into()
        }
        Value::Object(map) => {
            let object = Object::new();
            for (k, v) in map.iter() {
                set(&object, k, &build(v));
            }
            object.into()
        }
    }
}

/// Sets an own property; `__proto__` as data, never as the prototype.
pub fn set(object: &Object, key: &str, value: &JsValue) {
    if key == "__proto__" {
        let descriptor = Object::new();
        let _ = Reflect::set(&descriptor, &"value".into(), value);
        let _ = Reflect::set(&descriptor, &"enumerable".into(), &JsValue::TRUE);
        let _ = Reflect::set(&descriptor, &"writable".into(), &JsValue::TRUE);
        let _ = Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE);
        Object::define_property(object, &key.into(), &descriptor);
    } else {
        let _ = Reflect::set(object, &key.into(), value);
    }
}

/// `Reflect.get(object, key)`, with a throwing getter read as `undefined`.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// An own property of a plain object (options): what a page added to `Object.prototype` is not
/// an option.
pub fn get_own(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    let key = JsValue::from_str(key);
    match Reflect::get_own_property_descriptor(object.unchecked_ref::<Object>(), &key) {
        Ok(descriptor) if !descriptor.is_undefined() => Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED),
        _ => JsValue::UNDEFINED,
    }
}
