// The representative end-to-end checks (checks.mjs) in WebKitGTK, Safari's engine: one
// WebKitWebDriver session driving MiniBrowser on an X display (Xvfb when there is none).
import { engineTests } from "./checks.mjs";

engineTests("webkit");
