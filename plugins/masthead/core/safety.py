"""Raw HTML in posts: whatever the page will not show is reported with its line and removed.

A post may carry raw HTML (Markdown allows it). Posts arrive through pull requests,
so the HTML a post's page shows is sanitized with nh3 (the Rust `ammonia` sanitizer):
Markdown's own output, Material's extensions, pictures, video and audio with sources
on the site or on https survive; scripts, event handlers, `javascript:` URLs, forms
and styles do not. Iframes of known providers become a link that loads them on click
(core/embeds.py).

Nothing is removed without a message. `unsafe_html` reads the post's Markdown with
the same allow-lists nh3 is given (`TAGS`, `ATTRIBUTES`, the URL rules) and names
every element, attribute and address the page will lose, at its line, in `masthead
check` and the build alike. The build also compares the HTML before and after nh3
(`clean`): a removal that reading missed is reported all the same (`unforeseen`).
"""

from __future__ import annotations

import html
import ipaddress
import re
import secrets
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import parser as html_parser
from html.parser import HTMLParser
from itertools import accumulate
from typing import TypedDict
from urllib.parse import unquote, urlsplit

import nh3

from . import embeds as embeds_
from .code import prose
from .embeds import EmbedPolicy
from .plainhtml import tokens as plain_tokens
from .problems import Finding

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
    "video",
    "audio",
    "track",
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
# `autoplay` stays: browsers start only muted media by themselves, which is what a
# post's looping clip in place of a GIF is (`autoplay loop muted playsinline`).
_MEDIA = {"src", "controls", "preload", "muted", "loop", "autoplay"}
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
        "align",  # Material's image alignment: `![x](y.png){ align=left }`
    },
    "video": _MEDIA | {"width", "height", "poster", "playsinline"},
    "audio": _MEDIA,
    "source": {"src", "srcset", "type", "media", "sizes", "width", "height"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "details": {"open"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "style", "scope"},
    "col": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    # `viewBox` as the HTML parser writes it in an SVG (Material's icons have one).
    "svg": {"viewBox", "viewbox", "xmlns", "width", "height", "fill", "focusable"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
    "circle": {"cx", "cy", "r", "fill"},
    "rect": {"x", "y", "width", "height", "rx", "fill"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Video, audio and their sources load from the site or over https only (an http file
# on an https page is blocked by browsers anyway).
MEDIA_TAGS = frozenset({"video", "audio", "source", "track"})
# Elements whose whole text is removed with them.
CONTENT_REMOVED = frozenset({"script", "style"})


# Built once: handing these sets to `nh3.clean` on every call cost more than the
# cleaning itself (two thirds of the time for a post's HTML).
class _CleanerOptions(TypedDict):
    """The options both cleaners are made with (`nh3.Cleaner`'s keyword arguments)."""

    tags: set[str]
    clean_content_tags: set[str]
    attributes: dict[str, set[str]]
    generic_attribute_prefixes: set[str]
    url_schemes: set[str]
    filter_style_properties: set[str]
    link_rel: str | None
    strip_comments: bool


_OPTIONS: _CleanerOptions = {
    "tags": TAGS,
    "clean_content_tags": set(CONTENT_REMOVED),
    "attributes": ATTRIBUTES,
    "generic_attribute_prefixes": {"data-", "aria-"},
    "url_schemes": URL_SCHEMES,
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


# -- addresses -----------------------------------------------------------------------------
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_C0_SPACE = "".join(map(chr, range(33)))
# What a host may not hold (the URL standard's forbidden domain code points, ASCII).
_FORBIDDEN_HOST = frozenset("\x00\t\n\r #/:<>?@[\\]^|%\x7f") | frozenset(map(chr, range(32)))
_AUTHORITY_END_RE = re.compile(r"[/\\?#]")


def url_scheme(value: str) -> str | None:
    """The scheme a browser and nh3 read in an address, lower-case: None for a
    relative address (`/x`, `x.png`, `//host/x`), "" for one they cannot read (an
    http(s) address without a usable host), which nh3 removes."""
    url = value.strip(_C0_SPACE)
    if "\t" in url or "\n" in url or "\r" in url:
        url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME_RE.match(url)
    if not match:
        return None
    scheme = match.group(1).lower()
    if scheme in ("http", "https") and not _host_readable(url[match.end() :]):
        return ""
    return scheme


def _host_readable(rest: str) -> bool:
    authority = _AUTHORITY_END_RE.split(rest.lstrip("/\\"), maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    port = ""
    if host.startswith("["):
        end = host.find("]")
        try:
            ipaddress.IPv6Address(host[1:end] if end > 0 else "x")
        except ValueError:
            return False
        host, port = "v6", host[end + 1 :]
        if port and not port.startswith(":"):
            return False
        port = port[1:]
    elif ":" in host:
        host, _, port = host.partition(":")
    if port and not (port.isascii() and port.isdigit() and int(port) <= 65535):
        return False
    host = unquote(host)
    return bool(host) and not any(c in _FORBIDDEN_HOST for c in host)


def url_kept(tag: str, attribute: str, value: str) -> bool:
    """Whether the page keeps this address: nh3's rule for `href`, `src` and a
    video's `poster` (a scheme of `URL_SCHEMES`, or relative), and ours for media and
    `srcset` (no `data:` or other schemes there either)."""
    media = tag in MEDIA_TAGS
    if attribute == "srcset":
        return all(_kept(candidate, media) for candidate in _srcset_urls(value))
    return _kept(value, media)


def _kept(url: str, media: bool) -> bool:
    scheme = url_scheme(url)
    if scheme is None:
        return True
    return scheme == "https" if media else scheme in URL_SCHEMES


def _srcset_urls(value: str) -> list[str]:
    """The address of each candidate of a `srcset` (a browser starts one after the
    start or a comma; an address holding a comma is cut there, which only errs on the
    side of checking more), and each candidate with its spaces taken out
    (`java<TAB>script:` is no address to a browser, and no address to keep either)."""
    parts = [part for part in value.split(",") if part.strip()]
    return [p.split()[0] for p in parts] + ["".join(p.split()) for p in parts]


def is_url_attribute(tag: str, attribute: str) -> bool:
    """The attributes whose address nh3 or our filter checks."""
    return attribute in ("href", "src", "srcset") or (tag == "video" and attribute == "poster")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """What nh3's options cannot say: a post may not give an element one of Material's
    own ids (or names); media load from the site or https; `srcset` holds no `data:`."""
    if attribute in ("id", "name", "for") and value.startswith(THEME_IDS):
        return None
    ours = attribute == "srcset" or (tag in MEDIA_TAGS and is_url_attribute(tag, attribute))
    if ours and not url_kept(tag, attribute, value):
        return None
    return value


# The same, with the filter above: used only for HTML that needs it, since a Python
# call for every attribute would cost more than the cleaning itself.
_CLEANER_FILTERED = nh3.Cleaner(**_OPTIONS, attribute_filter=_filter)
# What calls for the filter (in the lower-case HTML): a substring test each is faster
# than one case-blind pattern.
_FILTER_NEEDED = ("srcset", "poster", "<video", "<audio", "<source", "<track")


def sanitize(html: str, embeds: EmbedPolicy = embeds_.DEFAULT) -> str:
    """The HTML a reader gets: everything that could run code taken out."""
    return clean(html, embeds)[0]


# -- the build: cleaning, and what it removed ------------------------------------------------
# Elements whose text HTML reads as text (Python's parser reads only script and style
# so); an iframe's text is never shown.
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "noembed", "noframes", "noscript", "plaintext"}
)


@dataclass
class _Tag:
    kind: str  # "start" | "end"
    name: str  # lower-case, as Python's parser gives it
    attrs: list[tuple[str, str | None]]
    line: int  # 1-based, as HTMLParser.getpos()
    col: int
    text: str  # the start tag as written
    closed: bool  # written `<x/>`


class _Walker(HTMLParser):
    """Every tag of an HTML text with its position, reading the text of raw-text
    elements as text (as browsers and nh3 do; Python's parser does so only for script
    and style). An iframe's text is skipped (nothing shows it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[_Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        line, col = self.getpos()
        self.tags.append(
            _Tag("start", tag, attrs, line, col, self.get_starttag_text() or "", closed)
        )
        # `<textarea/>` opens one all the same; `<iframe/>` is read as closed (a
        # page of JSX-like HTML would otherwise lose the rest of the post to it).
        if tag in _RAW_TEXT or (tag == "iframe" and not closed):
            self.set_cdata_mode(tag)

    def handle_endtag(self, tag: str) -> None:
        line, col = self.getpos()
        self.tags.append(_Tag("end", tag, [], line, col, "", False))


def _walk(text: str) -> list[_Tag] | None:
    walker = _Walker()
    try:
        walker.feed(text)
        walker.close()
    except (AssertionError, ValueError, IndexError):  # `<![0`: Python's parser gives up
        return None
    return walker.tags


# What cleaning removed: `("element", tag)` and `("attribute", name)`, each with a count.
Removed = Counter[tuple[str, str]]


def _inventory(markup: str) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """How many of each element, and of each (element, attribute), `markup` holds."""
    elements: Counter[str] = Counter()
    attributes: Counter[tuple[str, str]] = Counter()
    plain = plain_tokens(markup)
    if plain is not None:
        starts = [(t[1], t[2]) for t in plain if t[0] == "start"]
    else:
        walked = _walk(_parseable(markup)) or []
        starts = [(t.name, t.attrs) for t in walked if t.kind == "start"]
    for tag, attrs in starts:
        tag = "img" if tag == "image" else tag  # HTML reads `<image>` as `<img>`
        elements[tag] += 1
        for name, _ in attrs:
            attributes[tag, name] += 1
    return elements, attributes


# A start tag as Python-Markdown and nh3 write them: a name, then attributes with
# double-quoted values (no `<`, `>` or `"` inside). Linear, as plainhtml.TAG_RE.
_CANONICAL_RE = re.compile(r'<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"\'<>/=]+="[^"<>]*")*)\s*/?>')
_START_RE = re.compile(r"<[a-zA-Z]")


def _tally(markup: str) -> tuple[Counter[str], int] | None:
    """Elements by name and the number of attributes, when every start tag of
    `markup` (lower-case) is written as `_CANONICAL_RE` reads it (else None)."""
    found = _CANONICAL_RE.findall(markup)
    if len(found) != len(_START_RE.findall(markup)):
        return None
    if not found:
        return Counter(), 0
    names, attributes = zip(*found, strict=True)
    return Counter(names), "".join(attributes).count('="')


def _lost(before: str, after: str) -> Removed:
    """Elements (`("element", tag)`) and attributes (`("attribute", name)`) of `before`
    missing from `after`; an attribute counts only where its element stayed."""
    quick_in, quick_out = _tally(before.lower()), _tally(after.lower())
    if quick_in and quick_out:
        # nh3 adds no attribute, and the HTML parser adds no element but `<tbody>`:
        # the same elements and as many attributes mean nothing was lost (most pages).
        (in_names, in_count), (out_names, out_count) = quick_in, quick_out
        if (
            in_count == out_count
            and not in_names - out_names
            and set(out_names - in_names) <= {"tbody"}
        ):
            return Counter()
    in_elements, in_attributes = _inventory(before)
    out_elements, out_attributes = _inventory(after)
    lost: Removed = Counter()
    for tag, count in in_elements.items():
        if count > out_elements[tag]:
            lost["element", tag] += count - out_elements[tag]
    for (tag, name), count in in_attributes.items():
        if name == "markdown" or ("element", tag) in lost:
            continue  # `markdown` is md_in_html's, not the page's
        if count > out_attributes[tag, name]:
            lost["attribute", name] += count - out_attributes[tag, name]
    return lost


# A `data-masthead-*` attribute a post wrote itself: embeds.js reads only ours. In
# nh3's output attribute names are lower-case and values double-quoted.
_FORGED_RE = re.compile(r'\sdata-masthead-[a-z-]*="[^"]*"')


def clean(markup: str, embeds: EmbedPolicy = embeds_.DEFAULT) -> tuple[str, Removed]:
    """The HTML a reader gets, and what it lost (as `_lost` counts it).

    Iframes are taken out first (`_rewrite`): those of known providers leave a marker,
    a quoted word with a random part, that becomes their box or frame once nh3 has
    cleaned the rest. In nh3's output a `"` is written as `&quot;` inside attribute
    values, so a marker found with its quotes is text, never inside an attribute."""
    lost: Removed = Counter()
    placed: dict[str, str] = {}
    lower = markup.lower()
    if "<iframe" in lower or "<video" in lower or "<audio" in lower:
        markup, placed = _rewrite(markup, embeds, lost)
    needed = "__" in markup or any(word in lower for word in _FILTER_NEEDED)
    cleaner = _CLEANER_FILTERED if needed else _CLEANER
    out = cleaner.clean(markup)
    lost.update(_lost(markup, out))
    if "data-masthead-" in out:
        out = _FORGED_RE.sub("", out)
    for marker, replacement in placed.items():
        if marker in out:
            out = out.replace(marker, replacement, 1)
        else:
            lost["element", "iframe"] += 1
    return out, lost


def _rewrite(markup: str, embeds: EmbedPolicy, lost: Removed) -> tuple[str, dict[str, str]]:
    """Iframes out (a marker in place of each one kept), `<video/>` and `<audio/>`
    closed (HTML would put the rest of the post inside them, where nothing shows)."""
    tags = _walk(_parseable(markup))
    if tags is None:
        return markup, {}
    starts = [0]
    for line in markup.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    nonce = secrets.token_hex(8)
    placed: dict[str, str] = {}
    parts: list[str] = []
    at = 0
    for index, tag in enumerate(tags):
        if tag.kind != "start" or tag.name not in ("iframe", "video", "audio"):
            continue
        begin = starts[tag.line - 1] + tag.col
        end = begin + len(tag.text)
        if begin < at:
            continue
        if tag.name != "iframe":
            if tag.closed:
                parts += [markup[at:begin], tag.text[:-2].rstrip() + f"></{tag.name}>"]
                at = end
            continue
        following = tags[index + 1] if index + 1 < len(tags) else None
        if not tag.closed and following and following.kind == "end":
            close = starts[following.line - 1] + following.col
            end = max(end, markup.find(">", close) + 1)
        parts.append(markup[at:begin])
        at = end
        kept = _embed_html(tag, embeds)
        if kept is None:
            lost["element", "iframe"] += 1
            continue
        marker = f'"masthead-embed-{nonce}-{len(placed)}"'
        placed[marker] = kept
        parts.append(marker)
    parts.append(markup[at:])
    return "".join(parts), placed


def _embed_html(tag: _Tag, embeds: EmbedPolicy) -> str | None:
    """An iframe's box (`click`) or frame (`frame`), or None when it is removed."""
    if embeds.mode == "off":
        return None
    attrs = dict(reversed(tag.attrs))  # the first of a repeated attribute wins
    found = embeds_.resolve(attrs.get("src") or attrs.get("data-src") or "", embeds)
    if isinstance(found, str):
        return None
    title = embeds_.title_of(found, attrs.get("title"))
    make = embeds_.placeholder_html if embeds.mode == "click" else embeds_.frame_html
    return make(found, title, attrs.get("width"), attrs.get("height"))


def prose_lines(markdown: str, wanted: Callable[[str], bool]) -> Iterator[tuple[int, str]]:
    """(0-based index, text) of the lines for which `wanted` is true, with everything
    Python-Markdown renders as code, and HTML comments, blanked (core/code.py)."""
    for index, line in enumerate(prose(markdown).split("\n")):
        if wanted(line):
            yield index, line


# For a page of the site that is not a post: it is not sanitized (a site's own pages may
# embed what they like), so a pull request that adds script there must be read.
PAGE_FIX = (
    "remove it, or check that it is the site's own: pages outside the blog are published as written"
)
UNSAFE_FIX = "remove it from the post (embed media with Markdown or ask a maintainer)"

# Elements the page loses that are named as code (the rest are simply "not kept").
# fmt: off
RUNS_CODE = frozenset({
    "script", "iframe", "object", "embed", "style", "form", "base", "meta", "link",
    "frame", "frameset", "applet",
})
# fmt: on
# Start tags that end an SVG or MathML element around them (HTML's "in foreign content").
# fmt: off
_BREAKOUT = frozenset({
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt",
    "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li",
    "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span",
    "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
})
# fmt: on
_ALLOWED = {tag: frozenset(a.lower() for a in names) for tag, names in ATTRIBUTES.items()}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TAG_NAME_RE = re.compile(r"<([a-zA-Z][^\t\n\r\f />\x00]*)")


def unsafe_html(
    markdown: str, *, removed: bool = True, embeds: EmbedPolicy = embeds_.DEFAULT
) -> list[Finding]:
    """What the page of this Markdown loses, with 0-based line numbers; code is skipped.
    With `removed` false (the HTML is published as written), only what could run code."""
    if not removed:
        return _could_run_code(markdown, removed=False)
    return scan(markdown, embeds)[0]


def _could_run_code(markdown: str, *, removed: bool) -> list[Finding]:
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
        findings.append(_unsafe_finding(index, what, removed))
    return findings


def _unsafe_finding(line: int, what: str, removed: bool = True) -> Finding:
    return Finding(
        "html-unsafe",
        line,
        f"raw HTML `{what}` could run code on the site"
        + ("; it is removed from the page" if removed else ""),
        UNSAFE_FIX,
    )


@dataclass(frozen=True)
class _Event:
    """One thing the page loses. `merge` events of one line make one message."""

    line: int  # 0-based
    col: int
    code: str
    text: str  # what is lost (merged kinds), or the whole message
    fix: str = ""
    merge: str = ""  # "unsafe" | "elements" | "attributes" | ""


class _Reading:
    """What `scan` collects: the events, and the removals they stand for (the same
    keys `_lost` counts in the built page)."""

    def __init__(self, embeds: EmbedPolicy) -> None:
        self.embeds = embeds
        self.events: list[_Event] = []
        self.expected: Removed = Counter()

    def unsafe(self, line: int, col: int, what: str) -> None:
        self.events.append(_Event(line, col, "html-unsafe", what, merge="unsafe"))

    def element(self, line: int, col: int, tag: str) -> None:
        self.events.append(_Event(line, col, "html-removed", f"`<{tag}>`", merge="elements"))

    def attribute(self, line: int, col: int, what: str) -> None:
        self.events.append(_Event(line, col, "html-attribute-removed", what, merge="attributes"))

    def one(self, line: int, col: int, code: str, message: str, fix: str) -> None:
        self.events.append(_Event(line, col, code, message, fix))

    def address(self, line: int, col: int, tag: str, attribute: str, value: str) -> None:
        """An address the page does not keep (`url_kept` said no)."""
        if attribute == "srcset":
            media = tag in MEDIA_TAGS
            value = next((u for u in _srcset_urls(value) if not _kept(u, media)), value)
        scheme = url_scheme(value)
        if scheme in ("javascript", "vbscript"):
            self.unsafe(line, col, f"{scheme}:")
            return
        media = tag in MEDIA_TAGS or attribute == "poster"
        image = tag == "img" or attribute == "srcset"
        noun = (
            "image"
            if image
            else "link"
            if tag == "a"
            else "video poster"
            if attribute == "poster"
            else _MEDIA_NOUNS.get(tag, f"`<{tag} {attribute}>`")
        )
        if scheme == "data":
            self.one(
                line,
                col,
                "html-removed",
                f"the {noun} embedded in the post as a `data:` address is removed from the page",
                "save it as a file in docs/ and use its path"
                + (" (`![description](/images/blog/name.png)`)" if image else ""),
            )
        elif scheme == "":
            self.one(
                line,
                col,
                "html-removed",
                f"the {noun} address `{_short(value)}` cannot be read as a web address; "
                "it is removed from the page",
                "correct the address",
            )
        else:
            allowed = "https://" if media else "http(s)://, mailto: or tel:"
            self.one(
                line,
                col,
                "html-removed",
                f"the {noun} address `{_short(value)}` is neither a path of the site nor "
                f"an {allowed} address; it is removed from the page",
                "use a file of the site or an https:// address",
            )


_MEDIA_NOUNS = {"video": "video", "audio": "audio", "source": "media source", "track": "text track"}


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split()).replace("`", "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def scan(markdown: str, embeds: EmbedPolicy = embeds_.DEFAULT) -> tuple[list[Finding], Removed]:
    """Everything the page of this Markdown will lose, read from the Markdown with
    the allow-lists nh3 is given: findings with 0-based lines, and the removals they
    stand for (`unforeseen` compares them with what cleaning the built page removed)."""
    reading = _Reading(embeds)
    lines = [""] * (markdown.count("\n") + 1)
    for index, text in prose_lines(markdown, lambda line: True):
        lines[index] = text
    text = "\n".join(lines)
    if "](" in text or "]:" in text or "<" in text:
        _read_links(text, reading)
    if "<" in text:
        shown = _markup_of(text)
        tags = _walk(shown) if "<" in shown else []
        if tags is None:  # Python's parser gave up: name what could run code, as before
            return _could_run_code(markdown, removed=True), reading.expected
        _read_tags(tags, reading)
    return _findings(reading.events), reading.expected


# Markdown's own uses of `<`, which are no HTML: autolinks (Python-Markdown's pattern),
# e-mail autolinks (its pattern without `@` before the `@`: linear), `\<`, `\\`, and
# `](<address with spaces>)`.
_NOT_NEWLINE_RE = re.compile(r"[^\n]")
_AUTOLINK_RE = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>")
_NOT_MARKUP_RE = re.compile(
    r"<[^<>\s!@]+@[^@<>\s]+>|\\[\\<]|\]\([ \t]*<[^<>\n]*>|" + _AUTOLINK_RE.pattern
)


def _markup_of(text: str) -> str:
    """`text` with Markdown's own uses of `<` blanked (offsets kept)."""
    return _parseable(_NOT_MARKUP_RE.sub(lambda m: _NOT_NEWLINE_RE.sub(" ", m.group()), text))


def _parseable(text: str) -> str:
    """`text` with the `<` of what cannot be markup blanked (offsets kept): after the
    last `>` (every tag ends with one), a comment that no `-->` closes, `<![`. Python's
    parser (3.11) reads on from each such `<` to the end of the text: its time would
    grow with the square of the text's length."""
    last = text.rfind(">")
    if last < 0:
        return text.replace("<", " ")
    text = text[:last] + text[last:].replace("<", " ")
    closed = text.rfind("-->")
    if text.find("<!--", closed + 1) >= 0:
        text = text[: closed + 1] + text[closed + 1 :].replace("<!--", "  --")
    return text.replace("<![", "  [") if "<![" in text else text


# Addresses Markdown writes into the page: `](url`, `[id]: url`; an image is `![`.
# The parentheses of `](...)` hold the address and maybe a quoted title (one level of
# parentheses inside, as `javascript:alert(1)`; the classes do not overlap: linear).
_LINK_RE = re.compile(r"\]\(([^()\n]*(?:\([^()\n]*\)[^()\n]*)*)\)")
_DEFINITION_RE = re.compile(r"^ {0,3}\[([^\]\n]{1,999})\]:[ \t]*<?([^\s<>]+)", re.M)
_IMAGE_USE_RE = re.compile(r"!\[([^\[\]\n]*)\](?:\[([^\[\]\n]*)\])?")


def _read_links(text: str, reading: _Reading) -> None:
    lines = text.split("\n")
    judge = _LinkJudge(reading, list(accumulate((len(line) + 1 for line in lines), initial=0)))
    for index, line in enumerate(lines):
        if "](" in line:
            _read_inline_links(line, judge.line_starts[index], judge)
    if "]:" in text:
        _read_definitions(text, judge)
    if "<" in text:
        for match in _AUTOLINK_RE.finditer(text):
            if not text[max(0, match.start() - 8) : match.start()].rstrip(" \t").endswith("]("):
                judge.address(match.start(1), match.group(1), lambda: False)


class _LinkJudge:
    """Judges the addresses Markdown writes into the page, at offsets of the text."""

    def __init__(self, reading: _Reading, line_starts: list[int]) -> None:
        self.reading, self.line_starts = reading, line_starts

    def address(self, start: int, url: str, image: Callable[[], bool]) -> None:
        """The address `url` at offset `start`, of an image when `image()` says so (asked
        only of an address the page does not keep)."""
        value = html.unescape(url) if "&" in url else url
        # An image and a link keep the same addresses; which it is only names it.
        if url_kept("a", "href", value):
            return
        tag, attribute = ("img", "src") if image() else ("a", "href")
        line = bisect_right(self.line_starts, start) - 1
        self.reading.expected["attribute", attribute] += 1
        self.reading.address(line, start - self.line_starts[line], tag, attribute, value)


def _read_inline_links(line: str, base: int, judge: _LinkJudge) -> None:
    """The addresses of the `](url)` of a line that starts at offset `base`."""
    for match in _LINK_RE.finditer(line):
        inside = match.group(1)
        url = inside.strip()
        if url.startswith("<"):
            url = url[1 : url.find(">")] if ">" in url else url
        else:
            url = _without_title(url)

        def image(line: str = line, close: int = match.start()) -> bool:
            start = _brackets(line).get(close)
            return start is not None and start > 0 and line[start - 1] == "!"

        offset = base + match.start(1) + len(inside) - len(inside.lstrip())
        judge.address(offset, url, image)


def _read_definitions(text: str, judge: _LinkJudge) -> None:
    """The addresses of the reference definitions (`[id]: url`), images when an image
    uses them."""
    images = {
        " ".join((m.group(2) or m.group(1)).lower().split()) for m in _IMAGE_USE_RE.finditer(text)
    }
    for match in _DEFINITION_RE.finditer(text):
        key = " ".join(match.group(1).lower().split())

        def defined_image(key: str = key) -> bool:
            return key in images

        judge.address(match.start(2), match.group(2), defined_image)


def _without_title(url: str) -> str:
    """A link's address without its title (`x.png "A title"`)."""
    opener = {'"': '"', "'": "'", ")": "("}.get(url[-1:])
    if opener:
        start = url.rfind(opener, 0, len(url) - 1)
        if start > 0 and url[start - 1] in " \t":
            return url[:start].rstrip()
    return url


def _brackets(line: str) -> dict[int, int]:
    """The `[` each `]` of a line closes (backslash escapes skipped): one pass."""
    found: dict[int, int] = {}
    open_: list[int] = []
    skip = False
    for at, char in enumerate(line):
        if skip:
            skip = False
        elif char == "\\":
            skip = True
        elif char == "[":
            open_.append(at)
        elif char == "]" and open_:
            found[at] = open_.pop()
    return found


# Elements whose removal takes what they hold (nh3 drops SVG and MathML elements it
# does not keep with their content, and a template's content is no part of the page).
_WITH_CONTENT = frozenset({"svg", "math", "template"})
# The elements nh3 keeps inside an SVG: those of `TAGS` that SVG has (an HTML name
# there is SVG's element of that name, which nh3 drops with its content).
_SVG_KEPT = TAGS & {"a", "circle", "g", "path", "rect", "svg"}


@dataclass
class _Open:
    """An open SVG, MathML or template element (others need no tracking)."""

    name: str
    dropped: bool  # removed with all it holds
    foreign: bool  # in SVG or MathML


def _read_tags(tags: list[_Tag], reading: _Reading) -> None:
    stack: list[_Open] = []  # open from the first SVG, MathML or template on
    open_names: Counter[str] = Counter()  # so that an end tag of none of them costs nothing
    for tag in tags:
        if tag.kind == "end":
            if open_names[tag.name]:
                while stack:
                    top = stack.pop()
                    open_names[top.name] -= 1
                    if top.name == tag.name:
                        break
            continue
        named = _TAG_NAME_RE.match(tag.text)
        raw = named.group(1).translate(_ASCII_LOWER) if named else tag.name
        if stack and stack[-1].foreign and raw in _BREAKOUT:  # HTML ends the SVG around it
            while stack and stack[-1].foreign:
                open_names[stack.pop().name] -= 1
        parent = stack[-1] if stack else None
        foreign = raw in ("svg", "math") or bool(parent and parent.foreign)
        key = "img" if tag.name == "image" else tag.name
        if parent and parent.dropped:
            reading.expected["element", key] += 1
            removed = True
        else:
            name = "img" if raw == "image" and not foreign else raw
            removed = _read_element(tag, name, key, reading, foreign)
        if (parent or raw in _WITH_CONTENT) and not (tag.closed and foreign):
            stack.append(_Open(tag.name, removed, foreign))
            open_names[tag.name] += 1


# The patterns Python's HTML parser finds a tag name and its attributes with (CPython's
# module globals, which typeshed does not list): the columns found are the parser's own.
_TAGFIND: re.Pattern[str] = html_parser.tagfind_tolerant  # type: ignore[attr-defined]
_ATTRFIND: re.Pattern[str] = html_parser.attrfind_tolerant  # type: ignore[attr-defined]


def _positions(tag: _Tag) -> list[tuple[str, int, int]]:
    """(name as written, 0-based line, column) of each attribute of a start tag, found
    as Python's parser finds them."""
    found: list[tuple[str, int, int]] = []
    named = _TAG_NAME_RE.match(tag.text)
    start = _TAGFIND.match(tag.text, 1) if named else None
    at = start.end() if start else len(tag.text)
    while at < len(tag.text):
        match = _ATTRFIND.match(tag.text, at)
        if not match or match.end() == at:
            break
        before = tag.text.count("\n", 0, match.start())
        column = (
            tag.col + match.start()
            if not before
            else match.start() - tag.text.rfind("\n", 0, match.start()) - 1
        )
        found.append((match.group(1), tag.line - 1 + before, column))
        at = match.end()
    return found


def _read_element(tag: _Tag, name: str, key: str, reading: _Reading, foreign: bool) -> bool:
    """Judge one element (not inside a removed one); True when it is removed."""
    line, col = tag.line - 1, tag.col
    positions = _positions(tag) if tag.attrs else []
    if len(positions) != len(tag.attrs):  # not as expected: every attribute at the tag
        positions = [(n, line, col) for n, _ in tag.attrs]
    if name == "iframe":
        return _read_iframe(tag, reading)
    if name == "script":
        _read_script(tag, key, reading)
        return True
    if name not in (_SVG_KEPT if foreign else TAGS):
        _read_removed(tag, name, key, reading, positions)
        return True
    _read_attributes(tag, name, reading, positions)
    return False


def _read_script(tag: _Tag, key: str, reading: _Reading) -> None:
    """A `<script>`: removed; a known embed's loader only with a note."""
    line, col = tag.line - 1, tag.col
    reading.expected["element", key] += 1
    found = embeds_.loader(dict(reversed(tag.attrs)).get("src") or "")
    if found is None:
        reading.unsafe(line, col, "<script>")
    else:
        reading.one(
            line,
            col,
            "embed-script",
            f"the {found.name} embed script is removed from the page; the reader sees "
            f"{found.stays}, and nothing is loaded from {found.name}",
            "nothing to do; delete the `<script>` line to silence this note",
        )


def _read_removed(
    tag: _Tag, name: str, key: str, reading: _Reading, positions: list[tuple[str, int, int]]
) -> None:
    """An element the page does not keep, and its attributes that could run code."""
    line, col = tag.line - 1, tag.col
    reading.expected["element", key] += 1
    if name in RUNS_CODE:
        reading.unsafe(line, col, f"<{name}>")
    else:
        reading.element(line, col, name)
    for (_, value), (written, a_line, a_col) in zip(tag.attrs, positions, strict=True):
        lowered = written.translate(_ASCII_LOWER)
        if lowered.startswith("on"):
            reading.unsafe(a_line, a_col, f"{lowered}=")
        elif url_scheme(value or "") in ("javascript", "vbscript"):
            reading.unsafe(a_line, a_col, f"{url_scheme(value or '')}:")


def _read_attributes(
    tag: _Tag, name: str, reading: _Reading, positions: list[tuple[str, int, int]]
) -> None:
    """The attributes of an element the page keeps: each one it does not keep."""
    allowed = _ALLOWED.get(name, frozenset()) | _ALLOWED["*"]
    seen: set[str] = set()
    for (attr, value), (written, a_line, a_col) in zip(tag.attrs, positions, strict=True):
        lowered = written.translate(_ASCII_LOWER)
        if lowered == "markdown":
            continue  # md_in_html's, taken out by Python-Markdown
        if lowered in seen:
            reading.expected["attribute", attr] += 1
            reading.attribute(a_line, a_col, f"a second `{lowered}` on `<{name}>`")
            continue
        seen.add(lowered)
        _read_attribute(name, attr, lowered, value or "", allowed, reading, a_line, a_col)


def _read_attribute(
    name: str,
    attr: str,
    lowered: str,
    value: str,
    allowed: frozenset[str],
    reading: _Reading,
    line: int,
    col: int,
) -> None:
    """One attribute (`lowered`, first of its name) of an element the page keeps."""
    if lowered not in allowed and not lowered.startswith(("data-", "aria-")):
        reading.expected["attribute", attr] += 1
        if lowered.startswith("on"):
            reading.unsafe(line, col, f"{lowered}=")
        else:
            reading.attribute(line, col, f"`{lowered}` on `<{name}>`")
    elif is_url_attribute(name, lowered) and not url_kept(name, lowered, value):
        reading.expected["attribute", attr] += 1
        reading.address(line, col, name, lowered, value)
    elif lowered in ("id", "name", "for") and value.startswith(THEME_IDS):
        reading.expected["attribute", attr] += 1
        reading.attribute(
            line, col, f'`{lowered}="{_short(value, 24)}"` (a name of the theme\'s own)'
        )
    elif lowered == "style" and _beyond_text_align(value):
        reading.attribute(line, col, f"`style` on `<{name}>` (all but `text-align`)")


def _beyond_text_align(style: str) -> bool:
    names = (part.split(":", 1)[0].strip().lower() for part in style.split(";"))
    return any(n and n != "text-align" for n in names)


def _read_iframe(tag: _Tag, reading: _Reading) -> bool:
    line, col = tag.line - 1, tag.col
    if reading.embeds.mode == "off":
        reading.expected["element", "iframe"] += 1
        reading.unsafe(line, col, "<iframe>")
        return True
    attrs = dict(reversed(tag.attrs))
    src = attrs.get("src") or attrs.get("data-src") or ""
    found = embeds_.resolve(src, reading.embeds)
    if not isinstance(found, str):
        return False
    reading.expected["element", "iframe"] += 1
    host = embeds_.host_of(src)
    reading.one(
        line,
        col,
        "embed-host",
        f"the iframe {found}; it is removed from the page",
        f"link to the page instead, or add `{host}` to the `embed_hosts` option of "
        "masthead/frontmatter if the site trusts it"
        if host and "known provider" in found
        else "use the embed code the provider gives, or link to the page instead",
    )
    return True


_CAP = 8


def _findings(events: list[_Event]) -> list[Finding]:
    """One finding per event, but one per line for what could run code (the first, as
    a reviewer needs one reason to look) and one per line for the elements, and for
    the attributes, a line loses."""
    out: list[tuple[int, int, Finding]] = []
    merged: dict[tuple[int, str], list[_Event]] = {}
    for event in sorted(events, key=lambda e: (e.line, e.col)):
        if event.merge:
            merged.setdefault((event.line, event.merge), []).append(event)
        else:
            out.append(
                (event.line, event.col, Finding(event.code, event.line, event.text, event.fix))
            )
    for (line, kind), group in merged.items():
        col = group[0].col
        if kind == "unsafe":
            out.append((line, col, _unsafe_finding(line, group[0].text)))
            continue
        names = list(dict.fromkeys(e.text for e in group))
        more = len(names) - _CAP
        listed = ", ".join(names[:_CAP]) + (f" and {more} more" if more > 0 else "")
        one = len(names) == 1
        if kind == "elements":
            finding = Finding(
                "html-removed",
                line,
                f"raw HTML {listed} {'is not an element' if one else 'are not elements'} a "
                f"post may use; {'it is' if one else 'they are'} removed from the page",
                "write that part in Markdown, or remove it",
            )
        else:
            finding = Finding(
                "html-attribute-removed",
                line,
                f"raw HTML attribute{'' if one else 's'} {listed} {'is' if one else 'are'} "
                "removed from the page",
                f"remove {'it' if one else 'them'} (the theme styles posts)",
            )
        out.append((line, col, finding))
    return [f for _, _, f in sorted(out, key=lambda item: (item[0], item[1]))]


def unforeseen(
    lost: Removed, markdown: str, source: str, embeds: EmbedPolicy = embeds_.DEFAULT
) -> list[Finding]:
    """What cleaning a page removed (`clean`) that reading its Markdown (`scan`) did not
    name: a finding for each, at the 0-based line of `source` (the post as written)
    that shows it, or -1 when none does. Reading is meant to be exact; this is the net
    under it, so that nothing leaves a page without a message."""
    missed = lost - scan(markdown, embeds)[1]
    findings = []
    lines = source.lower().split("\n")
    for (kind, name), count in sorted(missed.items()):
        times = f" ({count} times)" if count > 1 else ""
        if kind == "element":
            code = "html-unsafe" if name in RUNS_CODE else "html-removed"
            what = f"raw HTML `<{name}>` is removed from the page{times}"
            needles: tuple[str, ...] = (f"<{name}",)
        else:
            code = (
                "html-unsafe"
                if name.startswith("on")
                else "html-removed"
                if name in ("href", "src", "srcset", "poster")
                else "html-attribute-removed"
            )
            what = f"the attribute `{name}` is removed from the page{times}"
            needles = (f"{name}=", f" {name}")
        line = next((i for i, text in enumerate(lines) if any(n in text for n in needles)), -1)
        findings.append(
            Finding(
                code,
                line,
                f"{what} (seen in the built page; `masthead check` cannot tell)",
                "remove it, or write that part in Markdown",
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
