"""`masthead/tags`: tag pages, overview, rules, slugs and feeds, from real builds."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET

import feedparser
import pytest
import yaml
from conftest import cms_post
from masthead.core import tags


def tagged(title: str, date: str, tag_list: list[str], **kw) -> str:
    post = cms_post(title=title, date=date, **kw)
    return post.replace("tags:\n  - seo\n", "tags:\n" + "".join(f"  - '{t}'\n" for t in tag_list))


@pytest.fixture
def tag_site(site):
    site.config["plugins"].append("masthead/tags")
    site.config["nav"] = [{"Home": "index.md"}, {"Blog": ["blog/index.md"]}]
    site.write(
        "blog/.authors.yml",
        "authors:\n  bbt:\n    name: Backlink Bot Team\n    description: d\n    avatar: a.png\n",
    )
    return site


def card_titles(page) -> list[str]:
    return [t.get_text(strip=True) for t in page.select(".masthead-card__title")]


def test_every_tag_lists_exactly_its_posts(tag_site):
    tag_site.post("a.md", tagged("Alpha", "2024-01-03", ["seo", "Link building"]))
    tag_site.post("b.md", tagged("Beta", "2024-01-02", ["SEO"]))
    tag_site.post("c.md", tagged("Gamma", "2024-01-01", ["link building", "C++", "C"]))
    built = tag_site.build(strict=True)
    assert built.error is None, built.warnings()
    overview = built.html("blog/tags/index.html")
    listed = {
        li.a.get_text(): (int(li.span.get_text()), li.a["href"])
        for li in overview.select(".masthead-tag-list li")
    }
    assert listed == {
        "C": (1, "c/"),
        "C++": (1, "c-plus-plus/"),
        "Link building": (2, "link-building/"),
        "SEO": (2, "seo/"),
    }
    expected = {
        "seo": ["Alpha", "Beta"],
        "link-building": ["Alpha", "Gamma"],
        "c-plus-plus": ["Gamma"],
        "c": ["Gamma"],
    }
    for slug, titles in expected.items():
        page = built.html(f"blog/tags/{slug}/index.html")
        assert card_titles(page) == titles, slug
        assert (
            page.find("link", rel="canonical")["href"]
            == f"https://example.com/repo/blog/tags/{slug}/"
        )
        assert page.find("meta", attrs={"name": "description"})["content"].startswith(
            "Posts tagged"
        )
    nav = [a.get_text(strip=True) for a in overview.select(".md-nav__link")]
    assert "Tags" in nav


def test_chips_link_to_tag_pages_and_use_the_display_name(tag_site):
    tag_site.write("blog/.tags.yml", "tags:\n  SEO:\n    description: Search.\n")
    tag_site.post("a.md", tagged("Alpha", "2024-01-03", ["seo"]))
    built = tag_site.build(strict=True)
    post = built.html("blog/2024/01/03/alpha/index.html")
    chip = post.select_one(".masthead-post-header a.md-tag")
    assert (chip.get_text(), chip["href"]) == ("SEO", "../../../../tags/seo/")
    card_chip = built.html("blog/index.html").select_one(".masthead-card a.md-tag")
    # Cards are rendered once per build: their links go through the site root.
    assert (card_chip.get_text(), card_chip["href"]) == ("SEO", "../blog/tags/seo/")
    page = built.html("blog/tags/seo/index.html")
    assert page.select_one(".masthead-tag-header p").get_text() == "Search."


def test_aliases_resolve_and_tag_file_errors_are_named(tag_site):
    tag_site.write(
        "blog/.tags.yml",
        "tags:\n  Backlink: {}\naliases:\n  backlinks: Backlink\n"
        "  links: Backlnk\n  a: b\n  b: a\n",
    )
    tag_site.post("a.md", tagged("Alpha", "2024-01-03", ["backlinks"]))
    built = tag_site.build()
    assert built.messages(logging.ERROR)[:2] == [
        "docs/blog/.tags.yml:5: alias 'links' points to 'Backlnk', which is not under `tags:`; "
        "add 'Backlnk' under `tags:` or fix the alias",
        "docs/blog/.tags.yml:6: the aliases form a cycle: a -> b -> a; point every alias at a "
        "tag listed under `tags:`",
    ]
    tag_site.write("blog/.tags.yml", "tags:\n  Backlink: {}\naliases:\n  backlinks: Backlink\n")
    built = tag_site.build(strict=True)
    assert card_titles(built.html("blog/tags/backlink/index.html")) == ["Alpha"]
    tag_site.write("blog/.tags.yml", "tags:\n  - not: [a mapping\n")
    assert (
        tag_site.build()
        .messages(logging.ERROR)[0]
        .startswith("docs/blog/.tags.yml:3: the tags file is not valid YAML")
    )


def test_allow_list_with_did_you_mean(tag_site):
    tag_site.write("blog/.tags.yml", "tags:\n  seo: {}\n  outreach: {}\n")
    tag_site.config["plugins"][-1] = {"masthead/tags": {"allow_list": True}}
    tag_site.post("a.md", tagged("Alpha", "2024-01-03", ["sep", "outreach", "zzz"]))
    built = tag_site.build()
    assert built.messages(logging.ERROR) == [
        "docs/blog/posts/a.md:6: unknown tag 'sep'; did you mean 'seo'?; use a tag from the tags "
        "file, or add it there",
        "docs/blog/posts/a.md:6: unknown tag 'zzz'; use a tag from the tags file, or add it there",
        "2 errors in the tags; the build stops. Each is listed above with its file and line.",
    ]


def test_pagination_and_sort_by_count(tag_site):
    tag_site.config["plugins"][-1] = {"masthead/tags": {"per_page": 2, "sort_by": "count"}}
    for n in range(5):
        tag_site.post(
            f"p{n}.md",
            tagged(f"Post {n}", f"2024-01-0{n + 1}", ["many"] + (["few"] if n == 0 else [])),
        )
    built = tag_site.build(strict=True)
    pages = [
        card_titles(built.html(p))
        for p in (
            "blog/tags/many/index.html",
            "blog/tags/many/page/2/index.html",
            "blog/tags/many/page/3/index.html",
        )
    ]
    assert pages == [["Post 4", "Post 3"], ["Post 2", "Post 1"], ["Post 0"]]
    nav = built.html("blog/tags/many/page/2/index.html").select_one(".masthead-pagination")
    assert [(a.get_text(), a["href"]) for a in nav.select("a")] == [("1", "../../"), ("3", "../3/")]
    assert nav.select_one("[aria-current=page]").get_text() == "2"
    overview = built.html("blog/tags/index.html")
    assert [li.a.get_text() for li in overview.select(".masthead-tag-list li")] == ["many", "few"]


def test_feeds_parse_and_list_the_right_posts(tag_site):
    tag_site.image("images/t.png")
    tag_site.post(
        "a.md",
        tagged("Alpha & <Co>", "2024-01-03T10:00:00Z", ["seo"], summary="Sum A.").replace(
            "tags:", "thumbnail: /images/t.png\ntags:"
        ),
    )
    tag_site.post("b.md", tagged("Beta", "2024-01-02", ["seo", "other"], summary="Sum B."))
    built = tag_site.build(strict=True)
    page = built.html("blog/tags/seo/index.html")
    assert page.head.find("link", rel="alternate", type="application/rss+xml")["href"] == "feed.xml"
    assert page.head.select("link[rel=alternate]") == []  # Material would fetch a sitemap
    raw = (built.site / "blog/tags/seo/feed.xml").read_bytes()
    ET.fromstring(raw)
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "seo - Test blog"
    assert feed.feed.link == "https://example.com/repo/blog/tags/seo/"
    assert [e.title for e in feed.entries] == ["Alpha & <Co>", "Beta"]
    first = feed.entries[0]
    assert first.link == "https://example.com/repo/blog/2024/01/03/alpha-/"  # Material's slug
    assert first.summary == "Sum A."
    assert first.author == "Backlink Bot Team"
    assert first.published_parsed[:4] == (2024, 1, 3, 10)
    assert first.enclosures[0].href == "https://example.com/repo/images/t.png"
    assert first.enclosures[0].type == "image/png"
    other = feedparser.parse((built.site / "blog/tags/other/feed.xml").read_bytes())
    assert [e.title for e in other.entries] == ["Beta"]


def test_sitemap_lists_every_tag_page(tag_site):
    tag_site.post("a.md", tagged("Alpha", "2024-01-03", ["seo", "C#"]))
    built = tag_site.build(strict=True)
    root = ET.fromstring((built.site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.text for u in root.findall("s:url/s:loc", ns)}
    assert {
        "https://example.com/repo/blog/tags/",
        "https://example.com/repo/blog/tags/seo/",
        "https://example.com/repo/blog/tags/c-sharp/",
    } <= urls


def test_many_and_empty_tags_get_a_message(tag_site):
    tag_site.post("a.md", tagged("Alpha", "2024-01-03", [f"t{n}" for n in range(200)]))
    tag_site.post("b.md", tagged("Beta", "2024-01-02", ["", "ok"]))
    built = tag_site.build()
    assert sorted(built.messages(logging.WARNING)) == [
        "docs/blog/posts/a.md:6: the post has 200 tags; only the first 50 get pages; keep the few "
        "tags readers would look for",
        "docs/blog/posts/b.md:6: `tags` has an empty tag; remove the empty entry",
    ]
    assert (built.site / "blog/tags/t49/index.html").is_file()
    assert not (built.site / "blog/tags/t50/index.html").exists()


def test_slugs_are_stable_readable_and_unique():
    def index(names):
        posts = [
            tags.TagPost(
                f"{n}.md",
                __import__("datetime").datetime(
                    2024, 1, 1 + n, tzinfo=__import__("datetime").timezone.utc
                ),
                [name],
                1,
            )
            for n, name in enumerate(names)
        ]
        return {t.name: t.slug for t in tags.build_index(posts, tags.TagRules()).tags.values()}

    slugs = index(["C++", "C", "C#", "🚀", "Café", "cafe", "Link Building"])
    assert slugs["C++"] == "c-plus-plus" and slugs["C"] == "c" and slugs["C#"] == "c-sharp"
    assert slugs["🚀"] == "u1f680" and slugs["Link Building"] == "link-building"
    assert {slugs["Café"], slugs["cafe"]} == {
        "cafe",
        "cafe-" + __import__("hashlib").sha1("café".encode()).hexdigest()[:6],
    } or len({slugs["Café"], slugs["cafe"]}) == 2
    assert len(set(slugs.values())) == len(slugs)
    assert index(["cafe", "Café", "C", "C++"]) == index(["C++", "Café", "C", "cafe"])


def test_check_reports_the_same_tag_problems(tag_site, capsys, monkeypatch):
    import json

    from masthead.cli import main

    tag_site.write("blog/.tags.yml", "tags:\n  seo: {}\naliases:\n  x: y\n")
    tag_site.config["plugins"][-1] = {"masthead/tags": {"allow_list": True}}
    tag_site.post("a.md", tagged("Alpha", "2024-01-03", ["sep"]))
    built = tag_site.build()
    (tag_site.root / "mkdocs.yml").write_text(yaml.safe_dump(tag_site.config))
    monkeypatch.chdir(tag_site.root)
    assert main(["check", "--format", "json"]) == 1
    from_cli = [
        f"{p['path']}:{p['line']}: {p['message']}; {p['fix']}"
        for p in json.loads(capsys.readouterr().out)
        if p["check"].startswith("tag")
    ]
    from_plugin = [m for m in built.messages() if m.startswith("docs/")]
    assert (
        sorted(from_cli)
        == sorted(from_plugin)
        == [
            "docs/blog/.tags.yml:4: alias 'x' points to 'y', which is not under `tags:`; add 'y' "
            "under `tags:` or fix the alias",
            "docs/blog/posts/a.md:6: unknown tag 'sep'; did you mean 'seo'?; use a tag from the "
            "tags file, or add it there",
        ]
    )


def test_a_post_with_the_url_of_a_tag_page_is_an_error(tag_site):
    tag_site.config["plugins"][0] = {"blog": {"post_url_format": "{slug}"}}
    tag_site.post(
        "a.md", tagged("Alpha", "2024-01-03", ["seo"]).replace("tags:", "slug: tags\ntags:")
    )
    built = tag_site.build()
    assert built.messages(logging.ERROR)[0] == (
        "docs/blog/posts/a.md:6: this post gets the URL /blog/tags/, which the page "
        "blog/tags/index.md made by masthead/tags also gets; one would overwrite the other; "
        "give one of them a different `slug:` (or title or date)"
    )
    assert built.error is not None
