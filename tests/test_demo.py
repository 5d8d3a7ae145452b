"""The demo blog `make serve` shows: strict build, and it covers the real-world variations."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from conftest import REPO, build_config
from masthead.core.catalogue import Catalogue, Settings
from PIL import Image

POSTS = REPO / "docs/blog/posts"


def test_demo_builds_strict_with_no_warnings(tmp_path, caplog):
    before = {p: p.stat().st_mtime_ns for p in (REPO / "docs").rglob("*") if p.is_file()}
    built = build_config(REPO / "mkdocs.yml", REPO, caplog, strict=True, site_dir=tmp_path / "site")
    assert built.error is None, built.warnings()
    assert built.warnings() == []
    assert built.checked_posts == 8  # every demo post passed the nothing-lost check
    after = {p: p.stat().st_mtime_ns for p in (REPO / "docs").rglob("*") if p.is_file()}
    assert after == before, "the build wrote into docs/"

    sources = sorted(POSTS.glob("*.md"))
    assert len(sources) >= 8
    assert len(built.post_pages()) == len(sources)
    index = built.html("blog/index.html")
    cards = index.select("article.masthead-card")
    assert len(cards) == len(sources)
    for card in cards:
        image = card.select_one(".masthead-card__media img")
        assert image is not None
        assert (built.site / "blog" / unquote(image["src"])).resolve().is_file()
        assert card.select_one(".md-meta__item time")
        assert card.select_one(".md-post__action a")
    for page_path in built.post_pages():
        page = built.html(str(page_path.relative_to(built.site)))
        header = page.select_one(".masthead-post-header")
        assert header.select_one("h1").get_text(strip=True)
        assert header.select_one(".masthead-byline__author")
        assert header.select_one(".masthead-byline__readtime")
        assert header.select(".md-tag")
        og = page.find("meta", attrs={"property": "og:image"})["content"]
        assert og.startswith("https://example.github.io/masthead-demo/images/blog/")


def test_every_demo_page_declares_its_charset_first_and_one_generator(tmp_path, caplog):
    """A browser looks for the charset in the first 1024 bytes: the JSON-LD of a post
    (1 KB or more) comes after `<meta charset>`, never before it (issue 17)."""
    built = build_config(REPO / "mkdocs.yml", REPO, caplog, site_dir=tmp_path / "site")
    assert built.error is None
    pages = sorted(built.site.rglob("*.html"))
    posts = {p.resolve() for p in built.post_pages()}
    assert len(pages) > len(posts) >= 8
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = built.html(str(path.relative_to(built.site)))
        if page.head is None:
            continue  # a redirect page's own markup
        first = page.head.find(True)
        assert first.name == "meta" and first.get("charset") == "utf-8", path
        assert text.find('<meta charset="utf-8">') < 1024, path
        assert len(page.find_all("meta", attrs={"name": "generator"})) == 1, path
        scripts = page.head.find_all("script", attrs={"type": "application/ld+json"})
        if path.resolve() in posts:
            assert len(scripts) == 1, path
            assert json.loads(scripts[0].string)["@graph"][0]["@type"] == "BlogPosting"


def test_demo_covers_the_real_world_variations():
    catalogue = Catalogue(Settings(), str(REPO / "docs"), str(REPO))
    catalogue.add_authors_file("blog/.authors.yml")
    catalogue.load(["blog/posts"], lambda _: False)
    texts = {p.name: p.read_text(encoding="utf-8") for p in POSTS.glob("*.md")}
    front = "\n".join(t.split("\n---", 1)[0] for t in texts.values())
    assert re.search(r'^title: ".*:.*"$', front, re.M), "a quoted title with a colon"
    assert re.search(r"^title: [^\"].* +$", front, re.M), "an unquoted title with trailing spaces"
    assert re.search(r"^date: \d{4}-\d\d-\d\dT[\d:.]+Z$", front, re.M), "a Z date"
    assert re.search(r"^date: .*[+-]\d\d:\d\d$", front, re.M), "an offset date"
    assert re.search(r'^date: "', front, re.M), "a quoted date"
    assert re.search(r"^date: \d{4}-\d\d-\d\d$", front, re.M), "a date-only date"
    assert re.search(r"^date: \S+ \S+ [+-]\d{4}$", front, re.M), (
        "a `2019-02-28 10:11:00 -0400` date"
    )
    assert re.search(r'^author: ".* "$', front, re.M), "an author with a trailing space"
    assert re.search(r"^tags: .*,", front, re.M), "comma-separated tags"
    assert any(name.endswith("-1.md") for name in texts), "a CMS duplicate suffix"
    tags = [t for post in catalogue.posts.values() for t in post.meta.tags]
    assert "seo" in tags and "SEO" in tags
    assert any(" " in t for t in tags), "a multi-word tag"
    thumbs = {Path(p.thumbnail).suffix for p in catalogue.posts.values() if p.thumbnail}
    assert thumbs == {".png", ".jpg", ".jpeg"}
    for post in catalogue.posts.values():
        assert post.thumbnail
        with Image.open(REPO / "docs" / post.thumbnail) as image:
            assert image.size == (1200, 630)
    assert not catalogue.has_errors
    faq_styles = {
        "numbered list": r"^1\. \*\*.+\?\*\*",
        "bold paragraph": r"^\*\*\d\. .+\?\*\*$",
        "bold, answer on the same line": r"^\*\*\d\. .+\?\*\*\w",
        "backslash break": r"^\*\*.+\?\*\*\\$",
        "Q:/A:": r"^\*\*Q: .+\*\*$",
        "heading": r"^### .+\?$",
    }
    body = "\n".join(texts.values())
    for style, pattern in faq_styles.items():
        assert re.search(pattern, body, re.M), style


def test_demo_tag_pages_list_exactly_the_posts_that_carry_them(tmp_path, caplog):
    import posixpath

    built = build_config(REPO / "mkdocs.yml", REPO, caplog, strict=True, site_dir=tmp_path / "site")
    carried: dict[str, set[str]] = {}
    for path in built.post_pages():
        page = built.html(str(path.relative_to(built.site)))
        title = page.select_one(".masthead-post-header h1").get_text(strip=True)
        base = str(path.parent.relative_to(built.site))
        for chip in page.select(".masthead-post-header a.md-tag"):
            target = posixpath.normpath(posixpath.join(base, chip["href"]))
            carried.setdefault(target, set()).add(title)
    assert carried, "post chips link to tag pages"
    overview = built.html("blog/tags/index.html")
    counts = {
        posixpath.normpath(posixpath.join("blog/tags", li.a["href"])): int(li.span.get_text())
        for li in overview.select(".masthead-tag-list li")
    }
    assert set(counts) == set(carried)
    for target, titles in carried.items():
        page = built.html(f"{target}/index.html")
        listed = [t.get_text(strip=True) for t in page.select(".masthead-card__title")]
        assert sorted(listed) == sorted(titles), target
        assert counts[target] == len(titles)
    assert counts["blog/tags/seo"] == 6  # seo and SEO are one tag


def site_files(site: Path) -> dict[str, bytes]:
    """Every output file; the gzip sitemap compared by content (its header has a time)."""
    import gzip

    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        out[str(path.relative_to(site))] = gzip.decompress(data) if path.suffix == ".gz" else data
    return out


def test_demo_output_is_the_same_in_any_file_order_and_on_a_second_build(tmp_path, caplog):
    import json
    import xml.etree.ElementTree as ET

    reverse = Path(__file__).parent / "reverse_files_hook.py"
    first = build_config(
        REPO / "mkdocs.yml", REPO, caplog, site_dir=tmp_path / "a", command="serve", shutdown=False
    )
    again = build_config(
        REPO / "mkdocs.yml", REPO, caplog, site_dir=tmp_path / "b", command="serve", fresh=False
    )
    reversed_ = build_config(
        REPO / "mkdocs.yml",
        REPO,
        caplog,
        site_dir=tmp_path / "c",
        command="serve",
        extra_hooks=(reverse,),
    )
    a, b, c = (site_files(x.site) for x in (first, again, reversed_))
    assert a == b, [k for k in a if a[k] != b.get(k)]
    # MkDocs' search index and sitemap list pages in the order it built them: their
    # entries must be the same, in any order.
    index = "search/search_index.json"
    entries = [
        sorted(json.dumps(d, sort_keys=True) for d in json.loads(x.pop(index))["docs"])
        for x in (a, c)
    ]
    assert entries[0] == entries[1]
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        urls = [sorted(ET.tostring(u) for u in ET.fromstring(x.pop(name))) for x in (a, c)]
        assert urls[0] == urls[1]
    assert a == c, [k for k in a if a[k] != c.get(k)]


def test_demo_pages_load_nothing_from_another_site_and_size_every_image(tmp_path, caplog):
    """No font, script, style or frame from another site as a page loads (issue 17:
    Material's Google Fonts are off unless `theme_fonts: true`; an image from another
    site is the writer's choice, counted by masthead/images), and every image has its
    width and height (nothing moves as it loads; an external one from attr_list)."""
    built = build_config(REPO / "mkdocs.yml", REPO, caplog, site_dir=tmp_path / "site")
    assert built.error is None
    pages = sorted(built.site.rglob("*.html"))
    loaded = {"link": "href", "script": "src", "iframe": "src", "source": "srcset"}
    for path in pages:
        page = built.html(str(path.relative_to(built.site)))
        for tag, attribute in loaded.items():
            for element in page.find_all(tag):
                rel = set(element.get("rel") or [])
                if tag == "link" and not rel & {"stylesheet", "preconnect", "preload", "icon"}:
                    continue  # canonical, alternate, prev/next: not fetched as it loads
                value = element.get(attribute)
                if value:
                    assert "//" not in value.split(" ")[0], (path, str(element))
        for img in page.find_all("img"):
            assert img.get("width") and img.get("height"), (path, str(img))
    home = (built.site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home


def test_theme_fonts_gives_material_its_fonts_back(tmp_path, caplog):
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(
        text.replace("docs_dir: docs\n", "")
        .replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
        .replace(
            "  - masthead/frontmatter\n", "  - masthead/frontmatter:\n      theme_fonts: true\n"
        )
        + f"docs_dir: {REPO / 'docs'}\n",
        encoding="utf-8",
    )
    built = build_config(config, tmp_path, caplog, site_dir=tmp_path / "site")
    assert built.error is None, built.errors()
    assert (
        "https://fonts.googleapis.com/css?family=Roboto" in (built.site / "index.html").read_text()
    )


def test_a_post_shows_its_byline_once(tmp_path, caplog):
    """Authors, date and reading time appear once on a post: in its header, not again in
    the sidebar Material draws beside it (issue 17)."""
    built = build_config(REPO / "mkdocs.yml", REPO, caplog, site_dir=tmp_path / "site")
    for path in built.post_pages():
        page = built.html(str(path.relative_to(built.site)))
        content = page.select_one(".md-content")
        header = content.select_one(".masthead-byline")
        names = [a.get_text(strip=True) for a in header.select(".masthead-byline__author")]
        assert names, path
        date = header.select_one("time.masthead-byline__date").get_text(strip=True)
        readtime = header.select_one(".masthead-byline__readtime").get_text(strip=True)
        sidebar = content.select_one(".md-sidebar--post").get_text(" ", strip=True)
        for text in [*names, date, readtime]:
            assert text not in sidebar, (path, text)
            assert content.get_text(" ", strip=True).count(text) >= 1
        assert not content.select(".md-sidebar--post .md-post__authors, .md-sidebar--post time")
