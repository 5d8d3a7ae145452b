"""Where a repository keeps its posts and media, and the URL rules of its old site.

Read, in this order of trust: the CMS config (Decap/Netlify CMS `config.yml` wherever it
lives, Forestry `.forestry/`, TinaCMS `tina/config.*` read as text), the generator's
config (Hugo, Jekyll, Astro, Next.js, Gatsby), then the repository's shape (the folder
holding most dated Markdown files)."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .repo import Listing, lookup, read_data, read_text

POST_SUFFIXES = (".md", ".markdown", ".mdx", ".mdown", ".mkd")
NOT_POSTS = ("_index.md", "readme.md", "license.md", "changelog.md", "contributing.md")
_DATED_NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")
_DATE_KEY_RE = re.compile(
    r"^(?:date|pubdate|publishdate|published(?:_?at)?|created(?:_?at)?)\s*[:=]", re.I | re.M
)


@dataclass
class Collection:
    """A folder of posts, and what its source says about them."""

    folder: str  # relative to the repository root, `/`-separated ("" = root)
    origin: str  # where this was found, for the report
    slug: str | None = None  # Decap's slug template (file names), if any
    fields: dict[str, list[str]] = field(default_factory=dict)  # our field -> keys
    media_prefix: str | None = None  # public URL of bare media file names
    url_rule: str | None = None  # old URL template of the posts (tokens `:name`)
    section: str | None = None  # Hugo section name
    recursive: bool = True  # posts in subfolders too (Forestry `match: "*"`: no)
    dated: bool = False  # its CMS fields include a date: a blog, not pages


@dataclass
class Media:
    """A media folder of the repository and the URL it was published under."""

    folder: str  # relative to the repository root ("" = root)
    prefix: str  # its public URL prefix, `/` first and last
    origin: str


@dataclass
class Shape:
    """What the import found in a repository: generator, CMS, posts and media."""

    generator: str | None = None
    cms: str | None = None
    collections: list[Collection] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    site_name: str | None = None
    site_url: str | None = None
    base_path: str = "/"  # the old site's path prefix (Jekyll `baseurl`)
    authors_files: list[str] = field(default_factory=list)
    drafts_folders: list[str] = field(default_factory=list)
    detected: list[str] = field(default_factory=list)  # lines for the report
    hugo_permalinks: dict[str, str] = field(default_factory=dict)
    hugo_languages: set[str] = field(default_factory=set)
    hugo_default_language: str = "en"
    hugo_keep_case: bool = False  # Hugo's `disablePathToLower`
    jekyll_permalink: str | None = None
    eleventy_input: str | None = None  # Eleventy's input folder ("" = the root)
    hugo_content: str = "content"


def is_post_file(path: str) -> bool:
    """A Markdown file that can be a post: not a README or section page, and not hidden
    (a name starting with `.`: generators skip it, and MkDocs would not publish it)."""
    name = posixpath.basename(path).lower()
    return name.endswith(POST_SUFFIXES) and name not in NOT_POSTS and not name.startswith(".")


def _prefix(url: str) -> str:
    url = "/" + url.strip().strip("/")
    return url if url.endswith("/") else url + "/"


def _folder(path: str) -> str:
    path = posixpath.normpath(str(path).strip().strip("/"))
    return "" if path == "." else path


# -- CMS configs ------------------------------------------------------------------------
_DECAP_NAMES = ("config.yml", "config.yaml")


def _decap(listing: Listing, shape: Shape) -> None:
    for path in listing.files:
        if posixpath.basename(path) not in _DECAP_NAMES or path.count("/") > 5:
            continue
        data = read_data(listing, path)
        if not isinstance(data, dict) or "collections" not in data or "backend" not in data:
            continue
        shape.cms = "Decap/Netlify CMS"
        shape.detected.append(f"Decap/Netlify CMS config: {path}")
        media_folder = _folder(data.get("media_folder") or "")
        public = data.get("public_folder")
        if media_folder:
            prefix = _prefix(public if isinstance(public, str) else "/" + media_folder)
            shape.media.append(Media(media_folder, prefix, path))
        if isinstance(data.get("site_url"), str):
            shape.site_url = data["site_url"]
        for item in _list(data.get("collections")):
            if not isinstance(item, dict) or not isinstance(item.get("folder"), str):
                continue
            collection = Collection(
                _folder(item["folder"]),
                f"{path} (collection `{item.get('name', '?')}`)",
                slug=item.get("slug") if isinstance(item.get("slug"), str) else None,
                fields=_fields_from_widgets(_list(item.get("fields")), "widget"),
            )
            collection.dated = "date" in collection.fields
            own = item.get("media_folder")
            if isinstance(own, str) and own.strip():
                folder = (
                    _folder(own)
                    if own.startswith("/")
                    else _folder(posixpath.join(collection.folder, own))
                )
                own_public = item.get("public_folder")
                shape.media.append(
                    Media(folder, _prefix(own_public if isinstance(own_public, str) else own), path)
                )
            if shape.media:
                collection.media_prefix = shape.media[0].prefix
            shape.collections.append(collection)
        return


def unreadable(path: str) -> str:
    """The report's line for a configuration file that could not be read."""
    return (
        f"{path}: could not be read (not valid YAML, TOML or JSON, nested or aliased too "
        "deeply, or over 1 MB); its settings are not used"
    )


def _list(value: object) -> list[Any]:
    """A config value that should be a list, or an empty one (configs are anyone's)."""
    return value if isinstance(value, list) else []


def _fields_from_widgets(items: list[Any], kind_key: str, parent: str = "") -> dict[str, list[str]]:
    """Our fields, from a CMS's list of fields and their widgets (Decap, Forestry)."""
    found: dict[str, list[str]] = {}

    def put(name: str, key: str) -> None:
        found.setdefault(name, [])
        if key not in found[name]:
            found[name].append(key)

    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        key = parent + item["name"]
        kind = str(item.get(kind_key) or item.get("type") or "").lower()
        lowered = item["name"].lower()
        nested = item.get("fields")
        if len(parent) > 200:
            continue  # nested past any real CMS form
        if isinstance(nested, list) and kind in ("object", "field_group", ""):
            for name, keys in _fields_from_widgets(nested, kind_key, key + ".").items():
                for k in keys:
                    put(name, k)
            continue
        ours = _widget_field(kind, lowered, "date" in found)
        if ours is not None:
            put(ours, key)
    return found


def _widget_field(kind: str, lowered: str, has_date: bool) -> str | None:
    """Our field a CMS widget of `kind` named `lowered` (lower-case) holds, if any."""
    if kind in ("datetime", "date") and not has_date and "expir" not in lowered:
        if not any(w in lowered for w in ("update", "modif", "edit")):
            return "date"
        return None
    if kind in ("image", "file") and (
        "image" in lowered
        or "cover" in lowered
        or "thumb" in lowered
        or "hero" in lowered
        or "banner" in lowered
        or kind == "image"
    ):
        return "thumbnail"
    if lowered in ("title", "name") and kind in ("string", "text", ""):
        return "title"
    return _named_field(lowered)


def _named_field(lowered: str) -> str | None:
    """Our field a CMS widget holds by its name alone (lower-case), if any."""
    if "descri" in lowered or lowered in ("excerpt",):
        return "description"
    if "summary" in lowered:
        return "summary"
    if "author" in lowered:
        return "author"
    if lowered in ("tags", "keywords", "categories") and lowered != "categories":
        return "tags"
    if lowered in ("slug", "draft"):
        return lowered
    return None


def _forestry(listing: Listing, shape: Shape) -> None:
    settings = next(
        (p for p in (".forestry/settings.yml", ".forestry/settings.yaml") if listing.has(p)), None
    )
    if settings is None:
        return
    data = read_data(listing, settings)
    if not isinstance(data, dict):
        shape.detected.append(unreadable(settings))
        return
    shape.cms = "Forestry"
    shape.detected.append(f"Forestry config: {settings}")
    upload = data.get("upload_dir")
    public = data.get("public_path")
    if isinstance(upload, str) and upload.strip():
        shape.media.append(
            Media(_folder(upload), _prefix(public if isinstance(public, str) else upload), settings)
        )
    templates = _forestry_templates(listing)
    for section in _list(data.get("sections")):
        if not isinstance(section, dict) or section.get("type") != "directory":
            continue
        folder = section.get("path")
        if not isinstance(folder, str):
            continue
        fields: dict[str, list[str]] = {}
        for name in _list(section.get("templates")):
            for key, keys in templates.get(str(name), {}).items():
                fields.setdefault(key, []).extend(k for k in keys if k not in fields.get(key, []))
        match = section.get("match")
        collection = Collection(
            _folder(folder),
            f"{settings} (section `{section.get('label', folder)}`)",
            fields=fields,
            recursive=not isinstance(match, str) or "**" in match,
        )
        if shape.media:
            collection.media_prefix = shape.media[0].prefix
        shape.collections.append(collection)


def _forestry_templates(listing: Listing) -> dict[str, dict[str, list[str]]]:
    """Our fields in each of Forestry's front matter templates, by template name."""
    templates: dict[str, dict[str, list[str]]] = {}
    for path in listing.under(".forestry/front_matter/templates"):
        template = read_data(listing, path)
        if isinstance(template, dict):
            name = posixpath.splitext(posixpath.basename(path))[0]
            templates[name] = _fields_from_widgets(_list(template.get("fields")), "type")
    return templates


_TINA_PATH_RE = re.compile(r"""\bpath\s*:\s*["'`]([^"'`\n]{1,300})["'`]""")
_TINA_FORMAT_RE = re.compile(r"""\bformat\s*:\s*["'`](mdx?|markdown)["'`]""")
_TINA_MEDIA_RE = re.compile(r"""\bmediaRoot\s*:\s*["'`]([^"'`\n]{0,300})["'`]""")
_TINA_PUBLIC_RE = re.compile(r"""\bpublicFolder\s*:\s*["'`]([^"'`\n]{1,300})["'`]""")
_TINA_FIELD_RE = re.compile(
    r"""\{[^{}]{0,400}?\btype\s*:\s*["'`](\w{1,40})["'`][^{}]{0,400}?\bname\s*:\s*["'`](\w{1,80})["'`]"""
    r"""|\{[^{}]{0,400}?\bname\s*:\s*["'`](\w{1,80})["'`][^{}]{0,400}?\btype\s*:\s*["'`](\w{1,40})["'`]"""
)


def _tina(listing: Listing, shape: Shape) -> None:
    config = next(
        (
            f"{folder}/config.{ext}"
            for folder in ("tina", ".tina")
            for ext in ("ts", "tsx", "js", "jsx", "mjs")
            if listing.has(f"{folder}/config.{ext}")
        ),
        None,
    )
    text = read_text(listing, config) if config else None
    if text is None:
        return
    shape.cms = "TinaCMS"
    shape.detected.append(f"TinaCMS config: {config} (read as text)")
    public = _TINA_PUBLIC_RE.search(text)
    media = _TINA_MEDIA_RE.search(text)
    if public:
        root = _folder(public.group(1))
        sub = _folder(media.group(1)) if media else ""
        shape.media.append(
            Media(posixpath.join(root, sub) if sub else root, _prefix(sub), config or "")
        )
    fields: dict[str, list[str]] = {}
    for match in _TINA_FIELD_RE.finditer(text):
        kind, name = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        )
        for key, keys in _fields_from_widgets([{"name": name, "type": kind}], "type").items():
            fields.setdefault(key, []).extend(k for k in keys if k not in fields.get(key, []))
    for match in _TINA_PATH_RE.finditer(text):
        folder = _folder(match.group(1))
        if any(c.folder == folder for c in shape.collections):
            continue
        collection = Collection(
            folder, f"{config} (collection path `{match.group(1)}`)", fields=fields
        )
        if shape.media:
            collection.media_prefix = shape.media[0].prefix
        shape.collections.append(collection)


# -- generators ----------------------------------------------------------------------------
_HUGO_CONFIGS = tuple(
    f"{base}.{ext}"
    for base in ("hugo", "config", "config/_default/hugo", "config/_default/config")
    for ext in ("toml", "yaml", "yml", "json")
)


def _hugo(listing: Listing, shape: Shape) -> bool:
    path = next((p for p in _HUGO_CONFIGS if listing.has(p)), None)
    if path is None:
        return False
    data = read_data(listing, path)
    if not isinstance(data, dict):
        shape.detected.append(unreadable(path))
        data = {}
    lowered = {str(k).lower(): v for k, v in data.items()}
    shape.generator = "Hugo"
    shape.detected.append(f"Hugo config: {path}")
    if isinstance(lowered.get("title"), str):
        shape.site_name = lowered["title"]
    if isinstance(lowered.get("baseurl"), str) and lowered["baseurl"].startswith("http"):
        shape.site_url = lowered["baseurl"]
    content = shape.hugo_content = _folder(lowered.get("contentdir") or "content")
    static = lowered.get("staticdir") or "static"
    for folder in static if isinstance(static, list) else [static]:
        if isinstance(folder, str) and listing.under(_folder(folder)):
            shape.media.append(Media(_folder(folder), "/", path))
    _hugo_urls(lowered, shape)
    for name in ("authors.yml", "authors.yaml", "authors.toml", "authors.json"):
        if listing.has(f"data/{name}"):
            shape.authors_files.append(f"data/{name}")
    shape.authors_files += [
        p for p in listing.under("data/authors") if p.endswith((".yml", ".yaml", ".toml", ".json"))
    ]
    _hugo_sections(listing, shape, content, path)
    return True


def _hugo_urls(lowered: dict[str, Any], shape: Shape) -> None:
    """What Hugo's config (keys lower-cased) says of its URLs: languages, case, permalinks."""
    languages = lowered.get("languages")
    if isinstance(languages, dict):
        shape.hugo_languages = {str(k).lower() for k in languages}
    default = lowered.get("defaultcontentlanguage")
    if isinstance(default, str) and default.strip():
        shape.hugo_default_language = default.strip().lower()
    shape.hugo_keep_case = lowered.get("disablepathtolower") is True
    permalinks = lowered.get("permalinks")
    if isinstance(permalinks, dict):
        page = permalinks.get("page")
        source = page if isinstance(page, dict) else permalinks
        shape.hugo_permalinks = {str(k): v for k, v in source.items() if isinstance(v, str)}


def _hugo_sections(listing: Listing, shape: Shape, content: str, path: str) -> None:
    """Hugo's posts: the content section with most posts unless a CMS named them, and
    the section of each collection (its old URLs use it)."""
    if not shape.collections:
        best = _most_posts(listing, content, depth=1)
        if best is not None:
            shape.collections.append(
                Collection(best, f"{path} (the content section with most posts)")
            )
    for collection in shape.collections:
        rel = (
            posixpath.relpath(collection.folder, content)
            if collection.folder.startswith(content + "/")
            else None
        )
        if rel:
            collection.section = rel.split("/")[0]


def _jekyll_config(listing: Listing) -> str | None:
    """Jekyll's config file; `_posts/` for a Jekyll site without one; None for a
    repository that is no Jekyll site."""
    path = next(
        (p for p in ("_config.yml", "_config.yaml", "_config.toml") if listing.has(p)), None
    )
    if path is not None:
        return path
    # A Jekyll site may have no `_config.yml` (every setting at its default): its
    # `_posts/` beside `_layouts/`, or a Gemfile naming Jekyll, say what it is.
    gemfile = read_text(listing, "Gemfile") or ""
    has_posts = any(f.startswith("_posts/") for f in listing.files)
    if not has_posts or not (
        any(f.startswith("_layouts/") for f in listing.files)
        or "jekyll" in gemfile
        or "github-pages" in gemfile
    ):
        return None
    return "_posts/"


def _jekyll(listing: Listing, shape: Shape) -> bool:
    path = _jekyll_config(listing)
    if path is None:
        return False
    data = read_data(listing, path) if path.endswith((".yml", ".yaml", ".toml")) else {}
    if data is None:
        shape.detected.append(unreadable(path))
    if not isinstance(data, dict):
        data = {}
    shape.generator = "Jekyll"
    shape.detected.append(
        f"Jekyll config: {path}" if path != "_posts/" else "Jekyll (no _config.yml: its defaults)"
    )
    if isinstance(data.get("title"), str):
        shape.site_name = data["title"]
    _jekyll_site_url(listing, data, shape)
    permalink = data.get("permalink")
    shape.jekyll_permalink = permalink if isinstance(permalink, str) else "date"
    if not shape.collections:
        shape.collections += _jekyll_posts(listing)
    for folder in ("_drafts",):
        if listing.under(folder):
            shape.drafts_folders.append(folder)
    for name in ("authors.yml", "authors.yaml", "authors.json"):
        if listing.has(f"_data/{name}"):
            shape.authors_files.append(f"_data/{name}")
    # Jekyll publishes every file outside `_` and `.` folders at its own path.
    shape.media.append(Media("", "/", path + " (files outside `_` folders)"))
    return True


def _jekyll_posts(listing: Listing) -> list[Collection]:
    """Jekyll's posts folders: `_posts/`, and the `_posts/` of each category folder."""
    folders = sorted(
        {
            posixpath.dirname(f)
            for f in listing.files
            if (f.startswith("_posts/") or "/_posts/" in f) and is_post_file(f)
        }
    )
    roots = sorted(
        {f.split("/_posts")[0] + "/_posts" if "/_posts" in f else "_posts" for f in folders}
    )
    return [Collection(root, f"Jekyll's {root}/") for root in roots]


def _jekyll_site_url(listing: Listing, data: dict[str, Any], shape: Shape) -> None:
    """The old site's URL and path prefix: Jekyll's `url` (else GitHub Pages' custom
    domain, `CNAME`) and `baseurl`."""
    url = data.get("url") if isinstance(data.get("url"), str) else None
    cname = (read_text(listing, "CNAME", 300) or "").strip()
    if url is None and cname and "\n" not in cname and " " not in cname:
        url = f"https://{cname}/"  # GitHub Pages' custom domain
    base: str = data["baseurl"] if isinstance(data.get("baseurl"), str) else ""
    if url:
        shape.site_url = url.rstrip("/") + _prefix(base) if base.strip("/") else url
    shape.base_path = _prefix(base) if base.strip("/") else "/"


def _javascript_config(listing: Listing) -> tuple[str, str] | None:
    """(config file, generator) of a JavaScript site generator the repository uses."""
    configs = [
        ("astro.config.mjs", "Astro"),
        ("astro.config.ts", "Astro"),
        ("astro.config.js", "Astro"),
        ("next.config.js", "Next.js"),
        ("next.config.mjs", "Next.js"),
        ("next.config.ts", "Next.js"),
        ("gatsby-config.js", "Gatsby"),
        ("gatsby-config.ts", "Gatsby"),
        (".eleventy.js", "Eleventy"),
        ("eleventy.config.js", "Eleventy"),
    ]
    found = next(((p, name) for p, name in configs if listing.has(p)), None)
    if found is None and listing.has("package.json"):
        text = read_text(listing, "package.json") or ""
        for needle, name in (
            ('"next"', "Next.js"),
            ('"astro"', "Astro"),
            ('"gatsby"', "Gatsby"),
            ('"@11ty/eleventy"', "Eleventy"),
        ):
            if needle in text:
                found = ("package.json", name)
                break
    return found


def _javascript(listing: Listing, shape: Shape) -> None:
    found = _javascript_config(listing)
    if found is None:
        return
    path, name = found
    shape.generator = name
    shape.detected.append(f"{name}: {path}")
    text = read_text(listing, path) or ""
    if name == "Eleventy":
        source = re.search(r"""\binput\s*:\s*["'`]([^"'`\n]{1,200})["'`]""", text)
        shape.eleventy_input = _folder(source.group(1)) if source else ""
    site = re.search(r"""\bsite\s*:\s*["'`](https?://[^"'`\s]{1,300})["'`]""", text)
    if site:
        shape.site_url = site.group(1)
    site = site or re.search(r"""\bsiteUrl\s*:\s*["'`](https?://[^"'`\s]{1,300})["'`]""", text)
    if site:
        shape.site_url = site.group(1)
    site_name = re.search(r"""\btitle\s*:\s*["'`]([^"'`\n]{1,200})["'`]""", text)
    if site_name and name == "Gatsby":
        shape.site_name = site_name.group(1)
    for folder in ("public", "static"):
        if listing.under(folder) and not any(m.folder.startswith(folder) for m in shape.media):
            shape.media.append(Media(folder, "/", f"{path} ({folder}/ is served at /)"))


def _route_prefix(listing: Listing) -> str | None:
    """The old URL prefix of posts from a dynamic route file: `pages/blog/[slug].js`,
    `app/blog/[slug]/page.tsx`, `src/pages/blog/[...slug].astro` → `/blog/`."""
    pattern = re.compile(
        r"^(?:src/)?(?:pages|app)/(?P<prefix>(?:[\w-]+/)*)\[(?:\.\.\.)?\w+\](?:/page)?\.(?:jsx?|tsx?|astro|mdx)$"
    )
    counts: Counter[str] = Counter()
    for path in listing.files:
        match = pattern.match(path)
        if match:
            counts[match["prefix"]] += 1
    if not counts:
        return None
    prefix = max(counts, key=lambda p: (len(p) > 0, -len(p)))
    return "/" + prefix


def _most_posts(listing: Listing, under: str = "", depth: int | None = None) -> str | None:
    """The folder holding most dated Markdown files (a file is dated by its name or a
    date key in its first lines); `depth`: how many levels below `under` to group."""
    counts: Counter[str] = Counter()
    for path in listing.under(under):
        if not is_post_file(path) or path.startswith(("_drafts/", ".")):
            continue
        folder = posixpath.dirname(path)
        name = posixpath.basename(path)
        if name.lower() == "index.md" or name.lower() == "index.mdx":
            folder = posixpath.dirname(folder)  # a folder per post
        if depth is not None:
            rel = folder[len(under) + 1 :] if under and folder.startswith(under + "/") else folder
            if rel and under:
                folder = posixpath.join(under, *rel.split("/")[:depth])
        if _DATED_NAME_RE.match(name) or _dated(listing, path):
            counts[folder] += 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda f: counts[f])


def _dated(listing: Listing, path: str) -> bool:
    head = read_text(listing, path, limit=64 * 1024)
    return bool(head and _DATE_KEY_RE.search(head[:4000]))


def detect(
    listing: Listing, posts: str | None = None, media: list[tuple[str, str]] | None = None
) -> Shape:
    """The shape of the repository: its CMS, generator, posts and media folders."""
    shape = Shape()
    _decap(listing, shape)
    if shape.cms is None:
        _forestry(listing, shape)
    if shape.cms is None:
        _tina(listing, shape)
    if not _hugo(listing, shape) and not _jekyll(listing, shape):
        _javascript(listing, shape)
    _posts_collections(listing, shape, posts)
    if media:
        shape.media = [
            Media(_folder(folder), _prefix(prefix), "--media") for folder, prefix in media
        ]
    route = _route_prefix(listing)
    for collection in shape.collections:
        if collection.url_rule is None:
            collection.url_rule = _url_rule(listing, shape, collection, route)
    if shape.generator is None:
        shape.detected.append("no generator config found: posts found by the repository's shape")
    return shape


def _posts_collections(listing: Listing, shape: Shape, posts: str | None) -> None:
    """Keep the collections that hold the blog's posts; `posts` (`--posts`) replaces
    them; without any, the folder with most dated Markdown files is the one."""
    shape.collections = [c for c in shape.collections if _has_posts(listing, c.folder)]
    # A CMS's collection of pages (About, Contact: no date) is not the blog; a folder
    # that holds another collection's folder would bring its posts twice.
    pages = [c for c in shape.collections if not (c.dated or _mostly_dated(listing, c))]
    shape.collections = [c for c in shape.collections if c not in pages]
    for collection in pages:
        shape.detected.append(
            f"not imported as posts: {collection.folder}/ ({collection.origin}; "
            "its files have no dates: pages, not posts)"
        )
    shape.collections = [
        c
        for c in shape.collections
        if not any(
            o is not c
            and o.folder.startswith(c.folder + "/" if c.folder else "")
            and o.folder != c.folder
            for o in shape.collections
        )
    ]
    if posts is not None:
        shape.collections = [Collection(_folder(posts), "--posts")]
    if not shape.collections:
        best = _most_posts(listing)
        if best is not None:
            shape.collections.append(Collection(best, "the folder with most dated Markdown files"))


def _mostly_dated(listing: Listing, collection: Collection) -> bool:
    """Most of the collection's Markdown files carry a date (in the name or a key)."""
    files = [p for p in listing.under(collection.folder) if is_post_file(p)][:200]
    dated = sum(
        1 for p in files if _DATED_NAME_RE.match(posixpath.basename(p)) or _dated(listing, p)
    )
    return dated * 2 > len(files)


def _has_posts(listing: Listing, folder: str) -> bool:
    return any(is_post_file(p) for p in listing.under(folder))


_ELEVENTY_PERMALINK_RE = re.compile(r"""["']?permalink["']?\s*:\s*["'`]([^"'`\n]{1,300})["'`]""")
_ELEVENTY_TOKENS = (
    (re.compile(r"\{\{\s*page\.fileSlug\s*\}\}"), ":name"),
    (
        re.compile(r"\{\{\s*page\.date\s*\|\s*[\w]{0,40}[Dd]ate[\w]{0,40}\s*\}\}"),
        ":year/:month/:day",
    ),
    (
        re.compile(r"\{\{\s*page\.date\s*\|\s*date:\s*[\"']%Y/%m/%d[\"']\s*\}\}"),
        ":year/:month/:day",
    ),
    (re.compile(r"\{\{\s*(?:slug|title\s*\|\s*slug(?:ify)?)\s*\}\}"), ":slug"),
)


def eleventy_permalink(listing: Listing, folder: str) -> str | None:
    """The `permalink` of a folder's Eleventy data file (`posts/posts.11tydata.js`,
    `posts/posts.json`) as a URL rule; "" when there is one we cannot read, None when
    there is none."""
    name = posixpath.basename(folder)
    for ext in (".11tydata.js", ".11tydata.cjs", ".11tydata.json", ".json"):
        text = read_text(listing, f"{folder}/{name}{ext}", 256 * 1024)
        match = _ELEVENTY_PERMALINK_RE.search(text or "")
        if match:
            rule = match.group(1)
            for pattern, token in _ELEVENTY_TOKENS:
                rule = pattern.sub(token, rule)
            return "" if "{" in rule or "%" in rule else rule
    return None


def _url_rule(
    listing: Listing, shape: Shape, collection: Collection, route: str | None
) -> str | None:
    """The old site's URL template for a collection's posts, in Hugo-like tokens."""
    if shape.generator == "Hugo":
        if collection.section is None and collection.folder == shape.hugo_content:
            return shape.hugo_permalinks.get("page") or "/:slugorfilename/"
        section = collection.section or posixpath.basename(collection.folder)
        rule = shape.hugo_permalinks.get(section)
        return rule or f"/{section}/:slugorfilename/"
    if shape.generator == "Eleventy":
        written = eleventy_permalink(listing, collection.folder)
        if written is not None:
            return written or None  # "" : a template we cannot read, so unknown
        base = shape.eleventy_input or ""
        folder = collection.folder
        rel = folder[len(base) + 1 :] if base and folder.startswith(base + "/") else folder
        return f"/{rel}/:name/" if rel else "/:name/"
    if shape.generator == "Gatsby" and route is None:
        return f"/{posixpath.basename(collection.folder)}/:filename/"
    if shape.generator == "Jekyll":
        return jekyll_rule(shape.jekyll_permalink or "date")
    if route is not None:
        return route + ":slugorfilename/"
    return None


_JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def jekyll_rule(permalink: str) -> str:
    """A Jekyll permalink as a rule: a named style (`pretty`, `date`...) spelled out."""
    return _JEKYLL_STYLES.get(permalink.strip(), permalink.strip())


def lookup_text(data: dict[str, Any], path: str) -> str | None:
    """The text at `path` in `data`, or None when it is none or blank."""
    value = lookup(data, path)
    return value if isinstance(value, str) and value.strip() else None
