//! Targeting conditions: GrowthBook's condition language (spec 0.8.0), compiled once into a tree.
//!
//! A condition is an object whose keys are attribute paths (`"page.path"`, `"recentItems.0"`) or
//! the logical operators `$or`, `$nor`, `$and`, `$not`; a path's value is a literal to compare
//! with or an object of operators (`{ "$gte": 2 }`). [`Condition::compile`] turns the JSON into a
//! tree once; [`Condition::matches`] walks it over the attributes without allocating for the
//! common operators.
//!
//! Two modes. The catalogue compiles **strictly**: an unknown operator, an invalid regular
//! expression, an unknown saved group or an ill-typed operand is an error, so that a typo is found
//! at construction rather than silently never matching. The standalone `evalCondition` export
//! compiles **leniently**, and then behaves exactly as GrowthBook's `evalCondition` (such a part is
//! simply false), as the GrowthBook cases in `tests/data/growthbook` check one by one.
//!
//! JavaScript's built-ins are not reimplemented here: the caller passes a [`Runtime`] (in the wasm
//! build the JavaScript engine itself, so that `RegExp`, number printing and lower-casing are
//! exactly JavaScript's and cost no bytes; natively, ECMAScript-following defaults and any regular
//! expression engine).

pub mod describe;
pub mod version;

use std::cell::{Cell, OnceCell};
use std::cmp::Ordering;
use std::fmt;
use std::rc::Rc;

use crate::base::ecma::{self as js, Pattern, Runtime};
use crate::base::value::{Map, Value};

/// Why the catalogue's condition cannot be compiled, as the end of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidCondition(pub String);

fn invalid<T>(message: String) -> Result<T, InvalidCondition> {
    Err(InvalidCondition(message))
}

/// How strictly to read a condition.
#[derive(Clone, Copy)]
pub enum Mode<'a> {
    /// The catalogue's: mistakes are errors; `$inGroup` names must be among these groups.
    Strict(&'a Map),
    /// `evalCondition`'s: mistakes make their part false, as in GrowthBook.
    Lenient,
}

/// A condition, compiled.
#[derive(Clone)]
pub struct Condition {
    root: Node,
    runtime: Rc<dyn Runtime>,
    /// [`Condition::describe`]'s words, made the first time a decision gives them as a reason.
    words: OnceCell<String>,
}

impl fmt::Debug for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root.fmt(f)
    }
}

impl Condition {
    /// Compiles `source`. In lenient mode it never fails.
    pub fn compile(source: &Value, runtime: &Rc<dyn Runtime>, mode: Mode) -> Result<Condition, InvalidCondition> {
        let root = Compiler { runtime: &**runtime, mode, depth: Cell::new(0) }.node(source)?;
        Ok(Condition { root, runtime: runtime.clone(), words: OnceCell::new() })
    }

    /// Whether `attributes` satisfy the condition; `groups` are the saved groups for `$inGroup`.
    pub fn matches(&self, attributes: &Value, groups: &Map) -> bool {
        self.root.matches(attributes, &Context { groups, rt: &*self.runtime })
    }

    /// Adds the top-level attribute names the condition reads (`page` for `page.path`).
    pub fn attribute_names<'a>(&'a self, out: &mut Vec<&'a str>) {
        self.root.attribute_names(out);
    }

    /// The condition in words, for decision reasons (see [`describe`]).
    pub fn describe(&self) -> &str {
        self.words.get_or_init(|| describe::node(&self.root, &*self.runtime))
    }
}

/// What evaluation needs besides the attributes.
struct Context<'a> {
    groups: &'a Map,
    rt: &'a dyn Runtime,
}

/// A condition object: all of its parts must hold.
#[derive(Debug, Clone)]
enum Node {
    All(Vec<Node>),
    /// `$or`; an empty list holds.
    Any(Vec<Node>),
    Not(Box<Node>),
    Field(Path, Test),
}

/// A dotted attribute path, split once.
#[derive(Debug, Clone)]
struct Path(Vec<String>);

static NULL: Value = Value::Null;

impl Path {
    fn resolve<'a>(&self, root: &'a Value) -> &'a Value {
        self.0.iter().try_fold(root, |v, part| step(v, part)).unwrap_or(&NULL)
    }
}

/// The value at a dotted `path` (GrowthBook's `getPath`: objects by key, arrays by index; anything
/// missing is null).
pub fn lookup<'a>(root: &'a Value, path: &str) -> &'a Value {
    path.split('.').try_fold(root, step).unwrap_or(&NULL)
}

fn step<'a>(v: &'a Value, part: &str) -> Option<&'a Value> {
    match v {
        Value::Object(map) => map.get(part),
        // Only an index as JavaScript writes it: `items["01"]` and `items["+1"]` are undefined.
        Value::Array(items) if part == "0" || !part.starts_with('0') => {
            crate::base::value::parse_digits(part).and_then(|i| items.get(usize::try_from(i).ok()?))
        }
        Value::Array(_) => None,
        _ => None,
    }
}

/// What one value must satisfy (GrowthBook's `evalConditionValue`).
#[derive(Debug, Clone)]
enum Test {
    /// `value + "" === text` (or lower-cased on both sides).
    Text {
        text: String,
        ignore_case: bool,
    },
    /// `value * 1 === n`.
    Number(f64),
    /// `value !== null && !!value === b`.
    Bool(bool),
    Null,
    /// Arrays and plain objects: equal JSON.
    Same(Value),
    /// An operator object: every operator must hold.
    Ops(Vec<Op>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl Cmp {
    fn holds(self, ordering: Option<Ordering>) -> bool {
        match (self, ordering) {
            (Cmp::Ne, None) => true,
            (_, None) => false,
            (Cmp::Eq, Some(o)) => o == Ordering::Equal,
            (Cmp::Ne, Some(o)) => o != Ordering::Equal,
            (Cmp::Lt, Some(o)) => o == Ordering::Less,
            (Cmp::Lte, Some(o)) => o != Ordering::Greater,
            (Cmp::Gt, Some(o)) => o == Ordering::Greater,
            (Cmp::Gte, Some(o)) => o != Ordering::Less,
        }
    }
}

#[derive(Clone)]
enum Op {
    /// `$veq` … `$vlte`; the operand is kept as text.
    Version(Cmp, String),
    /// `$eq` `$ne` (strict equality) and `$lt` … `$gte` (JavaScript's relational operators).
    Compare(Cmp, Value),
    Exists(bool),
    /// `$in` `$nin` `$ini` `$nini`; `None` when the operand is not an array (always false).
    In {
        list: Option<Vec<Value>>,
        negate: bool,
        ignore_case: bool,
    },
    Group {
        name: String,
        negate: bool,
    },
    Not(Box<Test>),
    Size(Box<Test>),
    ElemMatch(Elem),
    /// `$all` `$alli`; `None` when the operand is not an array (always false).
    All(Option<Vec<Test>>),
    /// `None` when the expression did not compile (always false).
    Regex {
        source: String,
        ignore_case: bool,
        pattern: Option<Rc<dyn Pattern>>,
    },
    Type(String),
    /// An unknown operator (lenient mode only): always false.
    Unknown(String),
}

impl fmt::Debug for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Regex { source, ignore_case, .. } => write!(f, "Regex({source:?}, i={ignore_case})"),
            Op::Version(c, v) => write!(f, "Version({c:?}, {v:?})"),
            Op::Compare(c, v) => write!(f, "Compare({c:?}, {v:?})"),
            Op::Exists(b) => write!(f, "Exists({b})"),
            Op::In { list, negate, ignore_case } => write!(f, "In({list:?}, not={negate}, i={ignore_case})"),
            Op::Group { name, negate } => write!(f, "Group({name:?}, not={negate})"),
            Op::Not(t) => write!(f, "Not({t:?})"),
            Op::Size(t) => write!(f, "Size({t:?})"),
            Op::ElemMatch(e) => write!(f, "ElemMatch({e:?})"),
            Op::All(t) => write!(f, "All({t:?})"),
            Op::Type(t) => write!(f, "Type({t:?})"),
            Op::Unknown(o) => write!(f, "Unknown({o:?})"),
        }
    }
}

/// `$elemMatch`'s operand: an operator object tests each element, anything else is a condition
/// on each element.
#[derive(Debug, Clone)]
enum Elem {
    Test(Box<Test>),
    Condition(Box<Node>),
}

const TYPE_NAMES: [&str; 6] = ["string", "number", "boolean", "object", "array", "null"];

/// Deepest nesting of conditions and operators compiled (a catalogue's deeper condition is an
/// error; `evalCondition`'s is false).
pub const MAX_NESTING: usize = 100;

struct Compiler<'a> {
    runtime: &'a dyn Runtime,
    mode: Mode<'a>,
    depth: Cell<usize>,
}

impl Compiler<'_> {
    fn strict(&self) -> bool {
        matches!(self.mode, Mode::Strict(_))
    }

    /// An error in strict mode; in lenient mode, `fallback`.
    fn fail<T>(&self, message: String, fallback: T) -> Result<T, InvalidCondition> {
        if self.strict() {
            Err(InvalidCondition(message))
        } else {
            Ok(fallback)
        }
    }

    /// Runs `compile` one level deeper, or gives `too_deep` past [`MAX_NESTING`].
    fn nested<T>(
        &self,
        too_deep: T,
        compile: impl FnOnce() -> Result<T, InvalidCondition>,
    ) -> Result<T, InvalidCondition> {
        if self.depth.get() >= MAX_NESTING {
            return self.fail(format!("nested deeper than {MAX_NESTING} levels"), too_deep);
        }
        self.depth.set(self.depth.get() + 1);
        let result = compile();
        self.depth.set(self.depth.get() - 1);
        result
    }

    fn node(&self, source: &Value) -> Result<Node, InvalidCondition> {
        // Too deep reads as "never": not (all of nothing).
        self.nested(Node::Not(Box::new(Node::All(Vec::new()))), || self.node_here(source))
    }

    fn node_here(&self, source: &Value) -> Result<Node, InvalidCondition> {
        let Value::Object(map) = source else {
            // GrowthBook reads the (absent) entries of a non-object: nothing to fail.
            return self.fail(format!("expected a condition object, got {}", source.kind()), Node::All(Vec::new()));
        };
        let mut parts = Vec::with_capacity(map.len());
        for (key, value) in map.iter() {
            parts.push(match key {
                "$or" => Node::Any(self.list(key, value)?),
                "$nor" => Node::Not(Box::new(Node::Any(self.list(key, value)?))),
                "$and" => Node::All(self.list(key, value)?),
                "$not" => Node::Not(Box::new(self.node(value)?)),
                path => Node::Field(Path(path.split('.').map(str::to_owned).collect()), self.test(value, false)?),
            });
        }
        Ok(if parts.len() == 1 { parts.pop().unwrap_or(Node::All(Vec::new())) } else { Node::All(parts) })
    }

    fn list(&self, op: &str, value: &Value) -> Result<Vec<Node>, InvalidCondition> {
        match value {
            Value::Array(items) => items.iter().map(|c| self.node(c)).collect(),
            // GrowthBook loops over `.length`, which a non-array lacks: no parts.
            other => self.fail(format!("{op} expects an array of conditions, got {}", other.kind()), Vec::new()),
        }
    }

    fn test(&self, value: &Value, ignore_case: bool) -> Result<Test, InvalidCondition> {
        let never = Test::Ops(vec![Op::Unknown("(too deep)".into())]);
        self.nested(never, || self.test_here(value, ignore_case))
    }

    fn test_here(&self, value: &Value, ignore_case: bool) -> Result<Test, InvalidCondition> {
        Ok(match value {
            Value::String(s) => Test::Text { text: s.clone(), ignore_case },
            Value::Number(n) => Test::Number(*n),
            Value::Bool(b) => Test::Bool(*b),
            Value::Null => Test::Null,
            Value::Object(map) if is_operator_object(map) => {
                Test::Ops(map.iter().map(|(op, operand)| self.op(op, operand)).collect::<Result<_, _>>()?)
            }
            Value::Object(map) if self.strict() && map.keys().any(|k| k.starts_with('$')) => {
                return invalid(format!(
                    "an object mixes operators and fields ({}); use one or the other",
                    map.keys().collect::<Vec<_>>().join(", ")
                ))
            }
            other => Test::Same(other.clone()),
        })
    }

    fn op(&self, op: &str, operand: &Value) -> Result<Op, InvalidCondition> {
        let cmp = |c: Cmp| Op::Compare(c, operand.clone());
        Ok(match op {
            "$veq" | "$vne" | "$vgt" | "$vgte" | "$vlt" | "$vlte" => {
                let c = match op {
                    "$veq" => Cmp::Eq,
                    "$vne" => Cmp::Ne,
                    "$vgt" => Cmp::Gt,
                    "$vgte" => Cmp::Gte,
                    "$vlt" => Cmp::Lt,
                    _ => Cmp::Lte,
                };
                if self.strict() && !matches!(operand, Value::String(_) | Value::Number(_)) {
                    return invalid(format!("{op} expects a version string, got {}", operand.kind()));
                }
                Op::Version(c, version_text(operand, self.runtime).into_owned())
            }
            "$eq" => cmp(Cmp::Eq),
            "$ne" => cmp(Cmp::Ne),
            "$lt" => cmp(Cmp::Lt),
            "$lte" => cmp(Cmp::Lte),
            "$gt" => cmp(Cmp::Gt),
            "$gte" => cmp(Cmp::Gte),
            "$exists" => Op::Exists(js::truthy(operand)),
            "$in" | "$nin" | "$ini" | "$nini" => Op::In {
                list: self.array(op, operand)?.cloned(),
                negate: op.starts_with("$n"),
                ignore_case: op.ends_with('i'),
            },
            "$inGroup" | "$notInGroup" => {
                let name = js::to_string(operand, self.runtime).into_owned();
                if let Mode::Strict(groups) = self.mode {
                    if groups.get(&name).is_none() {
                        return invalid(format!("{op}: unknown saved group \"{name}\" (add it to savedGroups)"));
                    }
                }
                Op::Group { name, negate: op == "$notInGroup" }
            }
            "$not" => Op::Not(Box::new(self.test(operand, false)?)),
            "$size" => Op::Size(Box::new(self.test(operand, false)?)),
            "$elemMatch" => Op::ElemMatch(match operand {
                Value::Object(map) if is_operator_object(map) => Elem::Test(Box::new(self.test(operand, false)?)),
                _ => Elem::Condition(Box::new(self.node(operand)?)),
            }),
            "$all" | "$alli" => {
                let ignore_case = op == "$alli";
                Op::All(match self.array(op, operand)? {
                    Some(items) => Some(items.iter().map(|v| self.test(v, ignore_case)).collect::<Result<_, _>>()?),
                    None => None,
                })
            }
            "$regex" | "$regexi" => {
                let ignore_case = op == "$regexi";
                let source = js::to_string(operand, self.runtime).into_owned();
                let pattern = match (operand, self.runtime.regex(&source, ignore_case)) {
                    (Value::String(_), Ok(p)) => Some(p),
                    (Value::String(_), Err(e)) => {
                        self.fail(format!("{op}: invalid regular expression \"{source}\": {}", e.0), None)?
                    }
                    (other, _) => self.fail(format!("{op} expects a string, got {}", other.kind()), None)?,
                };
                Op::Regex { source, ignore_case, pattern }
            }
            "$type" => {
                let name = js::to_string(operand, self.runtime).into_owned();
                if self.strict() && !TYPE_NAMES.contains(&name.as_str()) {
                    return invalid(format!(
                        "$type: unknown type \"{name}\" (expected one of: {})",
                        TYPE_NAMES.join(", ")
                    ));
                }
                Op::Type(name)
            }
            unknown => self.fail(format!("unknown operator \"{unknown}\""), Op::Unknown(unknown.to_owned()))?,
        })
    }

    fn array<'v>(&self, op: &str, operand: &'v Value) -> Result<Option<&'v Vec<Value>>, InvalidCondition> {
        match operand {
            Value::Array(items) => Ok(Some(items)),
            other => self.fail(format!("{op} expects an array, got {}", other.kind()), None),
        }
    }
}

/// The text a version operand or attribute stands for (`paddedVersionString`'s input rule:
/// numbers as text, anything else that is not a non-empty string as "0").
fn version_text<'a>(v: &'a Value, rt: &dyn Runtime) -> std::borrow::Cow<'a, str> {
    match v {
        Value::String(s) if !s.is_empty() => std::borrow::Cow::Borrowed(s),
        Value::Number(n) => std::borrow::Cow::Owned(js::number_text(*n, rt)),
        _ => std::borrow::Cow::Borrowed("0"),
    }
}

/// Non-empty, and every key an operator.
fn is_operator_object(map: &Map) -> bool {
    !map.is_empty() && map.keys().all(|k| k.starts_with('$'))
}

impl Node {
    fn attribute_names<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Node::All(parts) | Node::Any(parts) => parts.iter().for_each(|p| p.attribute_names(out)),
            Node::Not(inner) => inner.attribute_names(out),
            Node::Field(path, _) => out.extend(path.0.first().map(String::as_str)),
        }
    }

    fn matches(&self, attrs: &Value, cx: &Context) -> bool {
        match self {
            Node::All(parts) => parts.iter().all(|p| p.matches(attrs, cx)),
            Node::Any(parts) => parts.is_empty() || parts.iter().any(|p| p.matches(attrs, cx)),
            Node::Not(inner) => !inner.matches(attrs, cx),
            Node::Field(path, test) => test.matches(path.resolve(attrs), cx),
        }
    }
}

impl Test {
    fn matches(&self, value: &Value, cx: &Context) -> bool {
        match self {
            Test::Text { text, ignore_case: false } => match value {
                Value::String(s) => s == text,
                Value::Number(n) => js::number_is_text(*n, text, cx.rt),
                other => js::to_string(other, cx.rt) == text.as_str(),
            },
            Test::Text { text, ignore_case: true } => js::same_folded(&js::to_string(value, cx.rt), text, cx.rt),
            Test::Number(n) => js::to_number(value, cx.rt) == *n,
            Test::Bool(b) => !matches!(value, Value::Null) && js::truthy(value) == *b,
            Test::Null => matches!(value, Value::Null),
            Test::Same(expected) => value == expected,
            Test::Ops(ops) => ops.iter().all(|op| op.matches(value, cx)),
        }
    }
}

impl Op {
    fn matches(&self, actual: &Value, cx: &Context) -> bool {
        match self {
            Op::Version(cmp, expected) => cmp.holds(Some(version::compare(&version_text(actual, cx.rt), expected))),
            Op::Compare(Cmp::Eq, expected) => js::strict_equals(actual, expected),
            Op::Compare(Cmp::Ne, expected) => !js::strict_equals(actual, expected),
            Op::Compare(cmp, expected) => cmp.holds(js::compare(actual, expected, cx.rt)),
            Op::Exists(wanted) => matches!(actual, Value::Null) != *wanted,
            Op::In { list: None, .. } => false,
            Op::In { list: Some(list), negate, ignore_case } => is_in(actual, list, *ignore_case, cx.rt) != *negate,
            Op::Group { name, negate } => {
                let members = match cx.groups.get(name) {
                    Some(Value::Array(items)) => items.as_slice(),
                    _ => &[],
                };
                is_in(actual, members, false, cx.rt) != *negate
            }
            Op::Not(test) => !test.matches(actual, cx),
            Op::Size(test) => match actual {
                Value::Array(items) => test.matches(&Value::Number(items.len() as f64), cx),
                _ => false,
            },
            Op::ElemMatch(elem) => match actual {
                Value::Array(items) => items.iter().any(|item| {
                    js::truthy(item)
                        && match elem {
                            Elem::Test(test) => test.matches(item, cx),
                            Elem::Condition(node) => node.matches(item, cx),
                        }
                }),
                _ => false,
            },
            Op::All(None) => false,
            Op::All(Some(tests)) => match actual {
                Value::Array(items) => tests.iter().all(|t| items.iter().any(|item| t.matches(item, cx))),
                _ => false,
            },
            Op::Regex { pattern: Some(p), .. } => p.test(&js::to_string(actual, cx.rt)),
            Op::Regex { pattern: None, .. } => false,
            Op::Type(name) => js::type_name(actual) == name,
            Op::Unknown(_) => false,
        }
    }
}

/// GrowthBook's `isIn`: an array attribute matches if any element is in the list.
fn is_in(actual: &Value, list: &[Value], ignore_case: bool, rt: &dyn Runtime) -> bool {
    let contains = |v: &Value| {
        list.iter().any(|x| match (ignore_case, v, x) {
            (true, Value::String(a), Value::String(b)) => js::same_folded(a, b, rt),
            _ => js::strict_equals(v, x),
        })
    };
    match actual {
        Value::Array(items) => items.iter().any(contains),
        other => contains(other),
    }
}
