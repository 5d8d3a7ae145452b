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
    """Read a front matter date. A date without a zone is taken in `default_zone`.

    Every date returned can be converted to UTC and to `default_zone` (years 1 to 9999
    in both): one that cannot, such as `9999-12-31T23:00:00-05:00`, is a DateError."""
    if isinstance(value, datetime):
        return in_range(value if value.tzinfo else value.replace(tzinfo=default_zone), default_zone)
    if isinstance(value, date):
        return in_range(datetime.combine(value, time(), tzinfo=default_zone), default_zone)
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
        moment = datetime(year, month, day, int(hh), int(mm), whole, micro, tzinfo=zone)
    except ValueError as error:
        raise DateError(f"it is not a real date ({error})") from None
    return in_range(moment, default_zone)


OUT_OF_RANGE = "it is out of the range of dates (years 1 to 9999 in UTC)"


def in_range(moment: datetime, zone: tzinfo = UTC) -> datetime:
    """`moment` (timezone-aware) if it converts to UTC and to `zone` and back; else a
    DateError. Python's datetime holds years 1 to 9999 only: `9999-12-31T23:00-05:00`
    is a valid value whose UTC time (year 10000) is not, and comparing, sorting or
    formatting it in another zone raises OverflowError."""
    try:
        utc = moment.astimezone(UTC)
        utc.astimezone(moment.tzinfo)
    except (OverflowError, ValueError):
        raise DateError(OUT_OF_RANGE) from None
    try:
        utc.astimezone(zone)
    except (OverflowError, ValueError):
        name = getattr(zone, "key", None) or str(zone)
        raise DateError(
            f"it is out of the range of dates (years 1 to 9999) in the time zone {name}"
        ) from None
    return moment


def date_from_filename(name: str, zone: tzinfo = UTC) -> datetime | None:
    """The date in a `YYYY-MM-DD-slug.md` file name, or None."""
    match = _FILENAME_RE.match(name)
    if not match:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()), tzinfo=zone)
    except ValueError:
        return None
