"""A new post in the CMS format the team writes, and the placeholders it leaves. Pure.

`masthead new` writes the file; the catalogue reports every placeholder still in a
post (`placeholder`, a warning), so a post cannot be published half-written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import yaml

from .problems import Finding
from .text import cut_slug, slugify

SUMMARY = "TODO: one or two sentences for the blog card, search results and feed readers."
INTRO = "TODO: the opening paragraph: what the reader will know after reading this post."
SECTION = "TODO: a section heading"
SECTION_TEXT = "TODO: the section's text."
QUESTIONS = (
    ("TODO: a first question readers ask?", "TODO: its answer, in two or three sentences."),
    ("TODO: a second question readers ask?", "TODO: its answer."),
    ("TODO: a third question readers ask?", "TODO: its answer."),
)
PLACEHOLDERS = (
    SUMMARY,
    INTRO,
    SECTION,
    SECTION_TEXT,
    *(text for pair in QUESTIONS for text in pair),
)
# Every placeholder starts so; a line without it needs no closer look (a fast path).
_MARK = "TODO: "


@dataclass(frozen=True)
class NewPost:
    """What `masthead new` writes into a new post's front matter."""

    title: str
    date: datetime
    authors: Sequence[str] = ()
    tags: Sequence[str] = ()
    thumbnail: str | None = None  # as the post writes it: `/images/blog/x.png`


def file_name(post: NewPost) -> str:
    """`YYYY-MM-DD-<slug>.md`, as the CMS names its files; the slug is cut as the build
    cuts a post's URL slug, so the name stays far under the 255 bytes a file name may have."""
    from .catalogue import MAX_SLUG  # catalogue imports this module

    slug = cut_slug(slugify(post.title), MAX_SLUG).strip("-")
    return f"{_ymd(post.date)}-{slug or 'post'}.md"


def _ymd(moment: datetime) -> str:
    # `%Y` is not zero-padded before the year 1000 on every platform.
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def _forbidden(char: str) -> bool:
    """A control character (NUL, BEL, ESC, DEL, C1, ...), a lone surrogate (a byte that
    was not UTF-8), or a non-character: what breaks feeds' XML and the file's UTF-8."""
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


def visible(text: str) -> str:
    """`text` with each forbidden character written as an escape (`\\x1b`), for a message."""
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}") if _forbidden(c) else c
        for c in text
    )


def refusal(post: NewPost, max_title: int) -> str | None:
    """Why `masthead new` must not write this post (`<what is wrong>; <how to fix>`), or
    None. The title is capped as the build caps it (`title-too-long`)."""
    fields = [("the title", post.title)]
    fields += [(f"the tag '{tag}'", tag) for tag in post.tags]
    fields += [(f"the author '{name}'", name) for name in post.authors]
    for label, text in fields:
        bad = next((c for c in text if _forbidden(c)), None)
        if bad is not None:
            kind = (
                "a control character"
                if unicodedata.category(bad) == "Cc"
                else "a character that is not text"
            )
            return f"{visible(label)} holds {kind} (U+{ord(bad):04X}); remove it"
    if len(post.title) > max_title:
        return (
            f"the title is {len(post.title):,} characters long, over the limit of "
            f"{max_title}; write a shorter title (under 70 characters reads best)"
        )
    if any(not tag for tag in post.tags):
        return "a --tag is empty; give each tag some text, or leave it out"
    if any(not name for name in post.authors):
        return "an --author is empty; give the author's name, or leave it out"
    return None


def _scalar(value: str) -> str:
    """One YAML scalar on one line, quoted only when YAML needs it."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def cms_date(moment: datetime) -> str:
    """The CMS's own form, `2024-12-04T08:04:02.728Z` (YAML reads it as a date)."""
    utc = moment.astimezone(UTC)
    return f"{_ymd(utc)}T{utc:%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def post_text(post: NewPost, keys: dict[str, str] | None = None) -> str:
    """The whole file: front matter in the CMS's key order, an opening paragraph, one
    section and an FAQ in the team's most common style (numbered, bold questions,
    answers indented under them). `keys` renames fields as the site's `fields:` do."""
    key = {
        name: (keys or {}).get(name, name)
        for name in ("title", "date", "thumbnail", "author", "summary", "tags")
    }
    lines = [
        "---",
        f"{key['title']}: {_scalar(post.title)}",
        f"{key['date']}: {cms_date(post.date)}",
    ]
    if post.thumbnail:
        lines.append(f"{key['thumbnail']}: {_scalar(post.thumbnail)}")
    if len(post.authors) == 1:
        lines.append(f"{key['author']}: {_scalar(post.authors[0])}")
    elif post.authors:
        lines += [f"{key['author']}:", *(f"  - {_scalar(a)}" for a in post.authors)]
    lines.append(f"{key['summary']}: {_scalar(SUMMARY)}")
    if post.tags:
        lines += [f"{key['tags']}:", *(f"  - {_scalar(t)}" for t in post.tags)]
    lines += ["---", INTRO, "", f"## {SECTION}", "", SECTION_TEXT, "", "## FAQ", ""]
    for number, (question, answer) in enumerate(QUESTIONS, 1):
        lines += [f"{number}. **{question}**", "", f"   {answer}"]
    return "\n".join(lines) + "\n"


def find_placeholders(text: str, first_line: int = 1) -> list[Finding]:
    """A `placeholder` finding for each line that still holds one of ours."""
    if _MARK not in text:
        return []
    findings = []
    for number, line in enumerate(text.splitlines(), first_line):
        if _MARK not in line:
            continue
        found = next((p for p in PLACEHOLDERS if p in line), None)
        if found is not None:
            findings.append(
                Finding(
                    "placeholder",
                    number,
                    f"this line still holds the placeholder '{found}' that `masthead new` wrote",
                    "replace it with your own text",
                )
            )
    return findings
