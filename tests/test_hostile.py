"""Hostile and broken posts (issue 8): nothing leaks, nothing crashes, nothing is lost.

Each case states its exact outcome. Script must appear only as inert text: checked on
the parsed DOM of every page that shows the post, on meta attributes, on the JSON-LD
after parsing it, and on the feeds.
"""

from __future__ import annotations

import io
import json
import logging
import time
import tracemalloc
import zlib
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import build_config, cms_post
from masthead.core.catalogue import Settings, parse_post
from PIL import Image

XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def browser_dom(built, path: str) -> BeautifulSoup:
    """The page as a browser parses it (html5lib follows the HTML standard: the text of
    <title> is text, for instance)."""
    return BeautifulSoup((built.site / path).read_text(encoding="utf-8"), "html5lib")


def assert_inert(page, where: str) -> None:
    """No script, handler or javascript: URL that the hostile text could have made."""
    for script in page.find_all("script"):
        assert (
            "alert(" not in (script.string or "") or script.get("type") == "application/ld+json"
        ), where
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (where, element.name, name)
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert not text.strip().lower().startswith("javascript:"), (where, name, text)
    assert page.find("img", src="x") is None, where


def test_script_in_every_field_stays_text(full_site):
    full_site.image("images/t.png")
    full_site.post(
        "a.md",
        "\n".join(
            [
                "---",
                f"title: '{XSS.replace(chr(39), chr(39) * 2)}'",
                "date: 2024-12-04",
                f"author: '{XSS.replace(chr(39), chr(39) * 2)}'",
                f"summary: '{XSS.replace(chr(39), chr(39) * 2)}'",
                "thumbnail: javascript:alert(3)",
                "tags:",
                f"  - '{XSS.replace(chr(39), chr(39) * 2)}'",
                "  - seo",
                "---",
                'Body <script>alert(4)</script> and <a href="javascript:alert(5)">a link</a>.',
                "",
                '<img src="/images/t.png" alt="ok" onerror="alert(6)">',
                "",
                "## FAQ",
                "",
                "**Is <script>alert(7)</script> here?**",
                "",
                "Answer with </script><script>alert(8)</script> inside.",
                "",
            ]
        ),
    )
    built = full_site.build()
    assert built.error is None, built.errors()
    warnings = built.messages(logging.WARNING)
    assert (
        "docs/blog/posts/a.md:6: thumbnail 'javascript:alert(3)' is not an image path "
        "inside the site; use a path such as /images/blog/picture.png or an https:// URL"
        in warnings
    )
    assert sum("could run code" in w for w in warnings) == 4
    assert (
        "docs/blog/posts/a.md:11: raw HTML `<script>` could run code on the site; it is "
        "removed from the page; remove it from the post (embed media with Markdown or ask a "
        "maintainer)" in warnings
    )
    assert (
        "docs/blog/posts/a.md:6: image javascript:alert(3) is neither a path nor a web "
        "address; use a path such as /images/blog/picture.png or an https:// URL" in warnings
    )
    [post_page] = built.post_pages()
    pages = {
        "post": browser_dom(built, str(post_page.relative_to(built.site))),
        "index": browser_dom(built, "blog/index.html"),
        "tags": browser_dom(built, "blog/tags/index.html"),
        "tag": browser_dom(built, "blog/tags/seo/index.html"),
    }
    for path in sorted((built.site / "blog").rglob("index.html")):
        where = str(path.relative_to(built.site))
        pages[where] = browser_dom(built, where)
    for where, page in pages.items():
        assert_inert(page, where)
    post = pages["post"]
    assert post.select_one(".masthead-post-header h1").get_text() == XSS
    assert post.find("meta", attrs={"name": "description"})["content"] == XSS
    assert post.find("meta", property="og:title")["content"] == XSS
    # Material's own slots show `</` with an invisible zero-width space (html_text).
    seen = XSS.replace("</", "<\u200b/")
    assert post.select_one(".masthead-byline__author").get_text(strip=True) == seen
    assert post.select_one(".md-header__topic:last-child .md-ellipsis").get_text(strip=True) == seen
    assert post.find("meta", property="og:image") is None
    data = json.loads(post.head.find("script", type="application/ld+json").string)
    blog, faq, crumbs = data["@graph"]
    assert crumbs["itemListElement"][-1]["name"] == XSS
    assert (blog["headline"], blog["description"], blog["author"][0]["name"]) == (XSS, XSS, XSS)
    # The script is removed from the page; the markup says what the reader sees.
    assert faq["mainEntity"][0]["name"] == "Is here?"
    assert "</script>" not in post.head.find("script", type="application/ld+json").string
    card = pages["index"].select_one(".masthead-card")
    assert card.select_one(".masthead-card__title").get_text() == XSS
    assert card.select_one(".masthead-card__summary").get_text() == XSS
    assert XSS in [a.get_text() for a in pages["tags"].select(".masthead-tag-list a")]
    feed = feedparser.parse((built.site / "blog/tags/seo/feed.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].title == XSS


def test_paths_out_of_the_site_are_refused(full_site):
    full_site.post(
        "a.md",
        cms_post(body="![Passwd](../../../../../../etc/passwd)\n\n![Abs](/etc/passwd)\n").replace(
            "tags:", "thumbnail: ../../../etc/passwd\ntags:"
        ),
    )
    built = full_site.build()
    errors = built.messages(logging.ERROR)
    assert (
        "docs/blog/posts/a.md:10: image ../../../../../../etc/passwd points outside the "
        "docs folder; keep images inside docs/ and link them as /images/..." in errors
    )
    assert (
        "docs/blog/posts/a.md:12: image /etc/passwd does not exist; add the file under docs/ "
        "or correct the path" in errors
    )
    assert (
        "docs/blog/posts/a.md:6: thumbnail '../../../etc/passwd' is not an image path inside "
        "the site; use a path such as /images/blog/picture.png or an https:// URL"
        in built.messages(logging.WARNING)
    )
    secret = Path("/etc/passwd").read_bytes()
    assert not [
        p
        for p in full_site.root.rglob("*")
        if p.is_file() and p.stat().st_size == len(secret) and p.read_bytes() == secret
    ]


def png_with_bulk(size: int) -> bytes:
    """A valid 1200x630 PNG of `size` bytes: the bulk sits in a private chunk."""
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630)).save(buffer, "PNG")
    data = buffer.getvalue()
    bulk = b"\0" * (size - len(data) - 12)
    chunk = (
        len(bulk).to_bytes(4, "big")
        + b"prVt"
        + bulk
        + zlib.crc32(b"prVt" + bulk).to_bytes(4, "big")
    )
    return data[:-12] + chunk + data[-12:]


def timed_parse(raw: bytes, name: str = "x.md", limit: int | None = None):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        settings = Settings() if limit is None else Settings(max_post_bytes=limit)
        parsed = parse_post(raw, name, settings)
        return parsed, time.perf_counter() - start, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_heavy_posts_are_refused_or_capped_quickly():
    big = b"---\ntitle: Big\ndate: 2024-01-01\n---\n" + b"word " * 2_000_000
    parsed, seconds, peak = timed_parse(big)
    assert [(f.code, f.message) for f in parsed.findings] == [
        ("post-too-large", "the post is 9,766 KB, more than the 256 KB limit")
    ]
    assert seconds < 1 and peak < 5 * 2**20

    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    parsed, seconds, peak = timed_parse(f"---\n{bomb}---\nBody.\n".encode())
    assert [f.message for f in parsed.findings] == ["the front matter has more than 100000 values"]
    assert seconds < 2 and peak < 50 * 2**20

    nested = "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n"
    parsed, seconds, _ = timed_parse(nested.encode())
    assert [f.code for f in parsed.findings] == ["yaml-too-large"]

    huge_title = "---\ntitle: " + "Long title " * 100_000 + "\ndate: 2024-01-01\n---\nX.\n"
    parsed, seconds, _ = timed_parse(huge_title.encode(), limit=2 * 2**20)
    assert [f.message for f in parsed.findings if f.code != "summary-derived"] == [
        "the title is 1,099,999 characters long; it is cut to 200"
    ]
    assert len(parsed.meta.title) == 200 and seconds < 3

    many = (
        "---\ntitle: T\ndate: 2024-01-01\ntags: ["
        + ", ".join(f"t{n}" for n in range(10_000))
        + "]\n---\nX.\n"
    )
    parsed, seconds, _ = timed_parse(many.encode())
    assert len(parsed.meta.tags) == 10_000 and seconds < 3


def test_heavy_posts_in_a_build(full_site):
    full_site.post("big.md", b"---\ntitle: Big\ndate: 2024-01-01\n---\n" + b"word " * 600_000)
    full_site.post("title.md", cms_post(title="Very long title " * 10_000))
    full_site.post(
        "tags.md",
        "---\ntitle: Tags\ndate: 2024-01-02\nsummary: S.\ntags: ["
        + ", ".join(f"t{n}" for n in range(10_000))
        + "]\n---\nX.\n",
    )
    image = full_site.docs / "images/huge.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(png_with_bulk(50 * 2**20))
    full_site.post(
        "img.md",
        cms_post(title="Img", date="2024-01-03", body="![A huge picture](/images/huge.png)\n"),
    )
    start = time.perf_counter()
    built = full_site.build(command="serve")
    assert time.perf_counter() - start < 60
    assert (
        "docs/blog/posts/big.md:1: the post is 2,930 KB, more than the 256 KB limit; split it "
        "into several posts (an image embedded as `data:` goes in a file instead)"
        in built.messages(logging.ERROR)
    )
    warnings = built.messages(logging.WARNING)
    assert (
        "docs/blog/posts/title.md:2: the title is 159,999 characters long; it is cut to 200; "
        "write a shorter title (under 70 characters reads best)" in warnings
    )
    assert (
        "docs/blog/posts/tags.md:5: the post has 10000 tags; only the first 50 get pages; "
        "keep the few tags readers would look for" in warnings
    )
    assert any(
        w.startswith(
            "docs/blog/posts/img.md:9: image /images/huge.png is 50.0 MB, over the 500 KB budget"
        )
        for w in warnings
    )
    long_pages = [p for p in built.post_pages() if "very-long-title" in str(p)]
    assert len(long_pages) == 1 and len(long_pages[0].parent.name) <= 96


def test_broken_encodings_named_with_their_line(site):
    site.post("nul.md", cms_post(title="Nul").replace("Some text.", "Some\x00text."))
    site.post("mixed.md", cms_post(title="Mixed").replace("\n", "\r\n", 3))
    built = site.build()
    assert built.messages(logging.ERROR)[0] == (
        "docs/blog/posts/nul.md:9: the file contains a NUL byte; remove it (it often comes "
        "from a file saved as UTF-16); save the file as UTF-8 in your editor"
    )
    assert (
        "docs/blog/posts/mixed.md:1: the file mixes line endings (CRLF, LF or CR); they are "
        "read as one; set your editor to LF line endings" in built.messages(logging.INFO)
    )


def test_author_id_equal_to_a_tag_slug_does_not_collide(full_site):
    full_site.post("a.md", cms_post(author="SEO"))
    built = full_site.build(strict=True)
    assert built.error is None, built.warnings()
    assert (built.site / "blog/author/seo/index.html").is_file()
    assert (built.site / "blog/tags/seo/index.html").is_file()


def test_nothing_lost_check_runs_and_can_fail(full_site):
    import nothing_lost

    full_site.post("a.md", cms_post(title="Kept"))
    full_site.post("b.md", cms_post(title="Other", date="2024-12-05"))
    built = full_site.build(strict=True)
    assert built.checked_posts == 2
    index = built.site / "blog/index.html"
    html = index.read_text(encoding="utf-8")
    start = html.index('<article class="md-post')
    index.write_text(html[:start] + html[html.index("</article>", start) + 10 :], "utf-8")
    with pytest.raises(AssertionError, match="0 cards on the blog index"):
        nothing_lost.check(built.site)


RICH = """\
!!! note "A note"
    Admonition text.

??? question "Details"
    Hidden text.

=== "Tab one"
    First tab.

=== "Tab two"
    Second tab.

```python
print("highlighted")
```

| Left | Right |
| :--- | ----: |
| a    | b     |

- [x] done
- [ ] to do

A footnote[^1] and an icon :material-check:.

[^1]: The note.
"""


def test_sanitizing_keeps_materials_extensions(site, caplog):
    emoji = "!!python/name:material.extensions.emoji."
    site.config["markdown_extensions"] = [
        "admonition",
        "footnotes",
        "tables",
        "attr_list",
        "md_in_html",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.highlight",
        "pymdownx.tasklist",
        {"pymdownx.tabbed": {"alternate_style": True}},
        {"pymdownx.emoji": {"emoji_index": f"{emoji}twemoji", "emoji_generator": f"{emoji}to_svg"}},
    ]
    site.post("a.md", cms_post(title="Rich", body=RICH))
    pages = {}
    for sanitize in (True, False):
        site.plugin_options(sanitize=sanitize)
        text = yaml.safe_dump(site.config)
        for name in ("twemoji", "to_svg"):  # YAML tags, not strings
            text = text.replace(f"'{emoji}{name}'", f"{emoji}{name}")
        (site.root / "mkdocs.yml").write_text(text)
        built = build_config(site.root / "mkdocs.yml", site.root, caplog, strict=True)
        assert built.error is None, built.warnings()
        pages[sanitize] = browser_dom(built, "blog/2024/12/04/rich/index.html").select_one(
            ".md-content__inner"
        )
    clean, raw = pages[True], pages[False]
    for selector in (
        "div.admonition.note",
        "details.question",
        "div.tabbed-set",
        "input[type=radio][id]",
        "label[for]",
        "div.highlight pre code span",
        "table th[style]",
        "ul.task-list input[type=checkbox][disabled]",
        "sup a.footnote-ref",
        "div.footnote",
        "span.twemoji svg path[d]",
    ):
        assert len(clean.select(selector)) == len(raw.select(selector)) > 0, selector
    assert clean.get_text() == raw.get_text()
