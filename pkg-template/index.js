// Browser entry: the web build. `await init()` fetches and compiles the .wasm next to this file
// (pass a URL, Response or BufferSource, or { module_or_path }, to load it from elsewhere). When
// the WebAssembly cannot run, init() rejects with an Error that says why and how to fix it — or,
// with { fallback: true }, resolves to null and leaves inert stand-ins in place of the exports,
// whose decide() returns null and whose track() does nothing.
import wasmInit, * as wasm from "./web/crumbtrail.js";
import { explain, InertPersonalizer, InertCompiledCondition } from "./fallback.js";

export let Personalizer = wasm.Personalizer;
export let CompiledCondition = wasm.CompiledCondition;
export let evalCondition = wasm.evalCondition;
export let fromShopify = wasm.fromShopify;
export let fromSegment = wasm.fromSegment;
export const initSync = wasm.initSync;

/** The package version. */
export const version = "@VERSION@";

const isOptions = (o) => o !== null && typeof o === "object" && ("fallback" in o || "module_or_path" in o);

export default async function init(options) {
  const { module_or_path, fallback = false } = isOptions(options) ? options : { module_or_path: options };
  const wasmUrl = module_or_path ?? new URL("./web/crumbtrail_bg.wasm", import.meta.url);
  try {
    if (typeof WebAssembly !== "object") throw new Error("WebAssembly is undefined");
    return await wasmInit({ module_or_path: wasmUrl });
  } catch (cause) {
    const error = explain(cause, wasmUrl);
    if (!fallback) throw error;
    console.warn(`${error.message} Carrying on without personalisation.`);
    Personalizer = InertPersonalizer;
    CompiledCondition = InertCompiledCondition;
    evalCondition = () => false;
    fromShopify = () => null;
    fromSegment = () => null;
    return null;
  }
}
