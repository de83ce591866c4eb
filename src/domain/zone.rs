//! A reader's time zone: which day a moment falls on for them, so a book
//! marked read at 11 pm on New Year's Eve counts in the year it was read.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Invalid;
use super::dates::ReadDate;

/// An IANA time zone ("Europe/Madrid"), or UTC.
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            tz: TimeZone::UTC,
        }
    }

    /// A zone by its IANA name, as the reader gave it.
    pub fn parse(name: &str) -> Result<Zone, Invalid> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 {
            return Err(Invalid::new(
                "time_zone",
                "give a time zone name such as Europe/Madrid or America/New_York",
            ));
        }
        let tz = TimeZone::get(name).map_err(|_| {
            Invalid::new(
                "time_zone",
                "is not a time zone this site knows: use a name such as Europe/Madrid or America/New_York",
            )
        })?;
        // The database's own spelling: "america/new_york" is kept as "America/New_York".
        let name = tz.iana_name().unwrap_or(name).to_string();
        Ok(Zone { name, tz })
    }

    /// A stored name; an unknown one (the database changed) reads as UTC.
    pub fn from_stored(name: Option<&str>) -> Zone {
        name.and_then(|n| Zone::parse(n).ok())
            .unwrap_or_else(Zone::utc)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The reader's calendar day at `unix`.
    pub fn day_of(&self, unix: i64) -> ReadDate {
        let ts = Timestamp::from_second(unix).unwrap_or(Timestamp::UNIX_EPOCH);
        let date = ts.to_zoned(self.tz.clone()).date();
        ReadDate {
            year: i32::from(date.year()),
            month: date.month() as u8,
            day: Some(date.day() as u8),
        }
    }
}

/// Every zone name the site knows, for the settings form's suggestions.
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.to_string())
        .filter(|n| {
            n.contains('/')
                && !n.starts_with("Etc/")
                && !n.starts_with("posix/")
                && !n.starts_with("right/")
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-01-01 05:00 UTC.
    const NEW_YEAR_UTC: i64 = 1_735_707_600;

    #[test]
    fn new_years_eve_in_los_angeles_is_new_years_day_in_utc() {
        let la = Zone::parse("America/Los_Angeles").unwrap();
        assert_eq!(la.day_of(NEW_YEAR_UTC).stored(), "2024-12-31");
        assert_eq!(Zone::utc().day_of(NEW_YEAR_UTC).stored(), "2025-01-01");
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        assert_eq!(
            tokyo.day_of(NEW_YEAR_UTC - 10 * 3600).stored(),
            "2025-01-01"
        );
    }

    #[test]
    fn names_are_checked_and_spelt_as_the_database_does() {
        assert_eq!(
            Zone::parse(" america/new_york ").unwrap().name(),
            "America/New_York"
        );
        assert_eq!(Zone::parse("Mars/Olympus").unwrap_err().field, "time_zone");
        assert_eq!(Zone::parse("").unwrap_err().field, "time_zone");
        assert_eq!(Zone::from_stored(Some("Nowhere/Town")).name(), "UTC");
        assert!(names().iter().any(|n| n == "Europe/Madrid"));
    }
}
