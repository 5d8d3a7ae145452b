"""CMS front matter mapped onto Material's vocabulary. Pure: data in, data and findings out."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from .dates import DateError, date_from_filename, parse_date
from .outputs import unsafe_segment
from .problems import Finding
from .source import without_controls as source_controls
from .summary import LIMIT, derive_summary
from .text import match_key, strip_invisible, tidy
from .yamlmeta import FrontMatter, loader_key

# Material validates some keys of a post itself and stops the build on a bad value
# (naming our temporary file, not the post); others its templates use as they are
# (`hide: 5` is a traceback, `icon` names a file to include): we check them first and
# say where. A key that fails is left out of what Material sees.
_ICON_RE = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)+")  # material/home
_STATUS_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")  # Material prints it in a class name
_SEARCH_KEYS: dict[str, type | tuple[type, ...]] = {"exclude": bool, "boost": (int, float)}


def _search_ok(value: Any) -> bool:
    return isinstance(value, dict) and all(
        k in _SEARCH_KEYS
        and isinstance(v, _SEARCH_KEYS[k])
        and (k == "exclude") == isinstance(v, bool)
        for k, v in value.items()
    )


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(i, str) for i in value)


def template_name_ok(value: Any) -> bool:
    """A template a post may ask for: a relative `.html` path inside the theme."""
    return (
        isinstance(value, str)
        and value.endswith(".html")
        and not value.startswith("/")
        and "\\" not in value
        and ".." not in value.split("/")
        and value.isprintable()
    )


_MATERIAL_KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "hide": (_texts, "a list, e.g. `hide: [toc, navigation]`"),
    "search": (_search_ok, "`search: {exclude: true}` or `search: {boost: 2}`"),
    "template": (template_name_ok, "the name of a template, e.g. `template: masthead/post.html`"),
    "status": (
        lambda v: isinstance(v, str) and _STATUS_RE.fullmatch(v) is not None,
        "one word, e.g. `status: new`",
    ),
    "subtitle": (lambda v: isinstance(v, str), "text"),
    "icon": (
        lambda v: isinstance(v, str) and _ICON_RE.fullmatch(v) is not None,
        "an icon name, e.g. `icon: material/home`",
    ),
    "pin": (lambda v: isinstance(v, bool), "true or false"),
    "readtime": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "categories": (
        lambda v: _texts(v) and all(c.strip() for c in v),
        "a list of names, e.g. `categories: [News]`",
    ),
    "links": (
        lambda v: isinstance(v, list) and all(isinstance(i, (str, dict)) for i in v),
        "a list of links, e.g. `links: [blog/posts/other.md]`",
    ),
}


# `draft: [draft, not published]`: a candidate read inverted (`published: false` is a
# draft). Only true/false is taken from it, so `published: 2017-02-21` stays a date.
INVERTED = "not "


@dataclass(frozen=True)
class KeyNames:
    """Which front matter key holds each field: candidates tried in order, and the
    first with a value wins (an empty text, `null` or `[]` falls through to the next).
    A candidate may be a dotted path into nested mappings (`seo.description`); a key
    that itself contains the dots wins over the path when the post has one.

    The defaults read what common CMSs and generators write (Decap/Netlify, Forestry,
    TinaCMS, Hugo, Jekyll, Astro, Gatsby) with no configuration. `keywords` is not a
    tags candidate: SEO keywords would become public tag pages."""

    title: tuple[str, ...] = ("title",)
    date: tuple[str, ...] = (
        "date",
        "pubDate",
        "publishDate",
        "published",
        "publish_date",
        "pubDatetime",
        "publishedAt",
        "created",
        "createdAt",
    )
    updated: tuple[str, ...] = (
        "updated",
        "lastmod",
        "last_modified_at",
        "last_modified",
        "lastModified",
        "last_edited",
        "updatedDate",
        "updatedAt",
        "updated_at",
        "modDatetime",
        "modified",
        "dateModified",
    )
    author: tuple[str, ...] = ("author", "authors")
    summary: tuple[str, ...] = ("summary", "excerpt")
    description: tuple[str, ...] = (
        "description",
        "seo.description",
        "meta_description",
        "metaDescription",
    )
    thumbnail: tuple[str, ...] = (
        "thumbnail",
        "image",
        "images",
        "cover",
        "cover_image",
        "coverImage",
        "featured_image",
        "featured-image",
        "featuredImage",
        "hero",
        "heroImage",
        "hero_image",
        "banner",
        "og_image",
        "opengraph.image",
    )
    tags: tuple[str, ...] = ("tags",)
    slug: tuple[str, ...] = ("slug",)
    draft: tuple[str, ...] = ("draft", f"{INVERTED}published")
    expiry: tuple[str, ...] = ("expiryDate", "expirydate", "expiry_date", "expires")


# In a mapping that stands for an image or an author, the keys that hold what we need.
IMAGE_KEYS = ("url", "src", "image", "path")
AUTHOR_NAME_KEYS = ("name", "title", "display_name", "displayName", "id")
AUTHOR_LINK_KEYS = ("website", "url", "link")


@dataclass
class MappedMeta:
    """A post's fields, read and tidied; `key` tells which front matter key each came from."""

    title: str | None = None
    date: datetime | None = None
    updated: datetime | None = None
    expiry: datetime | None = None
    author_names: list[str] = field(default_factory=list)
    author_links: dict[str, str] = field(default_factory=dict)  # name -> website as written
    summary: str = ""
    summary_derived: bool = False
    description: str | None = None
    thumbnail: str | None = None  # as written, trimmed (a bare name with the media prefix)
    tags: list[str] = field(default_factory=list)
    slug: str | None = None
    draft: bool | None = None
    key: dict[str, str] = field(default_factory=dict)  # field -> top-level key it is under
    path: dict[str, str] = field(default_factory=dict)  # field -> candidate used (`seo.x`)
    lines: dict[str, int] = field(default_factory=dict)  # field -> file line of its key
    dropped: set[str] = field(default_factory=set)  # keys whose value Material cannot take


def without_controls(value: Any) -> tuple[Any, str | None]:
    """`value` with control characters (`source.CONTROLS`) removed from every text in
    it, and the first one found (None when there was none)."""
    if isinstance(value, str):
        clean, at = source_controls(value)
        return (value, None) if at is None else (clean, value[at])
    first: str | None = None
    if isinstance(value, list):
        items = []
        for item in value:
            clean, found = without_controls(item)
            items.append(clean)
            first = first or found
        return (items, first) if first else (value, None)
    if isinstance(value, dict):
        entries = {}
        for key, item in value.items():
            clean, found = without_controls(item)
            entries[key] = clean
            first = first or found
        return (entries, first) if first else (value, None)
    return value, None


MISSING = object()  # `lookup`: no value at that path


def is_empty(value: Any) -> bool:
    """A value a CMS writes for a field left blank: null, blank text, `[]`, `{}`."""
    if value is None:
        return True
    if isinstance(value, str):
        return not tidy(value)
    return isinstance(value, (list, dict)) and not value


def lookup(data: dict[str, Any], path: str) -> Any:
    """The value at `path` (`seo.description`: key `description` of mapping `seo`), or
    MISSING. A key written with the dots in it wins over the path."""
    if path in data:
        return data[path]
    if "." not in path:
        return MISSING
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def locate(front: FrontMatter, path: str) -> tuple[str, int, str | None]:
    """(top-level key, file line of the innermost key found, the scalar as written) of
    the value at `path`; the line of the top-level key when the nested ones are not
    found in the parsed tree (a YAML merge key, for instance)."""
    if path in front.data or "." not in path:
        return path, front.line(path), front.raw.get(path)
    parts = path.split(".")
    line, raw = front.line(parts[0]), None
    node: yaml.Node | None = front.node
    for part in parts:
        if not isinstance(node, yaml.MappingNode):
            break
        found = next((pair for pair in node.value if loader_key(pair[0]) == part), None)
        if found is None:
            break
        line, node = front.first_line + found[0].start_mark.line, found[1]
    else:
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
    return parts[0], line, raw


@dataclass
class Chosen:
    """The candidate that holds a field in one post."""

    path: str  # as configured, without `not `
    value: Any
    line: int
    raw: str | None  # the scalar as written, when it is one
    inverted: bool = False


def choose(
    front: FrontMatter, names: tuple[str, ...], fits: Callable[[Any], bool] | None = None
) -> Chosen | None:
    """The first candidate of `names` with a value; else the first present with an
    empty one (so that the empty key can be named); None when none is present.
    `fits`: a later candidate whose value it refuses is passed over (`published: true`
    is no date); the first candidate is the field's own name and always counts."""
    chosen: tuple[str, bool] | None = None
    for n, name in enumerate(names):
        inverted = name.startswith(INVERTED)
        path = name[len(INVERTED) :].strip() if inverted else name
        value = lookup(front.data, path)
        if value is MISSING:
            continue
        if inverted and not isinstance(value, bool):
            continue  # only true/false reads inverted
        if n and fits is not None and not fits(value):
            continue
        if not is_empty(value):
            chosen = (path, inverted)
            break
        chosen = chosen or (path, inverted)
    if chosen is None:
        return None
    path, inverted = chosen
    _, line, raw = locate(front, path)
    return Chosen(path, lookup(front.data, path), line, raw, inverted)


def _text(value: Any, raw: str | None) -> str | None:
    """A scalar as text, as the writer typed it (`title: 1984` is the text "1984");
    None for null (`~`, `null`: no text, whatever its spelling)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if raw is not None and not isinstance(value, (list, dict)):
        return raw
    return None


def image_reference(value: Any) -> tuple[bool, str | None]:
    """(whether `value` has the shape of an image reference, its path or None when
    blank). A list gives its first item that is not blank (`images: [/x.jpg]`); a
    mapping its `url`, `src`, `image` or `path` (`cover: {image: x.jpg}`)."""
    for _ in range(4):  # a list of mappings, a mapping of a mapping: a few steps at most
        if isinstance(value, list):
            value = next((item for item in value if not is_empty(item)), None)
        elif isinstance(value, dict):
            value = next(
                (value[k] for k in IMAGE_KEYS if k in value and not is_empty(value[k])), MISSING
            )
        else:
            break
    if value is None or (isinstance(value, str) and not value.strip()):
        return True, None
    if isinstance(value, str):
        return True, value.strip()
    return False, None


def is_bare_name(ref: str) -> bool:
    """`x.png`: a file name with no folder and no scheme (`/x.png`, `a/x.png`,
    `https://...`, `data:...` are not)."""
    if not ref or "/" in ref or "\\" in ref or ref in (".", "..") or ref[0] in "#?":
        return False
    try:
        return not urlsplit(ref).scheme
    except ValueError:
        return False


def with_media_prefix(ref: str | None, prefix: str) -> str | None:
    """A bare file name under the site's media folder (`media_prefix: /images/uploads/`
    makes `x.png` `/images/uploads/x.png`); anything else, or no prefix, as it is."""
    if not ref or not prefix or not is_bare_name(ref):
        return ref
    return prefix.rstrip("/") + "/" + ref


def _author_entry(item: dict[str, Any]) -> tuple[str | None, str | None]:
    """(name, website) of an author written as a mapping (`{name: Ann, website: ...}`)."""
    name = next((item[k] for k in AUTHOR_NAME_KEYS if k in item and not is_empty(item[k])), None)
    if isinstance(name, (int, float)) and not isinstance(name, bool):
        name = str(name)
    link = next(
        (
            item[k].strip()
            for k in AUTHOR_LINK_KEYS
            if isinstance(item.get(k), str) and item[k].strip()
        ),
        None,
    )
    return (name if isinstance(name, str) else None), link


_DATE_FIX = "write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`"


@dataclass
class FieldMapper:
    """One post's front matter being mapped: what it reads from, what it has read so far
    (`meta`) and what is wrong with it (`findings`, in the order they were found)."""

    front: FrontMatter
    body: str = ""
    filename: str = ""
    keys: KeyNames = field(default_factory=KeyNames)
    zone: tzinfo = UTC
    summary_length: int = LIMIT
    meta: MappedMeta = field(default_factory=MappedMeta)
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, line: int, message: str, fix: str) -> None:
        """Report a finding."""
        self.findings.append(Finding(code, line, message, fix))

    def pick(self, name: str, fits: Callable[[Any], bool] | None = None) -> Chosen | None:
        """The candidate holding field `name` in this post, remembered in `meta`."""
        front, meta = self.front, self.meta
        chosen = choose(front, getattr(self.keys, name), fits)
        if chosen is not None:
            meta.key[name] = (
                chosen.path.split(".", 1)[0] if chosen.path not in front.data else chosen.path
            )
            meta.path[name] = chosen.path
            meta.lines[name] = chosen.line
        return chosen

    def drop(self, chosen: Chosen) -> None:
        """Material would print or reject the value as it is: it does not see the key
        (a nested value stays: Material reads top-level keys only)."""
        if chosen.path in self.front.data:
            self.meta.dropped.add(chosen.path)

    def text_field(self, name: str, code: str, example: str) -> str | None:
        """A field that must be non-empty text; reported under `code` when it is not."""
        chosen = self.pick(name)
        if chosen is None:
            return None
        text = _text(chosen.value, chosen.raw)
        if text is None or not tidy(text):
            self.add(
                code,
                chosen.line,
                f"`{chosen.path}` is empty or not text",
                f"write `{chosen.path}: {example}`",
            )
            self.drop(chosen)
            return None
        return text

    def date_value(self, chosen: Chosen, value: Any, code: str = "date-invalid") -> datetime | None:
        """`value` (of the candidate `chosen`) as a date, or None after reporting why not."""
        try:
            return parse_date(value, self.zone)
        except DateError as error:
            shown = chosen.raw if chosen.raw is not None else str(value)
            self.add(
                code,
                chosen.line,
                f"`{chosen.path}: {shown}` cannot be read as a date: {error}",
                _DATE_FIX,
            )
            return None


def _not_a_flag(value: Any) -> bool:
    return not isinstance(value, bool)


def map_controls(m: FieldMapper) -> None:
    """Remove control characters from every value, reporting each key that had one."""
    front = m.front
    for key, value in list(front.data.items()):
        clean, found = without_controls(value)
        if found is not None:
            front.data[key] = clean
            m.add(
                "text-control",
                front.line(key),
                f"`{key}` contains a control character (U+{ord(found):04X}) that pages and "
                "feeds cannot show; it is removed",
                "delete it (it often comes with text copied from another program)",
            )


def map_title(m: FieldMapper) -> None:
    """The title: non-empty text, required."""
    title = m.text_field("title", "title-invalid", "Your title")
    if title is not None:
        m.meta.title = title.strip()
    elif "title" not in m.meta.key:
        m.add("title-missing", 1, "the post has no `title`", "add a line `title: Your title`")


def map_date(m: FieldMapper) -> None:
    """The date (and Material's `{created: ..., updated: ...}`); else the file name's."""
    meta = m.meta
    chosen = m.pick("date", _not_a_flag)
    if chosen is not None:
        value = chosen.value
        created, updated = value, None
        if isinstance(value, dict):  # Material's own form: {created: ..., updated: ...}
            created, updated = value.get("created"), value.get("updated")
        meta.date = m.date_value(chosen, created)
        if meta.date is not None and updated is not None:
            meta.updated = m.date_value(chosen, updated)
    if meta.date is None and "date" not in meta.key:
        _date_from_filename(m)


def map_updated(m: FieldMapper) -> None:
    """When the post was last changed (`updated`, `lastmod` ...), unless Material's
    `date: {updated: ...}` said it; a value that is not a date is ignored."""
    if m.meta.date is None or m.meta.updated is not None:
        return
    chosen = m.pick("updated", _not_a_flag)
    if chosen is not None and not is_empty(chosen.value):
        m.meta.updated = m.date_value(chosen, chosen.value, "updated-invalid")


def _date_from_filename(m: FieldMapper) -> None:
    from_name = date_from_filename(m.filename, m.zone)
    if from_name:
        m.meta.date = from_name
        m.add(
            "date-from-filename",
            1,
            f"the post has no `date`; {from_name:%Y-%m-%d} from the file name is used",
            "add `date:` to set the publication time",
        )
    else:
        m.add(
            "date-missing",
            1,
            "the post has no `date` and its file name has none",
            "add a line `date: 2024-12-04` (or name the file `2024-12-04-slug.md`)",
        )


def map_expiry(m: FieldMapper) -> None:
    """The expiry date: past it, the post is retired like a draft (catalogue.post_status)."""
    chosen = m.pick("expiry", _not_a_flag)
    if chosen is not None and not is_empty(chosen.value):
        m.meta.expiry = m.date_value(chosen, chosen.value, "expiry-invalid")  # post stays


def map_authors(m: FieldMapper) -> None:
    """The authors: names, or mappings with a name (`{name: Ann Lee, website: https://...}`)."""
    chosen = m.pick("author")
    if chosen is None:
        return
    value = chosen.value
    items = value if isinstance(value, list) else [value]
    for item in items:
        link = None
        if isinstance(item, dict):
            text, link = _author_entry(item)
        else:
            text = _text(item, chosen.raw if not isinstance(value, list) else None)
        if text is None or isinstance(item, list):
            m.add(
                "author-invalid",
                chosen.line,
                f"`{chosen.path}` has a value that is not a name",
                f"write `{chosen.path}: Jane Doe`, a list of names, or entries with `name:`",
            )
        elif not tidy(text):
            m.add(
                "author-empty",
                chosen.line,
                f"`{chosen.path}` is empty",
                f"write the author's name, or remove the `{chosen.path}` line",
            )
        else:
            _add_author(m.meta, tidy(text), link)


def _add_author(meta: MappedMeta, name: str, link: str | None) -> None:
    """Add an author once (names compared as `match_key` folds them), with its first link."""
    if match_key(name) not in map(match_key, meta.author_names):
        meta.author_names.append(name)
    if link and name not in meta.author_links:
        meta.author_links[name] = link


def map_description(m: FieldMapper) -> None:
    """The explicit description, when it is text (else there is none)."""
    chosen = m.pick("description")
    if chosen is not None:
        text = _text(chosen.value, chosen.raw)
        if text is not None and tidy(text):
            m.meta.description = tidy(text)


def map_summary(m: FieldMapper) -> None:
    """The summary; without one, the description (with only one of them, it is both), or
    else the first paragraph of the body. Runs after `map_description`."""
    meta = m.meta
    chosen = m.pick("summary")
    if chosen is not None:
        text = _text(chosen.value, chosen.raw)
        if text is None and not is_empty(chosen.value):
            m.add(
                "summary-invalid",
                chosen.line,
                f"`{chosen.path}` is not text",
                f"write the summary as a sentence: `{chosen.path}: What the post is about.`",
            )
        else:
            meta.summary = tidy(text or "")
    if not meta.summary and meta.description:
        meta.summary = meta.description  # the card, the feed and the meta alike
    elif not meta.summary:
        meta.summary = derive_summary(m.body, m.summary_length)
        meta.summary_derived = True
        if meta.summary:
            m.add(
                "summary-derived",
                chosen.line if chosen is not None else 1,
                "the post has no summary; its first paragraph is used",
                "add `summary:` to choose the text of the card and meta description",
            )


def map_thumbnail(m: FieldMapper) -> None:
    """The thumbnail: a path, the first of a list, or a mapping's `url`/`src`/`image`."""
    chosen = m.pick("thumbnail", lambda v: isinstance(v, (str, list, dict)))
    if chosen is None:
        return
    shaped, ref = image_reference(chosen.value)
    if not shaped:
        m.add(
            "thumbnail-invalid",
            chosen.line,
            f"`{chosen.path}` is not a path",
            f"write `{chosen.path}: /images/blog/picture.png`",
        )
    else:
        m.meta.thumbnail = ref


def map_tags(m: FieldMapper) -> None:
    """The tags: a list, or a text split at commas; each once, blanks reported."""
    chosen = m.pick("tags")
    if chosen is not None:
        line = chosen.line

        def add(code: str, message: str, fix: str) -> None:
            m.add(code, line, message, fix)

        m.meta.tags = _tags(chosen, add)


def map_slug(m: FieldMapper) -> None:
    """The slug: one segment of the post's URL, never a way out of its folder."""
    slug = m.text_field("slug", "slug-invalid", "my-post")
    if slug is None:
        return
    meta = m.meta
    path = meta.path["slug"]
    reason = unsafe_segment(tidy(slug))
    if reason is None:
        meta.slug = tidy(slug)
        return
    if path in m.front.data:
        meta.dropped.add(path)
    m.add(
        "slug-unsafe",
        meta.lines["slug"],
        f"`{path}: {slug}` cannot be part of the post's URL ({reason})",
        "write the slug as one word or words joined by `-`, e.g. `my-post`",
    )


def map_draft(m: FieldMapper) -> None:
    """Whether the post is a draft: true or false (`not published`: `published: false` is a
    draft, `published: true` says nothing more than a post without the key)."""
    chosen = m.pick("draft")
    if chosen is None:
        return
    value = chosen.value
    if chosen.inverted:
        m.meta.draft = True if value is False else None
    elif isinstance(value, bool):
        m.meta.draft = value
    elif value is not None:
        m.drop(chosen)  # Material stops on a draft that is not true/false
        shown = chosen.raw if chosen.raw is not None else value
        m.add(
            "draft-invalid",
            chosen.line,
            f"`{chosen.path}: {shown}` is not true or false",
            f"write `{chosen.path}: true` or `{chosen.path}: false`",
        )


def map_categories(m: FieldMapper) -> None:
    """Jekyll's categories, `categories: news garden` (words) or `category: news`, as the
    list under `categories` that Material reads."""
    front = m.front
    value = front.data.get("categories")
    if isinstance(value, str):
        parts = value.split(",") if "," in value else value.split()
        front.data["categories"] = [c.strip() for c in parts if c.strip()]
    elif (
        "categories" not in front.data
        and isinstance(front.data.get("category"), str)
        and front.data["category"].strip()
    ):
        front.data["categories"] = [front.data["category"].strip()]
        front.lines.setdefault("categories", front.line("category"))


def map_material_keys(m: FieldMapper) -> None:
    """Material's other keys: one it cannot take is reported and left out."""
    data = m.front.data
    for name, (valid, shape) in _MATERIAL_KEYS.items():
        if name in data and data[name] is None:
            m.meta.dropped.add(name)  # a CMS writes optional fields empty: as if absent
        elif name in data and not valid(data[name]):
            m.meta.dropped.add(name)
            m.add(
                "meta-invalid",
                m.front.line(name),
                f"`{name}` must be {shape}",
                f"fix or remove the `{name}` line; until then it is ignored",
            )


# Each field in turn; the order is the order of the findings.
FIELDS: tuple[Callable[[FieldMapper], None], ...] = (
    map_controls,
    map_title,
    map_date,
    map_updated,
    map_expiry,
    map_authors,
    map_description,
    map_summary,  # after the description, which it falls back to
    map_thumbnail,
    map_tags,
    map_slug,
    map_draft,
    map_categories,
    map_material_keys,  # after the categories, which it checks
)


def map_front_matter(
    front: FrontMatter,
    *,
    body: str,
    filename: str,
    keys: KeyNames = KeyNames(),
    zone: tzinfo = UTC,
    summary_length: int = LIMIT,
) -> tuple[MappedMeta, list[Finding]]:
    """A post's fields read from its front matter (`keys` names where each is), and what
    is wrong with them. `front.data` is tidied in place for Material (control characters
    removed, Jekyll's categories made a list)."""
    mapper = FieldMapper(front, body, filename, keys, zone, summary_length)
    for step in FIELDS:
        step(mapper)
    return mapper.meta, mapper.findings


# `tags: a, b` is split at commas; each tag is trimmed below (`\s*,\s*` took quadratic
# time on a value made of spaces).
_SPLIT_RE = re.compile(",")


def _tags(chosen: Chosen, add: Callable[[str, str, str], None]) -> list[str]:
    key, value = chosen.path, chosen.value
    if value is None:
        return []
    if isinstance(value, str):
        items: list[Any] = _SPLIT_RE.split(value)
    elif isinstance(value, list):
        items = value
    else:
        shown = chosen.raw if chosen.raw is not None else str(value)
        add(
            "tags-invalid",
            f"`{key}: {shown}` is not a list of tags",
            f"write `{key}: [seo, backlinks]` or one `- tag` per line; read as the tag '{shown}'",
        )
        items = [shown]
    tags: list[str] = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, (dict, list)):
            add(
                "tags-invalid",
                f"`{key}` has an entry that is not a tag name",
                "write each tag as plain text",
            )
            continue
        text = tidy(str(item)) if item is not None else ""
        if not text:
            if isinstance(value, list) or len(items) > 1:
                add("tag-empty", f"`{key}` has an empty tag", "remove the empty entry")
            continue
        folded = match_key(text)
        if folded not in seen:
            seen.add(folded)
            tags.append(text)
    return tags


def resolve_reference(ref: str, src_uri: str) -> tuple[str | None, str | None]:
    """A path as written in a post, as (docs-relative path, external URL).

    `/images/x.png` is relative to the docs folder, `x.png` to the post's folder; both
    come out docs-relative, percent-escapes decoded, `?query` and `#fragment` dropped.
    `http(s)://` and `//host/` stay external. A path that leaves the docs folder, or a
    `javascript:`/`data:` URL, gives (None, None).
    """
    ref = strip_invisible(ref).strip()
    try:
        parts = urlsplit(ref)
    except ValueError:  # `https://host]/x`: not a URL Python (or a browser) can read
        return None, None
    if parts.scheme in ("http", "https") or (not parts.scheme and ref.startswith("//")):
        return None, ref
    if parts.scheme:
        return None, None
    path = unquote(parts.path)
    if not path:
        return None, None
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(src_uri), path)
    normal = posixpath.normpath(joined)
    if normal == ".." or normal.startswith("../") or normal.startswith("/") or normal == ".":
        return None, None
    return normal, None
