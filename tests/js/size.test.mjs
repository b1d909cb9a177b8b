// The size of the browser build (deterministic, so it is asserted; speed is not).
//
// GUARD is where the build stands today, so that growth fails the tests; TARGET is the budget the
// package issue sets, not met yet (see README, "Size"). Lower GUARD as the build shrinks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const TARGET = 40 * 1024;
const GUARD = 96 * 1024;
const gz = (path) => gzipSync(readFileSync(new URL(`../../pkg/${path}`, import.meta.url)), { level: 9 }).length;

test(`wasm + glue of the web build stay within the ${GUARD}-byte guard (target ${TARGET}) gzip -9`, () => {
  const wasm = gz("web/crumbtrail_bg.wasm");
  const glue = gz("web/crumbtrail.js");
  const total = wasm + glue;
  console.log(`wasm ${wasm} + glue ${glue} = ${total} bytes gzip -9; guard ${GUARD}, target ${TARGET} (${total <= TARGET ? "met" : `${total - TARGET} over`})`);
  assert.ok(total <= GUARD, `${total} bytes is over the guard of ${GUARD}`);
});
