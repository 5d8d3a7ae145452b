"""A plain-text summary made from a post's first paragraph, for posts without one."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from .code import prose
from .text import tidy

LIMIT = 160

_SKIP_BLOCK_RE = re.compile(
    r"""^\s*(?:\#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\||<|!\[|\[\^|={3,}|-{3,}|\*{3,}|_{3,}|!!!|\?\?\?)""",
    re.VERBOSE,
)
_SETEXT_RE = re.compile(r"[ ]{0,3}(?:=+|-+)[ \t]*$")
# Each pattern runs in time linear in the paragraph (tests/test_bounded.py times them on
# hostile text). A search tries each position in turn, so no part may run on past the
# place where the next attempt would start: link and image parts stop at any `[`, a tag
# at any `<`, and emphasis at the next marker of its kind (`.+?` up to a closing marker
# would scan to the end of the paragraph again from every unclosed `_`).
_INLINE: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"!\[[^\[\]]*\]\([^)\[\]]*\)"), ""),  # images
    (re.compile(r"!\[[^\[\]]*\]\[[^\[\]]*\]"), ""),
    (re.compile(r"\[([^\[\]]*)\]\([^)\[\]]*\)"), r"\1"),  # links keep their text
    (re.compile(r"\[([^\[\]]*)\]\[[^\[\]]*\]"), r"\1"),
    (re.compile(r"<[^<>]+>"), ""),  # inline HTML tags
    (  # emphasis, strong, strike-through and code keep their text
        re.compile(
            r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*"
            r"|__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__"
            r"|\*(?=\S)([^*]+?)(?<=\S)\*"
            r"|_(?=\S)([^_]+?)(?<=\S)_"
            r"|~~(?=\S)((?:[^~]|~(?!~))+?)(?<=\S)~~"
            r"|`(?=\S)([^`]+?)(?<=\S)`"
        ),
        lambda match: match[match.lastindex or 0],  # the group of the alternative that matched
    ),
    (re.compile(r"\\\n"), " "),  # backslash hard breaks
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
]


def _paragraphs(markdown: str) -> Iterator[tuple[int, str]]:
    """(the line just after it, its text) of each paragraph that is prose (not a
    heading, list, image, code, ...), in order. Code blocks and HTML comments are read
    as Python-Markdown reads them (core/code.py): blanked, they end the block they are
    in."""
    block: list[str] = []
    for number, line in enumerate([*prose(markdown, spans=False).split("\n"), ""]):
        if line.strip():
            block.append(line)
            continue
        while len(block) > 1 and _SETEXT_RE.match(block[1]):
            block = block[2:]  # `Title` over `=====`: a heading, not the first paragraph
        if block and not _SKIP_BLOCK_RE.match(block[0]):
            text = "\n".join(block)
            for pattern, repl in _INLINE:
                text = pattern.sub(repl, text)
            text = tidy(html.unescape(text))
            if text:
                yield number, text
        block = []


def first_paragraph(markdown: str) -> str:
    """The text of the first paragraph that is prose (not a heading, list, image, code,
    ...)."""
    return next((text for _end, text in _paragraphs(markdown)), "")


def first_paragraph_end(markdown: str) -> int | None:
    """The number (from 0) of the line just after the first prose paragraph, the one
    `first_paragraph` reads; None when there is none."""
    return next((end for end, _text in _paragraphs(markdown)), None)


def shorten(text: str, limit: int = LIMIT) -> str:
    """Cut at the last word boundary before `limit` characters, with an ellipsis."""
    text = tidy(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def derive_summary(markdown: str, limit: int = LIMIT) -> str:
    """A post's first paragraph as plain text, shortened to `limit` characters."""
    return shorten(first_paragraph(markdown), limit)
