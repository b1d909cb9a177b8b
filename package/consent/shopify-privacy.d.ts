// crumbtrail/consent/shopify-privacy: one adapter on its own, for a page without a bundler.
export { shopifyPrivacy } from "../consent.js";
export type { ShopifyPrivacyOptions, AdapterOptions, ConsentTarget } from "../consent.js";
