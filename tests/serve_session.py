"""`mkdocs serve` in-process, for the tests of rebuilds in place (test_incremental.py).

`Serving` runs what `mkdocs/commands/serve.py` runs, minus the HTTP server: the config
loaded with a temporary `site_dir` and `site_url` set to the serve URL, `on_startup`
with `command="serve"`, the first build, `on_serve` with a tiny server holding the
builder, and, after each save, `server.builder()` with no arguments as
`LiveReloadServer._build_loop` calls it. `reference()` builds the same sources from
scratch (new plugin instances, an empty folder) and `differences()` compares the two
folders byte for byte.

`write_blog` writes the small blog these tests edit: six posts in the CMS's shape (one
a draft, one with `<!-- more -->`, two without a summary), every masthead plugin,
Material's blog with small pages, archive, categories and author pages.
"""

from __future__ import annotations

import difflib
import io
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import masthead.host  # noqa: F401  (first: with only ProperDocs, it aliases `mkdocs`)
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from PIL import Image

SOURCE_DATE_EPOCH = "1700000000"

CONFIG = """\
site_name: Serve blog
site_url: https://example.com/repo/
theme:
  name: material
  custom_dir: overrides
plugins:
  - search
  - blog:
      pagination_per_page: 2
      archive: true
      categories: true
      authors_profiles: true
  - masthead/frontmatter
  - masthead/faq
  - masthead/tags:
      per_page: 2
  - masthead/images:
      levels: {image-unreferenced: ignore}
markdown_extensions: [attr_list, md_in_html, tables, toc]
validation:
  links:
    absolute_links: relative_to_docs
"""

AUTHORS = """\
authors:
  backlink-bot-team:
    name: Backlink Bot Team
    description: The team
    avatar: images/avatar.png
"""

# A template override the edits can touch (Material's `main.html` extends `base.html`).
MAIN_HTML = """\
{% extends "base.html" %}
{% block extrahead %}<meta name="x-serve-test" content="one">{% endblock %}
"""


def post_text(
    *,
    title: str,
    date: str,
    author: str = "Backlink Bot Team",
    summary: str | None = None,
    thumbnail: str | None = "/images/blog/thumb-1.png",
    tags: list[str] | None = None,
    categories: list[str] | None = None,
    draft: bool = False,
    slug: str | None = None,
    body: str = "",
) -> str:
    """A post as the CMS writes it: front matter, sections with an image, an FAQ."""
    lines = ["---", f"title: {title}", f"date: {date}", f"author: {author}"]
    if summary is not None:
        lines.append(f"summary: {summary}")
    if thumbnail is not None:
        lines.append(f"thumbnail: {thumbnail}")
    if slug is not None:
        lines.append(f"slug: {slug}")
    if draft:
        lines.append("draft: true")
    if categories:
        lines += ["categories:", *[f"  - {c}" for c in categories]]
    lines += ["tags:", *[f"  - {t}" for t in tags or []], "---", ""]
    return "\n".join(lines) + body


def post_body(n: int, intro: str, *, more: bool = False) -> str:
    """Sections with an image, then an FAQ (masthead/faq's questions)."""
    lines = [intro, ""]
    if more:
        lines += ["<!-- more -->", ""]
    lines += [
        "## Section one",
        "",
        f"The first section of post {n} says what links are for.",
        "",
        f"![Figure of post {n}](/images/blog/figure-{n}.png)",
        "",
        "## FAQ",
        "",
        f"**1. Why write post {n}?**",
        "",
        "Because readers asked about it.",
        "",
        "**2. Is it long?**",
        "",
        "No, it is short.",
        "",
    ]
    return "\n".join(lines)


POSTS: dict[str, str] = {
    "alpha.md": post_text(
        title="Alpha linking basics",
        date="2024-01-05T08:00:00.000Z",
        summary="What alpha teaches about links.",
        tags=["seo", "links"],
        categories=["Guides"],
        body=post_body(1, "Alpha opens with a plain first paragraph."),
    ),
    "beta.md": post_text(
        title="Beta has no summary",
        date="2024-02-10T09:30:00.000Z",
        author="Aman",
        thumbnail="/images/blog/thumb-2.png",
        tags=["seo"],
        body=post_body(2, "Beta's first paragraph becomes its card text."),
    ),
    "gamma.md": post_text(
        title="Gamma keeps an excerpt",
        date="2024-03-15T10:00:00.000Z",
        tags=["links", "outreach"],
        categories=["Guides"],
        body=post_body(3, "Gamma's excerpt is this paragraph, above the marker.", more=True),
    ),
    "delta.md": post_text(
        title="Delta the draft",
        date="2024-04-01T12:00:00.000Z",
        summary="Delta is not published yet.",
        tags=["seo"],
        draft=True,
        body=post_body(4, "Delta is a draft."),
    ),
    "epsilon.md": post_text(
        title="Epsilon on outreach",
        date="2024-05-20T07:15:00.000Z",
        author="Aman",
        summary="Epsilon's summary is short.",
        tags=["outreach"],
        categories=["News"],
        body=post_body(5, "Epsilon opens here."),
    ),
    "zeta.md": post_text(
        title="Zeta without a summary",
        date="2024-06-30T18:45:00.000Z",
        thumbnail=None,
        tags=["seo", "outreach"],
        body=post_body(6, "Zeta's first paragraph, also its card text."),
    ),
}


def png(colour: str, size: tuple[int, int] = (1200, 630)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def write_blog(root: Path) -> None:
    """The small blog at `root` (mkdocs.yml, docs/, overrides/)."""
    docs = root / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    (docs / "images" / "blog").mkdir(parents=True)
    (root / "overrides").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "overrides" / "main.html").write_text(MAIN_HTML, encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (docs / "blog" / ".authors.yml").write_text(AUTHORS, encoding="utf-8")
    thumb = png("#336699")
    (docs / "images" / "avatar.png").write_bytes(png("#663399", (64, 64)))
    for n in (1, 2):
        (docs / "images" / "blog" / f"thumb-{n}.png").write_bytes(thumb)
    for n in range(1, 10):
        (docs / "images" / "blog" / f"figure-{n}.png").write_bytes(png("#996633", (80, 45)))
    for name, text in POSTS.items():
        (docs / "blog" / "posts" / name).write_text(text, encoding="utf-8")


class _Server:
    """What `on_serve` sees of `LiveReloadServer`: its `builder`, called with no
    arguments after each save."""

    def __init__(self, builder: Callable[..., None]) -> None:
        self.builder = builder

    def watch(self, path: str) -> None:  # pragma: no cover  (plugins may watch more)
        pass


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path (with `/`)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def mtimes_of(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def differences(served: Path, reference: Path, *, lines: int = 40) -> str:
    """'' when both folders hold the same files with the same bytes; else the paths
    that differ and a short unified diff of the first differing text file."""
    a, b = files_of(served), files_of(reference)
    only_served = sorted(a.keys() - b.keys())
    only_reference = sorted(b.keys() - a.keys())
    differing = sorted(p for p in a.keys() & b.keys() if a[p] != b[p])
    if not (only_served or only_reference or differing):
        return ""
    report = [
        f"only served: {only_served}",
        f"only in the reference: {only_reference}",
        f"differing: {differing}",
    ]
    for path in differing:
        try:
            old, new = a[path].decode("utf-8"), b[path].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if path.endswith(".json") or len(old.splitlines()) < 3:  # one long line
            old, new = (t.replace(">", ">\n").replace(",", ",\n") for t in (old, new))
        diff = difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            f"served/{path}",
            f"reference/{path}",
            n=1,
            lineterm="",
        )
        report += list(diff)[:lines]
        break
    return "\n".join(report)


class Serving:
    """One `mkdocs serve` session of the site at `root`, in this process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config_file = str(root / "mkdocs.yml")
        self.site = root / "served"
        self.reference_site = root / "reference"
        self.config: MkDocsConfig | None = None
        self.server: Any = None
        self.builds = 0  # whole builds by serve's own builder

    # -- as mkdocs/commands/serve.py -----------------------------------------------------
    def _load(self, site_dir: Path) -> MkDocsConfig:
        return load_config(config_file=self.config_file, site_dir=str(site_dir))

    def start(self) -> Serving:
        MkDocsConfig.plugins.plugin_cache.clear()  # a new `mkdocs serve` process
        config = self._load(self.site)
        config.plugins.on_startup(command="serve", dirty=False)
        mount_path = urlsplit(config.site_url or "/").path
        host, port = config.dev_addr
        self.serve_url = f"http://{host}:{port}{mount_path}"
        config.site_url = self.serve_url

        def builder(config: MkDocsConfig | None = None) -> None:
            self.builds += 1
            if config is None:
                config = self._load(self.site)
                config.site_url = self.serve_url
            build(config, serve_url=self.serve_url, dirty=False)

        builder(config)
        self.config = config
        self.server = config.plugins.on_serve(_Server(builder), config=config, builder=builder)
        self.settle()
        return self

    def rebuild(self) -> str:
        """What the server does after a save; returns the outcome recorded."""
        self.server.builder()
        outcome = self.rebuilds[-1]
        self.settle()
        return outcome

    def settle(self) -> None:
        """Wait for the image variants being made in the background; when some were
        made, build again, as `serve` does when its watcher sees them (`ready/`)."""
        images = MkDocsConfig.plugins.plugin_cache.get("masthead/images")
        if images is not None and images.responsive.wait():
            kept = len(self.rebuilds)
            self.server.builder()
            self.builds -= 1  # not a save's: the tests count those
            while len(self.rebuilds) > kept:
                self.rebuilds.pop()

    def stop(self) -> None:
        if self.config is not None:
            self.config.plugins.on_shutdown()
            self.config = None
        MkDocsConfig.plugins.plugin_cache.clear()

    @property
    def plugin(self) -> Any:
        return MkDocsConfig.plugins.plugin_cache["masthead/frontmatter"]

    @property
    def rebuilds(self) -> list[str]:
        return self.plugin.session.rebuilds

    # -- the clean full build of the same sources -----------------------------------------
    def reference(self) -> Path:
        cache = MkDocsConfig.plugins.plugin_cache
        saved = dict(cache)
        cache.clear()
        try:
            shutil.rmtree(self.reference_site, ignore_errors=True)
            config = self._load(self.reference_site)
            config.plugins.on_startup(command="serve", dirty=False)
            config.site_url = self.serve_url
            try:
                build(config, serve_url=self.serve_url)
                images = cache.get("masthead/images")
                if images is not None and images.responsive.wait():
                    config = self._load(self.reference_site)  # as `serve` does, again
                    config.site_url = self.serve_url
                    build(config, serve_url=self.serve_url)
            finally:
                config.plugins.on_shutdown()
        finally:
            cache.clear()
            cache.update(saved)
        return self.reference_site

    def differences(self) -> str:
        return differences(self.site, self.reference())

    # -- saves ----------------------------------------------------------------------------
    def path(self, relative: str) -> Path:
        return self.root / relative

    def save(self, relative: str, content: str | bytes) -> Path:
        """Write a file (under the site's root) as an editor saves it. Its mtime is
        made to differ from the one before (the session compares size and mtime) and
        is never ahead of the clock (a post without a date is dated by it)."""
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        before = target.stat().st_mtime_ns if target.exists() else None
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        while target.stat().st_mtime_ns == before:  # a coarse clock: the same tick
            time.sleep(0.002)
            os.utime(target)
        return target

    def edit(self, relative: str, change: Callable[[str], str]) -> Path:
        before = self.path(relative).read_text(encoding="utf-8")
        after = change(before)
        assert after != before, f"the edit of {relative} changed nothing"
        return self.save(relative, after)

    def delete(self, relative: str) -> None:
        self.path(relative).unlink()


def small_blog(root: Path, monkeypatch: Any) -> Serving:
    """The small blog written at `root`, not served yet, with the clock of the tests
    (`SOURCE_DATE_EPOCH`) and `root` as the working folder (pytest's monkeypatch)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.chdir(root)
    write_blog(root)
    return Serving(root)
