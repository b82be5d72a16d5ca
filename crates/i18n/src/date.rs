//! Dates as maps, reports and spreadsheets need them: days since 1970 as a calendar date,
//! today (UTC), and an ISO date written as the language writes it.

/// Today's date (UTC) as YYYY-MM-DD, for the map's footer.
/// `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention) stands in for
/// the clock where it is set: two exports made minutes apart around midnight, or a build's
/// documentation images, carry the same date.
pub fn today() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    let secs = fixed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    });
    civil_date(secs.div_euclid(86_400))
}

/// Today's date as the language writes it: 2026-11-30 in English (ISO), 30.11.2026 in German.
pub fn today_in(lang: crate::Lang) -> String {
    local_date(&today(), lang)
}

/// An ISO date (YYYY-MM-DD) as the language writes it; other text is returned as it is.
pub fn local_date(iso: &str, lang: crate::Lang) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match (lang, parts.as_slice()) {
        (crate::Lang::De, [y, m, d]) if y.len() == 4 => format!("{d}.{m}.{y}"),
        _ => iso.to_owned(),
    }
}

/// The date `days` after 1970-01-01 as YYYY-MM-DD (Howard Hinnant's civil-from-days).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
