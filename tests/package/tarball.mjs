// The package as a user gets it: `npm pack` of pkg/, installed from the tarball into a fresh app
// folder under target/package-apps/ (inside the repository, so that the app resolves the
// workspace's build tools — next, react — as a project's own node_modules would).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const repo = new URL("../..", import.meta.url).pathname;

/** A fresh app folder `name` with crumbtrail installed from the packed tarball; returns its path. */
export function appWithTarball(name) {
  const app = join(repo, "target/package-apps", name);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  const out = execFileSync("npm", ["pack", join(repo, "pkg"), "--pack-destination", app, "--json", "--loglevel=error"], { encoding: "utf8" });
  const tarball = JSON.parse(out)[0].filename;
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: `shop-${name}`, private: true, type: "module" }));
  execFileSync("npm", ["install", `./${tarball}`, "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app });
  return app;
}
