"""Dates at the ends of Python's range: refused with a message, never an OverflowError.

`datetime` holds years 1 to 9999, so `9999-12-31T23:00:00-05:00` is a valid value whose
UTC time (year 10000) is not: comparing, sorting or formatting it raised deep inside
`masthead check` and the build. `parse_date` now refuses any date that cannot be
converted to UTC and to the site's zone, with a `date-invalid` message.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import cms_post, examples
from hypothesis import example, given, settings
from hypothesis import strategies as st
from masthead.cli import main
from masthead.core.dates import DateError, parse_date

OUT = "it is out of the range of dates (years 1 to 9999 in UTC)"
FIX = "write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`"
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14, the furthest ahead


@pytest.mark.parametrize(
    ("value", "zone", "reason"),
    [
        ("9999-12-31T23:00:00-05:00", UTC, OUT),
        ("9999-12-31T23:00-05:00", UTC, OUT),
        ("9999-12-31 19:00:00 -0500", UTC, OUT),
        ("0001-01-01T00:00:00+05:00", UTC, OUT),
        ("0001-01-01T04:59:59+05:00", UTC, OUT),
        ("9999-12-31T23:00", timezone(timedelta(hours=-2)), OUT),  # no zone: the site's
        ("0001-01-01", timezone(timedelta(hours=3)), OUT),
        (date(1, 1, 1), timezone(timedelta(hours=3)), OUT),
        (datetime(1, 1, 1), timezone(timedelta(minutes=1)), OUT),
        (datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))), UTC, OUT),
        (
            "9999-12-31T20:00:00Z",
            KIRITIMATI,
            "it is out of the range of dates (years 1 to 9999) in the time zone Pacific/Kiritimati",
        ),
        (
            "0001-01-01T00:00:00Z",
            timezone(timedelta(hours=-1)),
            "it is out of the range of dates (years 1 to 9999) in the time zone UTC-01:00",
        ),
    ],
)
def test_out_of_range(value, zone, reason):
    with pytest.raises(DateError) as caught:
        parse_date(value, zone)
    assert str(caught.value) == reason


@pytest.mark.parametrize(
    ("value", "zone"),
    [
        ("9999-12-31T18:59:59-05:00", UTC),
        ("9999-12-31T23:59:59.999999Z", UTC),
        ("0001-01-01T05:00:00+05:00", UTC),
        ("0001-01-01T00:00:00Z", UTC),
        ("9999-12-31T09:59:59Z", KIRITIMATI),
        (date(9999, 12, 31), UTC),
        (datetime(1, 1, 1, tzinfo=UTC), UTC),
    ],
)
def test_the_last_dates_in_range_are_read(value, zone):
    moment = parse_date(value, zone)
    assert moment.astimezone(UTC).astimezone(zone) == moment


def test_yaml_reads_such_a_date_as_a_datetime_and_it_is_refused():
    value = yaml.safe_load("date: 9999-12-31T23:00:00-05:00")["date"]
    assert isinstance(value, datetime)
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert str(caught.value) == OUT


# Hypothesis: dates and times near both ends of the range, offsets up to +-23:59
# (and beyond, which is a different DateError), in every form the reader takes.
_YEARS = st.one_of(st.integers(1, 2), st.integers(9998, 9999), st.integers(1, 9999))
_OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1)
_FIXED = _OFFSETS.map(lambda minutes: timezone(timedelta(minutes=minutes)))
_ZONES = st.one_of(st.just(UTC), _FIXED, st.timezones())


def _offset_text(minutes: int, style: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return [f"{sign}{hours:02d}:{rest:02d}", f"{sign}{hours:02d}{rest:02d}", "Z", ""][style]


@st.composite
def _date_texts(draw) -> tuple[str, tuple[int, int, int, int, int, int], int | None]:
    year, month = draw(_YEARS), draw(st.integers(1, 12))
    day = draw(st.one_of(st.integers(1, 28), st.integers(1, 31)))
    hour, minute, second = (
        draw(st.integers(0, 23)),
        draw(st.integers(0, 59)),
        draw(st.integers(0, 59)),
    )
    minutes, style = (
        draw(st.one_of(_OFFSETS, st.integers(-99 * 60, 99 * 60))),
        draw(st.integers(0, 3)),
    )
    separator = draw(st.sampled_from(["T", " ", "t"]))
    zone = _offset_text(minutes, style)
    text = f"{year:04d}-{month:02d}-{day:02d}{separator}{hour:02d}:{minute:02d}:{second:02d}"
    offset = {0: minutes, 1: minutes, 2: 0, 3: None}[style]
    return text + zone, (year, month, day, hour, minute, second), offset


def _usable(moment: datetime, zone) -> None:
    """What the plugins and `check` do with a date: none of it may raise."""
    assert moment.utcoffset() is not None
    moment.astimezone(UTC)
    moment.astimezone(zone)
    sorted([moment, datetime.now(UTC), datetime(1, 1, 1, tzinfo=UTC)])
    assert (moment > datetime.now(UTC)) in (True, False)


@pytest.mark.fuzz
@settings(max_examples=examples(300), deadline=None)
@given(_date_texts(), _ZONES)
@example(("9999-12-31T23:00:00-05:00", (9999, 12, 31, 23, 0, 0), -300), UTC)
@example(("0001-01-01T00:00:00+05:00", (1, 1, 1, 0, 0, 0), 300), UTC)
def test_text_dates_are_read_or_refused(case, zone):
    text, parts, offset = case
    try:
        moment = parse_date(text, zone)
    except DateError:
        moment = None
    if moment is not None:
        _usable(moment, zone)
    if offset is None or abs(offset) >= 24 * 60 or zone is not UTC:
        return
    # An oracle for the UTC range with a fixed offset: read iff the calendar date is real
    # and the UTC time exists.
    try:
        utc = datetime(*parts) - timedelta(minutes=offset)
    except (ValueError, OverflowError):
        utc = None
    assert (moment is not None) == (utc is not None), (text, moment, utc)


@pytest.mark.fuzz
@settings(max_examples=examples(300), deadline=None)
@given(
    st.one_of(
        st.datetimes(
            min_value=datetime(1, 1, 1),
            max_value=datetime(9999, 12, 31, 23, 59, 59, 999999),
            timezones=st.one_of(st.none(), _FIXED, st.timezones()),
        ),
        st.dates(),
        st.datetimes(max_value=datetime(1, 1, 3)),
        st.datetimes(min_value=datetime(9999, 12, 29)),
    ),
    _ZONES,
)
def test_yaml_dates_are_read_or_refused(value, zone):
    try:
        moment = parse_date(value, zone)
    except DateError as error:
        assert str(error).startswith("it is out of the range of dates (years 1 to 9999")
        return
    _usable(moment, zone)


# `masthead check` and the build on a real site.


def _far_posts(site) -> None:
    site.post("far.md", cms_post(title="Far", date="9999-12-31T23:00:00-05:00"))
    site.post(
        "updated.md",
        cms_post(title="Updated", date="2024-01-01").replace(
            "date: 2024-01-01",
            "date:\n  created: 2024-01-01\n  updated: 0001-01-01T00:00:00+05:00",
        ),
    )
    site.post("fine.md", cms_post(title="Fine"))
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config))


def test_check_reports_out_of_range_dates(site, capsys):
    _far_posts(site)
    code = main(["check", "-f", str(site.root / "mkdocs.yml"), "--format", "json"])
    found = [f"{p['path']}:{p['line']}: {p['message']}; {p['fix']}" for p in _json(capsys)]
    assert code == 1
    far = (
        "docs/blog/posts/far.md:3: `date: 9999-12-31T23:00:00-05:00` cannot be read as a "
        f"date: {OUT}; {FIX}"
    )
    dated = [f for f in found if "cannot be read as a date" in f]
    assert dated[0] == far
    # The `updated` date is refused too (the message quotes the `date:` line as the
    # mapping shows it).
    assert dated[1].startswith("docs/blog/posts/updated.md:3: `date: ")
    assert dated[1].endswith(f"` cannot be read as a date: {OUT}; {FIX}")
    assert len(dated) == 2
    built = site.build()
    assert [m for m in built.messages(logging.ERROR) if m.startswith("docs/")] == dated


def _json(capsys) -> list[dict]:
    import json

    return json.loads(capsys.readouterr().out)


def test_masthead_check_command_exits_1_without_traceback(site):
    """The command itself, as CI runs it."""
    _far_posts(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "masthead.cli", "check"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert (
        "error: docs/blog/posts/far.md:3: `date: 9999-12-31T23:00:00-05:00` cannot be read "
        f"as a date: {OUT}; {FIX}"
    ) in done.stdout.splitlines()
    assert done.stdout.splitlines()[-1].startswith("masthead: 3 posts checked: 2 errors")
