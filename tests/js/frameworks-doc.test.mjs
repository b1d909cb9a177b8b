// docs/guide/frameworks.md shows the framework apps' own code: every snippet is marked with the
// app file it comes from and is that file (or one of its lines), and every version the page names
// is the one the app pins.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

const repo = new URL("../..", import.meta.url).pathname;
const doc = readFileSync(`${repo}docs/guide/frameworks.md`, "utf8");

test("every snippet of the Frameworks page is the file of a framework app it names", () => {
  const blocks = [...doc.matchAll(/(?:<!-- file: (\S+) -->\n)?```\w*\n([\s\S]*?)```/g)];
  assert.ok(blocks.length >= 6, "the page has its snippets");
  for (const [, file, text] of blocks) {
    assert.ok(file?.startsWith("tests/frameworks/"), `a snippet names the app file it comes from:\n${text}`);
    const source = readFileSync(`${repo}${file}`, "utf8");
    const snippet = text.trimEnd();
    assert.ok(snippet === source.trimEnd() || source.split("\n").some((line) => line.trim() === snippet), `${file} is:\n${snippet}`);
  }
});

test("the versions the Frameworks page names are those the apps pin", () => {
  const labels = { vite: "Vite", astro: "Astro", "@astrojs/node": "`@astrojs/node`", "@sveltejs/kit": "SvelteKit", svelte: "Svelte",
    "@sveltejs/adapter-node": "`@sveltejs/adapter-node`", nuxt: "Nuxt", "react-router": "React Router" };
  const named = new Set();
  for (const app of readdirSync(`${repo}tests/frameworks`, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(`${repo}tests/frameworks/${app.name}/package.json`, "utf8"));
    for (const [name, version] of Object.entries({ ...dependencies, ...devDependencies })) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `${app.name} pins ${name} exactly`);
      if (labels[name] && (name !== "vite" || app.name === "vite")) {
        assert.ok(doc.includes(`${labels[name]} ${version}`), `the page names ${labels[name]} ${version} (${app.name})`);
        named.add(name);
      }
    }
  }
  assert.deepEqual([...named].sort(), Object.keys(labels).sort());
});
