//! `useRecommendations` and `recommend`: a recommendations file the page fetched or inlined, and
//! the items it recommends for the shopper. Conversion only; reading the file, what it leaves out
//! and the attribute `recommended` are the core's (`crumbtrail_core::recommender`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{from_js, get, to_js};
use super::error::JsError;
use super::personalizer::{invalid_argument, Personalizer};
use super::types::{ContextArg, CountArg, RecommendationList, RecommendationsText};
use crumbtrail_core::base::value::Value;

#[wasm_bindgen]
impl Personalizer {
    /// Loads the recommendations file made by the learn step (README: "Recommendations"), as text:
    /// fetched from the shop's origin or inlined in the page. Returns the number of items in it.
    /// Throws a `CrumbtrailError` with code `invalid_model`, naming the line, for a corrupt file
    /// (the file in use, if any, stays), and `invalid_argument` for something that is not a string.
    ///
    /// ```ts
    /// p.useRecommendations(await (await fetch("/recommendations.txt")).text());
    /// ```
    #[wasm_bindgen(js_name = useRecommendations)]
    pub fn use_recommendations(&self, text: &RecommendationsText) -> Result<u32, JsError> {
        let Some(text) = text.as_string() else {
            return Err(invalid_argument("useRecommendations: expected the file's text, a string").into());
        };
        let loaded = self.shared.with(Ok(0), |state, fx, _| state.session.use_recommendations(&text, fx));
        Ok(u32::try_from(loaded?).unwrap_or(u32::MAX))
    }

    /// Up to `n` items for the shopper, best first: related to what they viewed, put in the cart
    /// and bought (recent ones count more), never what they bought or have in the cart, nor the
    /// product `context.product` names (the page's own). Empty without a recommendations file.
    /// Never throws: an `n` that is not a number is reported to `onError`.
    ///
    /// ```ts
    /// const [top] = p.recommend(4, { product: "SKU-1" }); // { id, name, href, score }
    /// ```
    pub fn recommend(&self, n: &CountArg, context: Option<ContextArg>) -> RecommendationList {
        let count = match n.as_f64() {
            Some(n) if n >= 0.0 => n as usize, // saturating; NaN is not ≥ 0
            _ => {
                self.shared.report(invalid_argument("recommend: n must be a number ≥ 0"));
                0
            }
        };
        // Only `product` is read: the rest of the context does not cross the boundary.
        let product = context.map_or(JsValue::UNDEFINED, |c| get(&c, "product"));
        let page = if product.is_undefined() { Value::Null } else { Value::object([("product", from_js(&product))]) };
        let items = self.shared.with(Value::Array(Vec::new()), |state, _, _| state.session.recommend(count, &page));
        to_js(&items).unchecked_into()
    }
}
