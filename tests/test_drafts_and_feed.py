"""Drafts, scheduled posts and the blog's feed (issue #6, points 2 and 3)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import feedparser
import yaml
from bs4 import BeautifulSoup
from conftest import cms_post
from masthead.cli import main

FUTURE = (datetime.now(UTC) + timedelta(days=400)).strftime("%Y-%m-%dT09:00:00Z")


def _blog(site, *, tags: bool = True) -> None:
    """Four posts tagged `seo`: published, a draft, a scheduled one, and a future one
    that says `draft: false` (published anyway)."""
    if tags:
        site.config["plugins"].append("masthead/tags")
    site.image("blog/images/cover.png", (800, 420))
    site.post(
        "live.md",
        cms_post(title="Live post", date="2024-12-04T08:00:00Z", summary="Live summary.").replace(
            "tags:", "thumbnail: ../images/cover.png\ntags:"
        ),
    )
    site.post(
        "draft.md",
        cms_post(title="Draft post", date="2024-12-05T08:00:00Z").replace(
            "tags:", "draft: true\ntags:"
        ),
    )
    site.post("scheduled.md", cms_post(title="Scheduled post", date=FUTURE))
    site.post(
        "forced.md",
        cms_post(title="Forced post", date=FUTURE).replace("tags:", "draft: false\ntags:"),
    )


def _card_titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select("article .masthead-card__title a")]


def _feed(built, path: str):
    parsed = feedparser.parse((built.site / path).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_drafts_and_scheduled_posts_are_left_out_of_everything(site):
    _blog(site)
    site.config["plugins"][0] = {"blog": {"categories": True, "archive": True}}
    for path in (site.docs / "blog/posts").glob("*.md"):
        path.write_text(path.read_text().replace("tags:", "categories: [News]\ntags:"))
    built = site.build(strict=True)
    assert built.error is None, built.errors()

    published = ["Forced post", "Live post"]
    assert _card_titles(built.html("blog/index.html")) == published
    assert _card_titles(built.html("blog/category/news/index.html")) == published
    assert _card_titles(built.html("blog/archive/2024/index.html")) == ["Live post"]
    assert _card_titles(built.html("blog/tags/seo/index.html")) == published
    assert [e.title for e in _feed(built, "blog/feed.xml").entries] == published
    assert [e.title for e in _feed(built, "blog/tags/seo/feed.xml").entries] == published
    tags_page = built.html("blog/tags/index.html")
    assert "2" in tags_page.select_one("a[href='seo/']").parent.get_text()

    pages = sorted(p.parent.name for p in built.post_pages())
    assert pages == ["forced-post", "live-post"]
    sitemap = BeautifulSoup((built.site / "sitemap.xml").read_text(), "xml")
    locations = [loc.text for loc in sitemap.find_all("loc")]
    assert not [loc for loc in locations if "draft-post" in loc or "scheduled-post" in loc]
    assert any(loc.endswith("/live-post/") for loc in locations)


def test_serve_shows_drafts_with_a_mark_and_keeps_them_out_of_feeds(site):
    _blog(site)
    built = site.build(command="serve")
    assert built.error is None, built.errors()

    index = built.html("blog/index.html")
    marks = {
        card.select_one(".masthead-card__title a").get_text(strip=True): (
            card.select_one(".masthead-status").get_text(strip=True)
            if card.select_one(".masthead-status")
            else None
        )
        for card in index.select("article.masthead-card")
    }
    assert marks == {
        "Scheduled post": "Scheduled",
        "Forced post": None,
        "Draft post": "Draft",
        "Live post": None,
    }
    pages = {p.parent.name: p for p in built.post_pages()}
    header = BeautifulSoup(pages["draft-post"].read_text(), "html.parser")
    assert header.select_one("p.masthead-status").get_text(" ", strip=True) == (
        "Draft : not on the published site until draft: true is removed."
    )
    header = BeautifulSoup(pages["scheduled-post"].read_text(), "html.parser")
    date = datetime.fromisoformat(FUTURE.replace("Z", "+00:00"))
    shown = header.select_one("p.masthead-status").get_text(" ", strip=True)
    assert shown.startswith("Scheduled : not on the published site until ")
    assert str(date.year) in shown
    assert (
        BeautifulSoup(pages["live-post"].read_text(), "html.parser").select(".masthead-status")
        == []
    )
    # A preview never publishes a draft to feed readers.
    assert [e.title for e in _feed(built, "blog/feed.xml").entries] == [
        "Forced post",
        "Live post",
    ]


def test_scheduled_off_leaves_materials_own_setting(site):
    _blog(site, tags=False)
    site.plugin_options(scheduled=False)
    built = site.build()
    assert built.error is None, built.errors()
    # Same date: their order is Material's; what matters is that both are there.
    assert sorted(_card_titles(built.html("blog/index.html"))) == [
        "Forced post",
        "Live post",
        "Scheduled post",
    ]


def test_blog_feed_items_and_links(site):
    _blog(site, tags=False)
    site.config["plugins"][0] = {"blog": {"categories": True, "archive": True}}
    site.config["plugins"].insert(0, "search")
    site.config["site_description"] = "News & notes"
    built = site.build(strict=True)
    assert built.error is None, built.errors()

    feed = _feed(built, "blog/feed.xml")
    assert feed.feed.title == "Test blog"
    assert feed.feed.subtitle == "News & notes"
    assert feed.feed.link == "https://example.com/repo/blog/"
    live = feed.entries[1]
    assert live.title == "Live post"
    assert live.summary == "Live summary."
    assert live.author == "Backlink Bot Team"
    assert live.link == "https://example.com/repo/blog/2024/12/04/live-post/"
    assert live.published_parsed[:5] == (2024, 12, 4, 8, 0)
    size = os.path.getsize(site.docs / "blog/images/cover.png")
    assert [(e.href, e.type, e.length) for e in live.enclosures] == [
        ("https://example.com/repo/blog/images/cover.png", "image/png", str(size))
    ]
    # Only posts: no archive, category or index page.
    assert all("/archive/" not in e.link and "/category/" not in e.link for e in feed.entries)

    for page in ("index.html", "blog/index.html", "blog/2024/12/04/live-post/index.html"):
        head = built.html(page).head
        # Feed readers look for the `alternate` keyword; Material's `[rel=alternate]`
        # (the value exactly) must not match: it would look for a sitemap beside it.
        assert head.select("link[rel=alternate]") == [], page
        link = head.select_one("link[rel~=alternate][type='application/rss+xml']")
        assert link["rel"] == ["alternate", "feed"], page
        target = (built.site / os.path.dirname(page) / link["href"]).resolve()
        assert target == (built.site / "blog/feed.xml").resolve(), page
        # Material's search dialog gets a name screen readers announce.
        assert built.html(page).select_one("div.md-search[role=dialog]")["aria-label"] == "Search"


def test_feed_can_be_switched_off(site):
    _blog(site, tags=False)
    site.plugin_options(feed=False)
    built = site.build()
    assert built.error is None
    assert not (built.site / "blog/feed.xml").exists()
    assert built.html("index.html").select("link[type='application/rss+xml']") == []


def test_check_says_when_the_next_scheduled_post_goes_live(site, capsys):
    _blog(site, tags=False)
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config))
    assert main(["check", "-f", str(site.root / "mkdocs.yml")]) == 0
    date = datetime.fromisoformat(FUTURE.replace("Z", "+00:00"))
    assert capsys.readouterr().out.splitlines()[-2:] == [
        f"masthead: next scheduled post: docs/blog/posts/scheduled.md goes live on "
        f"{date:%Y-%m-%d %H:%M} UTC (a build on or after that time publishes it)",
        "masthead: 1 draft: docs/blog/posts/draft.md",
    ]
