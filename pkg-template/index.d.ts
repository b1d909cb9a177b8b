// wasm-bindgen declares `[Symbol.dispose]()` on classes: bring its lib in, so that projects
// compiling with an ES2022 lib need no change to their tsconfig.
/// <reference lib="esnext.disposable" />
export * from "./web/crumbtrail.js";
export { default } from "./web/crumbtrail.js";

/** The package version. */
export declare const version: string;
