// What every consent adapter of `crumbtrail/consent` shares: telling the Personalizer the state of
// both purposes (only when it changes), waiting for the platform's script, reporting a problem
// once, and detaching. The adapters themselves only read their platform.
//
// An adapter never throws into the page: what the platform or the Personalizer throws is caught,
// and problems go to `options.onError` (default `console.warn`) once per code and path.

/** @typedef {"granted" | "pending" | "denied"} State */
/** @typedef {{ profile: State, measurement: State }} Purposes */

/** How often the platform's script is looked for, and how long before its absence is reported. */
const POLL_MS = 100;
const WAIT_MS = 10_000;

/** Own, enumerable members only: a page may have polluted Object.prototype. */
export const own = (o, key) =>
  o !== null && typeof o === "object" && Object.prototype.propertyIsEnumerable.call(o, key) ? o[key] : undefined;

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
  const cleanups = [];
  let last = "";
  let stopped = false;

  const adapter = {
    /** How long the platform may take to answer before that is reported (`options.waitMs`). */
    deadline,
    /** Hands `purposes` to the Personalizer, unless they are what it was last told. */
    answer(/** @type {Purposes} */ purposes) {
      const key = purposes.profile + " " + purposes.measurement;
      if (stopped || key === last) return;
      last = key;
      try {
        personalizer.setConsent({ profile: purposes.profile, measurement: purposes.measurement });
      } catch (cause) {
        adapter.report("invalid_argument", `${platform}: the Personalizer refused consent (${cause})`);
      }
    },
    /** Reports a problem through `onError`, once per code and path. */
    report(/** @type {string} */ code, /** @type {string} */ message, /** @type {string=} */ path) {
      if (reported.has(code + " " + path)) return;
      reported.add(code + " " + path);
      const error = Object.assign(new Error(`crumbtrail: ${message}`), path ? { code, path } : { code });
      try {
        (typeof onError === "function" ? onError : console.warn)(error);
      } catch { /* never the host's problem */ }
    },
    /**
     * Calls `found` with what `find` returns once it is truthy, looking again every 100 ms; reports
     * `code` once with `lookingFor` if it is not there after the deadline, and keeps looking.
     */
    whenThere(/** @type {() => any} */ find, /** @type {(it: any) => void} */ found, /** @type {string} */ code, /** @type {string} */ lookingFor) {
      const began = Date.now();
      const look = () => {
        if (stopped) return;
        let it;
        try { it = find(); } catch { it = undefined; }
        if (it) return found(it);
        if (Date.now() - began >= deadline) {
          adapter.report(code, `${platform} did not answer within ${deadline} ms: ${lookingFor} was not found; consent stays pending`);
        }
        const timer = setTimeout(look, POLL_MS);
        cleanups.push(() => clearTimeout(timer));
      };
      look();
    },
    /** Runs `then` after `ms`, unless detached first. */
    later(/** @type {() => void} */ then, /** @type {number} */ ms) {
      const timer = setTimeout(() => stopped || then(), ms);
      cleanups.push(() => clearTimeout(timer));
    },
    /** Adds a listener to `target`, removed on detach. */
    on(/** @type {EventTarget} */ target, /** @type {string} */ type, /** @type {(e: any) => void} */ listener) {
      const guarded = (/** @type {Event} */ e) => {
        try { listener(e); } catch { /* never the host's problem */ }
      };
      target.addEventListener(type, guarded);
      cleanups.push(() => target.removeEventListener(type, guarded));
    },
    /** Runs `cleanup` on detach. */
    onDetach(/** @type {() => void} */ cleanup) {
      cleanups.push(cleanup);
    },
    /** Stops listening; the Personalizer keeps the consent it was last told. */
    detach() {
      stopped = true;
      for (const cleanup of cleanups.splice(0)) {
        try { cleanup(); } catch { /* never the host's problem */ }
      }
    },
  };
  adapter.answer({ profile: "pending", measurement: "pending" });
  return adapter;
}
