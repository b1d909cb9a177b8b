// The assertions on what the consent page (pages/consent.html) records, shared by the Chromium
// tests (consent.test.mjs) and the Firefox and WebKit ones (tests/engines/consent.mjs), so that
// every engine is held to the same expectations (pages/consent/scenarios.js).
import assert from "node:assert/strict";
import { expected, scenario } from "./pages/consent/scenarios.js";

/** What crumbtrail keeps in localStorage once it has tracked, rendered and written with profile consent. */
export const STORED = ["crumbtrail", "crumbtrail:ready"];

/** Asserts the record of the scenario `timing` of `adapter` (the page's `window.result`). */
export function assertScenario(adapter, timing, result) {
  assert.equal(result.failed, undefined, `${adapter} ${timing}: the page failed: ${result.failed}`);
  const want = scenario(adapter, timing).steps.map(expected);
  assert.equal(result.steps.length, want.length, `${adapter} ${timing}: every step ran`);
  for (const [i, step] of result.steps.entries()) {
    const w = want[i];
    const label = `${adapter} ${timing}, step ${i} (${w.name})`;
    assert.equal(step.name, w.name);
    assert.deepEqual(step.consent, w.consent, `${label}: p.consent()`);
    assert.deepEqual(step.keys, w.stored ? STORED : [], `${label}: crumbtrail's keys in localStorage`);
    assert.deepEqual(step.exposures, w.exposures, `${label}: the exposures reported`);
    assert.deepEqual(step.errors, w.errors, `${label}: the adapter's onError codes`);
  }
  assert.deepEqual(result.pageErrors, [], `${adapter} ${timing}: nothing thrown into the page`);
  assert.deepEqual(result.refused, [], `${adapter} ${timing}: the Personalizer refused nothing`);
  if (result.listening !== null && result.listening !== undefined) {
    assert.equal(result.listening, 0, `${adapter} ${timing}: detached, the CMP no longer calls crumbtrail's listener`);
  }
}

/**
 * Two tabs of one origin, each with a Personalizer that Cookiebot gave consent to and that has
 * written: `tab` drives them ("a", "b") — `snapshot(tab)`, `withdraw()` (in a), `track(tab)` and
 * `until(tab, expression)`, which waits until the expression is true in that tab.
 */
export async function assertTwoTabs(tab) {
  for (const name of ["a", "b"]) {
    const seen = await tab.snapshot(name);
    assert.deepEqual(seen.consent, { profile: "granted", measurement: "granted" }, `tab ${name} is granted`);
    assert.deepEqual(seen.keys, STORED, `tab ${name}: the profile is stored`);
  }
  assert.equal((await tab.snapshot("b")).itemViews, 2, "tab b counts both tabs' views (one shared profile)");
  await tab.withdraw();
  await tab.until("a", `window.tab.snapshot().consent.profile === "denied"`);
  await tab.until("b", `window.tab.snapshot().consent.profile === "denied"`);
  const [a, b] = [await tab.snapshot("a"), await tab.snapshot("b")];
  assert.deepEqual(a.consent, { profile: "denied", measurement: "denied" }, "tab a: Cookiebot's withdrawal");
  // Tab b heard of the withdrawal from tab a, not from its Cookiebot: measurement is untouched.
  assert.deepEqual(b.consent, { profile: "denied", measurement: "granted" }, "tab b: the profile withdrawn from the other tab");
  assert.deepEqual(a.keys, [], "tab a: nothing left in localStorage");
  assert.deepEqual(b.keys, [], "tab b: nothing left in localStorage");
  // What either page tracks from now on stays in its memory.
  await tab.track("b");
  await tab.track("a");
  const later = await tab.snapshot("b");
  assert.deepEqual(later.keys, [], "tab b writes nothing after the withdrawal");
  assert.deepEqual((await tab.snapshot("a")).keys, [], "tab a writes nothing after the withdrawal");
  for (const seen of [a, later]) {
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.pageErrors, []);
  }
}
