//! The lifecycle's vocabulary: the stages, the rules' thresholds (DESIGN §5), and the mark a
//! profile keeps of the stage it was last seen in. What a stage *is* lives here; deciding which
//! one a shopper is in is [`crate::stage`]'s, over the facts of a profile.

use crate::base::read::{self, FieldError, Fields, Out, Path, Stored};
use crate::base::value::Value;

/// One day in ms.
pub const DAY_MS: f64 = 86_400_000.0;

/// Where a shopper stands in the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Found us, not yet engaged.
    Reach,
    /// Engaged but has not bought.
    Acquisition,
    /// First order.
    Development,
    /// Repeat buyer.
    Retention,
    /// Loyal and recommending us.
    Advocacy,
    /// A past buyer whose attention is fading.
    Lapsed,
}

impl Stage {
    /// Every stage, in cycle order.
    pub const ALL: [Stage; 6] =
        [Stage::Reach, Stage::Acquisition, Stage::Development, Stage::Retention, Stage::Advocacy, Stage::Lapsed];

    /// The wire name, e.g. `"retention"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Reach => "reach",
            Stage::Acquisition => "acquisition",
            Stage::Development => "development",
            Stage::Retention => "retention",
            Stage::Advocacy => "advocacy",
            Stage::Lapsed => "lapsed",
        }
    }

    /// The stage for a wire name.
    pub fn parse(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// A change of stage observed: the stage moved from `previous`.
#[derive(Debug, Clone, PartialEq)]
pub struct StageChange {
    /// The stage before (`None` for a shopper seen for the first time).
    pub previous: Option<Stage>,
}

/// The last stage observed, the one before it, and since when.
#[derive(Debug, Clone, PartialEq)]
pub struct StageMark {
    /// The stage observed.
    pub stage: Stage,
    /// The stage before, if one was observed.
    pub previous: Option<Stage>,
    /// When the change to `stage` was observed, ms.
    pub since: u64,
}

impl StageMark {
    /// Of two marks written concurrently, the later observation stands.
    pub fn wins_over(&self, other: &StageMark) -> bool {
        (self.since, self.stage, self.previous) > (other.since, other.stage, other.previous)
    }

    /// Records that `stage` was observed at `now`; returns the change, if it is one.
    pub fn observe(mark: &mut Option<StageMark>, stage: Stage, now: u64) -> Option<StageChange> {
        match mark {
            Some(m) if m.stage == stage => None,
            _ => {
                let previous = mark.as_ref().map(|m| m.stage);
                *mark = Some(StageMark { stage, previous, since: now });
                Some(StageChange { previous })
            }
        }
    }
}

impl Stored for StageMark {
    fn to_value(&self) -> Value {
        let out = Out::default().put("stage", self.stage.as_str()).put("since", self.since);
        match self.previous {
            Some(p) => out.put("previous", p.as_str()).done(),
            None => out.done(),
        }
    }
    fn from_value(v: &Value, path: &Path<'_>) -> Result<StageMark, FieldError> {
        let f = Fields::of(v, path)?;
        let stage = |key: &str| -> Result<Option<Stage>, FieldError> {
            match f.opt_text(key)? {
                None => Ok(None),
                Some(name) => {
                    Stage::parse(&name).map(Some).ok_or_else(|| FieldError::new(f.path_of(key), "unknown stage"))
                }
            }
        };
        Ok(StageMark {
            stage: stage("stage")?.ok_or_else(|| FieldError::new(f.path_of("stage"), "missing"))?,
            previous: stage("previous")?,
            since: f.required_whole("since")?,
        })
    }
}

/// The thresholds of the stage rules (DESIGN §5). Every field is a `rules` option.
#[derive(Debug, Clone, PartialEq)]
pub struct StageRules {
    /// A gap longer than this starts a new session (30).
    pub session_timeout_minutes: f64,
    /// Sessions that make a shopper engaged (2).
    pub engaged_sessions: u64,
    /// Item views that make a shopper engaged (3).
    pub engaged_item_views: u64,
    /// A review at least this good is an advocacy signal (4).
    pub advocacy_min_rating: u8,
    /// Orders needed for advocacy (2).
    pub advocacy_min_orders: u64,
    /// Lapse threshold for one-time buyers, and the cap for repeat buyers, in days (120).
    pub lapse_after_days: f64,
    /// Repeat buyers never lapse sooner than this, in days (30).
    pub lapse_min_days: f64,
    /// Repeat buyers lapse after this many mean gaps between orders (3).
    pub lapse_gap_factor: f64,
    /// Profiles idle longer than this are erased on load, in days (395).
    pub retention_days: f64,
}

impl Default for StageRules {
    fn default() -> Self {
        StageRules {
            session_timeout_minutes: 30.0,
            engaged_sessions: 2,
            engaged_item_views: 3,
            advocacy_min_rating: 4,
            advocacy_min_orders: 2,
            lapse_after_days: 120.0,
            lapse_min_days: 30.0,
            lapse_gap_factor: 3.0,
            retention_days: 395.0,
        }
    }
}

impl StageRules {
    /// The rules' camelCase names, as the `rules` option takes them.
    pub const NAMES: [&'static str; 9] = [
        "sessionTimeoutMinutes",
        "engagedSessions",
        "engagedItemViews",
        "advocacyMinRating",
        "advocacyMinOrders",
        "lapseAfterDays",
        "lapseMinDays",
        "lapseGapFactor",
        "retentionDays",
    ];

    /// Reads a partial rules object over the defaults; a misspelt or out-of-range rule is an error.
    pub fn from_value(v: &Value, path: &str) -> Result<StageRules, FieldError> {
        let mut rules = StageRules::default();
        let Some(map) = read::object(v, path, &Self::NAMES)? else { return Ok(rules) };
        let positive = |key: &str| read::number(map, path, key, "a positive number", &|n| n > 0.0);
        let count = |key: &str, min: f64, max: f64, what: &str| {
            read::number(map, path, key, what, &|n| n.fract() == 0.0 && (min..=max).contains(&n))
        };
        if let Some(n) = positive("sessionTimeoutMinutes")? {
            rules.session_timeout_minutes = n;
        }
        if let Some(n) = count("engagedSessions", 1.0, 1e9, "a whole number ≥ 1")? {
            rules.engaged_sessions = n as u64;
        }
        if let Some(n) = count("engagedItemViews", 1.0, 1e9, "a whole number ≥ 1")? {
            rules.engaged_item_views = n as u64;
        }
        if let Some(n) = count("advocacyMinRating", 1.0, 5.0, "a whole number from 1 to 5")? {
            rules.advocacy_min_rating = n as u8;
        }
        if let Some(n) = count("advocacyMinOrders", 1.0, 1e9, "a whole number ≥ 1")? {
            rules.advocacy_min_orders = n as u64;
        }
        if let Some(n) = positive("lapseAfterDays")? {
            rules.lapse_after_days = n;
        }
        if let Some(n) = read::number(map, path, "lapseMinDays", "a number ≥ 0", &|n| n >= 0.0)? {
            rules.lapse_min_days = n;
        }
        if let Some(n) = positive("lapseGapFactor")? {
            rules.lapse_gap_factor = n;
        }
        if let Some(n) = positive("retentionDays")? {
            rules.retention_days = n;
        }
        Ok(rules)
    }

    /// The session timeout in whole ms.
    pub fn session_timeout_ms(&self) -> u64 {
        (self.session_timeout_minutes * 60_000.0) as u64
    }
}
