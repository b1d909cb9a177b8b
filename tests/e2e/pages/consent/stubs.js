// Each adapter's platform stand-in, by the adapter's name, and the way each platform records a
// shopper's two answers (scenarios.js): for the consent scenarios and the README's consent example.
import { consentModeStub } from "./consent-mode.js";
import { shopifyStub } from "./shopify.js";
import { cookiebotStub } from "./cookiebot.js";
import { oneTrustStub } from "./onetrust.js";
import { tcfStub } from "./tcf.js";

export { SAY } from "./scenarios.js";

export const STUBS = {
  consentMode: consentModeStub,
  shopifyPrivacy: shopifyStub,
  cookiebot: cookiebotStub,
  oneTrust: oneTrustStub,
  tcf: tcfStub,
};
