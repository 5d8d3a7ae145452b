"""A plain-text summary made from a post's first paragraph, for posts without one."""

from __future__ import annotations

import html
import re

from .text import tidy

LIMIT = 160

_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_SKIP_BLOCK_RE = re.compile(
    r"""^\s*(?:\#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\||<|!\[|\[\^|={3,}|-{3,}|\*{3,}|_{3,}|!!!|\?\?\?)""",
    re.VERBOSE,
)
_INLINE = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"\\\n"), " "),  # backslash hard breaks
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
]


def first_paragraph(markdown: str) -> str:
    """The text of the first paragraph that is prose (not a heading, list, image, ...)."""
    in_fence = False
    block: list[str] = []
    for line in [*markdown.split("\n"), ""]:
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            block = []
            continue
        if in_fence:
            continue
        if line.strip():
            block.append(line)
            continue
        if block and not _SKIP_BLOCK_RE.match(block[0]):
            text = "\n".join(block)
            for pattern, repl in _INLINE:
                text = pattern.sub(repl, text)
            text = tidy(html.unescape(text))
            if text:
                return text
        block = []
    return ""


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
    return shorten(first_paragraph(markdown), limit)
