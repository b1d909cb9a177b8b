//! Consent states and what each allows (DESIGN §7).
//!
//! `granted` reads and writes storage; `pending` neither reads nor writes (the profile lives in
//! memory until consent is granted, then merges with what is stored); `denied` erases everything
//! crumbtrail stored and keeps the profile in memory for the page only. This module is the rule
//! table; the browser layer carries it out.

/// A shopper's consent to storing their trail on this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    /// Read and write storage.
    Granted,
    /// Memory only, until granted or denied.
    Pending,
    /// Erase what was stored; memory only.
    Denied,
}

impl Consent {
    /// Parses `"granted" | "pending" | "denied"`.
    pub fn parse(text: &str) -> Option<Consent> {
        match text {
            "granted" => Some(Consent::Granted),
            "pending" => Some(Consent::Pending),
            "denied" => Some(Consent::Denied),
            _ => None,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Granted => "granted",
            Consent::Pending => "pending",
            Consent::Denied => "denied",
        }
    }

    /// Whether storage may be read and written.
    pub fn allows_storage(self) -> bool {
        self == Consent::Granted
    }

    /// Whether entering this state erases what was stored.
    pub fn erases_storage(self) -> bool {
        self == Consent::Denied
    }
}
