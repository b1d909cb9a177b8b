import type { CrumbtrailError, Personalizer } from "./index.js";

/** Options of {@link listen}. */
export interface ListenOptions {
  /**
   * Let `gtag("consent", "default" | "update", { personalization_storage })` in the `dataLayer`
   * set consent: "granted" grants; "denied" keeps to memory as a default and erases as an update.
   * Default false.
   */
  consentMode?: boolean;
  /** Told when `dataLayer` is not one (code `invalid_argument`); nothing is listened to then. Default: `console.warn`. */
  onError?: (error: CrumbtrailError) => void;
}

/**
 * Listens to a GA4 `dataLayer` for `personalizer`: reads the entries already there, then every
 * later push, in both the object form (`{ event, ecommerce }`, with `{ ecommerce: null }` resets)
 * and the `gtag()` form. Entries crumbtrail has no use for are ignored; a malformed ecommerce event
 * goes to `track`, which reports it to the Personalizer's `onError`. Returns a function that stops
 * listening. Never throws. Plain JavaScript: no WebAssembly is loaded for it.
 *
 * ```ts
 * import { listen } from "crumbtrail/datalayer";
 * const stop = listen(p, (window.dataLayer ??= []), { consentMode: true });
 * ```
 */
export function listen(
  personalizer: Pick<Personalizer, "track" | "setConsent">,
  dataLayer: unknown[],
  options?: ListenOptions,
): () => void;
