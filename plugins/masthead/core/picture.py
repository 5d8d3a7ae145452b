"""`<img>` tags made responsive: sized, lazy, and in a `<picture>` of modern formats.

`rewrite` walks a page's HTML tag by tag, the way a browser's tokenizer would for the
HTML Python-Markdown and nh3 write: a `<` inside an attribute value or inside
`<script>`/`<style>` text is never taken for a tag, so nothing a post holds can make the
rewrite write markup where the browser would read it differently. When it meets
anything it does not read as surely as a browser (a `<` + letter that is no tag it
knows), it leaves the page as it was. Pure: no MkDocs import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape, unescape

# A start or end tag with its attributes (quoted or not). Comments and `<!`, `<?`
# declarations are read by `_skip_comment`, as a browser reads them.
_PICTURE_TAG_RE = re.compile(
    r"<(?P<end>/)?(?P<tag>[a-zA-Z][a-zA-Z0-9:-]*)"
    r"(?P<attrs>(?:[ \t\n\f\r]+[^ \t\n\f\r\"'>/=]+"
    r"(?:[ \t\n\f\r]*=[ \t\n\f\r]*(?:\"[^\"]*\"|'[^']*'|[^ \t\n\f\r\"'=<>`]+))?)*)"
    r"[ \t\n\f\r]*(?P<close>/?)>"
)
_ATTR_RE = re.compile(
    r"""([^ \t\n\f\r"'>/=]+)(?:[ \t\n\f\r]*=[ \t\n\f\r]*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^ \t\n\f\r"'=<>`]+)))?"""
)
# Elements whose text a browser does not read as tags.
_RAW = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
     "noscript", "plaintext"}
)  # fmt: skip


@dataclass(frozen=True)
class Source:
    """One `<source>`: a MIME type and its files as (URL, width in pixels)."""

    mime: str
    srcset: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Facts:
    """What is known of an image a page shows: its pixels and its variants."""

    width: int
    height: int
    sources: tuple[Source, ...] = ()


def srcset_text(srcset: Sequence[tuple[str, int]]) -> str:
    """`url 480w, url 800w`, each URL escaped for a double-quoted attribute."""
    return ", ".join(f"{escape(url, quote=True)} {width}w" for url, width in srcset)


def _attrs(text: str) -> list[tuple[str, str | None]]:
    return [
        (m.group(1).lower(), next((unescape(g) for g in m.groups()[1:] if g is not None), None))
        for m in _ATTR_RE.finditer(text)
    ]


def _number(value: str | None) -> int | None:
    """A length in pixels as an attribute gives it (`400`, `400px`), else None."""
    text = (value or "").strip().removesuffix("px").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


def _length(value: str | None) -> float | None:
    """An SVG length in user units (`665`, `665px`, `665.5`), else None (`50%`, `2em`)."""
    text = (value or "").strip().removesuffix("px").strip()
    try:
        number = float(text)
    except ValueError:
        return None
    return number if 0 < number < 100_000 else None


def svg_size(path: str) -> tuple[int, int] | None:
    """The size an SVG file is drawn at as an `<img>`: its root's `width` and `height`,
    else its `viewBox`'s; None when it says neither (or is not readable)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536).decode("utf-8", "replace")
    except OSError:
        return None
    at = head.find("<svg")
    end = head.find(">", at) if at >= 0 else -1
    if end < 0:
        return None
    attrs = dict(_attrs(head[at + 4 : end]))
    width, height = _length(attrs.get("width")), _length(attrs.get("height"))
    if width is None or height is None:
        box = (attrs.get("viewbox") or "").replace(",", " ").split()
        numbers = [_length(b) for b in box[2:4]] if len(box) == 4 else []
        if len(numbers) != 2 or None in numbers:
            return None
        view_w, view_h = numbers[0] or 0.0, numbers[1] or 0.0
        if width is not None:
            width, height = width, width * view_h / view_w
        elif height is not None:
            width, height = height * view_w / view_h, height
        else:
            width, height = view_w, view_h
    return max(1, round(width)), max(1, round(height))


def img_tag(original: str, attrs_text: str, close: str, facts: Facts, *, lazy: bool) -> str:
    """The `<img>` tag `original` with what it lacks: width and height (from the image's
    ratio when one of them is given in pixels), `loading="lazy"` (unless it asks to be
    fetched first) and `decoding="async"`."""
    attrs = dict(_attrs(attrs_text))
    added = []
    width, height = _number(attrs.get("width")), _number(attrs.get("height"))
    if "width" not in attrs and "height" not in attrs:
        added += [f'width="{facts.width}"', f'height="{facts.height}"']
    elif width and "height" not in attrs and facts.width:
        added.append(f'height="{max(1, round(facts.height * width / facts.width))}"')
    elif height and "width" not in attrs and facts.height:
        added.append(f'width="{max(1, round(facts.width * height / facts.height))}"')
    if lazy and "loading" not in attrs and "fetchpriority" not in attrs:
        added.append('loading="lazy"')
    if "decoding" not in attrs:
        added.append('decoding="async"')
    if not added:
        return original
    return f"<img{attrs_text.rstrip()} {' '.join(added)}{' /' if close else ''}>"


def picture(img: str, sources: Sequence[Source], sizes: str) -> str:
    """`img` (a complete `<img>` tag) in a `<picture>` with `sources` before it."""
    parts = [
        f'<source type="{escape(s.mime, quote=True)}" srcset="{srcset_text(s.srcset)}" '
        f'sizes="{escape(sizes, quote=True)}">'
        for s in sources
        if s.srcset
    ]
    return f"<picture>{''.join(parts)}{img}</picture>" if parts else img


def _skip_comment(html: str, at: int) -> int | None:
    """Where a comment or a bogus comment (`<!...>`, `<?...>`, `</` + not a letter)
    starting at `at` ends, as the HTML tokenizer reads it; len(html) when it runs to
    the end; None when `at` starts none."""
    if html.startswith("<!--", at):
        if html.startswith(("<!-->", "<!--->"), at):  # closed at once
            return at + (5 if html[at + 4] == ">" else 6)
        ends = [e for e in (html.find("-->", at + 4), html.find("--!>", at + 4)) if e >= 0]
        if not ends:
            return len(html)
        first = min(ends)
        return first + (3 if html.startswith("-->", first) else 4)
    following = html[at + 1 : at + 2]
    if following in ("!", "?") or (following == "/" and not html[at + 2 : at + 3].isalpha()):
        close = html.find(">", at + 1)
        return len(html) if close < 0 else close + 1
    return None


def _raw_end(html: str, tag: str, at: int) -> int:
    """Where the text of a raw-text element (`<script>`, ...) that starts at `at` ends."""
    closing = re.compile(rf"</{tag}[ \t\n\f\r/>]", re.IGNORECASE).search(html, at)
    return len(html) if closing is None else closing.start()


def rewrite(html: str, facts_of: Callable[[str], Facts | None], sizes: str) -> str:
    """Every `<img>` of `html` whose `src` `facts_of` knows, sized, lazy and (outside a
    `<picture>` of the page's own, and without a `srcset` of its own) in a `<picture>`
    of its variants. `html` as it was when it holds anything not read surely."""
    if "<img" not in html.lower():
        return html
    out: list[str] = []
    at = done = 0
    depth = {"picture": 0, "svg": 0, "math": 0}  # inside svg/math: not HTML's <picture>
    while (at := html.find("<", at)) >= 0:
        skipped = _skip_comment(html, at)
        if skipped is not None:
            at = skipped
            continue
        match = _PICTURE_TAG_RE.match(html, at)
        if match is None:
            if html[at + 1 : at + 2].isalpha():
                return html  # something a browser reads as a tag and we cannot
            at += 1  # a `<` a browser reads as text
            continue
        at, tag = match.end(), match.group("tag").lower()
        if tag in depth:
            opens = not match.group("end") and not match.group("close")
            depth[tag] = max(0, depth[tag] + (1 if opens else -1 if match.group("end") else 0))
        elif match.group("end"):
            continue
        elif tag in _RAW and not match.group("close"):
            at = _raw_end(html, tag, at)
        elif tag == "img" and not depth["svg"] and not depth["math"]:
            new = _image(match, facts_of, sizes, inside_picture=depth["picture"] > 0)
            if new is not None:
                out += [html[done : match.start()], new]
                done = at
    if not out:
        return html
    out.append(html[done:])
    return "".join(out)


def _image(
    match: re.Match[str],
    facts_of: Callable[[str], Facts | None],
    sizes: str,
    *,
    inside_picture: bool,
) -> str | None:
    """The `<img>` tag `match` rewritten, or None when nothing changes."""
    attrs = dict(_attrs(match.group("attrs")))
    src = attrs.get("src")
    facts = facts_of(src) if src else None
    if facts is None:
        return None
    new = img_tag(match.group(0), match.group("attrs"), match.group("close"), facts, lazy=True)
    if not inside_picture and "srcset" not in attrs and facts.sources:
        new = picture(new, facts.sources, sizes)
    return None if new == match.group(0) else new


def image_sources(html: str) -> list[str]:
    """The `src` of each `<img>` a browser reads in `html`, in order (read as `rewrite`
    reads a page: a `src=` inside another attribute, a comment or a script is none)."""
    found: list[str] = []

    def collect(src: str) -> None:
        if src.strip():
            found.append(src.strip())

    rewrite(html, collect, "")  # `collect` answers None: nothing is rewritten
    return found
