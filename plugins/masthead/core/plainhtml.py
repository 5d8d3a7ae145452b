"""HTML in the plain form Python-Markdown writes, read without Python's HTML parser.

`html.parser.HTMLParser` calls back for every tag and piece of text through several
layers of Python; for the HTML of a post (plain tags, double-quoted attributes,
comments) a regular expression finds the same tags several times faster. Anything
else (a `<` that is not such a tag, single-quoted attributes, `<script>`, a doctype)
makes `tokens` answer None, and the caller uses `HTMLParser` as before. Pure: no
MkDocs imports.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Literal

# A start or end tag (a name; attributes with double-quoted values or none) or a
# comment without `--` inside (Python 3.11 ends a comment at `--` and `>`).
TAG_RE = re.compile(
    r"<(?P<end>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)"
    r'(?P<attrs>(?:\s+[^\s"\'<>/=]+(?:\s*=\s*"[^"<>]*")?)*)\s*(?P<close>/?)>'
    r"|<!--(?:[^-]|-(?!-))*-->"
)
_ATTR_RE = re.compile(r'([^\s"\'<>/=]+)(?:\s*=\s*"([^"<>]*)")?')
# Python's parser reads the text of some of these raw (and versions differ on which);
# pages with any of them are left to it.
RAW_TEXT = frozenset(
    [
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
    ]
)

Attrs = list[tuple[str, str | None]]  # (name, value), None for a bare attribute
Token = (
    tuple[Literal["start"], str, Attrs] | tuple[Literal["end"], str] | tuple[Literal["data"], str]
)


def tokens(html: str) -> list[Token] | None:
    """What `HTMLParser(convert_charrefs=True)` reports for `html`, in order: start
    tags with their attributes (names lower-case, values unescaped, None for a bare
    attribute), end tags (a self-closing tag gives both), and text. None when `html`
    holds anything but plain tags, comments and text."""
    found: list[Token] = []
    at = 0
    for match in TAG_RE.finditer(html):
        between = html[at : match.start()]
        if "<" in between:
            return None
        if between:
            found.append(("data", unescape(between)))
        at = match.end()
        tag = match.group("tag")
        if tag is None:
            continue  # a comment
        tag = tag.lower()
        if tag in RAW_TEXT:
            return None
        if match.group("end"):
            found.append(("end", tag))
            continue
        attrs = [
            (a.group(1).lower(), None if a.group(2) is None else unescape(a.group(2)))
            for a in _ATTR_RE.finditer(match.group("attrs"))
        ]
        found.append(("start", tag, attrs))
        if match.group("close"):
            found.append(("end", tag))
    rest = html[at:]
    if "<" in rest:
        return None
    if rest:
        found.append(("data", unescape(rest)))
    return found


def replay(found: list[Token], handler: HTMLParser) -> None:
    """Make the calls `HTMLParser` would make on `handler` (an `HTMLParser` subclass)
    for the tokens `found`."""
    for token in found:
        if token[0] == "data":
            handler.handle_data(token[1])
        elif token[0] == "start":
            handler.handle_starttag(token[1], token[2])
        else:
            handler.handle_endtag(token[1])
