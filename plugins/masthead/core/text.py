"""Seeing through the invisible characters pasted text carries, and making slugs."""

from __future__ import annotations

import re
import unicodedata

# Characters that take no room: zero-width space/joiners, word joiner, BOM, soft
# hyphen, Mongolian vowel separator.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# Every Unicode space separator (no-break, narrow no-break, figure, thin ...) and tab.
_SPACES_RE = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


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
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
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
