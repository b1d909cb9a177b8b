//! A compiled condition in words, for the reasons a decision gives: `orders ≥ 2 and
//! purchasedCategories in ["shoes"]`. Short and readable rather than complete: each operator has
//! one phrase, literals are shown as JSON.

use super::{Cmp, Elem, Node, Op, Runtime, Test};
use crate::base::json::to_text as json;
use crate::base::value::Value;

pub(super) fn node(n: &Node, rt: &dyn Runtime) -> String {
    match n {
        Node::All(parts) if parts.is_empty() => "always".into(),
        Node::All(parts) => join(parts.iter().map(|p| node(p, rt)), " and "),
        Node::Any(parts) if parts.is_empty() => "always".into(),
        Node::Any(parts) => format!("({})", join(parts.iter().map(|p| node(p, rt)), " or ")),
        Node::Not(inner) => format!("not ({})", node(inner, rt)),
        Node::Field(path, t) => test(&path.0.join("."), t, rt),
    }
}

fn test(path: &str, t: &Test, rt: &dyn Runtime) -> String {
    match t {
        Test::Text { text, .. } => format!("{path} is {}", json(&Value::String(text.clone()), rt)),
        Test::Number(n) => format!("{path} is {}", json(&Value::Number(*n), rt)),
        Test::Bool(b) => format!("{path} is {b}"),
        Test::Null => format!("{path} is not set"),
        Test::Same(v) => format!("{path} is {}", json(v, rt)),
        Test::Ops(ops) => join(ops.iter().map(|o| op(path, o, rt)), " and "),
    }
}

fn op(path: &str, o: &Op, rt: &dyn Runtime) -> String {
    match o {
        Op::Version(c, v) => format!("{path} {} version {v}", symbol(*c)),
        Op::Compare(c, v) => format!("{path} {} {}", symbol(*c), json(v, rt)),
        Op::Exists(true) => format!("{path} is set"),
        Op::Exists(false) => format!("{path} is not set"),
        Op::In { list, negate, .. } => {
            let items = list.as_ref().map_or_else(|| "[]".into(), |l| json(&Value::Array(l.clone()), rt));
            format!("{path} {}in {items}", if *negate { "not " } else { "" })
        }
        Op::Group { name, negate } => format!("{path} {}in group {name}", if *negate { "not " } else { "" }),
        Op::Not(t) => format!("not ({})", test(path, t, rt)),
        Op::Size(t) => test(&format!("size of {path}"), t, rt),
        Op::ElemMatch(Elem::Test(t)) => format!("{path} has an item where {}", test("it", t, rt)),
        Op::ElemMatch(Elem::Condition(n)) => format!("{path} has an item where {}", node(n, rt)),
        Op::All(tests) => {
            let n = tests.as_ref().map_or(0, Vec::len);
            format!("{path} has all of {n} values")
        }
        Op::Regex { source, ignore_case, .. } => {
            format!("{path} matches /{source}/{}", if *ignore_case { "i" } else { "" })
        }
        Op::Type(name) => format!("{path} is of type {name}"),
        Op::Unknown(name) => format!("{path} {name} (unknown operator: never)"),
    }
}

fn symbol(c: Cmp) -> &'static str {
    match c {
        Cmp::Eq => "=",
        Cmp::Ne => "≠",
        Cmp::Lt => "<",
        Cmp::Lte => "≤",
        Cmp::Gt => ">",
        Cmp::Gte => "≥",
    }
}

fn join(parts: impl Iterator<Item = String>, separator: &str) -> String {
    parts.collect::<Vec<_>>().join(separator)
}
