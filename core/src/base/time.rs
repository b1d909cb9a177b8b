//! Calendar time: ISO 8601 dates and date-times to milliseconds since the epoch, for message
//! schedules and for the timestamps of other tools' events (Shopify's, for one).

/// Milliseconds since the epoch for `YYYY-MM-DD` (midnight UTC) or
/// `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`. A date-time without an offset is refused: whose
/// midnight would it be?
pub fn parse_iso8601(s: &str) -> Option<u64> {
    let num = |t: &str| crate::base::value::parse_digits(t).and_then(|n| i64::try_from(n).ok());
    let (date, time) = match s.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut ymd = date.split('-');
    let (y, m, d) = (ymd.next()?, ymd.next()?, ymd.next()?);
    if ymd.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * 86_400_000;
    if let Some(t) = time {
        let (clock, offset_min) = if let Some(c) = t.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else {
            let sign_at = t.rfind(['+', '-'])?;
            let (c, off) = t.split_at_checked(sign_at)?;
            let (oh, om) = off.get(1..)?.split_once(':')?;
            let (oh, om) = (num(oh)?, num(om)?);
            if oh > 23 || om > 59 {
                return None;
            }
            (c, if off.starts_with('-') { -(oh * 60 + om) } else { oh * 60 + om })
        };
        let mut hms = clock.split(':');
        let (h, mi) = (num(hms.next()?)?, num(hms.next()?)?);
        let (sec, millis) = match hms.next() {
            None => (0, 0),
            Some(sec) => {
                let (whole, frac) = sec.split_once('.').unwrap_or((sec, "0"));
                // Milliseconds: the first three digits of the fraction, padded.
                let digits = frac.bytes().chain(std::iter::repeat(b'0')).take(3);
                let millis = digits.fold(0, |ms, b| ms * 10 + i64::from(b.wrapping_sub(b'0')));
                num(frac)?;
                (num(whole)?, millis)
            }
        };
        if hms.next().is_some() || h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        ms += ((h * 60 + mi - offset_min) * 60 + sec) * 1000 + millis;
    }
    u64::try_from(ms).ok()
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Year, month and day of the civil date `days` after 1970-01-01 (proleptic Gregorian; Howard
/// Hinnant's `civil_from_days`), the inverse of `days_from_civil`.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_days_and_invert_days_from_civil() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_723 + 59), (2024, 2, 29));
        for days in [-719_468, -1, 0, 11_016, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn reads_iso_dates() {
        assert_eq!(parse_iso8601("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_iso8601("2026-11-22T10:00:00Z"), Some(1_795_341_600_000));
        assert_eq!(parse_iso8601("2026-11-22T11:00+01:00"), Some(1_795_341_600_000));
        assert_eq!(parse_iso8601("2026-11-22T10:00:00.250Z"), Some(1_795_341_600_250));
        assert_eq!(parse_iso8601("2024-02-29"), Some(1_709_164_800_000));
        for bad in ["2026-11-22T10:00", "2026-02-30", "2026-13-01", "26-11-22", "2026-11-22T25:00Z", "yesterday", ""] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }
}
