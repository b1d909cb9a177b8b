//! The state a `Personalizer` shares with the page's listeners, and how every call reaches it.
//!
//! Two rules shape it. Nothing escapes into the page: every method takes `&self` (wasm-bindgen
//! throws on re-entrant `&mut self` calls), state sits behind a `RefCell` taken with
//! `try_borrow_mut`, and the page's callbacks run only after the borrow is released, with their
//! own exceptions swallowed. And writes are coalesced: a microtask writes the profile once per
//! task, and the decisions kept for the slot script follow in a task of their own (each step is
//! then short enough never to be a long task); `pagehide`, a hidden page and `flush()` write both
//! at once.

use std::cell::{OnceCell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;

use super::effects::Hooks;
use super::listeners::{self, Listener, PageEvents, Withdrawals};
use super::render;
use crumbtrail_core::profile::messages::Interaction;
use crumbtrail_core::{Code, Consent, Effects, Error, Purposes, Session, Value};

pub(super) struct State {
    pub(super) session: Session,
    pub(super) write_pending: bool,
    /// The profile was written; the decisions kept for the slot script are due in a task of their own.
    pub(super) ready_pending: bool,
    /// The page's `localStorage`: other tabs' writes arrive as `storage` events.
    pub(super) shared_with_tabs: bool,
    pub(super) listeners: Vec<Listener>,
    /// Where tabs sharing the key hear that the profile's consent was withdrawn.
    pub(super) withdrawals: Option<Withdrawals>,
}

/// What a write writes: the profile (the kept decisions then follow), the kept decisions, or both.
#[derive(Clone, Copy)]
enum Write {
    Profile,
    Ready,
    Both,
}

pub(super) struct Shared {
    pub(super) state: RefCell<State>,
    pub(super) hooks: Hooks,
    /// What rendered messages call when the shopper clicks or dismisses them (made on first use).
    pub(super) on_interaction: OnceCell<Closure<dyn FnMut(JsValue, u32)>>,
    /// What the page's recommender did wrong while the state was in use, for `onError` after.
    pub(super) recommender_errors: Rc<RefCell<Vec<Error>>>,
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = queueMicrotask)]
    fn queue_microtask(task: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(task: &JsValue) -> Result<JsValue, JsValue>;
}

pub(super) fn invalid_argument(message: &str) -> Error {
    Error::new(Code::InvalidArgument, message)
}

impl Shared {
    /// Runs `f` on the state, then delivers its effects. A call made from inside one of the
    /// page's callbacks while the state is in use is reported, not thrown.
    pub(super) fn with<R>(self: &Rc<Self>, fallback: R, f: impl FnOnce(&mut State, &mut Effects, u64) -> R) -> R {
        let now = self.hooks.now();
        let mut fx = Effects::default();
        let result = match self.state.try_borrow_mut() {
            Ok(mut state) => f(&mut state, &mut fx, now),
            Err(_) => {
                fx.errors.push(Error::new(Code::Busy, "called from inside a storage method while busy: ignored"));
                fallback
            }
        };
        if let Ok(mut errors) = self.recommender_errors.try_borrow_mut() {
            fx.errors.append(&mut errors);
        }
        let write_soon = fx.write_soon;
        self.hooks.deliver(fx);
        if write_soon {
            self.schedule_write();
        }
        result
    }

    /// Reports `error` through `onError`.
    pub(super) fn report(self: &Rc<Self>, error: Error) {
        self.with((), |_, fx, _| fx.errors.push(error));
    }

    /// One write per task: the first change queues a microtask, later ones ride along.
    fn schedule_write(self: &Rc<Self>) {
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        if state.write_pending || !state.session.consent().profile.allows_storage() {
            return;
        }
        state.write_pending = true;
        drop(state);
        self.later(Write::Profile);
    }

    /// Runs `what` later: the profile's write in a microtask, the kept decisions' in a task.
    fn later(self: &Rc<Self>, what: Write) {
        let weak = Rc::downgrade(self);
        let task = Closure::once_into_js(move || {
            if let Some(shared) = weak.upgrade() {
                shared.write_as(what);
            }
        });
        let queued = match what {
            Write::Profile => queue_microtask(&task).is_ok(),
            _ => set_timeout(&task).is_ok(),
        };
        if !queued {
            // No microtask queue or timer (a very old engine): write now rather than never.
            self.write_as(Write::Both);
        }
    }

    /// The profile now, then the kept decisions (a timeline worked out for the slot script) in a
    /// task of their own, after the page has had its turn; or both at once.
    fn write_as(self: &Rc<Self>, what: Write) {
        let ready_due = self.with(false, |state, fx, now| match what {
            Write::Profile => {
                state.write_pending = false;
                let due = state.session.write_profile(fx, now) && !state.ready_pending;
                state.ready_pending |= due;
                due
            }
            // Unless a write since (`flush`, `pagehide`) has written them already.
            Write::Ready => {
                if std::mem::take(&mut state.ready_pending) {
                    state.session.write_ready(fx, now);
                }
                false
            }
            Write::Both => {
                state.write_pending = false;
                state.ready_pending = false;
                state.session.write(fx, now);
                false
            }
        });
        if ready_due {
            self.later(Write::Ready);
        }
    }

    /// Writes the profile and the kept decisions at once.
    pub(super) fn write(self: &Rc<Self>) {
        self.write_as(Write::Both);
    }

    /// Another tab wrote under `key`: merged in when it is this instance's key.
    pub(super) fn merge_written(self: &Rc<Self>, key: &str, text: &str) {
        if self.state.try_borrow().is_ok_and(|s| s.session.key() == key) {
            self.with((), |state, fx, now| state.session.merge_written(text, fx, now));
        }
    }

    pub(super) fn track(self: &Rc<Self>, raw: &Value) {
        self.with((), |state, fx, now| state.session.track(raw, fx, now));
    }

    /// Sets consent; withdrawing the profile's here is announced to the other tabs.
    pub(super) fn set_consent(self: &Rc<Self>, consent: Purposes) {
        let attach = self.with(false, |state, fx, now| {
            let withdrawn = consent.profile == Consent::Denied && state.session.consent().profile != Consent::Denied;
            if withdrawn {
                if let Some(withdrawals) = &state.withdrawals {
                    withdrawals.announce();
                }
            }
            state.session.set_consent(consent, fx, now)
        });
        if attach {
            self.attach_page_listeners();
        }
    }

    /// Another tab withdrew the profile's consent: erased here too, at once (measurement unchanged).
    pub(super) fn withdrawn_elsewhere(self: &Rc<Self>) {
        self.with((), |state, fx, now| {
            let consent = state.session.consent();
            if consent.profile != Consent::Denied {
                state.session.set_consent(Purposes { profile: Consent::Denied, ..consent }, fx, now);
            }
        });
    }

    /// Records `what` the shopper did with message `id` and reports its exposure; with `None`, only
    /// reports it (`exposed`), so there is nothing to write.
    pub(super) fn interact(self: &Rc<Self>, id: &JsValue, what: Option<Interaction>, method: &str) {
        let Some(id) = id.as_string() else {
            return self.report(invalid_argument(&format!("{method}: the message id must be a string")));
        };
        self.with((), |state, fx, now| state.session.interact(&id, what, method, fx, now));
    }

    /// The callback of rendered messages: records a click, or a dismissal.
    pub(super) fn on_interaction(self: &Rc<Self>) -> &JsValue {
        self.on_interaction
            .get_or_init(|| {
                let weak: Weak<Shared> = Rc::downgrade(self);
                Closure::new(move |id: JsValue, kind: u32| {
                    let Some(shared) = weak.upgrade() else { return };
                    match kind {
                        render::CLICKED => shared.interact(&id, Some(Interaction::Clicked), "clicked"),
                        _ => shared.interact(&id, Some(Interaction::Dismissed), "dismissed"),
                    }
                })
            })
            .as_ref()
    }

    /// Listens to the page, unless it already does.
    pub(super) fn attach_page_listeners(self: &Rc<Self>) {
        let Ok((shared_with_tabs, key, listening)) =
            self.state.try_borrow().map(|s| (s.shared_with_tabs, s.session.key().to_owned(), !s.listeners.is_empty()))
        else {
            return;
        };
        if listening {
            return; // once
        }
        let listeners = listeners::attach(self, shared_with_tabs);
        let withdrawals = if shared_with_tabs { Withdrawals::open(self, &key) } else { None };
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.listeners.extend(listeners);
            state.withdrawals = state.withdrawals.take().or(withdrawals);
        }
    }
}

impl PageEvents for Shared {
    fn written_elsewhere(self: &Rc<Self>, key: &str, text: &str) {
        self.merge_written(key, text);
    }
    fn leaving(self: &Rc<Self>) {
        self.write();
    }
    fn withdrawn_elsewhere(self: &Rc<Self>) {
        Shared::withdrawn_elsewhere(self);
    }
}
