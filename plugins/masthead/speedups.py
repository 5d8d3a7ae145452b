"""Three places where Material's blog plugin does the same work over and over, made
cheap without changing a byte of what it writes (issue #7: `bench/RESULTS.md`).

Each is guarded: when Material changes the code it is made for, the speed-up is
simply not applied and the build stays correct, only slower. The tests in
`tests/test_speedups.py` compare a build with and without them.
"""

from __future__ import annotations

import functools

import yaml
from material.plugins.blog import structure as _post_module
from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.structure import Post

_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


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
    if _FAST_LOADER is None:
        return False
    if getattr(_post_module, "SafeLoader", None) is not yaml.SafeLoader:
        return False
    _post_module.SafeLoader = _FAST_LOADER
    return True


def restore_front_matter() -> None:
    """Undo `fast_front_matter` (at the end of a build: another site built in the same
    process, without masthead, gets Material exactly as it is)."""
    if getattr(_post_module, "SafeLoader", None) is _FAST_LOADER:
        _post_module.SafeLoader = yaml.SafeLoader


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
