// The globals the demo's pages set or read, for TypeScript's check of its scripts (tsconfig.json).

interface Window {
  /** Set once the calibration page's handlers are in place, for its tests. */
  calibrationReady?: boolean;
  /** The shop's state for its end-to-end tests: whether the engine is there, what it decided. */
  trailhead?: Record<string, any>;
}
