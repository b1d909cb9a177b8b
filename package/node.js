// Node entry (SSR, tests): the wasm (inside the glue, so that server bundlers carry it) is compiled
// synchronously on import, so no init is needed; `init` still exists, resolving at once, so that
// code shared with the browser runs unchanged.
export { Personalizer, evalCondition, CompiledCondition } from "./node/crumbtrail.js";

/** Nothing to do in Node: the module is ready on import. Resolves to true, as in the browser. */
export default async function init() {
  return true;
}

/** Nothing to do in Node: the module is ready on import. Returns true, as in the browser. */
export function initSync() {
  return true;
}

/** The package version. */
export const version = "@VERSION@";
