//! The JavaScript built-ins conditions rely on, taken from the JavaScript engine itself: `RegExp`
//! for `$regex` (exactly the semantics GrowthBook's SDK has), `String(n)`, `Number(s)` and
//! `toLowerCase()` for coercions. Exact by definition, and none of it costs the wasm a byte of
//! regex engine, float printing, float parsing or Unicode tables.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::condition::{Pattern, Runtime};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = RegExp)]
    type JsRegExp;
    #[wasm_bindgen(catch, constructor, js_class = "RegExp")]
    fn new(source: &str, flags: &str) -> Result<JsRegExp, JsValue>;
    #[wasm_bindgen(catch, method, js_name = test)]
    fn test(this: &JsRegExp, text: &str) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = String)]
    fn js_string(n: f64) -> String;
    #[wasm_bindgen(js_name = Number)]
    fn js_number(s: &str) -> f64;
    #[wasm_bindgen(js_namespace = ["String", "prototype", "toLowerCase"], js_name = call)]
    fn to_lower_case(s: &str) -> String;
}

/// The JavaScript engine as the conditions' runtime.
pub struct JsRuntime;

struct Compiled(JsRegExp);

impl Pattern for Compiled {
    fn test(&self, text: &str) -> bool {
        self.0.test(text).unwrap_or(false)
    }
}

impl Runtime for JsRuntime {
    fn number_to_string(&self, n: f64) -> String {
        js_string(n)
    }

    fn string_to_number(&self, s: &str) -> f64 {
        js_number(s)
    }

    fn lowercase(&self, s: &str) -> String {
        to_lower_case(s)
    }

    fn regex(&self, source: &str, ignore_case: bool) -> Result<Rc<dyn Pattern>, String> {
        match JsRegExp::new(source, if ignore_case { "i" } else { "" }) {
            Ok(re) => Ok(Rc::new(Compiled(re))),
            Err(e) => Err(e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "not a valid regular expression".into())),
        }
    }
}
