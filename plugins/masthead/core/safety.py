"""Raw HTML in posts: what could run code is reported with its line and removed.

A post may carry raw HTML (Markdown allows it). Posts arrive through pull requests,
so the HTML a post's page shows is sanitized with nh3 (the Rust `ammonia` sanitizer):
Markdown's own output and Material's extensions survive; scripts, event handlers,
`javascript:` URLs, frames, forms and styles do not.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import nh3

from .problems import Finding
from .text import blank_code_spans

_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_UNSAFE_RE = re.compile(
    r"<\s*(?P<tag>script|iframe|object|embed|style|form|base|meta|link|frame|frameset)\b"
    r"|[\s/\"'](?P<handler>on[a-z]+)\s*=|(?P<scheme>(?:java|vb)script\s*:)",
    re.I,
)

TAGS = set(nh3.ALLOWED_TAGS) | {
    "details",
    "summary",
    "figure",
    "figcaption",
    "picture",
    "source",
    "input",
    "label",
    "svg",
    "path",
    "g",
    "circle",
    "rect",
    "time",
    "mark",
    "section",
    "nav",
    "header",
    "footer",
    "article",
    "aside",
    "caption",
    "col",
    "colgroup",
    "del",
    "ins",
    "sup",
    "sub",
    "span",
    "div",
    "hr",
    "br",
    "img",
    "kbd",
    "samp",
    "var",
    "small",
    "dl",
    "dt",
    "dd",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "name", "tabindex"},
    "a": {"href", "rel", "target"},
    "img": {
        "src",
        "alt",
        "width",
        "height",
        "loading",
        "decoding",
        "srcset",
        "sizes",
        "fetchpriority",
    },
    "source": {"src", "srcset", "type", "media", "sizes"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "details": {"open"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "style", "scope"},
    "col": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "svg": {"viewbox", "xmlns", "width", "height", "fill", "focusable"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
    "circle": {"cx", "cy", "r", "fill"},
    "rect": {"x", "y", "width", "height", "rx", "fill"},
}


# Built once: handing these sets to `nh3.clean` on every call cost more than the
# cleaning itself (two thirds of the time for a post's HTML).
_OPTIONS = {
    "tags": TAGS,
    "clean_content_tags": {"script", "style"},
    "attributes": ATTRIBUTES,
    "generic_attribute_prefixes": {"data-", "aria-"},
    "url_schemes": {"http", "https", "mailto", "tel"},
    "filter_style_properties": {"text-align"},
    "link_rel": None,
    "strip_comments": True,
}
_CLEANER = nh3.Cleaner(**_OPTIONS)


# The ids Material's templates give its own elements (`templates/**/*.html`); its
# script reads `#__config` as the page's configuration. `__tabbed_1_1` and the like
# are the extensions' own, in the post's HTML: they stay.
THEME_IDS = (
    "__analytics",
    "__config",
    "__consent",
    "__drawer",
    "__palette",
    "__search",
    "__settings",
    "__toc",
)


def _theme_names_out(tag: str, attribute: str, value: str) -> str | None:
    """A post may not give an element one of Material's own ids (or names)."""
    if attribute in ("id", "name", "for") and value.startswith(THEME_IDS):
        return None
    return value


# The same, with the filter above: used only for HTML that holds `__` at all, since a
# Python call for every attribute would cost more than the cleaning itself.
_CLEANER_FILTERED = nh3.Cleaner(**_OPTIONS, attribute_filter=_theme_names_out)


def sanitize(html: str) -> str:
    """The HTML a reader gets: everything that could run code taken out."""
    return (_CLEANER_FILTERED if "__" in html else _CLEANER).clean(html)


def prose_lines(markdown: str, wanted: Callable[[str], bool]) -> Iterator[tuple[int, str]]:
    """(0-based index, text) of the lines outside fenced code for which `wanted` is
    true, with their code spans taken out."""
    inside = ""
    for index, line in enumerate(markdown.split("\n")):
        fence = _FENCE_RE.match(line)
        if fence and (not inside or fence.group(1)[0] == inside):
            inside = "" if inside else fence.group(1)[0]
            continue
        if inside or not wanted(line):
            continue
        yield index, blank_code_spans(line, "")


# For a page of the site that is not a post: it is not sanitized (a site's own pages may
# embed what they like), so a pull request that adds script there must be read.
PAGE_FIX = (
    "remove it, or check that it is the site's own: pages outside the blog are published as written"
)


def unsafe_html(markdown: str, *, removed: bool = True) -> list[Finding]:
    """Raw HTML that could run code, with 0-based line numbers; code is skipped."""
    findings: list[Finding] = []
    for index, text in prose_lines(markdown, lambda line: "<" in line or ":" in line):
        if "&" in text or "\t" in text:  # `jav&#x61;script:`, `java<TAB>script:`
            text = html.unescape(text).replace("\t", "")
        match = _UNSAFE_RE.search(text)
        if not match:
            continue
        what = (
            f"<{match.group('tag').lower()}>"
            if match.group("tag")
            else f"{match.group('handler').lower()}="
            if match.group("handler")
            else match.group("scheme").lower().replace(" ", "")
        )
        findings.append(
            Finding(
                "html-unsafe",
                index,
                f"raw HTML `{what}` could run code on the site"
                + ("; it is removed from the page" if removed else ""),
                "remove it from the post (embed media with Markdown or ask a maintainer)",
            )
        )
    return findings


# Where a Markdown or HTML link holds a URL: `](url`, `]: url`, `href=` / `src=`. One
# alternation of fixed prefixes, then one character class: linear.
_URL_RE = re.compile(r"""(?:\]\(\s?<?|\]:[ \t]?<?|(?:href|src)\s?=\s?["']?)([^\s"'<>()]+)""", re.I)


def unreadable_urls(markdown: str) -> list[Finding]:
    """Links whose URL Python cannot split (`https://host]/x`): MkDocs stops the whole
    build on such a link ("Invalid IPv6 URL"), so the post is refused instead, at the
    line. 0-based lines, as `unsafe_html`."""
    findings: list[Finding] = []
    if "[" not in markdown and "]" not in markdown:
        return findings
    for index, line in prose_lines(markdown, lambda line: "[" in line or "]" in line):
        for match in _URL_RE.finditer(line):
            url = match.group(1)
            if "[" not in url and "]" not in url:
                continue
            try:
                urlsplit(url)
            except ValueError as error:
                findings.append(
                    Finding(
                        "link-invalid",
                        index,
                        f"the link `{url[:80]}` is not an address a browser can read "
                        f"({error}); MkDocs would stop the whole build on it",
                        "correct the address (a stray `[` or `]` in it)",
                    )
                )
    return findings
