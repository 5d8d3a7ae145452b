"""Structured data (issue #17, point 3): `BlogPosting` with `dateModified`, `author.url`,
images and a publisher logo; `BreadcrumbList` on posts and tag pages; `WebSite` and
`Organization` on the home page; the sitemap's `<lastmod>` and image entries.

Real builds in temporary folders (some of them git repositories), the JSON-LD parsed,
expanded by PyLD and checked term by term against the part of the schema.org vocabulary
it uses (`VOCABULARY`), the sitemap parsed with ElementTree; the pure parts
(`core.gitdates`, `core.sitemap`, `core.jsonld`) tested directly, with generators.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import HTML_SOUP, examples
from hypothesis import given, settings
from hypothesis import strategies as st
from masthead.core import gitdates, jsonld, picture, sitemap, yamlmeta
from masthead.core.mapping import FieldMapper, KeyNames, map_date, map_updated
from pyld import jsonld as pyld

SITE = "https://example.com/repo/"
S = "https://schema.org/"
SM = {"s": sitemap.SITEMAP_NS, "image": sitemap.IMAGE_NS}
GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")

# The schema.org terms the JSON-LD uses: each type, its parent, and the properties
# schema.org gives it (domainIncludes) beyond its parent's. A typo, a property on a type
# that has no such property, or a type schema.org does not define fails the check.
VOCABULARY: dict[str, tuple[str | None, set[str]]] = {
    "Thing": (None, {"name", "url", "description", "image", "mainEntityOfPage"}),
    "CreativeWork": (
        "Thing",
        {
            "headline",
            "datePublished",
            "dateModified",
            "author",
            "publisher",
            "keywords",
            "inLanguage",
            "mainEntity",
        },
    ),
    "Article": ("CreativeWork", set()),
    "SocialMediaPosting": ("Article", set()),
    "BlogPosting": ("SocialMediaPosting", set()),
    "WebPage": ("CreativeWork", set()),
    "FAQPage": ("WebPage", set()),
    "WebSite": ("CreativeWork", set()),
    "MediaObject": ("CreativeWork", {"contentUrl"}),
    "ImageObject": ("MediaObject", set()),
    "Organization": ("Thing", {"logo"}),
    "Person": ("Thing", set()),
    "Question": ("CreativeWork", {"acceptedAnswer"}),
    "Answer": ("CreativeWork", {"text"}),
    "ItemList": ("Thing", {"itemListElement"}),
    "BreadcrumbList": ("ItemList", set()),
    "ListItem": ("Thing", {"position", "item"}),
}


def _allowed(kind: str) -> set[str]:
    parent, own = VOCABULARY[kind]
    return own | (_allowed(parent) if parent else set())


def offline_loader(url, options=None):
    """schema.org's context, without the network: its terms are its vocabulary's."""
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": S}}}


def _check_terms(node: dict) -> int:
    """Every type and property of an expanded node (and the nodes in it) is schema.org's
    and fits its type; returns how many nodes were checked."""
    kinds = [t.removeprefix(S) for t in node.get("@type", [])]
    assert all(t in VOCABULARY for t in kinds), kinds
    count = 1
    for key, values in node.items():
        if key.startswith("@"):
            continue
        assert key.startswith(S), key
        term = key.removeprefix(S)
        assert kinds, f"{term} on a node without a type (only @id references are)"
        assert any(term in _allowed(k) for k in kinds), f"{term} is not a property of {kinds}"
        for value in values:
            if isinstance(value, dict) and "@value" not in value and "@type" in value:
                count += _check_terms(value)
    return count


def scripts(page: str) -> list[dict]:
    """Each JSON-LD document of a page's `<head>`, checked: after `<meta charset>`, one
    script, every term schema.org's."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    found = soup.head.find_all("script", attrs={"type": "application/ld+json"})
    if found:
        assert page.index("<meta charset") < page.index("application/ld+json") < 1024
    out = []
    for script in found:
        data = json.loads(script.string)
        assert data["@context"] == "https://schema.org"
        expanded = pyld.expand(data, {"documentLoader": offline_loader})
        assert expanded
        for node in expanded:
            assert _check_terms(node) >= 1
        out.append(data)
    return out


def graph(built, path: str) -> dict[str, dict]:
    """The page's one @graph, by type."""
    [data] = scripts((built.site / path).read_text("utf-8"))
    return {node["@type"]: node for node in data["@graph"]}


def urls_of(xml: bytes) -> dict[str, tuple[str | None, list[str]]]:
    """loc -> (lastmod, image locs) of a sitemap."""
    root = ET.fromstring(xml)
    out = {}
    for url in root.findall("s:url", SM):
        lastmod = url.find("s:lastmod", SM)
        out[url.findtext("s:loc", namespaces=SM)] = (
            lastmod.text if lastmod is not None else None,
            [i.text for i in url.findall("image:image/image:loc", SM)],
        )
    return out


def git(root: Path, *args: str, when: str = "2025-02-03T04:05:06+01:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def commit_all(root: Path, when: str) -> None:
    git(root, "add", "-A", when=when)
    git(root, "commit", "-q", "--allow-empty", "-m", "x", when=when)


# -- core.gitdates ---------------------------------------------------------------------------


def log_text(commits: list[tuple[datetime, list[str]]]) -> str:
    """What `gitdates.LOG_COMMAND` prints for these commits (newest first)."""
    out = []
    for moment, names in commits:
        out.append(f"\0{moment.isoformat()}\0")
        if names:
            out.append("\n" + "".join(f"{n}\0" for n in names))
    return "".join(out)


def test_parse_log_reads_names_as_git_writes_them():
    text = log_text(
        [
            (datetime(2025, 3, 1, tzinfo=UTC), ["a.md", "we\nird.md", '"q".md']),
            (datetime(2025, 2, 1, tzinfo=UTC), []),  # an empty commit
            (datetime(2025, 1, 1, tzinfo=UTC), ["\nnewline-first.md", "a.md", "\x1e.md"]),
        ]
    )
    assert gitdates.parse_log(text) == {
        "a.md": datetime(2025, 3, 1, tzinfo=UTC),
        "we\nird.md": datetime(2025, 3, 1, tzinfo=UTC),
        '"q".md': datetime(2025, 3, 1, tzinfo=UTC),
        "\nnewline-first.md": datetime(2025, 1, 1, tzinfo=UTC),
        "\x1e.md": datetime(2025, 1, 1, tzinfo=UTC),
    }
    assert gitdates.parse_log("") == {}
    assert gitdates.parse_log("\0not a date\0\na.md\0") == {}
    assert gitdates.parse_log("garbage\0\0") == {}


NAMES = st.text(st.characters(blacklist_characters="\0"), min_size=1, max_size=12)
MOMENTS = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))


@settings(max_examples=examples(200))
@given(st.lists(st.tuples(MOMENTS, st.lists(NAMES, max_size=5, unique=True)), max_size=8))
def test_parse_log_gives_each_name_its_newest_date(commits):
    expected: dict[str, datetime] = {}
    for moment, names in commits:
        for name in names:
            expected[name] = max(expected.get(name, moment), moment)
    assert gitdates.parse_log(log_text(commits)) == expected


@settings(max_examples=examples(200))
@given(st.text(max_size=200))
def test_parse_log_never_fails_on_any_text(text):
    assert isinstance(gitdates.parse_log(text), dict)


@needs_git
def test_git_dates_of_a_real_repository_with_hostile_names(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    names = ["a.md", "we\nird.md", '"q".md', "-dash.md", "sp ace.md", "ünï.md", "\x1e.md"]
    git(tmp_path, "init", "-q")
    for name in names:
        (docs / name).write_text("x", "utf-8")
    (tmp_path / "outside.md").write_text("x", "utf-8")
    commit_all(tmp_path, "2025-01-02T03:04:05+01:00")
    (docs / "a.md").write_text("y", "utf-8")
    commit_all(tmp_path, "2025-06-07T08:09:10-04:00")
    dates = gitdates.GitDates()
    found = dates.of_folder(str(docs))
    first = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    assert found == {
        **dict.fromkeys(names, first),
        "a.md": datetime(2025, 6, 7, 8, 9, 10, tzinfo=timezone(timedelta(hours=-4))),
    }
    (docs / "a.md").write_text("dirty", "utf-8")  # uncommitted: its commit's date stays
    assert dates.of_folder(str(docs)) == found and dates.runs == 1  # HEAD is the same
    commit_all(tmp_path, "2025-07-01T00:00:00+00:00")
    assert dates.of_folder(str(docs))["a.md"] == datetime(2025, 7, 1, tzinfo=UTC)
    assert dates.runs == 2


@needs_git
def test_no_git_dates_without_a_repository_a_commit_or_history(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("x", "utf-8")
    dates = gitdates.GitDates()
    assert dates.of_folder(str(docs)) == {}  # not a repository
    git(tmp_path, "init", "-q")
    assert dates.of_folder(str(docs)) == {}  # no commit yet
    commit_all(tmp_path, "2025-01-01T00:00:00+00:00")
    commit_all(tmp_path, "2025-01-02T00:00:00+00:00")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{tmp_path}", str(shallow))
    assert gitdates.GitDates().of_folder(str(shallow / "docs")) == {}  # a shallow clone
    assert dates.of_folder(str(tmp_path / "missing")) == {}  # no such folder
    no_git = gitdates.GitDates(
        run=lambda args, cwd: gitdates.run_git(("no-such-git", *args[1:]), cwd)
    )
    assert no_git.of_folder(str(docs)) == {}  # no git program
    failing = gitdates.GitDates(run=lambda args, cwd: None if args[1] == "log" else "false\nabc\n")
    assert failing.of_folder(str(docs)) == {}  # git log failing


# -- the updated date in front matter --------------------------------------------------------


@pytest.mark.parametrize("key", KeyNames().updated)
def test_each_updated_key_is_read(key):
    m = FieldMapper(yamlmeta.parse(f"date: 2024-01-01\n{key}: 2024-02-03 04:05\n", 2))
    for step in (map_date, map_updated):
        step(m)
    assert m.meta.updated == datetime(2024, 2, 3, 4, 5, tzinfo=UTC)
    assert m.findings == []


def test_materials_own_updated_wins_and_a_bad_one_is_ignored():
    m = FieldMapper(
        yamlmeta.parse(
            "date:\n  created: 2024-01-01\n  updated: 2024-03-01\nlastmod: 2025-01-01\n", 2
        )
    )
    for step in (map_date, map_updated):
        step(m)
    assert m.meta.updated == datetime(2024, 3, 1, tzinfo=UTC)
    m = FieldMapper(yamlmeta.parse("date: 2024-01-01\nlastmod: last tuesday\n", 2))
    for step in (map_date, map_updated):
        step(m)
    assert m.meta.updated is None
    assert [(f.code, f.line, f.message) for f in m.findings] == [
        (
            "updated-invalid",
            3,
            "`lastmod: last tuesday` cannot be read as a date: it is not a date",
        )
    ]


def test_a_bad_updated_date_warns_with_file_and_line_and_the_post_is_built(blog):
    blog.post("beta.md", BETA.replace("tags:", "updated: someday\ntags:"))
    built = blog.build()
    assert built.error is None
    assert built.messages(logging.WARNING) == [
        "docs/blog/posts/beta.md:6: `updated: someday` cannot be read as a date: it is not a "
        "date; write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`"
    ]
    beta = graph(built, page_of(B_URL))["BlogPosting"]
    assert beta["dateModified"] == beta["datePublished"]


# -- core.jsonld ---------------------------------------------------------------------------


def test_modified_prefers_updated_then_commit_never_before_published():
    p, u, c = (datetime(2024, m, 1, tzinfo=UTC) for m in (3, 5, 4))
    assert jsonld.modified(p, u, c) == u
    assert jsonld.modified(p, None, c) == c
    assert jsonld.modified(p, None, None) == p
    assert jsonld.modified(p, datetime(2024, 1, 1, tzinfo=UTC), c) == p  # before: published
    assert jsonld.modified(None, None, None) is None


@given(st.one_of(st.none(), MOMENTS), st.one_of(st.none(), MOMENTS), st.one_of(st.none(), MOMENTS))
def test_modified_is_never_before_published(published, updated, committed):
    moment = jsonld.modified(published, updated, committed)
    if published is not None:
        assert moment is not None and moment >= published
        assert moment in (published, updated or committed)


def test_breadcrumbs_number_from_one_and_skip_a_repeated_page():
    node = jsonld.breadcrumb_list(
        [("Home", SITE), ("Blog", SITE), ("Post", f"{SITE}p/"), ("", f"{SITE}x/")], f"{SITE}p/"
    )
    assert node == {
        "@type": "BreadcrumbList",
        "@id": f"{SITE}p/#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": SITE},
            {"@type": "ListItem", "position": 2, "name": "Post", "item": f"{SITE}p/"},
        ],
    }
    assert jsonld.breadcrumb_list([("Home", SITE)], SITE) is None


def test_absolute_keeps_only_http_urls():
    assert jsonld.absolute("images/a.png", SITE) == f"{SITE}images/a.png"
    assert jsonld.absolute("/images/a.png", SITE) == "https://example.com/images/a.png"
    assert jsonld.absolute("https://cdn.example/a.png", SITE) == "https://cdn.example/a.png"
    for bad in ("javascript:alert(1)", "data:image/png;base64,AA", "", None):
        assert jsonld.absolute(bad, SITE) is None
    assert jsonld.absolute("images/a.png", None) is None


# -- core.sitemap ----------------------------------------------------------------------------

MKDOCS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url>
         <loc>https://example.com/repo/</loc>
         <lastmod>2026-01-01</lastmod>
    </url>
    <url>
         <loc>https://example.com/repo/p/?a=1&amp;b=2</loc>
         <lastmod>2026-01-01</lastmod>
         <changefreq>daily</changefreq>
    </url>
    <url>
         <loc>https://example.com/repo/other/</loc>
         <lastmod>2026-01-01</lastmod>
    </url>
</urlset>"""


def test_sitemap_rewrite_sets_lastmod_and_images_and_keeps_the_rest():
    entries = {
        SITE: sitemap.Entry(),
        f"{SITE}p/?a=1&b=2": sitemap.Entry("2025-01-02T00:00:00+00:00", (f"{SITE}a.png?x=<&>",)),
    }
    out = sitemap.rewrite(MKDOCS_SITEMAP, entries)
    assert out is not None
    assert urls_of(out) == {
        SITE: (None, []),
        f"{SITE}p/?a=1&b=2": ("2025-01-02T00:00:00+00:00", [f"{SITE}a.png?x=<&>"]),
        f"{SITE}other/": ("2026-01-01", []),  # no entry: as it was
    }
    changefreq = ET.fromstring(out).find("s:url[2]/s:changefreq", SM)
    assert changefreq is not None and changefreq.text == "daily"
    assert sitemap.rewrite(out, entries) == out  # rewriting again changes nothing
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns=')


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset/>',
        b"<urlset><url><loc>x</loc></url></urlset>",  # no namespace
        b'<feed xmlns="http://www.w3.org/2005/Atom"/>',
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><y xmlns=""/></urlset>',
        b" " * (sitemap.MAX_BYTES + 1),
    ],
    ids=["empty", "text", "entity", "no-namespace", "atom", "unqualified-element", "huge"],
)
def test_sitemap_rewrite_leaves_what_it_cannot_read(data):
    assert sitemap.rewrite(data, {SITE: sitemap.Entry("2025")}) is None


def test_sitemap_rewrite_keeps_other_extensions():
    xhtml = "http://www.w3.org/1999/xhtml"
    data = (
        f'<urlset xmlns="{sitemap.SITEMAP_NS}" xmlns:xhtml="{xhtml}"><url><loc>{SITE}</loc>'
        f'<xhtml:link rel="alternate" hreflang="de" href="{SITE}de/"/></url></urlset>'
    ).encode()
    out = sitemap.rewrite(data, {SITE: sitemap.Entry("2025-01-01")})
    assert out is not None
    link = ET.fromstring(out).find(f"s:url/{{{xhtml}}}link", SM)
    assert link is not None and link.get("href") == f"{SITE}de/"
    assert urls_of(out) == {SITE: ("2025-01-01", [])}


URL_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=examples(100))
@given(
    st.dictionaries(
        URL_TEXT.map(lambda t: SITE + t),
        st.builds(
            sitemap.Entry,
            st.one_of(st.none(), URL_TEXT.filter(bool)),
            st.lists(URL_TEXT.filter(bool), max_size=3).map(tuple),
        ),
        max_size=5,
    )
)
def test_sitemap_rewrite_says_what_each_entry_says(entries):
    """Any text (XML's forbidden characters aside: URLs and dates never hold them)."""
    clean = {
        k: v
        for k, v in entries.items()
        if all(_xml_text(t) for t in (k, v.lastmod or "", *v.images))
    }
    body = "".join(f"<url><loc>{_escape(loc)}</loc></url>" for loc in clean)
    data = f'<urlset xmlns="{sitemap.SITEMAP_NS}">{body}</urlset>'.encode()
    out = sitemap.rewrite(data, clean)
    assert out is not None
    found = urls_of(out)
    for loc, entry in clean.items():
        assert found[loc.strip()] == (entry.lastmod, list(entry.images))


def _xml_text(text: str) -> bool:
    return all(c in "\t\n" or ord(c) >= 0x20 for c in text) and text == text.strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_local_images_are_absolute_escaped_and_of_the_site():
    found = sitemap.local_images(
        [
            "../../images/a.png",
            "/repo/images/b c.png#x",
            f"{SITE}images/ü.png",
            "https://other.example/repo/x.png",
            "/elsewhere/x.png",
            "data:image/png;base64,AA",
            "http://[broken",
            "../../images/a.png",
        ],
        "blog/post/",
        SITE,
    )
    assert found == [f"{SITE}images/a.png", f"{SITE}images/b%20c.png", f"{SITE}images/%C3%BC.png"]
    assert sitemap.local_images(["a.png"], "", "") == []


@settings(max_examples=examples(200))
@given(st.lists(st.text(max_size=30), max_size=5), st.text(max_size=20))
def test_local_images_never_leave_the_site(sources, page_url):
    for url in sitemap.local_images(sources, page_url, SITE):
        assert url.startswith(SITE) and " " not in url and "<" not in url


@settings(max_examples=examples(200))
@given(HTML_SOUP)
def test_img_sources_read_any_html(html):
    assert all(isinstance(s, str) and s for s in picture.image_sources(html))


def test_img_sources_in_order():
    html = (
        '<p><img alt="a" src="a.png"><IMG SRC=b.png /><img src=""><img></p>'
        '<img src=\' c.png \'><img data-src="no.png" src="d.png?x=1&amp;y=2">'
    )
    assert picture.image_sources(html) == ["a.png", "b.png", "c.png", "d.png?x=1&y=2"]


@pytest.mark.parametrize(
    "html", ["<img " * 100_000, "<img src=" + "a" * 1_000_000, "<img" + " src=x" * 100_000]
)
def test_img_sources_take_linear_time(html):
    import time

    start = time.perf_counter()
    picture.image_sources(html)
    assert time.perf_counter() - start < 1.0


def test_gzip_keeps_mkdocs_time():
    zipped = sitemap.gzipped(b"<x/>", 1_700_000_000)
    assert gzip.decompress(zipped) == b"<x/>"
    assert sitemap.gzip_mtime(zipped) == 1_700_000_000
    assert sitemap.gzip_mtime(b"nope") == 0


# -- real builds -----------------------------------------------------------------------------

ALPHA = """\
---
title: Alpha & <Omega>
slug: alpha-omega
date: 2024-03-01T10:00:00Z
lastmod: 2024-05-06T07:08:09+02:00
author: [Ann Lee, Bob Roe]
summary: S.
thumbnail: /images/thumb.png
tags: [seo]
---
Text ![One](/images/body.png) and ![Far](https://other.example/far.png) and
![One again](../../images/body.png).
"""
BETA = "---\ntitle: Beta\ndate: 2024-04-01\nauthor: Ann Lee\nsummary: S.\ntags: [seo]\n---\nB.\n"
GAMMA = "---\ntitle: Gamma\ndate: 2024-06-01\nupdated: 2024-01-01\nsummary: S.\n---\nG.\n"
AUTHORS = """\
authors:
  ann:
    name: Ann Lee
    description: d
    avatar: a.png
    url: https://ann.example/
  bob:
    name: Bob Roe
    description: d
    avatar: b.png
"""
A_URL = f"{SITE}blog/2024/03/01/alpha-omega/"
B_URL = f"{SITE}blog/2024/04/01/beta/"
C_URL = f"{SITE}blog/2024/06/01/gamma/"
COMMITTED = "2025-02-03T04:05:06+01:00"


@pytest.fixture
def blog(site):
    site.config["plugins"] = [
        {"blog": {"authors_profiles": True}},
        "masthead/frontmatter",
        "masthead/faq",
        "masthead/tags",
    ]
    site.config["theme"] = {"name": "material", "logo": "images/logo.png"}
    site.config["site_description"] = "Notes & <news>"
    site.image("images/logo.png", (64, 64))
    site.image("images/thumb.png")
    site.image("images/body.png", (300, 200))
    site.write("blog/.authors.yml", AUTHORS)
    site.post("alpha.md", ALPHA)
    site.post("beta.md", BETA)
    site.post("gamma.md", GAMMA)
    return site


def page_of(url: str) -> str:
    return url.removeprefix(SITE) + "index.html"


def crumbs(*items: tuple[str, str]) -> dict:
    return {
        "@type": "BreadcrumbList",
        "@id": f"{items[-1][1]}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": item}
            for n, (name, item) in enumerate(items, 1)
        ],
    }


HOME, BLOG = ("Home", SITE), ("Blog", f"{SITE}blog/")
LOGO = {"@type": "ImageObject", "url": f"{SITE}images/logo.png"}
PUBLISHER = {"@type": "Organization", "name": "Test blog", "url": SITE, "logo": LOGO}


def test_every_node_of_a_post(blog):
    built = blog.build(strict=True)
    assert built.error is None, built.errors()
    nodes = graph(built, page_of(A_URL))
    assert list(nodes) == ["BlogPosting", "BreadcrumbList"]
    assert nodes["BlogPosting"] == {
        "@type": "BlogPosting",
        "headline": "Alpha & <Omega>",
        "datePublished": "2024-03-01T10:00:00+00:00",
        "@id": f"{A_URL}#article",
        "url": A_URL,
        "mainEntityOfPage": A_URL,
        "dateModified": "2024-05-06T07:08:09+02:00",  # its `lastmod`
        "author": [
            {"@type": "Person", "name": "Ann Lee", "url": "https://ann.example/"},
            # No URL of his own: his profile page on the site.
            {"@type": "Person", "name": "Bob Roe", "url": f"{SITE}blog/author/bob/"},
        ],
        "image": [f"{SITE}images/thumb.png"],
        "description": "S.",
        "keywords": ["seo"],
        "publisher": PUBLISHER,
    }
    assert nodes["BreadcrumbList"] == crumbs(HOME, BLOG, ("Alpha & <Omega>", A_URL))
    # Not a git repository, no `updated`: modified when published.
    beta = graph(built, page_of(B_URL))["BlogPosting"]
    assert beta["dateModified"] == beta["datePublished"] == "2024-04-01T00:00:00+00:00"
    assert "image" not in beta
    # `updated` before the publication: the publication.
    gamma = graph(built, page_of(C_URL))["BlogPosting"]
    assert gamma["dateModified"] == gamma["datePublished"] == "2024-06-01T00:00:00+00:00"


def test_home_page_says_what_the_site_is(blog):
    built = blog.build(strict=True)
    nodes = graph(built, "index.html")
    assert nodes == {
        "WebSite": {
            "@type": "WebSite",
            "@id": f"{SITE}#website",
            "name": "Test blog",
            "url": SITE,
            "description": "Notes & <news>",
            "inLanguage": "en",
            "publisher": {"@id": f"{SITE}#organization"},
        },
        "Organization": {**PUBLISHER, "@id": f"{SITE}#organization"},
    }
    assert "SearchAction" not in (built.site / "index.html").read_text("utf-8")
    # Other pages that are not posts have none.
    assert scripts((built.site / "blog/index.html").read_text("utf-8")) == []


def test_tag_pages_have_breadcrumbs(blog):
    blog.config["plugins"][3] = {"masthead/tags": {"per_page": 1}}
    built = blog.build(strict=True)
    tags = ("Tags", f"{SITE}blog/tags/")
    assert graph(built, "blog/tags/index.html") == {"BreadcrumbList": crumbs(HOME, BLOG, tags)}
    seo = ("seo", f"{SITE}blog/tags/seo/")
    assert graph(built, "blog/tags/seo/index.html") == {
        "BreadcrumbList": crumbs(HOME, BLOG, tags, seo)
    }
    assert graph(built, "blog/tags/seo/page/2/index.html") == {
        "BreadcrumbList": crumbs(
            HOME, BLOG, tags, seo, ("seo (page 2)", f"{SITE}blog/tags/seo/page/2/")
        )
    }


def sitemaps(built) -> dict[str, tuple[str | None, list[str]]]:
    """The sitemap, read from sitemap.xml; sitemap.xml.gz holds the same bytes."""
    xml = (built.site / "sitemap.xml").read_bytes()
    assert gzip.decompress((built.site / "sitemap.xml.gz").read_bytes()) == xml
    return urls_of(xml)


def test_sitemap_dates_and_images_without_git(blog):
    built = blog.build(strict=True)
    found = sitemaps(built)
    assert found[A_URL] == (
        "2024-05-06T07:08:09+02:00",
        [f"{SITE}images/thumb.png", f"{SITE}images/body.png"],  # once each, local only
    )
    assert found[B_URL] == ("2024-04-01T00:00:00+00:00", [])
    assert found[C_URL] == ("2024-06-01T00:00:00+00:00", [])
    # Not a post, no commit: no date rather than the build's.
    others = {loc: v for loc, v in found.items() if loc not in (A_URL, B_URL, C_URL)}
    assert {SITE, f"{SITE}blog/", f"{SITE}blog/tags/seo/"} <= set(others)
    assert all(v == (None, []) for v in others.values())


@needs_git
def test_git_dates_for_posts_and_pages(blog):
    git(blog.root, "init", "-q")
    (blog.root / ".gitignore").write_text("site/\n", "utf-8")
    commit_all(blog.root, "2024-01-01T00:00:00+00:00")
    blog.post("beta.md", BETA + "\nEdited.\n")
    commit_all(blog.root, COMMITTED)
    built = blog.build(strict=True)
    beta = graph(built, page_of(B_URL))["BlogPosting"]
    assert beta["dateModified"] == COMMITTED  # its last commit
    alpha = graph(built, page_of(A_URL))["BlogPosting"]
    assert alpha["dateModified"] == "2024-05-06T07:08:09+02:00"  # its `lastmod` wins
    found = sitemaps(built)
    assert found[B_URL] == (COMMITTED, [])
    assert found[A_URL][0] == "2024-05-06T07:08:09+02:00"
    # Committed before it was published: the publication.
    assert found[C_URL][0] == "2024-06-01T00:00:00+00:00"
    assert found[SITE] == ("2024-01-01T00:00:00+00:00", [])
    assert found[f"{SITE}blog/"] == ("2024-01-01T00:00:00+00:00", [])
    assert found[f"{SITE}blog/tags/seo/"] == (None, [])  # made by the build: no file
    assert found[f"{SITE}blog/author/bob/"] == (None, [])


@needs_git
def test_git_dates_can_be_switched_off(blog):
    git(blog.root, "init", "-q")
    commit_all(blog.root, COMMITTED)
    blog.config["plugins"][2] = {"masthead/faq": {"git_dates": False}}
    built = blog.build(strict=True)
    beta = graph(built, page_of(B_URL))["BlogPosting"]
    assert beta["dateModified"] == "2024-04-01T00:00:00+00:00"
    assert sitemaps(built)[SITE] == (None, [])


def test_each_part_can_be_switched_off(blog):
    blog.config["plugins"][2] = {
        "masthead/faq": {"breadcrumbs": False, "home_page": False, "sitemap": False}
    }
    blog.config["plugins"][3] = {"masthead/tags": {"breadcrumbs": False}}
    built = blog.build(strict=True)
    assert list(graph(built, page_of(A_URL))) == ["BlogPosting"]
    for path in ("index.html", "blog/tags/seo/index.html"):
        assert scripts((built.site / path).read_text("utf-8")) == []
    # MkDocs' own sitemap: the build's date on every page, no images.
    found = urls_of((built.site / "sitemap.xml").read_bytes())
    assert len({lastmod for lastmod, _ in found.values()}) == 1
    assert all(images == [] for _, images in found.values())


def test_no_site_url_no_absolute_urls_to_invent(blog):
    del blog.config["site_url"]
    built = blog.build(strict=True)
    assert built.error is None, built.errors()
    [data] = scripts((built.site / "blog/2024/03/01/alpha-omega/index.html").read_text("utf-8"))
    [post] = data["@graph"]
    assert "url" not in post and "image" not in post
    assert post["author"] == [
        {"@type": "Person", "name": "Ann Lee", "url": "https://ann.example/"},
        {"@type": "Person", "name": "Bob Roe"},
    ]
    assert post["publisher"] == {"@type": "Organization", "name": "Test blog"}
    assert scripts((built.site / "index.html").read_text("utf-8")) == []


# -- `serve`: a save rebuilt in place keeps the sitemap right --------------------------------

SERVED = "http://127.0.0.1:8000/repo/"  # `serve` sets site_url to its own address
ALPHA_PAGE = f"{SERVED}blog/2024/01/05/alpha-linking-basics/"


@pytest.fixture
def serving(tmp_path, monkeypatch):
    from serve_session import small_blog

    session = small_blog(tmp_path, monkeypatch)
    session.start()
    yield session
    session.stop()


def test_a_body_save_that_changes_the_images_is_whole_with_responsive_images(serving):
    """With responsive images (the default), a save that changes which images a post
    shows is a whole build (it publishes and removes variants); the site is then what a
    clean build writes, the sitemap included."""
    post = "docs/blog/posts/alpha.md"
    serving.edit(post, lambda t: t + "\n![Another](/images/blog/thumb-2.png)\n")
    assert serving.rebuild() == "whole: VariantsMoved: the images blog/posts/alpha.md shows changed"
    assert serving.differences() == ""
    serving.edit(post, lambda t: t.replace("![Another](/images/blog/thumb-2.png)", ""))
    assert serving.rebuild().startswith("whole: VariantsMoved")
    assert serving.differences() == ""


def test_a_body_save_that_changes_the_images_rewrites_the_sitemap_in_place(serving):
    """The saved post's images are in the sitemap at once, byte for byte what a clean
    build writes (sitemap.xml.gz too); a save that changes no image leaves both alone
    (`responsive: false`: no variants, so such a save is rebuilt in place)."""
    post = "docs/blog/posts/alpha.md"
    levels = "levels: {image-unreferenced: ignore}"
    serving.edit("mkdocs.yml", lambda t: t.replace(levels, f"{levels}\n      responsive: false"))
    assert serving.rebuild().startswith("whole")
    before = sitemaps(serving)[ALPHA_PAGE][1]
    assert before == [f"{SERVED}images/blog/thumb-1.png", f"{SERVED}images/blog/figure-1.png"]
    serving.edit(post, lambda t: t + "\n![Another](/images/blog/figure-9.png)\n")
    assert serving.rebuild() == "in place"
    assert sitemaps(serving)[ALPHA_PAGE][1] == [*before, f"{SERVED}images/blog/figure-9.png"]
    assert serving.differences() == ""
    stamps = [(serving.site / n).stat().st_mtime_ns for n in ("sitemap.xml", "sitemap.xml.gz")]
    serving.edit(post, lambda t: t + "\nA sentence, no image.\n")
    assert serving.rebuild() == "in place"
    assert stamps == [
        (serving.site / n).stat().st_mtime_ns for n in ("sitemap.xml", "sitemap.xml.gz")
    ]
    serving.edit(post, lambda t: t.replace("![Another](/images/blog/figure-9.png)", ""))
    assert serving.rebuild() == "in place"
    assert sitemaps(serving)[ALPHA_PAGE][1] == before
    reference = serving.reference()
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        assert (serving.site / name).read_bytes() == (reference / name).read_bytes()
