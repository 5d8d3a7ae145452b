"""FAQ sections: golden tests per style and bad input, and the nothing-is-lost property.

Golden files: `golden/faq/NAME.md` in, `golden/faq/NAME.out` expected (findings, then
the HTML Python-Markdown makes of the rewritten text). Regenerate after an intended
change with `MASTHEAD_REGEN_GOLDEN=1 make test` and review the diff.
"""

from __future__ import annotations

import difflib
import os
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import HTML_SOUP, outcome
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from masthead.core import faq, plainhtml
from masthead.core.jsonld import script_text

GOLDEN = Path(__file__).parent / "golden" / "faq"
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))


def transform(text: str) -> tuple[list[str], str]:
    lines = text.split("\n")
    section = faq.find_section(lines)
    findings: list[str] = []
    if section is not None:
        faq.parse_section(lines, section)
        findings = [f"{f.code} line {f.line + 1}: {f.message}" for f in section.findings]
        lines = faq.rewrite(lines, section)
    html = markdown.markdown("\n".join(lines), extensions=["md_in_html", "fenced_code"])
    return findings, html


@pytest.mark.parametrize("name", CASES)
def test_golden(name):
    findings, html = transform((GOLDEN / f"{name}.md").read_text(encoding="utf-8"))
    actual = "".join(f"{line}\n" for line in findings) + "---\n" + html + "\n"
    expected_path = GOLDEN / f"{name}.out"
    if os.environ.get("MASTHEAD_REGEN_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), "expected", "actual"
            )
        )
        pytest.fail(f"{name} differs from its golden file:\n{diff}")


def test_questions_read_back_as_reader_text():
    _, html = transform((GOLDEN / "1-numbered-list.md").read_text(encoding="utf-8"))
    found = faq.read_details(html)
    assert [(q.question, q.answer, q.anchor) for q in found] == [
        (
            "How fast will I see changes?",
            "Real talk: usually eight to twelve weeks.",
            "faq-how-fast-will-i-see-changes",
        ),
        ("Do directory links help?", "Not really, not any more.", "faq-do-directory-links-help"),
        (
            "What makes a good link?",
            "Relevance beats everything. See our guide.",
            "faq-what-makes-a-good-link",
        ),
        (
            "Can I buy links?",
            "Sure, if you enjoy penalties. they are easy to spot they rarely last",
            "faq-can-i-buy-links",
        ),
    ]


def test_anchors_are_unique():
    lines = ["## FAQ", "", "**Why?**", "", "One.", "", "**Why?**", "", "Two.", ""]
    section = faq.parse_section(lines, faq.find_section(lines))
    assert [i.anchor for i in section.items] == ["faq-why", "faq-why-2"]


def test_open_by_default_option():
    lines = ["## FAQ", "", "**Why?**", "", "Because.", ""]
    section = faq.parse_section(lines, faq.find_section(lines))
    assert (
        '<details class="question masthead-faq__item" id="faq-why" open markdown="1">'
        in faq.rewrite(lines, section, open_=True)
    )


def test_configured_headings():
    lines = ["## Questions & answers", "", "**Why?**", "", "Because.", ""]
    assert faq.find_section(lines) is None
    assert faq.find_section(lines, ("Questions & Answers",)) is not None


def test_structured_front_matter():
    items, why = faq.structured_items([{"question": "Why?", "answer": "Because.\n\nReally."}])
    assert why is None
    assert [(i.question, i.answer, i.anchor) for i in items] == [
        ("Why?", ["Because.", "", "Really."], "faq-why")
    ]
    assert faq.structured_items([{"question": "Why?"}])[1] == (
        "has an entry without both a `question:` and an `answer:` text"
    )
    assert faq.structured_items("nope")[1] == "is not a list of `question:` / `answer:` entries"


def test_json_cannot_close_the_script_tag():
    text = script_text({"name": "</script><script>alert(1)</script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert text == (
        '{"name":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script'
        '\\u003e \\u0026 \\u2028"}'
    )


# -- property: every line of a section ends up somewhere ----------------------------------
WORDS = st.sampled_from(
    [
        "links",
        "help",
        "Google",
        "fast",
        "why",
        "ok",
        "A:",
        "**bold**",
        "\u200b",
        "\u00a0",
        "’",
        "1.",
        "Q:",
        "?",
        "\\",
        "#",
        "-",
        ">",
    ]
)
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
QUESTION = st.one_of(
    TEXT.map(lambda t: f"1. **{t}?**"),
    TEXT.map(lambda t: f"**{t}?**"),
    TEXT.map(lambda t: f"**2. {t}?**{t}"),
    TEXT.map(lambda t: f"**{t}?**\\"),
    TEXT.map(lambda t: f"**Q: {t}?**"),
    TEXT.map(lambda t: f"### {t}?"),
    TEXT.map(lambda t: f"###### 3. **{t}?**"),
)
ANSWER_LINE = st.one_of(
    TEXT,
    TEXT.map(lambda t: "   " + t),
    TEXT.map(lambda t: "A: " + t),
    TEXT.map(lambda t: "- " + t),
    st.just(""),
)
CHUNK = st.tuples(QUESTION, st.lists(ANSWER_LINE, max_size=4)).map(lambda qa: [qa[0], *qa[1]])
SECTION = st.tuples(
    st.sampled_from(["## FAQ", "## **FAQs**", "### Frequently Asked Questions:", "# FAQ"]),
    st.lists(ANSWER_LINE, max_size=2),
    st.lists(CHUNK, max_size=5),
    st.lists(ANSWER_LINE, max_size=3),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SECTION)
def test_nothing_is_lost(parts):
    heading, intro, chunks, closing = parts
    lines = [heading, "", *intro, *[line for chunk in chunks for line in chunk], *closing]
    section = faq.find_section(lines)
    assert section is not None
    faq.parse_section(lines, section)
    covered = [i for item in section.items for i in item.lines] + section.kept
    nonblank = [i for i in range(section.start, section.end) if lines[i].strip()]
    assert sorted(i for i in covered if lines[i].strip()) == nonblank, (
        "each line is a question, an answer or kept, once"
    )
    out = faq.rewrite(lines, section)
    for i in section.kept:
        assert lines[i] in out
    markdown.markdown("\n".join(out), extensions=["md_in_html"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=12))
def test_any_text_is_read_without_error(lines):
    lines = ["## FAQ", *lines]
    section = faq.find_section(lines)
    faq.parse_section(lines, section)
    faq.rewrite(lines, section)


# -- reading HTML without Python's parser, the same as with it ---------------------------
class _Recorder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        self.events.append(("data", data))


@settings(max_examples=500, deadline=None)
@given(HTML_SOUP)
@example('<p class="a" hidden title="x &amp; y">A &lt; b</p><br/>')
@example("<!-- x -- >words<!-- y -->")
@example('<DETAILS Class="Question" OPEN>x</DETAILS>')
def test_plain_tokens_are_what_htmlparser_reports(html):
    found = plainhtml.tokens(html)
    if found is not None:
        recorder = _Recorder()
        recorder.feed(html)
        recorder.close()
        assert found == recorder.events  # text cut where the parser cuts it, too


@settings(max_examples=500, deadline=None)
@given(HTML_SOUP)
def test_read_details_is_the_same_with_or_without_htmlparser(html):
    html = '<details class="question masthead-faq__item" id="q"><summary>Q?</summary>' + html

    def with_htmlparser(only_class):
        reader = faq._DetailsReader(only_class)
        reader.feed(html)
        reader.close()
        return reader.found

    for only_class in ("masthead-faq__item", None):
        assert outcome(faq.read_details, html, only_class) == outcome(with_htmlparser, only_class)


def test_plain_tokens_leave_anything_else_to_htmlparser():
    assert plainhtml.tokens("<p>a</p>") == [("start", "p", []), ("data", "a"), ("end", "p")]
    for html in ("<script>x</script>", "a < b", "<a href='x'>", "<!DOCTYPE html>", "<!-- a -- >"):
        assert plainhtml.tokens(html) is None, html
