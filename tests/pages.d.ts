// What the tests' pages put on `window` for the tests to read back in `page.evaluate` (and the
// globals of the platforms the consent pages stand in for). Typed loosely: a page is another
// program, and each test asserts on the values it reads.
interface Window {
  // crumbtrail and the pages' handles on it
  crumbtrail: any; p: any; engine: any; trailhead: any; make: any; ready: any; done: any;
  result: any; report: any; errors: any; warnings: any; heard: any; seen: any; impressions: any;
  firstDecision: any; firstVisit: any; recommendations: any; attachSlots: any; calibrationReady: any;
  crumbtrailClock: any; tab: any; pwned: any; workload: any;
  // what the layout and paint probes record
  atParse: any; atPaint: any; afterWasm: any; painted: any; paintsBefore: any; shift: any; shifts: any;
  // axe-core, injected by the accessibility tests
  axe: any; violations: any;
  // the platforms: Google's data layer and TCF, the consent platforms, Shopify, GrowthBook
  dataLayer: any[]; __tcfapi: any; Cookiebot: any; OneTrust: any; Shopify: any; growthbook: any;
  // the Prioritized Task Scheduling API, not yet in TypeScript's DOM types
  scheduler: any;
}
declare var p: any;
declare var dataLayer: any[];
declare var crumbtrailClock: any;
declare var scheduler: any;
