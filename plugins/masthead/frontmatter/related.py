"""Related posts in a build (the ranking is core/related.py's): each blog's posts as
records, once per build, and the links each post's page shows (`PostInfo.related`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..core import related as core_related
from ..core.catalogue import Catalogue, Post, post_status
from ..core.text import match_key
from ..host import material as host_material
from ..host.material import BlogPlugin
from ..postinfo import RelatedLink


def text_of(post: Post) -> str:
    """What a post's words are read from: its title, and its description and summary as
    written. Not a summary made from the body: a save of the body then never changes
    another post's list (rebuilds in place, incremental.py)."""
    meta = post.meta
    summary = None if meta.summary_derived else meta.summary
    return " ".join(t for t in (meta.title, meta.description, summary) if t)


def find(
    catalogue: Catalogue,
    blogs: dict[str, BlogPlugin],
    config: MkDocsConfig,
    count: int,
    now: datetime,
) -> dict[str, list[str]]:
    """Each post's related posts (docs paths, best first), within its own blog."""
    tags_plugin = config.plugins.get("masthead/tags")
    index = getattr(tags_plugin, "index", None)  # its tags: aliases resolved, one per case
    found: dict[str, list[str]] = {}
    for folder, blog in blogs.items():
        future = host_material.drafts_future_posts(blog)
        records = []
        for uri, post in catalogue.posts.items():
            if not uri.startswith(folder + "/"):
                continue
            tags = (
                index.post_tags.get(uri, [])
                if index is not None
                else [match_key(t) for t in post.meta.tags]
            )
            published = post_status(post, future_is_draft=future, now=now) is None
            eligible = published and not post.has_errors and post.meta.date is not None
            records.append(core_related.Record(uri, tags, text_of(post), post.meta.date, eligible))
        found.update(core_related.related(records, count))
    return found


def links(uris: list[str], catalogue: Catalogue, files: Files) -> list[RelatedLink]:
    """The links of the related posts `uris`: title, page URL, date."""
    out: list[RelatedLink] = []
    for uri in uris:
        post, file = catalogue.posts.get(uri), files.get_file_from_path(uri)
        page: Any = file.page if file is not None else None
        if post is None or file is None or page is None or post.meta.title is None:
            continue  # not built: cannot happen for a published post
        out.append(
            RelatedLink(title=post.meta.title, url=file.url, date=host_material.post_created(page))
        )
    return out
