// Browser entry: the web build. `await init()` fetches and compiles the .wasm next to this file
// (pass a URL, Response or BufferSource to load it from elsewhere).
export { default, initSync, Personalizer, evalCondition, CompiledCondition, fromShopify, fromSegment } from "./web/crumbtrail.js";

/** The package version. */
export const version = "@VERSION@";
