// The GrowthBook conformance cases (tests/data/growthbook/README.md), named in this one place for the
// Node and Chromium tests, the benchmark and the fuzz seeds.
import { readFileSync } from "node:fs";

export const growthbookCases = JSON.parse(readFileSync(new URL("../data/growthbook/cases.json", import.meta.url), "utf8"));
