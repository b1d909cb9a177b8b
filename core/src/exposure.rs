//! Exposures: what the shop's own analytics hears about messages, in GA4's promotion vocabulary,
//! so that a holdout can be analysed (did the message work?).
//!
//! A message shown is a `view_promotion` with arm `shown`; a message the shopper was held out of,
//! when crumbtrail decides for its slot, is a `view_promotion` with arm `held_out` (without it the
//! control group is invisible); a click is a `select_promotion`. [`Exposures`] decides what to
//! report: nothing unless consent is granted, and each (event, message) once per instance — one
//! `Personalizer` per page view, so once per page view. An exposure carries the message's id, name
//! and slot, the shopper's stage, the shopper's expected revenue over the next year (rounded, 0 before a
//! first order: the covariate that narrows the uplift's interval) and the arm, and nothing else: no
//! profile, no other metric, no visitor id.
//! Delivering it (the `onExposure` callback, the page's `dataLayer`) is the browser layer's job.

use crate::base::value::Value;
use crate::consent::Consent;
use crate::decide::catalogue::Message;
use crate::lifecycle::Stage;

/// Which promotion event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `view_promotion`: shown, or held out.
    View,
    /// `select_promotion`: clicked.
    Select,
}

impl Action {
    /// GA4's event name.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::View => "view_promotion",
            Action::Select => "select_promotion",
        }
    }
}

/// The arm of the holdout the shopper is in, for this message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arm {
    /// The message was shown.
    Shown,
    /// The shopper is held out of it: it would have been shown.
    HeldOut,
}

impl Arm {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Arm::Shown => "shown",
            Arm::HeldOut => "held_out",
        }
    }
}

/// One exposure to report.
#[derive(Debug, Clone, PartialEq)]
pub struct Exposure {
    /// View or select.
    pub action: Action,
    /// The message id (`promotion_id`).
    pub id: String,
    /// The message's name (`promotion_name`).
    pub name: String,
    /// The message's slot (`creative_slot`).
    pub slot: String,
    /// The shopper's stage (`crumbtrail_stage`).
    pub stage: Stage,
    /// The shopper's expected revenue over the next 365 days then, rounded; 0 before the first
    /// order (`crumbtrail_expected_revenue`).
    pub expected_revenue: u64,
    /// Shown or held out (`crumbtrail_arm`).
    pub arm: Arm,
}

impl Exposure {
    /// What `onExposure` hears: `{ event, promotion_id, promotion_name, creative_slot,
    /// crumbtrail_stage, crumbtrail_expected_revenue, crumbtrail_arm }`, ready for `gtag("event", e.event, e)` too.
    pub fn to_value(&self) -> Value {
        Value::object([
            ("event", self.action.as_str().into()),
            ("promotion_id", self.id.as_str().into()),
            ("promotion_name", self.name.as_str().into()),
            ("creative_slot", self.slot.as_str().into()),
            ("crumbtrail_stage", self.stage.as_str().into()),
            ("crumbtrail_expected_revenue", (self.expected_revenue as f64).into()),
            ("crumbtrail_arm", self.arm.as_str().into()),
        ])
    }

    /// What is pushed into the page's `dataLayer`: GA4's promotion parameters under `ecommerce`
    /// (Tag Manager's GA4 event tag reads them there, without `items`, which promotion events do
    /// not require), crumbtrail's own at top level, where a Data Layer Variable reads them as event
    /// parameters. The page pushes `{ ecommerce: null }` first, as Google's guide does.
    pub fn to_data_layer(&self) -> Value {
        Value::object([
            ("event", self.action.as_str().into()),
            (
                "ecommerce",
                Value::object([
                    ("promotion_id", self.id.as_str().into()),
                    ("promotion_name", self.name.as_str().into()),
                    ("creative_slot", self.slot.as_str().into()),
                ]),
            ),
            ("crumbtrail_stage", self.stage.as_str().into()),
            ("crumbtrail_expected_revenue", (self.expected_revenue as f64).into()),
            ("crumbtrail_arm", self.arm.as_str().into()),
        ])
    }
}

/// What one instance has reported: each (event, message) once.
#[derive(Debug, Clone, Default)]
pub struct Exposures {
    reported: Vec<(Action, String)>,
}

impl Exposures {
    /// Whether [`Exposures::report`] would report (`action`, message `id`) now: consent is granted
    /// and it was not reported yet. Lets the caller skip working out what only a report needs.
    pub fn would_report(&self, consent: Consent, action: Action, id: &str) -> bool {
        consent == Consent::Granted && !self.reported.iter().any(|(a, seen)| *a == action && seen == id)
    }

    /// The exposure of `message`, unless consent is not granted or it was reported already. An
    /// exposure not reported for lack of consent is not remembered: once consent is granted, the
    /// next showing reports it. `shopper` is the shopper's stage and rounded expected revenue,
    /// asked for only when the exposure is reported.
    pub fn report(
        &mut self,
        consent: Consent,
        action: Action,
        message: &Message,
        arm: Arm,
        shopper: impl FnOnce() -> (Stage, u64),
    ) -> Option<Exposure> {
        if !self.would_report(consent, action, &message.id) {
            return None;
        }
        let (stage, expected_revenue) = shopper();
        self.reported.push((action, message.id.clone()));
        Some(Exposure {
            action,
            id: message.id.clone(),
            name: message.name.clone(),
            slot: message.slot.clone(),
            stage,
            expected_revenue,
            arm,
        })
    }
}
