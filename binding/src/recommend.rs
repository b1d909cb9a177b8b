//! The hook the JavaScript module `crumbtrail/recommend` plugs into: `recommendationRequest`, what
//! the module needs to rank items for the shopper (their recent items with their times, and the
//! page's product), and `setRecommender`, the function the engine asks for the attribute
//! `recommended`. Reading the file and ranking are the module's: they stay out of this wasm.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{from_js, from_json_text, get};
use super::personalizer::Personalizer;
use super::shared::invalid_argument;
use super::types::{ContextArg, CountArg, RecommendationRequestOrNull, RecommenderArg};
use crumbtrail_core::recommender::{self, RecommendedSource, ATTRIBUTE_ITEMS};
use crumbtrail_core::{Code, Error, Value};

#[wasm_bindgen]
impl Personalizer {
    /// What `recommend` of `crumbtrail/recommend` ranks from: `{ n, product, trail }`, the shopper's
    /// recently viewed items, open cart lines and recently bought items with their times, `n` at
    /// most 100, and `product` the one `context.product` names (the page's own), else null.
    /// Never throws: an `n` that is not a number ≥ 0 is reported to `onError`, and gives null.
    #[wasm_bindgen(js_name = recommendationRequest)]
    pub fn recommendation_request(&self, n: &CountArg, context: Option<ContextArg>) -> RecommendationRequestOrNull {
        let count = match n.as_f64() {
            Some(n) if n >= 0.0 => n as usize, // saturating; NaN is not ≥ 0
            _ => {
                self.shared.report(invalid_argument("recommend: n must be a number ≥ 0"));
                return JsValue::NULL.unchecked_into();
            }
        };
        // Only `product` is read, and only as a string or a number: nothing else crosses.
        let product = context.map_or(JsValue::UNDEFINED, |c| get(&c, "product"));
        let product = product.as_string().map(Value::String).or_else(|| product.as_f64().map(Value::Number));
        let page = product.map_or(Value::Null, |product| Value::object([("product", product)]));
        let request = self.shared.with(None, |state, _, _| Some(state.session.recommendation_request(count, &page)));
        request.map_or(JsValue::NULL, |text| from_json_text(&text)).unchecked_into()
    }

    /// The function the engine asks for the attribute `recommended` (`useRecommendations` of
    /// `crumbtrail/recommend` sets it), called with `{ n: 4, product, trail }` whenever a
    /// message's condition or placeholder reads the attribute; `null` removes it. What it throws
    /// or gives that is not a list of recommendations is reported to `onError` and counts as none.
    /// Never throws: anything but a function or null is reported and ignored.
    #[wasm_bindgen(js_name = setRecommender)]
    pub fn set_recommender(&self, recommender: &RecommenderArg) {
        let source = match recommender.dyn_ref::<Function>() {
            Some(f) => Some(source(f.clone(), self.shared.recommender_errors.clone())),
            None if recommender.is_null() => None,
            None => return self.shared.report(invalid_argument("setRecommender: expected a function or null")),
        };
        self.shared.with((), |state, fx, _| state.session.recommended_by(source, fx));
    }
}

/// The engine's source over the page's function: errors wait in `errors` until the call that
/// asked is over (the state is in use while the attribute is worked out).
fn source(f: Function, errors: Rc<RefCell<Vec<Error>>>) -> RecommendedSource {
    RecommendedSource::new(move |trail, exclude| {
        let request = from_json_text(&recommender::request_text(trail, ATTRIBUTE_ITEMS, exclude));
        let answer = f.call1(&JsValue::UNDEFINED, &request).map_err(|thrown| {
            let why = thrown.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()));
            let why = why.or_else(|| thrown.as_string()).unwrap_or_else(|| "something".into());
            Error::new(Code::InvalidArgument, format!("recommendations: the recommender threw: {why}"))
        });
        match answer.and_then(|answer| recommender::checked(&from_js(&answer))) {
            Ok(items) => items,
            Err(error) => {
                if let Ok(mut errors) = errors.try_borrow_mut() {
                    errors.push(error);
                }
                Value::Array(Vec::new())
            }
        }
    })
}
