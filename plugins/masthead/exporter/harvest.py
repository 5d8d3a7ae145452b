"""The site built once, for real, in-process, and what the export takes from that build.

The one module of the exporter that uses MkDocs. Nothing is re-implemented: the
plugins run as in `mkdocs serve` (so drafts and scheduled posts are rendered too, as
Material shows them there) into a throwaway folder, and a small recorder plugin, added
after the configuration is loaded, writes down what the export needs:

- `on_files`, between masthead/frontmatter (50) and Material's blog plugin (-50): the
  file masthead gives Material for each post (its translated front matter and body);
- `on_files`, last: every file of docs/ the build publishes, and each post's URL;
- `on_page_markdown`, last: each post's tags as the blog names them;
- `on_page_content`, last: which posts hold an `<h1>` of their own;
- `on_post_page`, last: the JSON-LD each post page carries.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import posixpath
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import common
from ..core import jsonld
from ..core.catalogue import Catalogue
from ..core.safety import clean
from ..host import material
from ..host import mkdocs as host_mkdocs
from .faqblocks import FaqSettings

# How masthead/faq starts the structured data of a post page (`jsonld.head_position`).
_JSON_LD_OPEN = '<script type="application/ld+json">'


class BuildFailed(Exception):
    """The site cannot be exported (it does not build, it has no posts); the message
    says why."""


@dataclass
class Blog:
    """One of the site's blogs (Material's blog plugin), as `mkdocs.yml` sets it."""

    blog_dir: str  # docs-relative
    authors_file: str  # docs-relative


@dataclass
class Harvest:
    """What the export takes from the build."""

    config: MkDocsConfig
    blogs: list[Blog]
    faq: FaqSettings | None
    tags_url: str | None  # where masthead/tags published its overview, when used
    tags_title: str  # its title
    scheduled: bool  # masthead/frontmatter made future dates drafts (`scheduled`)
    catalogue: Catalogue = field(init=False)  # the build's, once masthead read the posts
    texts: dict[str, str] = field(default_factory=dict)  # post -> file Material read
    urls: dict[str, str] = field(default_factory=dict)  # post -> its URL
    tags: dict[str, list[str]] = field(default_factory=dict)  # post -> its tags
    json_ld: dict[str, dict[str, Any]] = field(default_factory=dict)  # post -> JSON-LD
    own_h1: set[str] = field(default_factory=set)  # posts whose text holds an `<h1>`
    # post -> its blog's excerpt marker, for the posts masthead drew as a summary card
    cards: dict[str, str] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)  # post -> the slug Material gave it
    # posts whose HTML masthead's build cleans (removes, or makes click-to-load)
    cleaned: set[str] = field(default_factory=set)
    files: dict[str, str] = field(default_factory=dict)  # docs file -> absolute path


class _Recorder(BasePlugin):
    """Writes down what the export takes from the build (see the module's docstring)."""

    def __init__(self, harvest: Harvest) -> None:
        self.harvest = harvest

    # Last: masthead/frontmatter (50) has read every post into the build's catalogue.
    @event_priority(-100)
    def on_config(self, config: MkDocsConfig) -> None:
        catalogue = common.catalogue(config)
        if catalogue is None:
            raise PluginError("masthead/frontmatter read no posts")
        self.harvest.catalogue = catalogue

    # After masthead/frontmatter put the translated posts in place (50), before
    # Material's blog plugin reads them (-50).
    @event_priority(0)
    def _texts(self, files: Files, *, config: MkDocsConfig) -> None:
        posts = self.harvest.catalogue.posts
        for file in files.documentation_pages():
            if file.src_uri in posts:
                self.harvest.texts[file.src_uri] = file.content_string

    # Last: every page has its final URL, and every file docs/ may not publish is gone.
    @event_priority(-100)
    def _listed(self, files: Files, *, config: MkDocsConfig) -> None:
        docs = os.path.realpath(config.docs_dir)
        for file in files:
            if file.src_uri in self.harvest.catalogue.posts:
                self.harvest.urls[file.src_uri] = file.url
                continue
            path = file.abs_src_path
            if file.generated_by or not path:
                continue  # made by a plugin (masthead's assets, Material's views)
            real = os.path.realpath(path)
            if os.path.commonpath([real, docs]) == docs:
                self.harvest.files[file.src_uri] = real

    on_files = CombinedEvent(_texts, _listed)

    # Last: masthead/tags has named the post's tags as the blog shows them.
    @event_priority(-100)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> None:
        src_uri = page.file.src_uri
        if src_uri not in self.harvest.catalogue.posts:
            return
        tags = page.meta.get("tags")
        if isinstance(tags, list):
            self.harvest.tags[src_uri] = [str(t) for t in tags]
        slug = material.post_slug(_blog_of(config, src_uri), page)
        if slug:
            self.harvest.slugs[src_uri] = slug

    # Before masthead/frontmatter (0) cleans the post's HTML: what it would remove, or
    # make click-to-load, plain Material publishes as written; the export names the post.
    @event_priority(1)
    def _cleaned(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        catalogue = self.harvest.catalogue
        if page.file.src_uri in catalogue.posts:
            _out, lost = clean(html, catalogue.settings.embeds)
            if lost or "<iframe" in html.lower():
                self.harvest.cleaned.add(page.file.src_uri)

    # Last: the post's HTML as the page shows it. Material prints the title as the page's
    # `<h1>` only when the text has none (partials/content.html); masthead always does.
    @event_priority(-100)
    def _content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        src_uri = page.file.src_uri
        if src_uri not in self.harvest.catalogue.posts:
            return
        if "<h1" in html:
            self.harvest.own_h1.add(src_uri)
        # masthead/frontmatter (-75) drew it as a summary card: Material would show the
        # whole post on the index instead, so the export marks where its excerpt ends.
        if isinstance(material.post_excerpt(page), material.SummaryExcerpt):
            separator = material.excerpt_separator(_blog_of(config, src_uri))
            if separator:
                self.harvest.cards[src_uri] = separator

    on_page_content = CombinedEvent(_cleaned, _content)

    # Last: masthead/faq has put the structured data in the page.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> None:
        if page.file.src_uri not in self.harvest.catalogue.posts:
            return
        head = jsonld.head_position(output)
        if head is None or not output.startswith(_JSON_LD_OPEN, head):
            return
        start = head + len(_JSON_LD_OPEN)
        end = output.find("</script>", start)
        if end > start:
            # The text escapes `<`, `>` and `&` (core/jsonld.py): it holds no `</script>`.
            self.harvest.json_ld[page.file.src_uri] = json.loads(output[start:end])


def _blog_of(config: MkDocsConfig, src_uri: str) -> material.BlogPlugin | None:
    """The blog whose posts folder holds `src_uri`."""
    return next(
        (
            b
            for b in material.blog_plugins(config)
            if src_uri.startswith(material.post_dir(b) + "/")
        ),
        None,
    )


def _blogs(config: MkDocsConfig) -> list[Blog]:
    """The site's blogs with their authors files as `mkdocs.yml` names them (read before
    the build: masthead points Material at a file of its own while it runs)."""
    return [
        Blog(posixpath.normpath(b.config.blog_dir), material.authors_file(b))
        for b in material.blog_plugins(config)
    ]


@contextlib.contextmanager
def _held_logs() -> Iterator[list[logging.LogRecord]]:
    """MkDocs' and the plugins' messages held back (`masthead check` has reported the
    problems already); errors kept, to say why a build failed."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = host_mkdocs.LOGGER
    handler, level, propagate = Keep(logging.ERROR), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def harvest(config_file: str) -> Harvest:
    """Build the site of `config_file` into a throwaway folder and return what the
    export needs; BuildFailed when it does not build."""
    # New plugin instances, as a new `mkdocs` process has: MkDocs keeps them per process
    # (for `serve`), and Material's blog plugin would reuse the temporary folder it
    # deleted at the end of the check that ran before.
    host_mkdocs.fresh_plugins()
    with tempfile.TemporaryDirectory(prefix="masthead-export-") as site_dir, _held_logs() as logs:
        try:
            config = load_config(config_file, site_dir=site_dir)
        except (ConfigurationError, OSError) as error:
            raise BuildFailed(f"the site does not build: {error}") from None
        # Pages `draft_docs` names are left out of a build: the export writes them all the
        # same, and the exported mkdocs.yml keeps `draft_docs`, so they stay drafts.
        config.draft_docs = None
        front = config.plugins.get(common.FRONTMATTER)
        if front is None or not front.config.enabled:
            raise BuildFailed(f"{config_file} does not use masthead/frontmatter: no post to export")
        faq_plugin = config.plugins.get("masthead/faq")
        tags_plugin = config.plugins.get("masthead/tags")
        tags = tags_plugin.config if tags_plugin is not None else None
        faq = faq_plugin.config if faq_plugin is not None else None
        result = Harvest(
            config,
            _blogs(config),
            _faq_settings(faq) if faq is not None and faq.enabled else None,
            str(tags.url).strip("/") if tags is not None and tags.enabled else None,
            str(tags.title) if tags is not None else "Tags",
            bool(front.config.scheduled),
        )
        # The exported site is plain Material: no image variants or crops (the build
        # would name them in the structured data it keeps, and nothing copies them).
        images_plugin = config.plugins.get("masthead/images")
        if images_plugin is not None:
            images_plugin.config.responsive = False
        config.plugins["masthead/export"] = _Recorder(result)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config)
        except (PluginError, Abort, OSError) as error:
            shown = "; ".join(r.getMessage() for r in logs) or str(error)
            raise BuildFailed(f"the site does not build: {shown}") from None
        finally:
            config.plugins.on_shutdown()
    return result


def _faq_settings(options: Any) -> FaqSettings:
    """The options of masthead/faq that shape a post's FAQ (faq/config.py)."""
    return FaqSettings(
        headings=tuple(options.headings),
        key=str(options.front_matter_key),
        section_heading=str(options.front_matter_heading),
        open_=bool(options.open),
    )
