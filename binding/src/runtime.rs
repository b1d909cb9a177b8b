//! The JavaScript built-ins conditions rely on, taken from the JavaScript engine itself: `RegExp`
//! for `$regex` (exactly the semantics GrowthBook's SDK has), `String(n)`, `Number(s)` and
//! `toLowerCase()` for coercions. Exact by definition, and none of it costs the wasm a byte of
//! regex engine, float printing, float parsing or Unicode tables. The dismiss button's names and
//! the banners' default stylesheet come from `binding/js/render.js`, which renders with them.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crumbtrail_core::base::ecma::{InvalidRegex, Pattern, Runtime};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = RegExp)]
    type JsRegExp;
    #[wasm_bindgen(catch, constructor, js_class = "RegExp")]
    fn new(source: &str, flags: &str) -> Result<JsRegExp, JsValue>;
    #[wasm_bindgen(catch, method, js_name = test)]
    fn test(this: &JsRegExp, text: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = String)]
    fn js_string(n: f64) -> String;
    #[wasm_bindgen(js_name = Number)]
    fn js_number(s: &str) -> f64;
    #[wasm_bindgen(js_namespace = ["String", "prototype", "toLowerCase"], js_name = call)]
    fn to_lower_case(s: &str) -> String;
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = supportedValuesOf)]
    fn supported_values_of(key: &str) -> Result<js_sys::Array, JsValue>;
}

#[wasm_bindgen(module = "/js/render.js")]
extern "C" {
    #[wasm_bindgen(js_name = dismissLabel)]
    fn js_dismiss_label(lang: Option<&str>) -> String;
    #[wasm_bindgen(thread_local_v2, js_name = BANNER_STYLE)]
    static BANNER_STYLE: js_sys::JsString;
}

/// The JavaScript engine as the conditions' runtime.
pub struct JsRuntime;

/// A pattern, with the text it last tested as Rust and as JavaScript: decisions test the same
/// attribute (say `page.path`) again and again, and copying it into JavaScript costs more than
/// comparing it.
struct Compiled {
    re: JsRegExp,
    last: RefCell<(String, JsValue)>,
}

impl Pattern for Compiled {
    fn test(&self, text: &str) -> bool {
        let tested = match self.last.try_borrow_mut() {
            Ok(mut last) => {
                if last.0 != text {
                    *last = (text.to_owned(), JsValue::from_str(text));
                }
                self.re.test(&last.1)
            }
            // A page's `RegExp.prototype.test` that evaluates this very pattern again.
            Err(_) => self.re.test(&JsValue::from_str(text)),
        };
        tested.unwrap_or(false)
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

    fn is_currency(&self, code: &str) -> bool {
        // The engine's own list: no table in the wasm. An engine without it (Safari before 15.4)
        // takes any three capital letters.
        match supported_values_of("currency") {
            Ok(codes) => codes.includes(&JsValue::from_str(code), 0),
            Err(_) => code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
        }
    }

    fn dismiss_label(&self, lang: Option<&str>) -> Option<String> {
        Some(js_dismiss_label(lang))
    }

    fn banner_style(&self) -> Option<String> {
        BANNER_STYLE.with(|style| style.as_string())
    }

    fn regex(&self, source: &str, ignore_case: bool) -> Result<Rc<dyn Pattern>, InvalidRegex> {
        match JsRegExp::new(source, if ignore_case { "i" } else { "" }) {
            Ok(re) => Ok(Rc::new(Compiled { re, last: RefCell::new((String::new(), JsValue::from_str(""))) })),
            Err(e) => Err(InvalidRegex(
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|| "not a valid regular expression".into()),
            )),
        }
    }
}

/// The JavaScript engine's built-ins, as the core takes them.
pub(super) fn runtime() -> Rc<dyn Runtime> {
    Rc::new(JsRuntime)
}
