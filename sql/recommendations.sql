-- crumbtrail: the recommendations file's pairs and scores, as `learn-recommendations` learns them
-- from an order export, for a warehouse to compute where the orders are. Runs as it is in DuckDB,
-- BigQuery and Spark SQL.
--
-- Input: a table or view `order_lines` with one row per line item: `customer_id`, `order_id`,
-- `order_date` (a DATE, the UTC day: CAST(a timestamp AS DATE) after setting the session's time
-- zone to UTC in DuckDB and Spark) and `item_id` (a string, as the storefront reports it: the file
-- orders ids as text, so cast numbers to strings first).
-- Edit `params` to learn with other options (the same as learn-recommendations' own).
--
-- Output: one row per kept pair of each list and per most-bought item:
--   list                 'bought-with' (bought by the same customer, in any of their orders),
--                        'bought-next' (in one order, then in the customer's next order day),
--                        'most-bought' (the shop's most bought items, no neighbour);
--   item_id, neighbour_id (NULL for most-bought);
--   customers            distinct customers who made the pair (who bought the item, for
--                        most-bought): at least min_customers, or the row is not there;
--   item_customers, neighbour_customers   distinct customers who bought each (NULL for most-bought);
--   score                customers / SQRT(item_customers × neighbour_customers), the cosine of the
--                        two items' customer sets (customers / the first's, for most-bought);
--   rank                 1 for the best of the item's list (best score first, equal scores by id).
-- Export it as CSV with a header and build the file with
--   learn-recommendations --from-pairs pairs.csv --out recommendations.txt
-- which gives the same file, byte for byte, as learning from the export of the same lines.
--
-- Orders with more than max_basket distinct items make no pairs (nor does a day's orders, for
-- bought-next); a customer with more than max_customer_items distinct items in the rest makes no
-- bought-with pairs. Every customer counts once per pair however often they made it.
WITH params AS (
  SELECT 5 AS min_customers, 10 AS neighbours, 50 AS max_basket, 100 AS max_customer_items,
    100 AS most_bought
),
line_items AS (
  SELECT DISTINCT customer_id, order_id, CAST(order_date AS DATE) AS order_day, item_id
  FROM order_lines
  WHERE customer_id IS NOT NULL AND order_id IS NOT NULL AND order_date IS NOT NULL
    AND item_id IS NOT NULL
),
orders AS (
  -- An order's day is its first line's.
  SELECT customer_id, order_id, MIN(order_day) AS order_day, COUNT(DISTINCT item_id) AS size
  FROM line_items
  GROUP BY customer_id, order_id
),
order_items AS (
  SELECT DISTINCT line_items.customer_id, line_items.order_id, orders.order_day, orders.size,
    line_items.item_id
  FROM line_items
  JOIN orders ON orders.customer_id = line_items.customer_id AND orders.order_id = line_items.order_id
),
item_customers AS (
  SELECT item_id, COUNT(DISTINCT customer_id) AS customers
  FROM line_items
  GROUP BY item_id
),
-- Bought with: the customer's items, of their orders within the basket limit.
customer_items AS (
  SELECT DISTINCT customer_id, item_id
  FROM order_items
  WHERE size <= (SELECT max_basket FROM params)
),
pairing_customers AS (
  SELECT customer_id
  FROM customer_items
  GROUP BY customer_id
  HAVING COUNT(*) <= (SELECT max_customer_items FROM params)
),
with_pairs AS (
  SELECT a.item_id, b.item_id AS neighbour_id, COUNT(*) AS customers
  FROM customer_items a
  JOIN pairing_customers ON pairing_customers.customer_id = a.customer_id
  JOIN customer_items b ON b.customer_id = a.customer_id AND b.item_id <> a.item_id
  GROUP BY a.item_id, b.item_id
),
-- Bought next: one step per order day (that day's orders together), each step with the next.
step_items AS (
  SELECT DISTINCT customer_id, order_day, item_id
  FROM order_items
),
steps AS (
  SELECT customer_id, order_day, COUNT(*) AS size,
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_day) AS step
  FROM step_items
  GROUP BY customer_id, order_day
),
next_pairs AS (
  SELECT a.item_id, b.item_id AS neighbour_id, COUNT(DISTINCT a.customer_id) AS customers
  FROM steps before_step
  JOIN steps after_step
    ON after_step.customer_id = before_step.customer_id AND after_step.step = before_step.step + 1
  JOIN step_items a ON a.customer_id = before_step.customer_id AND a.order_day = before_step.order_day
  JOIN step_items b ON b.customer_id = after_step.customer_id AND b.order_day = after_step.order_day
  WHERE before_step.size <= (SELECT max_basket FROM params)
    AND after_step.size <= (SELECT max_basket FROM params)
    AND a.item_id <> b.item_id
  GROUP BY a.item_id, b.item_id
),
pairs AS (
  SELECT 'bought-with' AS list, item_id, neighbour_id, customers FROM with_pairs
  UNION ALL
  SELECT 'bought-next' AS list, item_id, neighbour_id, customers FROM next_pairs
),
scored AS (
  SELECT pairs.list, pairs.item_id, pairs.neighbour_id, pairs.customers,
    a.customers AS item_customers, b.customers AS neighbour_customers,
    pairs.customers / SQRT(a.customers * b.customers) AS score
  FROM pairs
  JOIN item_customers a ON a.item_id = pairs.item_id
  JOIN item_customers b ON b.item_id = pairs.neighbour_id
  WHERE pairs.customers >= (SELECT min_customers FROM params)
),
ranked AS (
  SELECT list, item_id, neighbour_id, customers, item_customers, neighbour_customers, score,
    ROW_NUMBER() OVER (PARTITION BY list, item_id ORDER BY score DESC, neighbour_id) AS rank
  FROM scored
),
most_bought AS (
  SELECT item_id, customers,
    ROW_NUMBER() OVER (ORDER BY customers DESC, item_id) AS rank,
    MAX(customers) OVER () AS top
  FROM item_customers
  WHERE customers >= (SELECT min_customers FROM params)
)
SELECT list, item_id, neighbour_id, customers, item_customers, neighbour_customers, score, rank
FROM ranked
WHERE rank <= (SELECT neighbours FROM params)
UNION ALL
SELECT 'most-bought' AS list, item_id, NULL AS neighbour_id, customers, NULL AS item_customers,
  NULL AS neighbour_customers, customers / top AS score, rank
FROM most_bought
WHERE rank <= (SELECT most_bought FROM params)
ORDER BY list, item_id, rank
