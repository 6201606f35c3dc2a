"""Dates as the dumps print them: ``Jul 17, 2023`` or year-less ``Feb 19``."""
from __future__ import annotations

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
DATE_LINE = re.compile(
    r"^(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4}))?(?:\s+(?P<upvotes>\d+))?$"
)


def parse_date_line(text: str) -> tuple[int, int, int | None, int | None] | None:
    """(month, day, year or None, upvotes or None) for a date line, else None."""
    m = DATE_LINE.match(text.strip())
    if not m:
        return None
    year = int(m["year"]) if m["year"] else None
    upvotes = int(m["upvotes"]) if m["upvotes"] else None
    return MONTHS[m["mon"]], int(m["day"]), year, upvotes


def saved_year(page_month_day: tuple[int, int] | None, dated: list[dt.date]) -> int | None:
    """The year a page was saved: the first year, not before its newest dated entry,
    in which the page's own date falls on or after that entry."""
    if not dated:
        return None
    newest = max(dated)
    if page_month_day is None:
        return newest.year
    return newest.year if page_month_day >= (newest.month, newest.day) else newest.year + 1


def iso(value: dt.date | None, precision: str = "day") -> str:
    """``2023-07-17``, or ``2023-07`` / ``2023`` for a date known to the month or year."""
    if not value:
        return ""
    return value.isoformat()[:{"year": 4, "month": 7}.get(precision, 10)]


def long_text(value: dt.date | None, precision: str = "day") -> str:
    """``Jul 17, 2023``, ``Jul 2023`` or ``2023``, as precisely as the date is known."""
    if not value:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{value:%b} {value.year}"
    return f"{value:%b} {value.day}, {value.year}"


def precision_of(year: int | None, month: int | None, day: int | None) -> str:
    return "day" if day else "month" if month else "year"


PRECISIONS = ("year", "month", "day")
