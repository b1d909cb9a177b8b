//! JavaScript's coercions, as GrowthBook's `evalCondition` relies on them.
//!
//! GrowthBook compares with `===`, `<`, `value + ""` and `value * 1`, so a condition such as
//! `{ "age": "5" }` matches the number 5 and `{ "$lt": 10 }` matches the string `"9"`. To agree
//! with it case for case these functions follow ECMAScript: `ToString`, `ToNumber`, `ToBoolean`
//! and the abstract relational comparison, over [`Value`]s.
//!
//! The common cases are handled here (whole numbers, digit strings, ASCII case); the rest —
//! printing a fraction, reading a decimal, lower-casing Unicode — is asked of the [`Runtime`]: in
//! the wasm build that is the JavaScript engine itself, exact by definition and free in bytes;
//! natively, the ECMAScript-following functions at the end of this module.

use std::borrow::Cow;
use std::cmp::Ordering;

use std::rc::Rc;

use crate::base::value::Value;

/// Why a regular expression was refused, in the JavaScript engine's own words.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidRegex(pub String);

/// A compiled regular expression.
pub trait Pattern {
    /// Whether the expression matches somewhere in `text` (`RegExp.prototype.test`).
    fn test(&self, text: &str) -> bool;
}

/// The JavaScript built-ins conditions rely on, and what the host page supplies to the decisions
/// kept for the slot script. Only regular expressions must be supplied; the other methods default
/// to the native implementations in this module (and to nothing from a page).
pub trait Runtime {
    /// `new RegExp(source, ignore_case ? "i" : "")`; the error gives the engine's own words.
    fn regex(&self, source: &str, ignore_case: bool) -> Result<Rc<dyn Pattern>, InvalidRegex>;
    /// `String(n)`, for numbers that are not whole.
    fn number_to_string(&self, n: f64) -> String {
        number_to_string(n)
    }
    /// `Number(s)`, for strings that are not plain digits.
    fn string_to_number(&self, s: &str) -> f64 {
        string_to_number(s)
    }
    /// `s.toLowerCase()`, for strings that are not ASCII.
    fn lowercase(&self, s: &str) -> String {
        s.to_lowercase()
    }
    /// Whether `code` (upper case) is an ISO 4217 currency: `Intl.supportedValuesOf("currency")`.
    fn is_currency(&self, code: &str) -> bool {
        super::currency::is_currency(code)
    }
    /// The dismiss button's name for content in language `lang` (none: the page's language), in
    /// the words the page's rendering uses. The kept decisions carry it, so that the slot script
    /// in every page's `<head>` holds no table of words.
    fn dismiss_label(&self, _lang: Option<&str>) -> Option<String> {
        None
    }
    /// The banners' default stylesheet (CSS text), carried by the kept decisions for the same
    /// reason.
    fn banner_style(&self) -> Option<String> {
        None
    }
}

/// A runtime without regular expressions (every `$regex` is invalid) and with the native
/// coercions: for tools and fuzzing, where no JavaScript engine is at hand.
pub struct WithoutRegex;

impl Runtime for WithoutRegex {
    fn regex(&self, _source: &str, _ignore_case: bool) -> Result<Rc<dyn Pattern>, InvalidRegex> {
        Err(InvalidRegex("no regular expression engine here".into()))
    }
}

/// Largest whole number a JavaScript number holds exactly (2^53).
const MAX_SAFE: f64 = 9_007_199_254_740_992.0;

/// `ToBoolean`.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0 && !n.is_nan(),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// `ToString` (`String(v)`, `v + ""`): arrays join their elements with commas, objects read
/// `[object Object]`.
pub fn to_string<'a>(v: &'a Value, rt: &dyn Runtime) -> Cow<'a, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s),
        Value::Null => Cow::Borrowed("null"),
        Value::Bool(true) => Cow::Borrowed("true"),
        Value::Bool(false) => Cow::Borrowed("false"),
        Value::Number(n) => Cow::Owned(number_text(*n, rt)),
        Value::Object(_) => Cow::Borrowed("[object Object]"),
        Value::Array(items) => {
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                // `join` writes null (and undefined) as nothing.
                if !matches!(item, Value::Null) {
                    out.push_str(&to_string(item, rt));
                }
            }
            Cow::Owned(out)
        }
    }
}

/// `String(n)`: whole numbers here, the rest by the runtime.
pub fn number_text(n: f64, rt: &dyn Runtime) -> String {
    if n.fract() == 0.0 && n.abs() < MAX_SAFE {
        (n as i64).to_string() // -0 prints "0", as in JavaScript
    } else {
        rt.number_to_string(n)
    }
}

/// Whether `String(n) === text`, without building the string for whole numbers.
pub fn number_is_text(n: f64, text: &str, rt: &dyn Runtime) -> bool {
    if n.fract() == 0.0 && n.abs() < MAX_SAFE {
        let mut buffer = [0u8; 20];
        let digits = crate::base::value::digits((n as i64).unsigned_abs(), &mut buffer);
        match text.as_bytes().split_first() {
            Some((b'-', tail)) => n < 0.0 && tail == digits,
            _ => n >= 0.0 && text.as_bytes() == digits, // -0 prints "0"
        }
    } else {
        rt.number_to_string(n) == text
    }
}

/// `Number(s)`: plain digit strings here (up to 15 digits, so exact), the rest by the runtime.
pub fn parse_number(s: &str, rt: &dyn Runtime) -> f64 {
    match (s.len() <= 15).then(|| crate::base::value::parse_digits(s)).flatten() {
        Some(n) => n as f64,
        None => rt.string_to_number(s),
    }
}

/// `a.toLowerCase() === b.toLowerCase()`.
pub fn same_folded(a: &str, b: &str, rt: &dyn Runtime) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        rt.lowercase(a) == rt.lowercase(b)
    }
}

/// `Number.prototype.toString()` natively: the shortest digits that read back as `n`, in plain notation
/// from 1e-7 up to 1e21 and in exponent notation (`1e+21`, `1.5e-7`) outside.
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into(); // -0 too
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e-7", "5e0".
    let sci = format!("{:e}", n.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    let point = exp + 1; // position of the decimal point after the first `point` digits
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    if (1..=21).contains(&point) {
        if k <= point {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', (point - k) as usize));
        } else {
            out.push_str(&digits[..point as usize]);
            out.push('.');
            out.push_str(&digits[point as usize..]);
        }
    } else if (-5..=0).contains(&point) {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if point > 0 { '+' } else { '-' });
        out.push_str(&(point - 1).abs().to_string());
    }
    out
}

/// `ToNumber` (`v * 1`).
pub fn to_number(v: &Value, rt: &dyn Runtime) -> f64 {
    match v {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => *n,
        Value::String(s) => parse_number(s, rt),
        Value::Array(_) => parse_number(&to_string(v, rt), rt),
        Value::Object(_) => f64::NAN,
    }
}

/// `StringToNumber` natively: surrounding white space ignored, empty is 0, `Infinity`, `0x`/`0o`/`0b`
/// integers, decimal literals; anything else NaN.
pub fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_space);
    if t.is_empty() {
        return 0.0;
    }
    let radix = match t.get(..2) {
        Some("0x" | "0X") => 16,
        Some("0o" | "0O") => 8,
        Some("0b" | "0B") => 2,
        _ => 10,
    };
    if radix != 10 {
        let digits = &t[2..];
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return f64::NAN;
        }
        return digits.chars().fold(0.0, |acc, c| acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0)));
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" {
        return if t.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    // Rust also reads "inf", "nan" and "infinity": JavaScript does not.
    if !unsigned.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return f64::NAN;
    }
    t.parse().unwrap_or(f64::NAN)
}

fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `ToPrimitive` for the relational operators: arrays and objects become their strings.
enum Primitive<'a> {
    Text(Cow<'a, str>),
    Number(f64),
}

fn to_primitive<'a>(v: &'a Value, rt: &dyn Runtime) -> Primitive<'a> {
    match v {
        Value::String(s) => Primitive::Text(Cow::Borrowed(s)),
        Value::Array(_) | Value::Object(_) => Primitive::Text(to_string(v, rt)),
        other => Primitive::Number(to_number(other, rt)),
    }
}

/// `a < b`, `a <= b`, … as JavaScript evaluates them: two strings compare by UTF-16 code units,
/// anything else as numbers; `None` when a number is NaN (every comparison is then false).
pub fn compare(a: &Value, b: &Value, rt: &dyn Runtime) -> Option<Ordering> {
    match (to_primitive(a, rt), to_primitive(b, rt)) {
        (Primitive::Text(x), Primitive::Text(y)) => Some(x.encode_utf16().cmp(y.encode_utf16())),
        (x, y) => {
            let number = |p: Primitive| match p {
                Primitive::Number(n) => n,
                Primitive::Text(s) => parse_number(&s, rt),
            };
            number(x).partial_cmp(&number(y))
        }
    }
}

/// `a === b`: objects and arrays are never strictly equal to a value read from elsewhere.
pub fn strict_equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        _ => false,
    }
}

/// GrowthBook's type names for `$type`.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        for (n, text) in [
            (1.0, "1"),
            (-2.5, "-2.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (-0.0, "0"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            assert_eq!(number_to_string(n), text);
        }
    }

    #[test]
    fn strings_read_as_javascript_reads_them() {
        assert_eq!(string_to_number(" 42 "), 42.0);
        assert_eq!(string_to_number(""), 0.0);
        assert_eq!(string_to_number("0x1f"), 31.0);
        assert_eq!(string_to_number("-Infinity"), f64::NEG_INFINITY);
        assert!(string_to_number("inf").is_nan());
        assert!(string_to_number("12px").is_nan());
        assert_eq!(string_to_number(".5"), 0.5);
    }

    #[test]
    fn comparisons_coerce_like_javascript() {
        let s = |x: &str| Value::String(x.into());
        let rt = &WithoutRegex;
        assert_eq!(compare(&s("10"), &s("9"), rt), Some(Ordering::Less)); // text order
        assert_eq!(compare(&s("10"), &Value::Number(9.0), rt), Some(Ordering::Greater));
        assert_eq!(compare(&s("1.5e1"), &Value::Number(15.0), rt), Some(Ordering::Equal));
        assert_eq!(compare(&Value::Null, &Value::Number(0.0), rt), Some(Ordering::Equal));
        assert_eq!(compare(&s("abc"), &Value::Number(1.0), rt), None);
        assert_eq!(to_string(&Value::Array(vec![1.0.into(), Value::Null, 0.5.into()]), rt), "1,,0.5");
        assert!(same_folded("ÉCOLE", "école", rt) && same_folded("Shoes", "sHOES", rt));
        for (n, text, equal) in [
            (3.0, "3", true),
            (-3.0, "-3", true),
            (-0.0, "0", true),
            (3.0, "03", false),
            (3.0, "-3", false),
            (0.5, "0.5", true),
            (1e21, "1e+21", true),
        ] {
            assert_eq!(number_is_text(n, text, rt), equal, "{n} vs {text}");
        }
    }
}
