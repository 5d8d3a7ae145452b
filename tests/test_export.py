"""`masthead export DEST`: the site written as a plain Material blog, then built by plain
MkDocs + Material with no masthead plugin, and compared with masthead's own build of the
same site on the parsed HTML: the same post URLs, and per post the same title, `<h1>`,
meta description, FAQ questions and answers, and JSON-LD."""

from __future__ import annotations

import io
import json
import shutil
import textwrap
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, check_json, examples, fresh_plugins, problem_lines
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from masthead.cli import main as masthead
from masthead.core.summary import first_paragraph
from masthead.core.text import tidy
from masthead.exporter.posts import excerpt_marked
from masthead.host.mkdocs import COMMAND  # `mkdocs`, or `properdocs` under ProperDocs
from mkdocs.commands.build import build
from mkdocs.config import load_config

DEMO_FAQ_POST = "blog/2024/10/15/outreach-emails-that-actually-get-replies/"
DEMO_TAGGED_POST = "blog/2024/06/03/guest-posting-without-the-spam/"


# -- building and reading ------------------------------------------------------------------
def run_export(config_file: Path, dest: Path, capsys, *args: str) -> str:
    """`masthead export` as a new process runs it; its output."""
    fresh_plugins()
    capsys.readouterr()
    assert masthead(["export", "-f", str(config_file), str(dest), *args]) == 0
    return capsys.readouterr().out


def refused(config_file: Path, dest: Path, capsys, *args: str) -> tuple[str, str]:
    """The one-line message an export stops with, and what it printed before."""
    fresh_plugins()
    capsys.readouterr()
    with pytest.raises(SystemExit) as stop:
        masthead(["export", "-f", str(config_file), str(dest), *args])
    return str(stop.value), capsys.readouterr().out


def plain_build(config_file: Path, site_dir: Path, *, strict: bool = False) -> None:
    """`mkdocs build` as a site without masthead runs it (no test hook either)."""
    fresh_plugins()
    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def masthead_build(config_file: Path, site_dir: Path) -> None:
    """masthead's own build of a site: the same call, on a config with its plugins."""
    plain_build(config_file, site_dir)


@dataclass
class PostPage:
    title: str
    h1: str
    description: str | None
    faq: list[tuple[str, str]]
    json_ld: list[dict]
    soup: BeautifulSoup


def _text(element) -> str:
    for link in element.select("a.headerlink"):
        link.decompose()
    return tidy(element.get_text(" "))


def read_post(path: Path) -> PostPage:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
    description = soup.find("meta", attrs={"name": "description"})
    h1 = soup.select_one(".md-content article h1")
    faq = []
    for block in soup.select("details.question"):
        if block.find_parent("details", class_="question") is not None:
            continue  # a block inside an answer is part of that answer
        copy = BeautifulSoup(str(block), "html5lib").select_one("details")
        question = _text(copy.summary)
        copy.summary.decompose()
        faq.append((question, _text(copy)))
    scripts = soup.select('script[type="application/ld+json"]')
    return PostPage(
        tidy(soup.title.get_text()),
        _text(h1) if h1 else "",
        description["content"] if description else None,
        faq,
        [json.loads(s.string) for s in scripts],
        soup,
    )


def post_pages(site: Path) -> dict[str, PostPage]:
    """Every post page (Material's `blog/yyyy/mm/dd/slug/` URLs; a title with no letter
    gives an empty slug) by URL."""
    pages = {}
    for path in (site / "blog").rglob("index.html"):
        parts = path.relative_to(site / "blog").parts
        if len(parts) in (4, 5) and all(p.isdigit() for p in parts[:3]):
            pages[path.parent.relative_to(site).as_posix() + "/"] = read_post(path)
    return pages


def assert_same_posts(ours: dict[str, PostPage], plain: dict[str, PostPage]) -> None:
    assert sorted(plain) == sorted(ours)
    for url, page in ours.items():
        other = plain[url]
        assert other.title == page.title, url
        assert other.h1 == page.h1, url
        assert other.description == page.description, url
        assert other.faq == page.faq, url
        # The same structured data, but for the images: masthead's build names the
        # crops masthead/images makes; plain Material has the thumbnail itself.
        assert _without_images(other.json_ld) == _without_images(page.json_ld), url
        for node in _postings(other.json_ld):
            assert all("/assets/masthead/images/" not in i for i in node.get("image", [])), url


def _postings(json_ld: list[dict]) -> list[dict]:
    return [n for d in json_ld for n in d.get("@graph", []) if n.get("@type") == "BlogPosting"]


def _without_images(json_ld: list[dict]) -> list[dict]:
    copy = json.loads(json.dumps(json_ld))
    for node in _postings(copy):
        node.pop("image", None)
    return copy


def plugin_names(config_file: Path) -> list[str]:
    """The plugin names a `mkdocs.yml` lists (as written: a name, or a one-key mapping)."""
    data = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    return [p if isinstance(p, str) else next(iter(p)) for p in data["plugins"]]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# -- the demo --------------------------------------------------------------------------------
@dataclass
class DemoExport:
    dest: Path
    output: str
    ours: Path  # masthead's build of the demo
    plain: Path  # plain Material's build of the export


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> DemoExport:
    """The demo exported, and both sites built, once for the module's tests."""
    root = tmp_path_factory.mktemp("demo")
    docs_before = files_of(REPO / "docs")
    fresh_plugins()
    out = io.StringIO()
    with redirect_stdout(out):
        assert masthead(["export", "-f", str(REPO / "mkdocs.yml"), str(root / "export")]) == 0
    assert files_of(REPO / "docs") == docs_before, "the export wrote into docs/"
    masthead_build(REPO / "mkdocs.yml", root / "ours")
    plain_build(root / "export" / "mkdocs.yml", root / "plain", strict=True)
    return DemoExport(root / "export", out.getvalue(), root / "ours", root / "plain")


def test_demo_export_builds_without_masthead_and_matches(demo):
    names = plugin_names(demo.dest / "mkdocs.yml")
    assert names == ["search", "blog", "tags"]
    assert not any("masthead" in n for n in names)
    ours, plain = post_pages(demo.ours), post_pages(demo.plain)
    assert len(ours) == 8
    assert_same_posts(ours, plain)
    assert all(page.json_ld for page in plain.values())
    assert demo.output.splitlines()[-2:] == [
        "masthead: exported 8 posts, 6 with FAQ blocks (13 questions), 8 with JSON-LD "
        f"(`json_ld:`), and 16 other files of docs/ to {demo.dest}",
        f"masthead: build it without masthead: {COMMAND} build -f {demo.dest / 'mkdocs.yml'}",
    ]


def test_demo_export_config_keeps_the_site_settings(demo):
    exported = yaml.safe_load((demo.dest / "mkdocs.yml").read_text(encoding="utf-8"))
    original = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    # Everything but the plugins is the site's own, comments included.
    for key in original:
        if key != "plugins":
            assert exported[key] == original[key], key
    assert exported["plugins"] == [
        "search",
        {"blog": {"draft_if_future_date": True}},  # masthead's `scheduled`, in Material's words
        "tags",
    ]
    text = (demo.dest / "mkdocs.yml").read_text(encoding="utf-8")
    assert "# Posts written for a CMS link images as /images/blog/x.png" in text
    main = (demo.dest / "overrides" / "main.html").read_text(encoding="utf-8")
    assert "page.meta.json_ld | tojson" in main
    assert (demo.dest / "overrides/partials/masthead/tag-chips.html").is_file()


def test_post_with_faq_becomes_question_blocks(demo):
    text = (demo.dest / "docs/blog/posts/2024-10-15-outreach-emails-that-get-replies.md").read_text(
        encoding="utf-8"
    )
    assert (
        '## FAQs:\n\n??? question "How many follow-ups are polite?"\n\n'
        "    One follow-up after a week is fine. After that, move on.\n"
    ) in text
    ours = post_pages(demo.ours)[DEMO_FAQ_POST]
    plain = post_pages(demo.plain)[DEMO_FAQ_POST]
    assert (
        plain.faq
        == ours.faq
        == [
            (
                "How many follow-ups are polite?",
                "One follow-up after a week is fine. After that, move on.",
            ),
            (
                "Should I use a template?",
                "A template for structure is fine, but every email needs at least one line "
                "that could only be written to that editor.",
            ),
        ]
    )
    faq_page = plain.json_ld[0]["@graph"][1]
    assert faq_page["@type"] == "FAQPage"
    assert [q["name"] for q in faq_page["mainEntity"]] == [q for q, _ in plain.faq]
    # Material's own blocks: <details class="question"> made by pymdownx.details.
    assert [d["class"] for d in plain.soup.select("details")] == [["question"], ["question"]]


def test_post_with_tags_authors_and_thumbnail(demo):
    source = demo.dest / "docs/blog/posts/2024-06-03-guest-posting-without-spam.md"
    front = yaml.safe_load(source.read_text(encoding="utf-8").split("---\n")[1])
    assert front["authors"] == ["backlink-bot-team", "aman"]
    assert front["tags"] == ["Backlink", "Outreach", "guest posting"]  # as the blog names them
    assert front["thumbnail"] == "/images/blog/Guest Post Pitch.png"  # the CMS's key, kept
    assert not {"author", "template", "summary"} & set(front)
    authors = yaml.safe_load((demo.dest / "docs/blog/.authors.yml").read_text(encoding="utf-8"))
    assert set(authors["authors"]) == {"backlink-bot-team", "aman", "backlinkbot-ai"}
    ours = post_pages(demo.ours)[DEMO_TAGGED_POST].soup
    plain = post_pages(demo.plain)[DEMO_TAGGED_POST].soup
    assert [a.get_text(strip=True) for a in plain.select(".md-post__authors strong")] == [
        a.get_text(strip=True) for a in ours.select(".masthead-byline__author")
    ]
    # The demo's own chips print `#` before each tag.
    assert [t.get_text(strip=True) for t in plain.select("nav.md-tags .md-tag")] == [
        t.get_text(strip=True).removeprefix("#")
        for t in ours.select(".masthead-post-header .md-tag")
    ]
    hero = ours.select_one(".masthead-hero img")["src"]
    here = "/" + DEMO_TAGGED_POST
    image = unquote(urljoin(here, hero)).lstrip("/")
    assert (demo.plain / image).read_bytes() == (demo.ours / image).read_bytes()
    graph = post_pages(demo.plain)[DEMO_TAGGED_POST].json_ld[0]["@graph"][0]
    assert graph["image"][0].endswith("/images/blog/Guest%20Post%20Pitch.png")
    # A registered author's default avatar travels with the site.
    avatar = demo.dest / "docs" / authors["authors"]["backlinkbot-ai"]["avatar"]
    assert avatar.read_bytes().startswith(b"<svg")


def test_media_are_copied_at_the_same_urls(demo):
    for url, page in post_pages(demo.plain).items():
        for img in page.soup.select("img[src]"):
            src = img["src"]
            if src.startswith(("http://", "https://", "data:")):
                continue
            target = unquote(urljoin("/" + url, src)).lstrip("/")
            assert (demo.plain / target).is_file(), (url, src)
    for path in (REPO / "docs" / "images").rglob("*"):
        if path.is_file():
            rel = path.relative_to(REPO / "docs").as_posix()
            assert (demo.plain / rel).read_bytes() == path.read_bytes()


# -- DEST ----------------------------------------------------------------------------------
def test_non_empty_dest_is_refused(tmp_path, capsys):
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine", encoding="utf-8")
    message, _ = refused(REPO / "mkdocs.yml", dest, capsys)
    assert message == (
        f"masthead: {dest} is not empty; choose a new folder, or add --force to write into "
        "it (files of the same name are replaced)"
    )
    assert files_of(dest) == {"keep.txt": b"mine"}
    message, _ = refused(REPO / "mkdocs.yml", REPO / "docs" / "out", capsys)
    assert message == (
        f"masthead: {REPO / 'docs' / 'out'} is inside {REPO / 'docs'}, which the export "
        "reads; choose a folder outside it"
    )
    message, _ = refused(REPO / "mkdocs.yml", REPO / "site" / "plain", capsys)
    assert message == (
        f"masthead: {REPO / 'site' / 'plain'} is inside {REPO / 'site'}, which a build of "
        "the site deletes; choose a folder outside it"
    )
    assert not (REPO / "site" / "plain").exists()
    assert not (REPO / "docs" / "out").exists()
    message, _ = refused(REPO / "mkdocs.yml", REPO.parent, capsys, "--force")
    assert message == (
        f"masthead: {REPO.parent} holds the project being exported; choose a folder outside it"
    )


# -- a site of our own -----------------------------------------------------------------------
def write_site(root: Path, posts: dict[str, str], files: dict[str, bytes] | None = None) -> Path:
    docs = root / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    for name, text in posts.items():
        (docs / "blog" / "posts" / name).write_text(text, encoding="utf-8")
    for rel, data in (files or {}).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(data)
    config = {
        "site_name": "Export test",
        "site_url": "https://example.com/sub/",
        "theme": {"name": "material"},
        "plugins": ["search", "blog", "masthead/frontmatter", "masthead/faq"],
        "markdown_extensions": ["toc"],
        "validation": {"links": {"absolute_links": "relative_to_docs"}},
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root / "mkdocs.yml"


def test_error_post_stops_the_export_with_checks_messages(tmp_path, capsys):
    config = write_site(
        tmp_path / "site",
        {
            "good.md": "---\ntitle: Good\ndate: 2024-01-02\nsummary: Fine.\n---\nText.\n",
            "bad.md": "---\ntitle: Bad\ndate: yesterday-ish\nsummary: Not.\n---\nText.\n",
        },
    )
    found = problem_lines(check_json(config.parent, capsys))
    assert found == [
        "docs/blog/posts/bad.md:3: `date: yesterday-ish` cannot be read as a date: it is not "
        "a date; write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`"
    ]
    message, printed = refused(config, tmp_path / "dest", capsys)
    assert message == "masthead: 1 error; nothing was exported: fix the errors above"
    assert printed.splitlines() == [f"error: {found[0]}"]
    assert not (tmp_path / "dest").exists()


def test_force_never_writes_through_a_link(tmp_path, capsys):
    config = write_site(
        tmp_path / "site", {"p.md": "---\ntitle: P\ndate: 2024-01-02\nsummary: S.\n---\nT.\n"}
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "docs").symlink_to(elsewhere)
    message, _ = refused(config, dest, capsys, "--force")
    assert message == (
        f"masthead: {dest / 'docs'} is a link; remove it or choose a new folder (nothing "
        "is written through a link)"
    )
    assert list(elsewhere.iterdir()) == []


FAQ_POST = """\
---
title: Questions, "quoted" & <answered>
date: 2024-03-04T10:00:00Z
summary: A post whose "summary" has quotes & a <tag>.
tags: [seo, SEO, R&D]
---
# Its own first heading

Some text with ![a picture](trip/photo.png).

## FAQ

1. **#1 question: does a hash stay?**
   Yes, it does.

**2. Can an answer hold a list?**

- one
- two

**Q: Code?**

A: Like `this`:

```python
print("</script>")
```

Thanks for reading.
"""

LISTED_FAQ_POST = """\
---
title: A post with its FAQ in the front matter
date: 2024-03-05
faq:
  - question: Why a list?
    answer: Because the CMS has a field for it.
  - question: "Two lines?"
    answer: |
      First paragraph.

      Second paragraph.
---
The body has no FAQ section.
"""


DRAFT_POST = "---\ntitle: Not yet\ndate: 2024-03-06\ndraft: true\nsummary: Later.\n---\nText.\n"
SCHEDULED_POST = "---\ntitle: Next year\ndate: 2099-01-01\nsummary: Soon.\n---\nText.\n"


def test_faq_in_every_form_and_media_beside_posts(tmp_path, capsys):
    photo = (REPO / "docs/images/authors/aman.png").read_bytes()
    config = write_site(
        tmp_path / "site",
        {
            "faq.md": FAQ_POST,
            "listed.md": LISTED_FAQ_POST,
            "draft.md": DRAFT_POST,
            "later.md": SCHEDULED_POST,
        },
        {"blog/posts/trip/photo.png": photo},
    )
    masthead_build(config, tmp_path / "ours")
    out = run_export(config, tmp_path / "export", capsys)
    assert "exported 4 posts, 2 with FAQ blocks (5 questions), 4 with JSON-LD" in out
    # A draft and a scheduled post stay unpublished in plain Material too (the blog gets
    # `draft_if_future_date`), and carry their JSON-LD for the day they go live.
    for name, key in (("draft.md", "draft"), ("later.md", "date")):
        exported = (tmp_path / "export/docs/blog/posts" / name).read_text(encoding="utf-8")
        front = yaml.safe_load(exported.split("---\n")[1])
        assert key in front and "json_ld" in front, name
    listed = (tmp_path / "export/docs/blog/posts/listed.md").read_text(encoding="utf-8")
    assert "faq:" not in listed.split("---\n")[1]  # the list became the section
    assert '??? question "Two lines?"\n\n    First paragraph.\n\n    Second paragraph.\n' in listed
    plain_build(tmp_path / "export/mkdocs.yml", tmp_path / "plain", strict=True)
    ours, plain = post_pages(tmp_path / "ours"), post_pages(tmp_path / "plain")
    assert len(ours) == 2
    assert_same_posts(ours, plain)
    url = "blog/2024/03/04/questions-quoted-/"  # masthead's slug for this title, kept
    page = plain[url]
    assert page.h1 == 'Questions, "quoted" & <answered>'
    assert page.description == 'A post whose "summary" has quotes & a <tag>.'
    assert [q for q, _ in page.faq] == [
        "#1 question: does a hash stay?",
        "Can an answer hold a list?",
        "Code?",
    ]
    img = page.soup.select_one("article img")["src"]
    target = unquote(urljoin("/" + url, img))
    assert (tmp_path / "plain" / target.lstrip("/")).read_bytes() == photo
    assert (tmp_path / "ours" / target.lstrip("/")).read_bytes() == photo


def test_html_masthead_removes_is_named(tmp_path, capsys):
    config = write_site(
        tmp_path / "site",
        {
            "x.md": "---\ntitle: X\ndate: 2024-01-02\nsummary: S.\n---\n"
            'Hi <b onclick="f()">there</b>.\n'
        },
    )
    out = run_export(config, tmp_path / "export", capsys)
    lines = out.splitlines()
    assert lines[0].startswith("warn: docs/blog/posts/x.md:6: ")
    assert lines[-2] == (
        "masthead: HTML that masthead removes, or makes click-to-load, when it builds is in "
        "docs/blog/posts/x.md; plain Material publishes it as written: fix those posts "
        "before publishing the export"
    )


def script_in(page: Path) -> list[str]:
    """What could run in a page: event handler attributes, `javascript:` addresses, an
    inline script of a post's (the generated ones call `alert(`)."""
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"{tag.name} {name}")
            if "javascript:" in text.replace(" ", "").lower():
                found.append(f"{tag.name} {name}={text}")
        if tag.name == "script" and "alert(" in (tag.string or ""):
            found.append("script")
    return found


def test_a_title_is_plain_text_on_the_exported_index_and_keeps_its_url(tmp_path, capsys):
    """Material renders `# {title}` as Markdown for each excerpt on the index: a link,
    an image or an attribute list in a title must stay text there, at the same URL."""
    titles = {
        "a.md": "Ten tips [read more](javascript:alert(1)) for SEO",
        "b.md": "Pic ![a](x.png){ onerror=alert(7) }",
        "c.md": "Hover me { onmouseover=alert(2) }",
    }
    posts = {
        name: f"---\ntitle: {json.dumps(title)}\ndate: 2024-01-0{i + 1}\nsummary: S.\n---\nBody.\n"
        for i, (name, title) in enumerate(titles.items())
    }
    config = write_site(tmp_path / "site", posts)
    masthead_build(config, tmp_path / "ours")
    run_export(config, tmp_path / "export", capsys)
    plain_build(tmp_path / "export/mkdocs.yml", tmp_path / "plain", strict=True)
    assert_same_posts(post_pages(tmp_path / "ours"), post_pages(tmp_path / "plain"))
    for page in ("blog/index.html", "blog/archive/2024/index.html"):
        assert script_in(tmp_path / "plain" / page) == [], page
        listed = BeautifulSoup((tmp_path / "plain" / page).read_text("utf-8"), "html.parser")
        headings = {_text(h) for h in listed.select("article.md-post h2")}
        assert headings == set(titles.values())


def test_html_the_build_cleans_is_named_whatever_the_levels(tmp_path, capsys):
    """`masthead check` cannot see an attribute list's handler (only the build does), and
    `levels:` may hide what it sees: the export names such posts all the same."""
    posts = {
        "x.md": "---\ntitle: X\ndate: 2024-01-02\nsummary: S.\n---\n"
        "[link](https://example.com/){ onmouseover=alert(52) }\n",
        "y.md": "---\ntitle: Y\ndate: 2024-01-03\nsummary: S.\n---\n[x](javascript:alert(14))\n",
        "z.md": "---\ntitle: Z\ndate: 2024-01-04\nsummary: S.\n---\nFine.\n",
    }
    config = write_site(tmp_path / "site", posts)
    site = yaml.safe_load(config.read_text())
    site["markdown_extensions"].append("attr_list")
    site["plugins"][2] = {"masthead/frontmatter": {"levels": {"html-unsafe": "ignore"}}}
    config.write_text(yaml.safe_dump(site))
    out = run_export(config, tmp_path / "export", capsys)
    assert out.splitlines()[-2] == (
        "masthead: HTML that masthead removes, or makes click-to-load, when it builds is in "
        "docs/blog/posts/x.md, docs/blog/posts/y.md; plain Material publishes it as "
        "written: fix those posts before publishing the export"
    )


def test_a_coming_expiry_date_is_named(tmp_path, capsys):
    config = write_site(
        tmp_path / "site",
        {"e.md": "---\ntitle: E\ndate: 2024-01-02\nexpiryDate: 2099-01-01\nsummary: S.\n---\nB.\n"},
    )
    out = run_export(config, tmp_path / "export", capsys)
    assert out.splitlines()[-2] == (
        "masthead: docs/blog/posts/e.md has an expiry date masthead would honour; plain "
        "Material does not: unpublish it by hand (`draft: true`) when due"
    )


# -- generated posts ---------------------------------------------------------------------------
HOSTILE = [
    "</script>",
    "</title>",
    "---",
    "...",
    ": ",
    " #",
    "- ",
    "? ",
    "yes",
    "null",
    "~",
    "*",
    "&amp;",
    "&",
    '"',
    "'",
    "<b>",
    "{#id}",
    "[a](b)",
    "{ onclick=alert(1) }",
    "[x](javascript:alert(1))",
    "![i](x.png){ onerror=alert(1) }",
    "`",
    "\\",
    "é",
    "日本",
    "🙂",
    "\u00a0",
]
WORDS = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=8),
    ),
    min_size=1,
    max_size=6,
).map("".join)
TEXT = WORDS.filter(lambda t: tidy(t) and not tidy(t).startswith(("#", "-", "*", "+", ">")))


@st.composite
def generated_post(draw) -> dict:
    return {
        "title": draw(TEXT),
        "summary": draw(TEXT),
        "faq": draw(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=3)),
        "in_body": draw(st.booleans()),  # a bold-question section, or a front matter list
    }


def post_text(number: int, post: dict) -> str:
    front = {
        "title": post["title"],
        "date": f"2024-01-{number + 1:02d}T08:00:00Z",
        "summary": post["summary"],
    }
    body = f"Body {number}.\n"
    if post["in_body"]:
        body += "\n## FAQ\n\n" + "".join(f"**{q}?**\n\n{a}\n\n" for q, a in post["faq"])
    else:
        front["faq"] = [{"question": q, "answer": a} for q, a in post["faq"]]
    return f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{body}"


@pytest.mark.fuzz
@settings(
    max_examples=examples(3),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(posts=st.lists(generated_post(), min_size=1, max_size=3))
# Found by `make fuzz`: masthead's build wrote an empty `slug:` for this title, which
# Material reads as none; the export must still write the slug Material made.
@example(posts=[{"title": "</script>`", "summary": "S", "faq": [("Why", "So.")], "in_body": False}])
@example(
    posts=[
        {
            "title": "Pic ![a](x.png){ onerror=alert(7) }",
            "summary": "S",
            "faq": [("Why", "So.")],
            "in_body": True,
        }
    ]
)
def test_generated_posts_keep_title_description_and_faq(tmp_path, capsys, posts):
    root = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    config = write_site(root, {f"p{n}.md": post_text(n, p) for n, p in enumerate(posts)})
    fresh_plugins()
    capsys.readouterr()
    code = masthead(["check", "-f", str(config)])
    if code:  # a post masthead itself refuses (an unreadable title ...): not the export's case
        event("refused by masthead check")
        return
    event("exported and compared")
    masthead_build(config, root / "ours")
    run_export(config, root / "export", capsys)
    plain_build(root / "export/mkdocs.yml", root / "plain")
    ours, plain = post_pages(root / "ours"), post_pages(root / "plain")
    assert len(ours) == len(posts)
    assert_same_posts(ours, plain)
    assert script_in(root / "plain/blog/index.html") == []  # titles stay text there
    shutil.rmtree(root)


def test_values_yaml_cannot_write_become_text():
    from datetime import time

    from masthead.exporter.posts import exported_post

    generated = "---\ntitle: T\ndate: 2024-01-02 00:00:00+00:00\n---\n\nBody.\n"
    done = exported_post(generated, {"starts": time(7, 32), "n": {1: True}})
    assert done.text == (
        "---\ntitle: T\ndate: 2024-01-02 00:00:00+00:00\nstarts: 07:32:00\nn:\n  1: true\n"
        "---\n\nBody.\n"
    )


def test_export_config_edits_keep_what_they_do_not_touch():
    from masthead.exporter.mkdocsyml import ConfigEdits, edited_config

    text = textwrap.dedent(
        """\
        site_name: x  # the name
        theme: material
        extra:
          analytics: !ENV [ANALYTICS, none]
        plugins:
          search: {}
          blog:
            blog_dir: news   # where
          masthead/frontmatter:
            fields:
              thumbnail: cover
          # kept
          masthead/faq:
        markdown_extensions: [toc, markdown.extensions.admonition]
        """
    )
    edits = ConfigEdits(
        add_plugins=["tags"],
        blog_options={"draft_if_future_date": "true"},
        extensions=["admonition", "pymdownx.details"],
        custom_dir="overrides",
    )
    assert edited_config(text, edits) == textwrap.dedent(
        """\
        site_name: x  # the name
        theme: {name: material, custom_dir: "overrides"}
        extra:
          analytics: !ENV [ANALYTICS, none]
        plugins:
          search: {}
          blog:
            draft_if_future_date: true
            blog_dir: news   # where
          # kept
          tags: {}
        markdown_extensions: [toc, markdown.extensions.admonition, pymdownx.details]
        """
    )


def test_posts_drawn_as_cards_get_an_excerpt_marker_after_their_first_paragraph(demo):
    """masthead drew each post without `<!-- more -->` as a summary card; Material would
    show such a post whole on the index, so the export marks where its excerpt ends."""
    posts = sorted((demo.dest / "docs/blog/posts").glob("*.md"))
    marked = {p.name: p.read_text("utf-8").count("\n<!-- more -->\n") for p in posts}
    own = "2024-05-14-link-audit-checklist-1.md"  # has its own marker: left as written
    assert marked == {p.name: 1 for p in posts}
    source = (REPO / "docs/blog/posts" / own).read_text("utf-8")
    assert source.count("<!-- more -->") == 1
    # The marker comes right after the first paragraph, the one masthead's card read.
    text = (demo.dest / "docs/blog/posts/2024-06-03-guest-posting-without-spam.md").read_text()
    body = text.split("---\n", 2)[2]
    before, after = body.split("\n<!-- more -->\n")
    assert first_paragraph(before) == first_paragraph(body)
    assert first_paragraph(after) != first_paragraph(body)
    # The index of the plain build lists excerpts, not whole posts: no post's last
    # paragraph is on it (those without FAQ), and it is smaller than the posts together.
    index = BeautifulSoup((demo.plain / "blog/index.html").read_text("utf-8"), "html.parser")
    listed = index.select("article.md-post")
    assert len(listed) == 8
    for article in listed:
        assert article.select_one(".md-post__action a") is not None  # "Continue reading"


def test_excerpt_marker_placement_by_class():
    """The marker lands after the first prose paragraph whatever comes before it."""
    body = "<h1>T</h1>\n\n# Heading\n\n```\ncode\n\n```\n\nFirst *para*\nstill.\n\nSecond.\n"
    assert excerpt_marked(body, "<!-- more -->") == (
        "<h1>T</h1>\n\n# Heading\n\n```\ncode\n\n```\n\nFirst *para*\nstill.\n\n"
        "<!-- more -->\n\nSecond.\n"
    )
    assert excerpt_marked("# Only a heading\n", "<!-- more -->") == "# Only a heading\n"


BLOCKS = st.sampled_from(
    [
        "# A heading",
        "Plain words here.",
        "Two lines\nof prose.",
        "- a list item",
        "```\nfenced\n\ncode\n```",
        "    indented code",
        "<div>html</div>",
        "![an image](x.png)",
        "> a quote",
        '??? question "Q?"\n    An answer.',
        "<!-- a comment -->",
        "Title\n=====",
        "",
    ]
)


@given(st.lists(BLOCKS, max_size=8))
@settings(max_examples=examples(200), deadline=None)
def test_the_marker_never_changes_the_text_around_it(blocks):
    body = "\n\n".join(blocks) + "\n"
    marked = excerpt_marked(body, "<!-- more -->")
    if marked == body:
        assert first_paragraph(body) == ""
        return
    before, sep, after = marked.partition("\n<!-- more -->\n")
    assert sep and "<!-- more -->" not in before + after
    assert before + after == body  # only the marker's line was added
    assert first_paragraph(before) == first_paragraph(body) != ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "site_name: x\ntheme: material\nx-blog: &opts {post_date_format: long}\n"
            "plugins:\n  - blog: *opts\n  - masthead/frontmatter\n",
            "mkdocs.yml uses YAML anchors or aliases (`&name`, `*name`), which the export "
            "cannot edit safely; write those settings out in full, then export again",
        ),
        (
            "site_name: x\ntheme: material\nplugins: [blog, masthead/frontmatter]\n"
            "plugins: [blog, masthead/frontmatter, masthead/faq]\n",
            "mkdocs.yml sets `plugins` more than once (only the last counts); keep one, "
            "then export again",
        ),
        (
            "site_name: x\ntheme: material\nplugins: [blog, masthead/frontmatter]\n...\n",
            "mkdocs.yml could not be edited safely (the result would not read as the site's "
            "settings); remove the masthead plugins from a copy by hand",
        ),
    ],
)
def test_config_the_text_edits_cannot_follow_is_refused(text, message):
    from masthead.exporter.mkdocsyml import ConfigEdits, ConfigRefused, edited_config

    with pytest.raises(ConfigRefused) as refusal:
        edited_config(text, ConfigEdits(extensions=["admonition"]))
    assert str(refusal.value) == message


YAML_PIECES = st.sampled_from(
    [
        "site_name: x",
        "theme: material",
        "theme:\n  name: material",
        "plugins:\n  - blog\n  - masthead/frontmatter",
        "plugins: [blog, masthead/frontmatter, masthead/faq]",
        "plugins:\n  blog: {}\n  masthead/frontmatter:\n    feed: false",
        "markdown_extensions:\n  - toc",
        "markdown_extensions: [toc]",
        "extra:\n  a: !ENV [A, b]",
        "# a comment",
        "nav:\n  - Home: index.md",
        "...",
        "---",
    ]
)


@given(st.lists(YAML_PIECES, min_size=1, max_size=7))
@settings(max_examples=examples(200), deadline=None)
def test_an_edited_config_is_refused_or_reads_without_masthead(pieces):
    """Whatever the file: either the edits are refused with a message, or the result
    reads as one mapping of settings whose plugins hold no masthead plugin."""
    from masthead.exporter.mkdocsyml import ConfigEdits, ConfigRefused, edited_config

    text = "\n".join(pieces) + "\n"
    try:
        edited = edited_config(text, ConfigEdits(extensions=["admonition"], custom_dir="o"))
    except ConfigRefused:
        return
    data = yaml.load(edited, Loader=AnyTagLoader)
    assert isinstance(data, dict)
    plugins = data.get("plugins") or []
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins]
    assert not [n for n in names if str(n).startswith("masthead/")]
    assert "admonition" in data.get("markdown_extensions", [])


class AnyTagLoader(yaml.SafeLoader):
    """YAML with any tag (`!ENV`, ...) read as its plain value."""


AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def test_posts_mkdocs_draft_docs_names_are_exported_and_stay_drafts(tmp_path, capsys):
    config = write_site(
        tmp_path / "site",
        {
            "d.md": "---\ntitle: D\ndate: 2024-01-02\nsummary: S.\n---\nDraft.\n",
            "p.md": "---\ntitle: P\ndate: 2024-01-03\nsummary: S.\n---\nPublished.\n",
        },
    )
    site = yaml.safe_load(config.read_text())
    site["draft_docs"] = "blog/posts/d.md\n"
    config.write_text(yaml.safe_dump(site))
    out = run_export(config, tmp_path / "export", capsys)
    assert "was not exported" not in out
    exported = tmp_path / "export/docs/blog/posts/d.md"
    assert "Draft." in exported.read_text("utf-8")
    plain_build(tmp_path / "export/mkdocs.yml", tmp_path / "plain")
    assert set(post_pages(tmp_path / "plain")) == {"blog/2024/01/03/p/"}
