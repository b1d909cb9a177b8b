//! crumbtrail's errors as JavaScript `Error`s: `message`, and the stable `code` and, when there
//! is one, the `path` of the field — one conversion, so that exported functions use `?`.

use wasm_bindgen::JsValue;

use super::convert::set;
use crumbtrail_core::base::read::FieldError;
use crumbtrail_core::{Code, Error};

/// An error on its way to JavaScript: thrown when returned from an export, or passed to `onError`.
#[derive(Debug)]
pub struct JsError(pub Error);

impl From<Error> for JsError {
    fn from(e: Error) -> JsError {
        JsError(e)
    }
}

/// Options are read field by field: a mistake in one is an `invalid_option`.
impl From<FieldError> for JsError {
    fn from(e: FieldError) -> JsError {
        JsError(e.with_code(Code::InvalidOption))
    }
}

impl JsError {
    /// An error about the field at `path`, its message starting with the path.
    pub fn at(code: Code, path: &str, message: &str) -> JsError {
        JsError(Error::new(code, format!("{path}: {message}")).at(path))
    }

    /// The `Error` object, its message prefixed with `prefix`.
    pub fn to_js(&self, prefix: &str) -> JsValue {
        let e = js_sys::Error::new(&format!("{prefix}{}", self.0.message));
        set(&e, "code", &JsValue::from_str(self.0.code.as_str()));
        if let Some(path) = &self.0.path {
            set(&e, "path", &JsValue::from_str(path));
        }
        e.into()
    }
}

impl From<JsError> for JsValue {
    fn from(e: JsError) -> JsValue {
        e.to_js("")
    }
}
