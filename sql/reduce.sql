-- crumbtrail: an order log reduced to one row per customer, as `fit-priors` reduces it, for a
-- warehouse to run where the orders are. Runs as it is in DuckDB, BigQuery and Spark SQL.
--
-- Input: a table or view `orders` with one row per order: `customer_id`, `order_date` (a DATE,
-- the day the shop wrote: in BigQuery DATE(created_at, 'America/New_York') with the shop's own
-- zone, in DuckDB and Spark CAST(a timestamp AS DATE) after setting the session's time zone to the
-- shop's (DuckDB: SET TimeZone = '…'; Spark: spark.sql.session.timeZone), as fit-priors reads an
-- export's `2024-03-05 21:30:00 -0500` as 5 March) and `amount` (a number). An export with one row per line item is first reduced to
-- one row per order id.
-- Edit `params`: the end of the calibration period (orders after it are left out) and the time
-- unit of recency and T (7 for weeks, 1 for days).
--
-- Output, as fit-priors reads a summary: customer_id, frequency (distinct order days less the
-- first), recency (first to last order day), T (first order day to the end), monetary_value (the
-- mean spend of the repeat order days, a day's orders summed; NULL without a repeat day).
-- `reduce-weighted.sql` groups the same rows into (frequency, recency, T, monetary_value,
-- customers), a file small enough to fit anywhere.
WITH params AS (
  SELECT DATE '1997-09-30' AS end_date, 7 AS period_days
),
order_days AS (
  SELECT orders.customer_id, orders.order_date, SUM(1e0 * orders.amount) AS spend, params.end_date,
    params.period_days
  FROM orders CROSS JOIN params
  WHERE orders.order_date <= params.end_date
  GROUP BY orders.customer_id, orders.order_date, params.end_date, params.period_days
),
calendar AS (
  -- Days since a fixed origin from the civil date (the engines spell date differences each its
  -- own way; EXTRACT, CASE and FLOOR they share): the order day and the end day.
  SELECT customer_id, spend, period_days,
    365 * oy + FLOOR(oy / 4) - FLOOR(oy / 100) + FLOOR(oy / 400) + FLOOR((153 * om + 2) / 5) + od AS day_number,
    365 * ey + FLOOR(ey / 4) - FLOOR(ey / 100) + FLOOR(ey / 400) + FLOOR((153 * em + 2) / 5) + ed AS end_number
  FROM (
    SELECT customer_id, spend, period_days,
      EXTRACT(YEAR FROM order_date) - CASE WHEN EXTRACT(MONTH FROM order_date) <= 2 THEN 1 ELSE 0 END AS oy,
      CASE WHEN EXTRACT(MONTH FROM order_date) <= 2 THEN EXTRACT(MONTH FROM order_date) + 9
        ELSE EXTRACT(MONTH FROM order_date) - 3 END AS om,
      EXTRACT(DAY FROM order_date) AS od,
      EXTRACT(YEAR FROM end_date) - CASE WHEN EXTRACT(MONTH FROM end_date) <= 2 THEN 1 ELSE 0 END AS ey,
      CASE WHEN EXTRACT(MONTH FROM end_date) <= 2 THEN EXTRACT(MONTH FROM end_date) + 9
        ELSE EXTRACT(MONTH FROM end_date) - 3 END AS em,
      EXTRACT(DAY FROM end_date) AS ed
    FROM order_days
  ) AS parts
),
ranked AS (
  SELECT customer_id, spend, period_days, day_number, end_number,
    MIN(day_number) OVER (PARTITION BY customer_id) AS first_number
  FROM calendar
)
SELECT customer_id,
  COUNT(*) - 1 AS frequency,
  (MAX(day_number) - MIN(day_number)) * 1e0 / MAX(period_days) AS recency,
  (MAX(end_number) - MIN(day_number)) * 1e0 / MAX(period_days) AS T,
  CASE WHEN COUNT(*) > 1
    THEN SUM(CASE WHEN day_number > first_number THEN spend END) / (COUNT(*) - 1) END AS monetary_value
FROM ranked
GROUP BY customer_id
