import type { DecisionReason, Reason, Stage } from "../index.js";

/**
 * The words a marketer reads, in Dutch: `crumbtrail/locale/nl`. Plain JavaScript, loaded only
 * by the shops that show stages and reasons in Dutch; the engine gives codes and figures.
 *
 * ```ts
 * import { describe, stages } from "crumbtrail/locale/nl";
 * const report = p.stage();
 * console.log(stages[report.stage], report.reasons.map(describe));
 * ```
 */
export declare const locale: "nl";
/** Each stage's name. */
export declare const stages: Readonly<Record<Stage, string>>;
/** For each reason code, the sentence its figures make. */
export declare const reasons: { readonly [C in Reason["code"]]: (values: Extract<Reason, { code: C }>["values"]) => string };
/** The reason's sentence ("2 orders, last 9 days ago; lapses after 45 days without an order"). */
/** For each code of a decision's reasons, the sentence its figures make. */
export declare const decisions: { readonly [C in DecisionReason["code"]]: (values: Extract<DecisionReason, { code: C }>["values"]) => string };
/** The sentence of a stage's reason ("2 orders, last 9 days ago; …") or a decision's ("priority 4 beat loyalty (2)"). */
export function describe(reason: Reason | DecisionReason): string;
