//! Replays a trail and prints the stage report — for people tuning `rules`.
//!
//! ```text
//! cargo run --example replay -- trail.jsonl [--now 2026-03-01T00:00:00Z] [--rules rules.json]
//! ```
//! `trail.jsonl` holds one event a line, the same JSON as `track` takes (`ts` in ms; an event without
//! `ts` happens at `--now`). Rejected events are listed on stderr with their line number. `--now`
//! defaults to the current time; `rules.json` is a partial rules object, as the `rules` option.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use crumbtrail_core::{Engine, Priors, StageRules, Value};

const USAGE: &str = "usage: replay TRAIL.jsonl [--now 2026-03-01T00:00:00Z] [--rules rules.json]";

/// ms since the epoch for `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.sss]Z`.
fn parse_utc(text: &str) -> Option<u64> {
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00Z"));
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let time = time.strip_suffix('Z')?;
    let mut t = time.splitn(3, ':');
    let (hh, mm) = (t.next()?.parse::<i64>().ok()?, t.next()?.parse::<i64>().ok()?);
    let ss: f64 = t.next().unwrap_or("0").parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || !(0.0..61.0).contains(&ss) {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let ms = (days * 86_400 + hh * 3600 + mm * 60) * 1000 + (ss * 1000.0) as i64;
    u64::try_from(ms).ok()
}

fn run(args: &[String]) -> Result<(), String> {
    let mut trail = None;
    let mut now = None;
    let mut rules = StageRules::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--now" => {
                let v = it.next().ok_or(USAGE)?;
                now = Some(parse_utc(v).ok_or_else(|| format!("--now: not an ISO 8601 UTC time: {v}"))?);
            }
            "--rules" => {
                let path = it.next().ok_or(USAGE)?;
                let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
                let value: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
                rules = StageRules::from_value(&value, "rules").map_err(|e| format!("{path}: {e}"))?;
            }
            "-h" | "--help" => return Err(USAGE.into()),
            path if trail.is_none() => trail = Some(path.to_owned()),
            other => return Err(format!("unexpected argument {other}\n{USAGE}")),
        }
    }
    let trail = trail.ok_or(USAGE)?;
    let now =
        now.unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0));
    let text = std::fs::read_to_string(&trail).map_err(|e| format!("{trail}: {e}"))?;

    let seed = now ^ 0x5eed;
    let mut engine = Engine::new(rules, Priors::default(), seed, 0);
    let (mut taken, mut rejected) = (0, 0);
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let outcome = serde_json::from_str::<Value>(line).map_err(|e| e.to_string()).and_then(|raw| {
            // The event's own time is the clock, so sessions and writers behave as they did live.
            let clock = raw.get("ts").and_then(Value::as_f64).filter(|t| *t >= 0.0).map_or(now, |t| t as u64);
            engine.track(&raw, clock.min(now)).map_err(|e| e.to_string())
        });
        match outcome {
            Ok(tracked) => {
                taken += 1;
                for notice in tracked.notices {
                    eprintln!("{trail}:{}: {notice}", n + 1);
                }
            }
            Err(why) => {
                rejected += 1;
                eprintln!("{trail}:{}: rejected: {why}", n + 1);
            }
        }
    }
    eprintln!("{taken} events taken, {rejected} rejected");
    let (report, _) = engine.report(now);
    println!("{}", serde_json::to_string_pretty(&report.to_value()).map_err(|e| e.to_string())?);
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
