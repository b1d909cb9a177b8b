// The demo shop's order history, generated with a planted structure, as a Shopify line-item export
// (what the learn step reads): `node scripts/demo-orders.mjs <lang> > orders.csv`, with the product
// names in that language (en, nl). scripts/build learns the demo's recommendations from it.
//
// The structure: each shoe goes with one pair of socks and each jacket with one pack (PAIRS), and
// who bought a shoe tends to come back for a jacket (NEXT). 400 customers, 1–4 orders each a month
// apart; an order is an anchor product, its partner with probability 0.6 and a random product with
// 0.3 (noise). The seed fixes everything, so the build is reproducible.
import { PRODUCTS } from "../demo/shop.js";

const PAIRS = [
  ["ridge-runner", "merino-crew"], ["moss-walker", "liner-duo"], ["scree-boot", "alpine-thick"],
  ["drizzle-shell", "summit-30"], ["ember-down", "trek-55"], ["breeze-wind", "hip-pack"],
];
const NEXT = { "ridge-runner": "drizzle-shell", "moss-walker": "breeze-wind", "scree-boot": "ember-down" };
const CUSTOMERS = 400;

const lang = process.argv[2] ?? "en";
if (!["en", "nl"].includes(lang)) throw new Error(`demo-orders: unknown language ${lang} (en or nl)`);
const partner = Object.fromEntries(PAIRS.flatMap(([a, b]) => [[a, b], [b, a]]));

let state = 21; // mulberry32
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const csv = (s) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const rows = ["Name,Email,Created at,Lineitem quantity,Lineitem sku,Lineitem name,url"];
let order = 1000;
for (let c = 0; c < CUSTOMERS; c++) {
  let day = Math.floor(random() * 300);
  let anchor = null;
  const orders = 1 + Math.floor(random() * 4);
  for (let o = 0; o < orders; o++) {
    anchor = anchor && NEXT[anchor] && random() < 0.6 ? NEXT[anchor] : pick(PRODUCTS).id;
    const items = new Set([anchor]);
    if (random() < 0.6) items.add(partner[anchor]);
    if (random() < 0.3) items.add(pick(PRODUCTS).id);
    const date = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    order += 1;
    for (const id of items) {
      const product = PRODUCTS.find((p) => p.id === id);
      rows.push([`#${order}`, `c${c}@example.com`, `${date} 10:00:00 +0000`, "1", id, product.name[lang], `p/${id}.html`].map(csv).join(","));
    }
    day += 20 + Math.floor(random() * 20);
  }
}
process.stdout.write(rows.join("\n") + "\n");
