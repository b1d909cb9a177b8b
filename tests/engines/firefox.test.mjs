// The representative end-to-end checks (checks.mjs) in Firefox ESR, one geckodriver session.
import { engineTests } from "./checks.mjs";

engineTests("firefox");
