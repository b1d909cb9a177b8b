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

/** The dismiss button's name when the content gives none, by language. */
const DISMISS = { en: "Dismiss", nl: "Sluiten", de: "Schließen", fr: "Fermer", es: "Cerrar", it: "Chiudi" };

/** The dismiss button's name for content in language `lang` (null: `page`'s language), in English
 * for any other. The engine resolves it, also for the decisions it keeps ready, so that the slot
 * script in every page's <head> carries no table of words. */
export const dismissLabel = (lang, page = globalThis.document) =>
  DISMISS[(lang ?? page?.documentElement?.lang ?? "").split("-")[0].toLowerCase()] ?? DISMISS.en;

/** The default styles: only the dismiss button's size and focus indicator, inside `:where()` so
 * that every rule of the shop's (even a bare `button`) overrides them. Nested: a browser without
 * CSS nesting keeps the size and its own focus ring. The decisions kept ready carry them too. */
export const BANNER_STYLE = ":where(.crumbtrail-dismiss){min-width:24px;min-height:24px;font:inherit;line-height:1;" +
  "&:focus-visible{outline:2px solid;outline-offset:2px}@media (forced-colors:active){border:1px solid ButtonText}}";

let sheet;

/** Gives `root` (a document or a shadow root) the default styles, `css`, once; silently nothing
 * where constructed stylesheets are missing (or for another window's document). */
function adoptStyles(root, css) {
  try {
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(css);
    root.adoptedStyleSheets.includes(sheet) || (root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets]);
  } catch { /* unstyled: the shop's CSS alone */ }
}

/** Focuses the first element keyboard navigation reaches after `anchor` (its own children
 * first, then what follows it, open shadow roots included), else the last one before it. */
function focusAfter(anchor) {
  // [before, after], each in document order.
  const found = [[], []];
  let past = 0;
  const walk = (node) => {
    for (const e of node.children) {
      if (e === anchor) past = 1;
      // What is in the tab order by default or by its tabindex; what cannot take focus is passed over.
      if (e.tabIndex >= 0) found[past].push(e);
      if (e.shadowRoot) walk(e.shadowRoot);
      walk(e);
    }
  };
  walk(anchor.ownerDocument);
  [...found[1], ...found[0].reverse()].some((e) => (e.focus(), e.matches(":focus")));
}

/** Sets attribute `name` of `element` to `value`, or removes it for null. */
export const attribute = (element, name, value) => (value == null ? element.removeAttribute(name) : element.setAttribute(name, value));

/** Empties `element` and hides it (no message for its slot). */
export function clearSlot(element) {
  element.textContent = "";
  element.hidden = true;
  element.removeAttribute("data-crumbtrail-message");
}

/** Puts message `id` into `element`, with the default styles. `lang` is the language tag of the
 * content's variant (null: the page's language). `onInteraction(id, 1)` hears a click on the link,
 * and `onInteraction(id, 2)` a dismissal, after the element was emptied; nothing it throws
 * escapes. */
export function fillSlot(element, id, title, body, href, cta, label, lang, onInteraction) {
  label ||= dismissLabel(lang, element.ownerDocument);
  fillWith(element, id, { title, body, href, cta, dismissLabel: label, lang }, onInteraction, BANNER_STYLE);
}

/** `fillSlot` with the texts in an object, `{ title, body, href, cta, dismissLabel, lang }` (what
 * is not a non-empty string there counts as absent; no `dismissLabel`: "Dismiss"), and the default
 * styles `css` (none: the shop's CSS alone). */
export function fillWith(element, id, content, onInteraction, css) {
  const page = element.ownerDocument;
  const text = (key) => (typeof content?.[key] == "string" && content[key]) || null;
  const [title, body, href, cta, lang] = ["title", "body", "href", "cta", "lang"].map(text);
  const report = (kind) => { try { onInteraction(id, kind); } catch { /* never the host's problem */ } };
  element.textContent = "";
  element.hidden = false;
  attribute(element, "role", "region");
  attribute(element, "aria-label", title ?? body ?? cta ?? "Message");
  attribute(element, "data-crumbtrail-message", id);
  attribute(element, "lang", lang);
  const root = element.getRootNode();
  if (css && root.adoptedStyleSheets) adoptStyles(root, css);
  const add = (tag, name, words) => {
    const node = element.appendChild(page.createElement(tag));
    node.className = `crumbtrail-${name}`;
    attribute(node, "part", name);
    node.textContent = words;
    return node;
  };
  if (title) add("p", "title", title);
  if (body) add("p", "body", body);
  let url;
  try {
    url = new URL(href, page.baseURI);
  } catch { /* not a URL: no link */ }
  if (href && /^https?:$/.test(url?.protocol)) {
    const link = add("a", "cta", cta ?? url.href);
    link.href = url.href;
    link.onclick = () => report(1);
  }
  const dismiss = add("button", "dismiss", "\u00d7");
  dismiss.type = "button";
  attribute(dismiss, "aria-label", text("dismissLabel") ?? "Dismiss");
  dismiss.onclick = () => {
    const focused = element.contains(root.activeElement);
    clearSlot(element);
    report(2);
    // The emptied element, or the <crumbtrail-slot> whose shadow root held it.
    const anchor = element.isConnected ? element : root.host;
    if (focused && anchor?.isConnected) focusAfter(anchor);
  };
}
