// The engine behind <crumbtrail-slot> elements: once crumbtrail has loaded, `attachSlots` decides
// every slot with the page context and replaces what the slot shows only when its decision
// differs from the kept one; later slots (a single-page app's next view) are decided as they
// connect, and clicks and dismissals reach the Personalizer as `render` wires them.
import { defineSlot } from "./slot.js";
import { BANNER_STYLE, attribute, dismissLabel } from "../binding/js/render.js";

export { defineSlot };

const FIELDS = ["title", "body", "cta", "href", "dismissLabel", "lang"];
/** A decision's content as the slot shows it (and as the kept decisions hold it): with its
 * language and the dismiss button's name. */
const shown = (decision) => ({ ...decision.content, lang: decision.lang,
  dismissLabel: decision.content?.dismissLabel || dismissLabel(decision.lang) });
const sameContent = (a, b) => FIELDS.every((key) => (a?.[key] ?? null) === (b?.[key] ?? null));

/** The page context a slot is decided with: `{ path }` and the element's `context` attribute (JSON). */
function pageContext(element) {
  let own = {};
  try { own = JSON.parse(element.getAttribute("context") ?? "{}") ?? {}; } catch { /* not JSON: none */ }
  return { path: location.pathname, ...own };
}

/** Shows `decision` (null: the baseline) in `element`, as the engine decided it. */
const put = (element, decision) =>
  (decision ? element.show(decision.id, shown(decision), "engine", BANNER_STYLE) : element.showBaseline("engine"));

/**
 * Puts `decision` into a slot that is already on the page without moving anything around it: the
 * slot keeps the box it had (a shorter message leaves it at its height), and a decision that needs
 * a larger box is not shown (false: the slot is left as it was, within the same task, so nothing is
 * ever painted in between). A slot wholly below the viewport may change freely: what it moves is
 * out of view. A slot that is not rendered measures 0 × 0 either way.
 */
function putInPlace(element, decision) {
  const box = element.getBoundingClientRect();
  if (box.top >= innerHeight) return put(element, decision), true;
  const root = element.shadowRoot;
  const was = { nodes: [...(root?.childNodes ?? [])], shown: element.shown, minHeight: element.style.minHeight,
    message: element.getAttribute("data-crumbtrail-message"), source: element.getAttribute("data-crumbtrail-source") };
  put(element, decision);
  let now = element.getBoundingClientRect();
  if (now.height < box.height) {
    // min-height counts the content box (or the border box): what padding and border add stays.
    element.style.minHeight = `${box.height - (now.height - parseFloat(getComputedStyle(element).height))}px`;
    now = element.getBoundingClientRect();
  }
  if (Math.abs(now.height - box.height) < 0.5 && Math.abs(now.width - box.width) < 0.5) return true;
  root?.replaceChildren(...was.nodes);
  element.shown = was.shown;
  element.style.minHeight = was.minHeight;
  attribute(element, "data-crumbtrail-message", was.message);
  attribute(element, "data-crumbtrail-source", was.source);
  return false;
}

/**
 * Attaches `personalizer` to the <crumbtrail-slot> elements under `root` (default: the document),
 * now and as more connect. Options: `context(element)`, the page context for a slot (default:
 * `{ path: location.pathname }` with the element's `context` attribute); `onDecision(element,
 * decision, { replaced, before })`, told each time a slot is decided (`before`: the id of the
 * message it showed, or null). Returns `{ refresh, detach }`:
 * `refresh()` decides every slot again (after something the shopper did), `detach()` stops.
 * Never throws.
 */
export function attachSlots(personalizer, /** @type {import("./slots.d.ts").AttachSlotsOptions} */ { root = document, context = pageContext, onDecision } = {}) {
  defineSlot();
  const decide = (element, fresh) => {
    try {
      const decision = personalizer.decide(element.getAttribute("name") ?? "", context(element));
      const before = element.shown;
      const differs = decision ? before?.id !== decision.id || !sameContent(before.content, shown(decision)) : !!before;
      // A slot connecting now is not painted yet; one already on the page changes only in place.
      const replaced = differs && (fresh ? (put(element, decision), true) : putInPlace(element, decision));
      // A slot that already showed this message from the kept decision logged its impression:
      // the engine only reports the exposure then. A decision that would move the page is not
      // shown here: the decisions kept for the next page carry it to that page's first paint.
      if (decision && (replaced || !differs)) replaced || fresh ? personalizer.seen(decision.id) : personalizer.exposed(decision.id);
      onDecision?.(element, decision, { replaced, before: before?.id ?? null, waiting: differs && !replaced });
    } catch { /* the slot keeps what it shows */ }
  };
  const onConnect = (event) => {
    event.preventDefault();
    decide(event.target, true);
  };
  const onInteraction = (event) => {
    event.preventDefault();
    const { id, kind } = event.detail;
    kind == "click" ? personalizer.clicked(id) : personalizer.dismissed(id);
  };
  root.addEventListener("crumbtrail-slot", onConnect);
  root.addEventListener("crumbtrail-interaction", onInteraction);
  const refresh = () => root.querySelectorAll("crumbtrail-slot").forEach((element) => decide(element, false));
  refresh();
  return {
    refresh,
    detach() {
      root.removeEventListener("crumbtrail-slot", onConnect);
      root.removeEventListener("crumbtrail-interaction", onInteraction);
    },
  };
}
