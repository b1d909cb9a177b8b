// The demo's clock travels (the inspector's +1, +30, +120 days): the slot script reads the same
// shifted clock as crumbtrail's `now` option, so that kept decisions are read at the demo's time.
// A real shop leaves this out.
window.crumbtrailClock = () => {
  let offset = 0;
  try { offset = Number(JSON.parse(localStorage.getItem("trailhead:clock"))) || 0; } catch { /* real time */ }
  return Date.now() + offset;
};
