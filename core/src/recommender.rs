//! Recommendations for this shopper: a loaded [`Model`] read against the profile's trail.
//!
//! The profile keeps items by their stored keys ([`stored_key`]): an id longer than
//! [`STORED_KEY_CHARS`] characters is kept as a prefix and a
//! hash. The [`Recommender`] finds those in the model too, through a table of the model's long ids
//! by their stored keys built when it is loaded, so that a shop with long ids is served like one
//! with short ones. The page names its current product as `page.product` (a string, or a whole
//! number as GA4 allows for `item_id`); it is never recommended, nor is anything the shopper bought
//! or has in the cart.
//!
//! What the attribute `recommended` and `recommend()` return: `[{ id, name, href, score }]`, best
//! first, `name` and `href` `null` when the file has none.
//!
//! The engine does not hold a [`Recommender`]: it asks a [`RecommendedSource`] for the attribute.
//! Host tools serve one made from a [`Recommender`]; the storefront's comes from the JavaScript
//! module `crumbtrail/recommend`, which reads the same file and ranks the same way, so that the
//! reader and the scorer stay out of the storefront's wasm. What such a source gets is a
//! [`request_text`], and what it gives back is [`checked`] before any condition reads it.

use std::fmt;
use std::rc::Rc;

use crate::base::error::{Code, Error};
use crate::base::hash::fnv1a32;
use crate::base::json;
use crate::base::read::MAX_SAFE;
use crate::base::value::{self, Map, Value};
use crate::profile::{stored_key, Profile, STORED_KEY_CHARS};
use crate::recommend::model::{Model, ModelError};
use crate::recommend::serve::{recommend, Recommendation, TrailItem, TrailKind};

/// Items in the attribute `recommended`.
pub const ATTRIBUTE_ITEMS: usize = 4;
/// Most items one `recommend` call returns.
pub const MAX_ITEMS: usize = 100;

impl From<ModelError> for Error {
    fn from(e: ModelError) -> Error {
        Error::new(Code::InvalidModel, format!("recommendations: {e}"))
    }
}

/// A loaded model, with its long ids by their stored keys.
#[derive(Clone, PartialEq)]
pub struct Recommender {
    model: Model,
    long_ids: LongIds,
}

/// The model's ids longer than the stored keys, by the hash that ends their stored key
/// (`<prefix>~<fnv1a32 of the id in hex>`): open addressing with linear probing, at most half
/// full, each slot the hash and the item's index + 1 (0: empty). No sort, and a lookup in a probe
/// or two however many long ids share a prefix (Shopify's `gid://shopify/ProductVariant/…` do).
#[derive(Clone, PartialEq, Default)]
struct LongIds {
    slots: Vec<(u32, u32)>,
}

impl LongIds {
    fn of(model: &Model) -> LongIds {
        let long: Vec<u32> =
            (0..model.len() as u32).filter(|&i| model.id(i).chars().count() > STORED_KEY_CHARS).collect();
        if long.is_empty() {
            return LongIds::default();
        }
        let mut table = LongIds { slots: vec![(0, 0); (2 * long.len()).next_power_of_two()] };
        let mask = table.slots.len() - 1;
        for index in long {
            let hash = fnv1a32(model.id(index));
            let mut at = hash as usize & mask;
            // At most half full: an empty slot comes before a full round.
            for _ in 0..table.slots.len() {
                match table.slots.get_mut(at) {
                    Some(slot) if slot.1 == 0 => {
                        *slot = (hash, index + 1);
                        break;
                    }
                    _ => at = (at + 1) & mask,
                }
            }
        }
        table
    }

    /// The index of the long id whose stored key is `key`.
    fn find(&self, model: &Model, key: &str) -> Option<u32> {
        let hex = key.len().checked_sub(8).and_then(|at| key.get(at..))?;
        let hash = hex.chars().try_fold(0_u32, |h, c| Some((h << 4) | c.to_digit(16)?))?;
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = hash as usize & mask;
        for _ in 0..self.slots.len() {
            match self.slots.get(at).copied() {
                None | Some((_, 0)) => return None,
                Some((h, index)) if h == hash && stored_key(model.id(index - 1)) == key => return Some(index - 1),
                Some(_) => at = (at + 1) & mask,
            }
        }
        None
    }
}

impl fmt::Debug for Recommender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Recommender({} items)", self.model.len())
    }
}

impl Recommender {
    /// Reads a recommendations file; a corrupt one is an [`Code::InvalidModel`] error naming the line.
    pub fn parse(text: &str) -> Result<Recommender, Error> {
        Ok(Recommender::new(Model::parse(text)?))
    }

    /// Serves `model`.
    pub fn new(model: Model) -> Recommender {
        let long_ids = LongIds::of(&model);
        Recommender { model, long_ids }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Up to `n` items for the shopper of `profile`, best first, never `exclude` (a full id, as
    /// the page gives it) nor what they bought or have in the cart.
    pub fn recommend(&self, profile: &Profile, n: usize, exclude: Option<&str>) -> Vec<Recommendation<'_>> {
        self.recommend_for(&profile.trail(), n, exclude)
    }

    /// [`Recommender::recommend`] for a trail by stored keys, as [`Profile::trail`] gives it.
    pub fn recommend_for(&self, trail: &[TrailItem<'_>], n: usize, exclude: Option<&str>) -> Vec<Recommendation<'_>> {
        let trail: Vec<TrailItem<'_>> =
            trail.iter().map(|entry| TrailItem { item: self.model_id(entry.item), ..*entry }).collect();
        recommend(&self.model, &trail, n.min(MAX_ITEMS), exclude)
    }

    /// The model's id for a stored key: the long id it stands for, else the key itself.
    fn model_id<'a>(&'a self, key: &'a str) -> &'a str {
        match self.long_ids.find(&self.model, key) {
            Some(index) => self.model.id(index),
            None => key,
        }
    }
}

/// The current product the page context names (`page.product`), if any.
pub fn current_product(page: &Value) -> Option<String> {
    match page.get("product")? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) if n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(n) => {
            let mut buffer = [0; 20];
            Some(value::digits(*n as u64, &mut buffer).iter().map(|&b| char::from(b)).collect())
        }
        _ => None,
    }
}

/// Recommendations as the attribute and `recommend()` give them.
pub fn to_value(items: &[Recommendation<'_>]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|r| {
                let mut item = Map::default();
                item.insert("id", r.id.into());
                item.insert("name", r.name.into());
                item.insert("href", r.href.into());
                item.insert("score", r.score.into());
                Value::Object(item)
            })
            .collect(),
    )
}

/// Where the attribute `recommended` comes from: given the shopper's trail (by stored keys) and
/// the page's product, the top [`ATTRIBUTE_ITEMS`] as `[{ id, name, href, score }]`. Shared, not
/// copied, by a cloned engine.
#[derive(Clone)]
pub struct RecommendedSource(Rc<RecommendedFn>);

/// What a [`RecommendedSource`] calls: the trail and the page's product in, the attribute out.
type RecommendedFn = dyn Fn(&[TrailItem<'_>], Option<&str>) -> Value;

impl RecommendedSource {
    /// A source from a function.
    pub fn new(f: impl Fn(&[TrailItem<'_>], Option<&str>) -> Value + 'static) -> RecommendedSource {
        RecommendedSource(Rc::new(f))
    }

    /// The attribute for this trail, never `exclude`.
    pub fn recommended(&self, trail: &[TrailItem<'_>], exclude: Option<&str>) -> Value {
        (self.0)(trail, exclude)
    }

    /// Whether two sources are the same one.
    pub fn same(&self, other: &RecommendedSource) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for RecommendedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecommendedSource")
    }
}

/// Host tools serve a loaded file with the Rust scorer.
impl From<Recommender> for RecommendedSource {
    fn from(recommender: Recommender) -> RecommendedSource {
        RecommendedSource::new(move |trail, exclude| {
            to_value(&recommender.recommend_for(trail, ATTRIBUTE_ITEMS, exclude))
        })
    }
}

/// A trail entry's kind, one letter: `v`iewed, in the `c`art, `b`ought.
fn kind_letter(kind: TrailKind) -> u8 {
    match kind {
        TrailKind::Viewed => b'v',
        TrailKind::AddedToCart => b'c',
        TrailKind::Purchased => b'b',
    }
}

/// What a source outside the core is asked, as JSON text: `{ n, product, ids, kinds, times }`,
/// the trail in columns — `ids[i]` was viewed (`kinds[i]` is `v`), is in the open cart (`c`) or
/// was bought (`b`) at `times[i]`, ms since the epoch — and `product` the page's product or
/// `null`. Columns, not an object per entry: the page parses the request on every `recommend`,
/// and `JSON.parse` reads arrays of strings and numbers about three times faster than as many
/// small objects. Written directly, not through a [`Value`], which cost the wasm twice the time
/// (≈ 1.5 µs per trail entry in the page). The same text answers `recommendationRequest`.
pub fn request_text(trail: &[TrailItem<'_>], n: usize, product: Option<&str>) -> String {
    let mut digits = [0; 20];
    let mut out = String::with_capacity(64 + trail.len() * 32);
    out.push_str("{\"n\":");
    out.extend(value::digits(n as u64, &mut digits).iter().map(|&b| char::from(b)));
    out.push_str(",\"product\":");
    match product {
        Some(product) => json::write_json_string(product, &mut out),
        None => out.push_str("null"),
    }
    out.push_str(",\"ids\":[");
    for (i, entry) in trail.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_json_string(entry.item, &mut out);
    }
    out.push_str("],\"kinds\":\"");
    out.extend(trail.iter().map(|entry| char::from(kind_letter(entry.kind))));
    out.push_str("\",\"times\":[");
    for (i, entry) in trail.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.extend(value::digits(entry.at, &mut digits).iter().map(|&b| char::from(b)));
    }
    out.push_str("]}");
    out
}

/// What a source outside the core gave, checked before any condition reads it: a list of
/// `{ id: non-empty string, name: string | null, href: string | null, score: finite number }`,
/// each rebuilt with those four fields only, the first [`ATTRIBUTE_ITEMS`] kept. Anything else is
/// an `invalid_argument` error (the caller reports it and uses no recommendations).
pub fn checked(answer: &Value) -> Result<Value, Error> {
    let junk = |why: &str| Error::new(Code::InvalidArgument, format!("recommendations: the recommender gave {why}"));
    let Value::Array(items) = answer else { return Err(junk("something that is not a list")) };
    let text = |item: &Value, name: &str| match item.get(name) {
        None | Some(Value::Null) => Some(Value::Null),
        Some(Value::String(s)) => Some(Value::String(s.clone())),
        Some(_) => None,
    };
    let mut kept = Vec::new();
    for item in items.iter().take(ATTRIBUTE_ITEMS) {
        let (Some(Value::String(id)), Some(name), Some(href), Some(Value::Number(score))) =
            (item.get("id"), text(item, "name"), text(item, "href"), item.get("score"))
        else {
            return Err(junk("an item without a string id, or with a name, href or score of the wrong type"));
        };
        if id.is_empty() || !score.is_finite() {
            return Err(junk("an item with an empty id or a score that is not finite"));
        }
        let fields = [("id", Value::String(id.clone())), ("name", name), ("href", href), ("score", (*score).into())];
        kept.push(Value::object(fields));
    }
    Ok(Value::Array(kept))
}
