"""Hostile posts by class (issue 13): generators make the inputs, the built site is judged.

Each example builds a real site from generated posts, authors and files — slugs that
climb, URLs with other schemes or quotes, text with markup and control characters,
links out of docs/, devices, files that are not posts — and asserts on what was
built: nothing written outside site/, nothing from outside docs/ published, no
script, event handler or `javascript:` URL in any page (parsed as a browser does),
tags in the search index as text, every XML file well-formed, every post without an
error published once everywhere (tests/nothing_lost.py), no traceback, and
`masthead check` reporting exactly what the build reported.

`make fuzz` runs these for longer (MASTHEAD_FUZZ scales `examples`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import nothing_lost
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import BASE_CONFIG, build_config, check_json, examples, problem_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MARKER = "OUTSIDEMARKER"
PAYLOADS = [
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "</title><svg onload=alert(1)>",
    "{{ config }}",
    "&lt;script&gt;",
    "../../../../../x",
    "\u202e\u200b",
    "[a](https://stage.example.edu])",
    "[x](javascript:alert(1)) ![i](x.png){onerror=alert(1)}",
    "<a href='http://[x'>x</a>",
]
CONTROL = st.sampled_from(["\x07", "\x1b", "\x0b", "\x0c", "\x7f", "\x85", "\ufffe"])
TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.lists(st.one_of(st.sampled_from(PAYLOADS), CONTROL, st.text(max_size=8)), max_size=5).map(
        "".join
    ),
)
SEGMENT = st.sampled_from(["..", ".", "", "x", "index", "blog", "assets", "%2e%2e", "a b", "\t"])
SLUG = st.lists(SEGMENT, min_size=1, max_size=6).flatmap(
    lambda parts: st.sampled_from(["/", "\\", "/./", "//"]).map(lambda sep: sep.join(parts))
)
SCHEME = st.sampled_from(
    [
        "javascript",
        "JaVaScRiPt",
        " javascript",
        "java\tscript",
        "vbscript",
        "data",
        "http",
        "https",
        "",
    ]
)
URL = st.one_of(
    st.tuples(SCHEME, st.sampled_from([":", "://", "://cdn.example/"]), TEXT).map("".join),
    st.sampled_from(
        [
            'https://cdn.example/x.png" onerror="alert(1)',
            "https://cdn.example/x.png'><script>alert(1)</script>",
            "/images/x.png?a=<b>",
            "//evil.example/x.png",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "https://cdn.example.com]/a.png",
        ]
    ),
)


def _quote(value: str) -> str:
    """A YAML double-quoted scalar that holds any text (control characters escaped)."""
    return json.dumps(value)


@st.composite
def hostile_posts(draw):
    posts = []
    for n in range(draw(st.integers(1, 3))):
        lines = [
            "---",
            f"title: {_quote(draw(TEXT) or 'Title')}",
            f"date: 2024-01-{n + 1:02d}",
            f"author: {_quote(draw(st.sampled_from(['Jane', 'zed', 'Nobody'])))}",
            f"summary: {_quote(draw(TEXT))}",
            f"tags: {json.dumps(draw(st.lists(TEXT, max_size=3)))}",
        ]
        if draw(st.booleans()):
            lines.append(f"slug: {_quote(draw(SLUG))}")
        if draw(st.booleans()):
            lines.append(f"thumbnail: {_quote(draw(URL))}")
        if draw(st.booleans()):
            lines.append(f"categories: {json.dumps(draw(st.lists(TEXT, max_size=2)))}")
        lines += ["---", "", draw(TEXT), ""]
        posts.append("\n".join(lines))
    authors = {
        "authors": {
            draw(st.one_of(st.just("jane"), SLUG)): {
                "name": "Jane " + draw(TEXT),
                "description": draw(TEXT),
                "avatar": draw(URL),
                "url": draw(URL),
                **({"slug": draw(SLUG)} if draw(st.booleans()) else {}),
            },
            "zed": {"name": "Zed", "description": "D", "avatar": "/a.png"},
        }
    }
    return posts, authors


FILE_KINDS = st.sampled_from(
    ["link-out", "folder-out", "dev-zero", "dangling", "loop", "fifo", "up", "suffix", "name"]
)
SUFFIXES = st.sampled_from(
    [".MD", ".html", ".htm", ".txt", ".Markdown", ".js", ".xml", ".xhtml", ".yaml", ".pdf", ""]
)


def make_entry(posts: Path, outside: Path, kind: str, n: int, suffix: str) -> None:
    name = posts / f"e{n}{suffix or '.md'}"
    if kind == "link-out":
        name.symlink_to(outside / "secret.md")
    elif kind == "folder-out":
        (posts / f"d{n}").symlink_to(outside)
    elif kind == "dev-zero":
        name.symlink_to("/dev/zero")
    elif kind == "dangling":
        name.symlink_to(posts / f"missing{n}.md")
    elif kind == "loop":
        name.symlink_to(name)
    elif kind == "fifo":
        os.mkfifo(name)
    elif kind == "up":
        (posts / f"u{n}").symlink_to(posts.parent)
    elif kind == "suffix":
        (posts / f"s{n}{suffix}").write_text(f"<script>alert({n})</script>")
    elif kind == "name":
        # a name that is not UTF-8, or holds a control character
        raw = [b"caf\xe9", b"tab\x09", b"esc\x1b"][n % 3] + str(n).encode() + b".md"
        (posts / os.fsdecode(raw)).write_text(f"---\ntitle: T\ndate: 2024-01-01\n---\n{MARKER}")


def new_site(root: Path, posts: list[str], authors: dict) -> Path:
    (root / "docs/blog/posts").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n")
    (root / "docs/blog/index.md").write_text("# Blog\n")
    (root / "docs/blog/.authors.yml").write_text(yaml.safe_dump(authors, allow_unicode=True))
    for n, text in enumerate(posts):
        (root / f"docs/blog/posts/p{n}.md").write_text(text, encoding="utf-8")
    config = yaml.safe_load(yaml.safe_dump(BASE_CONFIG))
    config["plugins"] = [
        {"blog": {"authors_profiles": True, "categories": True}},
        "search",
        "masthead/frontmatter",
        "masthead/faq",
        "masthead/tags",
        "masthead/images",
    ]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return root / "mkdocs.yml"


URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href"}
_PROBLEM_RE = re.compile(r"^docs/[^\n]*?:\d+: ")


def assert_site_is_safe(root: Path, site: Path, before: set[Path]) -> None:
    # Nothing written outside site/ (root and the folder above it are compared).
    after = {p for p in root.parent.iterdir()} | {p for p in root.iterdir()}
    assert after - before <= {site}, sorted(map(str, after - before))
    for path in site.rglob("*"):
        if path.is_symlink():
            raise AssertionError(f"a link was published: {path}")
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        if path.suffix == ".xml":
            ET.fromstring(data)  # every feed and the sitemap are well-formed
        if path.suffix == ".html":
            soup = BeautifulSoup(data.decode("utf-8"), "html5lib")
            for script in soup.find_all("script"):
                assert "alert(" not in (script.string or "") or script.get("type") == (
                    "application/ld+json"
                ), path
            for element in soup.find_all(True):
                for name, value in element.attrs.items():
                    assert not name.lower().startswith("on"), (path, element.name, name)
                    text = " ".join(value) if isinstance(value, list) else str(value)
                    if name.lower() not in URL_ATTRIBUTES:
                        continue  # text such as a meta description may say anything
                    squeezed = re.sub(r"[\s\x00-\x1f]", "", text).lower()
                    assert not squeezed.startswith(("javascript:", "vbscript:")), (path, text)
                    if squeezed.startswith("data:"):
                        assert squeezed.startswith("data:image/png"), (path, text)
    index = site / "search/search_index.json"
    if index.is_file():
        for doc in json.loads(index.read_text("utf-8"))["docs"]:
            assert all("<" not in t for t in doc.get("tags", [])), doc["tags"]


def build_and_judge(config_file: Path, caplog, capsys, command: str) -> None:
    root = config_file.parent
    before = {p for p in root.parent.iterdir()} | {p for p in root.iterdir()}
    built = build_config(config_file, root, caplog, command=command)
    assert not any(r.exc_info for r in built.records), "a traceback was logged"
    assert built.error is None or str(built.error).startswith(("masthead", "Aborted")), built.error
    reported = sorted(
        m
        for m in built.messages()
        if _PROBLEM_RE.match(m)
        and any(r.levelno >= logging.WARNING and r.getMessage().endswith(m) for r in built.records)
    )
    assert_site_is_safe(root, built.site, before)
    if built.error is None:
        assert nothing_lost.check(built.site) == nothing_lost_expected()
    else:  # stopped by its own errors: `serve` only stops for a link MkDocs must not walk
        assert command == "build" or "MkDocs would follow it" in built.errors()[-1]
    checked = sorted(problem_lines(check_json(root, capsys), ("error", "warn")))
    assert checked == reported


def nothing_lost_expected() -> int:
    """How many posts the build published (no error), as the hook recorded them."""
    import sys

    return len(sys.modules[str(nothing_lost.HOOK)].LAST.get("posts") or {})


COMMON = settings(
    max_examples=examples(12),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.fuzz
@COMMON
@given(hostile_posts(), st.sampled_from(["build", "serve"]))
def test_generated_hostile_fields(caplog, capsys, generated, command):
    posts, authors = generated
    with tempfile.TemporaryDirectory() as tmp:
        config_file = new_site(Path(tmp) / "a" / "site", posts, authors)
        build_and_judge(config_file, caplog, capsys, command)


@pytest.mark.fuzz
@COMMON
@given(
    st.lists(st.tuples(FILE_KINDS, SUFFIXES), min_size=1, max_size=4),
    st.sampled_from(["build", "serve"]),
)
def test_generated_hostile_files(caplog, capsys, entries, command):
    with tempfile.TemporaryDirectory() as tmp:
        outside = Path(tmp) / "outside"
        outside.mkdir()
        (outside / "secret.md").write_text(
            f"---\ntitle: {MARKER}\ndate: 2024-01-01\n---\n{MARKER}\n"
        )
        post = "---\ntitle: Fine\ndate: 2024-01-02\nsummary: S.\n---\nText.\n"
        config_file = new_site(Path(tmp) / "a" / "site", [post], {"authors": {}})
        posts = config_file.parent / "docs/blog/posts"
        for n, (kind, suffix) in enumerate(entries):
            make_entry(posts, outside, kind, n, suffix)
        build_and_judge(config_file, caplog, capsys, command)
