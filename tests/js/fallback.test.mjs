// The stand-ins that init({ fallback: true }) puts in place of the exports answer every method the
// real ones have, so that a page written against the API carries on when the WebAssembly cannot run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Personalizer, CompiledCondition } from "../../pkg/node.js";
import { InertPersonalizer, InertCompiledCondition } from "../../package/fallback.js";

/** The public methods of a class: its own prototype's, less the glue's internal `__…` ones. */
const methods = (/** @type {Function} */ cls) =>
  Reflect.ownKeys(cls.prototype).map(String).filter((name) => name !== "constructor" && !name.startsWith("__")).sort();

test("the inert Personalizer has every method of the real one, and stores and sends nothing", () => {
  assert.deepEqual(methods(InertPersonalizer), methods(Personalizer));
  const inert = new InertPersonalizer();
  assert.deepEqual(inert.consent(), { profile: "denied", measurement: "denied" });
  assert.equal(inert.decide(), null);
  assert.equal(inert.export(), "{}");
});

test("the inert CompiledCondition has every method of the real one, and never matches", () => {
  assert.deepEqual(methods(InertCompiledCondition), methods(CompiledCondition));
  assert.equal(new InertCompiledCondition().matches(), false);
});
