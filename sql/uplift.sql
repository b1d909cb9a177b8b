-- What did each message earn? Per message and stage (and 'all' stages together), over the GA4
-- BigQuery export: shoppers, converters and revenue per shopper within 7 and 30 days of each
-- shopper's first exposure, shown against held out, with 95% intervals for the differences (Wald
-- for conversion, Welch for revenue); the 30-day revenue difference adjusted by CUPED, with the
-- shopper's expected revenue at exposure (crumbtrail_expected_revenue) as the covariate, and the
-- share of variance that removes; the incremental revenue of the shown shoppers, and the return on
-- what the message cost. A shopper's arm and stage are those of their first view_promotion for the
-- message; a purchase counts when it comes after that exposure and within the window
-- (event_timestamp is in microseconds). Runs as it is in BigQuery and in DuckDB.
WITH params AS (
  SELECT
    5.0 AS cost_per_converter,  -- what the message costs per shown shopper who buys within 30 days (the discount)
    1.0 AS margin               -- the share of revenue that is profit: 1 gives the return on revenue
),
views AS (
  SELECT
    user_pseudo_id,
    event_timestamp,
    COALESCE(
      (SELECT p.value.string_value FROM UNNEST(event_params) AS p WHERE p.key = 'promotion_id'),
      (SELECT MAX(i.promotion_id) FROM UNNEST(items) AS i)  -- GA4 may keep it with the items only
    ) AS promotion_id,
    (SELECT p.value.string_value FROM UNNEST(event_params) AS p WHERE p.key = 'crumbtrail_arm') AS arm,
    (SELECT p.value.string_value FROM UNNEST(event_params) AS p WHERE p.key = 'crumbtrail_stage') AS stage,
    (SELECT COALESCE(p.value.int_value, p.value.double_value, p.value.float_value)  -- a whole number: int_value
       FROM UNNEST(event_params) AS p WHERE p.key = 'crumbtrail_expected_revenue') AS expected_revenue
  FROM `my-project.analytics_123456789.events_*`  -- your export (in DuckDB: a table's name, no backticks)
  WHERE event_name = 'view_promotion'
),
-- Revenue: each purchase event's own.
purchases AS (
  SELECT user_pseudo_id, event_timestamp AS purchased_at, COALESCE(ecommerce.purchase_revenue, 0) AS revenue
  FROM `my-project.analytics_123456789.events_*`
  WHERE event_name = 'purchase'
),
first_views AS (
  SELECT
    user_pseudo_id,
    promotion_id,
    arm,
    COALESCE(stage, 'unknown') AS stage,
    COALESCE(expected_revenue, 0) AS expected_revenue,
    event_timestamp AS first_at,
    ROW_NUMBER() OVER (PARTITION BY user_pseudo_id, promotion_id ORDER BY event_timestamp) AS nth
  FROM views
  WHERE arm IN ('shown', 'held_out') AND promotion_id IS NOT NULL
),
shoppers AS (
  SELECT
    v.promotion_id,
    v.arm,
    v.stage,
    v.user_pseudo_id,
    MAX(v.expected_revenue) AS x,  -- one value per shopper: their first exposure's
    MAX(CASE WHEN b.purchased_at > v.first_at AND b.purchased_at <= v.first_at + 604800000000
             THEN 1 ELSE 0 END) AS converted_7d,  -- 7 days, µs
    MAX(CASE WHEN b.purchased_at > v.first_at AND b.purchased_at <= v.first_at + 2592000000000
             THEN 1 ELSE 0 END) AS converted_30d,  -- 30 days, µs
    SUM(CASE WHEN b.purchased_at > v.first_at AND b.purchased_at <= v.first_at + 604800000000
             THEN b.revenue ELSE 0 END) AS revenue_7d,
    SUM(CASE WHEN b.purchased_at > v.first_at AND b.purchased_at <= v.first_at + 2592000000000
             THEN b.revenue ELSE 0 END) AS revenue_30d
  FROM first_views AS v
  LEFT JOIN purchases AS b ON b.user_pseudo_id = v.user_pseudo_id
  WHERE v.nth = 1
  GROUP BY v.promotion_id, v.arm, v.stage, v.user_pseudo_id
),
by_stage AS (
  SELECT promotion_id, stage, arm, x, converted_7d, converted_30d, revenue_7d, revenue_30d FROM shoppers
  UNION ALL
  SELECT promotion_id, 'all', arm, x, converted_7d, converted_30d, revenue_7d, revenue_30d FROM shoppers
),
arms AS (
  SELECT
    promotion_id,
    stage,
    arm,
    COUNT(*) AS n,
    SUM(converted_7d) AS converters_7d,
    SUM(converted_30d) AS converters_30d,
    AVG(revenue_7d) AS revenue_7d,
    AVG(revenue_30d) AS revenue_30d,
    VAR_SAMP(revenue_7d) AS var_7d,
    VAR_SAMP(revenue_30d) AS var_30d,
    AVG(x) AS mean_x,
    VAR_SAMP(x) AS var_x,
    COVAR_SAMP(x, revenue_30d) AS cov_xy
  FROM by_stage
  GROUP BY promotion_id, stage, arm
),
pairs AS (
  SELECT
    s.promotion_id,
    s.stage,
    s.n AS n1,
    h.n AS n0,
    s.converters_7d AS c1_7d,
    h.converters_7d AS c0_7d,
    s.converters_30d AS c1_30d,
    h.converters_30d AS c0_30d,
    s.converters_7d / s.n AS p1_7d,
    h.converters_7d / h.n AS p0_7d,
    s.converters_30d / s.n AS p1_30d,
    h.converters_30d / h.n AS p0_30d,
    s.revenue_7d AS y1_7d,
    h.revenue_7d AS y0_7d,
    s.revenue_30d AS y1_30d,
    h.revenue_30d AS y0_30d,
    s.var_7d / s.n AS a_7d,  -- each arm's squared standard error
    h.var_7d / h.n AS b_7d,
    s.var_30d / s.n AS a_30d,
    h.var_30d / h.n AS b_30d,
    s.mean_x - h.mean_x AS dx,
    -- CUPED's θ: the covariance of covariate and revenue over the covariate's variance, each
    -- pooled over the two arms (within arms, so the message's own effect does not enter it).
    COALESCE(((s.n - 1) * s.cov_xy + (h.n - 1) * h.cov_xy) / NULLIF((s.n - 1) * s.var_x + (h.n - 1) * h.var_x, 0), 0)
      AS theta,
    s.var_30d AS v1,
    h.var_30d AS v0,
    s.cov_xy AS cxy1,
    h.cov_xy AS cxy0,
    s.var_x AS vx1,
    h.var_x AS vx0
  FROM arms AS s
  JOIN arms AS h ON h.promotion_id = s.promotion_id AND h.stage = s.stage AND h.arm = 'held_out'
  WHERE s.arm = 'shown' AND s.n >= 2 AND h.n >= 2
),
adjusted AS (
  SELECT
    *,
    -- Each arm's squared standard error of revenue less θ times the covariate.
    (v1 - 2 * theta * cxy1 + theta * theta * vx1) / n1 AS a_cuped,
    (v0 - 2 * theta * cxy0 + theta * theta * vx0) / n0 AS b_cuped
  FROM pairs
),
errors AS (
  SELECT
    *,
    SQRT(p1_7d * (1 - p1_7d) / n1 + p0_7d * (1 - p0_7d) / n0) AS se_conv_7d,
    SQRT(p1_30d * (1 - p1_30d) / n1 + p0_30d * (1 - p0_30d) / n0) AS se_conv_30d,
    SQRT(a_7d + b_7d) AS se_7d,
    SQRT(a_30d + b_30d) AS se_30d,
    SQRT(a_cuped + b_cuped) AS se_cuped,
    -- Welch–Satterthwaite degrees of freedom.
    (a_7d + b_7d) * (a_7d + b_7d) / NULLIF(a_7d * a_7d / (n1 - 1) + b_7d * b_7d / (n0 - 1), 0) AS df_7d,
    (a_30d + b_30d) * (a_30d + b_30d) / NULLIF(a_30d * a_30d / (n1 - 1) + b_30d * b_30d / (n0 - 1), 0) AS df_30d,
    (a_cuped + b_cuped) * (a_cuped + b_cuped)
      / NULLIF(a_cuped * a_cuped / (n1 - 1) + b_cuped * b_cuped / (n0 - 1), 0) AS df_cuped
  FROM adjusted
),
quantiles AS (
  -- Student's t at 97.5% for those degrees of freedom: the normal quantile and its Cornish–Fisher
  -- expansion in 1/df (neither engine has the t distribution; within 4e-6 from 10 degrees on).
  SELECT
    *,
    1.959963984540054 + 2.372271230298562 / df_7d + 2.8224986157396112 / POWER(df_7d, 2)
      + 2.555849679507722 / POWER(df_7d, 3) + 1.5895340533938225 / POWER(df_7d, 4) AS t_7d,
    1.959963984540054 + 2.372271230298562 / df_30d + 2.8224986157396112 / POWER(df_30d, 2)
      + 2.555849679507722 / POWER(df_30d, 3) + 1.5895340533938225 / POWER(df_30d, 4) AS t_30d,
    1.959963984540054 + 2.372271230298562 / df_cuped + 2.8224986157396112 / POWER(df_cuped, 2)
      + 2.555849679507722 / POWER(df_cuped, 3) + 1.5895340533938225 / POWER(df_cuped, 4) AS t_cuped
  FROM errors
),
uplifts AS (
  SELECT
    q.*,
    y1_30d - y0_30d - theta * dx AS cuped,
    c1_30d * (SELECT cost_per_converter FROM params) AS cost
  FROM quantiles AS q
)
SELECT
  promotion_id,
  stage,
  n1 AS shown_shoppers,
  n0 AS held_out_shoppers,
  c1_7d AS shown_converters_7d,
  c0_7d AS held_out_converters_7d,
  p1_7d - p0_7d AS conversion_uplift_7d,
  p1_7d - p0_7d - 1.959963984540054 * se_conv_7d AS conversion_uplift_7d_low,
  p1_7d - p0_7d + 1.959963984540054 * se_conv_7d AS conversion_uplift_7d_high,
  c1_30d AS shown_converters_30d,
  c0_30d AS held_out_converters_30d,
  p1_30d - p0_30d AS conversion_uplift_30d,
  p1_30d - p0_30d - 1.959963984540054 * se_conv_30d AS conversion_uplift_30d_low,
  p1_30d - p0_30d + 1.959963984540054 * se_conv_30d AS conversion_uplift_30d_high,
  y1_7d AS shown_revenue_per_shopper_7d,
  y0_7d AS held_out_revenue_per_shopper_7d,
  y1_7d - y0_7d AS revenue_uplift_7d,
  y1_7d - y0_7d - t_7d * se_7d AS revenue_uplift_7d_low,
  y1_7d - y0_7d + t_7d * se_7d AS revenue_uplift_7d_high,
  y1_30d AS shown_revenue_per_shopper_30d,
  y0_30d AS held_out_revenue_per_shopper_30d,
  y1_30d - y0_30d AS revenue_uplift_30d,
  y1_30d - y0_30d - t_30d * se_30d AS revenue_uplift_30d_low,
  y1_30d - y0_30d + t_30d * se_30d AS revenue_uplift_30d_high,
  theta AS cuped_theta,
  cuped AS cuped_revenue_uplift_30d,
  cuped - t_cuped * se_cuped AS cuped_revenue_uplift_30d_low,
  cuped + t_cuped * se_cuped AS cuped_revenue_uplift_30d_high,
  1 - (a_cuped + b_cuped) / NULLIF(a_30d + b_30d, 0) AS variance_reduction,
  -- What the message earned its shown shoppers over 30 days (CUPED), what it cost, and the return.
  n1 * cuped AS incremental_revenue_30d,
  n1 * (cuped - t_cuped * se_cuped) AS incremental_revenue_30d_low,
  n1 * (cuped + t_cuped * se_cuped) AS incremental_revenue_30d_high,
  cost,
  (n1 * cuped * (SELECT margin FROM params) - cost) / NULLIF(cost, 0) AS roi,
  (n1 * (cuped - t_cuped * se_cuped) * (SELECT margin FROM params) - cost) / NULLIF(cost, 0) AS roi_low,
  (n1 * (cuped + t_cuped * se_cuped) * (SELECT margin FROM params) - cost) / NULLIF(cost, 0) AS roi_high
FROM uplifts
ORDER BY promotion_id, CASE WHEN stage = 'all' THEN 0 ELSE 1 END, stage;
