"""Where the site's outputs go: every path a post, author, tag or category can steer is
checked here, in one place, before anything is written.

A post's `slug`, an author's `slug` or id, a category or a tag name become part of an
output path. `../../x` in any of them would write outside the site folder or over its
home page; two names that differ only in `./`, `//` or letter case would overwrite
each other on GitHub Pages or a Mac. So every output path is normalised and compared
in its normal form, and must stay inside the site folder.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# Outputs the build writes that are not pages in MkDocs' list of files: a page with
# one of these paths would be overwritten by them, or overwrite them.
RESERVED = ("sitemap.xml", "sitemap.xml.gz", "404.html", "search/search_index.json")

MAX_SEGMENT_BYTES = 200  # a file name on disk must stay under 255 bytes


def normal(dest: str) -> str | None:
    """The output path in its normal form, or None when it leaves the site folder (or
    is not a path at all: empty, absolute, a NUL byte, a backslash, a drive letter)."""
    if not dest or "\x00" in dest or "\\" in dest or dest.startswith("/"):
        return None
    path = posixpath.normpath(dest)
    if path in (".", "..") or path.startswith("../") or path[1:2] == ":":
        return None
    if any(
        len(part.encode("utf-8", "surrogatepass")) > MAX_SEGMENT_BYTES for part in path.split("/")
    ):
        return None
    return path


def collision_key(path: str) -> str:
    """Two outputs with one key are one file on a case-insensitive disk (macOS,
    Windows) or after Unicode normalisation: they collide."""
    return unicodedata.normalize("NFC", path).casefold()


def unsafe_segment(text: str) -> str | None:
    """Why `text` cannot be one segment of a URL path (a post's or an author's slug),
    or None when it can."""
    if not text.strip():
        return "it is empty"
    if "/" in text or "\\" in text:
        return "it contains a slash"
    if text.strip(".") == "":
        return "it is only dots"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in text):
        return "it contains a control character"
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SEGMENT_BYTES:
        return f"it is longer than {MAX_SEGMENT_BYTES} bytes"
    return None


@dataclass(frozen=True)
class Output:
    """A file the build writes, and who writes it."""

    dest: str  # as the host computed it
    owner: str  # who makes it, for messages
    path: str | None  # normal form, None when it leaves the site


@dataclass
class Clash:
    """Outputs that would be written at the same path (or one in the way of another)."""

    outputs: list[Output]
    # Set when the first output is a file at the path of a folder the second needs
    # (`blog/feed.xml` and `blog/feed.xml/index.html`): neither can be written.
    folder: str | None = None


def check_outputs(
    outputs: Iterable[Output], reserved: Iterable[str] = RESERVED
) -> tuple[list[Output], list[Clash]]:
    """Outputs that leave the site folder, and groups of outputs that are one file."""
    outside: list[Output] = []
    groups: dict[str, list[Output]] = {}
    for output in outputs:
        if output.path is None:
            outside.append(output)
            continue
        groups.setdefault(collision_key(output.path), []).append(output)
    for name in reserved:
        own = Output(name, f"the build's own {name}", name)
        group = groups.get(collision_key(name))
        if group is not None:
            group.append(own)
        else:
            groups[collision_key(name)] = [own]
    clashes = [Clash(group) for group in groups.values() if len(group) > 1]
    for key, group in groups.items():
        parts = key.split("/")
        for n in range(1, len(parts)):
            above = groups.get("/".join(parts[:n]))
            if above is not None:
                clashes.append(Clash([above[0], group[0]], folder=above[0].path))
    return outside, clashes


def output(dest: str, owner: str) -> Output:
    """The output `dest` made by `owner`, with its normal form."""
    return Output(dest, owner, normal(dest))


# -- URLs the site prints ------------------------------------------------------------------
# What may stand in a URL as it is; anything else (quotes, `<`, spaces, controls) is
# percent-encoded, so no URL can end the attribute or element it is printed in.
_URL_SAFE = "/:?#[]@!$&()*+,;=%~-._"
_WEB_SCHEMES = ("http", "https")
_LONE_PERCENT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")  # fixed-length look-ahead: linear


def web_url(value: str) -> tuple[str | None, str | None]:
    """A URL-valued field (an external image, an author's avatar or page) as the site
    may print it, and why it was changed or refused.

    Only `http(s)://`, `//host/`, site-relative (`/x`) and page-relative (`x/y.png`)
    URLs are accepted; `javascript:`, `data:` and every other scheme give (None,
    reason). Characters a URL cannot hold are percent-encoded (with a reason)."""
    text = value.strip()
    if not text:
        return None, "it is empty"
    scheme, colon, _ = text.partition(":")
    lowered = "".join(ch for ch in scheme if ch.isprintable() and not ch.isspace()).lower()
    if colon and "/" not in scheme and lowered not in _WEB_SCHEMES:
        return None, f"`{lowered or scheme}:` URLs are not allowed"
    if colon and lowered in _WEB_SCHEMES and not text[len(scheme) + 1 :].startswith("//"):
        return None, "it has no host after the scheme"
    try:
        urlsplit(text)
    except ValueError as error:  # `https://host]/x`: MkDocs would stop the build on it
        return None, f"it is not an address a browser can read ({error})"
    safe = quote(text, safe=_URL_SAFE)
    # `%` followed by something other than two hex digits is no escape: encode it too.
    safe = _fix_percent(safe)
    if safe != text:
        return safe, "it contains characters a URL cannot hold; they are percent-encoded"
    return safe, None


def _fix_percent(url: str) -> str:
    return _LONE_PERCENT_RE.sub("%25", url)
