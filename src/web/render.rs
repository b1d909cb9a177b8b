//! Safe rendering: a decision put into the page with `textContent` and checked links only.
//!
//! Catalogue content is never parsed as HTML: `title`, `body` and `cta` become text nodes, `href`
//! becomes a link only when it resolves to `http:` or `https:` (relative links resolve against the
//! page), and no other attribute is taken from content. So `<script>`, `onerror=` and
//! `javascript:` links in a catalogue stay inert text or are dropped.
//!
//! The element becomes a labelled region holding a title, a body, a link and a dismiss button
//! (a real `<button>`), each with a `crumbtrail-…` class for the shop's CSS.

use wasm_bindgen::JsValue;

use crate::value::Value;

/// What [`fill`] built, for the caller to wire.
pub struct Parts {
    /// The link, if the content has a safe one.
    pub link: Option<web_sys::Element>,
    /// The dismiss button.
    pub dismiss: web_sys::Element,
}

/// Empties `element` and hides it (no message for its slot).
pub fn clear(element: &web_sys::Element) {
    element.set_text_content(None);
    let _ = element.set_attribute("hidden", "");
    let _ = element.remove_attribute("data-crumbtrail-message");
}

/// Puts `content` (the decision's) into `element`, replacing what was there.
pub fn fill(element: &web_sys::Element, message_id: &str, content: &Value) -> Result<Parts, JsValue> {
    let document = element.owner_document().ok_or_else(|| JsValue::from_str("the element has no document"))?;
    let text = |key: &str| content.get(key).and_then(Value::as_str).filter(|s| !s.is_empty());
    element.set_text_content(None);
    let _ = element.remove_attribute("hidden");
    element.set_attribute("role", "region")?;
    element.set_attribute("aria-label", text("title").unwrap_or("Message"))?;
    element.set_attribute("data-crumbtrail-message", message_id)?;

    let add = |tag: &str, class: &str, words: &str| -> Result<web_sys::Element, JsValue> {
        let node = document.create_element(tag)?;
        node.set_class_name(class);
        node.set_text_content(Some(words));
        element.append_child(&node)?;
        Ok(node)
    };
    if let Some(title) = text("title") {
        add("p", "crumbtrail-title", title)?;
    }
    if let Some(body) = text("body") {
        add("p", "crumbtrail-body", body)?;
    }
    let link = match (text("href").and_then(|h| safe_href(h, &document)), text("cta")) {
        (Some(href), words) => {
            let a = add("a", "crumbtrail-cta", words.unwrap_or(&href))?;
            a.set_attribute("href", &href)?;
            Some(a)
        }
        (None, _) => None,
    };
    let dismiss = add("button", "crumbtrail-dismiss", "×")?;
    dismiss.set_attribute("type", "button")?;
    dismiss.set_attribute("aria-label", text("dismissLabel").unwrap_or("Dismiss"))?;
    Ok(Parts { link, dismiss })
}

/// The absolute URL of `href` if it is `http(s):` once resolved against the page; `None` for
/// `javascript:`, `data:` and every other scheme (however it is spelt or padded).
fn safe_href(href: &str, document: &web_sys::Document) -> Option<String> {
    let base = document.base_uri().ok().flatten().unwrap_or_else(|| "about:blank".into());
    let url = web_sys::Url::new_with_base(href, &base).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}
