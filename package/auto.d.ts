import type { Personalizer } from "./index.js";

/**
 * The Personalizer this entry made from `<script type="application/json" id="crumbtrail-config">`
 * once the page had loaded, or null (no WebAssembly, or a config that was refused: see the console;
 * and during server rendering, where importing this entry does nothing).
 */
export const ready: Promise<Personalizer | null>;
