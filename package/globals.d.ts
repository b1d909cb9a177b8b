// The page's globals the package's JavaScript reads, for TypeScript's check of it (tsconfig.json);
// not shipped: the package's own declarations never name them.

/** A page that moves crumbtrail's clock (the `now` option) defines it, for the slot script. */
declare var crumbtrailClock: (() => number) | undefined;

interface Window {
  /** Google's data layer, when the page has one. */
  dataLayer?: Record<string, any>[];
  /** The Prioritized Task Scheduling API, not yet in TypeScript's DOM types. */
  scheduler?: { yield(): Promise<void> };
}
declare var scheduler: Window["scheduler"];
