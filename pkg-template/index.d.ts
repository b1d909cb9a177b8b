// wasm-bindgen declares `[Symbol.dispose]()` on classes: bring its lib in, so that projects
// compiling with an ES2022 lib need no change to their tsconfig.
/// <reference lib="esnext.disposable" />
import type { InitInput, InitOutput } from "./web/crumbtrail.js";
export * from "./web/crumbtrail.js";

/** Where the `.wasm` is, and whether to carry on without it. */
export interface InitOptions {
  /** The `.wasm` (URL, Request, Response, bytes or module); default: next to the module. */
  module_or_path?: InitInput | Promise<InitInput>;
  /**
   * When the WebAssembly cannot run (no WebAssembly, a Content-Security-Policy without
   * 'wasm-unsafe-eval', a failed fetch), resolve to null and make the exports inert — `decide`
   * returns null, `track` does nothing — instead of rejecting. Default false.
   */
  fallback?: boolean;
}

/**
 * Fetches and compiles the WebAssembly. Rejects with an Error that says what went wrong and how to
 * fix it (e.g. the CSP line to add), unless `fallback` is set.
 */
export default function init(options?: InitOptions | InitInput | Promise<InitInput>): Promise<InitOutput | null>;

/** The package version. */
export declare const version: string;
