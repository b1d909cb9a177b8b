// What the integration modules (datalayer.js, shopify.js, segment.js) share: a page's value read
// as plain data, the lookups the mappings make in it, and the event objects they build. Each of
// them is bundled with its own copy by scripts/build; this file is not shipped on its own.
//
// The page's values are copied before they are read, as the wasm read them: own enumerable members
// only (a polluted Object.prototype adds nothing), a getter or proxy that throws reads as nothing,
// functions and `undefined` are left out, cycles and very deep or very large values are cut off.
// What the mappings return is therefore fresh plain data that shares nothing with the page's.

const isEnumerable = Object.prototype.propertyIsEnumerable;
const ownKeys = Object.keys;
const defineProperty = Object.defineProperty;
const isArray = Array.isArray;

/** Deepest nesting read from the page; deeper values read as `null` (cycles end here too). */
const MAX_DEPTH = 256;
/** Most values read in one call; the rest read as `null`. */
const MAX_VALUES = 200_000;
/** Most array entries read from one array. */
const MAX_ENTRIES = 10_000;
/** Most keys read from one object. */
const MAX_KEYS = 1_000;

/** Sets `key` of `object` as an own data member, even `__proto__`. */
export function setMember(object, key, value) {
  defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `value` as plain data (numbers, strings, booleans, null, arrays, objects), never throwing. */
export function plain(value) {
  let budget = MAX_VALUES;
  const read = (v, depth) => {
    if (budget-- <= 0) return null;
    const type = typeof v;
    if (type === "number" || type === "string" || type === "boolean") return v;
    if (depth >= MAX_DEPTH || v === null || type !== "object") return null;
    try {
      if (isArray(v)) {
        const length = Math.min(v.length, MAX_ENTRIES);
        const copy = [];
        for (let i = 0; i < length; i++) copy[i] = read(v[i], depth + 1);
        return copy;
      }
    } catch {
      return [];
    }
    const copy = {};
    let keys;
    try {
      keys = ownKeys(v);
    } catch {
      return copy; // a hostile proxy: an empty object
    }
    for (let i = 0; i < keys.length && i < MAX_KEYS; i++) {
      let member;
      try {
        member = v[keys[i]];
      } catch {
        continue;
      }
      if (member !== undefined && typeof member !== "function") setMember(copy, keys[i], read(member, depth + 1));
    }
    return copy;
  };
  return read(value, 0);
}

/**
 * True for an object that is not an array (nor null).
 *
 * @param {unknown} v
 * @returns {v is Record<string, any>}
 */
export const isObject = (v) => v !== null && typeof v === "object" && !isArray(v);

/** The own member `key` of plain object `v`, or undefined (for anything that is not an object). */
export const member = (v, key) => (isObject(v) && isEnumerable.call(v, key) ? v[key] : undefined);

/** The value at `path` below `v` (objects only), or undefined; `null` reads as undefined. */
export function at(v, path) {
  for (let i = 0; i < path.length && v != null; i++) v = member(v, path[i]);
  return v ?? undefined;
}

/**
 * `"12"`, `"-3.5"`, `"0.99"` as a number: up to 15 significant digits, no exponent, or undefined.
 * Exact to the last bit: the digits as a whole number, divided once by a power of ten that is
 * itself exact.
 */
function decimal(text) {
  const parts = /^(-?)([0-9]+)(?:\.([0-9]*))?$/.exec(text);
  if (!parts) return undefined;
  const [, sign, whole, fraction = ""] = parts;
  if (whole.length + fraction.length > 15) return undefined;
  const scaled = Number(whole + fraction) / 10 ** fraction.length;
  return sign ? -scaled : scaled;
}

/** A number, or a string holding a plain decimal (several tools send amounts and ratings as text). */
function number(v) {
  if (typeof v === "number") return v;
  return typeof v === "string" ? decimal(v.trim()) : undefined;
}

// Readers: each takes the value read from (an event, a product) and returns one field of the
// crumbtrail event, or undefined for a field left out.

/** Reads the first of these paths that holds something, as it is. */
export const any = (...paths) => (v) => first(paths, (path) => at(v, path));

/** Reads the first of these paths that holds a number (or a decimal string). */
export const amount = (...paths) => (v) => first(paths, (path) => number(at(v, path)));

/** Reads the array at `path`, each entry made into an item by `each`. */
export const list = (path, each) => (v) => {
  const found = at(v, path);
  return isArray(found) ? found.map((entry) => each(entry)) : undefined;
};

/** What `read` finds at the first of `paths` where it finds something. */
function first(paths, read) {
  for (const path of paths) {
    const found = read(path);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** An object of the members of `pairs` (`[key, value]`) whose value is neither undefined nor null. */
function object(pairs) {
  const result = {};
  for (const [key, value] of pairs) if (value != null) result[key] = value;
  return result;
}

/** An object of `fields` (`[key, reader]`), each read from `v`. */
export const fields = (readers, v) => object(readers.map(([key, read]) => [key, read(v)]));

/**
 * The event `table` (`{ theirName: [crumbtrailName, readers] }`) makes of `v` under `name`, or
 * null for a name it does not hold: `event: crumbtrailName`, then the fields the readers find.
 */
export function mapEvent(table, name, v) {
  const known = typeof name === "string" ? member(table, name) : undefined;
  if (!known) return null;
  const [kind, readers] = known;
  return { event: kind, ...fields(readers, v) };
}
