//! Safe rendering: a decision put into the page with `textContent` and checked links only.
//!
//! Catalogue content is never parsed as HTML: `title`, `body` and `cta` become text nodes, `href`
//! becomes a link only when it resolves to `http:` or `https:` (relative links resolve against the
//! page), and no other attribute is taken from content. So `<script>`, `onerror=` and
//! `javascript:` links in a catalogue stay inert text or are dropped.
//!
//! The element becomes a labelled region holding a title, a body, a link and a dismiss button
//! (a real `<button>`), each with a `crumbtrail-…` class for the shop's CSS. The DOM is built by
//! `binding/js/render.js` (which `package/slot.js` shares), given the texts the core chose — far smaller in the wasm than a call
//! across the boundary for every node and attribute, and the same code that the
//! `<crumbtrail-slot>` element renders with before the wasm has loaded. Its click handlers report
//! to one callback per personaliser, and swallow anything it throws (say, after `free()`), so that
//! a click never raises an error in the page.

use wasm_bindgen::prelude::*;

use crumbtrail_core::Value;

#[wasm_bindgen(module = "/js/render.js")]
extern "C" {
    /// Empties `element` and hides it (no message for its slot).
    #[wasm_bindgen(js_name = clearSlot)]
    pub fn clear(element: &web_sys::Element);

    #[wasm_bindgen(catch, js_name = fillSlot)]
    #[allow(clippy::too_many_arguments)]
    fn fill_slot(
        element: &web_sys::Element,
        id: &str,
        title: Option<&str>,
        body: Option<&str>,
        href: Option<&str>,
        cta: Option<&str>,
        dismiss_label: Option<&str>,
        lang: Option<&str>,
        on_interaction: &JsValue,
    ) -> Result<(), JsValue>;
}

/// What the shopper did with a rendered message, as `fill`'s callback reports it.
pub const CLICKED: u32 = 1;
/// See [`CLICKED`].
pub const DISMISSED: u32 = 2;

/// Puts `content` (message `id`'s, in language `lang` when the catalogue says) into `element`,
/// replacing what was there. `on_interaction` is called with the id and [`CLICKED`] or
/// [`DISMISSED`].
pub fn fill(
    element: &web_sys::Element,
    id: &str,
    content: &Value,
    lang: Option<&str>,
    on_interaction: &JsValue,
) -> Result<(), JsValue> {
    let text = |key: &str| content.get(key).and_then(Value::as_str).filter(|s| !s.is_empty());
    let (title, body, href, cta, dismiss) =
        (text("title"), text("body"), text("href"), text("cta"), text("dismissLabel"));
    fill_slot(element, id, title, body, href, cta, dismiss, lang, on_interaction)
}
