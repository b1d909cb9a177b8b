import type { Decision, Personalizer } from "./index.js";

/** A `<crumbtrail-slot>` element, as defined by `slot.js` or `defineSlot()`. */
export interface CrumbtrailSlotElement extends HTMLElement {
  /** The message it shows and its rendered content, or null while it shows its children. */
  readonly shown: { id: string; content: Record<string, string> } | null;
  /** Shows message `id`; `source` says who decided ("kept" or "engine"). */
  show(id: string, content: Record<string, unknown>, source: "kept" | "engine"): void;
  /** Shows the element's own children (the baseline). */
  showBaseline(source: "kept" | "engine"): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "crumbtrail-slot": CrumbtrailSlotElement;
  }
}

/** Options of {@link attachSlots}. */
export interface AttachSlotsOptions {
  /** Where to look for slots; default `document`. */
  root?: Document | Element;
  /** The page context a slot is decided with; default `{ path: location.pathname }` merged with the
   * element's `context` attribute (JSON). */
  context?: (element: CrumbtrailSlotElement) => Record<string, unknown>;
  /** Told every time a slot is decided; `replaced` is true when the engine changed what it showed,
   * and `before` is the message it showed until then (null: its baseline). `waiting` is true when
   * the decision differs but was not shown because it would have moved the page: the slot is on
   * screen and the decision needs a larger box than the slot has (the next page's first paint
   * shows it, from the decisions kept ready). */
  onDecision?: (element: CrumbtrailSlotElement, decision: Decision | null, how: { replaced: boolean; before: string | null; waiting: boolean }) => void;
}

/** What {@link attachSlots} returns. */
export interface AttachedSlots {
  /** Decides every slot again (after something the shopper did); a slot on screen changes only
   * within the box it has (see `onDecision`'s `waiting`). */
  refresh(): void;
  /** Stops deciding slots. */
  detach(): void;
}

/**
 * Attaches a Personalizer to every `<crumbtrail-slot>` element, now and as more connect: decides
 * each with the page context, replaces what it shows only when that differs from the decision kept
 * ready, records impressions, clicks and dismissals, and reports exposures (`onExposure`). Never throws.
 *
 * ```ts
 * import init, { Personalizer } from "crumbtrail";
 * import { attachSlots } from "crumbtrail/slots";
 * await init();
 * attachSlots(new Personalizer({ messages }));
 * ```
 */
export function attachSlots(personalizer: Personalizer, options?: AttachSlotsOptions): AttachedSlots;

/** Defines `<crumbtrail-slot>` (what the classic `slot.js` does), reading what the Personalizer
 * with this `storageKey` keeps; nothing when it is defined already. */
export function defineSlot(storageKey?: string): void;
