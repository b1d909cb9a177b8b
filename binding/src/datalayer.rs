//! Listening to the page's `dataLayer`: its `push` wrapped so that crumbtrail sees every entry,
//! without ever breaking the host's own use of it.
//!
//! The wrapper is a small JavaScript module (wasm-bindgen emits it as a file of the package, so it
//! runs under a strict Content-Security-Policy): it calls the `push` it found — Tag Manager's own
//! wrapper, say — with the same `this` and arguments and returns its result, then hands the entries
//! to crumbtrail through a queue, so that a push made while an entry is being read (from an
//! `onStageChange` callback, say) is read after it rather than inside it. Exceptions in crumbtrail's
//! part never reach the caller. Detaching puts the original `push` back when nobody wrapped it
//! since, and otherwise leaves the later wrappers in place and turns crumbtrail's part off.

use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function nothingToDetach() {
  return () => {};
}

export function tapPush(target, onEntry) {
  const previous = target.push;
  const queue = [];
  let head = 0, active = true, draining = false;
  const drain = () => {
    if (draining) return;
    draining = true;
    try {
      while (head < queue.length) {
        const entry = queue[head];
        queue[head++] = undefined;
        try { onEntry(entry); } catch (_) { /* never the host's problem */ }
      }
      queue.length = head = 0;
    } finally {
      draining = false;
    }
  };
  const wrapper = function () {
    const result = previous.apply(this, arguments);
    if (active) {
      for (let i = 0; i < arguments.length; i++) queue[queue.length] = arguments[i];
      drain();
    }
    return result;
  };
  for (let i = 0; i < target.length; i++) queue[queue.length] = target[i];
  target.push = wrapper;
  drain();
  return () => {
    active = false;
    if (target.push === wrapper) target.push = previous;
  };
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = tapPush)]
    fn tap_push(target: &JsValue, on_entry: &Function) -> Result<Function, JsValue>;
    /// A function that does nothing (`new Function` would need `'unsafe-eval'`).
    #[wasm_bindgen(js_name = nothingToDetach)]
    pub fn nothing_to_detach() -> Function;
}

/// A `dataLayer` being listened to. Dropping it detaches.
pub struct Tap {
    detach: Function,
    _on_entry: Closure<dyn FnMut(JsValue)>,
}

impl Tap {
    /// Reads the entries already in `target`, then every later push, with `on_entry`.
    pub fn new(target: &JsValue, on_entry: Closure<dyn FnMut(JsValue)>) -> Result<Tap, String> {
        let has_push = super::convert::get(target, "push").is_function();
        if !target.is_object() || !has_push {
            return Err("expected an array such as window.dataLayer".into());
        }
        let detach = tap_push(target, on_entry.as_ref().unchecked_ref())
            .map_err(|_| "its push could not be wrapped".to_owned())?;
        Ok(Tap { detach, _on_entry: on_entry })
    }

    /// The function that detaches (handed to the page).
    pub fn detach_function(&self) -> Function {
        self.detach.clone()
    }
}

impl Drop for Tap {
    fn drop(&mut self) {
        let _ = self.detach.call0(&JsValue::UNDEFINED);
    }
}
