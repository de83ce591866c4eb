//! Read dates ("2007-01" or "2007-01-29") and the ways dates are shown.

use time::{Date, Month, OffsetDateTime};

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReadDate {
    pub year: i32,
    pub month: u8,
    pub day: Option<u8>,
}

impl ReadDate {
    pub fn parse(field: &'static str, input: &str) -> Result<ReadDate, Invalid> {
        let wrong = || Invalid::new(field, "must be a date as YYYY-MM-DD or YYYY-MM");
        let parts: Vec<&str> = input.trim().split('-').collect();
        let number = |s: &str, len: usize| -> Result<u32, Invalid> {
            if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(wrong());
            }
            s.parse().map_err(|_| wrong())
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m] => (number(y, 4)?, number(m, 2)?, None),
            [y, m, d] => (number(y, 4)?, number(m, 2)?, Some(number(d, 2)?)),
            _ => return Err(wrong()),
        };
        if !(1000..=9999).contains(&year) {
            return Err(Invalid::new(
                field,
                "must have a year between 1000 and 9999",
            ));
        }
        let month_value =
            Month::try_from(month as u8).map_err(|_| Invalid::new(field, "has no such month"))?;
        if let Some(day) = day {
            Date::from_calendar_date(year as i32, month_value, day as u8)
                .map_err(|_| Invalid::new(field, "is not a day of the calendar"))?;
        }
        Ok(ReadDate {
            year: year as i32,
            month: month as u8,
            day: day.map(|d| d as u8),
        })
    }

    pub fn stored(&self) -> String {
        match self.day {
            Some(day) => format!("{:04}-{:02}-{:02}", self.year, self.month, day),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    pub fn from_stored(s: &str) -> Option<ReadDate> {
        ReadDate::parse("date", s).ok()
    }

    /// "Jan 2007" or "Jan 29, 2007": the site's one way of writing a date.
    pub fn long(&self) -> String {
        let month = SHORT_MONTHS[usize::from(self.month.clamp(1, 12)) - 1];
        match self.day {
            Some(day) => format!("{month} {day:02}, {}", self.year),
            None => format!("{month} {}", self.year),
        }
    }
}

/// A finish before the start is a typing mistake; with a day missing, months are compared.
pub fn check_order(started: Option<&ReadDate>, finished: Option<&ReadDate>) -> Result<(), Invalid> {
    if let (Some(s), Some(f)) = (started, finished) {
        let month_first = (f.year, f.month) < (s.year, s.month);
        let day_first = match (s.day, f.day) {
            (Some(sd), Some(fd)) => (f.year, f.month, fd) < (s.year, s.month, sd),
            _ => false,
        };
        if month_first || day_first {
            return Err(Invalid::new("finished", "can't be before the start"));
        }
    }
    Ok(())
}

/// How a reading is told on a review or a book page.
pub fn read_phrase(started: Option<&ReadDate>, finished: Option<&ReadDate>) -> Option<String> {
    match (started, finished) {
        (Some(s), Some(f)) => Some(format!("Read from {} to {}", s.long(), f.long())),
        (None, Some(f)) if f.day.is_some() => Some(format!("Read on {}", f.long())),
        (None, Some(f)) => Some(format!("Read in {}", f.long())),
        (Some(s), None) => Some(format!("Started {}", s.long())),
        (None, None) => None,
    }
}

fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn short_month(t: &OffsetDateTime) -> &'static str {
    SHORT_MONTHS[usize::from(u8::from(t.month())) - 1]
}

/// "Jan 29, 2016".
pub fn short_date(unix: i64) -> String {
    let t = at(unix);
    format!("{} {:02}, {}", short_month(&t), t.day(), t.year())
}

/// "Feb 19, 2008 01:43PM".
pub fn comment_time(unix: i64) -> String {
    let t = at(unix);
    let (hour, half) = match t.hour() {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    // Written by hand rather than with `format!`: a thread page shows one
    // per comment, and the formatting machinery was a twentieth of its time.
    let mut out = String::with_capacity(20);
    out.push_str(short_month(&t));
    out.push(' ');
    push_two_digits(&mut out, t.day());
    out.push_str(", ");
    let year = t.year();
    match u16::try_from(year) {
        Ok(y @ 1000..=9999) => {
            push_two_digits(&mut out, (y / 100) as u8);
            push_two_digits(&mut out, (y % 100) as u8);
        }
        _ => out.push_str(&year.to_string()),
    }
    out.push(' ');
    push_two_digits(&mut out, hour);
    out.push(':');
    push_two_digits(&mut out, t.minute());
    out.push_str(half);
    out
}

/// `n` (below 100) as two digits, "07".
fn push_two_digits(out: &mut String, n: u8) {
    out.push(char::from(b'0' + n / 10));
    out.push(char::from(b'0' + n % 10));
}

/// "2008-02-19T13:43:00Z".
pub fn rfc3339(unix: i64) -> String {
    let t = at(unix);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// "Wed, 25 Nov 2026 21:48:42 +0000", as RSS 2.0 dates are written.
pub fn rfc2822(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let t = at(unix);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
        DAYS[t.weekday().number_days_from_monday() as usize],
        t.day(),
        MONTHS[usize::from(u8::from(t.month())) - 1],
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Midnight UTC at the start of the date (the 1st when the day is unknown).
pub fn to_unix(date: &ReadDate) -> i64 {
    Month::try_from(date.month)
        .ok()
        .and_then(|m| Date::from_calendar_date(date.year, m, date.day.unwrap_or(1)).ok())
        .map_or(0, |d| d.midnight().assume_utc().unix_timestamp())
}

/// The UTC calendar day of an instant.
pub fn today(unix: i64) -> ReadDate {
    let t = at(unix);
    ReadDate {
        year: t.year(),
        month: u8::from(t.month()),
        day: Some(t.day()),
    }
}

/// A wait in words: "40 seconds", "1 minute", "12 minutes" (rounded up).
pub fn wait_words(seconds: u64) -> String {
    if seconds < 60 {
        let s = seconds.max(1);
        return format!("{s} second{}", if s == 1 { "" } else { "s" });
    }
    let minutes = seconds.div_ceil(60);
    format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_in_seconds_then_whole_minutes() {
        assert_eq!(wait_words(0), "1 second");
        assert_eq!(wait_words(40), "40 seconds");
        assert_eq!(wait_words(60), "1 minute");
        assert_eq!(wait_words(61), "2 minutes");
        assert_eq!(wait_words(3600), "60 minutes");
    }

    #[test]
    fn parses_both_precisions() {
        let d = ReadDate::parse("finished", "2007-01").unwrap();
        assert_eq!((d.year, d.month, d.day), (2007, 1, None));
        assert_eq!(d.stored(), "2007-01");
        let d = ReadDate::parse("finished", " 2024-02-29 ").unwrap();
        assert_eq!(d.stored(), "2024-02-29");
        assert_eq!(ReadDate::from_stored("2024-02-29"), Some(d));
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for bad in [
            "2023-02-29",
            "2007-13",
            "2007-00",
            "07-01",
            "2007/01/02",
            "yesterday",
            "",
            "0999-01",
            "2007-1-2",
        ] {
            let e = ReadDate::parse("finished", bad).unwrap_err();
            assert_eq!(e.field, "finished", "{bad}");
        }
    }

    #[test]
    fn phrases_of_a_reading() {
        let jan = ReadDate::parse("f", "2007-01").unwrap();
        let day = ReadDate::parse("f", "2007-01-29").unwrap();
        let dec = ReadDate::parse("s", "2006-12-01").unwrap();
        assert_eq!(read_phrase(None, Some(&jan)).unwrap(), "Read in Jan 2007");
        assert_eq!(
            read_phrase(None, Some(&day)).unwrap(),
            "Read on Jan 29, 2007"
        );
        assert_eq!(
            read_phrase(Some(&dec), Some(&day)).unwrap(),
            "Read from Dec 01, 2006 to Jan 29, 2007"
        );
        assert_eq!(
            read_phrase(Some(&dec), None).unwrap(),
            "Started Dec 01, 2006"
        );
        assert_eq!(read_phrase(None, None), None);
    }

    #[test]
    fn order_of_start_and_finish() {
        let a = ReadDate::parse("s", "2007-01-20").unwrap();
        let b = ReadDate::parse("f", "2007-01").unwrap();
        let c = ReadDate::parse("f", "2007-01-10").unwrap();
        let d = ReadDate::parse("f", "2006-12").unwrap();
        assert!(
            check_order(Some(&a), Some(&b)).is_ok(),
            "same month, no day: fine"
        );
        assert_eq!(
            check_order(Some(&a), Some(&c)).unwrap_err().field,
            "finished"
        );
        assert!(check_order(Some(&a), Some(&d)).is_err());
        assert!(check_order(None, Some(&d)).is_ok());
    }

    #[test]
    fn shown_dates() {
        // 2008-02-19 13:43:00 UTC
        let t = 1_203_428_580;
        assert_eq!(comment_time(t), "Feb 19, 2008 01:43PM");
        assert_eq!(short_date(t), "Feb 19, 2008");
        assert_eq!(rfc3339(t), "2008-02-19T13:43:00Z");
        assert_eq!(today(t).stored(), "2008-02-19");
        assert_eq!(comment_time(1_203_379_200), "Feb 19, 2008 12:00AM");
        assert_eq!(comment_time(1_735_689_599), "Dec 31, 2024 11:59PM");
        assert_eq!(comment_time(1_000_000_000), "Sep 09, 2001 01:46AM");
        assert_eq!(
            comment_time(-62_135_596_800 + 86_400 * 40),
            "Feb 10, 1 12:00AM"
        );
        assert_eq!(rfc3339(i64::MAX), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn feed_dates_are_written_as_rss_wants() {
        assert_eq!(rfc2822(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc2822(1_203_428_580), "Tue, 19 Feb 2008 13:43:00 +0000");
    }
}
