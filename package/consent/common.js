// What every consent adapter of `crumbtrail/consent` shares: telling the Personalizer the state of
// both purposes (only when it changes), waiting for the platform's script, reporting a problem
// once, and detaching. The adapters themselves only read their platform.
//
// An adapter never throws into the page: what the platform or the Personalizer throws is caught,
// and problems go to `options.onError` (default `console.warn`) once per code and path.

import { own } from "../tap.js";

export { own };

/** @typedef {"granted" | "pending" | "denied"} State */
/** @typedef {{ profile: State, measurement: State }} Purposes */

/** How often the platform's script is looked for (less often once it is late), and how long
 * before its absence is reported. */
const POLL_MS = 100;
const POLL_LATE_MS = 1000;
const WAIT_MS = 10_000;

/** `value` if it is a non-empty string, else `fallback`. */
export const nameOr = (value, fallback) => (typeof value === "string" && value !== "" ? value : fallback);

/**
 * Starts an adapter for `personalizer`: its consent is pending until `answer` is called. `options`
 * are the adapter's (`onError`, `waitMs`); `platform` names it in errors ("Cookiebot").
 *
 * @param {{ setConsent(state: State | Partial<Purposes>): void }} personalizer
 * @param {{ onError?: (error: Error) => void, waitMs?: number } | undefined} options
 * @param {string} platform
 */
export function start(personalizer, options, platform) {
  const onError = own(options, "onError");
  const waitMs = own(options, "waitMs");
  const deadline = typeof waitMs === "number" && waitMs >= 0 ? waitMs : WAIT_MS;
  const reported = new Set();
  const cleanups = new Set();
  let last = "";
  let stopped = false;

  const adapter = {
    /** How long the platform may take to answer before that is reported (`options.waitMs`). */
    deadline,
    /** The platform's name, for messages. */
    platform,
    /** Hands `purposes` to the Personalizer, unless they are what it was last told. */
    answer(/** @type {Purposes} */ purposes) {
      const key = purposes.profile + " " + purposes.measurement;
      if (stopped || key === last) return;
      last = key;
      try {
        personalizer.setConsent(purposes);
      } catch (cause) {
        adapter.report("invalid_argument", `${platform}: ${cause}`);
      }
    },
    /**
     * Reports a problem through `onError`, once per code and path.
     *
     * @param {string} code
     * @param {string} message
     * @param {string} [path]
     */
    report(code, message, path) {
      if (reported.has(code + " " + path)) return;
      reported.add(code + " " + path);
      const error = Object.assign(new Error(`crumbtrail: ${message}`), { code, path });
      try {
        (typeof onError === "function" ? onError : console.warn)(error);
      } catch { /* never the host's problem */ }
    },
    /** Runs `then` after `ms`, unless detached first. */
    later(/** @type {() => void} */ then, /** @type {number} */ ms) {
      const cancel = () => clearTimeout(timer);
      const timer = setTimeout(() => {
        cleanups.delete(cancel); // a platform looked for every 100 ms adds no cleanup each time
        stopped || then();
      }, ms);
      // In Node (tests, server rendering) a waiting adapter must not keep the process alive.
      /** @type {any} */ (timer).unref?.();
      cleanups.add(cancel);
    },
    /** Runs `cleanup` on detach. */
    onDetach(/** @type {() => void} */ cleanup) {
      cleanups.add(cleanup);
    },
    /** Stops listening; the Personalizer keeps the consent it was last told. */
    detach() {
      stopped = true;
      for (const cleanup of cleanups) {
        try { cleanup(); } catch { /* never the host's problem */ }
      }
    },
  };
  adapter.answer({ profile: "pending", measurement: "pending" });
  return adapter;
}

/** The object `start` returns. @typedef {ReturnType<typeof start>} Adapter */

/**
 * Calls `found` with what `find` returns once it is truthy, looking again every 100 ms (every
 * second once late); reports `code` once, naming `lookingFor`, if it is not there by the adapter's
 * deadline, and keeps looking.
 *
 * @param {Adapter} adapter
 * @param {() => any} find
 * @param {(it: any) => void} found
 * @param {string} code
 * @param {string} lookingFor
 */
export function whenThere(adapter, find, found, code, lookingFor) {
  const began = Date.now();
  const look = () => {
    let it;
    try { it = find(); } catch { it = undefined; }
    if (it) {
      try { found(it); } catch { /* never the host's problem */ }
      return;
    }
    const late = Date.now() - began >= adapter.deadline;
    if (late) adapter.report(code, `${adapter.platform}: no ${lookingFor} after ${adapter.deadline} ms; consent stays pending`);
    adapter.later(look, late ? POLL_LATE_MS : POLL_MS);
  };
  look();
}

/**
 * Adds `listener` to `target` for `type`, its exceptions kept from the page; removed on detach.
 *
 * @param {Adapter} adapter
 * @param {EventTarget} target
 * @param {string} type
 * @param {(e: any) => void} listener
 */
export function on(adapter, target, type, listener) {
  if (typeof target?.addEventListener !== "function") return; // no window events (Node)
  const guarded = (/** @type {Event} */ e) => {
    try { listener(e); } catch { /* never the host's problem */ }
  };
  target.addEventListener(type, guarded);
  adapter.onDetach(() => target.removeEventListener(type, guarded));
}
