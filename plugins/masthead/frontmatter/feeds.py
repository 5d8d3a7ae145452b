"""Each blog's RSS feed, and the link to it in the `<head>` of every page."""

from __future__ import annotations

import html
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import get_relative_url

from .. import common
from ..host import material as host_material
from ..host.material import BlogPlugin
from ..postinfo import PostInfo


def head_links(output: str, page_url: str, feed_urls: list[str], site_name: str) -> str:
    """Every page links the blog's feed from its `<head>`, so feed readers find it from
    any address a reader pastes. `rel="alternate feed"`: feed readers look for the
    `alternate` keyword among the others; Material's instant navigation takes a link
    whose `rel` is exactly `alternate` for another language of the site and asks for a
    `sitemap.xml` beside it (a 404 in the console of every page for a feed in `blog/`)."""
    links = "".join(
        '<link rel="alternate feed" type="application/rss+xml" '
        f'title="{html.escape(site_name)}" '
        f'href="{html.escape(get_relative_url(url + "feed.xml", page_url))}">'
        for url in feed_urls
    )
    head = output.find("</head>")
    return output if head < 0 else output[:head] + links + output[head:]


def published_posts(blog: BlogPlugin) -> list[Any]:
    """A blog's posts for its feed, newest first: never a draft or a scheduled post (not
    even in `serve`), never an archive or category page."""
    posts = []
    for post in host_material.listed_posts(blog):
        info = PostInfo.of(post)
        if info is not None and not info.status:
            posts.append(post)
    posts.sort(key=host_material.post_created, reverse=True)
    return posts


def write_feeds(
    config: MkDocsConfig, blogs: dict[str, BlogPlugin], feed_urls: list[str], items: int
) -> None:
    """The feed of each blog (`feed_urls` in the order of `blogs`), `items` newest."""
    for url, blog in zip(feed_urls, blogs.values(), strict=True):
        common.write_feed(
            config,
            url,
            config.site_name,
            config.site_description or f"The newest posts of {config.site_name}",
            published_posts(blog)[:items],
        )
