//! Progress updates: a page, a percent, or both.

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub page: Option<i64>,
    pub percent: Option<i64>,
}

pub fn progress(
    page: Option<i64>,
    percent: Option<i64>,
    book_pages: Option<i64>,
) -> Result<Progress, Invalid> {
    if page.is_none() && percent.is_none() {
        return Err(Invalid::new("page", "give a page or a percent"));
    }
    if let Some(p) = page {
        if !(0..=100_000).contains(&p) {
            return Err(Invalid::new("page", "must be between 0 and 100000"));
        }
        if let Some(total) = book_pages.filter(|t| *t > 0)
            && p > total
        {
            return Err(Invalid::new("page", format!("the book has {total} pages")));
        }
    }
    if let Some(p) = percent
        && !(0..=100).contains(&p)
    {
        return Err(Invalid::new("percent", "must be between 0 and 100"));
    }
    let percent = percent.or_else(|| {
        let total = book_pages.filter(|t| *t > 0)?;
        Some(page? * 100 / total)
    });
    Ok(Progress { page, percent })
}

/// "page 120 of 300 (40%)", "page 120", "40%".
pub fn describe(p: &Progress, book_pages: Option<i64>) -> String {
    match (p.page, p.percent) {
        (Some(page), Some(percent)) => match book_pages {
            Some(total) => format!("page {page} of {total} ({percent}%)"),
            None => format!("page {page} ({percent}%)"),
        },
        (Some(page), None) => format!("page {page}"),
        (None, Some(percent)) => format!("{percent}%"),
        (None, None) => "no progress".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_rules() {
        assert_eq!(
            progress(Some(120), None, Some(300)).unwrap(),
            Progress {
                page: Some(120),
                percent: Some(40)
            }
        );
        assert_eq!(progress(None, Some(40), None).unwrap().percent, Some(40));
        assert_eq!(progress(None, None, None).unwrap_err().field, "page");
        assert_eq!(
            progress(Some(301), None, Some(300)).unwrap_err().field,
            "page"
        );
        assert_eq!(
            progress(None, Some(101), None).unwrap_err().field,
            "percent"
        );
        assert_eq!(progress(Some(-1), None, None).unwrap_err().field, "page");
    }

    #[test]
    fn descriptions() {
        let p = Progress {
            page: Some(120),
            percent: Some(40),
        };
        assert_eq!(describe(&p, Some(300)), "page 120 of 300 (40%)");
        assert_eq!(
            describe(
                &Progress {
                    page: Some(120),
                    percent: None
                },
                None
            ),
            "page 120"
        );
        assert_eq!(
            describe(
                &Progress {
                    page: None,
                    percent: Some(40)
                },
                None
            ),
            "40%"
        );
    }
}
