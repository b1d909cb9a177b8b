// crumbtrail/consent/cookiebot: one adapter on its own, for a page without a bundler.
export { cookiebot } from "../consent.js";
export type { CookiebotOptions, AdapterOptions, ConsentTarget } from "../consent.js";
