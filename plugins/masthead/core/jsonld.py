"""schema.org structured data for posts: BlogPosting and FAQPage in one @graph."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .faq import QA


@dataclass
class Person:
    """An author or publisher as schema.org describes one."""

    name: str
    kind: str = "Person"  # or "Organization"
    url: str | None = None


def blog_posting(
    *,
    url: str | None,
    headline: str,
    date_published: str,
    date_modified: str | None = None,
    authors: Sequence[Person] = (),
    image: str | None = None,
    description: str | None = None,
    keywords: Sequence[str] = (),
    publisher: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The schema.org `BlogPosting` node of a post."""
    node: dict[str, Any] = {
        "@type": "BlogPosting",
        "headline": headline,
        "datePublished": date_published,
    }
    if url:
        node["@id"] = f"{url}#article"
        node["url"] = url
        node["mainEntityOfPage"] = url
    if date_modified:
        node["dateModified"] = date_modified
    if authors:
        node["author"] = [
            {"@type": a.kind, "name": a.name, **({"url": a.url} if a.url else {})} for a in authors
        ]
    if image:
        node["image"] = image
    if description:
        node["description"] = description
    if keywords:
        node["keywords"] = list(keywords)
    if publisher:
        node["publisher"] = publisher
    return node


def faq_page(questions: Sequence[QA], url: str | None) -> dict[str, Any]:
    """The schema.org `FAQPage` node of a post's questions."""
    node: dict[str, Any] = {"@type": "FAQPage"}
    if url:
        node["@id"] = f"{url}#faq"
        node["url"] = url
    node["mainEntity"] = [
        {
            "@type": "Question",
            "name": qa.question,
            "acceptedAnswer": {"@type": "Answer", "text": qa.answer},
        }
        for qa in questions
    ]
    return node


def graph(*nodes: dict[str, Any] | None) -> dict[str, Any] | None:
    """The JSON-LD document of the nodes given, or None when there is none."""
    present = [n for n in nodes if n]
    return {"@context": "https://schema.org", "@graph": present} if present else None


_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_text(data: dict[str, Any]) -> str:
    """JSON for a `<script type="application/ld+json">`: no value can close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return text


# The `<meta charset>` a template writes first in `<head>` (Material's do), if it does.
_CHARSET_RE = re.compile(r"\s*<meta charset=\"[^\"<>]{1,40}\">", re.IGNORECASE)


def head_position(page: str) -> int | None:
    """Where a page's structured data goes: right after the first `<head>` and the
    `<meta charset>` that opens it (a browser looks for the charset in the first 1024
    bytes). The first `<head>` of a page is always the real one, whatever a post's own
    text holds further down. None for a page without `<head>`."""
    at = page.find("<head>")
    if at < 0:
        return None
    at += len("<head>")
    charset = _CHARSET_RE.match(page, at)
    return charset.end() if charset is not None else at
