/**
 * `crumbtrail/crumbtrail_bg.wasm`: the package's WebAssembly, for bundlers that turn an imported
 * file into its URL (esbuild's `file` loader, webpack's `asset/resource`). Pass it to `init`:
 *
 * ```ts
 * import init from "crumbtrail";
 * import wasmUrl from "crumbtrail/crumbtrail_bg.wasm";
 * await init({ module_or_path: wasmUrl });
 * ```
 */
declare const wasmUrl: string;
export default wasmUrl;
