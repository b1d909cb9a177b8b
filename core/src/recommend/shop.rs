//! A generated shop whose customers follow a planted structure, to test and time learning.
//!
//! The items are shuffled into **bundles** of three that really go together, and each bundle has a
//! **follow-up** bundle that customers buy next. A customer places 1 + a geometric number of
//! orders (mean 2.2), a month apart on average. An order is built around an anchor item: its
//! bundle is drawn by a Zipf-like popularity (the `r`-th most popular with weight `r^-0.8`), or
//! — for 60 % of repeat orders — is the follow-up of the previous order's bundle. Each other item
//! of the bundle joins the order with probability ½; then noise: one item drawn by another
//! popularity ranking with probability 0.6, a second with 0.2. The seed fixes everything
//! (xorshift64*, no `rand`).
//!
//! [`GeneratedShop::bundles`] and [`GeneratedShop::follow_up`] are the truth a test can compare
//! the learned lists with.

use std::io::{self, Write};

use super::learn::{OrderLine, OrderLog};
use crate::base::time::civil_from_days;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShopPlan {
    /// Seed of the generator.
    pub seed: u64,
    /// Items in the catalogue (rounded down to whole bundles of 3, at least one bundle).
    pub items: usize,
    /// Order lines to generate (whole customers: a few more).
    pub lines: usize,
}

/// One generated order line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratedLine {
    /// Customer number.
    pub customer: u32,
    /// Order number.
    pub order: u32,
    /// Day since 2024-01-01.
    pub day: u32,
    /// Item number.
    pub item: u32,
}

/// The generated history and the structure planted in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedShop {
    /// The order lines, customer by customer, order by order.
    pub lines: Vec<GeneratedLine>,
    /// Items that go together, three at a time.
    pub bundles: Vec<[u32; 3]>,
    /// For each bundle, the bundle bought next.
    pub follow_up: Vec<usize>,
}

/// xorshift64* (Vigna 2016): enough randomness for a test shop. Seed it with anything but 0.
pub struct Random(pub u64);

impl Random {
    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.bits() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Uniform in 0..n (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Draws ranks 0..n with weight `(r + 1)^-exponent`, by binary search in the running totals.
pub struct Zipf(Vec<f64>);

impl Zipf {
    /// Ranks 0..n, skewed by `exponent`.
    pub fn new(n: usize, exponent: f64) -> Zipf {
        let mut total = 0.0;
        Zipf(
            (1..=n)
                .map(|r| {
                    total += (r as f64).powf(-exponent);
                    total
                })
                .collect(),
        )
    }

    /// A rank.
    pub fn draw(&self, random: &mut Random) -> usize {
        let target = random.unit() * self.0.last().copied().unwrap_or(0.0);
        self.0.partition_point(|&t| t <= target).min(self.0.len().saturating_sub(1))
    }
}

/// The id of item number `item`, as the generated shop's storefront reports it.
pub fn item_id(item: u32) -> String {
    format!("SKU-{item:05}")
}

impl GeneratedShop {
    /// Generates a shop.
    pub fn generate(plan: &ShopPlan) -> GeneratedShop {
        let mut random = Random(plan.seed.max(1));
        let bundle_count = (plan.items / 3).max(1);
        let mut shuffled: Vec<u32> = (0..(bundle_count * 3) as u32).collect();
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, random.below(i + 1));
        }
        let bundles: Vec<[u32; 3]> = shuffled.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
        // A fixed permutation of the bundles that moves every one (when there are two or more).
        let follow_up: Vec<usize> = (0..bundle_count).map(|b| (b + 1 + b % 7) % bundle_count).collect();
        let (bundle_popularity, noise_popularity) = (Zipf::new(bundle_count, 0.8), Zipf::new(bundle_count * 3, 0.8));
        let mut lines = Vec::with_capacity(plan.lines + 64);
        let (mut customer, mut order) = (0_u32, 0_u32);
        while lines.len() < plan.lines {
            let mut day = random.below(730) as u32;
            let mut previous: Option<usize> = None;
            let mut orders = 1;
            while orders < 12 && random.chance(0.55) {
                orders += 1;
            }
            for _ in 0..orders {
                let bundle = match previous {
                    Some(b) if random.chance(0.6) => follow_up[b],
                    _ => bundle_popularity.draw(&mut random),
                };
                let members = bundles[bundle];
                let anchor = random.below(3);
                let mut items: Vec<u32> = vec![members[anchor]];
                items.extend(
                    members
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| i != anchor)
                        .map(|(_, &m)| m)
                        .filter(|_| random.chance(0.5)),
                );
                for p in [0.6, 0.2] {
                    if random.chance(p) {
                        items.push(noise_popularity.draw(&mut random) as u32);
                    }
                }
                items.sort_unstable();
                items.dedup();
                lines.extend(items.into_iter().map(|item| GeneratedLine { customer, order, day, item }));
                order += 1;
                previous = Some(bundle);
                day += 1 + (-(1.0 - random.unit()).ln() * 30.0) as u32;
            }
            customer += 1;
        }
        GeneratedShop { lines, bundles, follow_up }
    }

    /// The lines as an [`OrderLog`].
    pub fn to_log(&self) -> OrderLog {
        let mut log = OrderLog::new();
        let (mut customer, mut order, mut item) = (String::new(), String::new(), String::new());
        for line in &self.lines {
            customer.clear();
            order.clear();
            use std::fmt::Write as _;
            let _ = write!(customer, "c{}@example.com", line.customer);
            let _ = write!(order, "#{}", 1001 + line.order);
            item.clear();
            item.push_str(&item_id(line.item));
            log.add(&OrderLine {
                customer: &customer,
                order: Some(&order),
                at: (19_723 + u64::from(line.day)) * 86_400_000, // 2024-01-01 is day 19,723
                item: &item,
                name: None,
                href: None,
            });
        }
        log
    }

    /// The lines as a Shopify orders export: `Name` (the order), `Email`, `Created at`,
    /// `Lineitem sku`, `Lineitem name`.
    pub fn write_shopify_csv(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "Name,Email,Created at,Lineitem quantity,Lineitem sku,Lineitem name")?;
        for line in &self.lines {
            let (y, m, d) = civil_from_days(19_723 + i64::from(line.day));
            writeln!(
                out,
                "#{},c{}@example.com,{y:04}-{m:02}-{d:02} 10:00:00 +0000,1,{},Product {}",
                1001 + line.order,
                line.customer,
                item_id(line.item),
                line.item
            )?;
        }
        Ok(())
    }
}
