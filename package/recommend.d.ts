import type { Personalizer, Recommendation } from "./index.js";

/**
 * Loads a recommendations file made by the learn step (docs/guide/recommendations.md) into
 * `personalizer`, as text: fetched from the shop's origin or inlined in the page. From then on
 * {@link recommend} ranks from it, and so does the attribute `recommended` that messages read.
 * Returns the number of items in the file. Throws a `CrumbtrailError` with code `invalid_model`,
 * naming the line, for a corrupt file (the file in use, if any, stays), and `invalid_argument` for
 * text that is not a string or a `personalizer` that is not one. Plain JavaScript: only the shops
 * that import it load it.
 *
 * ```ts
 * import { useRecommendations, recommend } from "crumbtrail/recommend";
 * useRecommendations(p, await (await fetch("/recommendations.txt")).text());
 * ```
 */
export function useRecommendations(personalizer: Personalizer, text: string): number;

/**
 * Up to `n` (at most 100) items for the shopper of `personalizer`, best first: related to what
 * they viewed, put in the cart and bought (recent ones count more, half as much per 7 days),
 * never what they bought or have in the cart, nor the product `context.product` names (the page's
 * own). The places their items leave (a new shopper, items without related ones in the file) go
 * to the shop's most bought items, in order, with `score` 0. Empty without a recommendations file.
 * Never throws: an `n` that is not a number ≥ 0 is reported to the Personalizer's `onError`
 * (`invalid_argument`).
 *
 * ```ts
 * const [top] = recommend(p, 4, { product: "SKU-1" }); // { id, name, href, score }
 * ```
 */
export function recommend(personalizer: Personalizer, n: number, context?: { product?: string | number } & Record<string, unknown>): Recommendation[];
