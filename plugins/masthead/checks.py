"""Every check of a site, run one way for the build and for `masthead check`.

The plugins run the checks of each page in their page events; `masthead check` runs the
plugins' events of a build up to `on_files` (the posts, authors, tags, outputs), then the
page checks below on every page, without rendering any. Both call the same functions
here with the same options, so the two never disagree.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from . import common
from .core import faq, images, published, source
from .core.catalogue import MARKDOWN_SUFFIXES, Catalogue, Post, next_scheduled
from .core.problems import Finding, Levels, Problem, place
from .core.safety import PAGE_FIX, unsafe_html
from .host import material as host_material
from .host import mkdocs as host_mkdocs


# -- the checks of one page, shared by the plugins and the CLI -----------------------------
def faq_outcome(markdown: str, front_value: Any, options: Any, embeds: Any) -> faq.FaqOutcome:
    """The FAQ plugin's reading of one post: its section rewritten, its findings."""
    return faq.process(
        markdown,
        front_value,
        headings=tuple(options.headings),
        key=options.front_matter_key,
        section_heading=options.front_matter_heading,
        open_=options.open,
        embeds=embeds,
    )


def faq_problems(
    findings: list[Finding], path: str, first_line: int, levels: Levels, key_line: int = 1
) -> list[Problem]:
    """FAQ findings (0-based lines of the Markdown; -1 for the front matter key, at
    `key_line`) as problems."""
    placed = (
        place(
            Finding(f.code, first_line + f.line if f.line >= 0 else key_line, f.message, f.fix),
            path,
            levels,
        )
        for f in findings
    )
    return [p for p in placed if p]


def page_html_findings(markdown: str, first_line: int) -> list[Finding]:
    """Raw HTML that could run code in a page that is not a post (pages are published
    as written, not sanitized), at its file line."""
    return [
        Finding("page-html-unsafe", first_line + f.line, f.message, PAGE_FIX)
        for f in unsafe_html(markdown, removed=False)
    ]


def post_images_input(post: Post) -> tuple[str, int, str | None, int]:
    """What the image checks read of a catalogue post: its Markdown and first file
    line, its thumbnail and that line."""
    markdown, first = post.parsed.body.lstrip("\n"), post.parsed.markdown_line
    return markdown, first, post.meta.thumbnail, post.line("thumbnail")


def image_findings(
    markdown: str,
    src_uri: str,
    index: images.FileIndex,
    cache: images.ImageCache,
    limits: images.Limits,
    report: images.ImageReport,
    first: int,
    thumbnail: str | None,
    thumbnail_line: int,
) -> list[Finding]:
    """The image checks of one page."""
    return list(
        images.check_page(
            markdown,
            src_uri,
            index,
            cache,
            limits,
            report,
            first_line=first,
            thumbnail=thumbnail,
            thumbnail_line=thumbnail_line,
        )
    )


# -- `masthead check`: the whole site without building it ------------------------------------
@dataclass
class Checked:
    """What checking a site found: every problem, the posts read, notes on drafts and
    scheduled posts, and the files as the build lists them (every page's final URL)."""

    problems: list[Problem]
    posts: int = 0
    notes: list[str] = field(default_factory=list)
    files: list[Any] = field(default_factory=list)
    catalogue: Catalogue | None = None


def load(config_file: str) -> Any:
    """The site's `mkdocs.yml`, or a one-line message and exit status 1."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(config_file)
    except (ConfigurationError, OSError) as error:
        raise SystemExit(f"masthead: {error}") from None


def check_site(config_file: str) -> Checked:
    """Every problem the plugins would report.

    The plugins run as far as a build runs them before any page is rendered (their
    `on_config` and `on_files`, Material's blog plugin included): every post's URL,
    every author and category page, every file docs/ may publish is then known, and
    found wrong exactly as the build finds it. FAQ and image checks read each post's
    Markdown as the plugins' page events do, without rendering it.

    MkDocs is imported here, not at module load, so `masthead --help` stays instant."""
    from mkdocs.exceptions import PluginError

    config = load(config_file)
    plugin = config.plugins.get(common.FRONTMATTER)
    images_plugin = config.plugins.get("masthead/images")
    tags_plugin = config.plugins.get("masthead/tags")
    faq_plugin = config.plugins.get("masthead/faq")
    if plugin is None and images_plugin is None:
        raise SystemExit(f"masthead: {config_file} uses none of the masthead plugins")
    files: list[Any] = []
    try:
        with quiet():  # the plugins log what they find; check prints it once
            config, files = run_until_files(config)
        problems: list[Problem] = []
        catalogue = common.catalogue(config)
        scheduled = False
        if catalogue is not None:
            problems += catalogue.problems
            problems += _page_html_problems(config, catalogue)
            blogs = host_material.blog_plugins(config)
            scheduled = plugin.config.scheduled or any(
                host_material.drafts_future_posts(b) for b in blogs
            )
        if catalogue is not None and tags_plugin is not None and tags_plugin.config.enabled:
            problems += tags_plugin.problems
        if catalogue is not None and faq_plugin is not None and faq_plugin.config.enabled:
            problems += _faq_problems(catalogue, faq_plugin.config)
        if images_plugin is not None and images_plugin.config.enabled:
            problems += images_plugin.problems  # files it took out (when used alone)
            problems += _image_problems(config, catalogue, images_plugin.config)
    except (PluginError, OSError) as error:
        raise SystemExit(f"masthead: {error}") from None
    problems.sort(key=lambda p: (p.path, p.line, p.code))
    if catalogue is None:
        return Checked(problems, files=files)
    notes = schedule_notes(catalogue, scheduled)
    return Checked(problems, len(catalogue.posts), notes, files, catalogue)


def run_until_files(config: Any) -> tuple[Any, list[Any]]:
    """The plugins' events of a build up to `on_files`, then their shutdown. Our
    plugins stop a build there when they found errors; check lists them instead.
    Returns the config and the files as `on_files` left them."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import get_files

    files: list[Any] = []
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        files = list(config.plugins.on_files(get_files(config), config=config))
    except PluginError as error:
        if not str(error).startswith("masthead: "):  # ours say "the problems are above"
            raise
    finally:
        config.plugins.on_shutdown()
    return config, files


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """The plugins' messages held back: check prints them once."""
    logger = host_mkdocs.LOGGER
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextlib.contextmanager
def memory_temp() -> Iterator[None]:
    """Every temporary file of the run (ours, and the pages Material's blog plugin
    writes from the moment the config loads it) in a memory-backed folder when there is
    one (`common.temp_root`): 1000 posts check in 1.8 s instead of 2.5 s."""
    temp = tempfile.tempdir
    tempfile.tempdir = common.temp_root() or temp
    try:
        yield
    finally:
        tempfile.tempdir = temp


def schedule_notes(catalogue: Catalogue, scheduled: bool) -> list[str]:
    """When the next scheduled post goes live, and which posts are drafts."""
    notes = []
    upcoming = next_scheduled(catalogue.posts.values(), datetime.now(UTC)) if scheduled else None
    if upcoming is not None and upcoming.meta.date is not None:
        zone = catalogue.settings.zone
        when = upcoming.meta.date.astimezone(zone)
        notes.append(
            f"next scheduled post: {upcoming.path} goes live on {when:%Y-%m-%d %H:%M} "
            f"{getattr(zone, 'key', zone)} (a build on or after that time publishes it)"
        )
    drafts = sorted(p.path for p in catalogue.posts.values() if p.meta.draft is True)
    if drafts:
        notes.append(f"{len(drafts)} draft{'s' if len(drafts) > 1 else ''}: {', '.join(drafts)}")
    return notes


def _faq_problems(catalogue: Catalogue, options: Any) -> list[Problem]:
    """The FAQ plugin's checks on every post, as its `on_page_markdown` runs them."""
    levels = common.levels(options, "faq")
    problems: list[Problem] = []
    for post in catalogue.posts.values():
        if post.has_errors:
            continue  # left out of the build, so its page events never run there either
        outcome = faq_outcome(
            post.parsed.body.lstrip("\n"),
            post.parsed.front.data.get(options.front_matter_key),
            options,
            catalogue.settings.embeds,
        )
        key_line = post.parsed.front.line(options.front_matter_key)
        problems += faq_problems(
            outcome.findings, post.path, post.parsed.markdown_line, levels, key_line
        )
    return problems


def _image_problems(config: Any, catalogue: Catalogue | None, options: Any) -> list[Problem]:
    """The images plugin's checks on every page, without rendering any."""
    from .images.plugin import levels_from, limits_from

    levels, limits = levels_from(options), limits_from(options)
    spec = config.exclude_docs
    index = images.FileIndex(config.docs_dir, lambda uri: bool(spec and spec.match_file(uri)))
    for folder, root in host_material.post_media_roots(config):
        index.publish_under(folder, root)
    cache, report = images.ImageCache(), images.ImageReport()
    found: list[tuple[str, Finding]] = []
    tree = catalogue.tree if catalogue is not None else None
    for src_uri in sorted(index.files):
        if not src_uri.endswith(MARKDOWN_SUFFIXES):
            continue
        if index.outside(src_uri) or (tree is not None and src_uri not in tree.files):
            continue  # left out of the site, and said so
        post = catalogue.posts.get(src_uri) if catalogue else None
        if post is not None and post.has_errors:
            continue  # left out of the build (see _faq_problems)
        if post is not None:
            markdown, first, thumbnail, thumbnail_line = post_images_input(post)
        else:
            page = _read_page(os.path.join(index.docs_dir, src_uri), catalogue)
            if page is None:
                continue  # a page MkDocs cannot read either: the build says so
            (markdown, first), thumbnail, thumbnail_line = page, None, 1
        found += [
            (src_uri, f)
            for f in image_findings(
                markdown, src_uri, index, cache, limits, report, first, thumbnail, thumbnail_line
            )
        ]
    avatars = [a.avatar for a in catalogue.authors.authors.values()] if catalogue else []
    found += images.unreferenced(index, options.images_dir, report, avatars)
    project = common.project_dir(config)
    placed = (place(f, common.shown_path(config, uri, project), levels) for uri, f in found)
    return [p for p in placed if p]


def _read_page(path: str, catalogue: Catalogue | None) -> tuple[str, int] | None:
    """A page's Markdown (without front matter) and the file line it starts at, read
    with the posts' size bound; None when it cannot be read."""
    limit = catalogue.settings.max_post_bytes if catalogue is not None else 2 * 2**20
    try:
        raw = published.read_bounded(path, limit)
    except OSError:
        return None
    parts = source.split(source.decode(raw)[0])
    markdown = parts.body.lstrip("\n")
    return markdown, parts.body_line + len(parts.body) - len(markdown)


def _page_html_problems(config: Any, catalogue: Catalogue) -> list[Problem]:
    """Raw HTML that could run code in the site's pages that are not posts, as
    masthead/frontmatter names it while it builds them (they are not sanitized)."""
    spec = config.exclude_docs
    problems = []
    for src_uri, path in sorted(catalogue.tree.files.items()):
        if not published.is_markdown(src_uri) or src_uri in catalogue.posts:
            continue
        if spec and spec.match_file(src_uri):
            continue
        page = _read_page(path, catalogue)
        if page is None:
            continue
        markdown, first = page
        shown = common.shown_path(config, src_uri)
        for finding in page_html_findings(markdown, first):
            problem = place(finding, shown, catalogue.settings.levels)
            if problem:
                problems.append(problem)
    return problems
