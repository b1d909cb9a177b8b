"""A generated GA4 export with crumbtrail's exposures and a planted revenue effect, for the uplift
report's check (scripts/uplift-check.py) and its benchmark (scripts/bench-uplift).

Shoppers, each seeing one or more messages in an arm drawn by the message's holdout: returning
shoppers buy at a rate of their own with an order value of their own, and their exposures carry
crumbtrail_expected_revenue, a noisy prediction of their year's revenue (new shoppers carry 0). A
shown message adds, with probability `extra`, one purchase within 7 days of its first exposure
worth ORDER_VALUE on average: the planted effect on revenue per shopper, at 7 and at 30 days, is
extra × ORDER_VALUE. Around them: the shop's own promotions (no arm), clicks, page views, repeated
views, promotion ids kept with the items only, shoppers whose arm changed (the first exposure counts),
purchases without revenue, purchase events sent twice, and orders the shop's own table does not have.
"""
import csv

import numpy as np

DAY_US = 86_400 * 1_000_000
T0 = 1_772_000_000 * 1_000_000
ORDER_VALUE = 60.0  # mean order value of an added purchase, and of a shopper's orders
# message: (holdout, probability that showing it adds a purchase)
MESSAGES = {"spring": (0.2, 0.10), "club": (0.5, 0.05), "quiet": (0.3, 0.0)}
OTHER_EVENTS = ("page_view", "user_engagement", "scroll", "view_item", "session_start")
STAGES_NEW = ("reach", "acquisition")
STAGES_RETURNING = ("development", "retention")

# One flat row per event; scripts build the export's nested columns from it (FLAT_TO_GA4).
FLAT_COLUMNS = [
    ("user_pseudo_id", "VARCHAR"),
    ("event_name", "VARCHAR"),
    ("event_timestamp", "BIGINT"),
    ("promotion_id", "VARCHAR"),  # an event parameter
    ("item_promotion_id", "VARCHAR"),  # with the items only
    ("arm", "VARCHAR"),
    ("stage", "VARCHAR"),
    ("expected_int", "BIGINT"),  # crumbtrail_expected_revenue as GA4 keeps a whole number
    ("expected_double", "DOUBLE"),  # or as a decimal one
    ("transaction_id", "VARCHAR"),
    ("revenue", "DOUBLE"),
]

FLAT_TO_GA4 = """
CREATE TABLE events AS SELECT
  user_pseudo_id,
  event_name,
  event_timestamp,
  list_filter([
    {'key': 'promotion_id', 'value': {'string_value': promotion_id, 'int_value': NULL::BIGINT, 'float_value': NULL::DOUBLE, 'double_value': NULL::DOUBLE}},
    {'key': 'creative_slot', 'value': {'string_value': CASE WHEN arm IS NOT NULL THEN 'hero' END, 'int_value': NULL::BIGINT, 'float_value': NULL::DOUBLE, 'double_value': NULL::DOUBLE}},
    {'key': 'crumbtrail_stage', 'value': {'string_value': stage, 'int_value': NULL::BIGINT, 'float_value': NULL::DOUBLE, 'double_value': NULL::DOUBLE}},
    {'key': 'crumbtrail_expected_revenue', 'value': {'string_value': NULL::VARCHAR, 'int_value': expected_int, 'float_value': NULL::DOUBLE, 'double_value': expected_double}},
    {'key': 'crumbtrail_arm', 'value': {'string_value': arm, 'int_value': NULL::BIGINT, 'float_value': NULL::DOUBLE, 'double_value': NULL::DOUBLE}},
    {'key': 'transaction_id', 'value': {'string_value': transaction_id, 'int_value': NULL::BIGINT, 'float_value': NULL::DOUBLE, 'double_value': NULL::DOUBLE}},
    {'key': 'ga_session_id', 'value': {'string_value': NULL::VARCHAR, 'int_value': event_timestamp // 1800000000, 'float_value': NULL::DOUBLE, 'double_value': NULL::DOUBLE}}
  ], lambda p: p.value.string_value IS NOT NULL OR p.value.int_value IS NOT NULL OR p.value.double_value IS NOT NULL) AS event_params,
  CASE WHEN item_promotion_id IS NULL THEN [] ELSE [{'item_id': NULL::VARCHAR, 'promotion_id': item_promotion_id, 'creative_slot': 'hero'}] END
    AS items,
  CASE WHEN event_name = 'purchase' THEN {'transaction_id': transaction_id, 'purchase_revenue': revenue} END AS ecommerce
FROM flat
"""


def sample(shoppers, seed, first_shopper=0, background=0.0):
    """The export's events as flat rows (FLAT_COLUMNS), and the shop's orders (transaction_id, revenue).
    Shoppers are numbered from `first_shopper`, so that samples made in parts do not share one;
    each has on average `background` other events (page views, scrolls, engagement), as a real
    export has many more of those than of promotions and purchases."""
    rng = np.random.default_rng(seed)
    rows = []
    orders = []

    def add(user, name, ts, promotion_id=None, item_promotion_id=None, arm=None, stage=None,
            expected_int=None, expected_double=None, transaction_id=None, revenue=None):
        rows.append((user, name, int(ts), promotion_id, item_promotion_id, arm, stage, expected_int,
                     expected_double, transaction_id, revenue))

    n_purchase = 0

    def purchase(user, ts, value):
        nonlocal n_purchase
        n_purchase += 1
        tid = f"T{first_shopper}-{n_purchase}"
        revenue = round(float(value), 2)
        if rng.random() < 0.02:
            revenue = None  # a purchase sent without its value
        add(user, "purchase", ts, transaction_id=tid, revenue=revenue)
        if rng.random() < 0.03:  # the tag fired twice: the same order, a second event
            add(user, "purchase", ts + 2_000_000, transaction_id=tid, revenue=revenue)
        if rng.random() < 0.97:  # the rest are test orders the shop's table leaves out
            # The shop's own figure: what was kept after returns and without shipping.
            kept = 0.0 if rng.random() < 0.05 else round(float(value) * 0.9, 2)
            orders.append((tid, kept))

    for n in range(first_shopper, first_shopper + shoppers):
        user = f"{n}.{rng.integers(10**9)}"
        t = T0 + int(rng.integers(30 * DAY_US))
        returning = rng.random() < 0.55
        if returning:
            rate = rng.gamma(1.5, 0.5)  # purchases per 30 days
            value = rng.gamma(4.0, ORDER_VALUE / 4.0)
            # The prediction the engine makes is the year's revenue, noisily.
            expected = rate * 365 / 30 * value * rng.lognormal(0.0, 0.4)
            stage = STAGES_RETURNING[int(rng.random() < 0.6)]
        else:
            rate, value, expected = 0.1, ORDER_VALUE, 0.0
            stage = STAGES_NEW[int(rng.random() < 0.5)]
        add(user, "page_view", t - 1000)
        for k in range(int(rng.poisson(background))):
            add(user, OTHER_EVENTS[k % len(OTHER_EVENTS)], t + int(rng.integers(-DAY_US, 7 * DAY_US)))
        if rng.random() < 0.3:
            add(user, "view_promotion", t, promotion_id="shop-own", item_promotion_id="shop-own")
        seen = [m for m in MESSAGES if rng.random() < 0.5] or [list(MESSAGES)[n % len(MESSAGES)]]
        for message in seen:
            holdout, extra = MESSAGES[message]
            arm = "held_out" if rng.random() < holdout else "shown"
            first = t + int(rng.integers(1, 3600)) * 1_000_000
            covariate = {}
            kind = rng.random()
            if kind < 0.8:
                covariate["expected_int"] = int(round(expected))
            elif kind < 0.95:
                covariate["expected_double"] = float(round(expected))
            # else: an exposure from before the covariate existed (counts as 0)
            for k in range(int(rng.integers(1, 4))):
                at = first + k * 600 * 1_000_000
                # GA4 may export the promotion's id as an event parameter or only with the items.
                if rng.random() < 0.5:
                    add(user, "view_promotion", at, promotion_id=message, arm=arm, stage=stage, **covariate)
                else:
                    add(user, "view_promotion", at, item_promotion_id=message, arm=arm, stage=stage, **covariate)
            if rng.random() < 0.04:  # forgotten, then in the other arm: the first exposure counts
                other = "shown" if arm == "held_out" else "held_out"
                add(user, "view_promotion", first + 2 * DAY_US, promotion_id=message, arm=other, stage="retention",
                    expected_int=int(round(expected * 2)))
            if arm == "shown" and rng.random() < 0.3:
                add(user, "select_promotion", first + 5_000_000, promotion_id=message, arm=arm, stage=stage)
            if arm == "shown" and rng.random() < extra:
                purchase(user, first + int(rng.integers(1, 7 * DAY_US)), rng.gamma(2.0, ORDER_VALUE / 2.0))
        # The shopper's own purchases, from 10 days before to 40 days after: some before any
        # exposure, most inside the windows, some after them.
        for _ in range(int(rng.poisson(rate * 50 / 30))):
            purchase(user, t + int(rng.integers(-10 * DAY_US, 40 * DAY_US)), rng.gamma(4.0, value / 4.0))
    # Exact edges: a purchase at the exposure (not after it) and one a microsecond past 7 days,
    # one at exactly 7 days and one at exactly 30 days, one a microsecond past 30 days.
    edges = (("edge-1", (0, 7 * DAY_US + 1, 30 * DAY_US + 1)), ("edge-2", (7 * DAY_US, 30 * DAY_US)))
    for user, offsets in edges if first_shopper == 0 else ():
        add(user, "view_promotion", T0, promotion_id="club", arm="held_out", stage="retention", expected_int=120)
        for k, offset in enumerate(offsets):
            purchase(user, T0 + offset, 10.0 * (k + 1))
    return rows, orders


def planted(message):
    """The planted effect on revenue per shopper, at 7 and at 30 days alike."""
    return MESSAGES[message][1] * ORDER_VALUE


def write(rows, orders, directory, mode="w"):
    """Appends (or writes) the rows and orders to the CSV files `load` reads."""
    with open(f"{directory}/flat.csv", mode, newline="") as f:
        csv.writer(f).writerows(rows)
    with open(f"{directory}/orders.csv", mode, newline="") as f:
        csv.writer(f).writerows(orders)


def load(db, directory):
    """The export as table `events` (GA4's nested columns) and the orders as table `orders`, from
    the CSV files `write` wrote."""
    flat = f"{directory}/flat.csv"
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in FLAT_COLUMNS)
    db.execute(f"CREATE TABLE flat AS SELECT * FROM read_csv('{flat}', header = false, columns = {{{columns}}}, nullstr = '')")
    db.execute(FLAT_TO_GA4)
    db.execute("DROP TABLE flat")
    db.execute(f"CREATE TABLE orders AS SELECT * FROM read_csv('{directory}/orders.csv', header = false, "
               "columns = {'transaction_id': 'VARCHAR', 'revenue': 'DOUBLE'})")
