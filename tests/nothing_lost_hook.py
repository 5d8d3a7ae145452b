"""A MkDocs hook every test build loads: it records what each published post should
yield, for `nothing_lost.check` to verify on the built site."""

from __future__ import annotations

from datetime import UTC, datetime

from masthead import common, host
from masthead.core.catalogue import is_draft
from mkdocs.plugins import event_priority

LAST: dict = {}


@event_priority(-100)  # last: every plugin has placed its files
def on_env(env, config, files):
    LAST.clear()
    catalogue = common.catalogue(config)
    if catalogue is None:
        return env
    blogs = host.material.blog_plugins(config)
    show = any(b.config.draft for b in blogs)
    future = any(b.config.draft_if_future_date for b in blogs)
    tags_plugin = config.plugins.get("masthead/tags")
    index = getattr(tags_plugin, "index", None) if tags_plugin else None
    posts = {}
    for uri, post in catalogue.posts.items():
        if post.has_errors or is_draft(
            post, show_drafts=show, future_is_draft=future, now=datetime.now(UTC)
        ):
            continue
        file = files.get_file_from_path(uri)
        if file is None:
            continue
        tags = [(t.slug, t.posts.index(uri)) for t in index.of_post(uri)] if index else []
        posts[uri] = {"url": file.url, "tags": tags}
    LAST.update(
        posts=posts,
        site_url=config.site_url,
        blog=blogs[0].config.blog_dir if blogs else "blog",
        tags_url=tags_plugin.config.url.strip("/") if index else None,
        feeds=bool(index) and tags_plugin.config.feeds,
        feed_items=tags_plugin.config.feed_items if index else 0,
    )
    return env
