"""The sitemap MkDocs writes, completed: a true `<lastmod>` per page (or none) and the
images of each post (`<image:image>`, Google's image extension).

MkDocs gives every page the build's date as `<lastmod>`, which tells a crawler every page
changed at every deploy. Here each page gets the date it really changed (a post's
`dateModified`, another page's last commit) or no `<lastmod>` at all.
"""

from __future__ import annotations

import gzip
import io
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
MAX_BYTES = 50 * 1024 * 1024  # the protocol's limit for one sitemap, uncompressed
MAX_IMAGES = 1000  # per page, the extension's limit
_LOC, _LASTMOD, _URL = f"{{{SITEMAP_NS}}}loc", f"{{{SITEMAP_NS}}}lastmod", f"{{{SITEMAP_NS}}}url"
_IMAGE, _IMAGE_LOC = f"{{{IMAGE_NS}}}image", f"{{{IMAGE_NS}}}loc"
# Declarations are refused whole: a sitemap has no use for them, and entities are how
# an XML file grows a billion times when read.
_DECLARATION_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# What stays as it is in a URL: reserved characters and `%` (an already escaped one).
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass(frozen=True)
class Entry:
    """What the sitemap says of one page besides its address."""

    lastmod: str | None = None  # W3C datetime
    images: tuple[str, ...] = ()  # absolute URLs


def rewrite(data: bytes, entries: Mapping[str, Entry]) -> bytes | None:
    """The sitemap `data` with each listed page's `<lastmod>` and images replaced by its
    entry's (a page without an entry keeps what it had). None when `data` is not a
    sitemap this can rewrite (too large, a declaration, not XML, another root)."""
    if len(data) > MAX_BYTES or _DECLARATION_RE.search(data):
        return None
    try:
        root = ET.fromstring(data)  # no declarations: see above
    except ET.ParseError:
        return None
    if root.tag != f"{{{SITEMAP_NS}}}urlset":
        return None
    for url in root.iter(_URL):
        loc = url.find(_LOC)
        entry = entries.get((loc.text or "").strip()) if loc is not None else None
        if loc is None or entry is None:
            continue
        for child in list(url):
            if child.tag in (_LASTMOD, _IMAGE):
                url.remove(child)
        at = list(url).index(loc) + 1
        if entry.lastmod:
            lastmod = ET.Element(_LASTMOD)
            lastmod.text = entry.lastmod
            url.insert(at, lastmod)
            at += 1
        for image in entry.images[:MAX_IMAGES]:
            holder = ET.Element(_IMAGE)
            ET.SubElement(holder, _IMAGE_LOC).text = image
            url.insert(at, holder)
            at += 1
    text = _serialised(root)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode() if text else None


def _serialised(root: ET.Element) -> str | None:
    """The sitemap as text: its own namespace the default, Google's image extension as
    `image:`, any other as `ns1:`, `ns2:` ... (ElementTree's own writer refuses an
    attribute without a namespace beside a default namespace). None when an element
    has no namespace (it cannot be written inside the sitemap's)."""
    prefixes = {SITEMAP_NS: "", IMAGE_NS: "image"}
    for element in root.iter():
        names = [element.tag, *element.attrib]
        if not isinstance(element.tag, str) or not element.tag.startswith("{"):
            return None
        for name in names:
            if name.startswith("{"):
                uri = name[1:].partition("}")[0]
                prefixes.setdefault(uri, f"ns{len(prefixes) - 1}")
    used = {uri for element in root.iter() for uri in _uris(element)}

    def qualified(name: str) -> str:
        if not name.startswith("{"):
            return name
        uri, _, local = name[1:].partition("}")
        return f"{prefixes[uri]}:{local}" if prefixes[uri] else local

    out: list[str] = []

    def write(element: ET.Element, depth: int) -> None:
        pad = "\n" + "  " * depth
        attributes = "".join(f" {qualified(k)}={quoteattr(v)}" for k, v in element.attrib.items())
        if element is root:
            attributes = (
                "".join(
                    f" xmlns{':' + prefixes[u] if prefixes[u] else ''}={quoteattr(u)}"
                    for u in prefixes
                    if u in used
                )
                + attributes
            )
        name = qualified(element.tag)
        children = list(element)
        text = (element.text or "").strip() if children else element.text or ""
        if not children and not text:
            out.append(f"{pad if depth else ''}<{name}{attributes}/>")
            return
        out.append(f"{pad if depth else ''}<{name}{attributes}>{escape(text)}")
        for child in children:
            write(child, depth + 1)
        out.append(f"{pad}</{name}>" if children else f"</{name}>")

    write(root, 0)
    return "".join(out)


def _uris(element: ET.Element) -> set[str]:
    return {n[1:].partition("}")[0] for n in (element.tag, *element.attrib) if n.startswith("{")}


def gzipped(data: bytes, mtime: int) -> bytes:
    """`data` gzipped as MkDocs gzips the sitemap (its name in the header, `mtime`)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, filename="sitemap.xml", mode="wb", mtime=mtime) as zipped:
        zipped.write(data)
    return out.getvalue()


def gzip_mtime(data: bytes) -> int:
    """The time in a gzip file's header (MkDocs puts the build's there), 0 if none."""
    if len(data) < 8 or data[:2] != b"\x1f\x8b":
        return 0
    return int(struct.unpack("<I", data[4:8])[0])


def local_images(sources: Sequence[str], page_url: str, site_url: str) -> list[str]:
    """The absolute URLs of `sources` (as written on the page at `page_url`, site-relative)
    that are files of the site (under `site_url`), once each, in order, escaped."""
    base = urlsplit(site_url)
    if base.scheme not in ("http", "https") or not base.netloc:
        return []
    prefix = base.path if base.path.endswith("/") else f"{base.path}/"
    page = urljoin(site_url if site_url.endswith("/") else f"{site_url}/", page_url)
    out: dict[str, None] = {}
    for source in sources:
        try:
            url = urljoin(page, source)
            parts = urlsplit(url)
        except ValueError:  # `http://[x`: no URL
            continue
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            continue
        if not parts.path.startswith(prefix):
            continue
        out[quote(url.split("#", 1)[0], safe=_URL_SAFE)] = None
    return list(out)
