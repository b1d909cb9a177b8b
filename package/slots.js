// The engine behind <crumbtrail-slot> elements: once crumbtrail has loaded, `attachSlots` decides
// every slot with the page context and replaces what the slot shows only when its decision
// differs from the kept one; later slots (a single-page app's next view) are decided as they
// connect, and clicks and dismissals reach the Personalizer as `render` wires them.
import { defineSlot } from "./slot.js";

export { defineSlot };

const FIELDS = ["title", "body", "cta", "href", "dismissLabel", "lang"];
/** A decision's content as the slot shows it (and as the kept decisions hold it): with its language. */
const shown = (decision) => ({ ...decision.content, lang: decision.lang });
const sameContent = (a, b) => FIELDS.every((key) => (a?.[key] ?? null) === (b?.[key] ?? null));

/** The page context a slot is decided with: `{ path }` and the element's `context` attribute (JSON). */
function pageContext(element) {
  let own = {};
  try { own = JSON.parse(element.getAttribute("context") ?? "{}") ?? {}; } catch { /* not JSON: none */ }
  return { path: location.pathname, ...own };
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
export function attachSlots(personalizer, { root = document, context = pageContext, onDecision } = {}) {
  defineSlot();
  const decide = (element, fresh) => {
    try {
      const decision = personalizer.decide(element.getAttribute("name") ?? "", context(element));
      const before = element.shown;
      const replaced = decision ? before?.id !== decision.id || !sameContent(before.content, shown(decision)) : !!before;
      if (replaced) decision ? element.show(decision.id, shown(decision), "engine") : element.showBaseline("engine");
      // A slot that already showed this message from the kept decision logged its impression:
      // the engine only reports the exposure then.
      if (decision) fresh || replaced ? personalizer.seen(decision.id) : personalizer.exposed(decision.id);
      onDecision?.(element, decision, { replaced, before: before?.id ?? null });
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
