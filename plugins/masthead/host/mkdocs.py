"""Every reach into MkDocs 1.6 (and ProperDocs 1.6, the same code) beyond its plugin API.

The plugin API (events, `Files`, `File.generated`, config options) is used directly by
the plugins. What is here relies on how MkDocs works inside: each reach names what it
depends on in a `Depends on:` comment, is listed in `REACHES` with a probe, and is
tested by `tests/test_host_reaches.py`, which fails when an upgrade moves it.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import posixpath
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import markdown as _markdown_package
from markdown import Markdown
from mkdocs import utils as _utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as _pages_module
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..core.changes import Stamp, snapshot, stamp
from ..core.problems import Finding
from .reach import Reach, put_back, swap

TEMPLATES_DIR = str(resources.files("masthead") / "templates")
ASSETS_DIR = resources.files("masthead") / "assets"

# The root of the host's loggers: "mkdocs", or "properdocs" when `mkdocs` is ProperDocs'
# alias (see host/__init__.py), whose loggers, our plugins' included, are properdocs.*.
LOGGER = logging.getLogger(_pages_module.__name__.split(".")[0])
# The host's command, as a user types it: `mkdocs` or `properdocs`.
COMMAND = LOGGER.name


# -- plugin instances -------------------------------------------------------------------------
# Depends on: the `plugins` option of `MkDocsConfig` keeping each plugin instance per
# process in its `plugin_cache` (a dict), so that `serve` rebuilds reuse them.
def fresh_plugins() -> None:
    """New plugin instances at the next config load, as a new `mkdocs` process has."""
    MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]  # see above


# -- the theme's folders --------------------------------------------------------------------
# Depends on: `Theme.dirs`, the list of folders Jinja searches in order (custom_dir
# first), being read when the environment is made (after `on_config`).
def add_templates(config: MkDocsConfig) -> None:
    """Put our templates after the site's `custom_dir` and before Material's own, so a
    site's overrides win over ours and ours win over Material's."""
    dirs = config.theme.dirs
    if TEMPLATES_DIR in dirs:
        return
    at = 1 if config.theme.custom_dir and dirs and dirs[0] == config.theme.custom_dir else 0
    dirs.insert(at, TEMPLATES_DIR)


def theme_has_in(folder: str, name: str) -> bool:
    """Whether the theme folder `folder` has the file `name`."""
    return os.path.isfile(os.path.join(folder, *name.split("/")))


def theme_has(config: MkDocsConfig, name: str) -> bool:
    """Whether one of the theme's folders (the site's overrides included) has `name`."""
    return any(theme_has_in(d, name) for d in config.theme.dirs)


SCRIPT_SUFFIXES = (".js", ".mjs")


def keep_theme_scripts(files: Files, config: MkDocsConfig) -> list[tuple[str, Finding]]:
    """A file of docs/ at the path of one of the theme's scripts (or ours) replaces it
    on every page: such a file is taken out and the theme's own put back. A site
    changes the theme's files in its overrides folder (`custom_dir`), not in docs/.
    Depends on: `Files.add_files_from_theme` letting docs/ win, and `File.src_dir`
    being `docs_dir` for the files of docs/. Returns (docs path, finding) pairs."""
    found = []
    docs = os.path.normpath(config.docs_dir)
    for file in list(files):
        if not file.src_uri.endswith(SCRIPT_SUFFIXES) or file.generated_by:
            continue
        if os.path.normpath(file.src_dir or "") != docs:
            continue
        ours = (
            file.src_uri.startswith("assets/masthead/")
            and (ASSETS_DIR / posixpath.basename(file.src_uri)).is_file()
        )
        theirs = next((d for d in config.theme.dirs if theme_has_in(d, file.src_uri)), None)
        if not ours and theirs is None:
            continue
        files.remove(file)
        if theirs is not None:  # ours are added back by `add_asset`
            files.append(File(file.src_uri, theirs, config.site_dir, config.use_directory_urls))
        found.append(
            (
                file.src_uri,
                Finding(
                    "url-collision",
                    1,
                    f"{file.src_uri} would replace the theme's script of that name, which "
                    "pages load; it is left out of the site",
                    "rename it; change the theme's files in the overrides folder (custom_dir)",
                ),
            )
        )
    return found


def from_docs(file: File, config: MkDocsConfig) -> bool:
    """Whether `file` was listed from docs/ (not the theme's, not generated).
    Depends on: `File.src_dir` being `docs_dir` for the files of docs/."""
    return os.path.normpath(file.src_dir or "") == os.path.normpath(config.docs_dir)


# -- a page's rendering ------------------------------------------------------------------------
@dataclass
class Rendered:
    """What `Page.render` leaves on a page, kept to give back without rendering."""

    content: str
    toc: object
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri


# Depends on: `Page.render(config, files)` setting `content`, `toc`,
# `_title_from_render`, `present_anchor_ids` and `links_to_anchors` (MkDocs 1.6;
# the title property reads `_title_from_render`), and being called through the
# instance (`page.render(...)` in `mkdocs.commands.build._populate_page`).
def wrap_render(
    page: Page, wrapper: Callable[[Page, Callable[..., None]], Callable[..., None]]
) -> None:
    """Route this page's `render` through `wrapper(page, render)`: for this build (a
    page object is new in every whole build), and again for each rebuild in place of
    the same page object, always around its own `render` (never a chain of wrappers)."""
    current = page.__dict__.get("render")
    original = getattr(current, "masthead_original", None) or page.render
    cached = wrapper(page, original)

    def render(config: MkDocsConfig, files: Files) -> None:
        cached(config, files)

    render.masthead_original = original  # type: ignore[attr-defined]
    page.render = render  # type: ignore[method-assign]


def rendered(page: Page) -> Rendered:
    """What the last `render` of `page` left on it."""
    links = page.links_to_anchors
    return Rendered(
        page.content or "",
        copy.deepcopy(page.toc),
        page._title_from_render,  # noqa: SLF001  (a reach: see above)
        set(page.present_anchor_ids or ()),
        {f.src_uri: dict(v) for f, v in links.items()} if links is not None else None,
    )


def give_back(page: Page, entry: Rendered, files: Files) -> None:
    """Leave on `page` what `render` left when it produced `entry`."""
    page.content = entry.content
    page.toc = copy.deepcopy(entry.toc)  # type: ignore[assignment]
    page._title_from_render = entry.title  # noqa: SLF001  (a reach: see above)
    page.present_anchor_ids = set(entry.anchors)
    if entry.links_to_anchors is not None:
        page.links_to_anchors = {
            found: dict(links)
            for uri, links in entry.links_to_anchors.items()
            if (found := files.get_file_from_path(uri)) is not None
        }


# Depends on: `Page.render` consulting the site's files only through
# `files.get_file_from_path(path)` (its `_RelativePathTreeprocessor`, for each link), and
# reading the found file's `url` and `inclusion`.
Lookups = list[tuple[str, tuple[str, str] | None]]


def file_facts(files: Files, path: str) -> tuple[str, str] | None:
    """What a render learns of the file at `path`: its URL and inclusion (None: none)."""
    found = files.get_file_from_path(path)
    return (found.url, found.inclusion.name) if found is not None else None


def render_recording_lookups(render: Callable[[], None], files: Files) -> Lookups:
    """Call `render()`, recording which files it looked up and what it found."""
    lookups: Lookups = []
    outer = files.__dict__.get("get_file_from_path")  # a render inside a render records too
    plain = files.get_file_from_path

    def recorded(path: str) -> File | None:
        found = plain(path)
        lookups.append((path, (found.url, found.inclusion.name) if found is not None else None))
        return found

    files.get_file_from_path = recorded  # type: ignore[method-assign]  # this render only
    try:
        render()
    finally:
        if outer is None:
            files.__dict__.pop("get_file_from_path", None)
        else:
            files.get_file_from_path = outer  # type: ignore[method-assign]
    return lookups


def _render_lookups() -> bool:
    import inspect

    from mkdocs.structure import pages

    source = inspect.getsource(pages._RelativePathTreeprocessor)  # noqa: SLF001
    return source.count("self.files.") == source.count("self.files.get_file_from_path(") > 0


# -- one Markdown parser per site, not one per page --------------------------------------------
# MkDocs makes a new parser, with every extension of the site, for each page it renders:
# 0.3 ms with a handful of extensions, 8 ms with the set Material's documentation
# recommends (superfences, highlight, emoji, tabbed, ...), so seconds for a large blog.
# Python-Markdown's own way to convert many documents is one parser and `reset()`
# between them; every extension below clears its state in `reset` (tested in
# tests/test_speedups.py by building the same pages with and without the pool).
RESETS_CLEANLY = frozenset(
    [
        *(
            f"markdown.extensions.{name}"
            for name in [
                "abbr",
                "admonition",
                "attr_list",
                "def_list",
                "fenced_code",
                "footnotes",
                "md_in_html",
                "meta",
                "sane_lists",
                "smarty",
                "tables",
                "toc",
                "wikilinks",
            ]
        ),
        *(
            f"pymdownx.{name}"
            for name in [
                "betterem",
                "caret",
                "mark",
                "tilde",
                "details",
                "emoji",
                "highlight",
                "inlinehilite",
                "keys",
                "magiclink",
                "smartsymbols",
                "superfences",
                "tabbed",
                "tasklist",
                "arithmatex",
            ]
        ),
    ]
)


def module_name(extension: object) -> str | None:
    """The module of a Markdown extension named by string, None for an object."""
    if not isinstance(extension, str):
        return None  # an extension object: its state is unknown
    name = extension.split(":", 1)[0]
    return name if "." in name else f"markdown.extensions.{name}"


def pool_key(extensions: list[Any], configs: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """The key of a parser that can be shared, or None when one extension might keep
    state across documents (or footnotes number ids per document: `UNIQUE_IDS`)."""
    names = tuple(module_name(e) for e in extensions)
    if not all(n in RESETS_CLEANLY for n in names):
        return None
    configs = configs or {}
    for key in ("footnotes", "markdown.extensions.footnotes"):
        if (configs.get(key) or {}).get("UNIQUE_IDS"):
            return None
    return names, repr(sorted(configs.items(), key=lambda item: str(item[0])))


class PooledMarkdown(Markdown):
    """A parser shared by the pages with the same extensions, one at a time."""

    busy = False

    def convert(self, source: str) -> str:
        """Python-Markdown's conversion, marked busy while it runs."""
        self.busy = True  # a page rendered while this one is: it gets its own parser
        try:
            return super().convert(source)
        finally:
            self.busy = False


_POOL: dict[tuple[Any, ...], PooledMarkdown] = {}


class _MarkdownForPages:
    """The `markdown` package as `mkdocs.structure.pages` sees it: the same, except that
    `Markdown(...)` hands back the parser of the last page with the same extensions,
    reset (registrations with the same name replace the last page's)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_markdown_package, name)

    @staticmethod
    def Markdown(*args: Any, **kwargs: Any) -> Markdown:
        key = (
            None
            if args
            else pool_key(kwargs.get("extensions") or [], kwargs.get("extension_configs"))
        )
        if key is None:
            return Markdown(*args, **kwargs)
        parser = _POOL.get(key)
        if parser is None or parser.busy:
            parser = PooledMarkdown(**kwargs)
            _POOL.setdefault(key, parser)
            return parser
        return parser.reset()


_FOR_PAGES = _MarkdownForPages()


def pooled_markdown() -> bool:
    """Let MkDocs render pages with pooled parsers.
    Depends on: `mkdocs.structure.pages.markdown` (the module, a global of
    `mkdocs.structure.pages`) whose `Markdown(extensions=..., extension_configs=...)`
    `Page.render` calls."""
    _POOL.clear()
    return swap(_pages_module, "markdown", _markdown_package, _FOR_PAGES)


def restore_markdown() -> None:
    """Undo `pooled_markdown`."""
    _POOL.clear()
    put_back(_pages_module, "markdown", _markdown_package, _FOR_PAGES)


SPEEDUPS: list[tuple[str, Callable[[], bool], Callable[[], None]]] = [
    ("one Markdown parser per set of extensions", pooled_markdown, restore_markdown),
]


# -- the page pipeline, for one page ---------------------------------------------------------
# A save in `serve` rebuilds, in place, only the pages it reaches (frontmatter/incremental):
# each goes through the same two steps `build()` takes every page through.
# Depends on: `mkdocs.commands.build._populate_page(page, config, files, dirty)` (read,
# `on_page_markdown`, render, `on_page_content`) and `_build_page(page, config, doc_files,
# nav, env, dirty, excluded)` (`on_page_context`, template, `on_post_page`, write), and
# `InclusionLevel.is_in_serve`, the pages `serve` builds.
def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read and render one page's Markdown, with every plugin's page events."""
    from mkdocs.commands import build as _build_module

    _build_module._populate_page(page, config, files)  # noqa: SLF001  # see above


def build_page(page: Page, config: MkDocsConfig, files: Files, nav: Any, env: Any) -> None:
    """Render one page's template, with every plugin's context events, and write it."""
    from mkdocs.commands import build as _build_module
    from mkdocs.structure.files import InclusionLevel

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    _build_module._build_page(  # noqa: SLF001  # see above
        page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded()
    )


def _page_pipeline() -> bool:
    import inspect

    from mkdocs.commands import build as _build_module
    from mkdocs.structure.files import InclusionLevel

    populate = getattr(_build_module, "_populate_page", None)
    build = getattr(_build_module, "_build_page", None)
    return (
        populate is not None
        and build is not None
        and list(inspect.signature(populate).parameters) == ["page", "config", "files", "dirty"]
        and list(inspect.signature(build).parameters)
        == ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]
        and callable(getattr(InclusionLevel, "is_in_serve", None))
    )


# -- page templates rendered once while what they show stays (frontmatter/page_memo.py) -------
# Depends on: `_build_page` rendering a page with `env.get_template(name).render(context)`,
# the context being the dict `on_page_context` returned, and `env` making the templates
# it loads after this with Jinja's `Environment.template_class` (public Jinja API).
def memo_page_templates(
    env: Any, render: Callable[[Callable[[dict[str, Any]], str], dict[str, Any]], str], key: str
) -> bool:
    """Templates `env` loads from now on render a context holding `key` through
    `render(plain_render, context)`; any other render is Jinja's own. Returns whether
    the page templates are not loaded yet (otherwise nothing changes)."""
    import jinja2

    if env.template_class is not jinja2.Template:
        return False  # another plugin's templates: left as they are

    class MemoTemplate(jinja2.Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            if len(args) == 1 and not kwargs and isinstance(args[0], dict) and key in args[0]:
                return render(lambda c: jinja2.Template.render(self, c), args[0])
            return jinja2.Template.render(self, *args, **kwargs)

    env.template_class = MemoTemplate
    return True


def _memo_contract() -> bool:
    import inspect

    from mkdocs.commands import build as _build_module

    source = inspect.getsource(_build_module._build_page)  # noqa: SLF001
    return "env.get_template(" in source and "template.render(context)" in source


# -- `serve`'s builder -----------------------------------------------------------------------
# Depends on: `LiveReloadServer._build_loop` calling `self.builder()` (no arguments) after
# the watched files changed; the attribute is set from the `builder` it was made with.
def wrap_builder(server: Any, wrap: Callable[[Callable[[], None]], Callable[[], None]]) -> bool:
    """Give `serve`'s server `wrap(its builder)` to call after a save. Returns whether
    the server is the one this reach knows (otherwise it is left as it is)."""
    builder = getattr(server, "builder", None)
    if not callable(builder) or not _builder_loop():
        return False
    server.builder = wrap(builder)
    return True


def _builder_loop() -> bool:
    import inspect

    from mkdocs.livereload import LiveReloadServer

    return "self.builder()" in inspect.getsource(LiveReloadServer._build_loop)  # noqa: SLF001


# -- the site folder kept across `serve` rebuilds -----------------------------------------------
# A whole rebuild in `serve` empties the site folder, then writes every page and copies
# every file of docs/ again (4000 images: two seconds here). `KeptSite` keeps the folder
# instead: a page whose bytes are those already written there, or a file copied from an
# unchanged source, is not written again; at the end, what this build did not produce
# is removed, so the folder holds exactly what a clean build writes.
# Depends on: `build()` emptying the folder with `mkdocs.utils.clean_directory(site_dir)`
# and writing pages (and Material's search index, the sitemap) with
# `mkdocs.utils.write_file(content, path)`; `File.copy_file(dirty)` copying each other file.
_CLEAN, _WRITE, _COPY = _utils.clean_directory, _utils.write_file, File.copy_file


def _stamp_of(path: str) -> Stamp | None:
    found = stamp(path)
    return found if found[0] >= 0 else None


class KeptSite:
    """The site folder of one `serve` session, kept from one whole build to the next."""

    def __init__(self) -> None:
        self.site_dir: str | None = None
        # destination -> (what it was made from, the destination's stamp once made)
        self._made: dict[str, tuple[object, Stamp]] = {}
        self._touched: set[str] = set()
        self._before: dict[str, Stamp] = {}
        self._empty_first = True
        self.active = False
        self.kept = 0  # files this build did not write again (tests, the debug log)

    def begin(self, site_dir: str) -> bool:
        """Keep `site_dir` for this build (the last one wrote it). Returns whether the
        reaches are in place; if not, the build empties and writes it as usual."""
        site_dir = os.path.abspath(site_dir)
        if self.site_dir != site_dir:
            self._made.clear()
        # Nothing known of the folder (a first build, or after a failed one): emptied.
        self._empty_first = not self._made
        self.site_dir, self._touched, self.kept = site_dir, set(), 0
        # What is there now: a file whose stamp is the same at the end was not written
        # by this build (a plugin's own writes change it), so it is stale.
        self._before = {} if self._empty_first else snapshot([site_dir])
        _KEPT[0] = self
        done = (
            swap(_utils, "clean_directory", _CLEAN, _kept_clean)
            and swap(_utils, "write_file", _WRITE, _kept_write)
            and swap(File, "copy_file", _COPY, _kept_copy)
        )
        self.active = done
        if not done:
            self.put_back()
        return done

    def end(self) -> int:
        """The build succeeded: remove what it did not produce. Returns how many."""
        self.put_back()
        if not self.active or self.site_dir is None:
            return 0
        self.active = False
        return self._remove_stale(self.site_dir)

    def abandon(self) -> None:
        """The build failed: forget the folder (the next build empties it)."""
        self.put_back()
        self.active = False
        self._made.clear()
        self.site_dir = None

    def put_back(self) -> None:
        """MkDocs as it was."""
        put_back(_utils, "clean_directory", _CLEAN, _kept_clean)
        put_back(_utils, "write_file", _WRITE, _kept_write)
        put_back(File, "copy_file", _COPY, _kept_copy)
        if _KEPT[0] is self:
            _KEPT[0] = None

    # -- the replacements ----------------------------------------------------------------
    def _mine(self, path: str) -> bool:
        return self.site_dir is not None and os.path.abspath(path).startswith(
            self.site_dir + os.sep
        )

    def clean(self, directory: str) -> None:
        """`clean_directory`, except for the kept folder (unless nothing is known of it)."""
        if os.path.abspath(directory) != self.site_dir or self._empty_first:
            _CLEAN(directory)

    def _unchanged(self, path: str, source: object) -> bool:
        known = self._made.get(path)
        return known is not None and known[0] == source and _stamp_of(path) == known[1]

    def _record(self, path: str, source: object) -> None:
        stamp = _stamp_of(path)
        if stamp is not None:
            self._made[path] = (source, stamp)
        self._touched.add(path)

    def write(self, content: bytes, output_path: str) -> None:
        """`write_file`, unless the same bytes are there already."""
        path = os.path.abspath(output_path)
        if not self._mine(path):
            _WRITE(content, output_path)
            return
        digest = hashlib.blake2b(content, digest_size=16).digest()
        if self._unchanged(path, digest):
            self._touched.add(path)
            self.kept += 1
            return
        if not self._empty_first:
            _make_room(path, self.site_dir)
        _WRITE(content, output_path)
        self._record(path, digest)

    def copy(self, file: File, dirty: bool) -> None:
        """`File.copy_file`, unless the same source was copied there already."""
        path = os.path.abspath(file.abs_dest_path)
        content = file._content  # noqa: SLF001  # a generated file's text or bytes
        if content is not None:
            data = content.encode("utf-8") if isinstance(content, str) else content
            source: object = hashlib.blake2b(data, digest_size=16).digest()
        elif file.abs_src_path is not None:
            source = (os.path.abspath(file.abs_src_path), _stamp_of(file.abs_src_path))
        else:
            source = None
        if source is not None and self._mine(path) and self._unchanged(path, source):
            self._touched.add(path)
            self.kept += 1
            return
        if self._mine(path) and not self._empty_first:
            _make_room(path, self.site_dir)
        _COPY(file, dirty)
        if self._mine(path):
            self._record(path, source)

    def _remove_stale(self, site_dir: str) -> int:
        """Remove what was in the folder before the build and was neither written nor
        kept by it (a file whose stamp changed was written by a plugin's own means);
        then the folders that emptied."""
        removed = 0
        emptied: set[str] = set()
        for path, known in self._before.items():
            top = os.path.dirname(path) == site_dir
            if path in self._touched or (top and os.path.basename(path).startswith(".")):
                continue
            if _stamp_of(path) != known:
                continue
            os.unlink(path)
            self._made.pop(path, None)
            emptied.add(os.path.dirname(path))
            removed += 1
        for folder in sorted(emptied, key=len, reverse=True):
            while folder.startswith(site_dir + os.sep) and not os.listdir(folder):
                os.rmdir(folder)
                folder = os.path.dirname(folder)
        return removed


def _make_room(path: str, site_dir: str | None) -> None:
    """A file of the last build where this one writes a folder, or a folder where it
    writes a file (a name that changed kind in docs/): removed, as a clean build has
    neither. Only inside `site_dir`."""
    if site_dir is None:
        return
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    parent = os.path.dirname(path)
    while parent.startswith(site_dir + os.sep):
        if os.path.lexists(parent) and not os.path.isdir(parent):
            os.unlink(parent)
            break
        parent = os.path.dirname(parent)


_KEPT: list[KeptSite | None] = [None]


def _kept_clean(directory: str) -> None:
    kept = _KEPT[0]
    if kept is None:
        _CLEAN(directory)
    else:
        kept.clean(directory)


def _kept_write(content: bytes, output_path: str) -> None:
    kept = _KEPT[0]
    if kept is None:
        _WRITE(content, output_path)
    else:
        kept.write(content, output_path)


def _kept_copy(self: File, dirty: bool = False) -> None:
    kept = _KEPT[0]
    if kept is None:
        _COPY(self, dirty)
    else:
        kept.copy(self, dirty)


def _kept_site_contract() -> bool:
    import inspect

    from mkdocs.commands import build as _build_module

    source = inspect.getsource(_build_module.build)
    return (
        "utils.clean_directory(config.site_dir)" in source
        and "utils.write_file(" in inspect.getsource(_build_module._build_page)  # noqa: SLF001
        and list(inspect.signature(_COPY).parameters) == ["self", "dirty"]
        and hasattr(File("a.png", "/d", "/s", True), "_content")
    )


# -- the redirects plugin's log -------------------------------------------------------------
# mkdocs-redirects 1.2 writes a redirect page for any key, but warns "redirects plugin:
# '<key>' is not a valid markdown file!" for a key that is not `.md`, which `--strict`
# turns into a failed build. An old `.html` URL (Jekyll's default permalinks) can only
# be kept by a key ending in `.html`, so that one warning is dropped for such keys.
# Depends on: the logger `mkdocs.plugin.redirects` and that message's wording
# (tests/test_host_seam.py::test_html_redirect_keys_build_strict fails if they move).
_REDIRECTS_LOGGER = "mkdocs.plugin.redirects"
_REDIRECT_WARNING = ("redirects plugin: '", "is not a valid markdown file!")


class _HtmlRedirectKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        start, end = _REDIRECT_WARNING
        return not (
            message.startswith(start)
            and message.endswith(end)
            and message[len(start) :].split("'", 1)[0].lower().endswith((".html", ".htm"))
        )


_HTML_KEYS = _HtmlRedirectKeys()


def allow_html_redirect_keys() -> None:
    """Old URLs ending in `.html` may be redirect keys without a warning."""
    logger = logging.getLogger(_REDIRECTS_LOGGER)
    if _HTML_KEYS not in logger.filters:
        logger.addFilter(_HTML_KEYS)


def drop_html_redirect_keys() -> None:
    """Undo `allow_html_redirect_keys` (at the end of a build)."""
    logging.getLogger(_REDIRECTS_LOGGER).removeFilter(_HTML_KEYS)


def _redirects_wording() -> bool:
    try:
        from mkdocs_redirects import plugin  # type: ignore[import-untyped]  # no types
    except ImportError:
        return True  # not installed: nothing to rely on
    import inspect

    text = inspect.getsource(plugin)
    return (
        f'logging.getLogger("{_REDIRECTS_LOGGER}")' in text
        and "\"redirects plugin: '%s' is not a valid markdown file!\"" in text
    )


def _theme_dirs() -> bool:
    from mkdocs.theme import Theme

    dirs = Theme(name="material", custom_dir=TEMPLATES_DIR).dirs
    return isinstance(dirs, list) and dirs[0] == TEMPLATES_DIR


def _render_contract() -> bool:
    import inspect

    source = inspect.getsource(Page.render)
    return all(
        name in source
        for name in ("self.content", "self.toc", "self._title_from_render", "present_anchor_ids")
    ) and "links_to_anchors" in inspect.getsource(Page)


def _pages_markdown() -> bool:
    import inspect

    return getattr(_pages_module, "markdown", None) in (
        _markdown_package,
        _FOR_PAGES,
    ) and "markdown.Markdown(" in inspect.getsource(Page.render)


def _loggers() -> bool:
    from mkdocs.plugins import get_plugin_logger

    return LOGGER.name in ("mkdocs", "properdocs") and get_plugin_logger(
        "masthead.x"
    ).logger.name.startswith(LOGGER.name + ".")


# -- the sitemap ----------------------------------------------------------------------------
# Depends on: `build()` writing the theme's static template `sitemap.xml` (MkDocs' and
# Material's themes list it) to `site_dir/sitemap.xml`, and a gzip copy beside it as
# `sitemap.xml.gz`, before the `post_build` event (`_build_theme_template`).
SITEMAP = "sitemap.xml"


def sitemap_files(config: MkDocsConfig) -> tuple[str, str] | None:
    """(sitemap.xml, sitemap.xml.gz) in the built site, when the theme writes them."""
    if SITEMAP not in config.theme.static_templates:
        return None
    path = os.path.join(config.site_dir, SITEMAP)
    return path, f"{path}.gz"


def _sitemap_contract() -> bool:
    import inspect

    from mkdocs.commands import build as build_module

    writes = inspect.getsource(build_module._build_theme_template)  # noqa: SLF001
    order = inspect.getsource(build_module.build)
    return (
        "template_name == 'sitemap.xml'" in writes
        and "f'{output_path}.gz'" in writes
        and 0 <= order.find("config.theme.static_templates") < order.find("on_post_build(")
    )


REACHES = [
    Reach(
        "the host's loggers",
        "every MkDocs (or ProperDocs) logger, plugins' included, is under LOGGER",
        _loggers,
    ),
    Reach(
        "plugin instances per process",
        "MkDocsConfig.plugins.plugin_cache is a dict",
        lambda: isinstance(getattr(MkDocsConfig.plugins, "plugin_cache", None), dict),
    ),
    Reach("theme folders", "Theme.dirs is a list, custom_dir first", _theme_dirs),
    Reach(
        "files of docs/ by their folder",
        "File.src_dir is the folder a file was listed from",
        lambda: hasattr(File("a.md", "/d", "/s", True), "src_dir"),
    ),
    Reach(
        "render cache",
        "Page.render sets content, toc, _title_from_render, present_anchor_ids; links_to_anchors",
        _render_contract,
    ),
    Reach(
        "links resolved in a render",
        "_RelativePathTreeprocessor reads files only through files.get_file_from_path",
        _render_lookups,
    ),
    Reach(
        "pooled Markdown parsers",
        "Page.render calls mkdocs.structure.pages.markdown.Markdown(...)",
        _pages_markdown,
    ),
    Reach(
        "mkdocs-redirects' warning for .html keys",
        "logger mkdocs.plugin.redirects says \"'<key>' is not a valid markdown file!\"",
        _redirects_wording,
    ),
    Reach(
        "one page through the build",
        "mkdocs.commands.build._populate_page(page, config, files, dirty) and "
        "_build_page(page, config, doc_files, nav, env, dirty, excluded)",
        _page_pipeline,
    ),
    Reach(
        "the site folder kept in serve",
        "build() empties site_dir with utils.clean_directory and writes pages with "
        "utils.write_file; File.copy_file(dirty) copies the others",
        _kept_site_contract,
    ),
    Reach(
        "page templates rendered once",
        "_build_page renders env.get_template(name).render(context); "
        "Environment.template_class makes the templates",
        _memo_contract,
    ),
    Reach(
        "the sitemap MkDocs writes",
        "build() writes the theme's sitemap.xml and sitemap.xml.gz to site_dir before "
        "on_post_build",
        _sitemap_contract,
    ),
    Reach(
        "serve's builder",
        "LiveReloadServer._build_loop calls self.builder() after a save",
        _builder_loop,
    ),
]
