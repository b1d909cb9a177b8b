// The stand-ins that init({ fallback: true }) puts in place of the exports answer every method the
// real ones have, so that a page written against the API carries on when the WebAssembly cannot run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Personalizer, CompiledCondition } from "../../pkg/node.js";
import { InertPersonalizer, InertCompiledCondition } from "../../package/fallback.js";

/** The public methods of a class: its own prototype's, less the glue's internal `_…` ones. */
const methods = (/** @type {Function} */ cls) =>
  Reflect.ownKeys(cls.prototype).map(String).filter((name) => name !== "constructor" && !name.startsWith("_")).sort();
/** The public static methods of a class. */
const statics = (/** @type {Function} */ cls) =>
  Reflect.ownKeys(cls).map(String).filter((name) => !["length", "name", "prototype"].includes(name) && !name.startsWith("_")).sort();

test("the inert Personalizer has every method of the real one, and stores and sends nothing", async () => {
  assert.deepEqual(methods(InertPersonalizer), methods(Personalizer));
  assert.deepEqual(statics(InertPersonalizer), statics(Personalizer));
  assert.deepEqual(statics(Personalizer), ["create"]);
  assert.ok((await InertPersonalizer.create()) instanceof InertPersonalizer);
  const inert = new InertPersonalizer();
  assert.deepEqual(inert.consent(), { profile: "denied", measurement: "denied" });
  assert.equal(inert.decide(), null);
  assert.equal(inert.export(), "{}");
});

test("the inert CompiledCondition has every method of the real one, and never matches", () => {
  assert.deepEqual(methods(InertCompiledCondition), methods(CompiledCondition));
  assert.deepEqual(statics(InertCompiledCondition), statics(CompiledCondition));
  assert.equal(new InertCompiledCondition().matches(), false);
});
