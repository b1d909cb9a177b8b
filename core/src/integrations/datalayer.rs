//! GA4's `dataLayer`: what one pushed entry means for crumbtrail.
//!
//! Two forms reach a `dataLayer`. The object form, `{ event: "add_to_cart", ecommerce: {…} }`, as
//! shops and Google Tag Manager push it: the `ecommerce` object lives in the data layer's model
//! across pushes, merged the way Tag Manager merges (objects and arrays recursively, key by key),
//! until `{ ecommerce: null }` clears it — which is why Google's documentation pushes that reset
//! before every ecommerce event. And the arguments form that `gtag("event", name, params)` pushes
//! (an `arguments` object, `{0: "event", 1: name, 2: params}`), which stands alone. `gtag("consent",
//! "default" | "update", { personalization_storage })` is a Consent Mode command. Every other entry
//! (Tag Manager's own events, `config`, plain data) means nothing to crumbtrail.

use super::at;
use crate::base::value::{Map, Value};
use crate::consent::Consent;
use crate::event::EventName;

/// What an entry asks of crumbtrail.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Track this event (still to be validated).
    Track(Value),
    /// A Consent Mode command's `personalization_storage`, as crumbtrail's consent.
    Consent(Consent),
    /// Nothing for crumbtrail.
    Ignore,
}

/// The part of the data layer's model crumbtrail reads: the current `ecommerce` object.
#[derive(Debug, Clone, Default)]
pub struct DataLayer {
    ecommerce: Value,
}

impl DataLayer {
    /// Reads one pushed entry, updating the model.
    pub fn read(&mut self, entry: &Value) -> Command {
        match gtag_arguments(entry) {
            Some(args) => gtag(&args),
            None => self.object(entry),
        }
    }

    fn object(&mut self, entry: &Value) -> Command {
        let Value::Object(fields) = entry else { return Command::Ignore };
        match fields.get("ecommerce") {
            Some(Value::Null) => self.ecommerce = Value::Null,
            Some(update) => merge(&mut self.ecommerce, update),
            None => {}
        }
        let Some(name) = fields.get("event").and_then(Value::as_str).filter(|n| EventName::parse(n).is_some()) else {
            return Command::Ignore;
        };
        let mut event = Map::default();
        for (key, value) in fields.iter().filter(|(k, _)| *k != "ecommerce" && !k.starts_with("gtm.")) {
            event.insert(key, value.clone());
        }
        event.insert("event", Value::from(name));
        if !matches!(self.ecommerce, Value::Null) {
            event.insert("ecommerce", self.ecommerce.clone());
        }
        Command::Track(Value::Object(event))
    }
}

/// The arguments of a `gtag()` call: an `arguments` object (`{0: …, 1: …}`) or an array, whose
/// first element names a gtag command.
fn gtag_arguments(entry: &Value) -> Option<Vec<&Value>> {
    let args: Vec<&Value> = match entry {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) if map.get("0").is_some() => (0..).map_while(|i: usize| map.get(&i.to_string())).collect(),
        _ => return None,
    };
    let command = args.first()?.as_str()?;
    matches!(command, "event" | "consent" | "config" | "set" | "js" | "get").then_some(args)
}

fn gtag(args: &[&Value]) -> Command {
    match (args.first().and_then(|v| v.as_str()), args.get(1).and_then(|v| v.as_str())) {
        (Some("event"), Some(name)) if EventName::parse(name).is_some() => {
            let mut event = match args.get(2) {
                Some(Value::Object(params)) => params.clone(),
                _ => Map::default(),
            };
            event.insert("event", Value::from(name));
            Command::Track(Value::Object(event))
        }
        (Some("consent"), Some(kind @ ("default" | "update"))) => {
            match args.get(2).and_then(|p| at(p, &["personalization_storage"])).and_then(Value::as_str) {
                Some("granted") => Command::Consent(Consent::Granted),
                // Before the shopper has chosen, keep to memory (kept if they grant); an update to
                // denied is their choice, and erases.
                Some("denied") if kind == "default" => Command::Consent(Consent::Pending),
                Some("denied") => Command::Consent(Consent::Denied),
                _ => Command::Ignore,
            }
        }
        _ => Command::Ignore,
    }
}

/// Tag Manager's merge into the model: objects and arrays key by key, recursively; anything else
/// replaces.
fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(target), Value::Object(source)) => {
            for (key, value) in source.iter() {
                merge(target.get_or_insert_with(key, || Value::Null), value);
            }
        }
        (Value::Array(target), Value::Array(source)) => {
            for (i, value) in source.iter().enumerate() {
                match target.get_mut(i) {
                    Some(slot) => merge(slot, value),
                    None => target.push(value.clone()),
                }
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}
