"""CMS front matter mapped onto Material's vocabulary. Pure: data in, data and findings out."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from urllib.parse import unquote, urlsplit

from .dates import DateError, date_from_filename, parse_date
from .outputs import unsafe_segment
from .problems import Finding
from .source import without_controls as source_controls
from .summary import LIMIT, derive_summary, tidy
from .text import match_key, strip_invisible
from .yamlmeta import FrontMatter

# Material validates some keys of a post itself and stops the build on a bad value
# (naming our temporary file, not the post); others its templates use as they are
# (`hide: 5` is a traceback, `icon` names a file to include): we check them first and
# say where. A key that fails is left out of what Material sees.
_ICON_RE = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)+")  # material/home
_STATUS_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")  # Material prints it in a class name
_SEARCH_KEYS = {"exclude": bool, "boost": (int, float)}


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


_MATERIAL_KEYS = {
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


@dataclass(frozen=True)
class KeyNames:
    """Which front matter key holds each field; the first key present wins."""

    title: tuple[str, ...] = ("title",)
    date: tuple[str, ...] = ("date",)
    author: tuple[str, ...] = ("author", "authors")
    summary: tuple[str, ...] = ("summary",)
    description: tuple[str, ...] = ("description",)
    thumbnail: tuple[str, ...] = ("thumbnail",)
    tags: tuple[str, ...] = ("tags",)
    slug: tuple[str, ...] = ("slug",)
    draft: tuple[str, ...] = ("draft",)


@dataclass
class MappedMeta:
    """A post's fields, read and tidied; `key` tells which front matter key each came from."""

    title: str | None = None
    date: datetime | None = None
    updated: datetime | None = None
    author_names: list[str] = field(default_factory=list)
    summary: str = ""
    summary_derived: bool = False
    description: str | None = None
    thumbnail: str | None = None  # as written, trimmed
    tags: list[str] = field(default_factory=list)
    slug: str | None = None
    draft: bool | None = None
    key: dict[str, str] = field(default_factory=dict)  # field -> key name used
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


def _pick(front: FrontMatter, names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in front.data), None)


def _text(value: Any, raw: str | None) -> str | None:
    """A scalar as text, as the writer typed it (`title: 1984` is the text "1984")."""
    if isinstance(value, str):
        return value
    if raw is not None and not isinstance(value, (list, dict)):
        return raw
    return None


def map_front_matter(
    front: FrontMatter,
    *,
    body: str,
    filename: str,
    keys: KeyNames = KeyNames(),
    zone: tzinfo = UTC,
    summary_length: int = LIMIT,
) -> tuple[MappedMeta, list[Finding]]:
    meta = MappedMeta()
    findings: list[Finding] = []

    def add(code: str, key: str | None, message: str, fix: str) -> None:
        findings.append(Finding(code, front.line(key), message, fix))

    for key, value in list(front.data.items()):
        clean, found = without_controls(value)
        if found is not None:
            front.data[key] = clean
            add(
                "text-control",
                key,
                f"`{key}` contains a control character (U+{ord(found):04X}) that pages and "
                "feeds cannot show; it is removed",
                "delete it (it often comes with text copied from another program)",
            )

    def pick(name: str) -> str | None:
        """The key holding field `name` in this post, remembered in `meta.key`."""
        key = _pick(front, getattr(keys, name))
        if key is not None:
            meta.key[name] = key
        return key

    def text_field(name: str, code: str, example: str) -> str | None:
        """A field that must be non-empty text; reported under `code` when it is not."""
        key = pick(name)
        if key is None:
            return None
        text = _text(front.data[key], front.raw.get(key))
        if text is None or not tidy(text):
            add(code, key, f"`{key}` is empty or not text", f"write `{key}: {example}`")
            meta.dropped.add(key)  # Material would print or reject it as it is
            return None
        return text

    # title
    title = text_field("title", "title-invalid", "Your title")
    if title is not None:
        meta.title = title.strip()
    elif "title" not in meta.key:
        add("title-missing", None, "the post has no `title`", "add a line `title: Your title`")

    # date
    key = pick("date")
    if key is not None:
        value = front.data[key]
        created, updated = value, None
        if isinstance(value, dict):  # Material's own form: {created: ..., updated: ...}
            created, updated = value.get("created"), value.get("updated")
        try:
            meta.date = parse_date(created, zone)
            if updated is not None:
                meta.updated = parse_date(updated, zone)
        except DateError as error:
            shown = front.raw.get(key, str(created))
            add(
                "date-invalid",
                key,
                f"`{key}: {shown}` cannot be read as a date: {error}",
                "write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`",
            )
    if meta.date is None and "date" not in meta.key:
        from_name = date_from_filename(filename, zone)
        if from_name:
            meta.date = from_name
            add(
                "date-from-filename",
                None,
                f"the post has no `date`; {from_name:%Y-%m-%d} from the file name is used",
                "add `date:` to set the publication time",
            )
        else:
            add(
                "date-missing",
                None,
                "the post has no `date` and its file name has none",
                "add a line `date: 2024-12-04` (or name the file `2024-12-04-slug.md`)",
            )

    # authors
    key = pick("author")
    if key is not None:
        value = front.data[key]
        items = value if isinstance(value, list) else [value]
        for item in items:
            text = _text(item, front.raw.get(key) if not isinstance(value, list) else None)
            if text is None or isinstance(item, (dict, list)):
                add(
                    "author-invalid",
                    key,
                    f"`{key}` has a value that is not a name",
                    f"write `{key}: Jane Doe` or a list of names",
                )
            elif not tidy(text):
                add(
                    "author-empty",
                    key,
                    f"`{key}` is empty",
                    f"write the author's name, or remove the `{key}` line",
                )
            else:
                name = tidy(text)
                if match_key(name) not in map(match_key, meta.author_names):
                    meta.author_names.append(name)

    # description (explicit) and summary
    key = _pick(front, keys.description)
    if key is not None and isinstance(front.data[key], str) and tidy(front.data[key]):
        meta.description = tidy(front.data[key])
        meta.key["description"] = key
    key = pick("summary")
    if key is not None:
        text = _text(front.data[key], front.raw.get(key))
        if text is None:
            add(
                "summary-invalid",
                key,
                f"`{key}` is not text",
                f"write the summary as a sentence: `{key}: What the post is about.`",
            )
        else:
            meta.summary = tidy(text)
    if not meta.summary:
        meta.summary = derive_summary(body, summary_length)
        meta.summary_derived = True
        if meta.summary:
            add(
                "summary-derived",
                key,
                "the post has no summary; its first paragraph is used",
                "add `summary:` to choose the text of the card and meta description",
            )

    # thumbnail
    key = pick("thumbnail")
    if key is not None:
        value = front.data[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            pass
        elif not isinstance(value, str):
            add(
                "thumbnail-invalid",
                key,
                f"`{key}` is not a path",
                f"write `{key}: /images/blog/picture.png`",
            )
        else:
            meta.thumbnail = value.strip()

    # tags
    key = pick("tags")
    if key is not None:
        meta.tags = _tags(front, key, add)

    # slug: one segment of the post's URL, never a way out of its folder
    slug = text_field("slug", "slug-invalid", "my-post")
    if slug is not None:
        key = meta.key["slug"]
        reason = unsafe_segment(tidy(slug))
        if reason is None:
            meta.slug = tidy(slug)
        else:
            meta.dropped.add(key)
            add(
                "slug-unsafe",
                key,
                f"`{key}: {slug}` cannot be part of the post's URL ({reason})",
                "write the slug as one word or words joined by `-`, e.g. `my-post`",
            )

    # draft
    key = pick("draft")
    if key is not None:
        value = front.data[key]
        if isinstance(value, bool):
            meta.draft = value
        elif value is not None:
            meta.dropped.add(key)  # Material stops on a draft that is not true/false
            add(
                "draft-invalid",
                key,
                f"`{key}: {front.raw.get(key, value)}` is not true or false",
                f"write `{key}: true` or `{key}: false`",
            )

    # Material's other keys
    for name, (valid, shape) in _MATERIAL_KEYS.items():
        if name in front.data and front.data[name] is None:
            meta.dropped.add(name)  # a CMS writes optional fields empty: as if absent
        elif name in front.data and not valid(front.data[name]):
            meta.dropped.add(name)
            add(
                "meta-invalid",
                name,
                f"`{name}` must be {shape}",
                f"fix or remove the `{name}` line; until then it is ignored",
            )
    return meta, findings


# `tags: a, b` is split at commas; each tag is trimmed below (`\s*,\s*` took quadratic
# time on a value made of spaces).
_SPLIT_RE = re.compile(",")


def _tags(front: FrontMatter, key: str, add) -> list[str]:
    value = front.data[key]
    if value is None:
        return []
    if isinstance(value, str):
        items: list[Any] = _SPLIT_RE.split(value)
    elif isinstance(value, list):
        items = value
    else:
        shown = front.raw.get(key, str(value))
        add(
            "tags-invalid",
            key,
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
                key,
                f"`{key}` has an entry that is not a tag name",
                "write each tag as plain text",
            )
            continue
        text = tidy(str(item)) if item is not None else ""
        if not text:
            if isinstance(value, list) or len(items) > 1:
                add("tag-empty", key, f"`{key}` has an empty tag", "remove the empty entry")
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
