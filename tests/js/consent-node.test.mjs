// The consent adapters of crumbtrail/consent outside a browser (a server rendering the page imports
// them too): no window, no document, no platform. Each attaches without throwing, keeps consent
// pending, reports its platform missing once, and detaches.
import { test } from "node:test";
import assert from "node:assert/strict";

const ADAPTERS = [
  ["shopify-privacy.js", "shopifyPrivacy", "shopify_privacy_unavailable"],
  ["cookiebot.js", "cookiebot", "cookiebot_unavailable"],
  ["onetrust.js", "oneTrust", "onetrust_unavailable"],
  ["tcf.js", "tcf", "tcf_unavailable"],
];

for (const [file, name, code] of ADAPTERS) {
  test(`${name} in Node: pending, ${code} reported once, nothing thrown`, async () => {
    const adapter = (await import(`../../package/consent/${file}`))[name];
    const told = [], errors = [];
    const detach = adapter({ setConsent: (state) => told.push(state) }, { waitMs: 10, onError: (e) => errors.push(e) });
    // Long enough for several looks after the deadline (one every 100 ms): still one report.
    await new Promise((r) => setTimeout(r, 350));
    detach();
    assert.deepEqual(told, [{ profile: "pending", measurement: "pending" }]);
    assert.deepEqual(errors.map((e) => e.code), [code]);
    assert.match(errors[0].message, /^crumbtrail: .*: no window\..* after 10 ms; consent stays pending$/);
  });
}
