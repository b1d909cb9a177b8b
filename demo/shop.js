// The demo shop's own data: products and the words of its pages, in English and Dutch. Nothing
// here knows crumbtrail; app.js connects the two.

export const CURRENCY = "EUR";

export const CATEGORIES = ["shoes", "jackets", "packs", "socks"];

const product = (id, category, price, en, nl, colour) => ({ id, category, price, name: { en, nl }, colour });

export const PRODUCTS = [
  product("ridge-runner", "shoes", 129, "Ridge Runner trail shoe", "Ridge Runner trailschoen", "#c65d3b"),
  product("moss-walker", "shoes", 109, "Moss Walker hiking shoe", "Moss Walker wandelschoen", "#6b8f47"),
  product("scree-boot", "shoes", 169, "Scree mountain boot", "Scree bergschoen", "#7a5c3e"),
  product("drizzle-shell", "jackets", 189, "Drizzle rain shell", "Drizzle regenjas", "#2f6f8f"),
  product("ember-down", "jackets", 229, "Ember down jacket", "Ember donsjas", "#b0413e"),
  product("breeze-wind", "jackets", 89, "Breeze wind jacket", "Breeze windjack", "#8aa6b8"),
  product("summit-30", "packs", 119, "Summit 30 L daypack", "Summit 30 L dagrugzak", "#4a5a6a"),
  product("trek-55", "packs", 199, "Trek 55 L backpack", "Trek 55 L trekkingrugzak", "#5f4b8b"),
  product("hip-pack", "packs", 39, "Trail hip pack", "Trail heuptas", "#9a7b4f"),
  product("merino-crew", "socks", 19, "Merino crew socks", "Merino sokken", "#7d6b5d"),
  product("liner-duo", "socks", 15, "Liner socks, two pairs", "Voetjes, twee paar", "#a3a380"),
  product("alpine-thick", "socks", 24, "Alpine thick socks", "Alpine dikke sokken", "#5b7065"),
];

export const productById = (id) => PRODUCTS.find((p) => p.id === id);

const WORDS = {
  en: {
    tagline: "Gear for every trail",
    heroTitle: "New season, new trails", heroBody: "Shoes, jackets, packs and socks, tested on the paths you walk.",
    productNote: "Free returns within 30 days, on every order.",
    home: "Home", cart: "Cart", checkout: "Checkout", review: "Write a review", refer: "Refer a friend",
    categories: { shoes: "Shoes", jackets: "Jackets", packs: "Packs", socks: "Socks" },
    shopBy: "Shop by category", addToCart: "Add to cart", added: "Added to your cart",
    emptyCart: "Your cart is empty.", remove: "Remove", total: "Total", toCheckout: "Go to checkout",
    placeOrder: "Place order", orderPlaced: "Thank you! Your order is placed.", orderNumber: "Order number",
    reviewTitle: "How did we do?", rating: "Rating", stars: (n) => `${n} star${n === 1 ? "" : "s"}`,
    yourReview: "Your review (stays on this device)", send: "Send review", thanksReview: "Thank you for your review!",
    referTitle: "Refer a friend", referText: "Tell a friend about Trailhead: you both get €10 off.",
    referButton: "Send the invite", thanksRefer: "Invite sent — thank you!",
    newsletter: "Sign up for trail news", signUp: "Sign up", signedUp: "You are signed up.",
    inspector: "Inspector", privacy: "Everything crumbtrail knows is computed in this tab and kept in this browser. Nothing is sent anywhere.",
    language: "Language", skip: "Skip to content", categoriesLabel: "Categories", featured: "Featured",
    collectionTitle: "Free returns within 30 days", collectionBody: "Order two sizes and send one back: the return is on us.",
  },
  nl: {
    tagline: "Uitrusting voor elk pad",
    heroTitle: "Nieuw seizoen, nieuwe paden", heroBody: "Schoenen, jassen, rugzakken en sokken, getest op de paden die jij loopt.",
    productNote: "Gratis retourneren binnen 30 dagen, bij elke bestelling.",
    home: "Home", cart: "Winkelwagen", checkout: "Afrekenen", review: "Schrijf een review", refer: "Vriend uitnodigen",
    categories: { shoes: "Schoenen", jackets: "Jassen", packs: "Rugzakken", socks: "Sokken" },
    shopBy: "Winkel per categorie", addToCart: "In winkelwagen", added: "In je winkelwagen gelegd",
    emptyCart: "Je winkelwagen is leeg.", remove: "Verwijderen", total: "Totaal", toCheckout: "Naar afrekenen",
    placeOrder: "Bestelling plaatsen", orderPlaced: "Dank je! Je bestelling is geplaatst.", orderNumber: "Bestelnummer",
    reviewTitle: "Hoe deden we het?", rating: "Beoordeling", stars: (n) => `${n} ster${n === 1 ? "" : "ren"}`,
    yourReview: "Je review (blijft op dit apparaat)", send: "Review versturen", thanksReview: "Bedankt voor je review!",
    referTitle: "Vriend uitnodigen", referText: "Vertel een vriend over Trailhead: jullie krijgen allebei €10 korting.",
    referButton: "Uitnodiging versturen", thanksRefer: "Uitnodiging verstuurd — bedankt!",
    newsletter: "Meld je aan voor padnieuws", signUp: "Aanmelden", signedUp: "Je bent aangemeld.",
    inspector: "Inspector", privacy: "Alles wat crumbtrail weet, wordt in dit tabblad berekend en in deze browser bewaard. Er wordt niets verstuurd.",
    language: "Taal", skip: "Naar de inhoud", categoriesLabel: "Categorieën", featured: "Uitgelicht",
    collectionTitle: "Gratis retourneren binnen 30 dagen", collectionBody: "Bestel twee maten en stuur er een terug: het retour is voor ons.",
  },
};

export const words = (lang) => WORDS[lang] ?? WORDS.en;

export const price = (amount, lang) =>
  new Intl.NumberFormat(lang === "nl" ? "nl-NL" : "en-IE", { style: "currency", currency: CURRENCY }).format(amount);
