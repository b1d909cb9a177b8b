// OneTrust's web SDK as it leaves the page, written from OneTrust's developer documentation: the
// `OnetrustActiveGroups` string (",C0001,C0003,": the groups active now, consented or always
// active), the `OneTrust` object with `IsAlertBoxClosed()` (the visitor has answered the banner),
// `AllowAll()`, `RejectAll()`, `UpdateConsent("Category", "C0004:1")` and `OnConsentChanged(fn)`;
// and, each time the script loads and whenever the groups change, the page's own
// `OptanonWrapper()` and a window event `OneTrustGroupsUpdated` whose `detail` lists the active groups.

const GROUPS = ["C0001", "C0002", "C0003", "C0004", "C0005"]; // strictly necessary, performance, functional, targeting, social media

/**
 * A OneTrust banner. `load(previous?)` is the SDK arriving (with a returning visitor's earlier
 * choice: the groups they allowed); `choose(groups)` is the visitor confirming their choices in
 * the preference center; `withdraw()` is "Reject all".
 */
export function oneTrustStub() {
  let active = ["C0001"];
  let closed = false, loaded = false, asked = false;
  const changed = [];
  const announce = () => {
    window.OnetrustActiveGroups = `,${active.join(",")},`;
    if (typeof window.OptanonWrapper === "function") window.OptanonWrapper();
    window.dispatchEvent(new CustomEvent("OneTrustGroupsUpdated", { detail: [...active] }));
  };
  const save = (groups) => {
    active = ["C0001", ...GROUPS.filter((g) => g !== "C0001" && groups.includes(g))];
    closed = true;
    announce();
    for (const fn of changed) fn(new CustomEvent("consent.onetrust", { detail: [...active] }));
  };
  const sdk = {
    IsAlertBoxClosed: () => {
      asked = true;
      return closed;
    },
    AllowAll: () => save(GROUPS),
    RejectAll: () => save([]),
    UpdateConsent(kind, value) {
      const [group, on] = String(value).split(":");
      if (kind !== "Category" || !GROUPS.includes(group)) return;
      save(on === "1" ? [...active, group] : active.filter((g) => g !== group));
    },
    OnConsentChanged: (fn) => changed.push(fn),
    ToggleInfoDisplay() {},
    Close() {},
  };
  return {
    load(previous) {
      if (previous) {
        active = ["C0001", ...GROUPS.filter((g) => g !== "C0001" && previous.includes(g))];
        closed = true;
      }
      window.OneTrust = window.Optanon = sdk;
      loaded = true;
      announce();
    },
    choose(groups) {
      save(groups);
    },
    withdraw() {
      sdk.RejectAll();
    },
    /** Whether a reader has asked `IsAlertBoxClosed()` since the SDK arrived (true before it does). */
    looked: () => !loaded || asked,
  };
}
