"""What an import copies where, and what the new project's `mkdocs.yml` says."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import unquote

from ..core import outputs
from ..core.mapping import KeyNames
from ..core.published import MEDIA_SUFFIXES
from ..core.text import slugify
from .detect import NOT_POSTS, POST_SUFFIXES, Collection, Shape, is_post_file
from .oldurls import DATE_KEYS, old_urls
from .repo import Listing, front_matter, lookup, read_data, read_text

COPIED_SUFFIXES = (*MEDIA_SUFFIXES, ".pdf")
# The words of a post that may be paths: split at spaces, quotes, brackets and `=`
# (linear; each word is then judged on its own).
_WORD_RE = re.compile(r"""[^\s"'()<>\[\]{}|\\^`=,]{1,400}""")
MAX_COPY_BYTES = 100 * 1024 * 1024  # a media file larger than this is named, not copied
MAX_ALIASES = 100  # old URLs per post past its own


def media_paths(text: str) -> tuple[list[str], list[str]]:
    """The media paths a post's text names: site paths (`/images/x.png`) and paths
    relative to the post (`./cover.jpg`, `../../assets/x.webp`)."""
    site: list[str] = []
    relative: list[str] = []
    for match in _WORD_RE.finditer(text):
        word = match.group().rstrip(".;:!?")
        if not word.lower().endswith(COPIED_SUFFIXES) or len(word) > 300:
            continue
        if word.startswith("/"):
            if not word.startswith("//"):
                site.append(word)
        elif ":" not in word and "\\" not in word:
            relative.append(word)
    return site, relative


MAX_POST_BYTES = 1024 * 1024  # larger is no post (the build's own limit is 256 KB)

# Known names of each field, in the order they are tried when several are present.
# Names of each field found in old sites beyond the build's own defaults (`KeyNames`).
_MORE_NAMES: dict[str, tuple[str, ...]] = {
    "author": ("postauthors", "writer", "by"),
    "summary": ("abstract",),
    "description": ("metaDescription", "seo_description", "meta.description", "og_description"),
    "thumbnail": (
        "feature_image",
        "featureImage",
        "cover.image",
        "opengraph.image.url",
        "header.image",
        "header.teaser",
        "image.path",
        "image.src",
        "image.url",
    ),
    "tags": ("keywords", "topics"),
}


def _field_names() -> dict[str, tuple[str, ...]]:
    """Per field, every key name the import looks for, in the order they are tried:
    the build's defaults first (one list, in `core/mapping.py`), then the extra ones."""
    names: dict[str, tuple[str, ...]] = {}
    for name in (
        "title",
        "date",
        "author",
        "summary",
        "description",
        "thumbnail",
        "tags",
        "slug",
        "draft",
        "expiry",
    ):
        own = DATE_KEYS if name == "date" else getattr(KeyNames, name)
        extra = _MORE_NAMES.get(name, ())
        names[name] = tuple(k for k in (*own, *extra) if not k.startswith("not "))
    return names


# Known names of each field, in the order they are tried when several are present.
FIELD_NAMES = _field_names()
DEFAULT_KEYS = {"title": ["title"], "slug": ["slug"], "draft": ["draft"]}


@dataclass
class PostPlan:
    """One post to copy: from where, to where, and its old URLs."""

    source: str  # repository-relative
    dest: str  # relative to the posts folder (`.mdx` and such renamed `.md`)
    data: dict[str, Any]
    old_urls: list[str]
    draft: bool = False


@dataclass
class Plan:
    """Everything the import writes: posts, drafts, media, authors and fields."""

    shape: Shape
    posts: list[PostPlan] = field(default_factory=list)
    drafts: list[tuple[str, str]] = field(default_factory=list)  # source, DEST-relative
    skipped: list[tuple[str, str]] = field(default_factory=list)  # source, why
    media: dict[str, str] = field(default_factory=dict)  # docs-relative dest -> source
    post_media: dict[str, str] = field(default_factory=dict)  # posts-folder-relative -> source
    media_folded: dict[str, str] = field(default_factory=dict)  # collision key -> dest
    refused: list[tuple[str, str]] = field(default_factory=list)  # source, a dest outside
    media_clashes: list[tuple[str, str, str]] = field(default_factory=list)
    authors: dict[str, dict[str, str]] = field(default_factory=dict)
    authors_from: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)
    media_prefix: str | None = None
    blog_dir: str = "blog"
    post_url_format: str = "{slug}"
    post_url_date_format: str | None = None
    blog_title: str = "Blog"
    notes: list[str] = field(default_factory=list)  # for a human, `file:line: text`

    def media_prefix_guess(self) -> str | None:
        """Where bare media file names live: the CMS's public folder, else the first
        media folder's URL."""
        return self.media_prefix or (self.shape.media[0].prefix if self.shape.media else None)


def _leaf_paths(data: Any, prefix: str = "", depth: int = 0) -> list[str]:
    if not isinstance(data, dict) or depth > 3:
        return []
    paths = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        paths.append(path)
        paths += _leaf_paths(value, path + ".", depth + 1)
    return paths


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


# The values a field may hold: `published: false` is not a date, `image: {...}` may be.
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "date": (str, date, int),
    "expiry": (str, date, int),
    "title": (str, int, float),
    "summary": (str,),
    "description": (str,),
    "thumbnail": (str, list, dict),
    "author": (str, list, dict),
    "tags": (str, list),
    "slug": (str, int),
    "draft": (bool,),
}


def _fits(name: str, value: Any) -> bool:
    kinds = _FIELD_TYPES.get(name, (object,))
    return isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)


def infer_fields(posts: list[dict[str, Any]], hints: dict[str, list[str]]) -> dict[str, list[str]]:
    """Per field, the keys these posts use with a value of the field's kind, most used
    first (a CMS's hints first)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FIELD_NAMES}
    for data in posts:
        for path in set(_leaf_paths(data)):
            value = lookup(data, path)
            if not _empty(value):
                for name in FIELD_NAMES:
                    counts[name][path] += _fits(name, value)
    chosen: dict[str, list[str]] = {}
    for name, known in FIELD_NAMES.items():
        seen = counts[name]
        keys = [k for k in hints.get(name, []) if seen[k]]
        keys += sorted(
            (k for k in known if seen[k] and k not in keys),
            key=lambda k: (-seen[k], known.index(k)),
        )
        if keys and keys != DEFAULT_KEYS.get(name):
            chosen[name] = keys
    return chosen


def _dest_name(rel: str) -> str:
    """`.mdx` and other Markdown suffixes become `.md` (same bytes): MkDocs reads `.md`."""
    stem, dot, suffix = rel.rpartition(".")
    return f"{stem}.md" if dot and "." + suffix.lower() in POST_SUFFIXES else rel


@dataclass
class _Planning:
    """What `make_plan` keeps while it goes through the collections."""

    plan: Plan
    taken: dict[str, str] = field(default_factory=dict)  # docs-relative dest (folded) -> source
    planned: set[str] = field(default_factory=set)  # sources planned (collections may overlap)
    used: set[str] = field(default_factory=set)  # site paths the posts name (`/images/x.png`)
    # (post source, its dest, a path relative to the post)
    relative: list[tuple[str, str, str]] = field(default_factory=list)


def make_plan(listing: Listing, shape: Shape) -> Plan:
    """What to copy where for the repository's `shape`."""
    state = _Planning(Plan(shape))
    plan = state.plan
    for collection in shape.collections:
        _plan_collection(listing, collection, state)
    _plan_drafts(listing, plan)
    _plan_media_folders(listing, plan)
    _plan_named_media(listing, plan, state.used, state.planned)
    plan.fields = infer_fields([p.data for p in plan.posts], _merged_hints(shape))
    prefixes = [c.media_prefix for c in shape.collections if c.media_prefix]
    plan.media_prefix = prefixes[0] if prefixes else None
    _authors(listing, plan)
    _url_format(plan)
    _relative_media(listing, plan, state.relative, state.planned)
    _post_media_clashes(plan)
    return plan


def _plan_collection(listing: Listing, collection: Collection, state: _Planning) -> None:
    """The files of one collection: its posts, the media beside them, what is skipped."""
    plan, planned = state.plan, state.planned
    prefix = collection.folder + "/" if collection.folder else ""
    for path in [*listing.links, *listing.special]:
        if path.startswith(prefix) and path not in planned:
            planned.add(path)
            what = "a link" if path in listing.links else "not a regular file"
            plan.skipped.append((path, f"{what}: never followed or read, not copied"))
    for path in listing.under(collection.folder):
        rel = path[len(collection.folder) + 1 :] if collection.folder else path
        if path in planned or (not collection.recursive and "/" in rel):
            continue
        planned.add(path)
        name = posixpath.basename(path).lower()
        why = _not_copied(rel, name, listing.sizes.get(path, 0))
        if why is not None:
            plan.skipped.append((path, why))
        elif name.endswith(POST_SUFFIXES):
            _plan_post(listing, collection, path, rel, state)
        elif name.endswith(COPIED_SUFFIXES):
            plan.post_media[rel] = path


def _not_copied(rel: str, name: str, size: int) -> str | None:
    """Why a file of a posts folder is not copied (its path `rel` in the folder, its
    lower-case `name`, its `size`); None when nothing keeps it out."""
    if outputs.normal(_dest_name(rel)) != _dest_name(rel) or any(
        outputs.unsafe_segment(part) for part in rel.split("/")
    ):
        return (
            "its name cannot be a file of the site (a backslash, a control "
            "character, or longer than 200 bytes): not copied; rename it"
        )
    if size > (MAX_POST_BYTES if name.endswith(POST_SUFFIXES) else MAX_COPY_BYTES):
        return (
            f"{size // 1024 // 1024:,} MB, larger than any post or media file "
            "a site serves: not copied"
        )
    if name.startswith(".") and name.endswith(POST_SUFFIXES):
        return "a hidden file (its name starts with `.`)"
    return None


def _plan_post(
    listing: Listing, collection: Collection, path: str, rel: str, state: _Planning
) -> None:
    """A post file of a collection: planned as a post with its old URLs, or skipped (a
    section page, a name another post took)."""
    plan = state.plan
    name = posixpath.basename(path).lower()
    if name in NOT_POSTS or (name.startswith("index.") and "/" not in rel):
        plan.skipped.append((path, _section_page(listing, path, name, plan)))
        return
    dest = _dest_name(rel)
    if dest.lower() in state.taken:
        plan.skipped.append((path, f"its name is taken by {state.taken[dest.lower()]}"))
        return
    state.taken[dest.lower()] = path
    text = read_text(listing, path, MAX_POST_BYTES) or ""
    data = front_matter(text)[0]
    site_paths, relative_paths = media_paths(text)
    state.used.update(site_paths)
    state.relative.extend((path, dest, ref) for ref in relative_paths)
    urls = old_urls(collection.url_rule, plan.shape, data, path, collection.section)
    draft = data.get("draft") is True or data.get("published") is False
    plan.posts.append(PostPlan(path, dest, data, urls, draft))


def _section_page(listing: Listing, path: str, name: str, plan: Plan) -> str:
    """Why a section page (`_index.md`, `index.md`...) is not copied; Hugo's `_index.md`
    gives the blog its title."""
    if name in NOT_POSTS[1:]:
        return "not a post"
    if name == "_index.md":
        text = read_text(listing, path) or ""
        title = front_matter(text)[0].get("title")
        if isinstance(title, str) and title.strip():
            plan.blog_title = title.strip()
    return "a section page of the old site, not a post"


def _plan_drafts(listing: Listing, plan: Plan) -> None:
    """The posts of the drafts folders, kept out of the site under `drafts/`."""
    for folder in plan.shape.drafts_folders:
        for path in listing.under(folder):
            if is_post_file(path):
                plan.drafts.append((path, posixpath.join("drafts", path[len(folder) + 1 :])))


def _plan_media_folders(listing: Listing, plan: Plan) -> None:
    """The files of the media folders at their public paths (a posts folder's files are
    copied with it)."""
    post_folders = [c.folder for c in plan.shape.collections]
    for media in plan.shape.media:
        for path in listing.under(media.folder):
            if not path.lower().endswith(COPIED_SUFFIXES):
                continue
            if media.folder == "" and (path.startswith(("_", ".")) or "/_" in path or "/." in path):
                continue  # Jekyll publishes no `_` or `.` folder
            if any(path.startswith(f + "/") for f in post_folders if f):
                continue
            rel = path[len(media.folder) + 1 :] if media.folder else path
            _add_media(plan, posixpath.join(media.prefix.strip("/"), rel).lstrip("/"), path)


def _plan_named_media(listing: Listing, plan: Plan, used: set[str], planned: set[str]) -> None:
    """A file a post names by its site path that no media folder brought (Eleventy's
    passthrough copies, a theme's folder): found at that path in the repository, or
    under a folder generators serve at the root."""
    for site_path in sorted(used):
        rel = unquote(site_path).lstrip("/")
        if outputs.normal(rel) is None or outputs.collision_key(rel) in plan.media_folded:
            continue
        for root in ("", "static/", "public/", "src/", "assets/", "src/assets/"):
            if listing.has(root + rel) and (root + rel) not in planned:
                _add_media(plan, rel, root + rel)
                break


def _post_media_clashes(plan: Plan) -> None:
    """A file beside the posts wins over a media file of the same public path, which is
    named as not copied."""
    posts_dir = f"{plan.blog_dir.strip('/')}/posts"
    for rel, source in plan.post_media.items():
        known = plan.media_folded.pop(outputs.collision_key(f"{posts_dir}/{rel}"), None)
        if known is not None:  # the post's own file wins; the other is named
            plan.media_clashes.append((plan.media.pop(known), source, f"{posts_dir}/{rel}"))


def _relative_media(
    listing: Listing, plan: Plan, found: list[tuple[str, str, str]], planned: set[str]
) -> None:
    """A file a post names relative to itself (`../../assets/x.webp`, `./cover.jpg`)
    goes where the same relative path leads from the post's new place."""
    posts_dir = f"{plan.blog_dir.strip('/')}/posts"
    for source, dest, ref in found:
        ref = unquote(ref.split("#", 1)[0].split("?", 1)[0])
        origin = posixpath.normpath(posixpath.join(posixpath.dirname(source), ref))
        if origin.startswith("../") or not listing.has(origin) or origin in planned:
            continue
        target = posixpath.normpath(posixpath.join(posts_dir, posixpath.dirname(dest), ref))
        if (
            posixpath.normpath(posixpath.join(posts_dir, posixpath.dirname(dest)))
            == posixpath.dirname(target)
            and origin in plan.post_media.values()
        ):
            continue  # beside the post already, copied with the posts folder
        _add_media(plan, target, origin)


def _merged_hints(shape: Shape) -> dict[str, list[str]]:
    hints: dict[str, list[str]] = {}
    for collection in shape.collections:
        for name, keys in collection.fields.items():
            hints.setdefault(name, []).extend(k for k in keys if k not in hints.get(name, []))
    return hints


def _add_media(plan: Plan, dest: str, source: str) -> None:
    """Copy `source` to docs/`dest`, unless `dest` leaves docs/ (a CMS config's
    `public_folder: ../x`, a hostile `--media`) or another file has it."""
    normal = outputs.normal(dest)
    if normal is None:
        plan.refused.append((source, dest))
        return
    dest = normal
    if dest.startswith(("assets/masthead/", "assets/javascripts/", "assets/stylesheets/")):
        dest = "media/" + dest  # never over the theme's own files
    known = plan.media_folded.get(outputs.collision_key(dest))
    if known is not None:
        if plan.media[known] != source:  # two folders publish one file: copied once
            plan.media_clashes.append((source, plan.media[known], dest))
        return
    plan.media[dest] = source
    plan.media_folded[outputs.collision_key(dest)] = dest


def _url_format(plan: Plan) -> None:
    """The blog folder and Material's `post_url_format` that keep most old URLs as they
    were; the others get redirect pages."""
    firsts = [p.old_urls[0] for p in plan.posts if p.old_urls]
    if not firsts:
        # No old URL to keep: the file name is unique per post (two titles may not be),
        # unless posts are folders (`x/index.md`), whose file names are all `index`.
        if not any(posixpath.basename(p.dest) == "index.md" for p in plan.posts):
            plan.post_url_format = "{file}"
        _slugs_unused(plan)
        return
    tops = Counter(u.strip("/").split("/")[0] for u in firsts if u.strip("/").count("/") >= 1)
    if tops:
        top, count = tops.most_common(1)[0]
        if (
            count * 2 >= len(firsts)
            and slugify(top) == top
            and not top.isdigit()
            and top not in ("assets", "search")
        ):
            plan.blog_dir = top
    prefix = "/" + plan.blog_dir + "/"
    rests = [u[len(prefix) :].strip("/").split("/") for u in firsts if u.startswith(prefix)]
    dated = Counter(sum(1 for part in r[:-1] if part.isdigit()) for r in rests if len(r) > 1)
    if dated and dated.most_common(1)[0][0] and dated.most_common(1)[0][1] * 2 > len(firsts):
        plan.post_url_format = "{date}/{slug}"
        plan.post_url_date_format = {1: "yyyy", 2: "yyyy/MM"}.get(dated.most_common(1)[0][0])
    # `{file}` (the file name) or `{slug}` (the slug, else the title): whichever the old
    # last segments match more often.
    votes: Counter[str] = Counter()
    for post in plan.posts:
        if not post.old_urls:
            continue
        last = post.old_urls[0].rstrip("/").rsplit("/", 1)[-1]
        stem = posixpath.basename(post.dest).rsplit(".", 1)[0]
        slug = post.data.get("slug") or slugify(str(post.data.get("title") or ""))
        votes["{file}"] += last == stem
        votes["{slug}"] += last == slug
    if votes["{file}"] > votes["{slug}"]:
        plan.post_url_format = plan.post_url_format.replace("{slug}", "{file}")
    # Two posts of one title (a series, a recurring award) would share a URL: the file
    # names tell them apart (the old URLs get redirects as before).
    bundles = any(posixpath.basename(p.dest) == "index.md" for p in plan.posts)
    if "{slug}" in plan.post_url_format and not bundles and not _slugs_unique(plan):
        plan.post_url_format = plan.post_url_format.replace("{slug}", "{file}")
    _slugs_unused(plan)


def _slugs_unique(plan: Plan) -> bool:
    """Whether the posts' slugs (as Material makes them: `slug:`, else the title),
    with their dates when the URL holds one, are all different."""
    seen: set[tuple[str, str]] = set()
    dated = "{date}" in plan.post_url_format
    for post in plan.posts:
        slug = str(post.data.get("slug") or slugify(str(post.data.get("title") or "")))[:80]
        day = str(post.data.get("date", ""))[:10] if dated else ""
        if (slug, day) in seen:
            return False
        seen.add((slug, day))
    return True


def _slugs_unused(plan: Plan) -> None:
    """Where the new URLs use file names, a post's `slug:` is not read at all (Hugo's
    `:filename` permalinks ignore it too): `slug: /TDD` is then no error to fix."""
    if "{slug}" not in plan.post_url_format and any("slug" in p.data for p in plan.posts):
        plan.fields["slug"] = []


_AUTHOR_NAME_KEYS = ("name", "display_name", "displayName", "title", "fullname", "full_name")
_AUTHOR_BIO_KEYS = ("bio", "description", "about", "summary")
_AUTHOR_AVATAR_KEYS = ("avatar", "image", "photo", "picture", "thumbnail", "img")
_AUTHOR_URL_KEYS = ("url", "website", "web", "homepage", "link", "site")


def _authors(listing: Listing, plan: Plan) -> None:
    """The authors of the repository's author data files, as `.authors.yml` entries."""
    for path in plan.shape.authors_files:
        data = read_data(listing, path)
        if data is None:
            plan.notes.append(
                f"{path}:1: the author data could not be read (not valid YAML, TOML or JSON, "
                "or too large); authors named in posts are registered by the build"
            )
        added = 0
        for author_id, entry in _author_entries(path, data):
            if not isinstance(entry, dict):
                continue
            name = next(
                (entry[k] for k in _AUTHOR_NAME_KEYS if isinstance(entry.get(k), str)), None
            )
            if not author_id or not name:
                continue
            reason = outputs.unsafe_segment(author_id.strip())
            if reason is not None or not author_id.isprintable():
                plan.notes.append(
                    f"{path}:1: the author id {author_id!r} cannot be part of a URL "
                    f"({reason or 'a control character'}); it is left out of .authors.yml"
                )
                continue
            plan.authors.setdefault(author_id.strip(), _material_author(entry, name, plan))
            added += 1
        if added:
            plan.authors_from.append(path)


def _author_entries(path: str, data: Any) -> list[tuple[str, Any]]:
    """(id, entry) of each author in the data of the file `path`: a mapping by id, a
    list of entries with an `id` or `name`, or one author's file (`data/authors/<id>.yml`)."""
    if path.count("/") >= 2 and isinstance(data, dict):  # data/authors/<id>.yml
        data = {posixpath.splitext(posixpath.basename(path))[0]: data}
    if isinstance(data, dict):
        return [(str(k), v) for k, v in data.items()]
    if isinstance(data, list):
        return [(str(v.get("id") or v.get("name") or ""), v) for v in data if isinstance(v, dict)]
    return []


def _material_author(entry: dict[str, Any], name: str, plan: Plan) -> dict[str, str]:
    """An author entry as Material's `.authors.yml` writes it."""
    material: dict[str, str] = {"name": name.strip()}
    bio = next((entry[k] for k in _AUTHOR_BIO_KEYS if isinstance(entry.get(k), str)), None)
    material["description"] = bio.strip() if bio else ""
    avatar = _author_avatar(entry, plan)
    if avatar is not None:
        material["avatar"] = avatar
    url = _author_url(entry)
    if url is not None:
        material["url"] = url
    return material


def _author_avatar(entry: dict[str, Any], plan: Plan) -> str | None:
    """The author's picture as Material reads it (None when the entry has none): a bare
    file name under the media folder, a site path relative to the docs folder."""
    avatar: str | None = next(
        (entry[k] for k in _AUTHOR_AVATAR_KEYS if isinstance(entry.get(k), str)), None
    )
    if not avatar or not avatar.strip():
        return None
    avatar = avatar.strip()
    if "/" not in avatar and plan.media_prefix_guess():
        avatar = (plan.media_prefix_guess() or "") + avatar
    if avatar.startswith("/") and not avatar.startswith("//"):
        # Material prints it through MkDocs' `url` filter, which makes a
        # docs path relative to each page; `/x` would break under a sub-path.
        avatar = avatar.lstrip("/")
    return avatar


def _author_url(entry: dict[str, Any]) -> str | None:
    """The author's web page: the entry's own, else their Twitter profile (None: none)."""
    url: str | None = next(
        (entry[k] for k in _AUTHOR_URL_KEYS if isinstance(entry.get(k), str)), None
    )
    twitter = entry.get("twitter")
    if not url and isinstance(twitter, str) and twitter.strip():
        url = "https://twitter.com/" + twitter.strip().lstrip("@")
    return url.strip() if url and url.strip() else None
