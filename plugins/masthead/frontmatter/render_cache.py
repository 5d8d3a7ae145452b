"""Posts rendered once per `serve` session, not once per rebuild.

`mkdocs serve` rebuilds the whole site after every save, converting every post's
Markdown again although one changed. The cache keeps what `Page.render` produced for
each post (HTML, table of contents, anchors, and the warnings it logged, which are
logged again) and gives it back when the same text would be converted the same way:

- the post's Markdown after every plugin's `on_page_markdown` (its final text),
- the post's URL and inclusion, and the URL and inclusion of each file its links
  named when it was rendered (links are resolved against them: a renamed post
  changes the links to it, a new file may resolve a link that was broken),
- the Markdown extensions and their settings.

Extensions that read other files while converting (snippets, includes, base64
images) make a post depend on more than its text: with one of them configured the
cache stays off. A `serve` session only: `mkdocs build` always renders afresh.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..host import mkdocs as host_mkdocs

# Extensions whose output depends on files other than the post.
READS_OTHER_FILES = frozenset(
    {
        "pymdownx.snippets",
        "pymdownx.b64",
        "markdown_include.include",
        "mdx_include",
        "markdown_include_lines",
    }
)


def reads_other_files(config: MkDocsConfig) -> list[str]:
    """The site's Markdown extensions that read files other than the page."""
    names = {host_mkdocs.module_name(e) or type(e).__module__ for e in config.markdown_extensions}
    return sorted(names & READS_OTHER_FILES)


@dataclass
class _Entry:
    rendered: host_mkdocs.Rendered
    records: list[logging.LogRecord]  # the warnings the render logged
    lookups: host_mkdocs.Lookups  # the files its links named, and what was found


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class RenderCache:
    """What `Page.render` produced for each post, kept across `serve` rebuilds."""

    def __init__(self) -> None:
        # src_uri -> (key, what the render produced): one entry per post, so a long
        # session of edits does not pile up old versions.
        self._entries: dict[str, tuple[bytes, _Entry]] = {}
        self._build_key: bytes | None = None
        self.hits = 0  # this build's, for tests and the curious
        self.enabled = False

    def start_build(self, config: MkDocsConfig, *, serving: bool) -> None:
        """Called in `on_config`: forget the site-wide part of the key."""
        self._build_key = None
        self.hits = 0
        self.enabled = serving and not reads_other_files(config)
        if not self.enabled:
            self._entries.clear()

    def attach(self, page: Page) -> None:
        """Route this page's `render` through the cache (for this build only: the page
        object is new in every build)."""
        if self.enabled:
            host_mkdocs.wrap_render(page, self._cached_render)

    def _site_key(self, config: MkDocsConfig) -> bytes:
        if self._build_key is None:
            digest = hashlib.blake2b(digest_size=16)
            digest.update(repr(config.markdown_extensions).encode())
            digest.update(repr(sorted(config.mdx_configs.items(), key=str)).encode())
            digest.update(repr(config.validation).encode())
            digest.update(repr(config.use_directory_urls).encode())
            self._build_key = digest.digest()
        return self._build_key

    def key(self, page: Page, config: MkDocsConfig) -> bytes:
        """What a post's render depends on, but the files its links name, as one digest."""
        digest = hashlib.blake2b(self._site_key(config), digest_size=16)
        inclusion = page.file.inclusion.name
        digest.update(f"{page.file.src_uri}\0{page.url}\0{inclusion}\0".encode())
        digest.update((page.markdown or "").encode("utf-8", "surrogatepass"))
        return digest.digest()

    def _cached_render(
        self, page: Page, render: Callable[[MkDocsConfig, Files], None]
    ) -> Callable[[MkDocsConfig, Files], None]:
        def cached_render(config: MkDocsConfig, files: Files) -> None:
            key = self.key(page, config)
            known = self._entries.get(page.file.src_uri)
            entry = known[1] if known is not None and known[0] == key else None
            if entry is not None and all(
                host_mkdocs.file_facts(files, path) == facts for path, facts in entry.lookups
            ):
                self.hits += 1
                host_mkdocs.give_back(page, entry.rendered, files)
                for record in entry.records:  # the same warnings as a fresh render
                    logging.getLogger(record.name).handle(record)
                return
            collect = _Collect()
            root = host_mkdocs.LOGGER
            root.addHandler(collect)
            try:
                lookups = host_mkdocs.render_recording_lookups(lambda: render(config, files), files)
            finally:
                root.removeHandler(collect)
            self._entries[page.file.src_uri] = (
                key,
                _Entry(host_mkdocs.rendered(page), collect.records, lookups),
            )

        return cached_render
