// crumbtrail/recommend: the recommendations file read and ranked in JavaScript, so that only the
// shops that recommend load it (the wasm keeps only the hook: recommendationRequest and
// setRecommender). The reader checks what the Rust reader checks (core/src/recommend/model.rs),
// with the same messages; the scorer ranks as the Rust scorer does (core/src/recommend/serve.rs),
// which tests/js/recommend-parity.test.mjs holds it to. The documentation is in recommend.d.ts.

const FORMAT_NAME = "crumbtrail-recommendations";
const MAX_NEIGHBOURS = 10;
const MAX_MOST_BOUGHT = 100;
const MAX_ITEMS = 1 << 24;
const MAX_FIELD_BYTES = 2048;
/** Trail entries read: the most recent ones. */
const MAX_TRAIL = 64;
/** Most items one call gives. */
const MAX_ASKED = 100;
/** Ids longer than this many characters are kept by the profile as a prefix and a hash. */
const STORED_KEY_CHARS = 32;
const HALF_LIFE_MS = 7 * 86_400_000;
/** An item's state in the scorer's tables. */
const UNTOUCHED = 0, CANDIDATE = 1, LEFT_OUT = 2;
/** The request's kind letters (viewed, in the cart, bought) in the Rust scorer's order: its sums
 * run in (item, kind, time) order, and so do these. */
const KIND_ORDER = { v: 0, c: 1, b: 2 };
/** [bought-with, bought-next] weights of a viewed item, one in the cart, a bought one (by kind). */
const WEIGHTS = [[1, 0.25], [2, 0.5], [1, 2]];
/** Each base-64 digit's value by its character code (-1: not a digit). */
const DIGIT_VALUES = new Int8Array(128).fill(-1);
[..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"].forEach((c, value) => (DIGIT_VALUES[c.charCodeAt(0)] = value));
/** Unicode White_Space, as Rust's `trim` knows it (JavaScript's `trim` differs by two). */
const BLANK = /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
/** A control character other than the tab that separates an item line's fields. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\0-\x08\n-\x1f\x7f-\x9f]/;

/** The similarity a score code stands for, 2^((code − 63) / 8), by the Rust table's divisions. */
const SCORE_WEIGHTS = new Float64Array(64).fill(1);
for (let code = 63; code > 0; code--) SCORE_WEIGHTS[code - 1] = SCORE_WEIGHTS[code] / 1.0905077326652577;

/** Each loaded file, by its Personalizer. */
const models = new WeakMap();

const failure = (code, message) => Object.assign(new Error(message), { code });
const refuse = (message) => failure("invalid_model", `recommendations: ${message}`);

/** Bytes of `s` in UTF-8, the unit of the Rust reader's limits. */
function utf8Length(s) {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0x80) bytes += unit < 0x800 || (unit & 0xf800) === 0xd800 ? 1 : 2;
  }
  return bytes;
}

/** `a < b` in UTF-8 byte order (code point order), which sorts the file's ids. */
function before(a, b) {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (supplementary code points) come after the rest of the BMP in code point order.
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y;
    }
  }
  return a.length < b.length;
}

/** The header's version and item count, as the Rust reader takes them. */
function readHeader(header) {
  const words = header.split(" ");
  const expected = () => refuse(`line 1: expected "${FORMAT_NAME} 2 <items> <min-customers>"`);
  if (words[0] !== FORMAT_NAME) throw refuse(`not a recommendations file (it must start with "${FORMAT_NAME}")`);
  if (words.length < 2) throw expected();
  if (words[1] !== "1" && words[1] !== "2") throw refuse(`recommendations format version "${[...words[1]].slice(0, 16).join("")}" is not 1 or 2`);
  // A whole number that fits in 64 bits, without its leading zeros; else null.
  const number = (w) => {
    if (w === undefined || !/^[0-9]+$/.test(w)) return null;
    const digits = w.replace(/^0+(?=.)/, "");
    return digits.length < 20 || (digits.length === 20 && digits <= "18446744073709551615") ? digits : null;
  };
  const [items, minCustomers] = [number(words[2]), number(words[3])];
  if (items === null || minCustomers === null || words.length > 4) throw expected();
  if (items.length > 8 || Number(items) > MAX_ITEMS) throw refuse(`line 1: ${items} items, more than ${MAX_ITEMS}`);
  if (minCustomers === "0") throw refuse("line 1: the minimum number of customers must be at least 1");
  if (minCustomers.length > 10 || Number(minCustomers) > 0xffffffff) throw expected();
  return [Number(words[1]), Number(items)];
}

/** Reads and checks a recommendations file: everything before anything is kept. */
function parse(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let at = 0, number = 0;
  /** The next line without its line break (and a `\r` before it), or null past the end. */
  const nextLine = () => {
    if (at > text.length) return null;
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    let line = text.slice(at, end);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    at = end + 1;
    number++;
    return line;
  };
  const header = nextLine();
  if (header === null || BLANK.test(header)) throw refuse("the recommendations file is empty");
  const [version, count] = readHeader(header);
  // Each item takes at least three line breaks: more than the text has is a lie (UTF-8 bytes, as
  // in Rust; the code units are fewer, so they settle it first).
  if (count > Math.floor(text.length / 3) && count > Math.floor(utf8Length(text) / 3)) {
    throw refuse(`the file ends before the lines of its ${count} items`);
  }
  const truncated = () => refuse(`the file ends before the lines of its ${count} items`);
  const ids = [], names = [], hrefs = [];
  for (let i = 0; i < count; i++) {
    const line = nextLine();
    if (line === null) throw truncated();
    const fields = line.split("\t");
    if (fields.length > 3) throw refuse(`line ${number}: more than three fields`);
    const [id, name = "", href = ""] = fields;
    if (id === "") throw refuse(`line ${number}: empty id`);
    // No field can pass the limit in fewer than a third as many code units.
    const long = (field) => field.length > MAX_FIELD_BYTES / 3 && utf8Length(field) > MAX_FIELD_BYTES;
    if (CONTROL.test(line) || (line.length > MAX_FIELD_BYTES / 3 && fields.some(long))) {
      throw refuse(`line ${number}: a field longer than ${MAX_FIELD_BYTES} bytes or with a control character`);
    }
    if (i > 0 && !before(ids[i - 1], id)) {
      throw refuse(`line ${number}: id not after the previous one (ids are sorted and unique)`);
    }
    ids.push(id);
    names.push(name || null);
    hrefs.push(href || null);
  }
  let width = 1;
  while (width < 4 && count > 2 ** (6 * width)) width++;
  // No more neighbours than the text can spell: the arrays follow the text, not the header.
  const room = Math.min(2 * count * MAX_NEIGHBOURS + MAX_MOST_BOUGHT, Math.floor(text.length / (width + 1)));
  const neighbours = new Uint32Array(room), scores = new Uint8Array(room);
  const starts = new Uint32Array(2 * count + 1), listedOn = new Uint32Array(count);
  let used = 0;
  // The lists are read in place, without a string per line: they are most of the file. The
  // most-bought list (version 2) is one more line, of no item (`own` past the last).
  for (const signal of version === 2 ? ["bought-with", "bought-next", "most-bought"] : ["bought-with", "bought-next"]) {
    const refuseList = (what) => refuse(`line ${number}: ${signal} list ${what}`);
    const lines = signal === "most-bought" ? 1 : count, most = signal === "most-bought" ? MAX_MOST_BOUGHT : MAX_NEIGHBOURS;
    for (let own = 0; own < lines; own++) {
      if (at > text.length) throw truncated();
      const start = at;
      let end = text.indexOf("\n", at);
      if (end < 0) end = text.length;
      at = end + 1;
      number++;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      let ascii = true;
      for (let i = start; i < end && ascii; i++) ascii = text.charCodeAt(i) < 128;
      const length = ascii ? end - start : utf8Length(text.slice(start, end));
      if (length % (width + 1) !== 0 || length / (width + 1) > most) throw refuseList("of the wrong length");
      const first = used;
      // A line that is not all ASCII stops at its first other character, as the Rust reader's bytes do.
      for (let chunk = start; chunk < end; chunk += width + 1) {
        let item = 0, score = 0;
        for (let d = 0; d <= width; d++) {
          const code = chunk + d < end ? text.charCodeAt(chunk + d) : 128;
          const digit = code < 128 ? DIGIT_VALUES[code] : -1;
          if (digit < 0) throw refuseList("has a character that is not base-64");
          if (d < width) item = item * 64 + digit;
          else score = digit;
        }
        if (item >= count) throw refuseList("names an item past the last");
        // Each line marks its items with its own number: a repeat is one lookup.
        if ((item === own && lines === count) || listedOn[item] === number) throw refuseList("repeats an item or names the item itself");
        listedOn[item] = number;
        if (used > first && scores[used - 1] < score) throw refuseList("is not best first");
        neighbours[used] = item;
        scores[used++] = score;
      }
      if (signal !== "most-bought") starts[(signal === "bought-next" ? count : 0) + own + 1] = used;
    }
  }
  // The most-bought list: what is read after the item lists (empty in version 1).
  const mostBought = neighbours.slice(starts[2 * count], used);
  const last = nextLine();
  if (last !== null && !(last === "" && nextLine() === null)) throw refuse(`line ${number - (last === "" ? 1 : 0)}: text after the declared items`);
  const byId = new Map();
  for (let index = 0; index < count; index++) byId.set(ids[index], index);
  // The profile keeps a long id by its stored key: the model's long ids by theirs.
  const byStoredKey = new Map();
  ids.forEach((id, index) => {
    const key = storedKey(id);
    if (key !== id && !byStoredKey.has(key)) byStoredKey.set(key, index);
  });
  // The scorer's sums and each item's state in them, one per item, reset after each call; the
  // items it touched (each once: at most all of them).
  const totals = new Float64Array(count), state = new Uint8Array(count), touched = new Int32Array(count);
  return { ids, names, hrefs, neighbours, scores, starts, mostBought, byId, byStoredKey, totals, state, touched };
}

/** FNV-1a, 32 bits, over the UTF-16 code units (crumbtrail's `fnv1a32`). */
function fnv1a32(s) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The key the profile keeps an id by: itself, or for one longer than 32 characters a prefix and its hash. */
function storedKey(id) {
  if (id.length <= STORED_KEY_CHARS) return id; // no more characters than code units
  const chars = [...id];
  if (chars.length <= STORED_KEY_CHARS) return id;
  return `${chars.slice(0, STORED_KEY_CHARS - 9).join("")}~${fnv1a32(id).toString(16).padStart(8, "0")}`;
}

/**
 * 2^-(age / 7 days), operation for operation as the Rust scorer's `halving`: IEEE 754 rounds each
 * exactly, where Math.exp and Rust's exp differ in the last bit for one age in five.
 */
function halving(age) {
  const halvings = age / HALF_LIFE_MS;
  const whole = Math.floor(halvings);
  const y = (halvings - whole) * Math.LN2;
  let value = 1;
  for (let k = 18; k >= 1; k--) value = 1 - (y / k) * value;
  for (let i = Math.min(whole, 1100); i > 0; i--) value *= 0.5;
  return value;
}

/** The trail's entries the model has, in the Rust scorer's order: (item, kind, time). */
const foundItems = new Int32Array(MAX_TRAIL), foundKinds = new Uint8Array(MAX_TRAIL), foundTimes = new Float64Array(MAX_TRAIL);

/** Up to `request.n` items for `request.trail`, best first, as the Rust scorer ranks them. */
function rank(model, { n, product, ids, kinds, times }) {
  const { neighbours, scores, starts, mostBought, byId, byStoredKey, totals, state } = model;
  const count = model.ids.length;
  // The most recent entries, ties in the trail's order (a stable sort); all of a short trail.
  let order = null;
  if (ids.length > MAX_TRAIL) order = ids.map((_, i) => i).sort((a, b) => times[b] - times[a]).slice(0, MAX_TRAIL);
  const entries = order ? order.length : ids.length;
  let newest = 0;
  for (let e = 0; e < entries; e++) newest = Math.max(newest, times[order ? order[e] : e]);
  // The entries the model has, by insertion in (item, kind, time) order: the sums below then run
  // in the Rust scorer's order, to the last bit. A stored key of a long id has 32 characters or
  // more, so a shorter id is looked up by itself only.
  let found = 0;
  for (let e = 0; e < entries; e++) {
    const i = order ? order[e] : e;
    const id = ids[i];
    const item = (id.length >= STORED_KEY_CHARS ? byStoredKey.get(id) : undefined) ?? byId.get(id);
    const kind = KIND_ORDER[kinds[i]];
    if (item === undefined || kind === undefined) continue;
    const at = times[i];
    let k = found++;
    for (; k > 0; k--) {
      const d = foundItems[k - 1] - item || foundKinds[k - 1] - kind || foundTimes[k - 1] - at;
      if (!(d > 0)) break;
      foundItems[k] = foundItems[k - 1];
      foundKinds[k] = foundKinds[k - 1];
      foundTimes[k] = foundTimes[k - 1];
    }
    foundItems[k] = item;
    foundKinds[k] = kind;
    foundTimes[k] = at;
  }
  // The sums in the model's scratch tables (zero between calls), and the items they touched.
  const touched = model.touched;
  let touches = 0;
  for (let f = 0; f < found; f++) {
    const item = foundItems[f], weights = WEIGHTS[foundKinds[f]];
    const recency = halving(newest - foundTimes[f]);
    for (let list = 0; list < 2; list++) {
      const share = recency * weights[list];
      if (!(share > 0)) continue;
      const from = list * count + item;
      for (let k = starts[from], end = starts[from + 1]; k < end; k++) {
        const neighbour = neighbours[k];
        if (state[neighbour] === UNTOUCHED) {
          state[neighbour] = CANDIDATE;
          touched[touches++] = neighbour;
        }
        totals[neighbour] += share * SCORE_WEIGHTS[scores[k]];
      }
    }
  }
  // Never what was bought or is in the cart, nor the page's own item.
  // (Marked even when no neighbour named them: the most bought below must pass them over too.)
  const leaveOut = (item) => {
    if (state[item] === UNTOUCHED) touched[touches++] = item;
    state[item] = LEFT_OUT;
  };
  for (let f = 0; f < found; f++) if (foundKinds[f] !== 0) leaveOut(foundItems[f]);
  const own = product == null ? undefined : byId.get(product);
  if (own !== undefined) leaveOut(own);
  // The best `wanted` by insertion (score, then index, as in Rust): no sort of every candidate.
  // Once `wanted` are held, a candidate must beat the last of them, whose score is `floor`.
  const wanted = Math.max(0, Math.min(n, MAX_ASKED));
  const best = [];
  let floor = -Infinity;
  // Whether `item` (whose total is `total`) ranks ahead of `other`.
  const ahead = (item, total, other) => total > totals[other] || (total === totals[other] && item < other);
  for (let t = 0; t < touches && wanted > 0; t++) {
    const item = touched[t], total = totals[item];
    if (state[item] !== CANDIDATE || total < floor) continue;
    if (best.length === wanted && !ahead(item, total, best[wanted - 1])) continue;
    // Into the last place (the one that drops out when all are held), moved up past the worse.
    let at = best.length === wanted ? wanted - 1 : best.length;
    for (; at > 0 && ahead(item, total, best[at - 1]); at--) best[at] = best[at - 1];
    best[at] = item;
    if (best.length === wanted) floor = totals[best[wanted - 1]];
  }
  const answer = best.map((item) => ({ id: model.ids[item], name: model.names[item], href: model.hrefs[item], score: totals[item] }));
  // Then the shop's most bought, for the places left: never what is left out nor already given.
  for (const item of best) state[item] = LEFT_OUT;
  for (let k = 0; k < mostBought.length && answer.length < wanted; k++) {
    const item = mostBought[k];
    if (state[item] === LEFT_OUT) continue;
    if (state[item] === UNTOUCHED) touched[touches++] = item;
    state[item] = LEFT_OUT;
    answer.push({ id: model.ids[item], name: model.names[item], href: model.hrefs[item], score: 0 });
  }
  for (let t = 0; t < touches; t++) {
    totals[touched[t]] = 0;
    state[touched[t]] = UNTOUCHED;
  }
  return answer;
}

/**
 * Loads a recommendations file into `p`: `recommend` ranks from it, and the engine's attribute
 * `recommended` too. Throws `invalid_model` for a corrupt file (the one in use stays).
 */
export function useRecommendations(p, text) {
  if (typeof text !== "string") throw failure("invalid_argument", "useRecommendations: expected the file's text, a string");
  if (typeof p?.setRecommender !== "function") throw failure("invalid_argument", "useRecommendations: expected a Personalizer");
  const model = parse(text);
  models.set(p, model);
  p.setRecommender((request) => rank(model, request));
  return model.ids.length;
}

/** Up to `n` items for the shopper of `p`, best first. Never throws. */
export function recommend(p, n, context) {
  try {
    // Asked even without a file: the Personalizer reports an `n` that is not a number ≥ 0.
    const request = p.recommendationRequest(n, context);
    const model = models.get(p);
    return model && request ? rank(model, request) : [];
  } catch {
    return []; // not a Personalizer, or one freed
  }
}
