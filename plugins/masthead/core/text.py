"""Seeing through the invisible characters pasted text carries, making slugs, and finding
code spans (in time linear in the line)."""

from __future__ import annotations

import html
import re
import unicodedata

from .code import inline_code_spans

# Characters that take no room: zero-width space/joiners, word joiner, BOM, soft
# hyphen, Mongolian vowel separator.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# Every Unicode space separator (no-break, narrow no-break, figure, thin ...) and tab.
_SPACES_RE = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")


def strip_invisible(text: str) -> str:
    """Remove zero-width characters; keep everything a reader can see."""
    if text.isascii():  # most text: nothing invisible can be in it
        return text
    return _INVISIBLE_RE.sub("", text)


def tidy(text: str) -> str:
    """Text as a reader sees it on one line: invisible characters gone, spaces folded."""
    if text.isascii() and "  " not in text and "\t" not in text and "\n" not in text:
        return text.strip()
    return _SPACES_RE.sub(" ", strip_invisible(text)).strip()


def match_key(text: str) -> str:
    """A key to compare names, tags and headings: case, width and spacing ignored."""
    return tidy(unicodedata.normalize("NFKC", text)).casefold()


def slugify(text: str) -> str:
    """A readable ASCII slug: `Backlink Bot Team` -> `backlink-bot-team`.

    Accents fold to their base letter. Text with no letters or digits at all (only
    symbols or emoji) gets a slug made from its code points, so it is never empty.
    """
    folded = unicodedata.normalize("NFKD", tidy(text))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG_RE.sub("-", ascii_text).strip("-")
    if slug:
        return slug
    visible = tidy(text)
    return "u" + "-".join(f"{ord(ch):x}" for ch in visible) if visible else ""


def cut_slug(slug: str, limit: int) -> str:
    """A slug of at most `limit` characters, cut at a `-` where one is near the end
    (a file name on disk must stay short)."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    return cut[: cut.rfind("-")] if "-" in cut[limit // 2 :] else cut


def code_spans(line: str) -> list[tuple[int, int]]:
    """Where the code spans of one line are, as (start, end) offsets, found as
    Python-Markdown finds them (core/code.py, in time linear in the line)."""
    return inline_code_spans(line)


def blank_code_spans(line: str, fill: str = " ") -> str:
    """`line` with each code span replaced by `fill` repeated to its length (so
    offsets stay put), or removed when `fill` is empty."""
    if "`" not in line:
        return line
    parts, at = [], 0
    for start, end in code_spans(line):
        parts += [line[at:start], fill * (end - start)]
        at = end
    return "".join(parts) + line[at:] if parts else line


# An `&` that starts a character reference (`&lt;`, `&#60;`): Material's `striptags`
# would turn it into markup. A lone `&` (`R&D`) stays, so slugs made from it do not
# change. The look-ahead runs over one word at most before the next `&`: linear.
_ENTITY_AMP_RE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def html_text(text: str) -> str:
    """Text for a slot Material prints as HTML. `</` also gets a zero-width space: its
    `<title>` runs titles through `striptags`, which turns `&lt;` back into `<`, and a
    `</title>` there would end the element early; for the same reason an `&` that
    starts a reference is escaped."""
    text = _ENTITY_AMP_RE.sub("&amp;", text) if "&" in text else text
    return text.replace("</", "<\u200b/").replace("<", "&lt;").replace(">", "&gt;")


# The characters that make Markdown more than text where Material renders a name as
# Markdown: links and images (`[`, `]`), attribute lists (`{`, `}`), code and escapes
# (`` ` ``, `\\`). As numeric references they are the same text in HTML, inert in Markdown;
# other characters stay, so slugs made from the text do not change.
_MARKDOWN_REFS = str.maketrans({ch: f"&#{ord(ch)};" for ch in "\\`[]{}"})


def markdown_inert(text: str) -> str:
    """HTML-safe text with Markdown's link, attribute-list and code characters as numeric
    references: the same text in HTML, plain text where Material renders it as Markdown."""
    return text.translate(_MARKDOWN_REFS)


def markup_text(text: str, *, attribute: bool = False) -> str:
    """Text for a slot Material prints as HTML *and* writes into Markdown it renders
    (`# {name}` heads an author's and a category's page): `html_text`, with Markdown's
    link, attribute-list and code characters as numeric references, so
    `[x](javascript:...)` stays text. `attribute`: also printed inside `alt="..."`, so
    quotes and `&` are escaped too."""
    escaped = html.escape(text.replace("</", "<\u200b/")) if attribute else html_text(text)
    return escaped.translate(_MARKDOWN_REFS)
