//! The page events a `Personalizer` listens to: another tab's write (`storage`), another tab's
//! withdrawal of consent (a `BroadcastChannel`), and the moments to write at once (`pagehide`, a
//! hidden page). Each listener is removed when the instance is freed.

use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the page's events ask of the instance that listens (the state a `Personalizer` shares
/// with its listeners), so that this module needs nothing of it but these three.
pub(crate) trait PageEvents: 'static {
    /// Another tab wrote `text` under `key`.
    fn written_elsewhere(self: &Rc<Self>, key: &str, text: &str);
    /// The page is going away, or hidden: write now.
    fn leaving(self: &Rc<Self>);
    /// Another tab withdrew the profile's consent.
    fn withdrawn_elsewhere(self: &Rc<Self>);
}

/// A listener this instance added to the page, removed again when dropped.
pub struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

fn listen<T: PageEvents>(
    shared: &Rc<T>,
    target: web_sys::EventTarget,
    kind: &'static str,
    on: fn(&Rc<T>, web_sys::Event),
) -> Option<Listener> {
    let weak: Weak<T> = Rc::downgrade(shared);
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Some(shared) = weak.upgrade() {
            on(&shared, event);
        }
    });
    let added = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref()).is_ok();
    added.then_some(Listener { target, kind, closure })
}

/// Listens to the page: `storage` when other tabs share the storage, `pagehide` and
/// `visibilitychange` to write before the page goes.
pub(crate) fn attach<T: PageEvents>(shared: &Rc<T>, shared_with_tabs: bool) -> Vec<Listener> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let mut listeners = Vec::new();
    if shared_with_tabs {
        listeners.extend(listen(shared, window.clone().into(), "storage", |shared, event| {
            let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
            if let (Some(key), Some(text)) = (event.key(), event.new_value()) {
                shared.written_elsewhere(&key, &text);
            }
        }));
    }
    listeners.extend(listen(shared, window.clone().into(), "pagehide", |shared, _| shared.leaving()));
    if let Some(document) = window.document() {
        listeners.extend(listen(shared, document.into(), "visibilitychange", |shared, _| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
                shared.leaving();
            }
        }));
    }
    listeners
}

/// The message tabs sharing a storage key send when the profile's consent is withdrawn.
const WITHDRAWN: &str = "profile consent withdrawn";

/// A `BroadcastChannel` between the tabs sharing a storage key, for what storage cannot carry:
/// withdrawing consent erases the keys, and an erased key looks no different from `forget()`.
pub(crate) struct Withdrawals {
    channel: web_sys::BroadcastChannel,
    _listener: Option<Listener>,
}

impl Withdrawals {
    /// Opens the channel for `key`; `None` where the browser has no `BroadcastChannel`.
    pub(crate) fn open<T: PageEvents>(shared: &Rc<T>, key: &str) -> Option<Withdrawals> {
        let channel = web_sys::BroadcastChannel::new(&format!("crumbtrail:{key}")).ok()?;
        let listener = listen(shared, channel.clone().into(), "message", |shared, event| {
            let said = event.dyn_ref::<web_sys::MessageEvent>().and_then(|m| m.data().as_string());
            if said.as_deref() == Some(WITHDRAWN) {
                shared.withdrawn_elsewhere();
            }
        });
        Some(Withdrawals { channel, _listener: listener })
    }

    /// Tells the other tabs that the profile's consent was withdrawn here.
    pub(crate) fn announce(&self) {
        let _ = self.channel.post_message(&JsValue::from_str(WITHDRAWN));
    }
}

impl Drop for Withdrawals {
    fn drop(&mut self) {
        self.channel.close();
    }
}
