//! Reading an order history: a transaction log or a ready summary, as CSV, into one [`Customer`]
//! each. Every mistake names its line and column.

use std::fmt;

use crate::time::parse_iso8601;

const DAY_MS: u64 = 86_400_000;

/// The time unit of recency and age (and so of `α` before it is turned into days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Days.
    Days,
    /// Weeks of 7 days.
    Weeks,
}

impl Period {
    /// Days in one period.
    pub fn days(self) -> f64 {
        match self {
            Period::Days => 1.0,
            Period::Weeks => 7.0,
        }
    }

    /// `"days"` or `"weeks"`.
    pub fn parse(name: &str) -> Option<Period> {
        match name {
            "days" | "day" | "d" => Some(Period::Days),
            "weeks" | "week" | "w" => Some(Period::Weeks),
            _ => None,
        }
    }
}

/// How to read the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The unit of recency and age.
    pub period: Period,
    /// The end of the observation (ms since the epoch); default: the last transaction's day.
    /// Transactions after it are left out.
    pub end: Option<u64>,
    /// Header of the customer id column (transaction logs).
    pub customer: String,
    /// Header of the date column.
    pub date: String,
    /// Header of the amount column; the column is optional.
    pub amount: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            period: Period::Days,
            end: None,
            customer: "customer".into(),
            date: "date".into(),
            amount: "amount".into(),
        }
    }
}

/// One customer, reduced as in the paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Customer {
    /// Repeat purchases: distinct days with a purchase, less the first.
    pub x: u32,
    /// Time from the first to the last purchase.
    pub t_x: f64,
    /// Time from the first purchase to the end of the observation.
    pub t: f64,
}

/// A mistake in the input, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, when one column is at fault.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "line {}, column {c}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

impl std::error::Error for InputError {}

fn error(line: usize, column: Option<usize>, message: impl Into<String>) -> InputError {
    InputError { line, column, message: message.into() }
}

/// Reads `text`: a summary when its header has `frequency`, `recency` and `T` (in the unit of
/// `options.period`), else a transaction log.
pub fn read(text: &str, options: &Options) -> Result<Vec<Customer>, InputError> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.trim().is_empty());
    let (header_line, header) = lines.next().ok_or_else(|| error(1, None, "the file is empty"))?;
    let separator = if header.contains(',') || !header.contains(';') { ',' } else { ';' };
    let header = fields(header, separator, header_line)?;
    let column = |name: &str| header.iter().position(|h| h == name);
    let rows = Box::new(lines.map(move |(n, l)| fields(l, separator, n).map(|f| (n, f))));
    match (column("frequency"), column("recency"), column("T")) {
        (Some(x), Some(t_x), Some(t)) => summary(rows, [x, t_x, t]),
        _ => {
            let missing =
                |name: &str| error(header_line, None, format!("no column \"{name}\" (columns: {})", header.join(", ")));
            let customer = column(&options.customer).ok_or_else(|| missing(&options.customer))?;
            let date = column(&options.date).ok_or_else(|| missing(&options.date))?;
            transactions(rows, customer, date, column(&options.amount), options)
        }
    }
}

type Rows<'a> = dyn Iterator<Item = Result<(usize, Vec<String>), InputError>> + 'a;

fn summary(rows: Box<Rows<'_>>, [xc, txc, tc]: [usize; 3]) -> Result<Vec<Customer>, InputError> {
    let mut out = Vec::new();
    for row in rows {
        let (line, f) = row?;
        let number = |c: usize| -> Result<f64, InputError> {
            let cell = f.get(c).ok_or_else(|| error(line, Some(c + 1), "missing"))?;
            decimal(cell)
                .filter(|n| *n >= 0.0)
                .ok_or_else(|| error(line, Some(c + 1), format!("expected a number ≥ 0, got \"{cell}\"")))
        };
        let (x, t_x, t) = (number(xc)?, number(txc)?, number(tc)?);
        if x.fract() != 0.0 || x > f64::from(u32::MAX) {
            return Err(error(line, Some(xc + 1), "frequency must be a whole number"));
        }
        if t_x > t {
            return Err(error(line, Some(txc + 1), "recency is later than T"));
        }
        out.push(Customer { x: x as u32, t_x, t });
    }
    Ok(out)
}

fn transactions(
    rows: Box<Rows<'_>>,
    customer: usize,
    date: usize,
    amount: Option<usize>,
    options: &Options,
) -> Result<Vec<Customer>, InputError> {
    // (customer, day) for every transaction up to the end.
    let mut days: Vec<(String, u64)> = Vec::new();
    for row in rows {
        let (line, f) = row?;
        let cell = |c: usize| f.get(c).ok_or_else(|| error(line, Some(c + 1), "missing"));
        let id = cell(customer)?;
        if id.is_empty() {
            return Err(error(line, Some(customer + 1), "empty customer id"));
        }
        let when = cell(date)?;
        let ms = read_date(when).ok_or_else(|| {
            error(
                line,
                Some(date + 1),
                format!("cannot read \"{when}\" as a date (YYYY-MM-DD, YYYYMMDD or ISO 8601 with an offset)"),
            )
        })?;
        if let Some(c) = amount {
            let value = cell(c)?;
            match decimal(value) {
                Some(v) if v < 0.0 => return Err(error(line, Some(c + 1), format!("negative amount {value}"))),
                Some(_) => {}
                None if value.is_empty() => {}
                None => return Err(error(line, Some(c + 1), format!("cannot read \"{value}\" as an amount"))),
            }
        }
        if options.end.is_none_or(|end| ms <= end) {
            days.push((id.clone(), ms / DAY_MS));
        }
    }
    if days.is_empty() {
        return Err(error(1, None, "no transactions (before the end date)"));
    }
    let end_day = options.end.map_or_else(|| days.iter().map(|(_, d)| *d).max().unwrap_or(0), |end| end / DAY_MS);
    days.sort_unstable();
    days.dedup();
    let unit = options.period.days();
    let mut out = Vec::new();
    for group in days.chunk_by(|p, q| p.0 == q.0) {
        let (first, last) = (group[0].1, group[group.len() - 1].1);
        out.push(Customer {
            x: (group.len() - 1) as u32,
            t_x: (last - first) as f64 / unit,
            t: end_day.saturating_sub(first) as f64 / unit,
        });
    }
    Ok(out)
}

/// The end of observation for a date given as `YYYY-MM-DD` (or any form [`parse_iso8601`]
/// reads): the last millisecond of that day, so that the whole end day counts.
pub fn end_of_day(date: &str) -> Option<u64> {
    parse_iso8601(date).map(|start| start + DAY_MS - 1)
}

/// `YYYY-MM-DD`, `YYYYMMDD`, or an ISO 8601 date-time with an offset.
fn read_date(s: &str) -> Option<u64> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_iso8601(&format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..]));
    }
    parse_iso8601(s)
}

/// A plain decimal number (`12`, `-3.5`, `0.99`).
fn decimal(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1;
    ok.then(|| s.parse().ok()).flatten()
}

/// The fields of one CSV line: separated by `separator`, optionally quoted (`""` inside quotes).
fn fields(line: &str, separator: char, number: usize) -> Result<Vec<String>, InputError> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (c, false) if c == separator => out.push(std::mem::take(&mut field).trim().to_owned()),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return Err(error(number, Some(out.len() + 1), "unclosed quote"));
    }
    out.push(field.trim().to_owned());
    Ok(out)
}
