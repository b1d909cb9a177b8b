// Browser entry: the web build. `await init()` fetches and compiles web/crumbtrail_bg.wasm beside
// this file (pass a URL, Response or BufferSource, or { module_or_path }, to load it from
// elsewhere) and resolves to true. When the WebAssembly cannot run, init() rejects with an Error
// that says why and how to fix it — or, with { fallback: true }, resolves to null and leaves inert
// stand-ins in place of the exports, whose decide() returns null and whose track() does nothing.
// Before init() has resolved, every export throws a `not_initialized` error that says to await it.
// The glue's loader (its default export and `initSync`) is left out of web/crumbtrail.d.ts, where
// index.d.ts declares the package's own `init` and `initSync` (scripts/package-types.mjs).
// @ts-expect-error -- the default export is there in the glue, only not in its declarations
import wasmInit, * as wasm from "./web/crumbtrail.js";
import { explain, OPTIMIZED, InertPersonalizer, InertCompiledCondition, notInitialized } from "./fallback.js";

// The glue's own exports, each checking first that the wasm is there: the same objects before and
// after init(), so that a copy taken early (`const { Personalizer } = await import(…)`) works.
let initialized = false;
const check = (name) => {
  if (!initialized) throw notInitialized(name);
};
/** Lets the page run: its input, its rendering, its own tasks. */
const yieldToPage = () => new Promise((resolve) => (globalThis.scheduler?.yield ? globalThis.scheduler.yield().then(resolve) : setTimeout(resolve)));

export let Personalizer = class Personalizer extends wasm.Personalizer {
  constructor(/** @type {ConstructorParameters<typeof wasm.Personalizer>} */ ...args) {
    check("Personalizer");
    super(...args);
  }

  /** The constructor's steps, each in a task of its own: on a phone, the first run of each step's
   * code (the browser compiles WebAssembly function by function as it is first called) would
   * make one long task of them all. */
  static async create(/** @type {Parameters<typeof wasm.Personalizer.create>[0]} */ options) {
    check("Personalizer");
    // @ts-expect-error -- Opening is the glue's, left out of its declarations (not part of the API)
    const opening = new wasm.Opening(options);
    try {
      await yieldToPage();
      opening.check();
      await yieldToPage();
    } catch (error) {
      opening.free();
      throw error;
    }
    // @ts-expect-error -- _open and _listen are the glue's, as Opening
    const personalizer = /** @type {Personalizer} */ (Object.setPrototypeOf(wasm.Personalizer._open(opening), Personalizer.prototype));
    await yieldToPage();
    // @ts-expect-error -- as above
    personalizer._listen();
    return personalizer;
  }
};
export let CompiledCondition = class CompiledCondition extends wasm.CompiledCondition {
  constructor(/** @type {ConstructorParameters<typeof wasm.CompiledCondition>} */ ...args) {
    check("CompiledCondition");
    super(...args);
  }
};
export let evalCondition = (/** @type {Parameters<typeof wasm.evalCondition>} */ ...args) => {
  check("evalCondition");
  return wasm.evalCondition(...args);
};

/** Compiles the WebAssembly from bytes or a module, synchronously; returns true. */
export function initSync(module) {
  // @ts-expect-error -- initSync is there in the glue, only not in its declarations (as above)
  wasm.initSync(module);
  initialized = true;
  return true;
}

/** The package version. */
export const version = "@VERSION@";

const isOptions = (o) => o !== null && typeof o === "object" && ("fallback" in o || "module_or_path" in o);

export default async function init(options) {
  const { module_or_path, fallback = false } = isOptions(options) ? options : { module_or_path: options };
  // Bundlers (Vite, webpack) find the .wasm through this very expression and emit it. A CDN that
  // serves the entry at the package's bare URL (…/crumbtrail@1.2.3, no file name) makes this
  // module's URL a file-less one, which must be read as the package's folder.
  // A dev server built on Vite pre-bundles the package into a folder of its own (OPTIMIZED), away
  // from the wasm: the wasm is then in the package's own folder beside that one. (Computed, not a
  // literal, so that no bundler takes it for a file to emit.)
  const moduleUrl = import.meta.url.replace(/[?#].*$/, "");
  const optimized = !module_or_path && OPTIMIZED.exec(moduleUrl);
  const wasmUrl = module_or_path ?? (optimized
    ? new URL(`${optimized[1]}crumbtrail/web/crumbtrail_bg.wasm`)
    : /\.m?js$/.test(moduleUrl)
      ? new URL("./web/crumbtrail_bg.wasm", import.meta.url)
      : new URL("./web/crumbtrail_bg.wasm", moduleUrl.replace(/\/?$/, "/")));
  try {
    if (typeof WebAssembly !== "object") throw new Error("WebAssembly is undefined");
    await wasmInit({ module_or_path: wasmUrl });
    initialized = true;
    return true;
  } catch (cause) {
    const error = explain(cause, wasmUrl, optimized);
    if (!fallback) throw error;
    console.warn(`${error.message} Carrying on without personalisation.`);
    Personalizer = InertPersonalizer;
    CompiledCondition = InertCompiledCondition;
    evalCondition = () => false;
    return null;
  }
}
