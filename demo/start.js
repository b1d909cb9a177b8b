// The demo's entry (index.html): on to the shop in the language chosen before, or the browser's.
let lang = null;
try { lang = JSON.parse(localStorage.getItem("trailhead:lang")); } catch { /* the browser's */ }
lang ??= navigator.language?.toLowerCase().startsWith("nl") ? "nl" : "en";
location.replace(`${lang === "nl" ? "nl" : "en"}/${location.search}`);
