"""Every reach into Material for MkDocs (9.8) beyond what its documentation promises.

Material has no Python API: its blog plugin's objects, its search plugin's parser and
its templates' markup are its own business. Each reach below names what it depends on
in a `Depends on:` comment, is listed in `REACHES` with a probe, and is tested by
`tests/test_host_reaches.py`, which fails when an upgrade moves it. A reach that is a
speed-up (`SPEEDUPS`) is guarded: when its target moved, it is not applied, the build
stays correct, and the frontmatter plugin says so once per build.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import posixpath
from collections.abc import Callable
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import yaml
from markdown import Markdown
from material.plugins.blog import plugin as _blog_module
from material.plugins.blog import structure as _post_module
from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.readtime.parser import ReadtimeParser as _ReadtimeParser
from material.plugins.blog.structure import Excerpt, Post
from material.plugins.search import plugin as _search_module
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.toc import TableOfContents

from ..core import embeds as embeds_
from ..core import plainhtml
from ..core.embeds import EmbedPolicy
from ..core.safety import sanitize
from .reach import Reach, put_back, swap

__all__ = ["BlogPlugin", "Post"]


# -- the blog plugin's instances and their settings ---------------------------------------
# Depends on: `material.plugins.blog.plugin.BlogPlugin`, its options `blog_dir`,
# `post_dir`, `authors_file` (with `{blog}`), `post_slugify`, `post_slugify_separator`,
# `post_excerpt_separator`, `draft_if_future_date`, and its view `blog.posts`.
def blog_plugins(config: MkDocsConfig) -> list[BlogPlugin]:
    """Material's blog plugin instances of this site (it supports several)."""
    return [p for p in config.plugins.values() if isinstance(p, BlogPlugin) and p.config.enabled]


def post_dir(blog: BlogPlugin) -> str:
    """The docs-relative posts folder of a blog, as Material computes it."""
    root = posixpath.normpath(blog.config.blog_dir)
    return posixpath.normpath(blog.config.post_dir.format(blog=root))


def authors_file(blog: BlogPlugin) -> str:
    """The docs-relative authors file of a blog, as Material computes it."""
    root = posixpath.normpath(blog.config.blog_dir)
    return posixpath.normpath(blog.config.authors_file.format(blog=root))


def post_dirs(config: MkDocsConfig) -> list[str]:
    """The posts folder of every blog of the site."""
    return [post_dir(b) for b in blog_plugins(config)]


def blog_index(config: MkDocsConfig, src_uri: str) -> str | None:
    """The docs path of the index page of the blog whose posts folder holds `src_uri`
    (the blog's own `blog_dir/index.md`), None for a page of no blog."""
    for blog in blog_plugins(config):
        if src_uri.startswith(f"{post_dir(blog)}/"):
            return posixpath.normpath(posixpath.join(blog.config.blog_dir, "index.md"))
    return None


def post_media_roots(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(posts folder, where Material publishes the files in it) per blog: Material's
    blog `on_files` removes the "purely functional" posts folder from their paths.
    Depends on: `BlogPlugin.on_files` replacing `post_dir` by `blog_dir` in media
    files' `dest_uri` (tests/test_images.py::test_a_posts_media_by_its_published_path)."""
    return [(post_dir(b), posixpath.normpath(b.config.blog_dir)) for b in blog_plugins(config)]


def slugify_of(blog: BlogPlugin | None) -> Callable[[str], str] | None:
    """The blog's own slug function (`post_slugify` with its separator)."""
    if blog is None:
        return None
    return lambda title: blog.config.post_slugify(title, blog.config.post_slugify_separator)


def excerpt_separator(blog: BlogPlugin | None) -> str | None:
    """The marker that ends a post's excerpt (`<!-- more -->` by default)."""
    return blog.config.post_excerpt_separator if blog else None


def drafts_future_posts(blog: BlogPlugin | None) -> bool:
    """Whether the blog treats a post dated in the future as a draft."""
    return bool(blog and blog.config.draft_if_future_date)


# Material's blog plugin reads its options in its own `on_config` and `on_files`, after
# ours: these change them after MkDocs validated them (the values are of the same type).
def point_authors_file(blog: BlogPlugin, path: str) -> None:
    """Make Material read its authors from `path` (written by masthead/frontmatter)."""
    blog.config.authors_file = path


def draft_future_posts(blog: BlogPlugin) -> None:
    """Make Material treat a post dated in the future as a draft (`scheduled: true`)."""
    blog.config.draft_if_future_date = True


def listed_posts(blog: BlogPlugin) -> list[Post]:
    """The posts of a blog as Material listed them in its `on_files` (its view's
    `posts`), drafts included when it shows them."""
    return list(getattr(getattr(blog, "blog", None), "posts", None) or [])


def post_created(page: Any) -> Any:
    """When a post was created (`Post.config.date.created`, a datetime)."""
    return page.config.date.created


def post_dates(page: Any) -> tuple[Any, Any]:
    """(created, updated) of a post, None for those it lacks."""
    dates = getattr(getattr(page, "config", None), "date", None)
    return getattr(dates, "created", None), getattr(dates, "updated", None)


def post_authors(page: Any) -> list[Any]:
    """A post's `Author` objects (names HTML-safe, as Material keeps them)."""
    return list(getattr(page, "authors", []))


def post_slug(blog: BlogPlugin | None, post: Any) -> str | None:
    """The slug Material gives a post: its `slug:`, else its title slugified.
    Depends on: `Post.config.slug` and `BlogPlugin._slugify_post` using `post_slugify`
    on `post.title` (material/plugins/blog/plugin.py `_format_path_for_post`)."""
    if blog is None:
        return None
    slug = getattr(getattr(post, "config", None), "slug", None)
    return (
        str(slug)
        if slug
        else blog.config.post_slugify(post.title, blog.config.post_slugify_separator)
    )


def post_excerpt(page: Any) -> Excerpt | None:
    """The excerpt Material made for a post (`Post.excerpt`), if any."""
    return getattr(page, "excerpt", None)


# -- excerpts: class swaps -----------------------------------------------------------------
class SummaryExcerpt(Excerpt):
    """Material's excerpt of a post, minus the rendering.

    Material renders the *whole* post again for its excerpt on every index, archive
    and category page it appears on (a third of a large build). MkDocs and Material
    offer no hook to replace that rendering, so we take the excerpt object Material
    made and change its class to this one (as Material does itself with `Reference`):
    every attribute Material set stays, only `render` differs. `partials/post.html`
    then draws the card from the post's meta.
    Depends on: Material calling `post.excerpt.render(view, separator)` and reading
    `content`, `more` and `toc` (`tests/test_cards.py`).
    """

    masthead_summary_card = True

    def render(self, page: Any, separator: str) -> None:
        """Nothing to render: the card is drawn from the post's meta."""
        self.content = ""
        self.more = None
        self.toc = TableOfContents([])


class SanitizedExcerpt(Excerpt):
    """Material's excerpt of a post with `<!-- more -->`, sanitized as the post's page
    is: Material renders it with its own Markdown parser, so its HTML never passes
    `on_page_content`, and a post's script would run on every index, archive, category
    and tag page that lists it. Same class swap, same reliance as `SummaryExcerpt`."""

    embeds: EmbedPolicy = embeds_.DEFAULT  # the site's, set by `use_sanitized_excerpt`

    def render(self, page: Any, separator: str) -> None:
        """Material's rendering, then the same sanitizing as the post's page."""
        super().render(page, separator)
        content: str = self.content  # type: ignore[has-type]  # Material is untyped
        # The same policy as the post's page: what the page keeps, the card keeps, and
        # what it removes was named when the page was built.
        self.content = sanitize(content, self.embeds)


def use_summary_card(excerpt: Excerpt) -> None:
    """Draw this excerpt as a summary card (no rendering)."""
    excerpt.__class__ = SummaryExcerpt


def use_sanitized_excerpt(excerpt: Excerpt, embeds: EmbedPolicy = embeds_.DEFAULT) -> None:
    """Render this excerpt as Material does, then sanitize it."""
    excerpt.__class__ = SanitizedExcerpt
    excerpt.embeds = embeds


# -- templates --------------------------------------------------------------------------------
POST_TEMPLATE = "masthead/post.html"


def post_template_allowed(config: MkDocsConfig, name: str) -> bool:
    """Whether a post may ask for template `name`: ours, or one of the site's own
    overrides folder (its maintainers' files).
    Depends on: Material's page templates printing `description` and `author` without
    escaping them, and its partials not being pages (rendered as one, they fail with a
    traceback or show an empty page)."""
    if name == POST_TEMPLATE:
        return True
    custom = config.theme.custom_dir
    return custom is not None and os.path.isfile(os.path.join(custom, *name.split("/")))


LABELS = (
    "blog.continue",
    "readtime.one",
    "readtime.other",
    "blog.draft",
    "blog.categories.in",
    "search",
)


def labels(env: Any, config: MkDocsConfig) -> dict[str, str]:
    """Material's words for the cards and the search dialog, in the site's language.
    Depends on: the macro `t` of `partials/language.html`."""
    language = env.get_template("partials/language.html", globals={"config": config})
    return {key: str(language.module.t(key)) for key in LABELS}


# Depends on: Material 9.8 writing its search dialog as exactly this markup, with no
# name (`tests/test_host_reaches.py` reads it from Material's template).
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(output: str, label: str) -> str:
    """Give Material's search dialog a name, which screen readers announce
    (axe-core's `aria-dialog-name`; Material 9.8 has none)."""
    named = f'{SEARCH_DIALOG[:-1]} aria-label="{html.escape(label)}">'
    return output.replace(SEARCH_DIALOG, named, 1)


def escape_search_tags(config: MkDocsConfig) -> None:
    """Material's search shows each document's tags as HTML (its index is read by
    `search/search_index.json` in the browser): a tag such as `<img onerror=...>` would
    run there. Tags are escaped in the file Material's search plugin wrote.
    Depends on: its format, `{"config": ..., "docs": [{"tags": [...]}, ...]}`, written
    compactly (`tests/test_host_seam.py` notices when that changes)."""
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if "<" not in text and ">" not in text and "&" not in text:
        return  # nothing to escape (most sites): no second write
    data = json.loads(text)
    changed = False
    for doc in data.get("docs", []):
        tags = doc.get("tags")
        if isinstance(tags, list):
            safe = [html.escape(str(t), quote=False) for t in tags]
            changed = changed or safe != tags
            doc["tags"] = safe
    if changed:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(data, separators=(",", ":"), default=str))


# -- rebuilding a post in place (issue #16: frontmatter/incremental.py) ---------------------------
# Depends on: `Post.__init__(file, config)` reading the post's file into `markdown`, `meta`
# and `config` (and `Page.__init__` pointing `file.page` at the new object), `read_source`
# doing nothing, and `on_page_markdown` appending to `authors` and setting `excerpt`.
def reread_post(page: Any, config: MkDocsConfig) -> None:
    """Give the post `page` (one of Material's `Post`) what its file says now, as a
    new build's `on_files` would: Markdown, meta, options; authors and excerpt are
    made again by `on_page_markdown`. Its URL, categories and neighbours stay."""
    fresh = Post(page.file, config)
    page.file.page = page  # the new object took the file: it is the old one's
    page.markdown, page.meta, page.config = fresh.markdown, fresh.meta, fresh.config
    page.authors = []
    page.excerpt = None


# Depends on: `BlogPlugin._resolve_views(view)` (every view of the blog: its index,
# archive, category and author pages), `_config_pagination(view)` and
# `_config_pagination_per_page(view)`, and a paginated view's `pages` (itself first) and
# `posts` (shared by its pages), as `BlogPlugin._render` slices them.
def views_listing(blog: BlogPlugin, post: Any) -> list[Any]:
    """The pages of a blog's views (each page of a paginated one) that list `post`."""
    found = []
    for view in blog._resolve_views(blog.blog):  # noqa: SLF001  # see above
        paginated = blog._config_pagination(view)  # noqa: SLF001
        for page in view.pages if paginated and view.pages else [view]:
            shown = page.posts
            if paginated and page.pages:
                step = blog._config_pagination_per_page(page)  # noqa: SLF001
                at = page.pages.index(page) * step
                shown = page.posts[at : at + step]
            if any(p is post for p in shown):
                found.append(page)
    return found


# Depends on: Material's search plugin keeping `search_index` (a `SearchIndex`) whose
# `entries` list gets each page's entries in `on_page_context`, located at the page's
# URL (`url` or `url#anchor`), and writing them in `on_post_build`.
def _search_plugins(config: MkDocsConfig) -> list[Any]:
    return [p for p in config.plugins.values() if isinstance(p, _search_module.SearchPlugin)]


def search_entries(config: MkDocsConfig) -> list[list[dict[str, Any]]]:
    """The entries list of each search plugin of the site (Material has one)."""
    return [
        p.search_index.entries
        for p in _search_plugins(config)
        if p.config.enabled and getattr(p, "search_index", None) is not None
    ]


def write_search(config: MkDocsConfig) -> None:
    """Write the search index again, as the end of a build does."""
    for plugin in _search_plugins(config):
        plugin.on_post_build(config=config)
    escape_search_tags(config)


def _search_contract() -> bool:
    return _source_has(
        _search_module.SearchPlugin.on_page_context, "self.search_index.add_entry_from_context"
    ) and _source_has(_search_module.SearchIndex, "self.entries = []", '"location"')


def _views_contract() -> bool:
    return all(
        callable(getattr(BlogPlugin, name, None))
        for name in ("_resolve_views", "_config_pagination", "_config_pagination_per_page")
    ) and _source_has(BlogPlugin._render, "view.pages.index(view)", "view.posts[p:q]")  # noqa: SLF001


def _reread_contract() -> bool:
    return _source_has(
        Post.__init__, "self.markdown = f.read()", "self.meta = ", "self.config", "self.authors"
    ) and _source_has(Post.read_source, "pass")


# -- what Material reads of a page, once per `serve` session (issue #16) -------------------------
# A whole rebuild in `serve` has Material read every page's HTML again for its reading
# time and its search entries, although most pages did not change. Both are functions of
# what they read; they are kept, by a digest of it, for the session.
# Depends on: the blog plugin calling the module global `readtime(html, words_per_minute)`
# in `on_page_content`; `SearchIndex.add_entry_from_context(page)` appending to `entries`
# what it reads from the page's `url`, `content`, `toc`, `title` and `meta` (`title`,
# `tags`, `search`), with the index's own options.
_READTIME = getattr(_blog_module, "readtime", None)
_ADD_ENTRY = getattr(_search_module.SearchIndex, "add_entry_from_context", None)
_MEMO_LIMIT = 5_000  # entries kept per memo: a few times a large blog's pages


class _Memo:
    def __init__(self) -> None:
        self.data: dict[bytes, Any] = {}

    def get(self, key: bytes) -> Any:
        return self.data.get(key)

    def put(self, key: bytes, value: Any) -> None:
        if len(self.data) >= _MEMO_LIMIT:
            self.data.pop(next(iter(self.data)))  # the oldest
        self.data[key] = value


_READTIMES = _Memo()
_ENTRIES = _Memo()


def _digest(*parts: object) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        text = part if isinstance(part, str) else repr(part)
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.digest()


def _remembered_readtime(html: str, words_per_minute: int) -> Any:
    key = _digest(html, words_per_minute)
    found = _READTIMES.get(key)
    if found is None:
        found = _READTIME(html, words_per_minute)  # type: ignore[misc]  # see the probe
        _READTIMES.put(key, found)
    return found


def _toc_ids(toc: Any) -> list[tuple[Any, Any]]:
    out: list[tuple[Any, Any]] = []
    stack = list(toc or [])
    while stack:
        item = stack.pop(0)
        out.append((getattr(item, "id", None), getattr(item, "url", None)))
        stack[0:0] = list(getattr(item, "children", None) or [])
    return out


def _remembered_entries(self: Any, page: Any) -> None:
    meta = page.meta
    key = _digest(
        page.url,
        page.content,
        _toc_ids(page.toc),
        page.title,
        meta.get("title"),
        meta.get("tags"),
        meta.get("search"),
        sorted(self.config.items(), key=str),
    )
    found = _ENTRIES.get(key)
    if found is None:
        before = len(self.entries)
        _ADD_ENTRY(self, page)  # type: ignore[misc]  # checked by the reach's probe
        found = [_entry_copy(e) for e in self.entries[before:]]
        _ENTRIES.put(key, found)
    else:
        self.entries.extend(_entry_copy(e) for e in found)


def _entry_copy(entry: dict[str, Any]) -> dict[str, Any]:
    """A search entry (strings, a list of tag strings, a number) as a new object."""
    copied = dict(entry)
    if isinstance(copied.get("tags"), list):
        copied["tags"] = list(copied["tags"])
    return copied


def remember_reads() -> bool:
    """Material's reading time and search entries kept by what they read (`serve`)."""
    readtime = swap(_blog_module, "readtime", _READTIME, _remembered_readtime)
    entries = swap(
        _search_module.SearchIndex, "add_entry_from_context", _ADD_ENTRY, _remembered_entries
    )
    return readtime and entries


def forget_reads() -> None:
    """Undo `remember_reads` (the memos stay for the session's next build)."""
    put_back(_blog_module, "readtime", _READTIME, _remembered_readtime)
    put_back(_search_module.SearchIndex, "add_entry_from_context", _ADD_ENTRY, _remembered_entries)


def _reads_contract() -> bool:
    return (
        _READTIME is not None
        and _source_has(BlogPlugin.on_page_content, "readtime(html, words_per_minute)")
        and _ADD_ENTRY is not None
        and _source_has(
            _search_module.SearchIndex.create_entry_for_section,
            'page.meta.get("tags")',
            'page.meta.get("search")',
            'page.meta.get("title", page.title)',
            "self.entries.append",
        )
        and _source_has(_ADD_ENTRY, "parser.feed(page.content)", "page.toc", "page.url")
    )


# -- speed-ups (issue #7: bench/RESULTS.md) ------------------------------------------------------
class PostList(list[Any]):
    """Material asks `page in blog.posts` for every page, twice (`on_page_markdown`,
    `on_page_content`): a linear search comparing titles, a million comparisons for
    a blog of 1000 posts. Same answer from a set of the posts' identities; only a
    `Post` that is not one of them (none in practice) falls back to the search."""

    def __init__(self, posts: list[Any]) -> None:
        super().__init__(posts)
        self._ids = {id(post) for post in posts}

    def __contains__(self, item: object) -> bool:
        if id(item) in self._ids:
            return True
        return isinstance(item, Post) and list.__contains__(self, item)


def index_posts(blog: BlogPlugin) -> bool:
    """Give the blog's list of posts a fast `in` (after Material's `on_files`).
    Depends on: `BlogPlugin.blog.posts` being a plain list. Returns whether it did."""
    view = getattr(blog, "blog", None)
    posts = getattr(view, "posts", None)
    if type(posts) is list:
        view.posts = PostList(posts)  # type: ignore[union-attr]  # view has posts
        return True
    return isinstance(posts, PostList)


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def fast_front_matter() -> bool:
    """Let Material parse the posts we generate with libyaml instead of pure Python
    (the same YAML 1.1 rules: `CSafeLoader` is `SafeLoader` in C). The posts Material
    reads are all written by `masthead/frontmatter` (with libyaml's dumper), so what
    it parses is always well-formed.
    Depends on: `material.plugins.blog.structure.SafeLoader` (a module global)."""
    return _FAST_LOADER is not None and swap(
        _post_module, "SafeLoader", yaml.SafeLoader, _FAST_LOADER
    )


def restore_front_matter() -> None:
    """Undo `fast_front_matter`."""
    put_back(_post_module, "SafeLoader", yaml.SafeLoader, _FAST_LOADER)


class _Registrations:
    """The tree processors of a `LazyMarkdown` not made yet: registrations are kept
    for later; anything else makes the parser and asks its own registry."""

    def __init__(self, owner: LazyMarkdown) -> None:
        self._owner = owner
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def register(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((args, kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._owner.made().treeprocessors, name)

    def __getitem__(self, key: Any) -> Any:
        return self._owner.made().treeprocessors[key]

    def __len__(self) -> int:
        return len(self._owner.made().treeprocessors)

    def __iter__(self) -> Any:
        return iter(self._owner.made().treeprocessors)

    def __contains__(self, item: Any) -> bool:
        return item in self._owner.made().treeprocessors


class LazyMarkdown:
    """Material makes a Markdown parser, with every extension of the site, for each
    post's excerpt when it reads the post (~0.8 ms each), and uses it only to render
    the excerpt on index pages. A post drawn as a summary card is never rendered that
    way, so its parser is made when first used: the same parser, the same
    registrations, in the same order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._args, self._kwargs = args, kwargs
        self._made: Markdown | None = None
        self.treeprocessors: Any = _Registrations(self)

    def made(self) -> Markdown:
        """The real parser, made on first use."""
        if self._made is None:
            made = Markdown(*self._args, **self._kwargs)
            for args, kwargs in self.treeprocessors.calls:
                made.treeprocessors.register(*args, **kwargs)
            self._made = made
            self.treeprocessors = made.treeprocessors
        return self._made

    def __getattr__(self, name: str) -> Any:  # anything not set above: the real parser's
        return getattr(self.made(), name)


def lazy_excerpts() -> bool:
    """Give Material's excerpts a `LazyMarkdown`.
    Depends on: `material.plugins.blog.structure.Markdown` (a module global) being
    `markdown.Markdown`, and Material only registering tree processors before use."""
    return swap(_post_module, "Markdown", Markdown, LazyMarkdown)


def restore_excerpts() -> None:
    """Undo `lazy_excerpts`."""
    put_back(_post_module, "Markdown", Markdown, LazyMarkdown)


def remember_dates(env: Any) -> bool:
    """Material's `date` filter formats with Babel on every call: each post's date is
    formatted on its page and on every card (index, archive, categories, tags). One
    formatting per date is enough.
    Depends on: the blog plugin's `date` filter in the Jinja environment, a plain
    function of the value. Returns whether the filter is now the remembering one."""
    date = env.filters.get("date")
    if date is None or hasattr(date, "jinja_pass_arg"):
        return False  # absent, or a filter that needs the template's context
    if hasattr(date, "masthead_cached"):
        return True
    cached = functools.lru_cache(maxsize=None)(date)

    def date_filter(value: Any) -> Any:
        try:
            return cached(value)
        except TypeError:  # not hashable: not a date Material knows either
            return date(value)

    date_filter.masthead_cached = True  # type: ignore[attr-defined]
    env.filters["date"] = date_filter
    return True


def _plain_feed(self: Any, data: str) -> None:
    """`HTMLParser.feed` for Material's search `Parser` and `ReadtimeParser`: a page's
    HTML in the plain form Python-Markdown writes is read by `plainhtml.tokens`, which
    reports the same tags and the same pieces of text, cut at the same places
    (tests/test_faq_core.py), to the same `handle_*` methods. Anything else goes to
    Python's parser.
    Depends on: CPython's `HTMLParser` attributes `rawdata`, `convert_charrefs` and
    `cdata_elem` (what is pending), and Material's readers overriding only `handle_*`."""
    found = (
        plainhtml.tokens(data)
        if not self.rawdata and self.convert_charrefs and self.cdata_elem is None
        else None
    )
    if found is None:
        HTMLParser.feed(self, data)
    else:
        plainhtml.replay(found, self)


def _html_readers() -> list[type]:
    """Material's `HTMLParser` subclasses that read every post: its search index and
    its reading time (whose minutes therefore stay Material's own)."""
    return [c for c in (getattr(_search_module, "Parser", None), _ReadtimeParser) if c]


def fast_search() -> bool:
    """Give Material's HTML readers `_plain_feed`.
    Depends on: `material.plugins.search.plugin.Parser` and
    `material.plugins.blog.readtime.parser.ReadtimeParser` inheriting `feed`."""
    done = False
    for reader in _html_readers():
        done = swap(reader, "feed", HTMLParser.feed, _plain_feed) or done
    return done


def restore_search() -> None:
    """Undo `fast_search`."""
    for reader in _html_readers():
        if reader.__dict__.get("feed") is _plain_feed:
            del reader.feed  # type: ignore[attr-defined]


# (name, apply, undo): applied in `on_config`, undone in `on_shutdown`, so another site
# built in the same process without masthead gets Material exactly as it is.
SPEEDUPS: list[tuple[str, Callable[[], bool], Callable[[], None]]] = [
    ("Material's posts read with libyaml", fast_front_matter, restore_front_matter),
    ("excerpt parsers made when used", lazy_excerpts, restore_excerpts),
    ("Material's search and reading time read plain HTML fast", fast_search, restore_search),
]


def _search_dialog_in_template() -> bool:
    root = resources.files("material") / "templates" / "partials" / "search.html"
    return SEARCH_DIALOG in root.read_text(encoding="utf-8")


def _excerpt_contract() -> bool:
    import inspect

    return list(inspect.signature(Excerpt.render).parameters) == ["self", "page", "separator"]


def _source_has(owner: object, *texts: str) -> bool:
    import inspect

    source = inspect.getsource(owner)  # type: ignore[arg-type]
    return all(text in source for text in texts)


def _labels_macro() -> bool:
    root = resources.files("material") / "templates" / "partials" / "language.html"
    return "{% macro t(key) %}" in root.read_text(encoding="utf-8")


# Each reach of this module, with a probe that is true while it still holds.
# -- the theme's web fonts -------------------------------------------------------------------
# Depends on: Material's base.html loading Google Fonts only when `config.theme.font` is
# not false (its `fonts` block), and falling back to the system font stack.
def no_web_fonts(config: MkDocsConfig) -> None:
    """No fonts from Google's servers: Material's theme uses the system fonts."""
    if config.theme.name == "material":
        config.theme["font"] = False


def _fonts_contract() -> bool:
    base = resources.files("material").joinpath("templates", "base.html").read_text("utf-8")
    return "config.theme.font != false" in base and "fonts.googleapis.com" in base


REACHES = [
    Reach(
        "the theme's web fonts",
        "Material's base.html asks Google Fonts only when config.theme.font is not false",
        _fonts_contract,
    ),
    Reach(
        "the blog's list of posts",
        "BlogPlugin.on_files sets self.blog (a View) and sorts self.blog.posts, a list",
        lambda: _source_has(BlogPlugin.on_files, "self.blog = ", "self.blog.posts = sorted("),
    ),
    Reach(
        "a post's excerpt, authors and dates",
        "Post.__init__ sets self.excerpt, self.authors; Post.config.date.created",
        lambda: (
            _source_has(Post.__init__, "self.excerpt", "self.authors", "date")
            and _source_has(Excerpt, "def render")
        ),
    ),
    Reach(
        "Material's date filter",
        "BlogPlugin.on_env sets env.filters['date'] to a plain function of the value",
        lambda: _source_has(BlogPlugin.on_env, 'env.filters["date"] = date_filter'),
    ),
    Reach(
        "Material's labels",
        "partials/language.html defines the macro t(key)",
        _labels_macro,
    ),
    Reach(
        "BlogPlugin options",
        "BlogPlugin.config: blog_dir, post_dir, authors_file, post_slugify, "
        "post_slugify_separator, post_excerpt_separator, draft_if_future_date",
        lambda: all(
            hasattr(BlogPlugin.config_class, name)
            for name in (
                "blog_dir",
                "post_dir",
                "authors_file",
                "post_slugify",
                "post_slugify_separator",
                "post_excerpt_separator",
                "draft_if_future_date",
            )
        ),
    ),
    Reach(
        "excerpt class swap",
        "Excerpt.render(page, separator) is how Material renders an excerpt",
        _excerpt_contract,
    ),
    Reach(
        "libyaml for Material's posts",
        "material.plugins.blog.structure.SafeLoader is yaml.SafeLoader",
        lambda: getattr(_post_module, "SafeLoader", None) in (yaml.SafeLoader, _FAST_LOADER),
    ),
    Reach(
        "lazy excerpt parsers",
        "material.plugins.blog.structure.Markdown is markdown.Markdown",
        lambda: getattr(_post_module, "Markdown", None) in (Markdown, LazyMarkdown),
    ),
    Reach(
        "fast HTML readers",
        "search Parser and ReadtimeParser are HTMLParser subclasses using its feed",
        lambda: (
            all(
                issubclass(r, HTMLParser) and r.feed in (HTMLParser.feed, _plain_feed)
                for r in _html_readers()
            )
            and len(_html_readers()) == 2
        ),
    ),
    Reach(
        "search dialog markup",
        "partials/search.html writes SEARCH_DIALOG",
        _search_dialog_in_template,
    ),
    Reach(
        "reading time and search entries kept in serve",
        "BlogPlugin.on_page_content calls the module's readtime(html, wpm); "
        "SearchIndex.add_entry_from_context reads url, content, toc, title, meta",
        _reads_contract,
    ),
    Reach(
        "a post read again in place",
        "Post.__init__ reads the file into markdown, meta, config; read_source does nothing",
        _reread_contract,
    ),
    Reach(
        "the pages of the blog's views",
        "BlogPlugin._resolve_views, _config_pagination(_per_page); _render slices "
        "view.posts by view.pages.index(view)",
        _views_contract,
    ),
    Reach(
        "the search index's entries",
        "SearchPlugin.on_page_context adds a page's entries to search_index.entries "
        "(each with its location)",
        _search_contract,
    ),
]
