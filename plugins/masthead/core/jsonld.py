"""schema.org structured data: BlogPosting, FAQPage and BreadcrumbList for posts,
BreadcrumbList for tag pages, WebSite and Organization for the home page; one @graph
per page."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

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
    images: Sequence[str] = (),
    description: str | None = None,
    keywords: Sequence[str] = (),
    publisher: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The schema.org `BlogPosting` node of a post. `images`: absolute URLs, the
    cropped variants (16:9, 4:3, 1:1) when there are, else the one thumbnail."""
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
    if images:
        node["image"] = list(dict.fromkeys(images))
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


def modified(
    published: datetime | None, updated: datetime | None, committed: datetime | None
) -> datetime | None:
    """A post's `dateModified`: its front matter's `updated`, else its file's last commit,
    else its publication; never before its publication (a commit made before the date
    a post is scheduled for, a backdated import)."""
    moment = updated or committed or published
    if published is not None and (moment is None or moment < published):
        return published
    return moment


def absolute(url: str | None, site_url: str | None) -> str | None:
    """`url` (site-relative, or already absolute) as an absolute http(s) URL; None for
    anything else (no `site_url` to resolve against, `javascript:`, `data:`)."""
    if not url:
        return None
    joined = urljoin(site_url or "", url.strip())
    parts = urlsplit(joined)
    return joined if parts.scheme in ("http", "https") and parts.netloc else None


def image_object(url: str) -> dict[str, Any]:
    """An `ImageObject` for a logo (Google reads a logo's `url`)."""
    return {"@type": "ImageObject", "url": url}


def organization(
    name: str, url: str | None, logo: str | None = None, *, node_id: bool = False
) -> dict[str, Any]:
    """The `Organization` that publishes the site (a post's `publisher`, the home page's
    node, which has an `@id` the `WebSite` refers to)."""
    node: dict[str, Any] = {"@type": "Organization", "name": name}
    if url and node_id:
        node["@id"] = f"{url}#organization"
    if url:
        node["url"] = url
    if logo:
        node["logo"] = image_object(logo)
    return node


def website(
    *,
    name: str,
    url: str,
    description: str | None = None,
    language: str | None = None,
    publisher: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The home page's `WebSite` node. No `SearchAction`: Material's search answers in
    the page, not at a URL a search engine could fill in."""
    node: dict[str, Any] = {"@type": "WebSite", "@id": f"{url}#website", "name": name, "url": url}
    if description:
        node["description"] = description
    if language:
        node["inLanguage"] = language
    if publisher and publisher.get("@id"):
        node["publisher"] = {"@id": publisher["@id"]}
    return node


def breadcrumb_list(crumbs: Sequence[tuple[str, str]], url: str | None) -> dict[str, Any] | None:
    """The `BreadcrumbList` of a page: (name, absolute URL) from the home page to the
    page itself. A crumb with the URL of the one before it is left out (a blog at the
    site's root is its home page); None with fewer than two crumbs left."""
    kept: list[tuple[str, str]] = []
    for name, item in crumbs:
        if not name or not item:
            continue
        if not kept or kept[-1][1] != item:
            kept.append((name, item))
    if len(kept) < 2:
        return None
    node: dict[str, Any] = {"@type": "BreadcrumbList"}
    if url:
        node["@id"] = f"{url}#breadcrumb"
    node["itemListElement"] = [
        {"@type": "ListItem", "position": n, "name": name, "item": item}
        for n, (name, item) in enumerate(kept, 1)
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
