"""One catalogue of posts per build: every post read and parsed once, shared by all parts."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

import yaml

from . import limits, published, shortcodes, source, yamlmeta
from .authors import Author, AuthorRegistry, load_authors_file
from .embeds import EmbedPolicy
from .mapping import (
    KeyNames,
    MappedMeta,
    map_front_matter,
    resolve_reference,
    with_media_prefix,
)
from .newpost import find_placeholders
from .outputs import web_url
from .problems import Finding, Level, Levels, Problem, place
from .safety import unreadable_urls, unsafe_html
from .summary import LIMIT
from .svg import svg_problems
from .text import cut_slug, html_text, markup_text, tidy

MARKDOWN_SUFFIXES = published.MARKDOWN_SUFFIXES
MAX_SITE_FILE_BYTES = 2 * 2**20  # an authors or tags file larger than this is refused


_UNREADABLE = {
    "empty-file",
    "front-matter-unclosed",
    "yaml-invalid",
    "yaml-too-large",
    "front-matter-not-mapping",
}


@dataclass(frozen=True)
class Settings:
    """The options the core needs, from `mkdocs.yml` (plugin) or the same file (CLI)."""

    keys: KeyNames = field(default_factory=KeyNames)
    zone: tzinfo = UTC
    authors_required: bool = False
    summary_length: int = LIMIT
    levels: Levels = field(default_factory=Levels)
    default_avatar: str = "assets/masthead/avatar.svg"
    sanitize: bool = True  # post HTML is sanitized (see core/safety.py)
    embeds: EmbedPolicy = field(default_factory=EmbedPolicy)  # iframes: core/embeds.py
    max_post_bytes: int = 256 * 1024  # larger posts are refused, unparsed (core/limits.py)
    # A longer line or paragraph, or deeper lists, quotes, brackets or open tags: the
    # post is refused before Python-Markdown reads it (see core/limits.py).
    max_line_chars: int = limits.MAX_LINE_CHARS
    max_paragraph_chars: int = limits.MAX_PARAGRAPH_CHARS
    max_depth: int = limits.MAX_DEPTH
    max_title: int = 200  # characters; longer titles are cut (and warned about)
    # Hugo shortcodes, Liquid and MDX in bodies become Markdown (core/shortcodes.py).
    shortcodes: bool = True
    # Bare file names of thumbnails (`x.png`, no folder) are under this folder
    # (`/images/uploads/`); empty: beside the post, as any relative path.
    media_prefix: str = ""


@dataclass
class Parsed:
    """What a post file says, before anything about the rest of the site is known."""

    front: yamlmeta.FrontMatter
    body: str
    meta: MappedMeta
    findings: list[Finding]
    body_line: int = 1  # file line where the body starts

    @property
    def markdown_line(self) -> int:
        """File line of the first line of the Markdown MkDocs hands to plugins (the body
        without its leading blank lines)."""
        return self.body_line + len(self.body) - len(self.body.lstrip("\n"))


@dataclass
class Post:
    """One post of the site: where it is, what it maps to, its problems."""

    src_uri: str  # docs-relative, `/`-separated
    path: str  # as shown in messages: relative to the project folder
    abs_path: str
    parsed: Parsed
    author_ids: list[str] = field(default_factory=list)
    thumbnail: str | None = None  # docs-relative path of a local thumbnail
    thumbnail_external: str | None = None  # http(s) URL of a remote one
    problems: list[Problem] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)  # keys found wrong once the site is known
    expired: bool = False  # its expiry date has passed: retired like a draft

    @property
    def meta(self) -> MappedMeta:
        """The post's mapped fields."""
        return self.parsed.meta

    @property
    def has_errors(self) -> bool:
        """Whether any of the post's problems is at error level."""
        return any(p.level is Level.ERROR for p in self.problems)

    def line(self, field_name: str) -> int:
        """File line of the key a field came from (a nested key's own line)."""
        line = self.meta.lines.get(field_name)
        return line if line is not None else self.parsed.front.line(self.meta.key.get(field_name))


class ParseCache:
    """Parsed posts by file path, kept while the file's size and mtime stay the same.

    Owned by a plugin instance, so it outlives `serve` rebuilds; the catalogue itself
    does not.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int, int, Settings], Parsed]] = {}

    def get(self, abs_path: str, stamp: tuple[int, int, int, Settings]) -> Parsed | None:
        """The parse of `abs_path` if it was made for the same `stamp`."""
        entry = self._entries.get(abs_path)
        return entry[1] if entry and entry[0] == stamp else None

    def put(self, abs_path: str, stamp: tuple[int, int, int, Settings], parsed: Parsed) -> None:
        """Keep the parse of `abs_path` for `stamp` (size, mtime, ctime, settings)."""
        self._entries[abs_path] = (stamp, parsed)


def parse_post(raw: bytes, filename: str, settings: Settings) -> Parsed:
    """Bytes of one post to its mapped fields and findings. Pure."""
    findings: list[Finding] = []
    if len(raw) > settings.max_post_bytes:
        return refused_post(too_large(len(raw), settings.max_post_bytes))
    if not raw.strip():
        findings.append(
            Finding("empty-file", 1, "the file is empty", "write the post, or delete the file")
        )
    text, decoding = source.decode(raw)
    findings += decoding
    findings += find_placeholders(text)
    split = source.split(text)
    findings += split.findings
    # Shapes that would take Python-Markdown minutes: refused, unparsed, unless the site
    # lowered the check's level.
    shape = limits.check(
        split.body,
        split.body_line,
        max_line_chars=settings.max_line_chars,
        max_paragraph_chars=settings.max_paragraph_chars,
        max_depth=settings.max_depth,
    )
    if any(settings.levels[f.code] is Level.ERROR for f in shape):
        empty = yamlmeta.FrontMatter({}, {}, {})
        return Parsed(empty, "", MappedMeta(), [*findings, *shape])
    findings += shape
    if split.front_matter is None and not split.findings and text.strip():
        findings.append(
            Finding(
                "front-matter-missing",
                1,
                "the post has no front matter",
                "start the file with `---`, then `title:` and `date:` lines, then `---`",
            )
        )
    parse_front = yamlmeta.parse_toml if split.kind == "toml" else yamlmeta.parse
    front = parse_front(split.front_matter or "", split.front_matter_line)
    findings += front.findings
    # What Material renders and the summary is made from: the body with other
    # generators' syntax translated (lines kept, so findings keep their file lines).
    body = split.body
    if settings.shortcodes:
        translation = shortcodes.translate(body, front.data)
        body = translation.markdown
        findings += [
            Finding(f.code, split.body_line + f.line, f.message, f.fix)
            for f in translation.findings
        ]
    meta, mapped = map_front_matter(
        front,
        body=body,
        filename=filename,
        keys=settings.keys,
        zone=settings.zone,
        summary_length=settings.summary_length,
    )
    # When the front matter cannot be read at all, missing title or date are only its
    # consequences: one clear message about the cause is better than three.
    if not any(f.code in _UNREADABLE for f in findings):
        findings += mapped
    if meta.title is not None and len(meta.title) > settings.max_title:
        findings.append(
            Finding(
                "title-too-long",
                front.line(meta.key.get("title")),
                f"the title is {len(meta.title):,} characters long; it is cut to "
                f"{settings.max_title}",
                "write a shorter title (under 70 characters reads best)",
            )
        )
        meta.title = meta.title[: settings.max_title - 1].rstrip() + "…"
    body_start = split.body_line + len(body) - len(body.lstrip("\n"))
    findings += [
        Finding(f.code, body_start + f.line, f.message, f.fix)
        for f in [
            *unsafe_html(body.lstrip("\n"), removed=settings.sanitize, embeds=settings.embeds),
            *unreadable_urls(body.lstrip("\n")),
        ]
    ]
    return Parsed(front, body, meta, findings, split.body_line)


def not_posts(uris: list[str], post_dir: str) -> dict[str, Finding]:
    """The Markdown files of a posts folder that are not posts, with why: a Hugo
    section page (`_index.md`), the index of a folder of posts (`index.md` in the
    posts folder itself or beside other posts; alone in its folder it is a Hugo page
    bundle, a post), a README. Names in any case."""
    root = post_dir.strip("/")
    folders: dict[str, int] = {}  # folder -> Markdown files in it and below
    for uri in uris:
        stem = posixpath.splitext(posixpath.basename(uri))[0].lower()
        if stem == "index" or stem.startswith("index."):
            continue  # a bundle's page and its translations (`index.en.md`): one post
        folder = posixpath.dirname(uri)
        while folder and folder != root:
            folders[folder] = folders.get(folder, 0) + 1
            folder = posixpath.dirname(folder)
    found: dict[str, Finding] = {}
    for uri in uris:
        stem = posixpath.splitext(posixpath.basename(uri))[0].lower()
        folder = posixpath.dirname(uri)
        if stem == "readme":
            what = "a README"
        elif stem == "_index" or (
            stem == "index" and (folder == root or folders.get(folder, 0) > 0)
        ):
            what = "a section page of the old site"
        else:
            continue
        found[uri] = Finding(
            "not-a-post",
            1,
            f"this is {what}, not a post; it is left out",
            "delete it or move it out of the posts folder",
        )
    return found


def too_large(size: int, limit: int) -> Finding:
    """Refused before decoding: a 10 MB post would stall the build for minutes."""
    return Finding(
        "post-too-large",
        1,
        f"the post is {-(-size // 1024):,} KB, more than the {limit // 1024:,} KB limit",
        "split it into several posts (an image embedded as `data:` goes in a file instead)",
    )


def refused_post(finding: Finding) -> Parsed:
    """A post that is not parsed at all, with the reason."""
    return Parsed(yamlmeta.FrontMatter({}, {}, {}), "", MappedMeta(), [finding])


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


class Catalogue:
    """The posts, authors and problems of one build (or one `masthead check`)."""

    def __init__(
        self,
        settings: Settings,
        docs_dir: str,
        project_dir: str,
        cache: ParseCache | None = None,
    ) -> None:
        self.settings = settings
        self.docs_dir = os.path.abspath(docs_dir)
        self.project_dir = os.path.abspath(project_dir)
        self.cache = cache or ParseCache()
        self.posts: dict[str, Post] = {}
        self.authors = AuthorRegistry(settings.default_avatar)
        self.problems: list[Problem] = []
        self.read_count = 0  # files read from disk (not served from the cache)
        self.post_dirs: tuple[str, ...] = ()
        # Outputs written after MkDocs' files (feeds): no page may take their paths.
        self.reserved_outputs: list[str] = []
        # Whether a post may use the template of that name, and whether the theme has
        # a file of that name (an icon): the host knows its folders.
        self.template_allowed: Callable[[str], bool] | None = None
        self.theme_has: Callable[[str], bool] | None = None
        self._tree: published.DocsTree | None = None
        self.now = datetime.now(UTC)  # one "now" per build: expired or not

    # -- paths ---------------------------------------------------------------------------
    def display(self, src_uri: str) -> str:
        """A docs-relative path as messages show it: relative to the project folder."""
        path = os.path.relpath(os.path.join(self.docs_dir, src_uri), self.project_dir)
        return path.replace(os.sep, "/")

    def _place(self, findings: Iterable[Finding], path: str, into: list[Problem]) -> None:
        for finding in findings:
            problem = place(finding, path, self.settings.levels)
            if problem:
                into.append(problem)
                self.problems.append(problem)

    # -- loading -------------------------------------------------------------------------
    @property
    def tree(self) -> published.DocsTree:
        """The files of docs/ that may be published (walked once per catalogue)."""
        if self._tree is None:
            self._tree = published.walk(self.docs_dir, self.post_dirs, svg_problems)
        return self._tree

    def read_site_file(self, src_uri: str) -> tuple[bytes | None, list[Finding]]:
        """A docs file the build reads itself (an authors or tags file), or None with
        the reason it may not be read (none when it does not exist)."""
        refused = self.tree.why_refused(src_uri)
        if refused is not None:
            return None, [refused[1]]
        if src_uri not in self.tree.files:
            return None, []
        try:
            return published.read_bounded(self.tree.files[src_uri], MAX_SITE_FILE_BYTES), []
        except OSError as error:
            return None, [
                Finding(
                    "file-unreadable",
                    1,
                    f"{src_uri} cannot be read ({_reason(error)})",
                    "check the file, or remove it",
                )
            ]

    def add_authors_file(self, src_uri: str) -> None:
        """Read the site's authors file `src_uri` into the registry, placing its problems."""
        raw, findings = self.read_site_file(src_uri)
        if raw is not None:
            text, decoding = source.decode(raw)
            findings += [f for f in decoding if f.code not in ("bom", "line-endings")]
            findings += load_authors_file(text, self.authors)
        self._place(findings, self.display(src_uri), [])

    def scan(self, post_dir: str, excluded: Callable[[str], bool] = lambda _: False) -> list[str]:
        """Docs-relative paths of the posts under `post_dir` (Markdown files as MkDocs
        tells them, that may be published), sorted."""
        return [
            uri
            for uri in self.tree.under(post_dir)
            if published.is_markdown(uri)
            and not posixpath.basename(uri).startswith(".")
            and not excluded(uri)
        ]

    def add_post(self, src_uri: str) -> Post:
        """Read, map and check the post `src_uri` (or take its cached parse)."""
        abs_path = os.path.join(self.docs_dir, src_uri)
        try:
            stat = os.stat(abs_path)
        except OSError:
            stat = None
        # ctime too: a save that keeps the size and sets the mtime back still changes it
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, self.settings) if stat else None
        parsed = self.cache.get(abs_path, stamp) if stamp else None
        if parsed is None:
            parsed = self._read_post(abs_path, posixpath.basename(src_uri))
            parsed.meta.thumbnail = with_media_prefix(
                parsed.meta.thumbnail, self.settings.media_prefix
            )
            if parsed.meta.date is None and stat is not None:
                # Material needs a date. A post without one is an error (and left out)
                # unless the site lowered that check; then the file's mtime stands in.
                parsed.meta.date = datetime.fromtimestamp(stat.st_mtime, self.settings.zone)
            if stamp:
                self.cache.put(abs_path, stamp, parsed)
        post = Post(src_uri, self.display(src_uri), abs_path, parsed)
        self._place(parsed.findings, post.path, post.problems)
        self._resolve(post)
        self.posts[src_uri] = post
        return post

    def _read_post(self, abs_path: str, filename: str) -> Parsed:
        """Read with a bound: the size is checked before the bytes are read."""
        limit = self.settings.max_post_bytes
        try:
            raw = published.read_bounded(abs_path, limit)
        except published.TooLarge as error:
            return refused_post(too_large(error.size, limit))
        except OSError as error:
            return refused_post(
                Finding(
                    "file-unreadable",
                    1,
                    f"the post cannot be read ({_reason(error)})",
                    "check the file's permissions, or remove it",
                )
            )
        self.read_count += 1
        return parse_post(raw, filename, self.settings)

    def _resolve(self, post: Post) -> None:
        """The parts that depend on the rest of the site: authors and paths."""
        meta = post.meta
        found: list[Finding] = []
        for name in meta.author_names:
            author = self.authors.find(name)
            if author is not None and author.registered:
                self.authors.prefer_display_name(author, name)
            if author is None and self.settings.authors_required:
                hint = self.authors.suggest(name)
                known = ", ".join(self.authors.known()) or "none yet"
                found.append(
                    Finding(
                        "author-unknown",
                        post.line("author"),
                        f"unknown author '{name}'" + (f"; did you mean '{hint}'?" if hint else ""),
                        f"use a name from the authors file (known: {known}) or add '{name}' to it",
                    )
                )
                continue
            if author is None:
                author = self.authors.register(name)
                found.append(
                    Finding(
                        "author-registered",
                        post.line("author"),
                        f"author '{name}' is not in the authors file; registered as `{author.id}`",
                        "add an entry to the authors file to give them an avatar and description",
                    )
                )
            link = meta.author_links.get(name)
            if link and author.registered and not author.url:
                found += self._author_link(author, name, link, post.line("author"))
            if author.id not in post.author_ids:
                post.author_ids.append(author.id)
        if meta.expiry is not None and meta.expiry <= self.now:
            post.expired = True
            key = meta.path.get("expiry", "expiry")
            when = meta.expiry.astimezone(self.settings.zone)
            midnight = (when.hour, when.minute) == (0, 0)
            shown = f"{when:%Y-%m-%d}" if midnight else f"{when:%Y-%m-%d %H:%M}"
            found.append(
                Finding(
                    "post-expired",
                    post.line("expiry"),
                    f"the post expired on {shown} (`{key}`); it is left out of the site, its "
                    "indexes and feeds",
                    f"remove the `{key}` line to publish it again, or delete the post",
                )
            )
        if meta.thumbnail:
            local, external = resolve_reference(meta.thumbnail, post.src_uri)
            if external is not None:
                external, reason = web_url(external)
                if external is not None and reason is not None:
                    found.append(
                        Finding(
                            "url-invalid",
                            post.line("thumbnail"),
                            f"thumbnail '{meta.thumbnail}' is not a valid URL ({reason})",
                            "write the address as your browser shows it",
                        )
                    )
            if local is None and external is None:
                found.append(
                    Finding(
                        "thumbnail-invalid",
                        post.line("thumbnail"),
                        f"thumbnail '{meta.thumbnail}' is not an image path inside the site",
                        "use a path such as /images/blog/picture.png or an https:// URL",
                    )
                )
            post.thumbnail, post.thumbnail_external = local, external
        found += self._site_key_problems(post)
        self._place(found, post.path, post.problems)

    def _author_link(self, author: Author, name: str, link: str, line: int) -> list[Finding]:
        """An author we registered takes the website a post gives them
        (`postauthors: [{name: Ann Lee, website: https://...}]`)."""
        url, reason = web_url(link)
        if url is not None:
            author.url = url
        if reason is None:
            return []
        return [
            Finding(
                "url-invalid",
                line,
                f"author '{name}' has the link '{link}', which is not a web address or a path "
                f"({reason})" + ("" if url is None else "; it is used percent-encoded"),
                "use an https:// address",
            )
        ]

    def _site_key_problems(self, post: Post) -> list[Finding]:
        """Material's keys that are right only if the site agrees: a template a post may
        use, an icon the theme has, links to pages the site has. A key found wrong is
        left out of what Material sees (`Post.dropped`)."""
        allowed, has = self.template_allowed, self.theme_has
        checks: dict[str, tuple[Callable[[Any], str | None], str]] = {
            "template": (
                lambda v: (
                    None
                    if allowed is None or allowed(v)
                    else f"a post cannot use the template `{v}`"
                ),
                "use masthead/post.html or a template of your overrides folder (custom_dir), "
                "or remove the `template` line; until then the default is used",
            ),
            "icon": (
                lambda v: (
                    None
                    if has is None or has(f".icons/{v}.svg")
                    else f"the theme has no icon `{v}`"
                ),
                "use an icon name from Material's icon search, e.g. `material/home`; until "
                "then no icon is shown",
            ),
            "links": (
                self._links_problem,
                "list paths of pages (`- blog/posts/other.md`) or `- Title: https://...`; "
                "until then the links are not shown",
            ),
        }
        found = []
        for key, (problem_of, fix) in checks.items():
            value = post.parsed.front.data.get(key)
            if value is None or key in post.meta.dropped:
                continue  # absent, or already found wrong in its shape (mapping.py)
            problem = problem_of(value)
            if problem:
                post.dropped.add(key)
                found.append(Finding("meta-invalid", post.parsed.front.line(key), problem, fix))
        return found

    def _links_problem(self, items: Any, depth: int = 0) -> str | None:
        """What is wrong with Material's `links` of a post (None: nothing): each item a
        page of the site, or `Title: page or http(s) URL`, or `Title: [items]` once."""
        if not isinstance(items, list):
            return "`links` is not a list"
        for item in items:
            if isinstance(item, dict) and len(item) == 1:
                ((title, target),) = item.items()
                if not isinstance(title, str) or not title.strip():
                    return "`links` has an entry without a title"
                if isinstance(target, list) and depth == 0:
                    problem = self._links_problem(target, 1)
                    if problem:
                        return problem
                    continue
                item = target
                if isinstance(item, str) and "://" in item:
                    url, reason = web_url(item)
                    if url is None or reason is not None or not url.startswith("http"):
                        return f"`links` has `{item}`, which is not an http(s) address"
                    continue
            if not isinstance(item, str):
                return "`links` has an entry that is not a page path or `Title: address`"
            path = item.split("#", 1)[0].lstrip("/")
            if path not in self.tree.files or not published.is_markdown(path):
                return f"`links` names `{item}`, which is not a page of the site"
        return None

    def load(self, post_dirs: Iterable[str], excluded: Callable[[str], bool]) -> None:
        """Add the posts of the folders `post_dirs`, less what `excluded` leaves out."""
        post_dirs = list(post_dirs)
        if self._tree is None:
            self.post_dirs = tuple(post_dirs)
        for post_dir in post_dirs:
            found = self.scan(post_dir, excluded)
            left_out = not_posts(found, post_dir)
            for src_uri in found:
                if src_uri in left_out:
                    self._set_aside(src_uri, left_out[src_uri])
                else:
                    self.add_post(src_uri)

    def _set_aside(self, src_uri: str, finding: Finding) -> None:
        """A file of a posts folder that is not a post: out of the build (the screen
        that takes out the files docs/ may not publish says why, in the build and in
        `masthead check` alike)."""
        self.tree.files.pop(src_uri, None)
        self.tree.refused[src_uri] = finding

    @property
    def has_errors(self) -> bool:
        """Whether any problem of the build is at error level."""
        return any(p.level is Level.ERROR for p in self.problems)

    def report(self, path: str, line: int, code: str, message: str, fix: str) -> Problem | None:
        """Add a problem found outside the catalogue's own checks (e.g. URL collisions)."""
        problem = place(Finding(code, line, message, fix), path, self.settings.levels)
        if problem:
            self.problems.append(problem)
            post = next((p for p in self.posts.values() if p.path == path), None)
            if post:
                post.problems.append(problem)
        return problem


# -- the file Material reads ---------------------------------------------------------------
# Material prints a post's title as HTML (header, navigation, footer), and MkDocs
# renders templates without escaping: a title goes to Material with `<` and `>`
# escaped, so a reader sees the text as written and no tag can be injected.
MAX_SLUG = 96  # a file name on disk must stay under 255 bytes


# What the generated file gives Material: the keys its blog plugin reads (PostConfig)
# and those its templates and MkDocs use before plugins see `page.meta`. Everything
# else (the CMS's own keys, masthead's data) joins `page.meta` in `on_page_markdown`:
# Material parses each post's front matter with PyYAML's pure-Python loader, so a
# smaller block is a faster build.
MATERIAL_KEYS = frozenset(
    {
        "title",
        "date",
        "authors",
        "categories",
        "draft",
        "pin",
        "links",
        "readtime",
        "slug",
        "description",
        "tags",
        "template",
        "hide",
        "search",
        "status",
        "subtitle",
        "icon",
    }
)


def material_front_matter(
    post: Post, slugify: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """What the generated file says: `page_meta` limited to `MATERIAL_KEYS`."""
    return {k: v for k, v in page_meta(post, slugify).items() if k in MATERIAL_KEYS}


def page_meta(post: Post, slugify: Callable[[str], str] | None = None) -> dict[str, Any]:
    """The post's whole `page.meta`: Material's vocabulary, unknown keys kept as they are.

    `slugify` is the blog's own (Material's `post_slugify`): when the HTML-safe title
    would change the slug Material makes from it, or the slug would be too long for a
    file name, the post gets an explicit `slug` made from the title as written."""
    meta = post.meta
    data: dict[str, Any] = {
        k: v
        for k, v in post.parsed.front.data.items()
        if k not in meta.dropped and k not in post.dropped
    }
    _escape_printed(data)
    if meta.title is not None:
        _set_title(data, meta.title, meta.slug, slugify)
    if meta.date is not None:
        created, updated = _yaml_date(meta.date), meta.updated and _yaml_date(meta.updated)
        data["date"] = {"created": created, "updated": updated} if updated else created
    if post.author_ids:
        data["authors"] = list(post.author_ids)
    else:
        data.pop("authors", None)
    data["description"] = meta.description or meta.summary
    data["tags"] = list(meta.tags)
    if meta.slug:
        data["slug"] = meta.slug
    _set_draft(data, post)
    data.setdefault("template", "masthead/post.html")
    data["masthead"] = {
        "title": meta.title,
        "summary": meta.summary,
        "summary_derived": meta.summary_derived,
        "thumbnail": post.thumbnail,
        "thumbnail_external": post.thumbnail_external,
    }
    return data


def _escape_printed(data: dict[str, Any]) -> None:
    """Escape, in place, the front matter texts Material prints as HTML (navigation,
    post meta, category pages)."""
    for key in ("subtitle",):
        if isinstance(data.get(key), str):
            data[key] = html_text(data[key])
    if isinstance(data.get("links"), list):
        data["links"] = _escaped_links(data["links"])
    if isinstance(data.get("categories"), list):
        data["categories"] = [markup_text(tidy(c)) for c in data["categories"]]


def _set_title(
    data: dict[str, Any], title: str, slug: str | None, slugify: Callable[[str], str] | None
) -> None:
    """The HTML-safe title, and a slug from the title as written when the post has
    none and Material's own would differ or be too long."""
    data["title"] = html_text(title)
    if not slug and slugify is not None:
        made = slugify(title)
        if data["title"] != title or len(made) > MAX_SLUG:
            data["slug"] = cut_slug(made, MAX_SLUG)


def _set_draft(data: dict[str, Any], post: Post) -> None:
    """`draft` as Material reads it: true for an expired post, the post's own value,
    or no key (an empty value, or only `published: true`)."""
    if post.expired:
        data["draft"] = True  # Material leaves it out as it does a draft
    elif post.meta.draft is not None:
        data["draft"] = post.meta.draft
    elif not isinstance(data.get("draft"), bool):
        data.pop("draft", None)  # empty, or only `published: true`


def _yaml_date(moment: datetime) -> datetime:
    """A date YAML can write and read back: an offset with seconds (a city's mean time,
    which zones give dates before ~1900) has no YAML form, so such a date goes in UTC."""
    offset = moment.utcoffset()
    return moment.astimezone(UTC) if offset is not None and offset.seconds % 60 else moment


def _escaped_links(items: list[Any]) -> list[Any]:
    """Material prints the titles of `links` as HTML: escaped."""
    return [
        {html_text(str(k)): _escaped_links(v) if isinstance(v, list) else v for k, v in i.items()}
        if isinstance(i, dict)
        else i
        for i in items
    ]


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: several times faster


def generated_text(post: Post, slugify: Callable[[str], str] | None = None) -> str:
    """The whole file Material's blog plugin reads in place of the post."""
    front = yaml.dump(
        material_front_matter(post, slugify),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
    )
    return f"---\n{front}---\n\n{post.parsed.body}"


def post_status(post: Post, *, future_is_draft: bool, now: datetime) -> str | None:
    """`"draft"` for a post marked `draft: true`; `"expired"` for one whose expiry date
    has passed (`Post.expired`, at the catalogue's `now`); `"scheduled"` for one dated
    later than `now` when future dates are drafts (Material's `draft_if_future_date`,
    masthead's `scheduled`) and the post does not say `draft: false`; None for a
    published post."""
    if post.meta.draft is True:
        return "draft"
    if post.expired:
        return "expired"
    if (
        post.meta.draft is None
        and future_is_draft
        and post.meta.date is not None
        and post.meta.date > now
    ):
        return "scheduled"
    return None


def is_draft(post: Post, *, show_drafts: bool, future_is_draft: bool, now: datetime) -> bool:
    """Whether Material's blog plugin leaves the post out (its `_is_excluded` rule): a
    draft or a scheduled post (`post_status`), unless drafts are shown (`draft: true`
    in the blog plugin, or `serve`)."""
    if show_drafts:
        return False
    return post_status(post, future_is_draft=future_is_draft, now=now) is not None


def next_scheduled(posts: Iterable[Post], now: datetime) -> Post | None:
    """The scheduled post that goes live first (future dates count as scheduled)."""
    waiting = [
        p
        for p in posts
        if not p.has_errors and post_status(p, future_is_draft=True, now=now) == "scheduled"
    ]
    return min(waiting, key=lambda p: (p.meta.date, p.path), default=None)
