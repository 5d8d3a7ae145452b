"""Places where MkDocs and Material do the same work over and over, made cheap
without changing a byte of what they write (issue #7: `bench/RESULTS.md`).

Each is guarded: when the code it is made for is not where it was (an upgrade, or
another plugin that replaced it), the speed-up is simply not applied and the build
stays correct, only slower. `tests/test_speedups.py` compares a build with and
without them, and each with the code it stands in for.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser

import markdown as _markdown_package
import yaml
from markdown import Markdown
from material.plugins.blog import structure as _post_module
from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.readtime.parser import ReadtimeParser as _ReadtimeParser
from material.plugins.blog.structure import Post
from material.plugins.search import plugin as _search_module
from mkdocs.structure import pages as _pages_module

from .core import plainhtml

_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _swap(owner: object, name: str, original: object, replacement: object) -> bool:
    """Put `replacement` in `owner.name` if that is still `original` (not moved by an
    upgrade, not replaced by another plugin). Returns whether it did."""
    if original is None or getattr(owner, name, None) is not original:
        return False
    setattr(owner, name, replacement)
    return True


def _put_back(owner: object, name: str, original: object, replacement: object) -> None:
    if getattr(owner, name, None) is replacement:
        setattr(owner, name, original)


class PostList(list):
    """Material asks `page in blog.posts` for every page, twice (`on_page_markdown`,
    `on_page_content`): a linear search comparing titles, a million comparisons for
    a blog of 1000 posts. Same answer from a set of the posts' identities; only a
    `Post` that is not one of them (none in practice) falls back to the search."""

    def __init__(self, posts: list) -> None:
        super().__init__(posts)
        self._ids = {id(post) for post in posts}

    def __contains__(self, item: object) -> bool:
        if id(item) in self._ids:
            return True
        return isinstance(item, Post) and list.__contains__(self, item)


def index_posts(blog: BlogPlugin) -> None:
    """Give the blog's list of posts a fast `in` (after Material's `on_files`)."""
    view = getattr(blog, "blog", None)
    posts = getattr(view, "posts", None)
    if type(posts) is list:
        view.posts = PostList(posts)


def fast_front_matter() -> bool:
    """Let Material parse the posts we generate with libyaml instead of pure Python
    (the same YAML 1.1 rules: `CSafeLoader` is `SafeLoader` in C). The posts Material
    reads are all written by `masthead/frontmatter` (with libyaml's dumper), so what
    it parses is always well-formed. Returns whether the switch was made."""
    return _FAST_LOADER is not None and _swap(
        _post_module, "SafeLoader", yaml.SafeLoader, _FAST_LOADER
    )


def restore_front_matter() -> None:
    """Undo `fast_front_matter` (at the end of a build: another site built in the same
    process, without masthead, gets Material exactly as it is)."""
    _put_back(_post_module, "SafeLoader", yaml.SafeLoader, _FAST_LOADER)


class _Registrations:
    """The tree processors of a `LazyMarkdown` not made yet: registrations are kept
    for later; anything else makes the parser and asks its own registry."""

    def __init__(self, owner: LazyMarkdown) -> None:
        self._owner = owner
        self.calls: list[tuple[tuple, dict]] = []

    def register(self, *args, **kwargs) -> None:
        self.calls.append((args, kwargs))

    def __getattr__(self, name: str):
        return getattr(self._owner.made().treeprocessors, name)

    def __getitem__(self, key):
        return self._owner.made().treeprocessors[key]

    def __len__(self) -> int:
        return len(self._owner.made().treeprocessors)

    def __iter__(self):
        return iter(self._owner.made().treeprocessors)

    def __contains__(self, item) -> bool:
        return item in self._owner.made().treeprocessors


class LazyMarkdown:
    """Material makes a Markdown parser, with every extension of the site, for each
    post's excerpt when it reads the post (~0.8 ms each), and uses it only to render
    the excerpt on index pages. A post drawn as a summary card is never rendered that
    way, so its parser is made when first used: the same parser, the same
    registrations, in the same order."""

    def __init__(self, *args, **kwargs) -> None:
        self._args, self._kwargs = args, kwargs
        self._made: Markdown | None = None
        self.treeprocessors = _Registrations(self)

    def made(self) -> Markdown:
        if self._made is None:
            made = Markdown(*self._args, **self._kwargs)
            for args, kwargs in self.treeprocessors.calls:
                made.treeprocessors.register(*args, **kwargs)
            self._made = made
            self.treeprocessors = made.treeprocessors
        return self._made

    def __getattr__(self, name: str):  # anything not set above: the real parser's
        return getattr(self.made(), name)


def lazy_excerpts() -> bool:
    """Give Material's excerpts a `LazyMarkdown` (undone by `restore_excerpts`)."""
    return _swap(_post_module, "Markdown", Markdown, LazyMarkdown)


def restore_excerpts() -> None:
    _put_back(_post_module, "Markdown", Markdown, LazyMarkdown)


def remember_dates(env) -> None:
    """Material's `date` filter formats with Babel on every call: each post's date is
    formatted on its page and on every card (index, archive, categories, tags). One
    formatting per date is enough."""
    date = env.filters.get("date")
    if date is None or hasattr(date, "masthead_cached") or hasattr(date, "jinja_pass_arg"):
        return  # absent, done already, or a filter that needs the template's context
    cached = functools.lru_cache(maxsize=None)(date)

    def date_filter(value):
        try:
            return cached(value)
        except TypeError:  # not hashable: not a date Material knows either
            return date(value)

    date_filter.masthead_cached = True
    env.filters["date"] = date_filter


# -- one Markdown parser per site, not one per page ------------------------------------
# MkDocs makes a new parser, with every extension of the site, for each page it renders:
# 0.3 ms with a handful of extensions, 8 ms with the set Material's documentation
# recommends (superfences, highlight, emoji, tabbed, ...), so seconds for a large blog.
# Python-Markdown's own way to convert many documents is one parser and `reset()`
# between them; every extension below clears its state in `reset` (tested in
# tests/test_speedups.py by building the same pages with and without the pool).
_RESETS_CLEANLY = frozenset(
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


def _module_name(extension: object) -> str | None:
    if not isinstance(extension, str):
        return None  # an extension object: its state is unknown
    name = extension.split(":", 1)[0]
    return name if "." in name else f"markdown.extensions.{name}"


def _pool_key(extensions, configs) -> tuple | None:
    """The key of a parser that can be shared, or None when one extension might keep
    state across documents (or footnotes number ids per document: `UNIQUE_IDS`)."""
    names = tuple(_module_name(e) for e in extensions)
    if not all(n in _RESETS_CLEANLY for n in names):
        return None
    configs = configs or {}
    for key in ("footnotes", "markdown.extensions.footnotes"):
        if (configs.get(key) or {}).get("UNIQUE_IDS"):
            return None
    return names, repr(sorted(configs.items(), key=lambda item: str(item[0])))


class _PooledMarkdown(Markdown):
    busy = False

    def convert(self, source: str) -> str:
        self.busy = True  # a page rendered while this one is: it gets its own parser
        try:
            return super().convert(source)
        finally:
            self.busy = False


_POOL: dict[tuple, _PooledMarkdown] = {}


class _MarkdownForPages:
    """The `markdown` package as `mkdocs.structure.pages` sees it: the same, except that
    `Markdown(...)` hands back the parser of the last page with the same extensions,
    reset (registrations with the same name replace the last page's)."""

    def __getattr__(self, name: str):
        return getattr(_markdown_package, name)

    @staticmethod
    def Markdown(*args, **kwargs) -> Markdown:
        key = (
            None
            if args
            else _pool_key(kwargs.get("extensions") or [], kwargs.get("extension_configs"))
        )
        if key is None:
            return Markdown(*args, **kwargs)
        parser = _POOL.get(key)
        if parser is None or parser.busy:
            parser = _PooledMarkdown(**kwargs)
            _POOL.setdefault(key, parser)
            return parser
        return parser.reset()


_FOR_PAGES = _MarkdownForPages()


def pooled_markdown() -> bool:
    """Let MkDocs render pages with pooled parsers (undone by `restore_markdown`)."""
    _POOL.clear()
    return _swap(_pages_module, "markdown", _markdown_package, _FOR_PAGES)


def restore_markdown() -> None:
    _POOL.clear()
    _put_back(_pages_module, "markdown", _markdown_package, _FOR_PAGES)


# -- Material's HTML readers (search index, reading time) ---------------------------------
def _plain_feed(self, data: str) -> None:
    """`HTMLParser.feed` for Material's search `Parser` and `ReadtimeParser`: a page's
    HTML in the plain form Python-Markdown writes is read by `plainhtml.tokens`, which
    reports the same tags and the same pieces of text, cut at the same places
    (tests/test_faq_core.py), to the same `handle_*` methods. Anything else goes to
    Python's parser."""
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
    """Give Material's HTML readers `_plain_feed` (undone by `restore_search`)."""
    done = False
    for reader in _html_readers():
        done = _swap(reader, "feed", HTMLParser.feed, _plain_feed) or done
    return done


def restore_search() -> None:
    for reader in _html_readers():
        if reader.__dict__.get("feed") is _plain_feed:
            del reader.feed


# -- all of the above, for one build ---------------------------------------------------------
def apply_for_build() -> None:
    """The speed-ups that replace code for the length of a build (`on_config`)."""
    fast_front_matter()
    lazy_excerpts()
    pooled_markdown()
    fast_search()


def restore_after_build() -> None:
    """Everything put back (`on_shutdown`): another site built in the same process,
    without masthead, gets MkDocs and Material exactly as they are."""
    restore_front_matter()
    restore_excerpts()
    restore_markdown()
    restore_search()
