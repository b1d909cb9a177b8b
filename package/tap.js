// Reading a `dataLayer` as Tag Manager does, shared by `crumbtrail/datalayer` (events) and the
// Consent Mode adapter of `crumbtrail/consent` (consent commands), so that both read it alike.
//
// Listening wraps the array's `push` without ever breaking the host's own use of it: the wrapper
// calls the `push` it found (Tag Manager's own wrapper, say) with the same `this` and arguments and
// returns its result, then hands the entries on through a queue, so that a push made while an entry
// is being read is read after it rather than inside it. Exceptions in crumbtrail's part never reach
// the caller. Detaching puts the original `push` back when nobody wrapped it since, and otherwise
// leaves the later wrappers in place and turns crumbtrail's part off.

const GTAG_COMMANDS = ["event", "consent", "config", "set", "js", "get"];

/** Own, enumerable members only: a page may have polluted Object.prototype. */
export const own = (o, key) =>
  o !== null && typeof o === "object" && Object.prototype.propertyIsEnumerable.call(o, key) ? o[key] : undefined;

/**
 * The arguments of a `gtag()` call: an `arguments` object (`{0: …, 1: …}`) or an array, whose
 * first element names a gtag command; otherwise undefined.
 */
export function gtagArguments(entry) {
  let args = entry;
  if (own(entry, "0") !== undefined) {
    args = [];
    for (let i = 0; own(entry, String(i)) !== undefined; i++) args[i] = entry[i];
  }
  return Array.isArray(args) && GTAG_COMMANDS.includes(args[0]) ? args : undefined;
}

/** Reads every entry of `target` already there, then every later push, with `onEntry`. No Array
 * method is called (a page may have replaced `Array.prototype.push`). */
export function tapPush(target, onEntry) {
  const previous = target.push;
  const queue = [];
  let head = 0, active = true, draining = false;
  const read = (entries) => {
    for (let i = 0; i < entries.length; i++) queue[queue.length] = entries[i];
    if (draining) return; // pushed while an entry is read (from a callback): read after it
    draining = true;
    try {
      while (head < queue.length) {
        const entry = queue[head];
        queue[head++] = undefined;
        try { onEntry(entry); } catch { /* never the host's problem */ }
      }
      queue.length = head = 0;
    } finally {
      draining = false;
    }
  };
  const wrapper = function () {
    const result = previous.apply(this, arguments);
    if (active) read(arguments);
    return result;
  };
  target.push = wrapper;
  read(target);
  return () => {
    active = false;
    if (target.push === wrapper) target.push = previous;
  };
}
