// The slot script's text, from the installed package, inline in <head> (in place of app.html's
// %crumbtrail.slot%).
import slot from "crumbtrail/slot.js?raw";

export const handle = ({ event, resolve }) => resolve(event, { transformPageChunk: ({ html }) => html.replace("%crumbtrail.slot%", () => slot) });
