// wasm-bindgen declares `[Symbol.dispose]()` on classes: bring its lib in, so that projects
// compiling with an ES2022 lib need no change to their tsconfig.
/// <reference lib="esnext.disposable" />
import type { InitInput, SyncInitInput } from "./web/crumbtrail.js";
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
 * Fetches and compiles the WebAssembly, and resolves to `true`. Rejects with an Error that says
 * what went wrong and how to fix it (e.g. the CSP line to add, or the URL it tried). In Node the
 * module is ready on import and `init()` just resolves to `true`. In the browser, the other
 * exports throw a `not_initialized` error until it has resolved.
 */
export default function init(options?: (InitOptions & { fallback?: false }) | InitInput | Promise<InitInput>): Promise<true>;
/**
 * With `fallback: true`: resolves to `true` when the WebAssembly runs, and to `null` (the exports
 * made inert, a warning logged) when it cannot, instead of rejecting.
 */
export default function init(options: InitOptions & { fallback: true }): Promise<true | null>;
export default function init(options?: InitOptions | InitInput | Promise<InitInput>): Promise<true | null>;

/**
 * Compiles the WebAssembly synchronously from its bytes or a compiled module (e.g. in a worker
 * that received them), and returns `true`. In Node it does nothing and returns `true`.
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): true;

/** The package version. */
export declare const version: string;
