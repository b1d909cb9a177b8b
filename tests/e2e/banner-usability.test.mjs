// What a careful front-end engineer checks by hand on a banner, and axe cannot judge, in Chromium:
// the dismiss control (a real button, 24 × 24 CSS px at least, named in the message's language,
// a visible focus indicator), the message's language, reading and tab order, focus never taken or
// trapped and moved on sensibly after a dismissal, nothing announced, contrast, no motion, and
// forced colours. Each check covers both ways a banner is drawn: in a <crumbtrail-slot>'s shadow
// root and by `render` into the shop's element (the same renderer, binding/js/render.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { pages } from "../js/pages.mjs";
import { MESSAGES, SHAPES, TRAILS, driver, shopPage, shopper } from "./a11y-shop.mjs";

const env = pages(new URL("../..", import.meta.url).pathname);
const SHAPE_NAMES = Object.keys(SHAPES);

/** A shopper in the reach stage with `locale`, and the plain shop page after the engine. */
async function shopInReach(locale, pageOptions = {}, openOptions = {}) {
  const config = { messages: MESSAGES, locale };
  const s = await shopper(env.browser, env.server);
  await (await s.open("/t/driver.html", driver(config, TRAILS.reach))).close();
  const page = await s.open("/t/shop.html", shopPage(config, pageOptions), openOptions);
  return { s, page };
}

/** In the page: every banner's region and dismiss button, slot by slot, then rendered element by
 * element: `{ where, region, button }`. */
const BANNERS = `(() => {
  const shapes = ${JSON.stringify(SHAPE_NAMES)};
  return shapes.flatMap((shape) => [
    ["slot-" + shape, document.getElementById("slot-" + shape).shadowRoot.querySelector("[part=message]")],
    ["render-" + shape, document.getElementById("render-" + shape)],
  ]).map(([where, region]) => ({ where, region, button: region.querySelector(".crumbtrail-dismiss") }));
})()`;

/** The focused element, through shadow roots, as "#host >> .class" or "#id" or "#parent .class". */
const FOCUSED = `(() => {
  const name = (e) => e.id ? "#" + e.id : (e.parentElement?.id ? "#" + e.parentElement.id + " ." : ".") + e.className;
  let e = document.activeElement, path = [];
  while (e) { path.push(name(e)); e = e.shadowRoot?.activeElement; }
  return path.join(" >> ");
})()`;
const focused = (page) => page.evaluate(FOCUSED);

/** WCAG's contrast ratio of two "rgb(r, g, b)" colours. */
function contrast(a, b) {
  const luminance = (rgb) => {
    const [r, g, bl] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("the dismiss control is a real button of at least 24 × 24 CSS px, named in the message's language, which is marked", async () => {
  // Dutch messages on an English page; a careless shop reset of every button in the page.
  const reset = "button { padding: 0; border: 0; font-size: 10px; line-height: 1; }";
  const { s, page } = await shopInReach("nl", { css: reset });
  const banners = await page.evaluate(`${BANNERS}.map(({ where, region, button }) => {
    const box = button.getBoundingClientRect();
    return { where, tag: button.tagName, type: button.type, width: box.width, height: box.height,
      name: button.getAttribute("aria-label"), lang: region.getAttribute("lang") };
  })`);
  assert.equal(banners.length, SHAPE_NAMES.length * 2);
  for (const b of banners) {
    assert.equal(b.tag, "BUTTON", b.where);
    assert.equal(b.type, "button", b.where);
    assert.ok(b.width >= 24 && b.height >= 24, `${b.where}: ${b.width} × ${b.height}`);
    const shape = b.where.replace(/^(slot|render)-/, "");
    assert.equal(b.name, { labelled: "Verberg dit aanbod", single: "Dismiss" }[shape] ?? "Sluiten", b.where);
    assert.equal(b.lang, shape === "single" ? null : "nl", `${b.where}: a variant is marked; content without variants is the page's`);
  }
  console.log(`dismiss buttons under a shop's button reset: ${Math.min(...banners.map((b) => b.width))} × ${Math.min(...banners.map((b) => b.height))} CSS px at the smallest`);
  // The slots show what the slot script showed at first paint, from the kept decisions, which
  // carry the button's name and the default styles (the script itself holds neither).
  assert.deepEqual(await page.evaluate(`${JSON.stringify(SHAPE_NAMES)}.map((shape) => document.getElementById("slot-" + shape).dataset.crumbtrailSource)`),
    SHAPE_NAMES.map(() => "kept"));
  // The accessibility tree agrees (Playwright computes accessible names, through shadow roots).
  assert.equal(await page.getByRole("button", { name: "Sluiten", exact: true }).count(), 12);
  assert.equal(await page.getByRole("region", { name: "reach: welkom terug", exact: true }).count(), 2);
  await s.context.close();
  // Content without variants on a Dutch page: the page's language names the button.
  const dutch = await shopInReach("nl", { lang: "nl" });
  const single = await dutch.page.evaluate(`${BANNERS}.filter((b) => b.where.endsWith("single")).map((b) => [b.button.getAttribute("aria-label"), b.region.getAttribute("lang")])`);
  assert.deepEqual(single, [["Sluiten", null], ["Sluiten", null]]);
  await dutch.s.context.close();
});

test("the default styles apply under a Content-Security-Policy that refuses inline styles", async () => {
  const csp = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self'; img-src data:";
  const { s, page } = await shopInReach("en", {}, { csp });
  assert.equal(await page.evaluate(() => document.styleSheets[0]?.cssRules.length ?? 0), 0, "the page's own inline <style> is refused");
  const sizes = await page.evaluate(`${BANNERS}.map(({ where, button }) => [where, button.getBoundingClientRect().height >= 24 && button.getBoundingClientRect().width >= 24])`);
  assert.ok(sizes.length > 0 && sizes.every(([, ok]) => ok), JSON.stringify(sizes));
  await s.context.close();
});

test("the dismiss button's focus indicator is visible, also in forced colours", async () => {
  const { s, page } = await shopInReach("en");
  await page.setViewportSize({ width: 1024, height: 3000 }); // the whole page: nothing scrolls between the two shots
  for (const forcedColors of ["none", "active"]) {
    await page.emulateMedia({ forcedColors });
    for (const where of ["slot-title", "render-title"]) {
      const button = where.startsWith("slot") ? page.locator(`#${where}`).locator(".crumbtrail-dismiss") : page.locator(`#${where} .crumbtrail-dismiss`);
      const box = await button.boundingBox();
      const clip = { x: box.x - 6, y: box.y - 6, width: box.width + 12, height: box.height + 12 };
      await page.focus("#before");
      const unfocused = await page.screenshot({ clip });
      // By keyboard, so that :focus-visible applies: Tab until the button has focus.
      for (let i = 0; i < 40 && !(await button.evaluate((b) => b.matches(":focus"))); i++) await page.keyboard.press("Tab");
      const style = await button.evaluate((b) => {
        const c = getComputedStyle(b);
        return { visible: b.matches(":focus-visible"), outline: c.outlineStyle, width: parseFloat(c.outlineWidth), colour: c.outlineColor,
          border: [c.borderTopStyle, parseFloat(c.borderTopWidth)], background: getComputedStyle(document.body).backgroundColor };
      });
      const focusedShot = await page.screenshot({ clip });
      assert.ok(style.visible, `${where}: focused by keyboard`);
      assert.equal(style.outline, "solid", where);
      assert.ok(style.width >= 2, `${where}: ${style.width} px`);
      assert.ok(contrast(style.colour, style.background) >= 3, `${where}: the outline ${style.colour} on ${style.background}`);
      assert.ok(!focusedShot.equals(unfocused), `${where} (${forcedColors}): focused and unfocused look different`);
      if (forcedColors === "active") assert.deepEqual(style.border, ["solid", 1], `${where}: a border shows the button in forced colours`);
    }
  }
  await s.context.close();
});

test("banners are in the page's reading and tab order, and never trap focus", async () => {
  const { s, page } = await shopInReach("en");
  // The reference: links and buttons in the order of the flat tree (shadow roots in place of their
  // host's children), as a reader meets them.
  const expected = await page.evaluate(() => {
    const out = [];
    const walk = (node) => {
      for (const e of node.children) {
        if (e.matches("a[href], button, input") && e.checkVisibility()) out.push(e);
        if (e.shadowRoot) walk(e.shadowRoot);
        else walk(e);
      }
    };
    walk(document);
    const name = (e) => {
      const host = e.getRootNode().host;
      return host ? `#${host.id} >> .${e.className}` : e.id ? `#${e.id}` : `#${e.parentElement.id} .${e.className}`;
    };
    return out.map(name);
  });
  assert.equal(expected.filter((n) => n.includes("crumbtrail-dismiss")).length, SHAPE_NAMES.length * 2);
  await page.focus("#before");
  const forward = ["#before"];
  while (forward.length < expected.length) {
    await page.keyboard.press("Tab");
    forward.push(await focused(page));
  }
  assert.deepEqual(forward, expected.map((n) => n.replace(/^(#slot-[a-z]+) >> /, "$1 >> ")));
  // Past the last banner focus goes on to the page, and back again.
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focused(page), forward.at(-2));
  for (let i = 0; i < expected.length - 2; i++) await page.keyboard.press("Shift+Tab");
  assert.equal(await focused(page), "#before");
  await s.context.close();
});

test("a banner swapped in after the first paint takes no focus and announces nothing, unless the shop asks", async () => {
  // A message for this page only: the kept decision cannot know the page, so the slot shows its
  // baseline first and the engine swaps the banner in after load, while the shopper is typing.
  const config = { messages: [{ id: "here", slot: "title", when: { "page.path": "/t/shop.html" }, content: { title: "Boots on sale today" } }] };
  const s = await shopper(env.browser, env.server);
  await (await s.open("/t/driver.html", driver(config, TRAILS.reach))).close();
  const release = s.holdEngine();
  // The slot reserves the box its message uses, so that the engine may swap it in without moving the page.
  const page = await s.open("/t/shop.html", shopPage(config, { css: "#slot-title { display: block; min-height: 8rem; }" }), { wait: false });
  assert.equal(await page.getAttribute("#slot-title", "data-crumbtrail-message"), null, "the baseline at first paint");
  await page.focus("#search");
  await page.keyboard.type("boo");
  release();
  await page.waitForFunction(() => window.done === true);
  await page.keyboard.type("ts");
  assert.equal(await page.getAttribute("#slot-title", "data-crumbtrail-source"), "engine");
  assert.equal(await page.getAttribute("#slot-title", "data-crumbtrail-message"), "here");
  assert.equal(await page.getAttribute("#render-title", "data-crumbtrail-message"), "here");
  assert.equal(await focused(page), "#search");
  assert.equal(await page.inputValue("#search"), "boots");
  // Nothing live: no live region or alerting role on the banners, their slots or their ancestors.
  const live = await page.evaluate(() => {
    const roots = [document.getElementById("slot-title"), document.getElementById("slot-title").shadowRoot, document.getElementById("render-title")];
    /** @type {Element[]} */
    const nodes = roots.flatMap((r) => [...r.querySelectorAll("*"), ...(r instanceof Element ? [r] : [])]);
    for (let e = document.getElementById("slot-title").parentElement; e; e = e.parentElement) nodes.push(e);
    return nodes.filter((e) => e.hasAttribute("aria-live") || e.hasAttribute("aria-atomic") ||
      ["status", "alert", "log", "marquee", "timer"].includes(e.getAttribute("role"))).map((e) => e.outerHTML.slice(0, 80));
  });
  assert.deepEqual(live, []);
  // What `render` sets on the shop's element: a labelled region, and nothing else of ARIA.
  assert.deepEqual(await page.evaluate(() => document.getElementById("render-title").getAttributeNames().sort()),
    ["aria-label", "data-crumbtrail-message", "id", "role"]);
  // A shop that wants its banner announced says so on its element, and crumbtrail keeps it.
  assert.equal(await page.evaluate(() => {
    const element = document.getElementById("render-title");
    element.setAttribute("aria-live", "polite");
    window.p.render("title", element, { path: location.pathname });
    return element.getAttribute("aria-live");
  }), "polite");
  assert.equal(await focused(page), "#search");
  await s.context.close();
});

test("dismissing a banner that holds the focus moves it to what follows; otherwise the focus stays where it is", async () => {
  const { s, page } = await shopInReach("en");
  const dismissByKeyboard = async (where) => {
    const button = where.startsWith("slot") ? page.locator(`#${where}`).locator(".crumbtrail-dismiss") : page.locator(`#${where} .crumbtrail-dismiss`);
    await page.focus("#before");
    for (let i = 0; i < 40 && !(await button.evaluate((b) => b.matches(":focus"))); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    return focused(page);
  };
  // In a slot, the baseline comes back (no link in it here), so the focus goes on to the next
  // banner's button; in a rendered element, which empties, likewise.
  assert.equal(await dismissByKeyboard("slot-title"), "#slot-text >> .crumbtrail-dismiss");
  assert.equal(await page.getAttribute("#slot-title", "data-crumbtrail-message"), null);
  assert.equal(await dismissByKeyboard("render-title"), "#render-text .crumbtrail-dismiss");
  assert.equal(await page.evaluate(() => document.getElementById("render-title").hidden), true);
  // The last banner on the page: the link after it.
  assert.equal(await dismissByKeyboard("render-single"), "#after");
  // A dismissal while the focus is elsewhere (a script's click, a pointer on a browser that does
  // not focus buttons) leaves the focus alone.
  await page.focus("#search");
  await page.evaluate(() => /** @type {HTMLElement} */ (document.querySelector("#render-text .crumbtrail-dismiss")).click());
  await page.evaluate(() => /** @type {HTMLElement} */ (document.getElementById("slot-text").shadowRoot.querySelector(".crumbtrail-dismiss")).click());
  assert.equal(await focused(page), "#search");
  // A slot whose baseline has a link: the focus goes to it.
  await page.evaluate(() => {
    const link = document.createElement("a");
    link.href = "/returns";
    link.id = "returns";
    link.textContent = "Our returns policy";
    document.getElementById("slot-link").append(link);
  });
  assert.equal(await dismissByKeyboard("slot-link"), "#returns");
  await s.context.close();
});

test("the default styles keep text at 4.5:1 and nothing moves, with or without reduced motion", async () => {
  const { s, page } = await shopInReach("en");
  for (const [reducedMotion, forcedColors] of [["no-preference", "none"], ["reduce", "none"], ["no-preference", "active"]]) {
    await page.emulateMedia({ reducedMotion, forcedColors });
    const parts = await page.evaluate(`${BANNERS}.flatMap(({ where, region }) => [...region.children].map((e) => {
      const c = getComputedStyle(e);
      let background = "rgba(0, 0, 0, 0)";
      for (let n = e; n && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background); n = n.parentElement ?? n.getRootNode().host) {
        background = getComputedStyle(n).backgroundColor;
      }
      if (/rgba\\(0, 0, 0, 0\\)/.test(background)) background = getComputedStyle(document.documentElement).backgroundColor;
      if (/rgba\\(0, 0, 0, 0\\)/.test(background)) background = "rgb(255, 255, 255)";
      return { where: where + " " + e.className, colour: c.color, background, transition: c.transitionDuration, animation: c.animationName,
        animations: e.getAnimations().length };
    }))`);
    assert.ok(parts.length >= SHAPE_NAMES.length * 4);
    for (const p of parts) {
      const ratio = contrast(p.colour, p.background);
      assert.ok(ratio >= 4.5, `${p.where} (${reducedMotion}, forced colours ${forcedColors}): ${p.colour} on ${p.background} is ${ratio.toFixed(2)}:1`);
      assert.deepEqual([p.transition, p.animation, p.animations], ["0s", "none", 0], p.where);
    }
    console.log(`${parts.length} banner parts, ${reducedMotion}, forced colours ${forcedColors}: lowest contrast ${Math.min(...parts.map((p) => contrast(p.colour, p.background))).toFixed(2)}:1, no transition or animation`);
  }
  // Dismissing starts no animation either.
  await page.locator("#slot-title").locator(".crumbtrail-dismiss").click();
  assert.equal(await page.evaluate(() => document.getAnimations().length), 0);
  await s.context.close();
});

test("the demo's banners keep their text at 4.5:1 on every colour of their gradients (axe leaves gradients for review)", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/demo/en/p/ridge-runner.html`);
  await page.waitForFunction(() => window.trailhead?.ready === true);
  await page.goto(`${env.server.url}/demo/en/`);
  await page.waitForFunction(() => document.getElementById("hero-slot")?.dataset.crumbtrailMessage);
  const colours = async (selector) => page.evaluate((selector) => {
    const slot = document.querySelector(selector);
    const stops = getComputedStyle(slot).backgroundImage.match(/rgb\([^)]*\)/g);
    const text = [...slot.shadowRoot.querySelectorAll(".crumbtrail-title, .crumbtrail-body")].map((e) => getComputedStyle(e).color);
    return { stops, text };
  }, selector);
  const hero = await colours("#hero-slot");
  assert.ok(hero.stops.length >= 2 && hero.text.length >= 1);
  for (const stop of hero.stops) for (const text of hero.text) assert.ok(contrast(text, stop) >= 4.5, `${text} on ${stop}: ${contrast(text, stop).toFixed(2)}`);
  // The product banner's gradient, from the stylesheet (it shows on product pages later in the cycle).
  const product = await page.evaluate(() => {
    const probe = document.createElement("div");
    probe.className = "banner product";
    document.body.append(probe);
    return getComputedStyle(probe).backgroundImage.match(/rgb\([^)]*\)/g);
  });
  for (const stop of product) assert.ok(contrast("rgb(255, 255, 255)", stop) >= 4.5, `white on ${stop}`);
  await context.close();
});
