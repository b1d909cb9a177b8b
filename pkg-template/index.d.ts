export * from "./web/crumbtrail.js";
export { default } from "./web/crumbtrail.js";

/** The package version. */
export declare const version: string;
