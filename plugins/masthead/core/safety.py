"""Raw HTML in posts: what could run code is reported with its line and removed.

A post may carry raw HTML (Markdown allows it). Posts arrive through pull requests,
so the HTML a post's page shows is sanitized with nh3 (the Rust `ammonia` sanitizer):
Markdown's own output and Material's extensions survive; scripts, event handlers,
`javascript:` URLs, frames, forms and styles do not.
"""

from __future__ import annotations

import re

import nh3

from .problems import Finding

_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_UNSAFE_RE = re.compile(
    r"<\s*(?P<tag>script|iframe|object|embed|style|form|base|meta|link|frame|frameset)\b"
    r"|\s(?P<handler>on[a-z]+)\s*=|(?P<scheme>(?:java|vb)script\s*:)",
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
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    generic_attribute_prefixes={"data-", "aria-"},
    url_schemes={"http", "https", "mailto", "tel"},
    filter_style_properties={"text-align"},
    link_rel=None,
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """The HTML a reader gets: everything that could run code taken out."""
    return _CLEANER.clean(html)


def unsafe_html(markdown: str, *, removed: bool = True) -> list[Finding]:
    """Raw HTML that could run code, with 0-based line numbers; code is skipped."""
    findings: list[Finding] = []
    inside = ""
    for index, line in enumerate(markdown.split("\n")):
        fence = _FENCE_RE.match(line)
        if fence and (not inside or fence.group(1)[0] == inside):
            inside = "" if inside else fence.group(1)[0]
            continue
        if inside or ("<" not in line and ":" not in line):
            continue
        text = _CODE_SPAN_RE.sub("", line) if "`" in line else line
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
