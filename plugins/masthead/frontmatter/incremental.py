"""Fast rebuilds in `serve` (issue 16): a save that changes only what posts say (their
text, their summary) rebuilds, in place, only the outputs that show it.

`mkdocs serve` rebuilds the whole site after every save. With this, `serve`'s builder
first compares the files the last build read (docs/, the config file, the watched
folders, the theme's folders) with what is on disk now:

- only posts changed, each still without errors, keeping its URL, date, tags, authors,
  categories, draft state, thumbnail, template and links (its Markdown, its summary or
  description may change): each such post's page is built again, then the pages that
  list it (its page of the blog's index, archive, category and author pages; its tag
  pages); its entries of the search index are replaced in place and the index written;
  the feeds are written again when its summary changed. Nothing else is read or written.
- anything else (a new or deleted file, an image, `.authors.yml`, `mkdocs.yml`,
  templates, another plugin whose effects are not known here, a scheduled post coming
  due): the whole site is built, as MkDocs does.

The pages are built by MkDocs' own two steps (`host.mkdocs.populate_page`/`build_page`)
with every plugin's page events, on the objects of the last build, so a rebuilt page is
what a whole build writes (tests/test_incremental.py compares them byte for byte).
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pathspec.gitignore
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import common, host
from ..core.catalogue import Post, page_meta
from ..core.changes import Stamps, diff, snapshot
from ..host import material as host_material
from ..host import mkdocs as host_mkdocs
from . import page_memo, related, render_cache

if TYPE_CHECKING:  # pragma: no cover
    from .plugin import FrontMatterPlugin

# Plugins whose every effect on a page is known to be rebuilt by the page's events (the
# key in `config.plugins`, less ` #2` for a second instance). Any other: whole builds.
KNOWN_PLUGINS = frozenset(
    {
        "search",
        "material/search",
        "blog",
        "material/blog",
        "redirects",
        "masthead/frontmatter",
        "masthead/faq",
        "masthead/tags",
        "masthead/images",
    }
)
# What a post may change and still be rebuilt in place: the card's text. Everything else
# in its `page.meta` moves it between pages or lists (URL, date, tags, ...).
CARD_TEXT = frozenset({"description"})
CARD_INFO_TEXT = frozenset({"summary", "summary_derived"})


def known_plugins(config: MkDocsConfig) -> bool:
    """Whether every plugin of the site is one whose effects are known here."""
    return all(k.split(" #")[0] in KNOWN_PLUGINS for k in config.plugins)


class Whole(Exception):
    """This save needs a whole build (the message says why, in the debug log)."""


@dataclass
class Built:
    """What the last whole build was made of, for the pages rebuilt in place."""

    config: MkDocsConfig
    files: Files
    nav: Any
    env: Any


class Session:
    """One `serve` session's state across its builds."""

    def __init__(self) -> None:
        self.roots: list[str] = []
        self._theme: list[str] = []
        self.stamps: Stamps = {}
        self.wide = False  # custom_dir templates read other pages' data (page_memo.WIDE)
        self.built: Built | None = None
        self._files: Files | None = None
        self._nav: Any = None
        self._env: Any = None
        # "in place" / "whole: why", the newest last (tests, the curious); the last 50
        self.rebuilds: deque[str] = deque(maxlen=50)

    # -- the whole build's part ------------------------------------------------------------
    def start(self, config: MkDocsConfig) -> None:
        """`on_config`: what this build reads, as it is before it reads it."""
        self.built = None
        self._files = self._nav = self._env = None
        custom = config.theme.custom_dir
        roots = [config.docs_dir, *config.watch, *([custom] if custom else [])]
        if config.config_file_path:
            roots += [config.config_file_path, *_inherited(config.config_file_path)]
        self.roots = list(dict.fromkeys(os.path.abspath(r) for r in roots))
        # The theme's own folders (Material's, ours): their templates, not Material's
        # 14,000 icons (`.icons`), which no one edits while writing.
        self._theme = [os.path.abspath(d) for d in config.theme.dirs if d != custom]
        self.stamps = self._snapshot()
        # Read once per whole build: a change to a custom_dir template makes the next
        # save a whole build anyway (it is not a post).
        self.wide = page_memo.reads_wide(config)

    def _snapshot(self) -> Stamps:
        return {**snapshot(self.roots), **snapshot(self._theme, skip=frozenset({".icons"}))}

    def saw(self, *, files: Files | None = None, nav: Any = None, env: Any = None) -> None:
        """The build's files and navigation (`on_nav`) and environment (`on_env`)."""
        self._files = files if files is not None else self._files
        self._nav = nav if nav is not None else self._nav
        self._env = env if env is not None else self._env

    @property
    def nav(self) -> Any:
        """This build's navigation (after `on_nav`)."""
        return self._nav

    def outside(self, config: MkDocsConfig) -> Stamps:
        """The stamps of what this build read outside docs/ (config, theme, watched)."""
        docs = os.path.abspath(config.docs_dir) + os.sep
        return {p: s for p, s in self.stamps.items() if not p.startswith(docs)}

    def finish(self, config: MkDocsConfig) -> None:
        """`on_post_build`: the build succeeded; the next save may rebuild in place."""
        if self._files is not None and self._nav is not None and self._env is not None:
            self.built = Built(config, self._files, self._nav, self._env)

    def fail(self) -> None:
        """`on_build_error`: the next save builds the whole site."""
        self.built = None

    # -- serve's builder -------------------------------------------------------------------
    def wrap(self, plugin: FrontMatterPlugin) -> Callable[[Callable[[], None]], Callable[[], None]]:
        """What `serve` calls after a save: a rebuild in place, else its own builder."""

        def wrap(whole: Callable[[], None]) -> Callable[[], None]:
            def builder() -> None:
                if not self.rebuild(plugin):
                    whole()

            return builder

        return wrap

    def rebuild(self, plugin: FrontMatterPlugin) -> bool:
        """Rebuild in place if the saves allow; returns whether it did."""
        start = time.perf_counter()
        try:
            done = self._rebuild(plugin)
        except Whole as why:
            self.rebuilds.append(f"whole: {why}")
            plugin.log.debug(f"whole rebuild: {why}")
            return False
        except Exception as error:  # any surprise: the whole build, as MkDocs does
            self.rebuilds.append(f"whole: {type(error).__name__}: {error}")
            plugin.log.debug(f"whole rebuild after an error in place: {error!r}")
            return False
        self.rebuilds.append("in place")
        seconds = time.perf_counter() - start
        plugin.log.info(f"Rebuilt in place in {seconds:.2f} seconds: {done}")
        return True

    def _rebuild(self, plugin: FrontMatterPlugin) -> str:
        built, catalogue = self.built, plugin.catalogue
        if built is None or catalogue is None:
            raise Whole("the last build did not finish")
        self.built = None  # until this one finishes: a failure leaves a whole build next
        config = built.config
        stamps = self._snapshot()
        changes = diff(self.stamps, stamps)
        unread = _unread(config)
        for found in (changes.added, changes.removed, changes.modified):
            found -= {path for path in found if unread(path)}
        if changes.added or changes.removed:
            raise Whole("files were added or removed")
        if not known_plugins(config):
            unknown = [k for k in config.plugins if k.split(" #")[0] not in KNOWN_PLUGINS]
            raise Whole(f"the effects of {', '.join(unknown)} are not known here")
        reads = render_cache.reads_other_files(config)
        if reads:
            raise Whole(f"{', '.join(reads)} reads files other than the posts")
        if self.wide:
            raise Whole("templates of the theme's custom_dir read other pages' data")
        due = _came_due(catalogue.posts.values(), catalogue.now, datetime.now(UTC))
        if due is not None:
            raise Whole(f"{due.path} came due or expired since the last build")
        images = config.plugins.get("masthead/images")
        if images is not None and images.responsive.made_since:
            raise Whole("image variants were made in the background")
        docs = os.path.abspath(config.docs_dir) + os.sep
        uris = sorted(
            os.path.relpath(p, docs).replace(os.sep, "/") if p.startswith(docs) else p
            for p in changes.modified
        )
        if any(u not in catalogue.posts for u in uris):
            raise Whole(f"not a post: {', '.join(u for u in uris if u not in catalogue.posts)}")
        if not uris:
            self.stamps, self.built = stamps, built
            return "nothing changed"

        host.apply_speedups(plugin.log) if plugin.config.speedups else None
        try:
            shown = self._rebuild_posts(plugin, built, uris)
        finally:
            host.restore_speedups()
        self.stamps, self.built = stamps, built
        return shown

    def _rebuild_posts(self, plugin: FrontMatterPlugin, built: Built, uris: list[str]) -> str:
        config, files = built.config, built.files
        catalogue = plugin.catalogue
        assert catalogue is not None
        tags = config.plugins.get("masthead/tags")
        images = config.plugins.get("masthead/images")
        words = {uri: related.text_of(catalogue.posts[uri]) for uri in uris}
        reread = [_reread(plugin, built, uri) for uri in uris]
        if any(related.text_of(catalogue.posts[uri]) != words[uri] for uri in uris):
            _relate_again(plugin, config, uris)  # else no post's related posts change
        posts = [page for page, _ in reread]
        feeds = any(changed for _, changed in reread)
        paths = {catalogue.posts[u].path for u in uris}
        if images is not None:
            images.forget(paths)
        listing: list[Page] = []
        for page in posts:
            blog = plugin.blog_of(page.file.src_uri)
            listing += host_material.views_listing(blog, page) if blog else []
        if tags is not None:
            for src_uri in tags.pages_listing(set(uris)):
                found = files.get_file_from_path(src_uri)
                if found is not None and found.page is not None:
                    listing.append(found.page)
        pages = list({id(p): p for p in [*posts, *listing]}.values())  # once each, posts first
        _build_pages(built, pages)
        if images is not None:
            common.log_problems(plugin.log, images.problems_of(paths))
        host_material.write_search(config)
        if feeds:
            plugin.write_feeds(config)
            if tags is not None:
                tags.write_feeds(config)
        listed = len(pages) - len(posts)
        return (
            f"{', '.join(sorted(paths))} ({len(posts)} post page{'s' * (len(posts) != 1)}, "
            f"{listed} listing page{'s' * (listed != 1)}, the search index"
            f"{', the feeds' * feeds})"
        )


def _reread(plugin: FrontMatterPlugin, built: Built, uri: str) -> tuple[Page, bool]:
    """Read the saved post `uri` again into the catalogue, its translated file and
    Material's post; returns its page and whether its card text changed."""
    catalogue = plugin.catalogue
    assert catalogue is not None
    old = catalogue.posts[uri]
    blog = plugin.blog_of(uri)
    slugify = host_material.slugify_of(blog)
    found = built.files.get_file_from_path(uri)
    page = found.page if found is not None else None
    if page is None or old.has_errors:
        raise Whole(f"{old.path} was not built")
    catalogue.problems = [p for p in catalogue.problems if p.path != old.path]
    new = catalogue.add_post(uri)
    common.log_problems(plugin.log, new.problems)
    if new.has_errors:
        raise Whole(f"{new.path} has errors")
    was, now = page_meta(old, slugify), page_meta(new, slugify)
    if "links" in now:
        raise Whole(f"{new.path} has links Material resolves once per build")
    changed = _changed_keys(was, now) - _card_keys(old) - _card_keys(new)
    if changed - CARD_TEXT:
        raise Whole(f"{new.path} changed {', '.join(sorted(changed - CARD_TEXT))}")
    plugin.translation.post(uri, new, blog, plugin.build_now)
    host_material.reread_post(page, config=built.config)
    return page, was != now


def _relate_again(plugin: FrontMatterPlugin, config: MkDocsConfig, uris: list[str]) -> None:
    """The related posts again, the words of the saved posts changed (their summary or
    description, frontmatter/related.py): a change to another post's list is for a
    whole build to write."""
    catalogue = plugin.catalogue
    assert catalogue is not None
    now = plugin.find_related(config)
    was = plugin.related
    moved = sorted(k for k in was.keys() | now.keys() if was.get(k) != now.get(k))
    others = [k for k in moved if k not in uris]
    if others:
        post = catalogue.posts.get(others[0])
        raise Whole(f"the related posts of {post.path if post else others[0]} changed")
    plugin.related = now


def _build_pages(built: Built, pages: list[Page]) -> None:
    """Each page read, then each built and written, as a whole build does; their
    search entries replace their old ones where those were."""
    config, files = built.config, built.files
    entries = host_material.search_entries(config)
    kept = [list(e) for e in entries]
    for e in entries:
        e.clear()
    made: list[dict[str, list[dict[str, Any]]]] = [{} for _ in entries]
    for page in pages:
        host_mkdocs.populate_page(page, config, files)
    for page in pages:
        lengths = [len(e) for e in entries]
        host_mkdocs.build_page(page, config, files, built.nav, built.env)
        for at, e in enumerate(entries):
            made[at][page.url] = e[lengths[at] :]
    for at, e in enumerate(entries):
        e[:] = _spliced(kept[at], made[at])
    for page in pages:
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)


_INHERIT = re.compile(r"^INHERIT:([^\n]*)", re.M)


def _inherited(config_file: str, depth: int = 0) -> list[str]:
    """The files a config pulls in with `INHERIT:` (each relative to the one naming it),
    which `serve` does not watch but every build reads."""
    try:
        with open(config_file, encoding="utf-8", errors="replace") as handle:
            found = _INHERIT.search(handle.read())
    except OSError:
        return []
    name = found.group(1).split("#", 1)[0].strip().strip("'\"").strip() if found else ""
    if not name or depth > 10:
        return []
    parent = os.path.normpath(os.path.join(os.path.dirname(config_file), name))
    return [parent, *_inherited(parent, depth + 1)]


# MkDocs leaves these out of every build (its documented default for `exclude_docs`).
_ALWAYS_EXCLUDED = pathspec.gitignore.GitIgnoreSpec.from_lines([".*", "/templates/"])


def _unread(config: MkDocsConfig) -> Callable[[str], bool]:
    """Whether a changed file is one no build reads: under docs/, left out by MkDocs
    (a dot file such as an editor's `.post.md.swp`, `exclude_docs`), and not a YAML
    file (`.authors.yml`, `.tags.yml` are left out by MkDocs and read by plugins)."""
    docs = os.path.abspath(config.docs_dir) + os.sep
    spec = config.exclude_docs
    excluded = _ALWAYS_EXCLUDED + spec if spec else _ALWAYS_EXCLUDED

    def unread(path: str) -> bool:
        if not path.startswith(docs) or path.lower().endswith((".yml", ".yaml")):
            return False
        return bool(excluded.match_file(os.path.relpath(path, docs).replace(os.sep, "/")))

    return unread


def _came_due(posts: Iterable[Post], since: datetime, now: datetime) -> Post | None:
    """A post whose date or expiry passed between the last build and now: it enters or
    leaves the lists (a whole build, which reads the time again)."""
    for post in posts:
        for moment in (post.meta.date, post.meta.expiry):
            if moment is not None and since < moment <= now:
                return post
    return None


def _card_keys(post: Post) -> set[str]:
    """The post's own front matter keys its card text came from (`summary`, `excerpt`)."""
    return {k for f in ("summary", "description") if (k := post.meta.key.get(f))}


def _changed_keys(was: dict[str, Any], now: dict[str, Any]) -> set[str]:
    """The keys of a post's meta that differ; masthead's own data counts as
    `description` when only its card text changed."""
    changed = {k for k in was.keys() | now.keys() if was.get(k) != now.get(k)}
    if "masthead" in changed:
        a, b = was.get("masthead") or {}, now.get("masthead") or {}
        inner = {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
        changed.discard("masthead")
        changed |= {"description"} if inner <= CARD_INFO_TEXT else {"masthead"}
    return changed


def _spliced(
    kept: list[dict[str, Any]], made: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The search entries of the last build with those of each rebuilt page (by URL)
    replaced, in place, by its new ones."""
    out: list[dict[str, Any]] = []
    placed: set[str] = set()
    for entry in kept:
        url = str(entry.get("location", "")).split("#", 1)[0]
        if url not in made:
            out.append(entry)
        elif url not in placed:
            placed.add(url)
            out.extend(made[url])
    for url, new in made.items():
        if url not in placed and new:
            raise Whole(f"the page at {url or '/'} has search entries it had not")
    return out
