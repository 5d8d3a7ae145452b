"""Every date form CMS front matter uses, read into a timezone-aware datetime.

Read: ISO 8601 and what CMSs make of it (`2019-02-28`, `2019-02-28T10:11`,
`2019-02-28 10:11:00.728`, `2017-02-21T10:00:00.000Z`, `+07:00`, `-0400`, a space
before the offset as in `2018-06-15 03:30:13 -1100`, Go's `+0000 UTC`), the same with
slashes (`2017/02/21`), English month names (`February 21, 2017`, `Feb 21 2017`,
`21 February 2017`, with a weekday, an ordinal `21st`, a time, `10:30 PM`, a zone),
RFC 2822 (`Tue, 21 Feb 2017 10:00:00 +0000`, `GMT`, `EST`), YAML's own dates, and Unix
timestamps of 10 digits (seconds) or 13 (milliseconds), in UTC. Not read: numeric
day-first or month-first dates where both orders are real days (`02/03/2017`; but
`5/30/2024` and `30.05.2024` are read), other languages.
Each text is matched whole by one of a few patterns without nested repetition, after
its runs of spaces are folded into one: linear in its length.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

# Pieces of the patterns below. Text reaches them with every run of spaces folded
# into one space, so a literal space never competes with another for the same text.
_CLOCK = (
    r"(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2})(?:[.,](?P<frac>\d+))?)?"
    r"(?: ?(?P<ampm>[AaPp]\.?[Mm]\.?))?"
)
# `Z`, `+07:00`, `-0400`, `+07`, or a name (`UTC`, `GMT`, `EST`); a name or comment
# after an offset (`+0000 UTC`, `+0000 (UTC)`, Go's `-1100 -11`) says the same thing
# again and is skipped.
_ZONE = (
    r"(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{2,5})"
    r"(?: \(?(?:[A-Za-z]{1,5}|[+-]\d{2,4})\)?)?"
)
_TAIL = rf"(?:(?:[Tt] ?| |, | at ){_CLOCK}(?: ?{_ZONE})?)?"
_WEEKDAY = r"(?:(?P<weekday>[A-Za-z]{3,9})\.?,? )?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"

# 2019-02-28, 2017/02/21, each with an optional time and zone.
_ISO_RE = re.compile(rf"(?P<y>\d{{4}})(?P<sep>[-/])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_TAIL}")
# February 21, 2017 / Feb. 21st 2017 / Tuesday, February 21, 2017 10:00 AM
_MONTH_FIRST_RE = re.compile(rf"{_WEEKDAY}{_MONTH} {_DAY},? (?P<y>\d{{4}}){_TAIL}")
# 21 February 2017 / Tue, 21 Feb 2017 10:00:00 +0000 / 21st of February, 2017
_DAY_FIRST_RE = re.compile(rf"{_WEEKDAY}{_DAY}(?: of)? {_MONTH},? (?P<y>\d{{4}}){_TAIL}")
# 5/30/2024, 30.05.2024: read when only one order makes a real date (a part over 12).
_NUMERIC_RE = re.compile(
    rf"(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}){_TAIL}"
)
# Unix time: seconds (10 digits, 2001 to 2286) or milliseconds (13 digits).
_UNIX_RE = re.compile(r"\d{10}|\d{13}")
_SPACES_RE = re.compile(r"\s+")
# A date at the start of a file name: 2024-12-04-my-post.md
_FILENAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
MAX_DATE_CHARS = 100  # longer text is no date

MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NAMES_SHORT = [name[:3].capitalize() for name in MONTH_NAMES]
MONTHS = {name: n for n, full in enumerate(MONTH_NAMES, 1) for name in (full, full[:3])}
MONTHS["sept"] = 9
_WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS = {name for full in _WEEKDAY_NAMES for name in (full, full[:3])} | {
    "tues",
    "thur",
    "thurs",
}
# The zone names RFC 2822 allows (and UTC): hours from UTC.
ZONE_NAMES = {
    "z": 0,
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
}


class DateError(ValueError):
    """The value is not a date this module can read."""


def _zone(text: str | None, default: tzinfo) -> tzinfo:
    if not text:
        return default
    if text[0] not in "+-":
        hours = ZONE_NAMES.get(text.lower())
        if hours is None:
            raise DateError(f"the time zone {text} is not one this reader knows (write an offset)")
        return UTC if hours == 0 else timezone(timedelta(hours=hours))
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
    unix = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if unix and _UNIX_RE.fullmatch(str(value)):
        return _unix(str(value), default_zone)
    if not isinstance(value, str):
        raise DateError(f"{type(value).__name__} is not a date")
    text = value.strip()
    if len(text) > MAX_DATE_CHARS:
        raise DateError("it is not a date")
    text = _SPACES_RE.sub(" ", text)
    if _UNIX_RE.fullmatch(text):
        return _unix(text, default_zone)
    return _parse_text(text, default_zone)


def _parse_text(text: str, default_zone: tzinfo) -> datetime:
    """A date written in one of the forms of text CMSs write (spaces made single)."""
    match = (
        _ISO_RE.fullmatch(text)
        or _MONTH_FIRST_RE.fullmatch(text)
        or _DAY_FIRST_RE.fullmatch(text)
        or _NUMERIC_RE.fullmatch(text)
    )
    if not match:
        raise DateError("it is not a date")
    parts = match.groupdict()
    if parts.get("a") is not None:  # numeric, day and month in an unknown order
        _day_and_month(parts)
    month = _month(parts)
    weekday = parts.get("weekday")
    if weekday is not None and weekday.lower() not in WEEKDAYS:
        raise DateError("it is not a date")
    zone = _zone(parts["zone"], default_zone)
    hour = _hour(parts)
    fraction = parts["frac"] or ""
    micro = round(float(f"0.{fraction}") * 1_000_000) if fraction else 0
    second = int(parts["ss"] or 0)
    try:
        moment = datetime(
            int(parts["y"]), month, int(parts["d"]), hour, int(parts["mm"] or 0), second, 0, zone
        ) + timedelta(microseconds=micro)
    except ValueError as error:
        raise DateError(f"it is not a real date ({error})") from None
    except OverflowError:
        raise DateError(OUT_OF_RANGE) from None
    return in_range(moment, default_zone)


def _day_and_month(parts: dict[str, Any]) -> None:
    """Day (`d`) and month (`m`) of a numeric date whose order is unknown (`a`, `b`): the
    one over 12 is the day, and the same number twice is both; else a DateError."""
    a, b = int(parts["a"]), int(parts["b"])
    if a > 12 >= b or a == b:
        parts["d"], parts["m"] = parts["a"], parts["b"]
    elif b > 12 >= a:
        parts["m"], parts["d"] = parts["a"], parts["b"]
    else:
        raise DateError(
            f"day and month could be either way round ({a} {_MONTH_NAMES_SHORT[b - 1]} or "
            f"{b} {_MONTH_NAMES_SHORT[a - 1]}), write it as {parts['y']}-MM-DD"
            if a <= 12 and b <= 12
            else "it is not a real date"
        )


def _month(parts: dict[str, Any]) -> int:
    """The month of a date's parts: its name (`month`) or its number (`m`)."""
    if parts.get("month") is None:
        return int(parts["m"])
    month = MONTHS.get(parts["month"].lower())
    if month is None:
        raise DateError(f"{parts['month']} is not the name of a month")
    return month


def _hour(parts: dict[str, Any]) -> int:
    """The hour of a date's parts, 0 to 23 (`hh`, with `ampm` when it has one)."""
    hour = int(parts["hh"] or 0)
    if parts["ampm"]:
        if not 1 <= hour <= 12:
            raise DateError(f"it is not a real date (hour {hour} with {parts['ampm']})")
        hour = hour % 12 + (12 if parts["ampm"][0] in "Pp" else 0)
    return hour


def _unix(digits: str, zone: tzinfo) -> datetime:
    unit = "milliseconds" if len(digits) == 13 else "seconds"
    return in_range(_EPOCH + timedelta(**{unit: int(digits)}), zone)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
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
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day, tzinfo=zone)
    except ValueError:
        return None
