"""Nothing lost: each published post yields exactly one post page, one card on the blog
index pages, one card on each of its tags' pages, one item in each tag feed it belongs
in, and one sitemap entry. Run by conftest after every successful test build."""

from __future__ import annotations

import posixpath
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin

from bs4 import BeautifulSoup

HOOK = Path(__file__).resolve().parent / "nothing_lost_hook.py"


def _card_targets(site: Path, folder: str) -> Counter:
    """How many cards on the pages under `folder` point at each URL (site-relative)."""
    counts: Counter = Counter()
    root = site / folder
    pages = [root / "index.html", *sorted((root / "page").glob("*/index.html"))]
    for page in pages:
        if not page.is_file():
            continue
        base = str(page.parent.relative_to(site))
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for card in soup.select("article.md-post"):
            targets = set()
            for link in card.select("a[href]"):
                href = unquote(link["href"]).split("#")[0]
                if href and not href.startswith(("http:", "https:", "mailto:")):
                    targets.add(posixpath.normpath(posixpath.join(base, href)) + "/")
            counts.update(targets)
    return counts


def check(site: Path) -> int:
    """Assert the invariants; returns how many posts were checked."""
    # The hook module as MkDocs loaded it: registered under the path it was given.
    LAST = sys.modules[str(HOOK)].LAST
    posts = LAST.get("posts") or {}
    if not posts:
        return 0
    index_cards = _card_targets(site, LAST["blog"])
    tag_cards: dict[str, Counter] = {}
    feeds: dict[str, Counter] = {}
    sitemap = Counter()
    if (site / "sitemap.xml").is_file():
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        root = ET.fromstring((site / "sitemap.xml").read_bytes())
        sitemap.update(u.text for u in root.findall("s:url/s:loc", ns))
    for uri, expected in posts.items():
        url = expected["url"]
        page = site / unquote(url) / "index.html" if url.endswith("/") else site / unquote(url)
        assert page.is_file(), f"{uri}: no page at {url}"
        card = unquote(url)  # card targets are read unquoted (`a b/`, not `a%20b/`)
        assert index_cards[card] == 1, f"{uri}: {index_cards[card]} cards on the blog index"
        for slug, position in expected["tags"]:
            folder = f"{LAST['tags_url']}/{slug}"
            if folder not in tag_cards:
                tag_cards[folder] = _card_targets(site, folder)
            found = tag_cards[folder][card]
            assert found == 1, f"{uri}: {found} cards on {folder}"
            if LAST["feeds"] and position < LAST["feed_items"]:
                if folder not in feeds:
                    feed = ET.fromstring((site / folder / "feed.xml").read_bytes())
                    feeds[folder] = Counter(i.findtext("link") for i in feed.iter("item"))
                link = urljoin(LAST["site_url"] or "/", url)
                assert feeds[folder][link] == 1, f"{uri}: {feeds[folder][link]} items in {folder}"
        if LAST["site_url"]:
            loc = urljoin(LAST["site_url"], url)
            assert sitemap[loc] == 1, f"{uri}: {sitemap[loc]} sitemap entries"
    return len(posts)
