//! Reading an order export line item by line item, for learning recommendations
//! ([`crate::recommend::learn`]). Every mistake names its line and column.
//!
//! The customer, date and order columns are found as the transaction log's are ([`CUSTOMER_HEADERS`],
//! [`DATE_HEADERS`], [`ORDER_HEADERS`], Shopify's `Name` beside `Created at`); the item's by
//! [`ITEM_HEADERS`] (Shopify: `Lineitem sku`; WooCommerce's one-row-per-item exports: `Item SKU`
//! or `SKU`; a plain `item_id`; the Online Retail data set's `StockCode`), with an optional name
//! ([`NAME_HEADERS`]: Shopify's `Lineitem name`, WooCommerce's `Item Name`) and page
//! ([`HREF_HEADERS`]). Options override each. A row whose customer or date is empty takes them
//! from the row before when both belong to the same order, as Shopify writes its line items.
//!
//! [`PairRowReader`] reads what `sql/recommendations.sql` gives instead: the kept pairs and the
//! most-bought items, computed in a warehouse.
//!
//! [`CUSTOMER_HEADERS`]: super::input::CUSTOMER_HEADERS
//! [`DATE_HEADERS`]: super::input::DATE_HEADERS
//! [`ORDER_HEADERS`]: super::input::ORDER_HEADERS

use super::input::{error, fields, read_date, InputError, CUSTOMER_HEADERS, DATE_HEADERS, ORDER_HEADERS};
use crate::base::error::{Code, Error};
use crate::recommend::learn::{LearnOptions, Learned, OrderLine, OrderLog, PairRow};
use crate::recommend::model::Signal;

/// Item id headers, most specific first, compared without case. An item with an empty id is
/// passed on as it is (the log skips and counts it): a Shopify product without a SKU has none,
/// and the option `item` can name `Lineitem name` instead.
pub const ITEM_HEADERS: [&str; 11] = [
    "lineitem sku",
    "item sku",
    "item_sku",
    "sku",
    "item_id",
    "item id",
    "product_id",
    "product id",
    "variant_id",
    "stockcode",
    "item",
];
/// Item name headers.
pub const NAME_HEADERS: [&str; 7] =
    ["lineitem name", "item name", "item_name", "product name", "product_name", "title", "description"];
/// Item page headers.
pub const HREF_HEADERS: [&str; 5] = ["href", "url", "product url", "product_url", "item url"];

/// Headers that override the recognised ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineOptions {
    /// The customer id column.
    pub customer: Option<String>,
    /// The date column.
    pub date: Option<String>,
    /// The order id column.
    pub order: Option<String>,
    /// The item id column.
    pub item: Option<String>,
    /// The item name column.
    pub name: Option<String>,
    /// The item page column.
    pub href: Option<String>,
}

#[derive(Debug, Clone, Copy)]
struct Columns {
    customer: usize,
    date: usize,
    order: Option<usize>,
    item: usize,
    name: Option<usize>,
    href: Option<usize>,
}

/// Learns recommendations from a whole export in memory (the calibration page's; the
/// `learn-recommendations` example streams its file through [`LineItemReader`] instead). A line
/// that cannot be read is an `invalid_orders` error naming its line and column.
pub fn learn_csv(text: &str, columns: LineOptions, options: &LearnOptions) -> Result<Learned, Error> {
    let mut reader = LineItemReader::new(columns);
    let mut log = OrderLog::new();
    for (i, line) in text.lines().enumerate() {
        reader.line(i + 1, line, |l| log.add(l)).map_err(|e| Error::new(Code::InvalidOrders, e.to_string()))?;
    }
    Ok(log.learn(options))
}

/// A file read a line at a time: [`LineItemReader::line`] for each line in order.
#[derive(Debug, Default)]
pub struct LineItemReader {
    options: LineOptions,
    separator: char,
    columns: Option<Columns>,
    /// The previous row's order id, customer and date text: Shopify's later rows of an order
    /// leave the last two empty.
    previous: (String, String, String),
    /// The last date read and its time: sorted exports repeat dates.
    last_date: (String, u64),
}

impl LineItemReader {
    /// A reader with these options.
    pub fn new(options: LineOptions) -> LineItemReader {
        LineItemReader { options, separator: ',', ..LineItemReader::default() }
    }

    /// Reads line `number` (1-based), handing its item to `take`. Blank lines are skipped.
    pub fn line(&mut self, number: usize, text: &str, take: impl FnOnce(&OrderLine<'_>)) -> Result<(), InputError> {
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.trim().is_empty() {
            return Ok(());
        }
        let Some(columns) = self.columns else { return self.header(number, text) };
        let cells = fields(text, self.separator, number)?;
        let cell = |c: usize| cells.get(c).map(|s| s.as_ref()).ok_or_else(|| error(number, Some(c + 1), "missing"));
        let optional = |c: Option<usize>| c.and_then(|c| cells.get(c)).map(|s| s.as_ref()).filter(|s| !s.is_empty());
        let order = match columns.order {
            Some(c) if cell(c)?.is_empty() => return Err(error(number, Some(c + 1), "empty order id")),
            Some(c) => Some(cell(c)?),
            None => None,
        };
        let same_order = order.is_some_and(|o| o == self.previous.0);
        let carried = |c: usize, before: &str| -> Result<String, InputError> {
            match cell(c)? {
                "" if same_order => Ok(before.to_owned()),
                "" => Err(error(number, Some(c + 1), "empty")),
                value => Ok(value.to_owned()),
            }
        };
        let (customer, date) = (carried(columns.customer, &self.previous.1)?, carried(columns.date, &self.previous.2)?);
        let at = self.date(&date).ok_or_else(|| {
            error(
                number,
                Some(columns.date + 1),
                format!("cannot read \"{date}\" as a date (YYYY-MM-DD, or with a time)"),
            )
        })?;
        take(&OrderLine {
            customer: &customer,
            order,
            at,
            item: cell(columns.item)?,
            name: optional(columns.name),
            href: optional(columns.href),
        });
        self.previous = (order.unwrap_or_default().to_owned(), customer, date);
        Ok(())
    }

    fn header(&mut self, number: usize, text: &str) -> Result<(), InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        self.separator = if text.contains(',') || !text.contains(';') { ',' } else { ';' };
        let header = fields(text, self.separator, number)?;
        let named = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let listed = || header.join(", ");
        // A header given as an option must be there; else the first known one, if any.
        let choose = |given: &Option<String>, known: &[&str]| -> Result<Option<usize>, InputError> {
            match given {
                Some(name) => named(name)
                    .map(Some)
                    .ok_or_else(|| error(number, None, format!("no column \"{name}\" (columns: {})", listed()))),
                None => Ok(known.iter().find_map(|n| named(n))),
            }
        };
        let required = |found: Option<usize>, what: &str| {
            found.ok_or_else(|| {
                error(number, None, format!("no {what} column (columns: {}; give its header as an option)", listed()))
            })
        };
        let o = &self.options;
        let shopify_order = named("created at").and(named("name"));
        self.columns = Some(Columns {
            customer: required(choose(&o.customer, &CUSTOMER_HEADERS)?, "customer id")?,
            date: required(choose(&o.date, &DATE_HEADERS)?, "date")?,
            order: choose(&o.order, &ORDER_HEADERS)?.or(shopify_order),
            item: required(choose(&o.item, &ITEM_HEADERS)?, "item id")?,
            name: choose(&o.name, &NAME_HEADERS)?,
            href: choose(&o.href, &HREF_HEADERS)?,
        });
        Ok(())
    }

    fn date(&mut self, text: &str) -> Option<u64> {
        if self.last_date.0 != text {
            self.last_date = (text.to_owned(), read_date(text)?);
        }
        Some(self.last_date.1)
    }
}

/// The columns of `sql/recommendations.sql`'s output that the file is built from (a `score` and
/// a `rank` column may be there too: the scores and ranks are worked out again from the counts).
pub const PAIR_HEADERS: [&str; 6] =
    ["list", "item_id", "neighbour_id", "customers", "item_customers", "neighbour_customers"];

/// `sql/recommendations.sql`'s output as CSV (DuckDB's `COPY … (HEADER)`, BigQuery's and Spark's
/// CSV exports), read a line at a time: [`PairRowReader::line`] for each line in order.
#[derive(Debug, Default)]
pub struct PairRowReader {
    columns: Option<[usize; 6]>,
}

impl PairRowReader {
    /// A reader.
    pub fn new() -> PairRowReader {
        PairRowReader::default()
    }

    /// Reads line `number` (1-based), handing its row to `take`. Blank lines are skipped.
    pub fn line(&mut self, number: usize, text: &str, take: impl FnOnce(&PairRow<'_>)) -> Result<(), InputError> {
        let text = text.strip_suffix('\r').unwrap_or(text);
        if text.trim().is_empty() {
            return Ok(());
        }
        let cells = fields(text.strip_prefix('\u{feff}').unwrap_or(text), ',', number)?;
        let Some(columns) = self.columns else {
            let mut columns = [0; 6];
            for (column, name) in columns.iter_mut().zip(PAIR_HEADERS) {
                *column = cells.iter().position(|h| h.eq_ignore_ascii_case(name)).ok_or_else(|| {
                    error(number, None, format!("no column \"{name}\" (columns: {})", cells.join(", ")))
                })?;
            }
            self.columns = Some(columns);
            return Ok(());
        };
        let cell = |c: usize| cells.get(c).map(|s| s.as_ref()).ok_or_else(|| error(number, Some(c + 1), "missing"));
        let count = |c: usize| -> Result<u32, InputError> {
            match cell(c)? {
                "" => Ok(0),
                text => text.parse().map_err(|_| error(number, Some(c + 1), format!("\"{text}\" is not a count"))),
            }
        };
        let [list, item, neighbour, customers, item_customers, neighbour_customers] = columns;
        let list = match cell(list)? {
            "bought-with" => Signal::BoughtWith,
            "bought-next" => Signal::BoughtNext,
            "most-bought" => Signal::MostBought,
            other => {
                let message = format!("list \"{other}\" is not bought-with, bought-next or most-bought");
                return Err(error(number, Some(list + 1), message));
            }
        };
        take(&PairRow {
            list,
            item: cell(item)?,
            neighbour: Some(cell(neighbour)?).filter(|n| !n.is_empty()),
            customers: count(customers)?,
            item_customers: count(item_customers)?,
            neighbour_customers: count(neighbour_customers)?,
        });
        Ok(())
    }
}
