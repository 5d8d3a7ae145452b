"""Each post's URLs on the old site: its generator's permalink rule, its own
`url`/`permalink`/`path`, and `aliases`/`redirect_from`. Site-root paths, `/` first."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from ..core.dates import MONTH_NAMES, DateError, parse_date
from ..core.mapping import KeyNames
from .detect import Shape
from .repo import lookup

_TOKEN_RE = re.compile(r":([a-z_]+)")
_DATED_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.*)$")
_JEKYLL_SLUG_RE = re.compile(r"[^\w]+")
_HUGO_DROP_RE = re.compile(r"[^\w\s./_-]+")
_SPACES_RE = re.compile(r"\s+")
_SLASHES_RE = re.compile(r"/{2,}")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]{0,20}://")
_ANY_SCHEME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]{0,20}:")  # `javascript:`, `https:`
MAX_ALIASES = 100  # old URLs a post may list; more are no real site's
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# The build's own date candidates, then names only old sites are known to use.
DATE_KEYS = (
    *KeyNames.date,
    *(k for k in ("published_at", "created_at", "datePublished") if k not in KeyNames.date),
)


def hugo_urlize(text: str) -> str:
    """Hugo's `urlize` of a title: lower case, spaces to `-`, punctuation dropped."""
    text = unicodedata.normalize("NFC", text.strip()).lower()
    text = _HUGO_DROP_RE.sub("", text)
    return _SPACES_RE.sub("-", text).strip("-")


def jekyll_slugify(text: str) -> str:
    """Jekyll's default `slugify`: lower case, runs of other characters to one `-`."""
    return _JEKYLL_SLUG_RE.sub("-", text.lower()).replace("_", "-").strip("-")


def post_date(data: dict[str, Any], filename: str) -> datetime | None:
    """A post's date from its front matter, else from its file name."""
    for key in DATE_KEYS:
        value = lookup(data, key)
        if value is None:
            continue
        try:
            return parse_date(value)
        except DateError:
            continue
    match = _DATED_RE.match(filename)
    if match:
        try:
            return datetime(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def _stem(source: str) -> str:
    """The post's file name without extension; a folder per post gives the folder."""
    name = posixpath.basename(source)
    stem = name.rsplit(".", 1)[0]
    if stem.lower() in ("index", "_index"):
        stem = posixpath.basename(posixpath.dirname(source)) or stem
    return stem


def _categories(data: dict[str, Any], source: str) -> list[str]:
    found: list[str] = []
    parts = source.split("/_posts/")[0].split("/") if "/_posts/" in source else []
    found += [p for p in parts if p]
    for key in ("categories", "category"):
        value = data.get(key)
        if isinstance(value, str):
            found += value.split()
        elif isinstance(value, list):
            found += [str(v) for v in value if isinstance(v, (str, int))]
    seen: list[str] = []
    for name in found:
        name = name.strip().lower().replace(" ", "%20")
        if name and name not in seen:
            seen.append(name)
    return seen


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def rule_url(
    rule: str, generator: str | None, data: dict[str, Any], source: str, section: str | None = None
) -> str | None:
    """The URL a permalink rule gives one post, or None when a token has no value."""
    stem = _stem(source)
    dated = _DATED_RE.match(stem)
    name_part = dated[4] if dated else stem
    date = post_date(data, posixpath.basename(source))
    title = _text(data, "title") or ""
    slug = _text(data, "slug")
    jekyll = generator == "Jekyll"
    values: dict[str, str | None] = {
        "section": section or "",
        "sections": section or "",
        "filename": stem,
        "contentbasename": stem,
        "name": name_part,
        "output_ext": ".html",
        "categories": "/".join(_categories(data, source)),
    }
    if jekyll:
        values["title"] = slug or name_part
        values["slug"] = jekyll_slugify(slug or name_part)
    else:
        values["title"] = hugo_urlize(title) if title else None
        values["slug"] = slug or (hugo_urlize(title) if title else None)
    values["slugorfilename"] = slug or stem
    values["slugorcontentbasename"] = slug or stem
    if date is not None:
        values.update(
            year=f"{date.year:04d}",
            month=f"{date.month:02d}",
            i_month=str(date.month),
            day=f"{date.day:02d}",
            i_day=str(date.day),
            short_year=f"{date.year % 100:02d}",
            y_day=f"{date.timetuple().tm_yday:03d}",
            yearday=str(date.timetuple().tm_yday),
            hour=f"{date.hour:02d}",
            minute=f"{date.minute:02d}",
            second=f"{date.second:02d}",
            monthname=MONTH_NAMES[date.month - 1],
            weekday=str(date.isoweekday() % 7),
            weekdayname=_DAYS[date.weekday()],
            week=f"{date.isocalendar()[1]:02d}",
            short_day=_DAYS[date.weekday()][:3].capitalize(),
        )
    missing = False

    def put(match: re.Match[str]) -> str:
        nonlocal missing
        value = values.get(match[1])
        if value is None:
            missing = True
            return ""
        return value

    url = _TOKEN_RE.sub(put, rule)
    return None if missing else normal_path(url)


def normal_path(url: str) -> str | None:
    """A site path as `/a/b/` (or `/a/b.html`): no scheme or host, no `//`, no `..`."""
    text = url.strip()
    if _SCHEME_RE.match(text):
        try:
            text = urlsplit(text).path
        except ValueError:
            return None
    path = unquote(text.split("#", 1)[0].split("?", 1)[0])
    if not path or "\x00" in path or "\\" in path:
        return None
    trailing = path.endswith("/")
    path = posixpath.normpath("/" + _SLASHES_RE.sub("/", path).lstrip("/"))
    if path.startswith("/.."):
        return None
    if path == "/":
        return "/"
    if trailing or "." not in posixpath.basename(path):
        return path + "/"
    return path


def own_urls(generator: str | None, data: dict[str, Any]) -> tuple[str | None, list[str]]:
    """The post's own URL when its front matter sets one (Hugo `url`, Jekyll
    `permalink`, Gatsby `path`), and its extra old URLs (`aliases`, `redirect_from`)."""
    own = None
    for key in ("url", "permalink", "path"):
        value = _text(data, key)
        if value and key == "permalink" and ":" in value:
            continue  # Jekyll tokens: the rule, below
        if value and (value.startswith("/") or key == "url") and ":" not in value.split("/")[0]:
            own = normal_path(value)
            if own:
                break
    extra: dict[str, None] = {}  # ordered, without repeats
    for key in ("aliases", "redirect_from", "redirects"):
        value = data.get(key)
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for item in items[:MAX_ALIASES]:
            if not isinstance(item, str) or not item.strip():
                continue
            item = item.strip()
            if item.startswith("//") or _ANY_SCHEME_RE.match(item):
                continue  # another site's address is no old URL of this one
            path = normal_path(item if item.startswith("/") else "/" + item)
            if path:
                extra[path] = None
    return own, list(extra)


def old_urls(
    rule: str | None, shape: Shape, data: dict[str, Any], source: str, section: str | None
) -> list[str]:
    """Every URL the post had on the old site, its main one first."""
    generator = shape.generator
    own, extra = own_urls(generator, data)
    stem_source = source
    language = None
    if generator == "Hugo":
        stem_source, language = hugo_language(source, shape)
    if own is None and rule is not None:
        if generator == "Jekyll" and ":" in (_text(data, "permalink") or ""):
            own = rule_url(_text(data, "permalink") or "", generator, data, source, section)
        else:
            own = rule_url(rule, generator, data, stem_source, section)
            if own and language:
                own = normal_path(f"/{language}{own}")
    if own and generator == "Hugo" and not shape.hugo_keep_case:
        own = own.lower()
    urls = [u for u in dict.fromkeys([own, *extra]) if u]
    if generator == "Gatsby" and own is not None:
        slug = _text(data, "slug") or _text(data, "path")
        if slug and not slug.startswith("/") and rule:
            alt = rule_url(rule.replace(":filename", slug), generator, data, source, section)
            if alt and alt not in urls:
                urls.append(alt)
    return urls


_LANGUAGE_RE = re.compile(r"^(.+)\.([a-z]{2}(?:-[a-z]{2,4})?)$", re.IGNORECASE)


def hugo_language(source: str, shape: Shape) -> tuple[str, str | None]:
    """Hugo's translation by file name (`post.fr.md`): the source without the language
    code, and the language's URL prefix (None for the default language)."""
    folder, name = posixpath.split(source)
    stem, dot, suffix = name.rpartition(".")
    match = _LANGUAGE_RE.match(stem) if dot else None
    languages = shape.hugo_languages or {shape.hugo_default_language}
    if not match or match[2].lower() not in languages:
        return source, None  # `make.go.md` on a site of one language: not a translation
    language = match[2].lower()
    clean = posixpath.join(folder, f"{match[1]}.{suffix}")
    return clean, None if language == shape.hugo_default_language else language
