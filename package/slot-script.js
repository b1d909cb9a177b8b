// The classic script: <script src="…/crumbtrail/slot.js" data-storage-key="…"></script> in <head>
// (or its text inlined). It defines <crumbtrail-slot> before the body is parsed.
import { defineSlot } from "./slot.js";

defineSlot(document.currentScript?.getAttribute("data-storage-key") || undefined);
