"""Hostile posts, round 2 (issue 13): every example of the issue, with its exact message.

Paths are confined, only files inside docs/ are published, every value is escaped
where it lands, Material's keys are validated, and `masthead check` finds what the
build finds. The generators of each class are in tests/test_hostile_classes.py.
"""

from __future__ import annotations

import json
import logging
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import check_json, cms_post, problem_lines

ROOT_FILES = {"docs", "mkdocs.yml", "site"}


def outside_files(root: Path) -> list[str]:
    """Anything beside docs/, site/ and mkdocs.yml, and anything the build wrote in the
    folders above root since it started (their modification times say so)."""
    here = sorted(p.name for p in root.iterdir() if p.name not in ROOT_FILES)
    started = (root / "docs").stat().st_mtime
    above = [p for parent in (root.parent, root.parent.parent) for p in parent.iterdir()]
    return here + sorted(str(p) for p in above if p != root and p.stat().st_mtime > started + 1)


def check_lines(root: Path, capsys) -> list[str]:
    """`masthead check --format json` on the site, as `path:line: message; fix` lines."""
    return problem_lines(check_json(root, capsys))


def test_slug_that_climbs_out_is_refused_and_nothing_leaves_site(full_site, capsys):
    full_site.post(
        "a.md", cms_post(title="Escape").replace("tags:", "slug: ../../../../../x\ntags:")
    )
    full_site.post(
        "b.md",
        cms_post(title="Home", date="2024-12-05").replace(
            "tags:", "slug: ../../../../index\ntags:"
        ),
    )
    built = full_site.build()
    errors = built.messages(logging.ERROR)
    assert (
        "docs/blog/posts/a.md:6: `slug: ../../../../../x` cannot be part of the post's URL "
        "(it contains a slash); write the slug as one word or words joined by `-`, e.g. "
        "`my-post`" in errors
    )
    assert (
        "docs/blog/posts/b.md:6: `slug: ../../../../index` cannot be part of the post's URL "
        "(it contains a slash); write the slug as one word or words joined by `-`, e.g. "
        "`my-post`" in errors
    )
    assert outside_files(full_site.root) == []
    assert not (full_site.root / "x").exists()
    # The check finds exactly the same.
    found = check_lines(full_site.root, capsys)
    assert [m for m in found if "slug" in m] == [m for m in errors if "slug" in m]


def test_author_slug_and_id_that_climb_out(full_site, capsys):
    full_site.write(
        "blog/.authors.yml",
        "authors:\n"
        "  jane:\n    name: Jane\n    description: D\n    avatar: /a.png\n"
        "    slug: ../../../../../y\n"
        "  ../../../../z:\n    name: Zed\n    description: D\n    avatar: /a.png\n",
    )
    full_site.post("a.md", cms_post(author="Jane"))
    full_site.post("b.md", cms_post(title="B", author="Zed", date="2024-12-05"))
    built = full_site.build()
    errors = built.messages(logging.ERROR)
    assert (
        "docs/blog/.authors.yml:2: author `jane` has a slug that cannot be part of a URL (it "
        "contains a slash); use letters, digits and `-`, e.g. `jane-doe`" in errors
    )
    assert (
        "docs/blog/.authors.yml:7: author `../../../../z` has an id that cannot be part of a "
        "URL (it contains a slash); use letters, digits and `-`, e.g. `jane-doe`" in errors
    )
    assert outside_files(full_site.root) == []
    found = check_lines(full_site.root, capsys)
    errors_found = [m for m in found if m in errors or "slug" in m or "an id" in m]
    assert sorted(m for m in errors_found if ".authors.yml" in m) == sorted(
        m for m in errors if ".authors.yml" in m
    )


def test_author_pages_stay_inside_when_the_errors_are_lowered(full_site):
    """With the check lowered to a warning, the profile pages still land inside site/."""
    full_site.write(
        "blog/.authors.yml",
        "authors:\n  ../../../../z:\n    name: Zed\n    description: D\n    avatar: /a.png\n",
    )
    full_site.plugin_options(levels={"slug-unsafe": "warn"})
    full_site.post("b.md", cms_post(title="B", author="Zed"))
    built = full_site.build()
    assert built.error is None, built.errors()
    assert outside_files(full_site.root) == []
    assert (built.site / "blog/author/z/index.html").is_file()


def test_links_out_of_docs_are_never_read_or_published(full_site, tmp_path_factory, capsys):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "secret.md").write_text(cms_post(title="Secret outside", body="TOPSECRET"))
    (elsewhere / "posts").mkdir()
    (elsewhere / "posts/other.md").write_text(cms_post(title="Other outside", body="TOPSECRET"))
    posts = full_site.docs / "blog/posts"
    (posts / "linked.md").symlink_to(elsewhere / "secret.md")
    (posts / "zero.md").symlink_to("/dev/zero")
    (posts / "dangling.md").symlink_to(posts / "missing.md")
    (posts / "loop.md").symlink_to(posts / "loop.md")
    full_site.post("ok.md", cms_post(title="Fine"))
    built = full_site.build(command="serve")  # serve goes on: what is published?
    errors = built.messages(logging.ERROR)
    expected = [
        "docs/blog/posts/dangling.md:1: blog/posts/dangling.md is a link to a file that does "
        "not exist; it is left out of the site; remove the link, or replace it with the file "
        "itself",
        "docs/blog/posts/linked.md:1: blog/posts/linked.md is a link to a place outside the "
        "docs folder; it is left out of the site; replace the link with a copy of the file",
        "docs/blog/posts/loop.md:1: blog/posts/loop.md is a link that loops; it is left out "
        "of the site; remove the link, or replace it with the file itself",
        "docs/blog/posts/zero.md:1: blog/posts/zero.md is a link to a place outside the docs "
        "folder; it is left out of the site; replace the link with a copy of the file",
    ]
    assert sorted(e for e in errors if "link" in e) == expected
    published = [p for p in built.site.rglob("*") if p.is_file()]
    assert not [p for p in published if b"TOPSECRET" in p.read_bytes()]
    assert not [p for p in published if b"Secret outside" in p.read_bytes()]
    assert len(built.post_pages()) == 1
    found = check_lines(full_site.root, capsys)
    assert sorted(m for m in found if " link" in m) == expected


def test_folder_links_out_or_up_stop_before_mkdocs_walks_them(full_site, tmp_path_factory, capsys):
    """MkDocs follows folder links when it lists docs/: a link to `/` walks the disk, two
    links up the tree double the paths at each level. The build (and `serve`) stops
    before MkDocs lists anything; check says the same and lists the rest."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "other.md").write_text(cms_post(title="Other outside", body="TOPSECRET"))
    posts = full_site.docs / "blog/posts"
    (posts / "folder").symlink_to(elsewhere)
    (posts / "up").symlink_to(posts.parent)
    (posts / "up2").symlink_to(full_site.docs)
    full_site.post("ok.md", cms_post(title="Fine", body="![](/images/missing.png)"))
    expected = [
        "docs/blog/posts/folder:1: blog/posts/folder is a link to a place outside the docs "
        "folder; it is left out of the site; replace the link with a copy of the file",
        "docs/blog/posts/up2:1: blog/posts/up2 is a link that loops back to a folder above "
        "it; it is left out of the site; remove the link",
        "docs/blog/posts/up:1: blog/posts/up is a link that loops back to a folder above it; "
        "it is left out of the site; remove the link",
    ]
    for command in ("build", "serve"):
        built = full_site.build(command=command)
        assert built.error is not None
        assert sorted(e for e in built.messages(logging.ERROR) if e.startswith("docs/")) == (
            expected
        )
        assert built.errors()[-1] == (
            "masthead: 3 links to a folder outside docs/ or above itself; MkDocs would follow "
            "it without end, so the build stops before it lists the files. Each is listed "
            "above with its file."
        )
    assert sorted(m for m in check_lines(full_site.root, capsys) if " link" in m) == expected


def test_devices_and_unreadable_files(full_site):
    fifo = full_site.docs / "blog/posts/pipe.md"
    os.mkfifo(fifo)
    full_site.post("ok.md", cms_post(title="Fine"))
    built = full_site.build()
    assert (
        "docs/blog/posts/pipe.md:1: blog/posts/pipe.md is not a regular file (a device, pipe "
        "or socket); it is left out of the site; remove it" in built.messages(logging.ERROR)
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_post(full_site):
    path = full_site.post("locked.md", cms_post(title="Locked"))
    path.chmod(0)
    built = full_site.build()
    assert (
        "docs/blog/posts/locked.md:1: blog/posts/locked.md cannot be read (permission "
        "denied); it is left out of the site; make it readable (chmod a+r) or remove it"
        in built.messages(logging.ERROR)
    )


def test_files_in_posts_that_are_not_posts(full_site, capsys):
    full_site.post("shout.MD", cms_post(title="Shout"))
    full_site.post("page.html", "<script>alert(1)</script>")
    full_site.post("notes.txt", "notes")
    full_site.post(b"caf\xe9.md".decode("utf-8", "surrogateescape"), cms_post(title="Cafe"))
    full_site.image("blog/posts/cover.png")
    full_site.post("ok.md", cms_post(title="Fine"))
    built = full_site.build(command="serve")
    errors = built.messages(logging.ERROR)
    expected = [
        "docs/blog/posts/caf\\xe9.md:1: blog/posts/caf\\xe9.md has a name that is not valid "
        "UTF-8; it is left out of the site; rename it with letters, digits, `-` and `_`",
        "docs/blog/posts/page.html:1: blog/posts/page.html is in a posts folder, and a `.html` "
        "file could run code on the site when opened; it is left out of the site; write it as "
        "a Markdown post, or move it out of the posts folder",
        "docs/blog/posts/shout.MD:1: blog/posts/shout.MD is in a posts folder but is not read "
        "as a post (MkDocs reads .md, .markdown, .mdown, .mkdn, .mkd, in lower case); it is "
        "left out of the site; rename it to shout.md to publish it as a post",
    ]
    assert (
        "docs/blog/posts/notes.txt:1: blog/posts/notes.txt is in a posts folder but is not a "
        "post; it is published as a file; link it from a post, or move it out of the posts "
        "folder" in built.messages(logging.INFO)
    )
    assert sorted(e for e in errors if "left out of the site" in e) == expected
    names = {p.name for p in built.site.rglob("*")}
    assert not names & {"shout.MD", "page.html"}
    assert {"cover.png", "notes.txt"} <= names
    assert sorted(m for m in check_lines(full_site.root, capsys) if "left out" in m) == expected


def test_external_thumbnail_with_quotes_is_encoded(full_site):
    bad = 'https://cdn.example/x.png" onerror="alert(1)'
    full_site.post("a.md", cms_post().replace("tags:", f"thumbnail: '{bad}'\ntags:"))
    built = full_site.build()
    assert built.error is None, built.errors()
    assert (
        "docs/blog/posts/a.md:6: thumbnail 'https://cdn.example/x.png\" onerror=\"alert(1)' "
        "is not a valid URL (it contains characters a URL cannot hold; they are "
        "percent-encoded); write the address as your browser shows it"
        in built.messages(logging.WARNING)
    )
    safe = "https://cdn.example/x.png%22%20onerror=%22alert(1)"
    for page in built.site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        for element in soup.find_all(True):
            assert not [a for a in element.attrs if a.lower().startswith("on")], page
    post = BeautifulSoup(built.post_pages()[0].read_text(encoding="utf-8"), "html5lib")
    assert post.find("meta", property="og:image")["content"] == safe
    card = BeautifulSoup((built.site / "blog/index.html").read_text("utf-8"), "html5lib")
    assert card.select_one(".masthead-card img")["src"] == safe


def test_author_links_only_web_addresses(full_site):
    full_site.write(
        "blog/.authors.yml",
        "authors:\n  jane:\n    name: Jane\n    description: D\n"
        "    avatar: 'javascript:alert(1)'\n    url: ' JaVaScRiPt:alert(2)'\n",
    )
    full_site.post("a.md", cms_post(author="Jane"))
    built = full_site.build()
    warnings = built.messages(logging.WARNING)
    assert (
        "docs/blog/.authors.yml:2: author `jane` has `avatar: javascript:alert(1)`, which is "
        "not a web address or a path (`javascript:` URLs are not allowed); use an https:// "
        "address or a path such as /images/authors/me.png" in warnings
    )
    assert (
        "docs/blog/.authors.yml:2: author `jane` has `url:  JaVaScRiPt:alert(2)`, which is "
        "not a web address or a path (`javascript:` URLs are not allowed); use an https:// "
        "address or a path such as /images/authors/me.png" in warnings
    )
    for page in built.site.rglob("*.html"):
        assert "javascript:" not in page.read_text(encoding="utf-8").lower(), page


def test_tags_and_categories_with_markup_stay_text(full_site):
    full_site.config["plugins"][0] = {"blog": {"authors_profiles": True, "categories": True}}
    full_site.config["plugins"].append("search")
    markup = "<img src=x onerror=alert(1)>"
    full_site.post(
        "a.md",
        cms_post().replace("  - seo", f"  - '{markup}'\ncategories:\n  - '{markup}'"),
    )
    built = full_site.build()
    assert built.error is None, built.errors()
    index = json.loads((built.site / "search/search_index.json").read_text("utf-8"))
    tags = [t for doc in index["docs"] for t in doc.get("tags", [])]
    assert tags and all("<" not in t for t in tags)
    assert "&lt;img src=x onerror=alert(1)&gt;" in tags
    for page in built.site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        assert soup.find("img", src="x") is None, page
        for element in soup.find_all(True):
            assert not [a for a in element.attrs if a.lower().startswith("on")], page


def test_control_characters_keep_feeds_well_formed(full_site):
    # Escaped in YAML (`\a`, `\e`, `\v`), and raw in the file (a vertical tab).
    full_site.post("a.md", cms_post(title='"Bell\\a and escape\\e[31m\\v"'))
    full_site.post("b.md", cms_post(title="Raw", date="2024-12-05", summary="Tab\x0bbed"))
    built = full_site.build()
    assert built.error is None, built.errors()
    warnings = built.messages(logging.WARNING)
    assert (
        "docs/blog/posts/a.md:2: `title` contains a control character (U+0007) that pages "
        "and feeds cannot show; it is removed; delete it (it often comes with text copied "
        "from another program)" in warnings
    )
    assert (
        "docs/blog/posts/b.md:5: the file contains a control character (U+000B) that pages "
        "and feeds cannot show; it is removed; delete it (it often comes with text copied "
        "from another program)" in warnings
    )
    for xml in [*built.site.rglob("*.xml")]:
        ET.fromstring(xml.read_bytes())  # raises when not well-formed
    feed = ET.fromstring((built.site / "blog/feed.xml").read_bytes())
    titles = sorted(item.findtext("title") for item in feed.iter("item"))
    assert titles == ["Bell and escape[31m", "Raw"]


def test_materials_keys_of_the_wrong_type(full_site, capsys):
    full_site.post(
        "a.md",
        cms_post().replace(
            "tags:",
            "hide: 5\nsearch: 5\ntemplate: 123\nstatus: [x]\nsubtitle: '<b>x</b>'\n"
            "icon: ../../../etc/passwd\ntags:",
        ),
    )
    full_site.post(
        "b.md",
        cms_post(title="B", date="2024-12-05").replace("tags:", "template: nope.html\ntags:"),
    )
    built = full_site.build()
    assert built.error is None, built.errors()
    warnings = built.messages(logging.WARNING)
    expected = [
        "docs/blog/posts/a.md:6: `hide` must be a list, e.g. `hide: [toc, navigation]`; fix "
        "or remove the `hide` line; until then it is ignored",
        "docs/blog/posts/a.md:7: `search` must be `search: {exclude: true}` or `search: "
        "{boost: 2}`; fix or remove the `search` line; until then it is ignored",
        "docs/blog/posts/a.md:8: `template` must be the name of a template, e.g. `template: "
        "masthead/post.html`; fix or remove the `template` line; until then it is ignored",
        "docs/blog/posts/a.md:9: `status` must be one word, e.g. `status: new`; fix or remove "
        "the `status` line; until then it is ignored",
        "docs/blog/posts/a.md:11: `icon` must be an icon name, e.g. `icon: material/home`; fix "
        "or remove the `icon` line; until then it is ignored",
        "docs/blog/posts/b.md:6: a post cannot use the template `nope.html`; use "
        "masthead/post.html or a template of your overrides folder (custom_dir), or remove "
        "the `template` line; until then the default is used",
    ]
    assert sorted(w for w in warnings if w in expected) == sorted(expected)
    assert len(built.post_pages()) == 2
    assert sorted(m for m in check_lines(full_site.root, capsys) if m in expected) == sorted(
        expected
    )


def test_two_builds_with_one_config_object_are_identical(full_site, caplog, tmp_path):
    from conftest import fresh_plugins
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    full_site.write(
        "blog/.authors.yml",
        "authors:\n  jane:\n    name: Jane & <Co>\n    description: D\n    avatar: /a.png\n",
    )
    full_site.post("a.md", cms_post(author="Jane"))
    (full_site.root / "mkdocs.yml").write_text(json.dumps(full_site.config))
    fresh_plugins()
    config = load_config(str(full_site.root / "mkdocs.yml"))
    outputs = []
    for n in range(2):
        config.site_dir = str(tmp_path / f"site{n}")
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        outputs.append(
            {
                str(p.relative_to(config.site_dir)): p.read_bytes()
                for p in Path(config.site_dir).rglob("*")
                if p.is_file()
            }
        )
    config.plugins.on_shutdown()
    first, second = outputs
    assert first.keys() == second.keys()
    differ = [k for k in first if first[k] != second[k] and not k.endswith((".gz",))]
    assert differ == []
    page = (Path(config.site_dir) / "blog/author/jane/index.html").read_text("utf-8")
    assert "Jane &amp; &lt;Co&gt;" in page and "&amp;amp;" not in page


def test_check_never_raises_on_an_out_of_range_date(full_site, capsys):
    full_site.post("a.md", cms_post(date="9999-12-31T23:00:00-05:00"))
    built = full_site.build()
    [error] = [m for m in built.messages(logging.ERROR) if "date" in m]
    assert error.startswith("docs/blog/posts/a.md:3: `date: 9999-12-31T23:00:00-05:00` cannot")
    assert [m for m in check_lines(full_site.root, capsys) if "date" in m] == [error]


def test_a_file_cannot_take_a_feed_or_the_sitemap(full_site, capsys):
    full_site.write("blog/feed.xml", "<rss><script>alert(1)</script></rss>")
    full_site.write("blog/tags/seo/feed.xml", "<rss/>")
    full_site.write("sitemap.xml", "<urlset/>")
    full_site.write("blog/tags/SEO/index.md", "# Mine\n")
    full_site.post("a.md", cms_post())
    built = full_site.build()
    expected = [
        "docs/blog/feed.xml:1: blog/feed.xml is written by both this file and the build's "
        "own blog/feed.xml; one would overwrite the other; rename or move one of them",
        "docs/blog/tags/SEO/index.md:1: blog/tags/SEO/index.html is written by both this "
        "file and the page blog/tags/seo/index.md made by masthead/tags; one would "
        "overwrite the other; rename or move one of them",
        "docs/blog/tags/seo/feed.xml:1: blog/tags/seo/feed.xml is written by both this file "
        "and the build's own blog/tags/seo/feed.xml; one would overwrite the other; rename "
        "or move one of them",
        "docs/sitemap.xml:1: sitemap.xml is written by both this file and the build's own "
        "sitemap.xml; one would overwrite the other; rename or move one of them",
    ]
    assert sorted(m for m in built.messages(logging.ERROR) if "written by both" in m) == expected
    assert sorted(m for m in check_lines(full_site.root, capsys) if "written by" in m) == expected


def test_unreadable_post_even_as_root(full_site, monkeypatch):
    """`os.access` says no (as it does for a user without the right): the post is
    named and left out, never read."""
    from masthead.core import published

    locked = full_site.post("locked.md", cms_post(title="Locked"))
    real_access = published.os.access
    monkeypatch.setattr(
        published.os, "access", lambda path, mode: path != str(locked) and real_access(path, mode)
    )
    full_site.post("ok.md", cms_post(title="Fine", date="2024-12-05"))
    built = full_site.build(command="serve")
    assert (
        "docs/blog/posts/locked.md:1: blog/posts/locked.md cannot be read (permission "
        "denied); it is left out of the site; make it readable (chmod a+r) or remove it"
        in built.messages(logging.ERROR)
    )
    assert [p.parent.name for p in built.post_pages()] == ["fine"]


def test_a_400_character_tag_gets_a_page(full_site):
    long_tag = " ".join(["backlinks"] * 40)  # 399 characters
    full_site.post("a.md", cms_post().replace("  - seo", f"  - {long_tag}"))
    built = full_site.build(strict=True)
    assert built.error is None, built.warnings()
    [page] = [p for p in (built.site / "blog/tags").iterdir() if p.name.startswith("backlinks")]
    assert (
        len(page.name) <= 80 and (page / "index.html").is_file() and (page / "feed.xml").is_file()
    )


def test_empty_material_keys_are_as_if_absent(full_site):
    """CMSs write optional fields empty: `subtitle:` is no mistake."""
    keys = ("subtitle", "status", "icon", "hide", "template", "pin", "readtime", "links")
    full_site.post("a.md", cms_post().replace("tags:", "".join(f"{k}:\n" for k in keys) + "tags:"))
    built = full_site.build(strict=True)
    assert built.error is None, built.warnings()


def test_addresses_python_cannot_split(full_site, capsys):
    """`https://host]/x` is a ValueError in `urlsplit`: MkDocs stops the whole build on
    such a link, so the post is refused at its line (a thumbnail is only ignored)."""
    full_site.post(
        "a.md",
        cms_post(
            body="See [the site](https://stage.example.edu]).\n\n```\n[x](http://[y)\n```\n"
        ).replace("tags:", "thumbnail: https://cdn.example.com]/a.png\ntags:"),
    )
    full_site.post("b.md", cms_post(title="Fine", date="2024-12-05"))
    built = full_site.build()
    assert (
        "docs/blog/posts/a.md:10: the link `https://stage.example.edu]` is not an address a "
        "browser can read (Invalid IPv6 URL); MkDocs would stop the whole build on it; correct "
        "the address (a stray `[` or `]` in it)" in built.messages(logging.ERROR)
    )
    assert (
        "docs/blog/posts/a.md:6: thumbnail 'https://cdn.example.com]/a.png' is not an image "
        "path inside the site; use a path such as /images/blog/picture.png or an https:// URL"
        in built.messages(logging.WARNING)
    )
    assert len([m for m in built.messages() if "Invalid IPv6" in m]) == 1  # not the code block
    served = full_site.build(command="serve")
    assert served.error is None and [p.parent.name for p in served.post_pages()] == ["fine"]
    assert sorted(
        m for m in check_lines(full_site.root, capsys) if "IPv6" in m or "]/a" in m
    ) == sorted(m for m in built.messages() if "IPv6" in m or "]/a" in m)


def test_author_and_category_names_are_not_markdown(full_site):
    """Material writes `# {name}` as the Markdown of an author's and a category's page:
    a name is text there too, never a link, image or attribute list."""
    full_site.config["plugins"][0] = {"blog": {"authors_profiles": True, "categories": True}}
    name = "[x](javascript:alert(1)) ![i](x.png){onerror=alert(2)} [y](https://x])"
    full_site.write(
        "blog/.authors.yml",
        f"authors:\n  jane:\n    name: '{name}'\n    description: D\n    avatar: /a.png\n",
    )
    full_site.post(
        "a.md", cms_post(author="Jane").replace("tags:", f"categories: ['{name}']\ntags:")
    )
    built = full_site.build(strict=True)
    assert built.error is None, built.warnings()
    for page in (
        "blog/author/jane/index.html",
        *map(str, built.site.glob("blog/category/*/index.html")),
    ):
        soup = BeautifulSoup((built.site / page).read_text("utf-8"), "html5lib")
        assert soup.select_one(".md-content h1").get_text() == name
        assert not soup.select(".md-content h1 a, .md-content h1 img")


# -- what a hostile contributor found (issue 13, second look) -----------------------------
def test_excerpts_are_sanitized_like_the_post(full_site):
    """Material renders a `<!-- more -->` excerpt with its own parser: it is sanitized
    too, on the index, archive, category and tag pages, and the handler is named."""
    full_site.config["plugins"][0] = {"blog": {"categories": True}}
    full_site.post(
        "a.md",
        cms_post(
            body='Hello <a href="jav&#x61;script:alert(7)">x</a> <svg/onload=alert(9)>\n\n'
            "<!-- more -->\n\nRest.\n"
        ).replace("tags:", "categories: [News]\ntags:"),
    )
    built = full_site.build()
    assert built.error is None, built.errors()
    assert (
        "docs/blog/posts/a.md:10: raw HTML `javascript:` could run code on the site; it is "
        "removed from the page; remove it from the post (embed media with Markdown or ask a "
        "maintainer)" in built.messages(logging.WARNING)
    )
    pages = [p for p in built.site.rglob("index.html") if "alert(" not in p.parent.name]
    for page in pages:
        text = page.read_text("utf-8")
        soup = BeautifulSoup(text, "html5lib")
        assert not soup.select("[onload], a[href^='javascript']"), page
    listed = (built.site / "blog/index.html").read_text("utf-8")
    assert "Hello" in listed and "Rest." not in listed  # the excerpt is shown, cleaned


def test_links_status_icon_and_template_of_a_post(full_site):
    other = full_site.post("b.md", cms_post(title="Other", date="2024-12-05"))
    assert other.is_file()
    full_site.post(
        "a.md",
        cms_post().replace(
            "tags:",
            "links:\n"
            "  - '<img src=x onerror=alert(1)>': https://example.com/\n"
            "  - blog/posts/b.md\n"
            "status: 'x\"><img src=x onerror=alert(3)>'\n"
            "icon: material/does-not-exist\n"
            "template: blog-post.html\n"
            "tags:",
        ),
    )
    for n, links in enumerate(
        [
            "  - Click: 'javascript:alert(2)'",
            "  - /etc/passwd",
            '  - {"x": 5}',
            '  - {"a": "b", "c": "d"}',
        ]
    ):
        full_site.post(
            f"l{n}.md",
            cms_post(title=f"L{n}", date=f"2024-11-0{n + 1}").replace(
                "tags:", f"links:\n{links}\ntags:"
            ),
        )
    built = full_site.build()
    assert built.error is None, built.errors()
    warnings = built.messages(logging.WARNING)
    fix = (
        "list paths of pages (`- blog/posts/other.md`) or `- Title: https://...`; until then "
        "the links are not shown"
    )
    for expected in [
        "docs/blog/posts/a.md:9: `status` must be one word, e.g. `status: new`; fix or remove "
        "the `status` line; until then it is ignored",
        "docs/blog/posts/a.md:10: the theme has no icon `material/does-not-exist`; use an icon "
        "name from Material's icon search, e.g. `material/home`; until then no icon is shown",
        "docs/blog/posts/a.md:11: a post cannot use the template `blog-post.html`; use "
        "masthead/post.html or a template of your overrides folder (custom_dir), or remove "
        "the `template` line; until then the default is used",
        f"docs/blog/posts/l0.md:6: `links` names `javascript:alert(2)`, which is not a page "
        f"of the site; {fix}",
        f"docs/blog/posts/l1.md:6: `links` names `/etc/passwd`, which is not a page of the "
        f"site; {fix}",
        "docs/blog/posts/l2.md:6: `links` has an entry that is not a page path or `Title: "
        f"address`; {fix}",
        "docs/blog/posts/l3.md:6: `links` has an entry that is not a page path or `Title: "
        f"address`; {fix}",
    ]:
        assert expected in warnings, expected
    for page in built.site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html5lib")
        assert not soup.select("[onerror], a[href^='javascript']"), page
    post = BeautifulSoup(
        (built.site / "blog/2024/12/04/a-post/index.html").read_text("utf-8"), "html5lib"
    )
    assert "<img src=x onerror=alert(1)>" in post.get_text()  # the link's title, as text


def test_entity_references_in_names_stay_text_in_the_title(full_site):
    full_site.config["plugins"][0] = {"blog": {"categories": True}}
    name = "&lt;/title&gt;&lt;img src=x onerror=alert(12)&gt;"
    full_site.post("a.md", cms_post().replace("tags:", f"categories: ['{name}']\ntags:"))
    built = full_site.build()
    assert built.error is None, built.errors()
    [page] = built.site.glob("blog/category/*/index.html")
    soup = BeautifulSoup(page.read_text("utf-8"), "html5lib")
    assert not soup.select("[onerror]")
    # Material's `striptags` turns one level of references back into text: inert.
    assert soup.title.get_text().startswith("</title><img src=x onerror=alert(12)>")


def test_a_tags_file_linked_from_outside_is_not_read(full_site, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "secret.yml").write_text("tags:\n  SEO:\n    description: SECRETOUTSIDE\n")
    (full_site.docs / "blog/.tags.yml").symlink_to(elsewhere / "secret.yml")
    full_site.post("a.md", cms_post())
    built = full_site.build(command="serve")
    assert (
        "docs/blog/.tags.yml:1: blog/.tags.yml is a link to a place outside the docs folder; "
        "it is left out of the site; replace the link with a copy of the file"
        in built.messages(logging.ERROR)
    )
    assert not [
        p for p in built.site.rglob("*") if p.is_file() and b"SECRETOUTSIDE" in p.read_bytes()
    ]


def test_docs_cannot_replace_the_themes_scripts(full_site):
    full_site.write("assets/masthead/faq.js", "alert('faqjs')")
    bundle = next(
        p.name
        for p in (
            Path(__import__("material").__file__).parent / "templates/assets/javascripts"
        ).iterdir()
        if p.name.startswith("bundle.") and p.name.endswith(".min.js")
    )
    full_site.write(f"assets/javascripts/{bundle}", "alert('bundle')")
    full_site.post("a.md", cms_post())
    built = full_site.build(command="serve")
    errors = built.messages(logging.ERROR)
    for uri in ("assets/masthead/faq.js", f"assets/javascripts/{bundle}"):
        assert (
            f"docs/{uri}:1: {uri} would replace the theme's script of that name, which pages "
            "load; it is left out of the site; rename it; change the theme's files in the "
            "overrides folder (custom_dir)" in errors
        )
        assert "alert(" not in (built.site / uri).read_text("utf-8")


def test_a_post_cannot_take_materials_element_ids(full_site):
    full_site.post(
        "a.md",
        cms_post(
            body='<div id="__config">{"base": "https://evil.example/"}</div>\n\n'
            '<a name="__search">x</a>\n'
        ),
    )
    built = full_site.build()
    soup = BeautifulSoup(built.post_pages()[0].read_text("utf-8"), "html5lib")
    assert len(soup.select("#__config")) == 1  # Material's own, after the content
    assert "evil.example" not in soup.select_one("#__config").get_text()
    assert not soup.select("a[name=__search]")


def test_active_svg_is_refused_and_a_drawing_published(full_site, capsys):
    full_site.write(
        "images/evil.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">\n'
        "<script>alert(2)</script></svg>\n",
    )
    full_site.write(
        "images/fine.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2">'
        '<rect width="1" height="1"/></svg>',
    )
    full_site.post("a.md", cms_post(body="![A drawing](/images/fine.svg)\n"))
    built = full_site.build(command="serve")
    expected = (
        "docs/images/evil.svg:1: the SVG image images/evil.svg could run code or load other "
        "files when opened (line 1: event handler `onload=`; line 2: `<script>` element); it "
        "is left out of the site; export it again as a plain SVG (draw.io: labels converted "
        "to SVG; Mermaid: htmlLabels off; no links or linked images), or as a PNG"
    )
    assert expected in built.messages(logging.ERROR)
    assert not (built.site / "images/evil.svg").exists()
    assert (built.site / "images/fine.svg").is_file()
    assert expected in check_lines(full_site.root, capsys)


# -- a second look -------------------------------------------------------------------------
def test_a_page_cannot_need_a_folder_where_an_output_is_a_file(full_site, capsys):
    """`blog/feed.xml.md` is written to `blog/feed.xml/index.html`: the feed could not be
    written (a traceback, before). The page from docs/ is left out, in `serve` too."""
    full_site.write("blog/feed.xml.md", "# x\n")
    full_site.write("sitemap.xml.md", "# x\n")
    full_site.post("a.md", cms_post())
    expected = [
        "docs/blog/feed.xml.md:1: the build's own blog/feed.xml writes the file blog/feed.xml, "
        "and docs/blog/feed.xml.md needs a folder of that name for blog/feed.xml/index.html; "
        "what docs/ brought is left out of the site; rename or move it",
        "docs/sitemap.xml.md:1: the build's own sitemap.xml writes the file sitemap.xml, and "
        "docs/sitemap.xml.md needs a folder of that name for sitemap.xml/index.html; what "
        "docs/ brought is left out of the site; rename or move it",
    ]
    built = full_site.build()
    assert (
        sorted(m for m in built.messages(logging.ERROR) if "folder of that name" in m) == expected
    )
    served = full_site.build(command="serve")
    assert served.error is None and (served.site / "blog/feed.xml").is_file()
    found = check_lines(full_site.root, capsys)
    assert sorted(m for m in found if "folder of that name" in m) == expected


def test_script_in_a_page_outside_the_blog_is_named(full_site, capsys):
    full_site.write("about.md", "---\ntitle: About\n---\n# About\n\n<script>alert(1)</script>\n")
    full_site.post("a.md", cms_post())
    built = full_site.build(strict=True)
    expected = (
        "docs/about.md:6: raw HTML `<script>` could run code on the site; remove it, or check "
        "that it is the site's own: pages outside the blog are published as written"
    )
    assert expected in built.messages(logging.WARNING)
    assert built.error is not None  # --strict: the pull request does not pass
    assert expected in check_lines(full_site.root, capsys)


def test_a_long_chain_of_tag_aliases_is_read_at_once(full_site):
    n = 2000
    lines = ["tags:", "  T: {}", "aliases:"]
    lines += [f"  a{i}: a{i + 1}" if i < n - 1 else f"  a{i}: T" for i in range(n)]
    full_site.write("blog/.tags.yml", "\n".join(lines) + "\n")
    full_site.post("a.md", cms_post().replace("  - seo", "  - a1999"))
    start = time.perf_counter()
    built = full_site.build()
    assert time.perf_counter() - start < 10
    assert (
        "docs/blog/.tags.yml:4: alias 'a0' leads through more than 20 other aliases; point "
        "every alias straight at a tag listed under `tags:`" in built.messages(logging.ERROR)
    )


def test_a_page_at_a_tag_pages_path_is_named(full_site, capsys):
    full_site.write("blog/tags/seo/index.md", "# Mine\n")
    full_site.post("a.md", cms_post())
    built = full_site.build()
    expected = (
        "docs/blog/tags/seo/index.md:1: this page has the path of the page masthead/tags makes "
        "for seo; one would replace the other; rename or move it"
    )
    assert expected in built.messages(logging.ERROR)
    assert expected in check_lines(full_site.root, capsys)


def test_new_never_copies_through_a_linked_folder(full_site, tmp_path_factory, monkeypatch):
    from masthead.cli import main as masthead

    outside = tmp_path_factory.mktemp("outside")
    (full_site.docs / "images").mkdir(exist_ok=True)
    (full_site.docs / "images/evil").symlink_to(outside)
    for n in range(3):
        full_site.post(
            f"p{n}.md",
            cms_post(title=f"P{n}", date=f"2024-12-0{n + 1}").replace(
                "tags:", f"thumbnail: /images/evil/p{n}.png\ntags:"
            ),
        )
    full_site.build()  # writes mkdocs.yml
    picture = tmp_path_factory.mktemp("pics") / "cover.png"
    from PIL import Image

    Image.new("RGB", (1200, 630), "#336699").save(picture)
    monkeypatch.chdir(full_site.root)
    masthead(["new", "My new post", "--thumbnail", str(picture)])
    assert list(outside.iterdir()) == []
    assert (full_site.docs / "images/blog/cover.png").is_file()


def test_raw_html_in_the_faq_list_is_named_and_removed(full_site, capsys):
    full_site.post(
        "a.md",
        cms_post().replace(
            "tags:",
            "faq:\n"
            "  - question: 'Why <script>alert(6)</script>?'\n"
            "    answer: Because.\n"
            "  - question: Second?\n"
            "    answer: 'Yes <img src=x onerror=alert(8)>'\n"
            "tags:",
        ),
    )
    built = full_site.build()
    expected = [
        "docs/blog/posts/a.md:6: raw HTML `<script>` could run code on the site; it is removed "
        "from the page; remove it from the post (embed media with Markdown or ask a maintainer)",
        "docs/blog/posts/a.md:6: raw HTML `onerror=` could run code on the site; it is removed "
        "from the page; remove it from the post (embed media with Markdown or ask a maintainer)",
    ]
    assert sorted(m for m in built.messages(logging.WARNING) if "raw HTML" in m) == expected
    page = BeautifulSoup(built.post_pages()[0].read_text("utf-8"), "html5lib")
    assert not page.select(".md-content script, [onerror]")
    assert sorted(m for m in check_lines(full_site.root, capsys) if "raw HTML" in m) == expected


def test_an_old_date_in_a_zone_with_a_mean_time_offset(full_site):
    """Asia/Kolkata in 1850 is +05:53:28: YAML has no form for it (Material stopped)."""
    full_site.plugin_options(timezone="Asia/Kolkata")
    full_site.post("a.md", cms_post(date="1850-01-01"))
    built = full_site.build(strict=True)
    assert built.error is None, built.errors()
    assert len(built.post_pages()) == 1
