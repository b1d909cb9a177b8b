// Safe rendering of a message into the page, shared by `render()` (through the wasm) and the
// <crumbtrail-slot> element (slot.js), so that both follow the same rules: catalogue content is
// never parsed as HTML — title, body and cta become text nodes, `href` becomes a link only when it
// resolves to http: or https: (relative links resolve against the page) — and the message is a
// labelled region with a real dismiss <button>. Each node has a `crumbtrail-…` class and a `part`
// of the same name, for the shop's CSS inside and outside a shadow root.
//
// It also owns what makes a banner usable by every shopper (docs/guide/accessibility.md): the
// message's language marked, the dismiss button named in it, at least 24 × 24 CSS px with a
// visible focus indicator (a stylesheet of zero specificity, so that any rule of the shop's wins),
// and focus moved on to what follows when the banner it was in goes away. It never takes focus
// otherwise and announces nothing: no live region, no motion.

/** The dismiss button's name when the content gives none, by the message's (else the page's)
 * language. */
const DISMISS = { en: "Dismiss", nl: "Sluiten", de: "Schließen", fr: "Fermer", es: "Cerrar", it: "Chiudi" };

/** The default styles: only the dismiss button's size and focus indicator, inside `:where()` so
 * that every rule of the shop's (even a bare `button`) overrides them. */
const CSS = ":where(.crumbtrail-dismiss){min-width:24px;min-height:24px;font:inherit;line-height:1}" +
  ":where(.crumbtrail-dismiss):focus-visible{outline:2px solid;outline-offset:2px}" +
  "@media (forced-colors:active){:where(.crumbtrail-dismiss){border:1px solid ButtonText}}";

/** What keyboard navigation can reach, before `tabIndex` and visibility are checked. */
const FOCUSABLE = "a[href],button,input,select,textarea,summary,[tabindex]";

let sheet;

/** Gives `root` (a document or a shadow root) the default styles, once; silently nothing where
 * constructed stylesheets are missing (or for another window's document). */
function adoptStyles(root) {
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
  } catch (_) { /* unstyled: the shop's CSS alone */ }
}

/** Focuses the first element keyboard navigation reaches after `anchor` (its own children
 * first, then what follows it, open shadow roots included), else the last one before it. */
function focusAfter(anchor) {
  const before = [], after = [];
  let past = false;
  const walk = (node) => {
    for (const e of node.children) {
      if (e === anchor) past = true;
      if (e.matches(FOCUSABLE) && e.tabIndex >= 0) (past ? after : before).push(e);
      if (e.shadowRoot) walk(e.shadowRoot);
      walk(e);
    }
  };
  walk(anchor.ownerDocument);
  for (const e of [...after, ...before.reverse()]) {
    e.focus();
    if (e.matches(":focus")) return;
  }
}

/** Empties `element` and hides it (no message for its slot). */
export function clearSlot(element) {
  element.textContent = "";
  element.setAttribute("hidden", "");
  element.removeAttribute("data-crumbtrail-message");
}

/** Puts message `id` into `element`. `lang` is the language tag of the content's variant (null:
 * the page's language). `onInteraction(id, 1)` hears a click on the link, and
 * `onInteraction(id, 2)` a dismissal, after the element was emptied; nothing it throws escapes. */
export function fillSlot(element, id, title, body, href, cta, dismissLabel, lang, onInteraction) {
  const page = element.ownerDocument;
  if (!page) throw new Error("the element has no document");
  const report = (kind) => { try { onInteraction(id, kind); } catch (_) { /* never the host's problem */ } };
  element.textContent = "";
  element.removeAttribute("hidden");
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", title ?? body ?? cta ?? "Message");
  element.setAttribute("data-crumbtrail-message", id);
  lang ? element.setAttribute("lang", lang) : element.removeAttribute("lang");
  const root = element.getRootNode();
  if (root.adoptedStyleSheets) adoptStyles(root);
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
  const language = (lang ?? page.documentElement?.lang ?? "").split("-")[0].toLowerCase();
  const dismiss = add("button", "dismiss", "\u00d7");
  dismiss.setAttribute("type", "button");
  dismiss.setAttribute("aria-label", dismissLabel ?? DISMISS[language] ?? DISMISS.en);
  dismiss.addEventListener("click", () => {
    const focused = root.activeElement && element.contains(root.activeElement);
    clearSlot(element);
    report(2);
    // The emptied element, or the <crumbtrail-slot> whose shadow root held it.
    const anchor = element.isConnected ? element : root.host;
    if (focused && anchor?.isConnected) focusAfter(anchor);
  });
}
