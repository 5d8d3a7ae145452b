"""Mapping generality (issue #14, point 2): candidate keys and dotted paths, widened
defaults, list and mapping image values, a media prefix for bare file names, description
without summary, one author for an id and a display name, every date form CMSs write,
expiry dates, and files of a posts folder that are not posts."""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime

import feedparser
import pytest
import yaml
from conftest import check_json, examples, problem_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from masthead.core import yamlmeta
from masthead.core.authors import AuthorRegistry
from masthead.core.catalogue import not_posts
from masthead.core.dates import DateError, parse_date
from masthead.core.mapping import (
    KeyNames,
    image_reference,
    lookup,
    map_front_matter,
    with_media_prefix,
)

PAST = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%d")
FUTURE = (datetime.now(UTC) + timedelta(days=400)).strftime("%Y-%m-%d")


def mapped(yaml_text: str, body: str = "Body text.", filename: str = "x.md", **kw):
    front = yamlmeta.parse(yaml_text, 2)
    assert front.findings == []
    return map_front_matter(front, body=body, filename=filename, **kw)


def found(findings) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.message) for f in findings]


def meta_of(page, name: str) -> str | None:
    tag = page.find("meta", attrs={"name": name}) or page.find("meta", attrs={"property": name})
    return tag["content"] if tag else None


def blog_posting(page) -> dict:
    [script] = page.head.find_all("script", attrs={"type": "application/ld+json"})
    graph = json.loads(script.string)["@graph"]
    return next(node for node in graph if node["@type"] == "BlogPosting")


def feed_entries(built) -> dict[str, feedparser.FeedParserDict]:
    parsed = feedparser.parse((built.site / "blog/feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return {entry.title: entry for entry in parsed.entries}


def card(page, title: str):
    for article in page.select("article.masthead-card"):
        if article.select_one(".masthead-card__title a").get_text(strip=True) == title:
            return article
    raise AssertionError(f"no card titled {title!r}")


def ours(built) -> list[str]:
    """Our messages about files, as `masthead check` prints them (`path:line: message;
    fix`), without the summary that ends a stopped build."""
    return sorted(m for m in built.messages() if m.startswith("docs/"))


# -- 1. candidates, dotted paths, the first value wins ----------------------------------
class TestCandidates:
    def test_dotted_path_into_nested_mappings(self):
        meta, findings = mapped(
            "title: T\ndate: 2024-01-01\nseo:\n  title: Other\n  description: From SEO.\n"
        )
        assert (meta.description, meta.summary, meta.summary_derived) == (
            "From SEO.",
            "From SEO.",
            False,
        )
        assert (meta.key["description"], meta.path["description"]) == ("seo", "seo.description")
        assert meta.lines["description"] == 6  # the nested key's own line
        assert findings == []

    def test_a_key_with_the_dots_in_it_wins_over_the_path(self):
        meta, _ = mapped(
            "title: T\ndate: 2024-01-01\nseo:\n  description: Nested.\nseo.description: Literal.\n"
        )
        assert meta.description == "Literal."
        assert meta.lines["description"] == 6

    @pytest.mark.parametrize("empty", ['""', "null", "[]", "'   '", "{}", ""])
    def test_an_empty_value_falls_through_to_the_next_candidate(self, empty):
        meta, findings = mapped(
            f"title: T\ndate: 2024-01-01\ndescription: {empty}\nmeta_description: Second.\n"
        )
        assert meta.description == "Second." and meta.lines["description"] == 5
        assert findings == []

    def test_only_empty_candidates_name_the_first_one(self):
        _, findings = mapped(
            'title: ""\nheadline: ""\ndate: 2024-01-01\n',
            keys=KeyNames(title=("title", "headline")),
        )
        assert found(findings)[:1] == [("title-invalid", 2, "`title` is empty or not text")]

    def test_configured_nested_date_reports_the_nested_line(self):
        _, findings = mapped(
            "title: T\nsummary: S.\nmeta:\n  published: someday\n",
            keys=KeyNames(date=("meta.published",)),
        )
        assert found(findings) == [
            (
                "date-invalid",
                5,
                "`meta.published: someday` cannot be read as a date: it is not a date",
            )
        ]

    def test_a_mapping_without_an_image_is_named_at_its_line(self):
        meta, findings = mapped(
            "title: T\ndate: 2024-01-01\nsummary: S.\nopengraph:\n  image:\n    alt: A cat\n"
        )
        assert meta.thumbnail is None
        assert found(findings) == [("thumbnail-invalid", 6, "`opengraph.image` is not a path")]

    def test_toml_tables_are_nested_mappings_too(self):
        front = yamlmeta.parse_toml(
            'title = "T"\ndate = 2024-01-01\n\n[seo]\ndescription = "From TOML."\n', 2
        )
        meta, findings = map_front_matter(front, body="B.", filename="x.md")
        assert (meta.description, meta.lines["description"], findings) == ("From TOML.", 5, [])

    def test_lookup(self):
        data = {"a": {"b": {"c": 1}}, "a.b": 2, "x": [1]}
        assert lookup(data, "a.b") == 2
        assert lookup(data, "a.b.c") == 1
        assert lookup(data, "x.0") is not None and lookup(data, "a.c") is not None
        assert lookup({"a": None}, "a") is None

    def test_a_nested_value_keeps_its_top_level_key_for_material(self):
        meta, _ = mapped(
            "title: T\ndate: 2024-01-01\nseo:\n  slug: ../x\n", keys=KeyNames(slug=("seo.slug",))
        )
        assert meta.slug is None and meta.dropped == set()  # `seo` itself stays


# -- 2. defaults that read common CMS posts with no configuration ----------------------
def test_defaults_map_a_typical_cms_post(site):
    site.image("images/uploads/hero.png")
    site.post(
        "astro.md",
        "---\ntitle: Astro style\npubDate: 'Feb 21, 2017'\nheroImage: /images/uploads/hero.png\n"
        "excerpt: From the excerpt.\nauthors: [Ann Lee]\ntags: [seo]\n---\nBody.\n",
    )
    site.post(
        "hugo.md",
        "---\ntitle: Hugo style\npublishDate: 2018-06-15T03:30:13-11:00\n"
        "featured_image: /images/uploads/hero.png\ndescription: Hugo description.\n"
        "draft: false\n---\nBody.\n",
    )
    site.post(
        "jekyll.md",
        "---\ntitle: Jekyll hidden\ndate: 2019-01-01\npublished: false\n---\nBody.\n",
    )
    built = site.build(strict=True)
    assert built.error is None, built.errors()
    astro = built.html("blog/2017/02/21/astro-style/index.html")
    assert meta_of(astro, "og:image") == "https://example.com/repo/images/uploads/hero.png"
    assert meta_of(astro, "description") == "From the excerpt."
    assert meta_of(astro, "author") == "Ann Lee"
    hugo = built.html("blog/2018/06/15/hugo-style/index.html")
    assert meta_of(hugo, "article:published_time") == "2018-06-15T03:30:13-11:00"
    assert meta_of(hugo, "og:image") == "https://example.com/repo/images/uploads/hero.png"
    assert sorted(p.parent.name for p in built.post_pages()) == ["astro-style", "hugo-style"]
    assert set(feed_entries(built)) == {"Astro style", "Hugo style"}


class TestDefaults:
    def test_thumbnail_stays_first(self):
        meta, _ = mapped("thumbnail: /a.png\nimage: /b.png\ncover: /c.png\n")
        assert meta.thumbnail == "/a.png"

    def test_published_is_a_date_or_an_inverted_draft(self):
        meta, findings = mapped("title: T\npublished: 2017-02-21\n")
        assert (meta.date, meta.draft) == (datetime(2017, 2, 21, tzinfo=UTC), None)
        meta, findings = mapped("title: T\npublished: false\n", filename="2019-02-28-x.md")
        assert (meta.date, meta.draft) == (datetime(2019, 2, 28, tzinfo=UTC), True)
        assert [f.code for f in findings if f.code != "summary-derived"] == ["date-from-filename"]
        meta, _ = mapped("title: T\ndate: 2024-01-01\npublished: true\n")
        assert meta.draft is None  # not `draft: false`: a future date is still scheduled
        meta, _ = mapped("title: T\ndate: 2024-01-01\ndraft: true\npublished: true\n")
        assert meta.draft is True

    def test_the_fields_own_name_is_always_read(self):
        _, findings = mapped("title: T\ndate: true\n")
        assert found(findings)[:1] == [
            ("date-invalid", 3, "`date: true` cannot be read as a date: bool is not a date")
        ]


def test_an_empty_draft_key_never_reaches_material(site):
    site.post("a.md", '---\ntitle: A\ndate: 2024-01-01\ndraft: ""\npublished: true\n---\nBody.\n')
    built = site.build()
    assert built.error is None, built.errors()
    assert [p.parent.name for p in built.post_pages()] == ["a"]
    assert ours(built) == [  # no `draft-invalid`: `published: true` holds the field
        "docs/blog/posts/a.md:1: the post has no summary; its first paragraph is used; "
        "add `summary:` to choose the text of the card and meta description",
    ]


# -- 3. list and mapping image values ----------------------------------------------------
class TestImageValues:
    @pytest.mark.parametrize(
        ("front", "expected"),
        [
            ('images: ["/uploads/x.jpg", "/uploads/y.jpg"]\n', "/uploads/x.jpg"),
            ('images: ["", "/uploads/y.jpg"]\n', "/uploads/y.jpg"),
            ("image:\n  - url: /u/a.png\n    alt: A\n", "/u/a.png"),
            ("cover:\n  image: c.jpg\n  hidden: false\n", "c.jpg"),
            ("image:\n  src: /s.png\n", "/s.png"),
            (
                "opengraph:\n  image:\n    url: https://cdn.example.com/o.png\n",
                "https://cdn.example.com/o.png",
            ),
            ("images: []\nbanner: /b.png\n", "/b.png"),
        ],
    )
    def test_first_item_or_url(self, front, expected):
        meta, findings = mapped("title: T\ndate: 2024-01-01\nsummary: S.\n" + front)
        assert (meta.thumbnail, findings) == (expected, [])

    def test_image_reference(self):
        assert image_reference([[{"url": ["/deep.png"]}]]) == (True, "/deep.png")
        assert image_reference({"alt": "no path"}) == (False, None)
        assert image_reference([None, ""]) == (True, None)
        assert image_reference(42) == (False, None)

    def test_a_later_candidate_that_is_no_image_is_passed_over(self):
        meta, findings = mapped("title: T\ndate: 2024-01-01\nsummary: S.\nimage: true\n")
        assert (meta.thumbnail, findings) == (None, [])


def test_image_list_builds_card_hero_and_og_image(site):
    site.image("uploads/2018/06/x.jpg", fmt="JPEG")
    site.post(
        "a.md",
        '---\ntitle: Listed\ndate: 2018-06-15\nsummary: S.\nimages: ["/uploads/2018/06/x.jpg"]\n'
        "---\nBody.\n",
    )
    built = site.build(strict=True)
    assert built.error is None, built.errors()
    page = built.html("blog/2018/06/15/listed/index.html")
    assert meta_of(page, "og:image") == "https://example.com/repo/uploads/2018/06/x.jpg"
    image = card(built.html("blog/index.html"), "Listed").select_one("img")
    assert image is not None and image["src"].endswith("uploads/2018/06/x.jpg")


# -- 4. bare file names under a media prefix ----------------------------------------------
class TestMediaPrefix:
    @pytest.mark.parametrize(
        ("ref", "expected"),
        [
            ("x.png", "/images/uploads/x.png"),
            ("/x.png", "/x.png"),
            ("a/x.png", "a/x.png"),
            ("./x.png", "./x.png"),
            ("https://cdn.example.com/x.png", "https://cdn.example.com/x.png"),
            ("data:image/png;base64,AA", "data:image/png;base64,AA"),
            ("..", ".."),
        ],
    )
    def test_only_bare_names(self, ref, expected):
        assert with_media_prefix(ref, "/images/uploads/") == expected
        assert with_media_prefix(ref, "") == ref


def test_media_prefix_resolves_bare_thumbnails_for_every_check(site):
    site.config["plugins"].append("masthead/images")
    site.plugin_options(media_prefix="/images/uploads/")
    site.image("images/uploads/x.png")
    site.post(
        "a.md", "---\ntitle: Bare\ndate: 2024-01-01\nsummary: S.\nfeatured-image: x.png\n---\nB.\n"
    )
    site.post(
        "b.md", "---\ntitle: Gone\ndate: 2024-01-02\nsummary: S.\nfeatured-image: y.png\n---\nB.\n"
    )
    built = site.build()
    assert built.error is not None  # the image check looked for the prefixed path
    assert ours(built) == [
        "docs/blog/posts/b.md:5: image /images/uploads/y.png does not exist; did you mean "
        "/images/uploads/x.png?; add the file under docs/ or correct the path"
    ]
    (site.docs / "blog/posts/b.md").unlink()
    built = site.build(strict=True)
    assert built.error is None, built.errors()
    page = built.html("blog/2024/01/01/bare/index.html")
    assert meta_of(page, "og:image") == "https://example.com/repo/images/uploads/x.png"


# -- 5. description and summary --------------------------------------------------------
class TestDescriptionAndSummary:
    def test_description_alone_is_the_summary_too(self):
        meta, findings = mapped(
            "title: T\ndate: 2024-01-01\ndescription: Only this.\n", body="A paragraph.\n"
        )
        assert (meta.description, meta.summary, meta.summary_derived) == (
            "Only this.",
            "Only this.",
            False,
        )
        assert findings == []

    def test_both_keep_their_roles(self):
        meta, _ = mapped("description: Meta.\nsummary: Card.\n")
        assert (meta.description, meta.summary) == ("Meta.", "Card.")


def test_the_chosen_description_feeds_card_meta_feed_and_json_ld(full_site):
    full_site.post(
        "nested.md",
        "---\ntitle: Nested\ndate: 2024-05-01\nauthor: Ann\nseo:\n"
        "  description: The one text.\n---\nFirst paragraph, not used.\n",
    )
    full_site.post(
        "only.md", "---\ntitle: Only\ndate: 2024-01-01\ndescription: D only.\n---\nFirst.\n"
    )
    full_site.post(
        "both.md",
        "---\ntitle: Both\ndate: 2024-01-02\ndescription: Meta text.\nsummary: Card text.\n"
        "---\nFirst.\n",
    )
    built = full_site.build(strict=True)
    assert built.error is None, built.errors()
    index = built.html("blog/index.html")
    feed = feed_entries(built)
    only = built.html("blog/2024/01/01/only/index.html")
    assert meta_of(only, "description") == blog_posting(only)["description"] == "D only."
    assert card(index, "Only").select_one(".masthead-card__summary").get_text() == "D only."
    assert feed["Only"].summary == "D only."
    both = built.html("blog/2024/01/02/both/index.html")
    assert meta_of(both, "description") == blog_posting(both)["description"] == "Meta text."
    assert card(index, "Both").select_one(".masthead-card__summary").get_text() == "Card text."
    assert feed["Both"].summary == "Card text."
    nested = built.html("blog/2024/05/01/nested/index.html")
    for name in ("description", "og:description", "twitter:description"):
        assert meta_of(nested, name) == "The one text."
    assert blog_posting(nested)["description"] == "The one text."
    assert card(index, "Nested").select_one(".masthead-card__summary").get_text() == (
        "The one text."
    )
    assert feed["Nested"].summary == "The one text."
    assert not [m for m in built.messages() if "summary" in m]


# -- 6. authors ------------------------------------------------------------------------
AUTHOR_POSTS = {
    "a.md": "---\ntitle: First\ndate: 2024-01-01\nsummary: S.\nauthor: {a}\n---\nB.\n",
    "b.md": "---\ntitle: Second\ndate: 2024-01-02\nsummary: S.\nauthor: {b}\n---\nB.\n",
}


@pytest.mark.parametrize(
    "order", [("chris-macrae", "Chris Macrae"), ("Chris Macrae", "chris-macrae")]
)
def test_an_id_and_a_display_name_are_one_author_with_the_name(full_site, order):
    for name, text in AUTHOR_POSTS.items():
        full_site.post(name, text.format(a=order[0], b=order[1]))
    built = full_site.build(strict=True)
    assert built.error is None, built.errors()
    for path in ("blog/2024/01/01/first/index.html", "blog/2024/01/02/second/index.html"):
        page = built.html(path)
        assert meta_of(page, "author") == "Chris Macrae"
        names = [a.get_text(strip=True) for a in page.select(".masthead-byline__author")]
        assert names == ["Chris Macrae"]
        assert [a["name"] for a in blog_posting(page)["author"]] == ["Chris Macrae"]
    assert (built.site / "blog/author/chris-macrae/index.html").exists()
    assert not (built.site / "blog/author/chris-macrae-2").exists()


def test_the_authors_file_name_wins(full_site):
    full_site.write(
        "blog/.authors.yml",
        "authors:\n  chris-macrae:\n    name: C. Macrae\n    description: d\n"
        "    avatar: https://example.com/a.png\n",
    )
    for name, text in AUTHOR_POSTS.items():
        full_site.post(name, text.format(a="Chris Macrae", b="chris-macrae"))
    built = full_site.build()
    assert built.error is None, built.errors()
    page = built.html("blog/2024/01/01/first/index.html")
    assert meta_of(page, "author") == "C. Macrae"
    assert [a["name"] for a in blog_posting(page)["author"]] == ["C. Macrae"]


def test_registry_prefers_the_display_name():
    registry = AuthorRegistry("avatar.svg")
    author = registry.register("chris_macrae")
    found_author = registry.find("Chris Macrae")
    assert found_author is author
    registry.prefer_display_name(author, "Chris Macrae")
    registry.prefer_display_name(author, "chris-macrae")  # an id never replaces a name
    registry.prefer_display_name(author, "Chris MacRae")  # the first name stays
    assert (author.id, author.name) == ("chris-macrae", "Chris Macrae")


class TestAuthorObjects:
    def test_list_of_objects(self):
        meta, findings = mapped(
            "postauthors:\n  - name: Ann Lee\n    website: https://ann.example.com\n"
            "  - {display_name: Bo}\n  - {id: cy}\n  - {twitter: x}\n",
            keys=KeyNames(author=("postauthors",)),
        )
        assert meta.author_names == ["Ann Lee", "Bo", "cy"]
        assert meta.author_links == {"Ann Lee": "https://ann.example.com"}
        assert [(f.code, f.line, f.message) for f in findings if f.code.startswith("author")] == [
            ("author-invalid", 2, "`postauthors` has a value that is not a name")
        ]

    def test_one_object(self):
        meta, _ = mapped("author:\n  name: Ann Lee\n  url: /about/\n")
        assert (meta.author_names, meta.author_links) == (["Ann Lee"], {"Ann Lee": "/about/"})


def test_author_objects_with_websites_in_a_build(site):
    full_site = site  # no author profiles: a byline links the author's own website
    site.config["plugins"].append("masthead/faq")
    full_site.plugin_options(fields={"author": ["postauthors", "author"]})
    full_site.post(
        "a.md",
        "---\ntitle: Objects\ndate: 2024-01-01\nsummary: S.\npostauthors:\n"
        "  - name: Ann Lee\n    website: https://ann.example.com/\n"
        "  - name: Bo Ray\n    website: 'javascript:alert(1)'\n---\nB.\n",
    )
    built = full_site.build()
    assert built.error is None, built.errors()
    page = built.html("blog/2024/01/01/objects/index.html")
    links = [
        (a.get_text(strip=True), a.find("a")["href"] if a.find("a") else None)
        for a in page.select(".masthead-byline__author")
    ]
    assert links == [("Ann Lee", "https://ann.example.com/"), ("Bo Ray", None)]
    people = blog_posting(page)["author"]
    assert people == [
        {"@type": "Person", "name": "Ann Lee", "url": "https://ann.example.com/"},
        {"@type": "Person", "name": "Bo Ray"},
    ]
    assert [m for m in built.messages() if "javascript" in m] == [
        "docs/blog/posts/a.md:5: author 'Bo Ray' has the link 'javascript:alert(1)', which "
        "is not a web address or a path (`javascript:` URLs are not allowed); use an https:// "
        "address"
    ]


# -- 7. dates ------------------------------------------------------------------------------
MINUS_11 = timezone(timedelta(hours=-11))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("February 21, 2017", datetime(2017, 2, 21, tzinfo=UTC)),
        ("Feb 21, 2017", datetime(2017, 2, 21, tzinfo=UTC)),
        ("Feb. 21st, 2017", datetime(2017, 2, 21, tzinfo=UTC)),
        ("21 February 2017", datetime(2017, 2, 21, tzinfo=UTC)),
        ("21st of February, 2017", datetime(2017, 2, 21, tzinfo=UTC)),
        ("Tuesday, February 21, 2017 10:30 PM", datetime(2017, 2, 21, 22, 30, tzinfo=UTC)),
        ("Feb 21, 2017 at 12:05 am", datetime(2017, 2, 21, 0, 5, tzinfo=UTC)),
        ("2018-06-15 03:30:13 -1100", datetime(2018, 6, 15, 3, 30, 13, tzinfo=MINUS_11)),
        ("2018-06-15 03:30:13 -1100 -11", datetime(2018, 6, 15, 3, 30, 13, tzinfo=MINUS_11)),
        ("2017-02-21 10:00:00 +0000 UTC", datetime(2017, 2, 21, 10, tzinfo=UTC)),
        ("2017-02-21T10:00:00.000Z", datetime(2017, 2, 21, 10, tzinfo=UTC)),
        ("2017/02/21", datetime(2017, 2, 21, tzinfo=UTC)),
        ("2017/2/1 9:05", datetime(2017, 2, 1, 9, 5, tzinfo=UTC)),
        ("Tue, 21 Feb 2017 10:00:00 +0000", datetime(2017, 2, 21, 10, tzinfo=UTC)),
        ("Tue, 21 Feb 2017 10:00:00 GMT", datetime(2017, 2, 21, 10, tzinfo=UTC)),
        (
            "Tue, 21 Feb 2017 10:00:00 EST",
            datetime(2017, 2, 21, 10, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("Tue, 21 Feb 2017 10:00:00 +0000 (UTC)", datetime(2017, 2, 21, 10, tzinfo=UTC)),
        ("1487671200", datetime(2017, 2, 21, 10, tzinfo=UTC)),
        (1487671200, datetime(2017, 2, 21, 10, tzinfo=UTC)),
        (1487671200250, datetime(2017, 2, 21, 10, 0, 0, 250000, tzinfo=UTC)),
    ],
)
def test_date_forms(text, expected):
    parsed = parse_date(text)
    assert parsed == expected and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("21 Febtober 2017", "Febtober is not the name of a month"),
        ("Someday, 21 Feb 2017", "it is not a date"),
        ("February 30, 2017", "it is not a real date (day is out of range for month)"),
        ("Feb 21, 2017 13:00 PM", "it is not a real date (hour 13 with PM)"),
        (
            "2017-02-21 10:00 CEST",
            "the time zone CEST is not one this reader knows (write an offset)",
        ),
        (
            "02/03/2017",
            "day and month could be either way round (2 Mar or 3 Feb), write it as 2017-MM-DD",
        ),
        ("2017-02-21" + " " * 200 + "x", "it is not a date"),
        (123456789, "int is not a date"),
    ],
)
def test_unreadable_dates(text, reason):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == reason


MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _offset(moment: datetime) -> str:
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _clock12(moment: datetime) -> str:
    return f"{(moment.hour % 12) or 12}:{moment.minute:02d} {'PM' if moment.hour >= 12 else 'AM'}"


# Each form: how a generator writes a moment, and what of the moment it keeps.
FORMS = {
    "iso-z": (
        lambda m: (
            m.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{m.microsecond // 1000:03d}Z"
        ),
        lambda m: m.replace(microsecond=m.microsecond // 1000 * 1000).astimezone(UTC),
    ),
    "go": (lambda m: m.strftime("%Y-%m-%d %H:%M:%S ") + _offset(m), lambda m: m),
    "slashes": (lambda m: m.strftime("%Y/%m/%d"), lambda m: m.replace(hour=0, minute=0, second=0)),
    "month-first": (
        lambda m: f"{MONTH_NAMES[m.month - 1]} {m.day}, {m.year}",
        lambda m: m.replace(hour=0, minute=0, second=0),
    ),
    "short-month": (
        lambda m: (
            f"{MONTH_NAMES[m.month - 1][:3]} {m.day:02d}, {m.year} {_clock12(m)} " + _offset(m)
        ),
        lambda m: m.replace(second=0),
    ),
    "day-first": (
        lambda m: f"{m.day} {MONTH_NAMES[m.month - 1]} {m.year}",
        lambda m: m.replace(hour=0, minute=0, second=0),
    ),
    "rfc2822": (lambda m: format_datetime(m), lambda m: m),
}


@st.composite
def moments(draw, latest: datetime = datetime(9998, 12, 30)) -> datetime:
    minutes = draw(st.integers(-(12 * 60), 14 * 60))
    zone = UTC if minutes == 0 else timezone(timedelta(minutes=minutes))
    moment = draw(st.datetimes(min_value=datetime(1900, 1, 2), max_value=latest))
    return moment.replace(tzinfo=zone)


@settings(max_examples=examples(200), deadline=None)
@given(moments(), st.sampled_from(sorted(FORMS)), st.sampled_from(["", "  ", "\t"]))
def test_every_form_round_trips(moment, form, padding):
    write, kept = FORMS[form]
    if form != "iso-z":
        moment = moment.replace(microsecond=0)
    text = padding + write(moment) + padding
    parsed = parse_date(text)
    expected = kept(moment)
    if form in ("slashes", "month-first", "day-first"):  # no zone written: the site's zone
        expected = expected.replace(tzinfo=UTC)
    assert parsed == expected, text
    assert parsed.utcoffset() == expected.utcoffset(), text


@settings(max_examples=examples(100), deadline=None)
@given(st.integers(1_000_000_000, 9_999_999_999))
def test_unix_seconds(seconds):
    assert parse_date(seconds) == datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    assert parse_date(str(seconds)) == parse_date(seconds)


def test_a_month_name_date_builds(site):
    site.post("a.md", "---\ntitle: Named\ndate: February 21, 2017\nsummary: S.\n---\nB.\n")
    site.post("b.md", "---\ntitle: Bad\ndate: 21 Febtober 2017\nsummary: S.\n---\nB.\n")
    built = site.build()
    assert built.error is not None
    assert ours(built) == [
        "docs/blog/posts/b.md:3: `date: 21 Febtober 2017` cannot be read as a date: Febtober "
        "is not the name of a month; write it as `2024-12-04`, `2024-12-04 08:30` or "
        "`2024-12-04T08:30:00Z`"
    ]
    (site.docs / "blog/posts/b.md").unlink()
    built = site.build(strict=True)
    assert built.error is None, built.errors()
    assert (built.site / "blog/2017/02/21/named/index.html").exists()


# -- 8. expiry -------------------------------------------------------------------------------
def _expiry_site(site) -> None:
    site.config["plugins"].append("masthead/tags")
    site.post(
        "old.md",
        f"---\ntitle: Expired\ndate: 2024-01-01\nsummary: S.\ntags: [seo]\nexpiryDate: {PAST}\n"
        "---\nB.\n",
    )
    site.post(
        "live.md",
        f"---\ntitle: Live\ndate: 2024-01-02\nsummary: S.\ntags: [seo]\nexpirydate: {FUTURE}\n"
        "---\nB.\n",
    )
    site.post(
        "odd.md",
        "---\ntitle: Odd\ndate: 2024-01-03\nsummary: S.\ntags: [seo]\nexpires: soon\n---\nB.\n",
    )


def test_an_expired_post_is_retired_like_a_draft(site, capsys):
    _expiry_site(site)
    built = site.build()
    assert built.error is None, built.errors()
    assert sorted(p.parent.name for p in built.post_pages()) == ["live", "odd"]
    titles = [
        a.get_text(strip=True)
        for a in built.html("blog/index.html").select(".masthead-card__title a")
    ]
    assert titles == ["Odd", "Live"]
    assert set(feed_entries(built)) == {"Odd", "Live"}
    tag_titles = [
        a.get_text(strip=True)
        for a in built.html("blog/tags/seo/index.html").select(".masthead-card__title a")
    ]
    assert tag_titles == ["Odd", "Live"]
    expected = [
        "docs/blog/posts/odd.md:6: `expires: soon` cannot be read as a date: it is not a "
        "date; write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`",
        f"docs/blog/posts/old.md:6: the post expired on {PAST} (`expiryDate`); it is left "
        f"out of the site, its indexes and feeds; remove the `expiryDate` line to publish it "
        "again, or delete the post",
    ]
    assert ours(built) == expected
    assert sorted(problem_lines(check_json(site.root, capsys))) == expected


def test_serve_shows_an_expired_post_with_a_mark(site):
    _expiry_site(site)
    built = site.build(command="serve")
    assert built.error is None, built.errors()
    page = next(p for p in built.post_pages() if p.parent.name == "expired")
    from bs4 import BeautifulSoup

    mark = BeautifulSoup(page.read_text(), "html.parser").select_one("p.masthead-status")
    assert mark.get_text(" ", strip=True) == (
        "Expired : not on the published site since its expiry date."
    )
    assert set(feed_entries(built)) == {"Odd", "Live"}


# -- 9. files that are not posts ---------------------------------------------------------
def test_not_posts():
    uris = [
        "blog/posts/_index.md",
        "blog/posts/index.md",
        "blog/posts/README.md",
        "blog/posts/a.md",
        "blog/posts/bundle/index.md",
        "blog/posts/2020/INDEX.md",
        "blog/posts/2020/b.md",
        "blog/posts/2021/readme.markdown",
        "blog/posts/2021/_Index.md",
        "blog/posts/trip/index.md",  # a Hugo bundle with its translation: two posts
        "blog/posts/trip/index.fr.md",
    ]
    left_out = not_posts(uris, "blog/posts")
    assert sorted(left_out) == [
        "blog/posts/2020/INDEX.md",
        "blog/posts/2021/_Index.md",
        "blog/posts/2021/readme.markdown",
        "blog/posts/README.md",
        "blog/posts/_index.md",
        "blog/posts/index.md",
    ]
    assert (
        left_out["blog/posts/README.md"].message == "this is a README, not a post; it is left out"
    )


def test_files_that_are_not_posts_are_left_out_and_said_so(site, capsys):
    site.post("_index.md", "---\ntitle: Blog\n---\nThe old section page.\n")
    site.post("README.md", "# Posts\n\nHow to write a post.\n")
    site.post("2020/index.md", "---\ntitle: 2020\n---\nSection.\n")
    site.post("2020/a.md", "---\ntitle: A\ndate: 2020-01-01\nsummary: S.\n---\nB.\n")
    site.post("bundle/index.md", "---\ntitle: Bundle\ndate: 2020-02-02\nsummary: S.\n---\nB.\n")
    built = site.build(strict=True)
    assert built.error is None, built.errors()
    assert sorted(p.parent.name for p in built.post_pages()) == ["a", "bundle"]
    titles = [
        a.get_text(strip=True)
        for a in built.html("blog/index.html").select(".masthead-card__title a")
    ]
    assert titles == ["Bundle", "A"]
    fix = "delete it or move it out of the posts folder"
    expected = [
        "docs/blog/posts/2020/index.md:1: this is a section page of the old site, not a post; "
        f"it is left out; {fix}",
        f"docs/blog/posts/README.md:1: this is a README, not a post; it is left out; {fix}",
        "docs/blog/posts/_index.md:1: this is a section page of the old site, not a post; "
        f"it is left out; {fix}",
    ]
    assert ours(built) == expected
    assert sorted(problem_lines(check_json(site.root, capsys))) == expected
    assert not list(built.site.rglob("README*"))


# -- generated front matter shapes -------------------------------------------------------
_SEGMENTS = st.sampled_from(["seo", "meta", "og", "img", "description", "url", "x.y"])
_LEAVES = st.one_of(
    st.none(),
    st.just(""),
    st.just("   "),
    st.just([]),
    st.just({}),
    st.text(string.ascii_letters + " ", min_size=1, max_size=12),
    st.integers(-5, 5),
    st.booleans(),
    st.lists(st.text(string.ascii_letters, max_size=5), max_size=3),
)


def _put(data: dict, path: tuple[str, ...], value) -> None:
    for part in path[:-1]:
        if not isinstance(data.get(part), dict):
            data[part] = {}
        data = data[part]
    data[path[-1]] = value


@st.composite
def shapes(draw) -> tuple[dict, tuple[str, ...]]:
    """Front matter with values at random (dotted) paths, and the candidate list."""
    candidates = tuple(
        draw(
            st.lists(
                st.lists(_SEGMENTS, min_size=1, max_size=3).map(".".join), min_size=1, max_size=4
            )
        )
    )
    data: dict = {"title": "T", "date": "2024-01-01"}
    for _ in range(draw(st.integers(0, 6))):
        path = draw(st.sampled_from(candidates)).split(".")
        if draw(st.booleans()):
            path = [".".join(path)]  # the literal dotted key
        _put(data, tuple(path), draw(_LEAVES))
    return data, candidates


def _at(data: dict, path: str):
    """What a writer means by `path`: the key written with the dots, else the nested one."""
    if path in data:
        return data[path]
    value = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _oracle(data: dict, candidates: tuple[str, ...]) -> str | None:
    """The description a reader expects: the first candidate with a value; text of it."""
    for path in candidates:
        value = _at(data, path)
        if value is not None and value != [] and value != {} and str(value).strip():
            if isinstance(value, bool):
                return "true" if value else "false"
            if isinstance(value, (str, int)):
                return " ".join(str(value).split())
            return None
    return None


def _texts(value) -> set[str]:
    if isinstance(value, str):
        return {value.strip()}
    items = value.values() if isinstance(value, dict) else value
    return set().union(*map(_texts, items)) if isinstance(value, (dict, list)) else set()


@settings(max_examples=examples(150), deadline=None)
@given(shapes())
def test_generated_shapes_map_to_the_first_candidate_with_a_value(shape):
    data, candidates = shape
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    front = yamlmeta.parse(text, 2)
    assert front.findings == []
    meta, findings = map_front_matter(
        front,
        body="Body.",
        filename="x.md",
        keys=KeyNames(description=candidates, thumbnail=candidates),
    )
    assert meta.description == _oracle(data, candidates)
    assert meta.thumbnail is None or meta.thumbnail in _texts(data)
    if "description" in meta.lines:  # the line shows the key the value is under
        line = text.splitlines()[meta.lines["description"] - 2]
        last = meta.path["description"].rsplit(".", 1)[-1]
        assert line.strip().startswith(
            (f"{last}:", f"'{meta.path['description']}':", f"{meta.path['description']}:")
        ), (line, meta.path)
    for finding in findings:
        assert 1 <= finding.line <= len(text.splitlines()) + 2


@pytest.mark.fuzz
@settings(
    max_examples=examples(3),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # each build clears caplog
)
@given(
    shapes(),
    moments(latest=datetime(2024, 12, 30)),  # published, not scheduled
    st.sampled_from(sorted(FORMS)),
    st.sampled_from(["images", "image", "cover", "opengraph.image", "featuredImage"]),
)
def test_generated_posts_build_with_one_text_everywhere(
    tmp_path_factory, caplog, shape, moment, form, image_key
):
    from conftest import Site

    data, candidates = shape
    site = Site(tmp_path_factory.mktemp("shape"), caplog)
    site.plugin_options(fields={"description": list(candidates)})
    site.image("uploads/x.png")
    data = {**data, "title": "Shaped", "date": FORMS[form][0](moment.replace(microsecond=0))}
    _put(data, tuple(image_key.split(".")), [{"url": "/uploads/x.png"}])
    site.post("shaped.md", "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\nFirst words.\n")
    built = site.build()
    assert built.error is None, built.errors()
    [page_path] = built.post_pages()
    from bs4 import BeautifulSoup

    page = BeautifulSoup(page_path.read_text("utf-8"), "html.parser")
    expected = _oracle(data, candidates) or "First words."
    assert meta_of(page, "description") == expected
    assert feed_entries(built)["Shaped"].summary == expected
    assert meta_of(page, "og:image") == "https://example.com/repo/uploads/x.png"
    assert not [m for m in built.messages() if "no summary" in m] or expected == "First words."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("categories: news garden\n", ["news", "garden"]),
        ("categories: Local history, News\n", ["Local history", "News"]),
        ("category: Recipes\n", ["Recipes"]),
        ("categories: [A]\ncategory: B\n", ["A"]),
    ],
)
def test_jekyll_categories_as_text(lines, expected):
    """Jekyll writes categories as words or one `category`; Material reads a list."""
    from masthead.core import yamlmeta
    from masthead.core.mapping import map_front_matter

    front = yamlmeta.parse(f"title: T\ndate: 2020-01-02\n{lines}", 2)
    meta, findings = map_front_matter(front, body="Text.", filename="x.md")
    assert front.data["categories"] == expected
    assert "categories" not in meta.dropped
    assert not [f for f in findings if f.code == "meta-invalid"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5/30/2024", "2024-05-30"), ("30.05.2024", "2024-05-30"), ("3/3/2020", "2020-03-03")],
)
def test_numeric_dates_in_the_one_order_that_is_a_date(text, expected):
    from masthead.core.dates import parse_date

    assert parse_date(text).date().isoformat() == expected


def test_numeric_dates_that_could_be_either_way_are_named():
    from masthead.core.dates import DateError, parse_date

    with pytest.raises(DateError) as error:
        parse_date("02/03/2017")
    assert str(error.value) == (
        "day and month could be either way round (2 Mar or 3 Feb), write it as 2017-MM-DD"
    )


def test_a_setext_heading_is_not_the_summary():
    """`Title` over `=====` (Jekyll posts of the 2000s) is a heading, as Python-Markdown
    reads it: the summary is the paragraph after it."""
    from masthead.core.summary import derive_summary

    body = "Blogging Like a Hacker\n======================\n\nBack in 2000 I wrote.\n"
    assert derive_summary(body) == "Back in 2000 I wrote."
    assert derive_summary("Part two\n--------\nThe road.\n") == "The road."
