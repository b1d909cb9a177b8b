// Node entry (SSR, tests): the wasm is compiled synchronously on import, so no init is needed;
// `init` still exists, resolving at once, so that code shared with the browser runs unchanged.
export { Personalizer, evalCondition, CompiledCondition, fromShopify, fromSegment } from "./node/crumbtrail.js";

/** Nothing to do in Node: the module is ready on import. */
export default async function init() {}

/** Nothing to do in Node: the module is ready on import. */
export function initSync() {}

/** The package version. */
export const version = "@VERSION@";
