"""`masthead/frontmatter` in real MkDocs builds: every mapping, checked in the HTML."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import cms_post

AUTHORS = """\
authors:
  bbt:
    name: Backlink Bot Team
    description: The team
    avatar: images/authors/bbt.png
  aman:
    name: Aman
    description: Writer
    avatar: images/authors/aman.png
"""


def meta(page, name: str) -> str | None:
    tag = page.find("meta", attrs={"name": name}) or page.find("meta", attrs={"property": name})
    return tag["content"] if tag else None


def docs_digest(docs: Path) -> dict[str, str]:
    return {
        str(p.relative_to(docs)): hashlib.sha256(p.read_bytes()).hexdigest()
        + str(p.stat().st_mtime_ns)
        for p in sorted(docs.rglob("*"))
        if p.is_file()
    }


def test_every_date_form(site):
    forms = {
        "z": ("2024-12-04T08:04:02.728Z", "2024/12/04", "2024-12-04T08:04:02.728000+00:00"),
        "quoted": ('"2024-10-15T09:30:00.000Z"', "2024/10/15", "2024-10-15T09:30:00+00:00"),
        "offset": ("2024-11-18T23:15:00-05:00", "2024/11/18", "2024-11-18T23:15:00-05:00"),
        "plus": ("2024-06-03T01:20:00+07:00", "2024/06/03", "2024-06-03T01:20:00+07:00"),
        "nozone": ("2024-07-11T14:00:00", "2024/07/11", "2024-07-11T14:00:00+00:00"),
        "dateonly": ("2019-02-28", "2019/02/28", "2019-02-28T00:00:00+00:00"),
        "spaced": ("2019-03-01 10:11:00 -0400", "2019/03/01", "2019-03-01T10:11:00-04:00"),
    }
    for name, (value, _, _) in forms.items():
        site.post(f"2020-01-01-{name}.md", cms_post(title=f"Post {name}", date=value))
    site.post("2021-05-06-no-date.md", "---\ntitle: Post nodate\n---\nText.\n")
    built = site.build(strict=True)
    assert built.error is None, built.warnings()
    for name, (_, path, iso) in forms.items():
        page = built.html(f"blog/{path}/post-{name}/index.html")
        assert page.select_one(".masthead-byline__date")["datetime"] == iso
        assert meta(page, "article:published_time") == iso
    page = built.html("blog/2021/05/06/post-nodate/index.html")
    assert page.select_one(".masthead-byline__date")["datetime"] == "2021-05-06T00:00:00+00:00"
    assert (
        "docs/blog/posts/2021-05-06-no-date.md:1: the post has no `date`; 2021-05-06 from "
        "the file name is used; add `date:` to set the publication time"
        in built.messages(logging.INFO)
    )


def test_timezone_option_for_dates_without_one(site):
    site.plugin_options(timezone="Asia/Bangkok")
    site.post("a.md", cms_post(title="Late", date="2024-07-11T23:30:00"))
    built = site.build(strict=True)
    page = built.html("blog/2024/07/11/late/index.html")
    assert page.select_one(".masthead-byline__date")["datetime"] == "2024-07-11T23:30:00+07:00"


def test_authors_matched_registered_and_listed(site):
    site.write("blog/.authors.yml", AUTHORS)
    site.image("images/authors/bbt.png", (64, 64))
    site.image("images/authors/aman.png", (64, 64))
    site.post("a.md", cms_post(title="By name", author='"aman "'))
    site.post("b.md", cms_post(title="By id", author="bbt"))
    site.post("c.md", cms_post(title="New one", author="BacklinkBot Ai", date="2024-12-05"))
    site.post(
        "d.md",
        "---\ntitle: Two\ndate: 2024-12-06\nauthor: [Aman, Backlink Bot Team]\n"
        "summary: S.\n---\nX\n",
    )
    built = site.build(strict=True)
    assert built.error is None, built.warnings()

    def names(path):
        return [s.get_text(strip=True) for s in built.html(path).select(".masthead-byline__author")]

    assert names("blog/2024/12/04/by-name/index.html") == ["Aman"]
    assert names("blog/2024/12/04/by-id/index.html") == ["Backlink Bot Team"]
    assert names("blog/2024/12/06/two/index.html") == ["Aman", "Backlink Bot Team"]
    page = built.html("blog/2024/12/05/new-one/index.html")
    avatar = page.select_one(".masthead-byline__avatar")["src"]
    assert avatar == "../../../../../assets/masthead/avatar.svg"
    assert (built.site / "assets/masthead/avatar.svg").is_file()
    assert built.messages(logging.INFO) == [
        "docs/blog/posts/c.md:4: author 'BacklinkBot Ai' is not in the authors file; registered "
        "as `backlinkbot-ai`; add an entry to the authors file to give them an avatar and "
        "description"
    ]
    index = built.html("blog/index.html")
    card_authors = [c.get_text(strip=True) for c in index.select(".masthead-card__authors")]
    # Cards list as many authors as Material's `post_excerpt_max_authors` allows (1).
    assert card_authors == ["Aman", "BacklinkBot Ai", "Aman", "Backlink Bot Team"]


def test_authors_required(site):
    site.write("blog/.authors.yml", AUTHORS)
    site.plugin_options(authors_required=True)
    site.post("a.md", cms_post(author="Amann"))
    built = site.build()
    assert built.messages(logging.ERROR) == [
        "docs/blog/posts/a.md:4: unknown author 'Amann'; did you mean 'Aman'?; use a name from "
        "the authors file (known: Aman, Backlink Bot Team) or add 'Amann' to it",
        "1 error in the files of docs/ and the blog posts; the build stops. Each is listed "
        "above with its file and line.",
    ]
    assert built.error is not None


def test_incomplete_authors_entry_does_not_stop_the_build(site):
    site.write("blog/.authors.yml", "authors:\n  aman:\n    name: Aman\n")
    site.post("a.md", cms_post(author="Aman"))
    built = site.build(strict=True)
    assert built.error is None
    assert (
        "docs/blog/.authors.yml:2: author `aman` has no `description` or `avatar`; a default "
        "is used; add it to show your own" in built.messages(logging.INFO)
    )


def test_summary_description_and_derived_summary(site):
    site.post("a.md", cms_post(title="With summary", summary="Card & meta <text>."))
    site.post(
        "b.md",
        "---\ntitle: Derived\ndate: 2024-12-03\n---\n# Big\n\n"
        "The first **real** paragraph of [the post](https://x.y).\n\nMore.\n",
    )
    site.post(
        "c.md",
        "---\ntitle: Explicit\ndate: 2024-12-02\nsummary: Card text.\n"
        "description: Meta text.\n---\nBody.\n",
    )
    built = site.build(strict=True)
    page = built.html("blog/2024/12/04/with-summary/index.html")
    assert meta(page, "description") == "Card & meta <text>."
    assert meta(page, "og:description") == "Card & meta <text>."
    assert meta(page, "twitter:description") == "Card & meta <text>."
    assert len(page.find_all("meta", attrs={"name": "description"})) == 1
    page = built.html("blog/2024/12/03/derived/index.html")
    assert meta(page, "description") == "The first real paragraph of the post."
    page = built.html("blog/2024/12/02/explicit/index.html")
    assert meta(page, "description") == "Meta text."
    summaries = [
        p.get_text() for p in built.html("blog/index.html").select(".masthead-card__summary")
    ]
    assert summaries == [
        "Card & meta <text>.",
        "The first real paragraph of the post.",
        "Card text.",
    ]


def test_thumbnail_everywhere(site):
    site.image("images/blog/Guest’s Pitch\u202fv2.png")
    site.post(
        "a.md",
        cms_post(title="Pic").replace(
            "tags:", "thumbnail: /images/blog/Guest’s Pitch\u202fv2.png\ntags:"
        ),
    )
    site.post("b.md", cms_post(title="No pic", date="2024-12-01"))
    site.config["plugins"][0] = {"blog": {"categories": True, "authors_profiles": True}}
    built = site.build(strict=True)
    page = built.html("blog/2024/12/04/pic/index.html")
    hero = page.select_one(".masthead-hero img")["src"]
    assert unquote(hero) == "../../../../../images/blog/Guest’s Pitch\u202fv2.png"
    target = (built.site / "blog/2024/12/04/pic" / unquote(hero)).resolve()
    assert target.is_file()
    expected = "https://example.com/repo/images/blog/Guest%E2%80%99s%20Pitch%E2%80%AFv2.png"
    assert meta(page, "og:image") == expected
    assert meta(page, "twitter:image") == expected
    assert meta(page, "twitter:card") == "summary_large_image"
    cards = built.html("blog/index.html").select("article.masthead-card")
    assert [bool(c.select_one(".masthead-card__media img")) for c in cards] == [True, False]
    card_img = cards[0].select_one(".masthead-card__media img")["src"]
    assert (built.site / "blog" / unquote(card_img)).resolve() == target
    for view in ("blog/archive/2024/index.html", "blog/author/backlink-bot-team/index.html"):
        card_img = built.html(view).select_one(".masthead-card__media img")["src"]
        assert unquote(card_img) == "../../../images/blog/Guest’s Pitch\u202fv2.png", view
    page = built.html("blog/2024/12/01/no-pic/index.html")
    assert meta(page, "og:image") is None and meta(page, "twitter:card") == "summary"
    assert page.select_one(".masthead-hero") is None


def test_tags_normalised(site):
    site.post(
        "a.md", cms_post(title="T").replace("  - seo\n", "  - seo\n  - SEO\n  - ' link building'\n")
    )
    site.post("b.md", "---\ntitle: U\ndate: 2024-12-01\ntags: content strategy, SEO\n---\nX\n")
    built = site.build(strict=True)

    def chips(path):
        return [
            c.get_text(strip=True) for c in built.html(path).select(".masthead-post-header .md-tag")
        ]

    assert chips("blog/2024/12/04/t/index.html") == ["seo", "link building"]
    assert chips("blog/2024/12/01/u/index.html") == ["content strategy", "SEO"]


def test_configured_field_names(site):
    site.plugin_options(
        fields={"thumbnail": ["cover", "image"], "summary": "excerpt", "author": "authors"}
    )
    site.image("images/c.jpg", fmt="JPEG")
    site.post(
        "a.md",
        "---\ntitle: Other CMS\ndate: 2024-12-04\ncover: /images/c.jpg\n"
        "excerpt: From the excerpt key.\nauthors: [Jane Doe]\n---\nBody.\n",
    )
    built = site.build(strict=True)
    page = built.html("blog/2024/12/04/other-cms/index.html")
    assert meta(page, "description") == "From the excerpt key."
    assert meta(page, "og:image") == "https://example.com/repo/images/c.jpg"
    assert [a.get_text(strip=True) for a in page.select(".masthead-byline__author")] == ["Jane Doe"]


def test_unknown_keys_are_kept_for_templates(site):
    site.config["theme"]["custom_dir"] = "overrides"
    (site.root / "overrides/partials").mkdir(parents=True)
    (site.root / "overrides/partials/comments.html").write_text(
        '{% if page.meta.cms_id %}<div id="kept">{{ page.meta.cms_id }}|'
        "{{ page.meta.faq_schema.type }}</div>{% endif %}"
    )
    site.post("a.md", cms_post().replace("tags:", "cms_id: 4711\nfaq_schema:\n  type: x\ntags:"))
    built = site.build(strict=True)
    assert built.html("blog/2024/12/04/a-post/index.html").select_one("#kept").text == "4711|x"


def test_materials_own_vocabulary_passes_unchanged(site):
    site.write("blog/.authors.yml", AUTHORS)
    site.post(
        "a.md",
        "---\ndate:\n  created: 2024-03-01\n  updated: 2024-04-02\nauthors: [bbt]\n"
        "description: Native.\ncategories: [News]\nslug: native-post\n"
        "title: Native\n---\nBody.\n",
    )
    built = site.build(strict=True)
    assert built.error is None, built.warnings()
    page = built.html("blog/2024/03/01/native-post/index.html")
    assert meta(page, "description") == "Native."
    assert meta(page, "article:modified_time") == "2024-04-02T00:00:00+00:00"
    assert [a.get_text(strip=True) for a in page.select(".masthead-byline__author")] == [
        "Backlink Bot Team"
    ]
    assert (built.site / "blog/category/news/index.html").is_file()


def test_explicit_slug_wins_and_duplicate_urls_are_an_error(site):
    site.post("2024-12-04-a.md", cms_post(title="Same title"))
    site.post("2024-12-04-a-1.md", cms_post(title="Same title"))
    site.post("c.md", cms_post(title="Other").replace("tags:", "slug: my-own\ntags:"))
    site.post("d.md", cms_post(title="Clash").replace("tags:", "slug: my-own\ntags:"))
    built = site.build()
    assert built.messages(logging.ERROR)[:-1] == [
        "docs/blog/posts/2024-12-04-a-1.md:2: this post gets the URL /blog/2024/12/04/same-title/,"
        " which docs/blog/posts/2024-12-04-a.md also gets; one would overwrite the other; give "
        "one of them a different `slug:` (or title or date)",
        "docs/blog/posts/2024-12-04-a.md:2: this post gets the URL /blog/2024/12/04/same-title/,"
        " which docs/blog/posts/2024-12-04-a-1.md also gets; one would overwrite the other; give "
        "one of them a different `slug:` (or title or date)",
        "docs/blog/posts/c.md:6: this post gets the URL /blog/2024/12/04/my-own/, which "
        "docs/blog/posts/d.md also gets; one would overwrite the other; give one of them a "
        "different `slug:` (or title or date)",
        "docs/blog/posts/d.md:6: this post gets the URL /blog/2024/12/04/my-own/, which "
        "docs/blog/posts/c.md also gets; one would overwrite the other; give one of them a "
        "different `slug:` (or title or date)",
    ]
    assert built.messages(logging.ERROR)[-1] == (
        "4 errors in the files of docs/ and the blog posts; the build stops. Each is listed "
        "above with its file and line."
    )
    assert built.error is not None


def test_sub_path_every_link_and_image_resolves(site):
    site.image("images/blog/t.png")
    site.image("images/blog/body.png", (800, 450))
    site.post(
        "a.md",
        cms_post(title="Sub", body="![](/images/blog/body.png)\n\n[Home](/index.md)\n").replace(
            "tags:", "thumbnail: /images/blog/t.png\ntags:"
        ),
    )
    built = site.build(strict=True)
    assert built.error is None, built.warnings()
    checked = 0
    for page_path in [built.site / "blog/index.html", *built.post_pages()]:
        page = built.html(str(page_path.relative_to(built.site)))
        for tag, attr in (("img", "src"), ("a", "href"), ("link", "href")):
            for element in page.find_all(tag):
                url = element.get(attr)
                if not url or urlsplit(url).scheme or url.startswith(("#", "//")):
                    continue
                path = unquote(urlsplit(url).path)
                assert not path.startswith("/"), f"{page_path}: {url} is site-absolute"
                target = (page_path.parent / path).resolve()
                if target.is_dir():
                    target = target / "index.html"
                assert target.is_file(), f"{page_path}: {url} does not resolve"
                checked += 1
    assert checked > 20


def test_source_files_are_never_touched(site):
    site.post("a.md", "\ufeff---\r\ntitle: CRLF & BOM\r\ndate: 2024-01-01\r\n---\r\nBody.\r\n")
    site.post("b.md", cms_post(title="Fine"))
    before = docs_digest(site.docs)
    built = site.build()
    assert built.error is None
    assert docs_digest(site.docs) == before
    assert (built.site / "blog/2024/01/01/crlf--bom/index.html").is_file()


def test_templates_are_found_with_or_without_a_custom_dir(site):
    site.post("a.md", cms_post(title="Chips"))
    plain = site.build(strict=True)
    assert (
        plain.html("blog/2024/12/04/chips/index.html")
        .select_one(".masthead-post-header .md-tag")
        .text.strip()
        == "seo"
    )
    site.config["theme"]["custom_dir"] = "overrides"
    override = site.root / "overrides/partials/masthead/tag-chips.html"
    override.parent.mkdir(parents=True)
    override.write_text("{% for tag in post.meta.tags %}<b class='mine'>{{ tag }}</b>{% endfor %}")
    custom = site.build(strict=True)
    page = custom.html("blog/2024/12/04/chips/index.html")
    assert [b.text for b in page.select(".masthead-post-header b.mine")] == ["seo"]
    assert page.select_one(".masthead-byline") is not None  # the rest is still ours


def test_without_materials_blog_plugin(site):
    site.config["plugins"] = ["masthead/frontmatter"]
    built = site.build()
    assert built.error is not None
    assert built.errors() == [
        "masthead/frontmatter: Material's blog plugin is not enabled; add `- blog` under "
        "`plugins:` in mkdocs.yml"
    ]


def test_bad_option_values(site):
    site.plugin_options(timezone="Mars/Olympus")
    assert site.build().errors() == [
        "masthead/frontmatter: unknown timezone 'Mars/Olympus'; use an IANA name such as UTC "
        "or Europe/Berlin"
    ]
    site.plugin_options(timezone="UTC", levels={"no-such-check": "warn"})
    [error] = site.build().errors()
    assert error.startswith(
        "masthead/frontmatter: levels: unknown check 'no-such-check'; known checks: author-empty"
    )


def test_raw_html_site_absolute_links_come_out_relative(site):
    site.image("images/blog/raw one.png", (800, 450))
    site.post(
        "a.md",
        cms_post(
            title="Raw",
            body='<img src="/images/blog/raw%20one.png" alt="Raw">'
            '\n\n<picture><source srcset="/images/blog/raw%20one.png 2x">'
            "</picture>\n\n"
            '<a href="/not/a/site/file/">kept</a> <img src="//cdn.x/y.png">\n',
        ),
    )
    built = site.build(strict=True)
    page = built.html("blog/2024/12/04/raw/index.html")
    content = page.select_one(".md-content__inner")
    assert content.select_one('img[alt="Raw"]')["src"] == "../../../../../images/blog/raw%20one.png"
    assert content.select_one("source")["srcset"] == "../../../../../images/blog/raw%20one.png 2x"
    assert content.select_one("a[href^='/not']")["href"] == "/not/a/site/file/"
    assert content.select_one("img[src^='//']")["src"] == "//cdn.x/y.png"
    target = (
        built.site / "blog/2024/12/04/raw" / unquote("../../../../../images/blog/raw%20one.png")
    )
    assert target.resolve().is_file()


def test_invalid_values_of_materials_keys_never_reach_it(site):
    site.post(
        "a.md",
        "---\ntitle: {'<b>': 1}\ndate: 2024-12-04\nslug: [x]\ndraft: maybe\n"
        "links: 5\nsummary: S.\n---\n# Heading title\n\nText.\n",
    )
    built = site.build()
    assert built.error is None, built.errors()
    assert sorted(built.messages(logging.WARNING)) == [
        "docs/blog/posts/a.md:2: `title` is empty or not text; write `title: Your title`",
        "docs/blog/posts/a.md:4: `slug` is empty or not text; write `slug: my-post`",
        "docs/blog/posts/a.md:5: `draft: maybe` is not true or false; write `draft: true` or "
        "`draft: false`",
        "docs/blog/posts/a.md:6: `links` must be a list of links, e.g. `links: "
        "[blog/posts/other.md]`; fix or remove the `links` line; until then it is ignored",
    ]
    page = built.html("blog/2024/12/04/heading-title/index.html")
    assert page.select_one(".md-header__topic:last-child .md-ellipsis").get_text(strip=True) == (
        "Heading title"
    )
