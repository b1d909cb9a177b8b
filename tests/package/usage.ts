// A front-end developer's usage, type-checked with `tsc --noEmit --strict` against the packed package.
import init, { Personalizer, evalCondition, version } from "crumbtrail";
import { listen } from "crumbtrail/datalayer";
import { drainInbox, fromShopify, pixelInbox, type PixelStorage } from "crumbtrail/shopify";
import { fromSegment } from "crumbtrail/segment";
import { recommend, useRecommendations } from "crumbtrail/recommend";
import { describe, stages } from "crumbtrail/locale/nl";
import type {
  Attributes, Condition, CrumbtrailError, Decision, Exposure, Message, PersonalizerOptions, Recommendation, Stage, StageReport,
  StorageLike, TrailEvent,
} from "crumbtrail";

const memory = new Map<string, string>();
const storage: StorageLike = {
  getItem: (k) => memory.get(k) ?? null,
  setItem: (k, v) => void memory.set(k, v),
  removeItem: (k) => void memory.delete(k),
};

const winBack: Condition = { daysSinceLastOrder: { $gt: 60 }, purchasedCategories: { $in: ["shoes"] } };
const messages: Message[] = [
  { id: "welcome", name: "Welcome banner", slot: "hero", stages: ["reach"], content: { en: { title: "Welcome" }, nl: { title: "Welkom" } } },
  { id: "win-back", slot: "hero", stages: ["lapsed"], when: winBack, priority: 2, cap: { impressions: 3, days: 7 },
    holdout: 0.1, content: { title: "We miss you", body: "New {{purchasedCategories.0 | arrivals}}", cta: "Shop", href: "/new" } },
];

const options: PersonalizerOptions = {
  storage,
  honorGlobalPrivacyControl: true,
  messages,
  savedGroups: { staff: ["v-1"] },
  consent: "pending",
  rules: { lapseAfterDays: 90 },
  onError: (e: Error) => console.warn(e.message),
  onStageChange: (report: StageReport, previous: Stage | null) => console.log(previous, "→", report.stage),
  exposuresToDataLayer: true,
  onExposure: (e: Exposure) => {
    const arm: "shown" | "held_out" = e.crumbtrail_arm;
    const name: "view_promotion" | "select_promotion" = e.event;
    console.log(name, e.promotion_id, e.promotion_name, e.creative_slot, e.crumbtrail_stage, e.crumbtrail_expected_revenue.toFixed(0), arm);
  },
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
  const first = report.reasons[0];
  const by: string = first?.code === "engaged" ? first.values.by : "";
  const detail: string = `${stages[report.stage]}: ${report.reasons.map(describe).join("; ")} ${by}`;
  const attrs: Attributes = p.attributes();
  const open: boolean = attrs.cartOpen;
  const decision: Decision | null = p.decide("hero", { path: "/" });
  const reasons: string[] = (decision?.reasons ?? []).map(describe);
  const beaten: string = (decision?.reasons ?? []).flatMap((r) => (r.code === "priority_beat" ? [r.values.other] : [])).join();
  const title: string | undefined = decision?.content.title;
  if (decision) {
    p.seen(decision.id);
    p.clicked(decision.id);
    p.dismissed(decision.id);
  }
  const banner: Decision | null = typeof document === "undefined" ? null : p.render("hero", document.body);
  const dataLayer: unknown[] = [];
  const stop: () => void = listen(p, dataLayer, { consentMode: true, onError: (e) => console.warn(e.code, e.message) });
  const fromShop: TrailEvent | null = fromShopify({ name: "page_viewed", timestamp: "2026-01-01T00:00:00Z", data: {} });
  const fromSeg: TrailEvent | null = fromSegment("Order Completed", { order_id: "1", total: 10 });
  if (fromShop) p.track(fromShop);
  const pixelStorage: PixelStorage = {
    setItem: async () => undefined, removeItem: async () => undefined, key: async () => null, length: async () => 0,
  };
  const add: (event: { name: string }) => Promise<void> = pixelInbox(pixelStorage, { storageKey: "shop" });
  void add({ name: "checkout_completed" });
  const stopDraining: () => void = drainInbox(p, { intervalMs: 1000, onTracked: (n: number) => console.log(n) });
  stopDraining();
  if (fromSeg) p.track(fromSeg);
  stop();
  const items: number = useRecommendations(p, "crumbtrail-recommendations 1 0 5\n");
  const recommended: Recommendation[] = recommend(p, 4, { product: "SKU-1" });
  const top: string | null = recommended[0]?.name ?? attrs.recommended[0]?.href ?? null;
  try {
    useRecommendations(p, "not one");
  } catch (e) {
    const code: CrumbtrailError["code"] = (e as CrumbtrailError).code;
    console.log(code === "invalid_model");
  }
  const matches: boolean = evalCondition(winBack, { daysSinceLastOrder: 90, purchasedCategories: ["shoes"] }, { staff: [] });
  p.flush();
  p.free();
  return `${version} ${stage} ${orders} ${pAlive} ${detail} ${open} ${reasons} ${beaten} ${title} ${banner?.id} ${matches} ${items} ${top}`;
}
