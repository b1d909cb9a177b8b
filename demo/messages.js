// The demo's message catalogue: one banner per step of the lifecycle, in English and Dutch.
// crumbtrail validates it when the Personalizer is made, picks one per slot, and fills the
// {{placeholders}} from what the shopper did on this device.

/** @typedef {import("./pkg/index.js").Message} Message */

const both = (en, nl) => ({ en, nl });

// Cross-sell from the top purchased category: one message per category, so that each language
// names the category in its own words.
const crossSell = [
  ["shoes", both("More trail shoes, picked for you", "Meer trailschoenen, voor jou gekozen"), "c/shoes.html"],
  ["jackets", both("New jackets for your next trail", "Nieuwe jassen voor je volgende pad"), "c/jackets.html"],
  ["packs", both("Packs to go with your gear", "Rugzakken bij je uitrusting"), "c/packs.html"],
  ["socks", both("Fresh socks for fresh miles", "Verse sokken voor verse kilometers"), "c/socks.html"],
].map((/** @type {[string, { en: string, nl: string }, string]} */ [category, title, href]) => /** @type {Message} */ ({
  id: `cross-sell-${category}`,
  slot: "hero",
  stages: ["retention"],
  priority: 2,
  when: { "purchasedCategories.0": category },
  content: both(
    { title: title.en, body: "Because you bought from us before: the newest in the range you like.", cta: "Have a look", href },
    { title: title.nl, body: "Omdat je eerder bij ons kocht: het nieuwste uit je favoriete assortiment.", cta: "Bekijk ze", href },
  ),
}));

// "Goes well with" on product pages after a first order: the item the recommendations rank first
// for this shopper (learned at build time from the shop's order history, see scripts/build),
// never the product on the page (its context names it as `product`) nor one they bought.
const goesWell = /** @type {Message} */ ({
  id: "goes-well",
  slot: "product",
  stages: ["development"],
  priority: 2,
  when: { "recommended.0": { $exists: true } },
  content: both(
    { title: "Goes well with your order: {{recommended.0.name}}", cta: "See it", href: "{{recommended.0.href}}" },
    { title: "Past bij je bestelling: {{recommended.0.name}}", cta: "Bekijken", href: "{{recommended.0.href}}" },
  ),
});

/** @type {Message[]} */
export const MESSAGES = [
  {
    id: "welcome", slot: "hero", stages: ["reach"],
    content: both(
      { title: "Welcome to Trailhead", body: "Gear for every trail. Browse, compare, take your time.", cta: "Explore shoes", href: "c/shoes.html" },
      { title: "Welkom bij Trailhead", body: "Uitrusting voor elk pad. Kijk rond, vergelijk, neem je tijd.", cta: "Bekijk schoenen", href: "c/shoes.html" },
    ),
  },
  {
    id: "cart-reminder", slot: "hero", stages: ["acquisition"], priority: 2, when: { cartOpen: true },
    content: both(
      { title: "Your cart is waiting", body: "{{cartItems}} item(s) are saved for you, right where you left them.", cta: "Go to your cart", href: "cart.html" },
      { title: "Je winkelwagen wacht op je", body: "{{cartItems}} artikel(en) liggen voor je klaar, precies waar je ze liet.", cta: "Naar je winkelwagen", href: "cart.html" },
    ),
  },
  {
    id: "first-order", slot: "hero", stages: ["acquisition"], priority: 1,
    content: both(
      { title: "10% off your first order", body: "Use code FIRSTTRAIL at checkout.", cta: "Start shopping", href: "c/shoes.html" },
      { title: "10% korting op je eerste bestelling", body: "Gebruik code FIRSTTRAIL bij het afrekenen.", cta: "Begin met winkelen", href: "c/shoes.html" },
    ),
  },
  {
    id: "feedback", slot: "hero", stages: ["development"],
    content: both(
      { title: "How was your first order?", body: "Tell us in a short review. It helps other hikers choose.", cta: "Write a review", href: "review.html" },
      { title: "Hoe was je eerste bestelling?", body: "Vertel het ons in een korte review. Zo helpt je andere wandelaars kiezen.", cta: "Schrijf een review", href: "review.html" },
    ),
  },
  goesWell,
  {
    id: "members-collection", slot: "collection", stages: ["development", "retention", "advocacy"],
    content: both(
      { title: "Free shipping on your next order", body: "Thanks for shopping with us: the next parcel is on us." },
      { title: "Gratis verzending op je volgende bestelling", body: "Bedankt dat je bij ons winkelt: het volgende pakket is van ons." },
    ),
  },
  ...crossSell,
  {
    id: "loyalty-club", slot: "product", stages: ["retention", "advocacy"], cap: { impressions: 3, days: 7 },
    content: both(
      { title: "Join the Trailhead club", body: "Free shipping and early access to new gear, for regulars like you.", cta: "Join for free", href: "./" },
      { title: "Word lid van de Trailhead-club", body: "Gratis verzending en als eerste nieuwe uitrusting, voor vaste klanten zoals jij.", cta: "Gratis lid worden", href: "./" },
    ),
  },
  {
    id: "referral-reward", slot: "hero", stages: ["advocacy"],
    content: both(
      { title: "Give €10, get €10", body: "Thanks for spreading the word! Invite another friend and you both get €10 off.", cta: "Refer a friend", href: "refer.html" },
      { title: "Geef €10, krijg €10", body: "Bedankt dat je ons aanbeveelt! Nodig nog een vriend uit en jullie krijgen allebei €10 korting.", cta: "Vriend uitnodigen", href: "refer.html" },
    ),
  },
  {
    id: "win-back", slot: "hero", stages: ["lapsed"],
    content: both(
      { title: "We have missed you", body: "Come back for 15% off with code BACK15. New gear has arrived since your last visit.", cta: "See what is new", href: "c/jackets.html" },
      { title: "We hebben je gemist", body: "Kom terug voor 15% korting met code BACK15. Sinds je laatste bezoek is er nieuwe uitrusting.", cta: "Bekijk wat nieuw is", href: "c/jackets.html" },
    ),
  },
];
