//! The Rust side of the API's TypeScript shapes: the shapes themselves are declared once, in
//! `binding/types/shapes.d.ts`, which scripts/build puts into the generated `.d.ts`; the Rust
//! signatures point at them by name (`typescript_type`) so that editors show real fields instead
//! of `any`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `PersonalizerOptions`
    #[wasm_bindgen(typescript_type = "PersonalizerOptions")]
    pub type PersonalizerOptions;
    /// `TrailEvent`
    #[wasm_bindgen(typescript_type = "TrailEvent")]
    pub type TrailEventArg;
    /// `StageReport`
    #[wasm_bindgen(typescript_type = "StageReport")]
    pub type StageReportValue;
    /// `Attributes`
    #[wasm_bindgen(typescript_type = "Attributes")]
    pub type AttributesValue;
    /// `Consent | Partial<ConsentPurposes>`
    #[wasm_bindgen(typescript_type = "Consent | Partial<ConsentPurposes>")]
    pub type ConsentArg;
    /// `ConsentPurposes`
    #[wasm_bindgen(typescript_type = "ConsentPurposes")]
    pub type ConsentPurposesValue;
    /// `KnownOrders`
    #[wasm_bindgen(typescript_type = "KnownOrders")]
    pub type KnownOrdersArg;
    /// `string` (checked at run time, so that a wrong type is reported rather than thrown)
    #[wasm_bindgen(typescript_type = "string")]
    pub type SlotArg;
    /// `string` (checked at run time)
    #[wasm_bindgen(typescript_type = "string")]
    pub type MessageIdArg;
    /// `Record<string, unknown>`
    #[wasm_bindgen(typescript_type = "Record<string, unknown>")]
    pub type ContextArg;
    /// `Element`
    #[wasm_bindgen(typescript_type = "Element")]
    pub type ElementArg;
    /// `Decision | null`
    #[wasm_bindgen(typescript_type = "Decision | null")]
    pub type DecisionOrNull;
    /// `Record<string, unknown>` (any attributes, for `evalCondition`)
    #[wasm_bindgen(typescript_type = "Record<string, unknown>")]
    pub type AttributesArg;
    /// `Condition`
    #[wasm_bindgen(typescript_type = "Condition")]
    pub type ConditionArg;
    /// `Record<string, unknown[]>`
    #[wasm_bindgen(typescript_type = "Record<string, unknown[]>")]
    pub type SavedGroupsArg;
    /// `number` (checked at run time)
    #[wasm_bindgen(typescript_type = "number")]
    pub type CountArg;
    /// `RecommendationRequest | null`
    #[wasm_bindgen(typescript_type = "RecommendationRequest | null")]
    pub type RecommendationRequestOrNull;
    /// `Promise<Personalizer>`
    #[wasm_bindgen(typescript_type = "Promise<Personalizer>")]
    pub type PersonalizerPromise;
    /// `Recommender | null` (checked at run time)
    #[wasm_bindgen(typescript_type = "Recommender | null")]
    pub type RecommenderArg;
}
