// An IAB TCF v2.2 CMP, written from the IAB Tech Lab's CMP API v2 specification: the stub a page
// puts first (`__tcfapi` queueing every call until the CMP's main script arrives), then the CMP's
// own `__tcfapi(command, 2, callback, parameter)` with `ping`, `addEventListener` (the callback is
// called at once with the current TCData and a `listenerId`, then on every change) and
// `removeEventListener` (by `listenerId`). TCData's `eventStatus` is "tcloaded" when a valid TC
// string was there already, "cmpuishown" when the UI shows (every consent false until the visitor
// acts), "useractioncomplete" once they confirmed. Where GDPR does not apply, TCData holds only
// `gdprApplies: false` and the CMP's ids. No real TC string is encoded: `tcString` is a placeholder.

const CMP_ID = 999;

/**
 * A TCF CMP. `stub()` is the page's stub snippet (calls queue); `load({ gdprApplies, previous })` is
 * the CMP arriving, with a returning visitor's earlier choice (`{ purposes, publisher }`, lists of
 * purpose numbers) or none (the UI shows); `choose({ purposes, publisher })` is the visitor
 * confirming (publisher defaults to purposes); `withdraw()` is re-opening the UI and refusing all.
 */
export function tcfStub() {
  const listeners = new Map();
  let nextId = 1;
  let current, loaded = false;
  const vector = (numbers = []) => Object.fromEntries(numbers.map((n) => [n, true]));
  const tcData = (eventStatus, { purposes = [], publisher = purposes } = {}) => ({
    tcString: "placeholder-tc-string",
    tcfPolicyVersion: 4,
    cmpId: CMP_ID,
    cmpVersion: 1,
    gdprApplies: true,
    eventStatus,
    cmpStatus: "loaded",
    isServiceSpecific: true,
    useNonStandardTexts: false,
    publisherCC: "NL",
    purposeOneTreatment: false,
    purpose: { consents: vector(purposes), legitimateInterests: {} },
    vendor: { consents: {}, legitimateInterests: {} },
    specialFeatureOptins: {},
    publisher: { consents: vector(publisher), legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: {} },
  });
  const tell = (id, callback) => callback({ ...current, listenerId: id }, true);
  const change = (data) => {
    current = data;
    for (const [id, callback] of listeners) tell(id, callback);
  };
  const api = (command, version, callback, parameter) => {
    if (typeof callback !== "function") return;
    if (version !== 2) return callback(null, false);
    if (command === "ping") {
      return callback({ gdprApplies: current.gdprApplies, cmpLoaded: true, cmpStatus: "loaded", displayStatus: "hidden",
        apiVersion: "2.2", cmpVersion: 1, cmpId: CMP_ID, gvlVersion: 1, tcfPolicyVersion: 4 });
    }
    if (command === "addEventListener") {
      const id = nextId++;
      listeners.set(id, callback);
      return tell(id, callback);
    }
    if (command === "removeEventListener") return callback(listeners.delete(parameter));
    callback(null, false);
  };
  return {
    stub() {
      const queue = [];
      window.__tcfapi = (...args) => {
        if (args[0] === "ping") return args[2]?.({ gdprApplies: undefined, cmpLoaded: false, cmpStatus: "stub", apiVersion: "2.2" }, true);
        queue.push(args);
      };
      window.__tcfapi.a = queue;
    },
    load({ gdprApplies = true, previous } = {}) {
      const queued = window.__tcfapi?.a ?? [];
      current = gdprApplies === false
        ? { gdprApplies: false, tcfPolicyVersion: 4, cmpId: CMP_ID, cmpVersion: 1 }
        : previous ? tcData("tcloaded", previous) : tcData("cmpuishown");
      window.__tcfapi = api;
      loaded = true;
      for (const args of queued) api(...args);
    },
    choose(choice) {
      change(tcData("useractioncomplete", choice));
    },
    withdraw() {
      change(tcData("cmpuishown"));
      change(tcData("useractioncomplete", {}));
    },
    /** Whether a reader has registered a listener since the CMP arrived (true before it does). */
    looked: () => !loaded || nextId > 1,
    /** How many listeners the CMP still calls. */
    listening: () => listeners.size,
  };
}
