import type { CrumbtrailError, Personalizer } from "./index.js";

/**
 * What every adapter of `crumbtrail/consent` takes besides its platform's own options. Each adapter
 * sets the Personalizer's consent for both purposes (`profile`: the trail kept on the device;
 * `measurement`: exposures for the shop's analytics) from the platform the shop already runs, keeps
 * both pending until the platform answers, and returns a function that stops listening. Never throws.
 */
export interface AdapterOptions {
  /** Told once per problem: the platform not answering (`<platform>_unavailable`), a type never set (`consent_unmapped`). Default `console.warn`. */
  onError?: (error: CrumbtrailError) => void;
  /** How long the platform may take to answer before that is reported, ms. Default 10,000; consent stays pending meanwhile. */
  waitMs?: number;
}

/** The part of a Personalizer an adapter uses. */
export type ConsentTarget = Pick<Personalizer, "setConsent">;

/** Google Consent Mode v2 read from the `dataLayer` (`gtag("consent", "default" | "update", …)`). */
export interface ConsentModeOptions extends AdapterOptions {
  /** The dataLayer to read. Default `window.dataLayer` (created if missing, as gtag does). */
  dataLayer?: unknown[];
  /** The visitor's region (ISO 3166-1 or -2, e.g. `"NL"`, `"US-CA"`), for region-scoped defaults. Without it the strictest default applies. */
  region?: string;
  /** The consent type the profile follows. Default `"personalization_storage"`. */
  profile?: string;
  /** The consent type measurement follows. Default `"analytics_storage"`. */
  measurement?: string;
}
/** Consent from Google Consent Mode v2: a type granted grants; denied by default is pending, denied by an update is denied. */
export function consentMode(personalizer: ConsentTarget, options?: ConsentModeOptions): () => void;

/** Shopify's Customer Privacy API. */
export interface ShopifyPrivacyOptions extends AdapterOptions {
  /** Which of the API's purposes the profile follows. Default `"preferences"`. */
  profile?: "preferences" | "analytics" | "marketing" | "sale_of_data";
  /** Which of the API's purposes measurement follows. Default `"analytics"`. */
  measurement?: "preferences" | "analytics" | "marketing" | "sale_of_data";
}
/** Consent from Shopify's Customer Privacy API (`loadFeatures`, `visitorConsentCollected`); granted where the visitor needs no banner. */
export function shopifyPrivacy(personalizer: ConsentTarget, options?: ShopifyPrivacyOptions): () => void;

/** Cookiebot (Usercentrics). */
export interface CookiebotOptions extends AdapterOptions {
  /** The Cookiebot category the profile follows. Default `"preferences"`. */
  profile?: "necessary" | "preferences" | "statistics" | "marketing";
  /** The Cookiebot category measurement follows. Default `"statistics"`. */
  measurement?: "necessary" | "preferences" | "statistics" | "marketing";
}
/** Consent from Cookiebot (`Cookiebot.consent`, its `CookiebotOnConsentReady`, `OnAccept` and `OnDecline` events). */
export function cookiebot(personalizer: ConsentTarget, options?: CookiebotOptions): () => void;

/** OneTrust. */
export interface OneTrustOptions extends AdapterOptions {
  /** The OneTrust group id the profile follows. Default `"C0003"` (functional). */
  profile?: string;
  /** The OneTrust group id measurement follows. Default `"C0002"` (performance). */
  measurement?: string;
}
/** Consent from OneTrust (`OnetrustActiveGroups` once the banner is closed, `OneTrustGroupsUpdated`). */
export function oneTrust(personalizer: ConsentTarget, options?: OneTrustOptions): () => void;

/** IAB TCF v2.2. */
export interface TcfOptions extends AdapterOptions {
  /** The TCF purposes the profile needs, all consented. Default `[1, 5, 6]`. */
  profile?: number[];
  /** The TCF purposes measurement needs. Default `[1, 8]`. */
  measurement?: number[];
  /** Whose consents to read: the publisher's (first-party processing, default) or the purposes' (vendors'). */
  use?: "publisher" | "purposes";
}
/** Consent from an IAB TCF v2.2 CMP through `__tcfapi("addEventListener", 2, …)`; granted where GDPR does not apply. */
export function tcf(personalizer: ConsentTarget, options?: TcfOptions): () => void;
