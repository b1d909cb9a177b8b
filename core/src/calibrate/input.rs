//! Reading an order history: a transaction log or a ready summary, as CSV, into one [`Customer`]
//! each. Every mistake names its line and column.
//!
//! A log's columns are found by their headers, as shops' exports name them (a plain
//! `customer_id,date,amount`, Shopify's `Name`/`Email`/`Created at`/`Total`, WooCommerce's
//! `Order Number`/`Order Date`/`Billing Email`/`Order Total`, …); options override each. Rows
//! that share an order id are one order (Shopify writes one row per line item): the order counts
//! once, with the first date, customer and amount its rows give. The log is read a line at a time
//! ([`LogReader`]) into 16 bytes per order and each customer id once, so a file of millions of
//! orders never sits in memory as text.

use std::borrow::Cow;
use std::fmt;

use crate::base::time::parse_iso8601;

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
    /// The first moment of a holdout period (ms since the epoch): the model is fitted on what
    /// happened before, and the repeat purchases from then to `end` are counted per customer.
    pub holdout_from: Option<u64>,
    /// Header of the customer id column; default: recognised ([`CUSTOMER_HEADERS`]).
    pub customer: Option<String>,
    /// Header of the date column; default: recognised ([`DATE_HEADERS`]).
    pub date: Option<String>,
    /// Header of the amount column; default: recognised ([`AMOUNT_HEADERS`]). Optional.
    pub amount: Option<String>,
    /// Header of the order id column; default: recognised ([`ORDER_HEADERS`]). Optional.
    pub order: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            period: Period::Days,
            end: None,
            holdout_from: None,
            customer: None,
            date: None,
            amount: None,
            order: None,
        }
    }
}

/// Customer id headers, most specific first, compared without case: the first one a file has is
/// taken. An email beats WooCommerce's `Customer User`, which is 0 for every guest.
pub const CUSTOMER_HEADERS: [&str; 12] = [
    "customer_id",
    "customer id",
    "customerid",
    "customer",
    "client_id",
    "user_id",
    "email",
    "customer email",
    "billing email",
    "billing_email",
    "e-mail",
    "customer user",
];
/// Date headers (Shopify: `Created at`; WooCommerce: `Order Date`).
pub const DATE_HEADERS: [&str; 9] =
    ["date", "order_date", "order date", "created at", "created_at", "orderdate", "invoicedate", "timestamp", "time"];
/// Amount headers (Shopify: `Total`; WooCommerce: `Order Total`).
pub const AMOUNT_HEADERS: [&str; 9] =
    ["amount", "total", "order total", "order_total", "value", "revenue", "sales", "total_price", "price"];
/// Order id headers (WooCommerce: `Order Number`). Shopify's `Name` (`#1001`) is the order only
/// beside `Created at`, Shopify's date header, since elsewhere a name is a person's or a product's.
pub const ORDER_HEADERS: [&str; 9] = [
    "order_id",
    "order id",
    "orderid",
    "order number",
    "order_number",
    "order",
    "transaction_id",
    "invoice",
    "invoiceno",
];

/// One customer — or `count` customers with the same summary — reduced as in the paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Customer {
    /// Repeat purchases: distinct days with a purchase, less the first.
    pub x: u32,
    /// Time from the first to the last purchase.
    pub t_x: f64,
    /// Time from the first purchase to the end of the observation (of the calibration period,
    /// with a holdout).
    pub t: f64,
    /// The mean spend of a repeat purchase day: the amounts of the days after the first, summed
    /// per day, averaged (Fader, Hardie & Lee 2005b). `None` without repeat purchases or amounts.
    pub monetary_value: Option<f64>,
    /// Distinct days with a purchase in the holdout period (0 without one).
    pub holdout_x: u32,
    /// How many customers this row stands for: 1 from a log, a summary's `count` column else.
    pub count: u64,
}

/// What a file gives: its customers and, with a holdout, the holdout's length.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// One per customer (or per group of identical customers, from a weighted summary).
    pub customers: Vec<Customer>,
    /// The holdout's length in days, when there is one.
    pub holdout_days: Option<f64>,
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

pub(super) fn error(line: usize, column: Option<usize>, message: impl Into<String>) -> InputError {
    InputError { line, column, message: message.into() }
}

/// Reads `text`: a summary when its header has `frequency`, `recency` and `T` (in the unit of
/// `options.period`), else a transaction log.
pub fn read(text: &str, options: &Options) -> Result<Vec<Customer>, InputError> {
    read_history(text, options).map(|h| h.customers)
}

/// [`read`], with the holdout's length.
pub fn read_history(text: &str, options: &Options) -> Result<History, InputError> {
    let mut reader = LogReader::new(options.clone());
    for (i, line) in text.lines().enumerate() {
        reader.line(i + 1, line)?;
    }
    reader.finish()
}

/// A file read a line at a time: [`LogReader::line`] for each line in order, then
/// [`LogReader::finish`].
pub struct LogReader {
    options: Options,
    separator: char,
    kind: Option<Kind>,
    /// A summary's rows.
    customers: Vec<Customer>,
    ids: Ids,
    rows: Vec<Row>,
    /// Hashes of the order ids seen (with an order column): a repeated order counts once. Two
    /// different ids colliding in 64 bits among millions is a chance below one in a billion.
    orders: hashbrown::HashTable<u64>,
    /// The previous row's order hash: the rows of an order's line items follow each other, and
    /// Shopify leaves customer and date empty in all but the first.
    previous_order: Option<u64>,
    /// The last date text read and its time: sorted logs repeat dates.
    last_date: (String, u64),
    header_line: usize,
}

/// What the header says the file is.
enum Kind {
    Summary { x: usize, t_x: usize, t: usize, monetary: Option<usize>, count: Option<usize> },
    Log { customer: usize, date: usize, amount: Option<usize>, order: Option<usize> },
}

/// One order: 16 bytes, whatever the ids' lengths.
#[derive(Clone, Copy)]
struct Row {
    customer: u32,
    day: u32,
    /// NaN when the order has no amount.
    amount: f64,
}

/// Customer ids, each stored once in one buffer, numbered in the order they first appear.
#[derive(Default)]
struct Ids {
    bytes: Vec<u8>,
    /// Where each id ends in `bytes` (it starts where the previous one ends).
    ends: Vec<usize>,
    /// (32 bits of the id's hash, its number): growing the table rehashes from the kept bits,
    /// and a lookup compares them before it reads the id.
    table: hashbrown::HashTable<(u32, u32)>,
}

impl Ids {
    /// The table's hash from the kept 32 bits, spread over 64.
    fn spread(short: u32) -> u64 {
        u64::from(short).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    /// The number of `id`, given one if it is new.
    fn number(&mut self, id: &str) -> u32 {
        let short = hash(id) as u32;
        let (bytes, ends) = (&self.bytes, &self.ends);
        let same = |&(h, i): &(u32, u32)| {
            let i = i as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] };
            h == short && bytes.get(start..ends[i]) == Some(id.as_bytes())
        };
        if let Some((_, i)) = self.table.find(Self::spread(short), same) {
            return *i;
        }
        self.bytes.extend_from_slice(id.as_bytes());
        self.ends.push(self.bytes.len());
        let i = (self.ends.len() - 1) as u32;
        self.table.insert_unique(Self::spread(short), (short, i), |&(h, _)| Self::spread(h));
        i
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

impl LogReader {
    /// A reader with these options.
    pub fn new(options: Options) -> LogReader {
        LogReader {
            options,
            separator: ',',
            kind: None,
            customers: Vec::new(),
            ids: Ids::default(),
            rows: Vec::new(),
            orders: hashbrown::HashTable::new(),
            previous_order: None,
            last_date: (String::new(), 0),
            header_line: 1,
        }
    }

    /// Reads line `number` (1-based). Blank lines are skipped.
    pub fn line(&mut self, number: usize, line: &str) -> Result<(), InputError> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            return Ok(());
        }
        match &self.kind {
            None => self.header(number, line),
            Some(Kind::Summary { .. }) => self.summary_row(number, line),
            Some(Kind::Log { .. }) => self.log_row(number, line),
        }
    }

    fn header(&mut self, number: usize, line: &str) -> Result<(), InputError> {
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        self.header_line = number;
        self.separator = if line.contains(',') || !line.contains(';') { ',' } else { ';' };
        let header = fields(line, self.separator, number)?;
        let exact = |name: &str| header.iter().position(|h| h == name);
        let named = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let first_of = |names: &[&str]| names.iter().find_map(|n| named(n));
        if let (Some(x), Some(t_x), Some(t)) = (exact("frequency"), exact("recency"), exact("T")) {
            let (monetary, count) = (named("monetary_value"), first_of(&["count", "customers", "weight"]));
            self.kind = Some(Kind::Summary { x, t_x, t, monetary, count });
            return Ok(());
        }
        let missing = |what: &str| {
            error(
                number,
                None,
                format!("no {what} column (columns: {}; give its header as an option)", header.join(", ")),
            )
        };
        // A header given as an option must be there; else the first known one, if any.
        let choose = |given: &Option<String>, known: &[&str]| -> Result<Option<usize>, InputError> {
            match given {
                Some(name) => named(name).map(Some).ok_or_else(|| {
                    error(number, None, format!("no column \"{name}\" (columns: {})", header.join(", ")))
                }),
                None => Ok(first_of(known)),
            }
        };
        let customer = choose(&self.options.customer, &CUSTOMER_HEADERS)?.ok_or_else(|| missing("customer id"))?;
        let date = choose(&self.options.date, &DATE_HEADERS)?.ok_or_else(|| missing("date"))?;
        let amount = choose(&self.options.amount, &AMOUNT_HEADERS)?;
        let shopify_name = named("created at").and(named("name"));
        let order = choose(&self.options.order, &ORDER_HEADERS)?.or(shopify_name);
        self.kind = Some(Kind::Log { customer, date, amount, order });
        Ok(())
    }

    fn summary_row(&mut self, line: usize, text: &str) -> Result<(), InputError> {
        let Some(Kind::Summary { x: xc, t_x: txc, t: tc, monetary, count }) = self.kind else { return Ok(()) };
        let f = fields(text, self.separator, line)?;
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
        let monetary_value = match monetary {
            Some(c) if x > 0.0 => Some(number(c)?),
            _ => None,
        };
        let count = match count {
            Some(c) => {
                let n = number(c)?;
                if n.fract() != 0.0 || !(1.0..=1e15).contains(&n) {
                    return Err(error(line, Some(c + 1), "count must be a whole number ≥ 1"));
                }
                n as u64
            }
            None => 1,
        };
        self.customers.push(Customer { x: x as u32, t_x, t, monetary_value, holdout_x: 0, count });
        Ok(())
    }

    fn log_row(&mut self, line: usize, text: &str) -> Result<(), InputError> {
        let Some(Kind::Log { customer, date, amount, order }) = self.kind else { return Ok(()) };
        // The cells of the four columns read; a line without quotes is split in place.
        let wanted = [Some(customer), Some(date), amount, order];
        let mut cells: [Option<&str>; 4] = [None; 4];
        let quoted;
        if text.contains('"') {
            quoted = fields(text, self.separator, line)?;
            for (cell, column) in cells.iter_mut().zip(wanted) {
                *cell = column.and_then(|c| quoted.get(c)).map(|s| s.as_ref());
            }
        } else {
            for (i, field) in text.split(self.separator).enumerate() {
                for (cell, column) in cells.iter_mut().zip(wanted) {
                    if column == Some(i) {
                        *cell = Some(field.trim());
                    }
                }
            }
        }
        let cell = |c: usize| {
            let k = wanted.iter().position(|w| *w == Some(c)).unwrap_or(0);
            cells[k].ok_or_else(|| error(line, Some(c + 1), "missing"))
        };
        let order_hash = match order {
            Some(c) => {
                let id = cell(c)?;
                if id.is_empty() {
                    return Err(error(line, Some(c + 1), "empty order id"));
                }
                Some(hash(id))
            }
            None => None,
        };
        let amount = match amount {
            Some(c) => {
                let value = cell(c)?;
                match decimal(value) {
                    Some(v) if v < 0.0 => return Err(error(line, Some(c + 1), format!("negative amount {value}"))),
                    Some(v) => v,
                    None if value.is_empty() => f64::NAN,
                    None => return Err(error(line, Some(c + 1), format!("cannot read \"{value}\" as an amount"))),
                }
            }
            None => f64::NAN,
        };
        let (id, when) = (cell(customer)?, cell(date)?);
        // Another row of the order just read (a line item), or of one seen before: it counts once.
        if let Some(h) = order_hash {
            if self.previous_order == Some(h) {
                return Ok(());
            }
            self.previous_order = Some(h);
            if self.orders.find(h, |&seen| seen == h).is_some() {
                return Ok(());
            }
            self.orders.insert_unique(h, h, |&seen| seen);
        }
        if id.is_empty() {
            return Err(error(line, Some(customer + 1), "empty customer id"));
        }
        let ms = self.date(when).ok_or_else(|| {
            error(
                line,
                Some(date + 1),
                format!(
                    "cannot read \"{when}\" as a date (YYYY-MM-DD, YYYYMMDD, or a date and time with an optional offset)"
                ),
            )
        })?;
        let customer = self.ids.number(id);
        if self.options.end.is_none_or(|end| ms <= end) {
            let day = u32::try_from(ms / DAY_MS).unwrap_or(u32::MAX);
            self.rows.push(Row { customer, day, amount });
        }
        Ok(())
    }

    fn date(&mut self, text: &str) -> Option<u64> {
        if self.last_date.0 == text {
            return Some(self.last_date.1);
        }
        let ms = read_date(text)?;
        self.last_date.0.clear();
        self.last_date.0.push_str(text);
        self.last_date.1 = ms;
        Some(ms)
    }

    /// The customers, reduced.
    pub fn finish(self) -> Result<History, InputError> {
        match self.kind {
            None => Err(error(1, None, "the file is empty")),
            Some(Kind::Summary { .. }) if self.options.holdout_from.is_some() => Err(error(
                self.header_line,
                None,
                "a holdout needs a transaction log: a summary has no purchases to count after a date",
            )),
            Some(Kind::Summary { .. }) => Ok(History { customers: self.customers, holdout_days: None }),
            Some(Kind::Log { .. }) => reduce(self.rows, self.ids.len(), &self.options),
        }
    }
}

/// Turns rows into customers: per customer, the distinct days with an order before the holdout
/// (or the end) and in it, and the spend of each day.
fn reduce(mut rows: Vec<Row>, customer_count: usize, options: &Options) -> Result<History, InputError> {
    if rows.is_empty() {
        return Err(error(1, None, "no transactions (before the end date)"));
    }
    let last_day = rows.iter().map(|r| r.day).max().unwrap_or(0);
    let end_day = options.end.map_or(last_day, |end| u32::try_from(end / DAY_MS).unwrap_or(u32::MAX));
    // The calibration period ends with the day before the holdout starts.
    let calibration_end = match options.holdout_from {
        Some(from) => {
            let first_holdout_day = u32::try_from(from / DAY_MS).unwrap_or(u32::MAX);
            if first_holdout_day > end_day || first_holdout_day == 0 {
                return Err(error(1, None, "the holdout starts after the end of the observation"));
            }
            first_holdout_day - 1
        }
        None => end_day,
    };
    // One integer key, customer then day: cheaper to compare than the pair.
    rows.sort_unstable_by_key(|r| (u64::from(r.customer) << 32) | u64::from(r.day));
    let unit = options.period.days();
    let mut out = Vec::with_capacity(customer_count);
    for group in rows.chunk_by(|p, q| p.customer == q.customer) {
        let mut days = 0_u32;
        let (mut first, mut last) = (u32::MAX, 0_u32);
        let (mut repeat_spend, mut holdout_x) = (0.0_f64, 0_u32);
        for day in group.chunk_by(|p, q| p.day == q.day) {
            let d = day[0].day;
            if d > calibration_end {
                holdout_x += 1;
                continue;
            }
            if days > 0 {
                repeat_spend += day.iter().map(|r| r.amount).sum::<f64>();
            }
            days += 1;
            first = first.min(d);
            last = last.max(d);
        }
        if days == 0 {
            continue; // first bought in the holdout: not part of the calibration
        }
        let x = days - 1;
        out.push(Customer {
            x,
            t_x: f64::from(last - first) / unit,
            t: f64::from(calibration_end - first) / unit,
            monetary_value: (x > 0 && repeat_spend.is_finite()).then(|| repeat_spend / f64::from(x)),
            holdout_x,
            count: 1,
        });
    }
    let holdout_days = options.holdout_from.map(|_| f64::from(end_day - calibration_end));
    Ok(History { customers: out, holdout_days })
}

/// The end of observation for a date given as `YYYY-MM-DD` (or any form [`parse_iso8601`]
/// reads): the last millisecond of that day, so that the whole end day counts.
pub fn end_of_day(date: &str) -> Option<u64> {
    parse_iso8601(date).map(|start| start + DAY_MS - 1)
}

/// The first millisecond of the day `YYYY-MM-DD`.
pub fn start_of_day(date: &str) -> Option<u64> {
    parse_iso8601(date).map(|t| t - t % DAY_MS)
}

/// `YYYY-MM-DD`, `YYYYMMDD`, or a date and a time (after `T` or a space) with an optional offset
/// (`Z`, `+01:00`, `+0100`, `+01`, after a space or not, as shops' exports write it), as the time
/// the shop's clock showed: the offset is checked, then set aside. Only the day matters, and a
/// shop's day is the one it wrote — an evening order at −05:00 is on that day, not the next UTC one.
pub(super) fn read_date(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_iso8601(&format!("{}-{}-{}", s.get(..4)?, s.get(4..6)?, s.get(6..)?));
    }
    if s.len() == 10 {
        return parse_iso8601(s);
    }
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let rest = rest.strip_prefix(['T', 't', ' '])?.trim();
    let sign_at = rest.find(['+', '-', 'Z', 'z']);
    let (clock, offset) = match sign_at {
        Some(i) => (rest.get(..i)?.trim_end(), rest.get(i..)?.trim()),
        None => (rest, "Z"),
    };
    let offset = match offset.as_bytes() {
        [b'Z' | b'z'] => "Z".to_owned(),
        [sign, h1, h2] => format!("{}{}{}:00", *sign as char, *h1 as char, *h2 as char),
        [sign, h1, h2, m1, m2] => {
            format!("{}{}{}:{}{}", *sign as char, *h1 as char, *h2 as char, *m1 as char, *m2 as char)
        }
        _ => offset.to_owned(),
    };
    parse_iso8601(&format!("{date}T{clock}{offset}"))?;
    parse_iso8601(&format!("{date}T{clock}Z"))
}

/// A plain decimal number (`12`, `-3.5`, `0.99`).
fn decimal(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1;
    ok.then(|| s.parse().ok()).flatten()
}

/// A 64-bit hash of an id: foldhash with a fixed seed, the same in every run.
fn hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(20).hash_one(id)
}

/// The fields of one CSV line: separated by `separator`, optionally quoted (`""` inside quotes),
/// trimmed. A line without quotes (most lines of most files) is split without copying.
pub(super) fn fields(line: &str, separator: char, number: usize) -> Result<Vec<Cow<'_, str>>, InputError> {
    if !line.contains('"') {
        return Ok(line.split(separator).map(|f| Cow::Borrowed(f.trim())).collect());
    }
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
            (c, false) if c == separator => out.push(Cow::Owned(std::mem::take(&mut field).trim().to_owned())),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return Err(error(number, Some(out.len() + 1), "unclosed quote"));
    }
    out.push(Cow::Owned(field.trim().to_owned()));
    Ok(out)
}
