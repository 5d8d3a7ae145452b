"""RSS 2.0 feeds, written with an XML library so every value is escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from .source import without_controls

_DC = "http://purl.org/dc/elements/1.1/"
_MEDIA = "http://search.yahoo.com/mrss/"
_ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("dc", _DC)
ET.register_namespace("media", _MEDIA)
ET.register_namespace("atom", _ATOM)

_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


@dataclass
class FeedItem:
    """One post as an item of an RSS feed."""

    title: str
    link: str
    summary: str
    date: datetime
    authors: Sequence[str] = ()
    image: str | None = None  # absolute URL
    image_length: int = 0


def image_type(url: str) -> str:
    """The MIME type of an image by its file name (`image/*` when unknown)."""
    lower = url.lower().split("?")[0]
    return next((t for suffix, t in _TYPES.items() if lower.endswith(suffix)), "image/*")


def _xml(text: str) -> str:
    """Text an XML 1.0 document can hold: the characters it forbids are dropped (the
    post's own check has warned about them already)."""
    return without_controls(text)[0]


def rss(title: str, link: str, description: str, self_url: str, items: Sequence[FeedItem]) -> bytes:
    """An RSS 2.0 feed of `items`, as UTF-8 bytes."""
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = _xml(title)
    ET.SubElement(channel, "link").text = _xml(link)
    ET.SubElement(channel, "description").text = _xml(description)
    ET.SubElement(
        channel,
        f"{{{_ATOM}}}link",
        {"href": self_url, "rel": "self", "type": "application/rss+xml"},
    )
    if items:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(
            max(item.date for item in items)
        )
    for item in items:
        node = ET.SubElement(channel, "item")
        ET.SubElement(node, "title").text = _xml(item.title)
        ET.SubElement(node, "link").text = _xml(item.link)
        ET.SubElement(node, "guid", {"isPermaLink": "true"}).text = _xml(item.link)
        ET.SubElement(node, "description").text = _xml(item.summary)
        ET.SubElement(node, "pubDate").text = format_datetime(item.date)
        for author in item.authors:
            ET.SubElement(node, f"{{{_DC}}}creator").text = _xml(author)
        if item.image:
            kind = image_type(item.image)
            ET.SubElement(
                node,
                "enclosure",
                {"url": item.image, "type": kind, "length": str(item.image_length)},
            )
            ET.SubElement(
                node, f"{{{_MEDIA}}}content", {"url": item.image, "medium": "image", "type": kind}
            )
    # bytes for any encoding but "unicode" (typeshed types that call as Any)
    feed: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return feed
