// Safe rendering of a message into the page, shared by `render()` (through the wasm) and the
// <crumbtrail-slot> element (slot.js), so that both follow the same rules: catalogue content is
// never parsed as HTML — title, body and cta become text nodes, `href` becomes a link only when it
// resolves to http: or https: (relative links resolve against the page) — and the message is a
// labelled region with a real dismiss <button>. Each node has a `crumbtrail-…` class and a `part`
// of the same name, for the shop's CSS inside and outside a shadow root.

/** Empties `element` and hides it (no message for its slot). */
export function clearSlot(element) {
  element.textContent = "";
  element.setAttribute("hidden", "");
  element.removeAttribute("data-crumbtrail-message");
}

/** Puts message `id` into `element`. `onInteraction(id, 1)` hears a click on the link, and
 * `onInteraction(id, 2)` a dismissal, after the element was emptied; nothing it throws escapes. */
export function fillSlot(element, id, title, body, href, cta, dismissLabel, onInteraction) {
  const page = element.ownerDocument;
  if (!page) throw new Error("the element has no document");
  const report = (kind) => { try { onInteraction(id, kind); } catch (_) { /* never the host's problem */ } };
  element.textContent = "";
  element.removeAttribute("hidden");
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", title ?? "Message");
  element.setAttribute("data-crumbtrail-message", id);
  const add = (tag, name, words) => {
    const node = page.createElement(tag);
    node.className = `crumbtrail-${name}`;
    node.setAttribute("part", name);
    node.textContent = words;
    element.appendChild(node);
    return node;
  };
  if (title != null) add("p", "title", title);
  if (body != null) add("p", "body", body);
  let url = null;
  try {
    url = href == null ? null : new URL(href, page.baseURI ?? "about:blank");
  } catch (_) { /* not a URL: no link */ }
  if (url && (url.protocol === "http:" || url.protocol === "https:")) {
    const link = add("a", "cta", cta ?? url.href);
    link.setAttribute("href", url.href);
    link.addEventListener("click", () => report(1));
  }
  const dismiss = add("button", "dismiss", "\u00d7");
  dismiss.setAttribute("type", "button");
  dismiss.setAttribute("aria-label", dismissLabel ?? "Dismiss");
  dismiss.addEventListener("click", () => {
    clearSlot(element);
    report(2);
  });
}
