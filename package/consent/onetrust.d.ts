// crumbtrail/consent/onetrust: one adapter on its own, for a page without a bundler.
export { oneTrust } from "../consent.js";
export type { OneTrustOptions, AdapterOptions, ConsentTarget } from "../consent.js";
