"""Every date form CMS front matter uses, read into a timezone-aware datetime."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

# 2019-02-28, 2019-02-28T10:11, 2019-02-28 10:11:00.728, with Z, +07:00, -0400 or
# " -0400" (a space before the offset, as some CMSs write it).
_DATE_RE = re.compile(
    r"""^(?P<date>\d{4}-\d{1,2}-\d{1,2})
        (?:[Tt ]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)
           \s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$""",
    re.VERBOSE,
)
# A date at the start of a file name: 2024-12-04-my-post.md
_FILENAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")


class DateError(ValueError):
    """The value is not a date this module can read."""


def _zone(text: str | None, default: tzinfo) -> tzinfo:
    if not text:
        return default
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise DateError(f"the offset {text} is not a real time zone offset")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date(value: object, default_zone: tzinfo = UTC) -> datetime:
    """Read a front matter date. A date without a zone is taken in `default_zone`."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=default_zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=default_zone)
    if not isinstance(value, str):
        raise DateError(f"{type(value).__name__} is not a date")
    text = value.strip()
    match = _DATE_RE.match(text)
    if not match:
        raise DateError("it is not a date")
    zone = _zone(match["zone"], default_zone)
    clock = (match["time"] or "0:00").replace(",", ".")
    hh, mm, *rest = clock.split(":")
    seconds = float(rest[0]) if rest else 0.0
    year, month, day = (int(part) for part in match["date"].split("-"))
    try:
        whole = int(seconds)
        micro = round((seconds - whole) * 1_000_000)
        return datetime(year, month, day, int(hh), int(mm), whole, micro, tzinfo=zone)
    except ValueError as error:
        raise DateError(f"it is not a real date ({error})") from None


def date_from_filename(name: str, zone: tzinfo = UTC) -> datetime | None:
    """The date in a `YYYY-MM-DD-slug.md` file name, or None."""
    match = _FILENAME_RE.match(name)
    if not match:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()), tzinfo=zone)
    except ValueError:
        return None
