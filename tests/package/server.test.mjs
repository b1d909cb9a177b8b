// Every subpath of the package, imported where a server renders a page: in Node with its own
// conditions, and with the `browser` condition as edge and worker runtimes resolve it. Each import
// does nothing there and throws nothing: no error, nothing printed. The subpaths are read from the
// installed package.json, so that a new one is covered as soon as it is exported.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { appWithTarball } from "./tarball.mjs";

let app, exported;
before(() => {
  app = appWithTarball("server");
  exported = JSON.parse(readFileSync(join(app, "node_modules/crumbtrail/package.json"), "utf8")).exports;
});

/** Imports `specifier` in a fresh Node process in the app (no DOM: no document, no window). */
function importOnServer(specifier, conditions = []) {
  const code = specifier.endsWith(".json")
    ? `await import(${JSON.stringify(specifier)}, { with: { type: "json" } });`
    : `await import(${JSON.stringify(specifier)});`;
  const run = spawnSync("node", [...conditions.map((c) => `--conditions=${c}`), "--input-type=module", "-e", code], { cwd: app, encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** The exports' keys, a pattern (`./consent/*`) expanded to every file it matches in the package. */
function subpathsOf(exports) {
  return Object.entries(exports).flatMap(([key, target]) => {
    if (!key.includes("*")) return [key];
    const pattern = typeof target === "string" ? target : target.default;
    const [folder, suffix] = pattern.split("*");
    return readdirSync(join(app, "node_modules/crumbtrail", folder))
      .filter((f) => f.endsWith(suffix))
      .map((f) => key.replace("*", f.slice(0, -suffix.length)));
  });
}

test("every subpath the package exports imports on the server, doing nothing and throwing nothing", () => {
  const subpaths = subpathsOf(exported);
  // The package's own entries, as the README names them; any other exported later joins the list.
  for (const known of [".", "./slot", "./slots", "./auto", "./datalayer", "./shopify", "./segment", "./recommend", "./consent",
    "./consent/consent-mode", "./consent/shopify-privacy", "./consent/cookiebot", "./consent/onetrust", "./consent/tcf"]) {
    assert.ok(subpaths.includes(known), `${known} is exported`);
  }
  for (const subpath of subpaths) {
    const specifier = `crumbtrail${subpath.slice(1)}`;
    if (subpath.endsWith(".wasm")) {
      // A file, not a module: Node resolves it to the wasm (bundlers import its URL).
      const resolved = spawnSync("node", ["--input-type=module", "-e", `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`],
        { cwd: app, encoding: "utf8" });
      assert.ok(existsSync(new URL(resolved.stdout.trim())), `${specifier} resolves to a file: ${resolved.stdout}${resolved.stderr}`);
      continue;
    }
    for (const conditions of [[], ["browser"]]) {
      assert.deepEqual(importOnServer(specifier, conditions), { status: 0, output: "" }, `import "${specifier}" ${conditions.join(" ")}`);
    }
  }
});

test("on the server, the slot entry defines nothing and crumbtrail/auto's ready resolves to null", () => {
  const run = spawnSync("node", ["--input-type=module", "-e", `
    import "crumbtrail/slot";
    import { defineSlot, attachSlots } from "crumbtrail/slots";
    import { ready } from "crumbtrail/auto";
    defineSlot();
    console.log(JSON.stringify({ customElements: typeof customElements, ready: await ready, attachSlots: typeof attachSlots }));
  `], { cwd: app, encoding: "utf8" });
  assert.equal(run.stderr, "");
  assert.deepEqual(JSON.parse(run.stdout), { customElements: "undefined", ready: null, attachSlots: "function" });
});
