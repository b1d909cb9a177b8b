//! JSON text to [`Value`]s and back. The browser layer reads and writes the stored document with it
//! — rather than handing the text to the page's `JSON.parse` and walking the result member by
//! member across the JS/wasm boundary on every load and every merge-before-write, and rather than
//! trusting a `JSON` the page may have replaced — and the fuzz targets read their inputs with it.
//!
//! Lenient where JSON is strict in ways that do not matter here (leading zeros, raw control
//! characters in strings); bounded like every reader of outside data: nesting beyond [`MAX_DEPTH`]
//! reads as null, objects keep [`MAX_KEYS`] members and arrays [`MAX_ENTRIES`] entries. Never panics.

use crate::base::ecma::{self as js, Runtime};
use crate::base::keyed::MAX_KEYS;
use crate::base::value::{Map, Value};

/// Deepest nesting parsed; deeper values read as `null`.
pub const MAX_DEPTH: usize = 128;
/// Most array entries read from one array.
pub const MAX_ENTRIES: usize = 10_000;

/// `JSON.stringify(v)`, compact (members in key order).
pub fn to_text(v: &Value, rt: &dyn Runtime) -> String {
    let mut out = String::new();
    write_json(v, rt, &mut out);
    out
}

fn write_json(v: &Value, rt: &dyn Runtime, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => out.push_str(&js::number_text(*n, rt)),
        Value::Number(_) => out.push_str("null"),
        Value::String(s) => write_json_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, rt, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out);
                out.push(':');
                write_json(item, rt, out);
            }
            out.push('}');
        }
    }
}

/// Appends `s` as a JSON string, quoted and escaped.
pub fn write_json_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    // Runs of characters that need no escape are copied whole; every escape is an ASCII byte, so
    // each cut falls on a character boundary.
    let mut run = 0;
    for (at, byte) in s.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            0..=0x1f => "\\u00",
            _ => continue,
        };
        out.push_str(s.get(run..at).unwrap_or_default());
        out.push_str(escape);
        if escape == "\\u00" {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
        run = at + 1;
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

/// JSON text, or `None` if it is not JSON. `rt` reads the numbers that are not plain digits.
pub fn parse(text: &str, rt: &dyn Runtime) -> Option<Value> {
    let mut parser = Parser { bytes: text.as_bytes(), at: 0, rt };
    let parsed = parser.value(0)?;
    parser.skip_space();
    (parser.at == parser.bytes.len()).then_some(parsed)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
    rt: &'a dyn Runtime,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_space();
        let found = self.peek() == Some(b);
        self.at += usize::from(found);
        found
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Option<Value> {
        let found = self.bytes.get(self.at..self.at + word.len()) == Some(word);
        self.at += word.len();
        found.then_some(value)
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        self.skip_space();
        match self.peek()? {
            b'n' => self.literal(b"null", Value::Null),
            b't' => self.literal(b"true", Value::Bool(true)),
            b'f' => self.literal(b"false", Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Some(Value::Array(items));
                }
                loop {
                    let item = self.value(depth + 1)?;
                    if items.len() < MAX_ENTRIES {
                        items.push(if depth >= MAX_DEPTH { Value::Null } else { item });
                    }
                    if self.eat(b']') {
                        return Some(if depth >= MAX_DEPTH { Value::Null } else { Value::Array(items) });
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut map = Map::default();
                if self.eat(b'}') {
                    return Some(Value::Object(map));
                }
                loop {
                    self.skip_space();
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    let member = self.value(depth + 1)?;
                    if map.len() < MAX_KEYS {
                        map.insert(&key, member);
                    }
                    if self.eat(b'}') {
                        return Some(if depth >= MAX_DEPTH { Value::Null } else { Value::Object(map) });
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            _ => self.number(),
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')) {
            self.at += 1;
        }
        let text = std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?;
        // Whole numbers here; the rest exactly as JavaScript reads them.
        let n = js::parse_number(text, self.rt);
        (!text.is_empty() && !n.is_nan()).then_some(Value::Number(n))
    }

    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while !matches!(self.peek()?, b'"' | b'\\') {
                self.at += 1;
            }
            out.push_str(std::str::from_utf8(self.bytes.get(run_start..self.at)?).ok()?);
            let b = self.peek()?;
            self.at += 1;
            if b == b'"' {
                return Some(out);
            }
            let escaped = self.peek()?;
            self.at += 1;
            match escaped {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let unit = self.hex4()?;
                    let c = if (0xD800..0xDC00).contains(&unit) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
                    {
                        let save = self.at;
                        self.at += 2;
                        match self.hex4()? {
                            low @ 0xDC00..=0xDFFF => char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)),
                            _ => {
                                self.at = save;
                                None
                            }
                        }
                    } else {
                        char::from_u32(unit)
                    };
                    // A lone surrogate (possible in JS strings) reads as U+FFFD, as in TextDecoder.
                    out.push(c.unwrap_or('\u{FFFD}'));
                }
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.bytes.get(self.at..self.at + 4)?).ok()?;
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::ecma::WithoutRegex;

    #[test]
    fn text_round_trips() {
        let v = Value::object([
            ("a\"b", Value::from(vec![Value::Null, 1.5.into(), "x\n\u{1}é".into()])),
            ("n", f64::NAN.into()),
        ]);
        let text = to_text(&v, &WithoutRegex);
        assert_eq!(text, r#"{"a\"b":[null,1.5,"x\n\u0001é"],"n":null}"#);
        let back = parse(&text, &WithoutRegex).unwrap();
        assert_eq!(back.get("a\"b"), v.get("a\"b"));
        assert_eq!(
            parse(r#"{"s":"\ud83d\ude00 \u00e9"}"#, &WithoutRegex).unwrap().get("s"),
            Some(&Value::from("😀 é"))
        );
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open"] {
            assert_eq!(parse(bad, &WithoutRegex), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_written_as_json_that_reads_back(
            s in proptest::prop_oneof![proptest::prelude::any::<String>(), "[\\x00-\\x1f\"\\\\aé😀]{0,24}"]
        ) {
            let text = to_text(&Value::from(s.as_str()), &WithoutRegex);
            proptest::prop_assert_eq!(serde_json::from_str::<String>(&text).ok(), Some(s.clone()));
            proptest::prop_assert_eq!(parse(&text, &WithoutRegex), Some(Value::from(s)));
        }
    }
}
