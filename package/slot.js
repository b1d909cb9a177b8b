// The <crumbtrail-slot name="…"> element: a returning shopper's banner at first paint.
//
// Its children are the baseline — what a first-time shopper, a browser without JavaScript and a
// search engine see. When a slot connects, it shows the decision the engine kept ready for it
// (`<storageKey>:ready`, written beside the profile whenever it changes), synchronously, before
// the first paint, and falls back to the baseline for anything absent, expired, of another format
// or unreadable. The message lives in the element's shadow root, so the baseline children can
// stay in the page as parsed (they are simply not slotted while a message shows). What it shows,
// and what the shopper does with it, is logged (`<storageKey>:log`) for the engine to count when it
// loads, so that caps and cooldowns stay exact; once the engine is there, it takes over through
// the `crumbtrail-slot` and `crumbtrail-interaction` events (see slots.js).
//
// This file is the source of the classic script `slot.js` (no module, no wasm: it can be inlined
// in <head>) and is bundled into `slots.js`. Nothing here throws into the page.
import { attribute, fillWith } from "../binding/js/render.js";

const TAG = "crumbtrail-slot";
/** Most entries the log keeps (crumbtrail's `decide::ready::LOG_ENTRIES`). */
const LOG_ENTRIES = 32;

/** Defines <crumbtrail-slot>, reading what the engine keeps under `storageKey`. Does nothing
 * when it is defined already. */
export function defineSlot(storageKey = "crumbtrail") {
  if (typeof customElements != "object" || customElements.get(TAG)) return;
  // A page that moves crumbtrail's clock (the `now` option) moves this one too.
  /* global crumbtrailClock -- window.crumbtrailClock, which such a page defines */
  const now = () => (typeof crumbtrailClock == "function" ? crumbtrailClock() : Date.now());
  const read = (key) => {
    try { return JSON.parse(localStorage.getItem(`${storageKey}:${key}`)); } catch { /* unreadable: nothing */ }
  };
  const logged = () => {
    const log = read("log");
    return Array.isArray(log) ? log : [];
  };
  const record = (id, kind) => {
    try { localStorage.setItem(`${storageKey}:log`, JSON.stringify([...logged(), [id, kind, now()]].slice(-LOG_ENTRIES))); } catch { /* memory only */ }
  };
  /** Tells the page (a loaded engine answers by cancelling); true when nothing cancelled it. */
  const tell = (element, type, detail) => element.dispatchEvent(new CustomEvent(type, { bubbles: true, cancelable: true, detail }));

  /** The message of the `kept` decisions for `slot` that may show now: the first of its stretch's
   * ranked list that the shopper has not dismissed, clicked away or capped since the list was
   * kept. */
  const keptFor = (kept, slot) => {
    const t = now();
    // The log holds what the engine has not taken in yet: what happened since the list was kept.
    const log = logged();
    const count = (id, kind, from) => log.filter((e) => e[0] == id && e[1] == kind && e[2] >= from).length;
    return kept?.v == 2 && kept.slots[slot]?.find((stretch) => t < stretch.until)?.show.find((m) =>
      !count(m.id, "d", t - m.cooldown) &&
      !(m.stopAfterClick && count(m.id, "c", 0)) &&
      !(m.cap && count(m.id, "s", t - m.cap[1]) >= m.cap[0]));
  };

  /** Makes `node` all of `slot`'s shadow root holds; returns it. */
  const root = (slot, node) => ((slot.shadowRoot ?? slot.attachShadow({ mode: "open" })).replaceChildren(node), node);
  /** What `slot` shows, in its property and attributes. */
  const mark = (slot, shown, source) => {
    slot.shown = shown;
    attribute(slot, "data-crumbtrail-message", shown?.id);
    slot.setAttribute("data-crumbtrail-source", source);
  };

  customElements.define(TAG, class extends HTMLElement {
    connectedCallback() {
      try {
        const kept = read("ready");
        const message = keptFor(kept, this.getAttribute("name"));
        // The kept decisions carry the default styles and the dismiss button's name.
        message ? this.show(message.id, message.content, "kept", kept.style) : this.showBaseline("kept");
        // A loaded engine answers (and cancels): it decides with the page and counts the impression.
        if (tell(this, TAG) && message) record(message.id, "s");
      } catch {
        try { this.showBaseline("kept"); } catch { /* the children show as they are */ }
      }
    }

    /** Shows message `id` with its rendered `content` ({ title, body, cta, href, dismissLabel,
     * lang }) and the default styles `css`. The box is in the shadow root before it is filled, so
     * that it takes the styles there. */
    show(id, content, source, css) {
      const box = root(this, document.createElement("div"));
      fillWith(box, id, content, (_, kind) => {
        if (kind == 2) this.showBaseline(source);
        const name = kind == 1 ? "click" : "dismiss";
        // The log writes each interaction by its initial: "c" or "d".
        if (tell(this, "crumbtrail-interaction", { id, kind: name })) record(id, name[0]);
      }, css);
      box.setAttribute("part", "message");
      mark(this, { id, content }, source);
    }

    /** Shows the element's own children. */
    showBaseline(source) {
      root(this, document.createElement("slot"));
      mark(this, null, source);
    }
  });
}
