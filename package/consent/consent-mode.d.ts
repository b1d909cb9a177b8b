// crumbtrail/consent/consent-mode: one adapter on its own, for a page without a bundler.
export { consentMode } from "../consent.js";
export type { ConsentModeOptions, AdapterOptions, ConsentTarget } from "../consent.js";
