"""Pages rendered once per `serve` session while what they show stays the same.

A whole rebuild in `serve` (a new post, a title or a tag changed) renders every page's
template again, although most show exactly what they showed: a post's page does not
change when another post gets a tag. Rendering Material's templates is the largest part
of such a rebuild (1370 pages at 1000 posts). This keeps each page's rendered template
and gives it back when everything the template is given is the same as when it was
rendered:

- the site's part, once per build: the navigation (every item's title, URL, meta and
  pages), the tags of masthead/tags, the serve URL, and the files of the config, the
  theme's folders and the watched folders (their sizes and times);
- the page's part: every attribute of the page (its content, table of contents, meta,
  title, URL, authors, categories, options...), its neighbours, parents and categories
  by title and URL, and each value a plugin added to its template context (the posts a
  listing page shows, each with all its attributes; its pagination by its place).

A value of a kind not known here (a function, an object too deep to describe) leaves
that page to be rendered, as does a template of the site that reads the whole list of
pages or the build's date. A `serve` session only; `mkdocs build` always renders.
"""

from __future__ import annotations

import hashlib
import os
import re
import zlib
from collections.abc import Callable, Mapping
from datetime import date, time
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..host import mkdocs as host_mkdocs

# The values MkDocs gives every template: the site's part of the key, or the page's URL.
STANDARD = frozenset(
    {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
     "build_date_utc", "config", "page"}
)  # fmt: skip
# A page's attributes that are other pages or files, or what the page part covers
# otherwise (a view's posts: the listing shows those in its context's `posts`).
BY_PLACE = frozenset({"parent", "children", "previous_page", "next_page"})
BY_PLACE_TOO = frozenset({"post"})  # an excerpt's post
SKIPPED = frozenset({"file", "md", "markdown", "posts", "views", "excerpt", "active", "render"})
# Templates that read these see more than this key covers (every page, the build's date,
# all the posts of a view, a neighbour's or parent's data beyond its title and URL): no
# memo, no rebuild in place, for a site whose custom_dir has such a template.
WIDE = re.compile(
    r"\b(pages|build_date_utc)\b|\.posts\b"
    r"|\b(previous_page|next_page|parent|ancestors|children)\b[^}%]{0,120}?"
    r"\.(meta|content|toc|posts|config)\b"
)
MAX_DEPTH = 8
# What rendering an excerpt on a listing page changes (Material's `Excerpt.render`): the
# rest of a listed post's facts is the same on every page of one build.
PER_LISTING = frozenset({"content", "toc", "more"})


class Unknown(Exception):
    """A value this key cannot describe: the page is rendered."""


def _item(value: Any) -> tuple[str, Any, Any]:
    return (type(value).__name__, getattr(value, "title", None), getattr(value, "url", None))


def plain(value: Any, depth: int = 0) -> Any:
    """`value` as plain data (or `Unknown`): other pages by title and URL."""
    if depth > MAX_DEPTH:
        raise Unknown("too deep")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (date, time)):
        return ("date", value.isoformat())
    if isinstance(value, File):
        return ("file", value.src_uri, value.url, value.inclusion.name)
    if isinstance(value, StructureItem):
        return _item(value)
    if isinstance(value, (TableOfContents, list, tuple)):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v, depth + 1) for v in value), key=repr)
    if isinstance(value, AnchorLink):
        return ("anchor", value.title, value.id, value.level, plain(value.children, depth + 1))
    if isinstance(value, Mapping):
        return [(str(k), plain(v, depth + 1)) for k, v in value.items()]
    if callable(value) or not hasattr(value, "__dict__"):
        raise Unknown(type(value).__name__)
    return (type(value).__name__, plain(vars(value), depth + 1))


def page_facts(page: Any, depth: int = 0, skip: frozenset[str] = frozenset()) -> Any:
    """Everything of a page a template may print, as plain data (less `skip`)."""
    facts: list[Any] = [type(page).__name__, plain(page.file, depth)]
    for name, value in sorted(vars(page).items()):
        if name in SKIPPED or name in skip:
            continue
        if name in BY_PLACE or name in BY_PLACE_TOO:
            facts.append((name, [_item(v) for v in value] if isinstance(value, list) else
                          _item(value) if value is not None else None))  # fmt: skip
        elif name == "pages" and isinstance(value, list):  # a view's pagination
            facts.append((name, [p.url for p in value], len(getattr(page, "posts", []))))
        else:
            facts.append((name, plain(value, depth + 1)))
    try:
        facts.append(("title", page.title))
    except AttributeError:  # an excerpt has no Markdown of its own: its meta's title
        facts.append(("title", None))
    facts.append(("ancestors", [_item(a) for a in page.ancestors]))
    return facts


def nav_facts(items: list[Any], depth: int = 0) -> Any:
    """The navigation every page prints: each item's title, URL, meta, pages."""
    if depth > MAX_DEPTH:
        raise Unknown("navigation too deep")
    out = []
    for item in items:
        meta = getattr(item, "meta", None)
        pages = getattr(item, "pages", None)
        file = getattr(item, "file", None)
        out.append(
            (
                *_item(item),
                plain(file) if isinstance(file, File) else None,
                plain(meta) if isinstance(meta, Mapping) else None,
                [p.url for p in pages] if isinstance(pages, list) else None,
                nav_facts(item.children or [], depth + 1),
            )
        )
    return out


class PageMemo:
    """Each page's rendered template, by its URL, with the key it was rendered for."""

    KEY = "masthead_page_memo_key"  # in the context from `on_page_context` to the render

    def __init__(self) -> None:
        self._entries: dict[str, tuple[bytes, bytes]] = {}  # url -> (key, zlib'd output)
        self._site: bytes | None = None
        self._seen: set[str] = set()
        self._tag_link: Callable[[str], Any] | None = None
        self._bytecode = _Bytecode()
        self._stable: dict[str, tuple[Any, Any]] = {}  # its file -> (listed post, facts)
        self.enabled = False
        self.hits = 0  # this build's (tests, the debug log)

    def start_build(self, enabled: bool) -> None:
        """`on_config`: a new build; off outside `serve` (entries are dropped)."""
        self.enabled, self._site, self._seen, self.hits = enabled, None, set(), 0
        if not enabled:
            self._entries.clear()

    def site(self, config: MkDocsConfig, nav: Any, stamps: dict[str, tuple[int, int, int]],
             tag_link: Callable[[str], Any] | None, wide: bool) -> None:  # fmt: skip
        """`on_env`: the site's part of every key (`stamps`: the files outside docs/ the
        build read; `tag_link(name)`: where the chip of a tag links, masthead/tags';
        `wide`: `reads_wide(config)`, read once per build by the caller)."""
        self._tag_link = tag_link
        self._stable.clear()
        if not self.enabled:
            return
        if wide:
            self.enabled = False
            self._entries.clear()
            return
        try:
            facts = (
                config.site_url,
                sorted(stamps.items()),
                nav_facts(list(nav.items)),
                _item(nav.homepage) if nav.homepage else None,
            )
        except Unknown:
            self.enabled = False
            return
        self._site = hashlib.blake2b(repr(facts).encode(), digest_size=16).digest()

    def mark(self, context: dict[str, Any], page: Any) -> None:
        """`on_page_context`, last: put the page's key in its context."""
        if not self.enabled or self._site is None:
            return
        try:
            facts = [page_facts(page)]
            for name, value in sorted(context.items()):
                if name in STANDARD or name == self.KEY:
                    continue
                if name == "posts" and isinstance(value, list):
                    facts.append((name, [self._listed(p) for p in value]))
                elif name == "pagination" and callable(value):
                    facts.append((name, page.url))  # the view's place: in `pages` above
                else:
                    facts.append((name, plain(value)))
            if self._tag_link is not None:  # the chips of the page and of its cards
                shown = [page, *(context.get("posts") or [])]
                names = sorted({str(n) for p in shown for n in _tags(p)})
                facts.append(("tag links", [(n, plain(self._tag_link(n))) for n in names]))
        except Exception:  # Unknown, or a property that cannot be read now
            return  # the page is rendered
        digest = hashlib.blake2b(self._site, digest_size=16)
        digest.update(repr(facts).encode("utf-8", "surrogatepass"))
        context[self.KEY] = digest.digest()

    def _listed(self, post: Any) -> Any:
        """A listed post's facts: those of the build, once; those of this listing."""
        key = str(getattr(getattr(post, "file", None), "src_uri", id(post)))
        known = self._stable.get(key)
        if known is None or known[0] is not post:  # one per post: a new excerpt replaces
            known = self._stable[key] = (post, page_facts(post, 1, PER_LISTING))
        return (known[1], [(n, plain(getattr(post, n, None), 2)) for n in sorted(PER_LISTING)])

    def render(self, render: Callable[[dict[str, Any]], str], context: dict[str, Any]) -> str:
        """`render(context)`, or what it gave for the same key."""
        key = context.pop(self.KEY, None)
        page = context.get("page")
        url = getattr(page, "url", None)
        if key is None or url is None:
            return render(context)
        self._seen.add(url)
        known = self._entries.get(url)
        if known is not None and known[0] == key:
            self.hits += 1
            return zlib.decompress(known[1]).decode("utf-8")
        output = render(context)
        self._entries[url] = (key, zlib.compress(output.encode("utf-8"), 1))
        return output

    def finish_build(self) -> None:
        """`on_post_build`: forget the pages this build did not have."""
        for url in set(self._entries) - self._seen:
            del self._entries[url]

    def install(self, env: Any) -> bool:
        """Route the page templates of `env` through `render` (host seam); templates
        compiled once per session (Jinja's bytecode cache, by name and source)."""
        if not self.enabled:
            return False
        if env.bytecode_cache is None:
            env.bytecode_cache = self._bytecode
        return host_mkdocs.memo_page_templates(env, self.render, self.KEY)


class _Bytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the session (Jinja checks each one's
    source checksum: an edited template is compiled again)."""

    def __init__(self) -> None:
        self._buckets: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Jinja's API: fill `bucket` from memory."""
        data = self._buckets.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Jinja's API: keep `bucket`."""
        self._buckets[bucket.key] = bucket.bytecode_to_string()


def _tags(page: Any) -> list[Any]:
    meta = getattr(page, "meta", None)
    tags = meta.get("tags") if isinstance(meta, Mapping) else None
    return tags if isinstance(tags, list) else []


def reads_wide(config: MkDocsConfig) -> bool:
    """Whether a template of the site's custom_dir reads what `WIDE` names."""
    folder = config.theme.custom_dir
    return folder is not None and _reads_wide(folder)


def _reads_wide(folder: str) -> bool:
    for root, _dirs, names in os.walk(folder):
        for name in names:
            if name.endswith((".html", ".j2", ".jinja", ".xml")):
                try:
                    with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                        if WIDE.search(f.read()):
                            return True
                except OSError:
                    return True
    return False
