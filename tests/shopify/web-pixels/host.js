// The top frame's side of the Web Pixels stub (runtime.js runs in the sandboxed frame): executes the
// pixel's `browser.localStorage` / `sessionStorage` calls on this page's storage, answering each by
// message a little later (so every call is asynchronous, as Shopify's are), and publishes standard
// events into the frame. `window.pixel` resolves once the pixel registered: `{ subscribed,
// publish(events) }`, where `publish` resolves once the pixel's callbacks for them have settled;
// `window.pixelCalls` lists the storage calls the pixel made, as [area, method, ...args].
(() => {
  let registered;
  let batches = 0;
  const published = new Map();
  window.pixel = new Promise((resolve) => (registered = resolve));
  window.pixelCalls = [];
  addEventListener("message", (e) => {
    const message = e.data;
    if (!message?.webPixels) return;
    const frame = e.source;
    if (message.webPixels === "registered") {
      registered({
        subscribed: message.subscribed,
        publish(events) {
          const batch = batches++;
          return new Promise((resolve) => {
            published.set(batch, resolve);
            frame.postMessage({ webPixels: "publish", batch, events }, "*");
          });
        },
      });
    } else if (message.webPixels === "published") {
      published.get(message.batch)?.();
      published.delete(message.batch);
    } else if (message.webPixels === "call") {
      window.pixelCalls.push([message.area, message.method, ...message.args]);
      setTimeout(() => {
        let answer;
        try {
          const area = window[message.area];
          const result = message.method === "length" ? area.length : area[message.method](...message.args);
          answer = { webPixels: "answer", id: message.id, result: result ?? null };
        } catch (error) {
          answer = { webPixels: "answer", id: message.id, error: String(error) };
        }
        frame.postMessage(answer, "*");
      }, 5);
    }
  });
})();
