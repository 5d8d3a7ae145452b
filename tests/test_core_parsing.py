"""The pure core, tested with strings: no MkDocs involved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from masthead.core import source, yamlmeta
from masthead.core.dates import DateError, date_from_filename, parse_date
from masthead.core.problems import Level, Levels
from masthead.core.summary import derive_summary, first_paragraph, shorten
from masthead.core.text import match_key, slugify, tidy


class TestDates:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("2024-12-04T08:04:02.728Z", datetime(2024, 12, 4, 8, 4, 2, 728000, tzinfo=UTC)),
            ("2024-12-04T08:04:02Z", datetime(2024, 12, 4, 8, 4, 2, tzinfo=UTC)),
            (
                "2024-11-18T09:15:00-05:00",
                datetime(2024, 11, 18, 9, 15, tzinfo=timezone(timedelta(hours=-5))),
            ),
            (
                "2024-06-03T11:20:00+07:00",
                datetime(2024, 6, 3, 11, 20, tzinfo=timezone(timedelta(hours=7))),
            ),
            (
                "2019-02-28 10:11:00 -0400",
                datetime(2019, 2, 28, 10, 11, tzinfo=timezone(timedelta(hours=-4))),
            ),
            ("2024-07-11T14:00:00", datetime(2024, 7, 11, 14, 0, tzinfo=UTC)),
            ("2019-02-28", datetime(2019, 2, 28, tzinfo=UTC)),
            ("  2019-02-28  ", datetime(2019, 2, 28, tzinfo=UTC)),
        ],
    )
    def test_strings(self, value, expected):
        parsed = parse_date(value)
        assert parsed == expected
        assert parsed.utcoffset() == expected.utcoffset()

    def test_yaml_values(self):
        aware = datetime(2024, 1, 1, 10, tzinfo=UTC)
        assert parse_date(aware) is aware
        assert parse_date(datetime(2024, 1, 1, 10)) == aware
        assert parse_date(datetime(2024, 1, 1).date()) == datetime(2024, 1, 1, tzinfo=UTC)

    def test_zone_for_dates_without_one(self):
        berlin = ZoneInfo("Europe/Berlin")
        assert parse_date("2024-07-11T14:00:00", berlin).utcoffset() == timedelta(hours=2)

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            ("yesterday", "it is not a date"),
            ("2024-02-30", "it is not a real date (day is out of range for month)"),
            ("2024-01-01T10:00:00+25:00", "the offset +25:00 is not a real time zone offset"),
            (20240101, "int is not a date"),
        ],
    )
    def test_unreadable(self, value, reason):
        with pytest.raises(DateError) as caught:
            parse_date(value)
        assert str(caught.value) == reason

    def test_from_filename(self):
        assert date_from_filename("2024-12-04-my-post.md") == datetime(2024, 12, 4, tzinfo=UTC)
        assert date_from_filename("2024-12-04-my-post-1.md") == datetime(2024, 12, 4, tzinfo=UTC)
        assert date_from_filename("my-post.md") is None
        assert date_from_filename("2024-13-40-x.md") is None


class TestText:
    def test_match_key_sees_through_pasted_characters(self):
        assert match_key("Aman ") == match_key("aman") == match_key("A\u200bman\u00a0")
        assert match_key("Backlink\u202fBot  Team") == "backlink bot team"

    def test_tidy_keeps_visible_text(self):
        assert tidy("  It\u2019s\u00a0fine\u200b ") == "It\u2019s fine"

    @pytest.mark.parametrize(
        ("text", "slug"),
        [
            ("Backlink Bot Team", "backlink-bot-team"),
            ("Café Crème", "cafe-creme"),
            ("C++", "c"),
            ("🚀", "u1f680"),
            ("", ""),
        ],
    )
    def test_slugify(self, text, slug):
        assert slugify(text) == slug


class TestSummary:
    def test_first_paragraph_skips_headings_images_and_lists(self):
        body = (
            "# Title\n\n![](/x.png)\n\n- a list\n\nThe **first** [real](x.md) paragraph\nwraps.\n"
        )
        assert first_paragraph(body) == "The first real paragraph wraps."

    def test_skips_code_fences(self):
        assert first_paragraph("```\ncode here\n\nmore\n```\n\nProse.") == "Prose."

    def test_shorten_cuts_at_a_word(self):
        text = "word " * 60
        short = shorten(text, 160)
        assert len(short) <= 160
        assert short.endswith("word…")

    def test_short_text_unchanged(self):
        assert derive_summary("Just this.") == "Just this."

    def test_nothing_to_say(self):
        assert derive_summary("## Only a heading\n") == ""


class TestDecode:
    def test_bom(self):
        text, findings = source.decode(b"\xef\xbb\xbf---\ntitle: x\n---\n")
        assert text.startswith("---")
        assert [(f.code, f.line) for f in findings] == [("bom", 1)]

    def test_crlf(self):
        text, findings = source.decode(b"a\r\nb\r\n")
        assert text == "a\nb\n"
        assert [f.message for f in findings] == ["the file has Windows (CRLF) line endings"]

    def test_mixed_line_endings(self):
        text, findings = source.decode(b"a\r\nb\nc\rd")
        assert text == "a\nb\nc\nd"
        assert [f.message for f in findings] == ["the file mixes line endings (CRLF, LF or CR)"]

    def test_not_utf8_names_line_and_column(self):
        text, findings = source.decode(b"line one\nline \xe9two\n")
        assert "line \ufffdtwo" in text
        assert [(f.code, f.line, f.message) for f in findings] == [
            ("encoding", 2, "the file is not valid UTF-8 (byte 0xE9 in column 6)")
        ]

    def test_nul_byte(self):
        text, findings = source.decode(b"a\nb\x00c")
        assert text == "a\nbc"
        assert [(f.code, f.line) for f in findings] == [("nul-byte", 2)]


class TestSplit:
    def test_front_matter_and_body_lines(self):
        parts = source.split("---\ntitle: x\n---\nBody\n")
        assert (parts.front_matter, parts.body, parts.body_line) == ("title: x", "Body\n", 4)

    def test_no_front_matter(self):
        parts = source.split("Just text\n")
        assert parts.front_matter is None and parts.body == "Just text\n"

    def test_unclosed(self):
        parts = source.split("---\ntitle: x\nBody\n")
        assert parts.front_matter is None
        assert [f.code for f in parts.findings] == ["front-matter-unclosed"]


class TestYaml:
    def test_lines_of_keys(self):
        front = yamlmeta.parse("title: x\ndate: 2024-01-01\ntags:\n  - a\n", 2)
        assert front.lines == {"title": 2, "date": 3, "tags": 4}
        assert front.raw["title"] == "x"

    def test_invalid_names_the_line(self):
        front = yamlmeta.parse("title: x\nsummary: a: b\n", 2)
        assert [(f.code, f.line) for f in front.findings] == [("yaml-invalid", 3)]
        assert front.findings[0].message == (
            "the front matter is not valid YAML (mapping values are not allowed in this context)"
        )

    def test_impossible_timestamp_stays_text(self):
        assert yamlmeta.parse("date: 2024-02-30\n", 2).data == {"date": "2024-02-30"}

    def test_alias_bomb_refused(self):
        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for n in "bcdefg":
            prev = chr(ord(n) - 1)
            bomb += f"{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        front = yamlmeta.parse(bomb, 2)
        assert front.data == {}
        assert [f.message for f in front.findings] == [
            "the front matter has more than 100000 values"
        ]

    def test_deep_nesting_refused(self):
        front = yamlmeta.parse("a: " + "[" * 200 + "]" * 200 + "\n", 2)
        assert [f.code for f in front.findings] == ["yaml-too-large"]

    def test_not_a_mapping(self):
        front = yamlmeta.parse("- a\n- b\n", 2)
        assert [f.code for f in front.findings] == ["front-matter-not-mapping"]


class TestLevels:
    def test_override(self):
        levels = Levels({"bom": "warn", "url-collision": "ignore"})
        assert levels["bom"] is Level.WARN
        assert levels["url-collision"] is Level.IGNORE
        assert levels["date-invalid"] is Level.ERROR

    def test_unknown_check(self):
        with pytest.raises(ValueError, match="unknown check 'nope'; known checks: "):
            Levels({"nope": "warn"})
