// The framework apps of this folder, each installed as a shop installs it: its own package.json's
// framework (pinned exactly), then crumbtrail from the packed tarball. An app's framework install
// is kept in a cache outside the clone, keyed by its package.json, and copied (hard links) into the
// app's working folder under target/frameworks/, so that a second run installs only crumbtrail.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const repo = new URL("../..", import.meta.url).pathname;
const cache = process.env.CRUMBTRAIL_FRAMEWORKS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "crumbtrail/frameworks");
const npm = (args, cwd) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });

/** The cached node_modules of app `name` (installing it on a miss); returns its folder. */
function frameworkInstall(name) {
  const manifest = readFileSync(join(repo, "tests/frameworks", name, "package.json"));
  const key = createHash("sha256").update(manifest).digest("hex").slice(0, 16);
  const done = join(cache, `${name}-${key}`);
  if (existsSync(join(done, "node_modules"))) return done;
  const partial = `${done}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  cpSync(join(repo, "tests/frameworks", name, "package.json"), join(partial, "package.json"));
  npm(["install", "--no-package-lock"], partial);
  renameSync(partial, done);
  return done;
}

/** The packed tarball of pkg/ (packed once per process). */
let tarball;
function packed() {
  if (!tarball) {
    const dir = join(repo, "target/frameworks");
    mkdirSync(dir, { recursive: true });
    const out = npm(["pack", join(repo, "pkg"), "--pack-destination", dir, "--json"]);
    tarball = join(dir, JSON.parse(out)[0].filename);
  }
  return tarball;
}

/** A fresh working copy of app `name` with its framework and crumbtrail installed; returns its path. */
export function prepare(name) {
  const app = join(repo, "target/frameworks", name);
  rmSync(app, { recursive: true, force: true });
  cpSync(join(repo, "tests/frameworks", name), app, { recursive: true });
  const cached = frameworkInstall(name);
  // Hard links, or a copy where the cache is on another file system.
  try {
    execFileSync("cp", ["-al", join(cached, "node_modules"), join(app, "node_modules")], { stdio: "pipe" });
  } catch {
    rmSync(join(app, "node_modules"), { recursive: true, force: true });
    execFileSync("cp", ["-a", join(cached, "node_modules"), join(app, "node_modules")]);
  }
  // npm rewrites its record of the tree in place: the copy gets its own, not a link to the cache's.
  rmSync(join(app, "node_modules/.package-lock.json"), { force: true });
  npm(["install", "--no-save", "--no-package-lock", "--prefer-offline", packed()], app);
  return app;
}

// `node tests/frameworks/apps.mjs NAME…`: fills the cache for those apps (all when none is named).
if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : ["vite", "astro", "sveltekit", "nuxt", "react-router"]) {
    const t0 = Date.now();
    console.log(`${name}: ${frameworkInstall(name)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}
