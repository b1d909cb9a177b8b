-- Did the message work? Conversion within 7 days of a shopper's first exposure to each message,
-- shown against held out, with a 95% confidence interval for the difference (GA4 BigQuery export).
-- A shopper's arm is the one of their first view_promotion for the message; a purchase counts when
-- it comes after that exposure and within 7 days (event_timestamp is in microseconds).
WITH events AS (
  SELECT
    user_pseudo_id,
    event_name,
    event_timestamp,
    COALESCE(
      (SELECT p.value.string_value FROM UNNEST(event_params) AS p WHERE p.key = 'promotion_id'),
      (SELECT MAX(i.promotion_id) FROM UNNEST(items) AS i)  -- GA4 may keep it with the items only
    ) AS promotion_id,
    (SELECT p.value.string_value FROM UNNEST(event_params) AS p WHERE p.key = 'crumbtrail_arm') AS arm
  FROM `my-project.analytics_123456789.events_*`
  WHERE event_name IN ('view_promotion', 'purchase')
),
first_views AS (
  SELECT
    user_pseudo_id,
    promotion_id,
    arm,
    event_timestamp AS first_at,
    ROW_NUMBER() OVER (PARTITION BY user_pseudo_id, promotion_id ORDER BY event_timestamp) AS nth
  FROM events
  WHERE event_name = 'view_promotion' AND arm IN ('shown', 'held_out') AND promotion_id IS NOT NULL
),
shoppers AS (
  SELECT
    v.promotion_id,
    v.arm,
    v.user_pseudo_id,
    MAX(CASE WHEN b.event_timestamp > v.first_at
              AND b.event_timestamp <= v.first_at + 604800000000 THEN 1 ELSE 0 END) AS converted  -- 7 days, µs
  FROM first_views AS v
  LEFT JOIN events AS b ON b.user_pseudo_id = v.user_pseudo_id AND b.event_name = 'purchase'
  WHERE v.nth = 1
  GROUP BY v.promotion_id, v.arm, v.user_pseudo_id
),
arms AS (
  SELECT
    promotion_id,
    SUM(CASE WHEN arm = 'shown' THEN 1 ELSE 0 END) AS shown_users,
    SUM(CASE WHEN arm = 'shown' THEN converted ELSE 0 END) AS shown_conversions,
    SUM(CASE WHEN arm = 'held_out' THEN 1 ELSE 0 END) AS held_out_users,
    SUM(CASE WHEN arm = 'held_out' THEN converted ELSE 0 END) AS held_out_conversions
  FROM shoppers
  GROUP BY promotion_id
),
rates AS (
  SELECT
    *,
    shown_conversions / shown_users AS shown_rate,
    held_out_conversions / held_out_users AS held_out_rate
  FROM arms
  WHERE shown_users > 0 AND held_out_users > 0
)
SELECT
  promotion_id,
  shown_users,
  shown_conversions,
  held_out_users,
  held_out_conversions,
  shown_rate,
  held_out_rate,
  shown_rate - held_out_rate AS uplift,
  -- Normal approximation (Wald); fine once each arm has a few dozen conversions.
  shown_rate - held_out_rate - 1.96 * SQRT(shown_rate * (1 - shown_rate) / shown_users
    + held_out_rate * (1 - held_out_rate) / held_out_users) AS uplift_low,
  shown_rate - held_out_rate + 1.96 * SQRT(shown_rate * (1 - shown_rate) / shown_users
    + held_out_rate * (1 - held_out_rate) / held_out_users) AS uplift_high
FROM rates
ORDER BY promotion_id;
