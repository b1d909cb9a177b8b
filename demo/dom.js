// A tiny DOM builder for the demo: elements from properties and children, text always as text
// (no innerHTML anywhere, so the page works under Trusted Types).

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key.includes("-") || key === "role" || key === "for") el.setAttribute(key, value === true ? "" : String(value));
    else el[key] = value;
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}
