"""Posts rendered once per `serve` session, not once per rebuild.

`mkdocs serve` rebuilds the whole site after every save, converting every post's
Markdown again although one changed. The cache keeps what `Page.render` produced for
each post (HTML, table of contents, anchors, and the warnings it logged, which are
logged again) and gives it back when the same text would be converted the same way:

- the post's Markdown after every plugin's `on_page_markdown` (its final text),
- the post's URL, and the URL of every file of the site (links are resolved
  against them: a renamed post changes the links to it),
- the Markdown extensions and their settings.

Extensions that read other files while converting (snippets, includes, base64
images) make a post depend on more than its text: with one of them configured the
cache stays off. A `serve` session only: `mkdocs build` always renders afresh.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import types
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

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


@dataclass
class _Rendered:
    content: str
    toc: object
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    records: list[logging.LogRecord]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class RenderCache:
    def __init__(self) -> None:
        # src_uri -> (key, what the render produced): one entry per post, so a long
        # session of edits does not pile up old versions.
        self._entries: dict[str, tuple[bytes, _Rendered]] = {}
        self._build_key: bytes | None = None
        self._files_id: int | None = None
        self.hits = 0  # this build's, for tests and the curious
        self.enabled = False

    def start_build(self, config: MkDocsConfig, *, serving: bool) -> None:
        """Called in `on_config`: forget the site-wide part of the key."""
        self._build_key = None
        self._files_id = None
        self.hits = 0
        names = {
            e if isinstance(e, str) else type(e).__module__ for e in config.markdown_extensions
        }
        self.enabled = serving and not (names & READS_OTHER_FILES)
        if not self.enabled:
            self._entries.clear()

    def attach(self, page: Page) -> None:
        """Route this page's `render` through the cache (for this build only: the page
        object is new in every build)."""
        if self.enabled:
            page.render = types.MethodType(_cached_render(self, page.render), page)

    def _site_key(self, config: MkDocsConfig, files: Files) -> bytes:
        if self._build_key is None or self._files_id != id(files):
            digest = hashlib.blake2b(digest_size=16)
            digest.update(repr(config.markdown_extensions).encode())
            digest.update(repr(sorted(config.mdx_configs.items(), key=str)).encode())
            digest.update(repr(config.validation).encode())
            for file in sorted(files, key=lambda f: f.src_uri):
                digest.update(f"{file.src_uri}\0{file.url}\0".encode())
            self._build_key, self._files_id = digest.digest(), id(files)
        return self._build_key

    def key(self, page: Page, config: MkDocsConfig, files: Files) -> bytes:
        digest = hashlib.blake2b(self._site_key(config, files), digest_size=16)
        digest.update(f"{page.file.src_uri}\0{page.url}\0".encode())
        digest.update((page.markdown or "").encode("utf-8", "surrogatepass"))
        return digest.digest()


def _cached_render(cache: RenderCache, render):
    def cached_render(page: Page, config: MkDocsConfig, files: Files) -> None:
        key = cache.key(page, config, files)
        known = cache._entries.get(page.file.src_uri)
        entry = known[1] if known is not None and known[0] == key else None
        if entry is not None:
            cache.hits += 1
            page.content = entry.content
            page.toc = copy.deepcopy(entry.toc)
            page._title_from_render = entry.title
            page.present_anchor_ids = set(entry.anchors)
            if entry.links_to_anchors is not None:
                page.links_to_anchors = {
                    found: dict(links)
                    for uri, links in entry.links_to_anchors.items()
                    if (found := files.get_file_from_path(uri)) is not None
                }
            for record in entry.records:  # the same warnings as a fresh render
                logging.getLogger(record.name).handle(record)
            return
        collect = _Collect()
        root = logging.getLogger("mkdocs")
        root.addHandler(collect)
        try:
            render(config, files)
        finally:
            root.removeHandler(collect)
        links = page.links_to_anchors
        cache._entries[page.file.src_uri] = (
            key,
            _Rendered(
                page.content or "",
                copy.deepcopy(page.toc),
                page._title_from_render,
                set(page.present_anchor_ids or ()),
                {f.src_uri: dict(v) for f, v in links.items()} if links is not None else None,
                collect.records,
            ),
        )

    return cached_render
