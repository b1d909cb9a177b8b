//! The one error crumbtrail reports: a stable code, the path of the field when there is one, and
//! a sentence.
//!
//! Each layer keeps its own precise error type (a [`FieldError`](super::read::FieldError), an
//! event's problem, a stored document's); each converts into this one where it leaves the core, so
//! that the binding turns every problem into a JavaScript `Error` the same way. The codes are part
//! of the API: a shop may branch on them, so they never change meaning.

use std::fmt;

/// What kind of problem, as a stable snake_case code (`Error.code` in JavaScript).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// An option of the constructor is wrong (thrown).
    InvalidOption,
    /// A method was given an argument of the wrong kind (a slot that is not a string, a consent
    /// state that is not one of the three, a `dataLayer` that is not an array).
    InvalidArgument,
    /// `track` refused an event; the profile is unchanged.
    InvalidEvent,
    /// A purchase in another currency than the shopper's first: counted, not added to revenue.
    OtherCurrency,
    /// A purchase older than every order kept by id: not counted.
    OrderTooOld,
    /// A refund of an order not among the recent ones: orders unchanged for now.
    UnknownOrder,
    /// `seen`, `clicked`, `dismissed` or `exposed` named a message the catalogue does not have.
    UnknownMessage,
    /// Storage could not be used: the profile is kept in memory.
    StorageUnavailable,
    /// The stored profile is damaged: set aside under `<storageKey>:corrupt`.
    StorageCorrupt,
    /// A newer crumbtrail wrote the stored profile: left untouched, working in memory.
    StorageNewer,
    /// The decisions kept for the slot script, or its log, are damaged: replaced.
    KeptUnreadable,
    /// A method was called from inside a storage method while busy: ignored.
    Busy,
    /// A message could not be put into the page.
    RenderFailed,
    /// An order export could not be read, or priors not fitted from it (calibration).
    InvalidOrders,
    /// A recommendations file is corrupt or not one (the Rust reader's; `useRecommendations` of
    /// `crumbtrail/recommend` throws the same code): refused, nothing loaded.
    InvalidModel,
}

impl Code {
    /// Every code, for the documentation's and the types' checks.
    pub const ALL: [Code; 15] = [
        Code::InvalidOption,
        Code::InvalidArgument,
        Code::InvalidEvent,
        Code::OtherCurrency,
        Code::OrderTooOld,
        Code::UnknownOrder,
        Code::UnknownMessage,
        Code::StorageUnavailable,
        Code::StorageCorrupt,
        Code::StorageNewer,
        Code::KeptUnreadable,
        Code::Busy,
        Code::RenderFailed,
        Code::InvalidOrders,
        Code::InvalidModel,
    ];

    /// The code as JavaScript sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidOption => "invalid_option",
            Code::InvalidArgument => "invalid_argument",
            Code::InvalidEvent => "invalid_event",
            Code::OtherCurrency => "other_currency",
            Code::OrderTooOld => "order_too_old",
            Code::UnknownOrder => "unknown_order",
            Code::UnknownMessage => "unknown_message",
            Code::StorageUnavailable => "storage_unavailable",
            Code::StorageCorrupt => "storage_corrupt",
            Code::StorageNewer => "storage_newer",
            Code::KeptUnreadable => "kept_unreadable",
            Code::Busy => "busy",
            Code::RenderFailed => "render_failed",
            Code::InvalidOrders => "invalid_orders",
            Code::InvalidModel => "invalid_model",
        }
    }
}

/// A problem crumbtrail reports: thrown by the constructor, passed to `onError` otherwise. Boxed,
/// so that results carrying it stay one word wide in the wasm; its parts read through `Deref`.
#[derive(Debug, Clone, PartialEq)]
pub struct Error(Box<Described>);

/// What an [`Error`] says.
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    /// What kind.
    pub code: Code,
    /// The field it concerns (`messages[3].when`, `items[0].price`), when there is one.
    pub path: Option<String>,
    /// The whole sentence, path included, as `Error.message` shows it.
    pub message: String,
}

impl std::ops::Deref for Error {
    type Target = Described;
    fn deref(&self) -> &Described {
        &self.0
    }
}

impl Error {
    /// An error without a path.
    pub fn new(code: Code, message: impl Into<String>) -> Error {
        Error(Box::new(Described { code, path: None, message: message.into() }))
    }

    /// The same error, about the field at `path` (an empty path is none).
    pub fn at(mut self, path: impl Into<String>) -> Error {
        let path = path.into();
        self.0.path = (!path.is_empty()).then_some(path);
        self
    }

    /// The same error, its sentence replaced (to say where it happened, or what was done about it).
    pub fn reworded(mut self, message: String) -> Error {
        self.0.message = message;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
