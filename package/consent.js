// `crumbtrail/consent`: one adapter per consent platform, each setting a Personalizer's consent for
// both purposes from the platform the shop runs. Plain JavaScript, no WebAssembly. A bundler keeps
// only the adapters imported; a page without one loads `crumbtrail/consent/<platform>` alone.
export { consentMode } from "./consent/consent-mode.js";
export { shopifyPrivacy } from "./consent/shopify-privacy.js";
export { cookiebot } from "./consent/cookiebot.js";
export { oneTrust } from "./consent/onetrust.js";
export { tcf } from "./consent/tcf.js";
