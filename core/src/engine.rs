//! The engine: one shopper's profile with the rules to read it — everything `Personalizer` does,
//! minus the browser.
//!
//! The binding layer owns the I/O (storage, clock, callbacks) and calls in here for every
//! decision, so that all behaviour is tested natively. The engine never fails on outside data:
//! a bad event is an [`EventError`] for `onError`, and everything else is a value.

use std::cell::OnceCell;
use std::fmt;

use crate::attributes;
use crate::base::ecma::Runtime;
use crate::base::error::{Code, Error};
use crate::base::read::FieldError;
use crate::base::value::Value;
use crate::consent::Consent;
use crate::decide::ready::{self, Logged, Timeline};
use crate::decide::{Catalogue, Decision, Shopper};
use crate::event::{EventError, TrailEvent};
use crate::exposure::{Action, Arm, Exposure, Exposures};
use crate::lifecycle::{Stage, StageChange, StageMark, StageRules, DAY_MS};
use crate::predict::Priors;
use crate::profile::messages::Interaction;
use crate::profile::{known::KnownOrders, stored_key, writer::Writer, Facts, Notice, Profile};
use crate::recommender::{self, RecommendedSource};
use crate::stage::{self, Detail, StageReport};
use crate::store::{self, Document};

/// Visitor ids: 16 characters of `[0-9a-z]` (≈ 82 bits).
const VISITOR_ID_CHARS: usize = 16;

/// What tracking one event did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tracked {
    /// Things the shop should hear about, though the event was taken in.
    pub notices: Vec<Notice>,
    /// The stage changed with this event.
    pub change: Option<StageChange>,
}

/// One shopper, as seen by one tab.
#[derive(Debug, Clone)]
pub struct Engine {
    profile: Profile,
    writer: Writer,
    rules: StageRules,
    priors: Priors,
    catalogue: Catalogue,
    /// `profile.facts()`, kept between reports and decisions until the profile changes (a page
    /// decides for several slots, and again on every render, with nothing tracked in between).
    facts: Option<Facts>,
    /// The visitor id has been stored or read from storage. Until then it is this instance's fresh
    /// one, which gives way to any stored identity of its generation: comparing birth times cannot
    /// decide, since a reload with a fixed clock (or within the same millisecond) ties.
    claimed: bool,
    /// The exposures this instance (one page view) has reported.
    exposures: Exposures,
    /// Where the attribute `recommended` comes from, if anywhere.
    recommended_source: Option<RecommendedSource>,
    /// The shopper's offset from UTC, ms east: purchases count on their calendar day.
    utc_offset_ms: i64,
}

/// `seen`, `clicked` or `dismissed` named a message the catalogue does not have.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownMessage(pub String);

impl fmt::Display for UnknownMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no message \"{}\" in the catalogue", self.0)
    }
}

impl std::error::Error for UnknownMessage {}

impl From<UnknownMessage> for Error {
    fn from(e: UnknownMessage) -> Error {
        Error::new(Code::UnknownMessage, e.to_string())
    }
}

impl Engine {
    /// A new shopper at `now`. `seed` must be random (the browser layer takes it from `crypto`):
    /// it makes the visitor id and this tab's writer ids.
    pub fn new(rules: StageRules, priors: Priors, seed: u64, now: u64) -> Engine {
        let mut writer = Writer::new(seed);
        let profile = Profile::new(writer.random_id(VISITOR_ID_CHARS), now);
        Engine {
            profile,
            writer,
            rules,
            priors,
            catalogue: Catalogue::default(),
            facts: None,
            claimed: false,
            exposures: Exposures::default(),
            recommended_source: None,
            utc_offset_ms: 0,
        }
    }

    /// Counts order days on the calendar of a shopper `minutes` east of UTC (the browser's
    /// `-new Date().getTimezoneOffset()`), as a shop's export dates its orders. Offsets beyond
    /// ±18 hours are none that exists: taken as UTC.
    pub fn with_utc_offset(mut self, minutes: i32) -> Engine {
        self.utc_offset_ms = if minutes.abs() <= 18 * 60 { i64::from(minutes) * 60_000 } else { 0 };
        self
    }

    /// Takes the attribute `recommended` from `source` from now on (`None`: always empty).
    pub fn recommended_by(&mut self, source: Option<RecommendedSource>) {
        self.recommended_source = source;
    }

    /// Where the attribute `recommended` comes from.
    pub fn recommended_source(&self) -> Option<&RecommendedSource> {
        self.recommended_source.as_ref()
    }

    /// The attribute `recommended` for a page context.
    fn recommended(&self, page: &Value) -> Value {
        recommended(self.recommended_source.as_ref(), &self.profile, recommender::current_product(page).as_deref())
    }

    /// The same engine deciding from `catalogue`.
    pub fn with_catalogue(mut self, catalogue: Catalogue) -> Engine {
        self.catalogue = catalogue;
        self
    }

    /// Whether there is a catalogue whose decisions to keep ready.
    pub fn keeps_ready(&self) -> bool {
        !self.catalogue.is_empty()
    }

    /// The profile as it stands.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The stage rules in force.
    pub fn rules(&self) -> &StageRules {
        &self.rules
    }

    /// The document to store.
    pub fn document(&self) -> Document {
        Document::new(self.profile.clone())
    }

    /// The document to store, in its stored form (what [`Engine::document`] would print, without
    /// copying the profile).
    pub fn stored(&self) -> Value {
        crate::store::encode(&self.profile)
    }

    /// The document to store as text, printed by `print`, within [`store::MAX_STORED_BYTES`]: a
    /// document over it first sheds what matters least ([`Profile::shed`]) down to
    /// [`store::SHED_TO_BYTES`], or as far as shedding goes.
    pub fn stored_text(&mut self, now: u64, print: impl Fn(&Value) -> String) -> String {
        let mut text = print(&self.stored());
        if text.len() <= store::MAX_STORED_BYTES {
            return text;
        }
        self.facts = None;
        while text.len() > store::SHED_TO_BYTES && self.profile.shed(now) {
            text = print(&self.stored());
        }
        text
    }

    /// Validates and applies one raw event. A rejected event leaves the profile untouched.
    pub fn track(&mut self, raw: &Value, now: u64) -> Result<Tracked, EventError> {
        let mut event = TrailEvent::parse(raw, now)?;
        event.utc_offset_ms = self.utc_offset_ms;
        self.facts = None;
        let rules = &self.rules;
        let lapsed = |facts: &Facts, at: u64| stage::classify(facts, rules, at) == Stage::Lapsed;
        let notices = self.profile.apply(&event, &mut self.writer, rules, &lapsed, now);
        let facts = self.profile.stage_facts();
        let change = observe(&mut self.profile.stage, &facts, &self.rules, now);
        Ok(Tracked { notices, change })
    }

    /// Takes the shop's records of the signed-in customer's orders (`{ count, first, last, revenue,
    /// currency }`, see [`KnownOrders::parse`]). Bad facts leave the profile as it was.
    pub fn know_orders(
        &mut self,
        raw: &Value,
        now: u64,
        runtime: &dyn Runtime,
    ) -> Result<Option<StageChange>, FieldError> {
        let known = KnownOrders::parse(raw, "knownOrders", now, runtime)?;
        if !self.profile.know_orders(known) {
            return Ok(None);
        }
        self.facts = None;
        let facts = self.profile.stage_facts();
        Ok(observe(&mut self.profile.stage, &facts, &self.rules, now))
    }

    /// The full stage report at `now`, and the change if this call observed one.
    pub fn report(&mut self, now: u64) -> (StageReport, Option<StageChange>) {
        self.report_with(now, Detail::Full)
    }

    /// The report at `now`, observing the stage it finds (the facts it reads stay in `self.facts`).
    fn report_with(&mut self, now: u64, detail: Detail) -> (StageReport, Option<StageChange>) {
        let facts = facts_of(&mut self.facts, &self.profile);
        let change = observe(&mut self.profile.stage, facts, &self.rules, now);
        // `observe` has just set the mark; the fallback only keeps this total.
        let mark = self.profile.stage.clone().unwrap_or(StageMark { stage: Stage::Reach, previous: None, since: now });
        (stage::report_with(facts, &self.rules, &self.priors, &mark, now, detail), change)
    }

    /// The attributes conditions see, with `page` as given by the caller.
    pub fn attributes(&mut self, now: u64, locale: &str, page: Value) -> (Value, Option<StageChange>) {
        let (report, change) = self.report_with(now, Detail::Full);
        let mut recommended = self.recommended(&page);
        let mut recommended = || std::mem::take(&mut recommended);
        let facts = facts_of(&mut self.facts, &self.profile);
        (attributes::build(&report, facts, locale, page, &mut recommended, now), change)
    }

    /// The message for `slot` at `now`, with the caller's context under `page`; `None` when no
    /// message is eligible.
    pub fn decide(
        &mut self,
        slot: &str,
        page: Value,
        locale: &str,
        now: u64,
    ) -> (Option<Decision>, Option<StageChange>) {
        let (decision, change, _) = self.decide_with_held_out(slot, page, locale, now);
        (decision, change)
    }

    fn decide_with_held_out(
        &mut self,
        slot: &str,
        page: Value,
        locale: &str,
        now: u64,
    ) -> (Option<Decision>, Option<StageChange>, Vec<String>) {
        let predictions = reads_predictions(&self.catalogue);
        let (report, change) = self.report_with(now, Detail::ForConditions { predictions });
        // Worked out only if the catalogue reads it.
        let exclude = recommender::current_product(&page);
        let (source, profile) = (self.recommended_source.as_ref(), &self.profile);
        let mut recommended = || recommended(source, profile, exclude.as_deref());
        let facts = facts_of(&mut self.facts, &self.profile);
        let attributes = attributes::build_named(
            &mut self.catalogue.read_names(),
            &report,
            facts,
            locale,
            page,
            &mut recommended,
            now,
        );
        let shopper = Shopper {
            attributes: &attributes,
            stage: report.stage,
            visitor: &self.profile.visitor,
            log: &self.profile.messages,
            locale,
            now,
        };
        let (decision, held_out) = self.catalogue.decide_reporting_held_out(slot, &shopper);
        (decision, change, held_out)
    }

    /// [`Engine::decide`], with the exposures to report under `consent`: a `view_promotion` with
    /// arm `held_out` for each message the shopper was held out of in this slot (the shown one is
    /// reported when it is shown, by [`Engine::interact_reporting`]).
    pub fn decide_reporting(
        &mut self,
        slot: &str,
        page: Value,
        locale: &str,
        now: u64,
        consent: Consent,
    ) -> (Option<Decision>, Option<StageChange>, Vec<Exposure>) {
        let (decision, change, held_out) = self.decide_with_held_out(slot, page, locale, now);
        let stage = self.current_stage();
        let mut exposures = Vec::new();
        for id in &held_out {
            if let Some(m) = self.catalogue.message(id) {
                let (facts, profile, priors) = (&mut self.facts, &self.profile, &self.priors);
                let shopper = || (stage, stage::expected_revenue_365d(facts_of(facts, profile), priors, now));
                exposures.extend(self.exposures.report(consent, Action::View, m, Arm::HeldOut, shopper));
            }
        }
        (decision, change, exposures)
    }

    /// [`Engine::interact`], with the exposure to report under `consent`: `seen` is a
    /// `view_promotion` and `clicked` a `select_promotion`, both with arm `shown`; a dismissal is
    /// not an exposure.
    pub fn interact_reporting(
        &mut self,
        id: &str,
        what: Interaction,
        now: u64,
        consent: Consent,
    ) -> Result<Option<Exposure>, UnknownMessage> {
        self.interact(id, what, now)?;
        let action = match what {
            Interaction::Seen => Action::View,
            Interaction::Clicked => Action::Select,
            Interaction::Dismissed => return Ok(None),
        };
        self.exposure(id, action, now, consent)
    }

    /// The `view_promotion` (arm `shown`) of message `id`, shown without a new impression: a slot
    /// element showed the decision kept ready, and its script logged the impression already.
    pub fn exposed(&mut self, id: &str, now: u64, consent: Consent) -> Result<Option<Exposure>, UnknownMessage> {
        self.exposure(id, Action::View, now, consent)
    }

    fn exposure(
        &mut self,
        id: &str,
        action: Action,
        now: u64,
        consent: Consent,
    ) -> Result<Option<Exposure>, UnknownMessage> {
        let stage = self.current_stage();
        let m = self.catalogue.message(id).ok_or_else(|| UnknownMessage(id.to_owned()))?;
        let (facts, profile, priors) = (&mut self.facts, &self.profile, &self.priors);
        let shopper = || (stage, stage::expected_revenue_365d(facts_of(facts, profile), priors, now));
        Ok(self.exposures.report(consent, action, m, Arm::Shown, shopper))
    }

    /// The stage last observed: every event and decision observes it, and a slot is decided
    /// before its message is shown. Not classified again here, which would cost the wasm a second
    /// copy of the rules for a stage that is already known.
    fn current_stage(&self) -> Stage {
        self.profile.stage.as_ref().map_or(Stage::Reach, |mark| mark.stage)
    }

    /// Records that message `id` was shown, clicked or dismissed at `now`.
    pub fn interact(&mut self, id: &str, what: Interaction, now: u64) -> Result<(), UnknownMessage> {
        if self.catalogue.message(id).is_none() {
            return Err(UnknownMessage(id.to_owned()));
        }
        self.profile.messages.record(&stored_key(id), what, now);
        Ok(())
    }

    /// Takes in the interactions the slot script logged while the engine was not there
    /// (idempotent: the same entry taken in twice counts once). Entries for messages the catalogue
    /// no longer has are passed over.
    pub fn absorb_logged(&mut self, logged: &[Logged]) {
        for entry in logged {
            if let Some(m) = self.catalogue.message(&entry.id) {
                self.profile.messages.absorb(&m.key, entry.what, entry.at);
            }
        }
    }

    /// The decisions to keep ready at `now`, for a page that knows no page context yet (see
    /// [`ready`]); `None` without a catalogue. The timeline runs until the profile would expire,
    /// or until the moments looked at run out.
    pub fn ready(&self, locale: &str, now: u64) -> Option<Timeline> {
        if self.catalogue.is_empty() {
            return None;
        }
        let facts = self.profile.facts();
        // Worked out once, if read: recommendations do not change with the time.
        let recommended = OnceCell::new();
        let mut recommended = || recommended.get_or_init(|| self.recommended(&Value::Null)).clone();
        let recommended: attributes::Recommended = &mut recommended;
        let retention = (self.rules.retention_days * DAY_MS) as u64;
        let mut end =
            store::expires_at(&self.profile, &self.rules).unwrap_or(u64::MAX).min(now.saturating_add(retention));
        let mut moments = ready::message_moments(self.catalogue.messages(), &self.profile.messages, now);
        moments.extend(stage::lapses_at(&facts, &self.rules));
        let day = DAY_MS as u64;
        let drifting = self.attributes_at(&facts, locale, now, recommended).0
            != self.attributes_at(&facts, locale, now + day, recommended).0;
        if drifting {
            end = end.min(now.saturating_add(ready::SAMPLED_DAYS * day));
            moments.extend((1..=ready::SAMPLED_DAYS).map(|d| now + d * day));
        }
        let mut moments = ready::earliest(moments, now, end);
        if moments.len() > ready::MAX_MOMENTS {
            end = moments.pop().unwrap_or(end);
        }
        let slots = self.catalogue.slots();
        Some(Timeline::compute(&slots, now, end, &moments, |t| {
            let (attributes, stage) = self.attributes_at(&facts, locale, t, recommended);
            let shopper = Shopper {
                attributes: &attributes,
                stage,
                visitor: &self.profile.visitor,
                log: &self.profile.messages,
                locale,
                now: t,
            };
            slots.iter().map(|slot| self.catalogue.prepare(slot, &shopper)).collect()
        }))
    }

    /// The attributes the catalogue reads at `t` if nothing happens until then, without page
    /// context, and the stage then.
    fn attributes_at(
        &self,
        facts: &Facts,
        locale: &str,
        t: u64,
        recommended: attributes::Recommended,
    ) -> (Value, Stage) {
        let mut mark = self.profile.stage.clone();
        observe(&mut mark, facts, &self.rules, t);
        let mark = mark.unwrap_or(StageMark { stage: Stage::Reach, previous: None, since: t });
        let predictions = reads_predictions(&self.catalogue);
        let report =
            stage::report_with(facts, &self.rules, &self.priors, &mark, t, Detail::ForConditions { predictions });
        let names = &mut self.catalogue.read_names();
        let attributes = attributes::build_named(names, &report, facts, locale, Value::Null, recommended, t);
        (attributes, report.stage)
    }

    /// Merges a copy written elsewhere (storage, another tab). Returns a stage change if the merged
    /// profile is in another stage.
    /// A fresh identity (never stored nor read, see [`Engine::stored_now`]) adopts the stored one
    /// of its generation whatever the ids and birth times, so that holdouts and tie-breaks stick
    /// across reloads, tabs and consent becoming granted.
    pub fn absorb(&mut self, other: &Profile, now: u64) -> Option<StageChange> {
        self.facts = None;
        if !self.claimed && other.generation == self.profile.generation {
            self.profile.visitor.clone_from(&other.visitor);
            self.profile.born = other.born;
        }
        self.claimed = true;
        self.profile.merge(other, now);
        let facts = self.profile.stage_facts();
        observe(&mut self.profile.stage, &facts, &self.rules, now)
    }

    /// Tells the engine its profile was written to storage: its identity is no longer fresh.
    pub fn stored_now(&mut self) {
        self.claimed = true;
    }

    /// Starts over as a new visitor; the new generation replaces older copies wherever it meets them.
    pub fn forget(&mut self, now: u64) {
        self.facts = None;
        self.claimed = false;
        let generation = self.profile.generation.saturating_add(1);
        self.profile = Profile::new(self.writer.random_id(VISITOR_ID_CHARS), now);
        self.profile.generation = generation;
    }
}

/// Re-evaluates the stage at `now` from the profile's `facts` into its `mark` (a shopper lapses
/// without doing anything).
fn observe(mark: &mut Option<StageMark>, facts: &Facts, rules: &StageRules, now: u64) -> Option<StageChange> {
    StageMark::observe(mark, stage::classify(facts, rules, now), now)
}

/// The attribute `recommended`: the top items for `profile`, never `exclude` (the page's product).
fn recommended(source: Option<&RecommendedSource>, profile: &Profile, exclude: Option<&str>) -> Value {
    source.map_or_else(attributes::none_recommended, |s| s.recommended(&profile.trail(), exclude))
}

/// Whether the catalogue's conditions or placeholders read a prediction (the costly part of a report).
fn reads_predictions(catalogue: &Catalogue) -> bool {
    stage::PREDICTION_NAMES.iter().any(|name| catalogue.reads(name))
}

/// The profile's facts, from `cache` when they were computed since it last changed.
fn facts_of<'a>(cache: &'a mut Option<Facts>, profile: &Profile) -> &'a Facts {
    cache.get_or_insert_with(|| profile.facts())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: u64 = 86_400_000;
    const T0: u64 = 1_750_000_000_000;

    /// One step of a shopper's life, as the engine meets it.
    #[derive(Debug, Clone)]
    enum Step {
        View(u8),
        Cart(u8),
        Buy(u8),
        Refund(u8),
        Review(u8),
        /// Another tab's copy, with a purchase of its own, merged in.
        Absorb(u8),
        Forget,
        /// Time passes with nothing tracked (minutes).
        Wait(u32),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..6u8).prop_map(Step::View),
            (0..6u8).prop_map(Step::Cart),
            (0..6u8).prop_map(Step::Buy),
            (0..6u8).prop_map(Step::Refund),
            (1..6u8).prop_map(Step::Review),
            (0..6u8).prop_map(Step::Absorb),
            Just(Step::Forget),
            (0..300_000u32).prop_map(Step::Wait),
        ]
    }

    fn event(text: String) -> Value {
        serde_json::from_str(&text).expect("test JSON")
    }

    fn item(n: u8) -> String {
        format!(r#"{{"item_id":"s{n}","item_category":"c{}","price":{}}}"#, n % 3, 10 + u32::from(n))
    }

    fn apply(engine: &mut Engine, step: &Step, now: u64) {
        let track = |e: &mut Engine, text: String| {
            let _ = e.track(&event(text), now);
        };
        match *step {
            Step::View(n) => track(engine, format!(r#"{{"event":"view_item","items":[{}]}}"#, item(n))),
            Step::Cart(n) => track(engine, format!(r#"{{"event":"add_to_cart","items":[{}]}}"#, item(n))),
            Step::Buy(n) => track(
                engine,
                format!(
                    r#"{{"event":"purchase","transaction_id":"T{n}","value":20,"currency":"EUR","items":[{}]}}"#,
                    item(n)
                ),
            ),
            Step::Refund(n) => track(engine, format!(r#"{{"event":"refund","transaction_id":"T{n}"}}"#)),
            Step::Review(r) => track(engine, format!(r#"{{"event":"review","rating":{r}}}"#)),
            Step::Absorb(n) => {
                let mut other = Engine::new(StageRules::default(), Priors::default(), u64::from(n) + 7, now);
                let _ =
                    other.track(&event(format!(r#"{{"event":"purchase","transaction_id":"O{n}","value":5}}"#)), now);
                engine.absorb(&other.profile, now);
            }
            Step::Forget => engine.forget(now),
            Step::Wait(_) => {}
        }
    }

    proptest! {
        /// The facts kept between reads are never stale: after any step, the report and the
        /// attributes decisions are made from equal those of an engine reading the profile afresh.
        #[test]
        fn kept_facts_always_match_the_profile(steps in proptest::collection::vec((step(), 0..3u8), 1..40)) {
            let mut engine = Engine::new(StageRules::default(), Priors::default(), 1, T0);
            let mut now = T0;
            for (step, reads) in &steps {
                now += match step { Step::Wait(minutes) => u64::from(*minutes) * 60_000, _ => DAY / 24 };
                apply(&mut engine, step, now);
                for _ in 0..*reads {
                    let (report, _) = engine.report(now); // reads, and keeps, the facts
                    let mut afresh = engine.clone();
                    afresh.facts = None;
                    prop_assert_eq!(&report, &afresh.report(now).0);
                    let mut afresh = engine.clone();
                    afresh.facts = None;
                    prop_assert_eq!(engine.attributes(now, "en", Value::Null).0, afresh.attributes(now, "en", Value::Null).0);
                }
            }
        }
    }
}
