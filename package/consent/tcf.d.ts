// crumbtrail/consent/tcf: one adapter on its own, for a page without a bundler.
export { tcf } from "../consent.js";
export type { TcfOptions, AdapterOptions, ConsentTarget } from "../consent.js";
