//! Where the document lives: `localStorage`, `sessionStorage`, the page's own `StorageLike`, or
//! memory — and every way those can fail, turned into `Result`s.
//!
//! Browsers throw on storage in many ways (SecurityError when blocked or in a sandboxed iframe,
//! QuotaExceededError when full, a getter that throws on `window.localStorage` itself). Nothing
//! here throws: a failure comes back as a [`StorageError`], and the core's session falls back to
//! memory.
//!
//! gloo-storage is not used: its typed API goes through serde_json (≈ 15 KB gzip) and its `raw()`
//! throws when storage is blocked; `web_sys::Storage` with `Result`s is what it wraps anyway.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::convert;
use crumbtrail_core::base::keyed::Keyed;
use crumbtrail_core::{Storage, StorageError};

/// A storage backend.
pub enum Backend {
    /// `window.localStorage` or `window.sessionStorage`.
    Web(web_sys::Storage),
    /// An object with `getItem`, `setItem` and `removeItem` (Node, tests, SSR, wrappers).
    Custom(JsValue),
    /// This instance's memory: nothing outlives the page.
    Memory(Keyed<String>),
}

/// What the `storage` option asked for, before it is opened.
pub enum Choice {
    /// `"local"`, or nothing given.
    Local {
        /// Whether the page asked for it by name (then its absence is worth reporting).
        explicit: bool,
    },
    /// `"session"`.
    Session,
    /// `"memory"`.
    Memory,
    /// A `StorageLike` object.
    Custom(JsValue),
}

impl Choice {
    /// Reads the `storage` option; `Err` holds the message for the constructor to throw.
    pub fn from_option(option: &JsValue) -> Result<Choice, String> {
        if option.is_undefined() || option.is_null() {
            return Ok(Choice::Local { explicit: false });
        }
        match option.as_string().as_deref() {
            Some("local") => return Ok(Choice::Local { explicit: true }),
            Some("session") => return Ok(Choice::Session),
            Some("memory") => return Ok(Choice::Memory),
            _ => {}
        }
        let callable = |name: &str| convert::get(option, name).is_function();
        if option.is_object() && callable("getItem") && callable("setItem") && callable("removeItem") {
            return Ok(Choice::Custom(option.clone()));
        }
        Err("storage: expected \"local\", \"session\", \"memory\" or an object with getItem, setItem and removeItem"
            .into())
    }
}

fn message(error: &JsValue) -> String {
    let name = convert::get(error, "name").as_string();
    let text = convert::get(error, "message").as_string().or_else(|| error.as_string());
    match (name, text) {
        (Some(n), Some(t)) => format!("{n}: {t}"),
        (None, Some(t)) => t,
        (Some(n), None) => n,
        (None, None) => "unknown error".into(),
    }
}

impl Backend {
    /// Opens the chosen storage. When the browser's storage cannot be had, memory is used and
    /// the reason comes back for `onError` — except in a page with no `window` at all (Node, SSR)
    /// when the page did not ask for browser storage by name: memory is then simply the default.
    pub fn open(choice: Choice) -> (Backend, Option<String>) {
        let web = |session: bool| -> Result<web_sys::Storage, String> {
            let window = web_sys::window().ok_or("no window: not running in a browser")?;
            let storage = if session { window.session_storage() } else { window.local_storage() };
            storage.map_err(|e| message(&e))?.ok_or_else(|| "storage is not available".to_owned())
        };
        let fallback = |why: String, what: &str| {
            (
                Backend::Memory(Keyed::default()),
                Some(format!("{what} unavailable ({why}): keeping the profile in memory")),
            )
        };
        match choice {
            Choice::Memory => (Backend::Memory(Keyed::default()), None),
            Choice::Custom(object) => (Backend::Custom(object), None),
            Choice::Local { explicit: false } if web_sys::window().is_none() => {
                (Backend::Memory(Keyed::default()), None)
            }
            Choice::Local { .. } => match web(false) {
                Ok(s) => (Backend::Web(s), None),
                Err(why) => fallback(why, "localStorage"),
            },
            Choice::Session => match web(true) {
                Ok(s) => (Backend::Web(s), None),
                Err(why) => fallback(why, "sessionStorage"),
            },
        }
    }

    /// Whether this is the page's `localStorage`, whose writes other tabs see through `storage` events.
    pub fn is_shared_with_tabs(&self) -> bool {
        matches!(self, Backend::Web(_))
    }
}

impl Storage for Backend {
    fn persists(&self) -> bool {
        !matches!(self, Backend::Memory(_))
    }

    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        match self {
            Backend::Web(s) => s.get_item(key).map_err(failure),
            Backend::Custom(o) => call(o, "getItem", &[key.into()]).map(|v| v.as_string()),
            Backend::Memory(m) => Ok(m.get(key).cloned()),
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        match self {
            Backend::Web(s) => s.set_item(key, value).map_err(failure),
            Backend::Custom(o) => call(o, "setItem", &[key.into(), value.into()]).map(drop),
            Backend::Memory(m) => {
                m.insert(key, value.to_owned());
                Ok(())
            }
        }
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        match self {
            Backend::Web(s) => s.remove_item(key).map_err(failure),
            Backend::Custom(o) => call(o, "removeItem", &[key.into()]).map(drop),
            Backend::Memory(m) => {
                m.remove(key);
                Ok(())
            }
        }
    }
}

fn failure(error: JsValue) -> StorageError {
    StorageError(message(&error))
}

fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, StorageError> {
    let f = Reflect::get(object, &method.into()).map_err(failure)?;
    let f: &Function = f.dyn_ref().ok_or_else(|| StorageError(format!("storage.{method} is not a function")))?;
    let result = match args {
        [a] => f.call1(object, a),
        [a, b] => f.call2(object, a, b),
        _ => f.call0(object),
    };
    result.map_err(failure)
}
