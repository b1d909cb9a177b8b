// `node scripts/typecheck.mjs`: TypeScript's check of the JavaScript (tsc --checkJs --noEmit) over
// tsconfig.json's files and tests/tsconfig.json's, after scripts/build (the sources import the glue
// in pkg/). Prints what it finds as tsc does and exits 1 if anything is found. `crumbtrail` is
// pkg/, as scripts/build aliases it for the Shopify app: given here, not as tsconfig.json's "paths", which bundlers read too (the apps the tests build
// under target/ would then import pkg/ instead of their installed tarball).
import ts from "typescript";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));

const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => repo, getNewLine: () => "\n" };
let found = 0;
for (const project of ["tsconfig.json", "tests/tsconfig.json"]) {
  const config = ts.getParsedCommandLineOfConfigFile(`${repo}${project}`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } });
  const options = { ...config.options, baseUrl: repo, paths: { crumbtrail: ["pkg/index.d.ts"], "crumbtrail/*": ["pkg/*"] } };
  const program = ts.createProgram({ rootNames: config.fileNames, options, projectReferences: config.projectReferences });
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
  if (diagnostics.length) process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  console.log(`typecheck: ${project}: ${config.fileNames.length} files, ${diagnostics.length} findings`);
  found += diagnostics.length;
}
process.exit(found ? 1 : 0);
