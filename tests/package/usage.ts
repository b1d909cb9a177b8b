// A front-end developer's usage, type-checked with `tsc --noEmit --strict` against the packed package.
import init, { Personalizer, version } from "crumbtrail";
import type { Attributes, PersonalizerOptions, Stage, StageReport, StorageLike, TrailEvent } from "crumbtrail";

const memory = new Map<string, string>();
const storage: StorageLike = {
  getItem: (k) => memory.get(k) ?? null,
  setItem: (k, v) => void memory.set(k, v),
  removeItem: (k) => void memory.delete(k),
};

const options: PersonalizerOptions = {
  storage,
  consent: "pending",
  rules: { lapseAfterDays: 90 },
  onError: (e: Error) => console.warn(e.message),
  onStageChange: (report: StageReport, previous: Stage | null) => console.log(previous, "→", report.stage),
};

export async function main(): Promise<string> {
  await init();
  const p = new Personalizer(options);
  const event: TrailEvent = { event: "purchase", ecommerce: { transaction_id: "T1", value: 20, currency: "EUR" } };
  p.track(event);
  p.track({ event: "view_item", items: [{ item_id: 7, item_category: "Shoes", price: 12.5 }] });
  p.setConsent("granted");
  const report = p.stage();
  const stage: Stage = report.stage;
  const pAlive: number | null = report.metrics.pAlive;
  const orders: number = report.metrics.orders;
  const detail: string = report.reasons[0]?.detail ?? "";
  const attrs: Attributes = p.attributes();
  const open: boolean = attrs.cartOpen;
  p.flush();
  p.free();
  return `${version} ${stage} ${orders} ${pAlive} ${detail} ${open}`;
}
