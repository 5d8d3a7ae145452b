"""Real MkDocs builds in temporary folders, and helpers to read what they wrote."""

from __future__ import annotations

import json
import logging
import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import masthead.host  # noqa: F401  (first: with only ProperDocs, it aliases `mkdocs`)
import nothing_lost
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from PIL import Image

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO = Path(__file__).resolve().parent.parent
HOOK = nothing_lost.HOOK
PREFIX = "masthead: "

# `make fuzz` sets MASTHEAD_FUZZ (e.g. 40) to run every generator for longer; property
# tests ask for `examples(n)` instead of a fixed `max_examples=n`.
FUZZ = float(os.environ.get("MASTHEAD_FUZZ", "1"))


def examples(n: int) -> int:
    """How many examples a property test generates: `n` in `make test`, more in `make fuzz`."""
    return max(1, int(n * FUZZ))


BASE_CONFIG = {
    "site_name": "Test blog",
    "site_url": "https://example.com/repo/",
    "theme": {"name": "material"},
    "plugins": ["blog", "masthead/frontmatter"],
    "validation": {"links": {"absolute_links": "relative_to_docs"}},
}


@dataclass
class Built:
    root: Path
    records: list[logging.LogRecord]
    error: Exception | None = None
    site: Path = field(init=False)
    checked_posts: int = 0

    def __post_init__(self) -> None:
        self.site = self.root / "site"

    def html(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / path).read_text(encoding="utf-8"), "html.parser")

    def messages(self, level: int | None = None) -> list[str]:
        """Our messages, without the `masthead: ` prefix, optionally of one level."""
        return [
            r.getMessage()[len(PREFIX) :]
            for r in self.records
            if r.getMessage().startswith(PREFIX) and (level is None or r.levelno == level)
        ]

    def errors(self) -> list[str]:
        """Every ERROR record, ours or MkDocs' (e.g. the reason a build was aborted)."""
        return [r.getMessage() for r in self.records if r.levelno >= logging.ERROR]

    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]

    def post_pages(self) -> list[Path]:
        """Pages at blog/yyyy/mm/dd/slug/ (Material's default post URL)."""
        pages = []
        for path in (self.site / "blog").rglob("index.html"):
            parts = path.relative_to(self.site / "blog").parts
            if len(parts) == 5 and all(p.isdigit() for p in parts[:3]):
                pages.append(path)
        return sorted(pages)


class Site:
    """A blog in a temporary folder: write posts and files, then build it for real."""

    def __init__(self, root: Path, caplog: pytest.LogCaptureFixture) -> None:
        self.root = root
        self.docs = root / "docs"
        self.config = yaml.safe_load(yaml.safe_dump(BASE_CONFIG))
        self._caplog = caplog
        (self.docs / "blog" / "posts").mkdir(parents=True)
        self.write("index.md", "# Home\n")
        self.write("blog/index.md", "# Blog\n")

    def write(self, path: str, content: str | bytes) -> Path:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = textwrap.dedent(content).lstrip("\n").encode("utf-8")
        target.write_bytes(content)
        return target

    def post(self, name: str, content: str | bytes) -> Path:
        return self.write(f"blog/posts/{name}", content)

    def image(self, path: str, size: tuple[int, int] = (1200, 630), fmt: str = "PNG") -> Path:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, "#336699").save(target, fmt)
        return target

    def plugin_options(self, **options) -> None:
        plugins = self.config["plugins"]
        index = plugins.index("masthead/frontmatter") if "masthead/frontmatter" in plugins else None
        if index is None:
            index = next(
                i
                for i, p in enumerate(plugins)
                if isinstance(p, dict) and "masthead/frontmatter" in p
            )
        current = plugins[index]
        merged = dict(current["masthead/frontmatter"]) if isinstance(current, dict) else {}
        merged.update(options)
        plugins[index] = {"masthead/frontmatter": merged}

    def build(
        self,
        *,
        strict: bool = False,
        command: str = "build",
        fresh: bool = True,
        shutdown: bool = True,
    ) -> Built:
        config_file = self.root / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(self.config), encoding="utf-8")
        return build_config(
            config_file,
            self.root,
            self._caplog,
            strict=strict,
            command=command,
            fresh=fresh,
            shutdown=shutdown,
        )


def fresh_plugins() -> None:
    """Give the next build new plugin instances, as a new `mkdocs build` process would.

    MkDocs caches plugin instances per process (that is how `serve` keeps them across
    rebuilds). Material's blog plugin deletes its temporary folder on shutdown and
    would reuse the deleted path, so tests that are separate builds start afresh;
    tests of rebuilds pass `fresh=False`.
    """
    MkDocsConfig.plugins.plugin_cache.clear()


def build_config(
    config_file: Path,
    root: Path,
    caplog: pytest.LogCaptureFixture,
    *,
    strict: bool = False,
    command: str = "build",
    site_dir: Path | None = None,
    fresh: bool = True,
    shutdown: bool = True,
    extra_hooks: tuple[Path, ...] = (),
    log_level: int = logging.INFO,
) -> Built:
    if fresh:
        fresh_plugins()
    caplog.clear()
    error: Exception | None = None
    with caplog.at_level(log_level):
        # Every test build also loads a hook that records what each post should yield,
        # checked below by tests/nothing_lost.py.
        config = load_config(
            str(config_file),
            strict=strict,
            site_dir=str(site_dir or root / "site"),
            hooks=[str(HOOK), *map(str, extra_hooks)],
        )
        config.plugins.on_startup(command=command, dirty=False)
        try:
            build(config)
        except (PluginError, Abort) as caught:
            error = caught
        finally:
            if shutdown:
                config.plugins.on_shutdown()
    built = Built(root, list(caplog.records), error)
    if site_dir is not None:
        built.site = site_dir
    if error is None and command == "build":
        built.checked_posts = nothing_lost.check(built.site)
    return built


@pytest.fixture
def site(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Site:
    return Site(tmp_path, caplog)


@pytest.fixture
def full_site(site: Site) -> Site:
    """A site with every masthead plugin and Material's author pages."""
    site.config["plugins"] += ["masthead/faq", "masthead/tags", "masthead/images"]
    site.config["plugins"][0] = {"blog": {"authors_profiles": True}}
    return site


def check_json(root: Path, capsys: pytest.CaptureFixture) -> list[dict]:
    """What `masthead check --format json` reports for the site at `root`, run as a
    new process would (fresh plugins); a stop with a message fails the test."""
    from masthead.cli import main as masthead

    fresh_plugins()
    cwd = os.getcwd()
    os.chdir(root)
    capsys.readouterr()
    try:
        masthead(["check", "--format", "json"])
    except SystemExit as stop:
        raise AssertionError(f"check stopped: {stop}") from None
    finally:
        os.chdir(cwd)
    return json.loads(capsys.readouterr().out)


def problem_lines(
    found: list[dict], levels: tuple[str, ...] = ("error", "warn", "info")
) -> list[str]:
    """`check_json`'s problems as the build logs them: `path:line: message; fix`."""
    return [
        f"{p['path']}:{p['line']}: {p['message']}; {p['fix']}"
        for p in found
        if p["level"] in levels
    ]


POST = """\
---
title: {title}
date: {date}
author: {author}
summary: {summary}
tags:
  - seo
---
{body}
"""


def cms_post(
    title: str = "A post",
    date: str = "2024-12-04T08:04:02.728Z",
    author: str = "Backlink Bot Team",
    summary: str = "A short summary.",
    body: str = "Some text.",
) -> str:
    return POST.format(title=title, date=date, author=author, summary=summary, body=body)


# HTML as Python-Markdown writes it, mixed with everything that is not (raw-text
# elements, single quotes, a doctype, bare `<`, entities cut in two, comments Python
# 3.11 reads its own way): for readers that must agree with Python's HTMLParser.
_HTML_PIECES = st.sampled_from(
    [
        '<details class="question masthead-faq__item" id="faq-a&amp;b">',
        "<details open>",
        "<summary>",
        "</summary>",
        "<li>",
        "<h3>",
        "</h3>",
        "<p>",
        "</p>",
        '<img alt="a b" src="x.png">',
        "<IMG src=y>",
        "<br/>",
        '<a href="/x?a=1&amp;b=2">',
        "</a>",
        "<!-- note -->",
        "<!-- a -- b -->",
        "<!--->",
        "<!-- x -- >",
        "-- >",
        "</img>",
        "<script>var a = '<b>';</script>",
        "<style>p { x: 1 }</style>",
        "<svg><text>drawn</text></svg>",
        "<object>gone</object>",
        "<textarea>typed</textarea>",
        "<title>named</title>",
        "<a href='single'>",
        "<!DOCTYPE html>",
        "&amp;",
        "&lt;",
        "&nbsp;",
        "&am",
        "p;",
        "&#8212;",
        " < ",
        "<",
        ">",
        "<details open>",
        "</details>",
        '<p\nclass="x">',
        "</p >",
    ]
)
HTML_SOUP = st.lists(st.one_of(_HTML_PIECES, st.text(max_size=12)), max_size=30).map("".join)


def outcome(function, *args):
    """What a call gives: its value, or the type of what it raised (Python's HTML
    parser raises on some broken markup, such as `<![0`)."""
    try:
        return function(*args)
    except Exception as error:
        return type(error)
