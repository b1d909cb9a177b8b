// The classic script: <script src="…/crumbtrail/slot.js" data-storage-key="…"></script> in <head>
// (or its text inlined). It defines <crumbtrail-slot> before the body is parsed. Imported as a
// module (`import "crumbtrail/slot"`) it does the same; during server rendering, where there is no
// document, it does nothing.
import { defineSlot } from "./slot.js";

if (typeof document == "object") defineSlot(document.currentScript?.getAttribute("data-storage-key") || undefined);
