"""What every masthead plugin needs from MkDocs and Material, in one place.

The only module besides the plugins that imports MkDocs: finding Material's blog
plugins, sharing the build's catalogue between plugins, logging problems.
"""

from __future__ import annotations

import importlib.util
import sys

# ProperDocs (the maintained MkDocs 1.x fork) ships `properdocs`, not `mkdocs`, and makes
# every `mkdocs.*` import an alias of `properdocs.*` once `properdocs.replacement` is
# imported (its own command line does that first). `masthead check`, `new` and `import`
# start without it, so with only ProperDocs installed we install that alias ourselves.
# Depends on: `properdocs/replacement.py` (ProperDocs 1.6.x). Tested by
# tests/test_properdocs.py (under `make test-properdocs`, where mkdocs is absent).
if "mkdocs" not in sys.modules and importlib.util.find_spec("mkdocs") is None:  # pragma: no cover
    import properdocs.replacement  # noqa: F401

import html
import json
import logging
import os
import posixpath
import weakref
from collections.abc import Iterable
from importlib import resources
from urllib.parse import urljoin

from material.plugins.blog.plugin import BlogPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..core import feeds, published, source
from ..core.catalogue import Catalogue
from ..core.problems import Finding, Level, Levels, Problem, summarize

TEMPLATES_DIR = str(resources.files("masthead") / "templates")
ASSETS_DIR = resources.files("masthead") / "assets"

_LOG_LEVEL = {Level.ERROR: logging.ERROR, Level.WARN: logging.WARNING, Level.INFO: logging.INFO}

# The catalogue of each build, keyed by the build's config object: a `serve` rebuild
# loads a new config, so it gets a new catalogue and nothing stale survives.
_catalogues: dict[int, Catalogue] = {}


def set_catalogue(config: MkDocsConfig, catalogue: Catalogue) -> None:
    key = id(config)
    _catalogues[key] = catalogue
    weakref.finalize(config, _catalogues.pop, key, None)


def get_catalogue(config: MkDocsConfig) -> Catalogue | None:
    return _catalogues.get(id(config))


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


def add_templates(config: MkDocsConfig) -> None:
    """Put our templates after the site's `custom_dir` and before Material's own, so a
    site's overrides win over ours and ours win over Material's."""
    dirs = config.theme.dirs
    if TEMPLATES_DIR in dirs:
        return
    at = 1 if config.theme.custom_dir and dirs and dirs[0] == config.theme.custom_dir else 0
    dirs.insert(at, TEMPLATES_DIR)


def add_asset(files: Files, config: MkDocsConfig, uri: str) -> None:
    """Serve one of our assets at `uri` (`assets/masthead/<name>`); a site's own file
    at that path wins."""
    if files.get_file_from_path(uri) is None:
        source = ASSETS_DIR / posixpath.basename(uri)
        files.append(File.generated(config, uri, abs_src_path=str(source)))


def docs_tree(config: MkDocsConfig) -> published.DocsTree:
    """What docs/ may publish: the catalogue's walk when there is one, else a new one."""
    catalogue = get_catalogue(config)
    if catalogue is not None:
        return catalogue.tree
    from .core.svg import svg_problems

    return published.walk(config.docs_dir, post_dirs(config), svg_problems)


def unwalkable_links(tree: published.DocsTree, config: MkDocsConfig) -> list[tuple[str, Finding]]:
    """The folder links MkDocs must not walk (`DocsTree.unwalkable`), as (path as
    shown, finding): a build reports them and stops (`raise_unwalkable`) in
    `on_config`, before MkDocs lists docs/ (it would never finish)."""
    project = project_dir(config)
    return [(shown_path(config, uri, project), tree.refused[uri]) for uri in tree.unwalkable]


def raise_unwalkable(found: list[tuple[str, Finding]]) -> None:
    if found:
        raise PluginError(
            f"masthead: {len(found)} link{'s' * (len(found) != 1)} to a folder outside docs/ "
            "or above itself; MkDocs would follow it without end, so the build stops "
            "before it lists the files. Each is listed above with its file."
        )


def screen_files(
    files: Files, tree: published.DocsTree, config: MkDocsConfig
) -> list[tuple[str, Finding]]:
    """Take out of the build every file of docs/ that may not be published (a link
    out of docs/, a device, an unsafe SVG, a non-post in a posts folder: see
    core/published.py), before anything reads or copies it. Returns (path as shown,
    finding) once per reason, and a note for each file kept that is worth one (a
    download beside the posts). Files other plugins generate are theirs to vouch for."""
    found: dict[str, Finding] = {}
    docs = os.path.normpath(config.docs_dir)
    for file in list(files):
        if file.src_uri in tree.notes and not file.generated_by:
            found.setdefault(file.src_uri, tree.notes[file.src_uri])
        if file.generated_by or not file.abs_src_path or file.src_uri in tree.files:
            continue
        if os.path.normpath(file.src_dir or "") != docs:
            continue  # the theme's own files
        files.remove(file)
        if file.inclusion.is_excluded():
            continue  # MkDocs would not publish it either
        why = tree.why_refused(file.src_uri)
        if why is None:  # it appeared after docs/ was walked
            why = (
                file.src_uri,
                Finding(
                    "file-unreadable",
                    1,
                    f"{published.shown(file.src_uri)} appeared while the site was being "
                    "built; it is left out of this build",
                    "build again",
                ),
            )
        found.setdefault(why[0], why[1])
    project = project_dir(config)
    return [(shown_path(config, published.shown(uri), project), f) for uri, f in found.items()]


POST_TEMPLATE = "masthead/post.html"


def theme_has(config: MkDocsConfig, name: str) -> bool:
    """Whether one of the theme's folders (the site's overrides included) has `name`."""
    return any(theme_has_in(d, name) for d in config.theme.dirs)


def theme_has_in(folder: str, name: str) -> bool:
    return os.path.isfile(os.path.join(folder, *name.split("/")))


def post_template_allowed(config: MkDocsConfig, name: str) -> bool:
    """Whether a post may ask for template `name`: ours, or one of the site's own
    overrides folder (its maintainers' files). Material's page templates print
    `description` and `author` without escaping them, and its partials are not pages
    (rendered as one, they fail with a traceback or show an empty page)."""
    if name == POST_TEMPLATE:
        return True
    custom = config.theme.custom_dir
    return bool(custom) and os.path.isfile(os.path.join(custom, *name.split("/")))


def escape_search_tags(config: MkDocsConfig) -> None:
    """Material's search shows each document's tags as HTML (its index is read by
    `search/search_index.json` in the browser): a tag such as `<img onerror=...>` would
    run there. Tags are escaped in the file Material's search plugin wrote, which
    depends on its format: `{"config": ..., "docs": [{"tags": [...]}, ...]}`, written
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


SCRIPT_SUFFIXES = (".js", ".mjs")


def keep_theme_scripts(files: Files, config: MkDocsConfig) -> list[tuple[str, Finding]]:
    """A file of docs/ at the path of one of the theme's scripts (or ours) replaces it
    on every page (MkDocs lets docs/ win: `Files.add_files_from_theme`): such a file
    is taken out and the theme's own put back. A site changes the theme's files in its
    overrides folder (`custom_dir`), not in docs/."""
    found = []
    docs = os.path.normpath(config.docs_dir)
    for file in list(files):
        if not file.src_uri.endswith(SCRIPT_SUFFIXES) or file.generated_by:
            continue
        if os.path.normpath(file.src_dir or "") != docs:
            continue
        ours = (
            file.src_uri.startswith("assets/masthead/")
            and (ASSETS_DIR / posixpath.basename(file.src_uri)).is_file()
        )
        theirs = next((d for d in config.theme.dirs if theme_has_in(d, file.src_uri)), None)
        if not ours and theirs is None:
            continue
        files.remove(file)
        if theirs is not None:  # ours are added back by `add_asset`
            files.append(File(file.src_uri, theirs, config.site_dir, config.use_directory_urls))
        found.append(
            (
                shown_path(config, file.src_uri),
                Finding(
                    "url-collision",
                    1,
                    f"{file.src_uri} would replace the theme's script of that name, which "
                    "pages load; it is left out of the site",
                    "rename it; change the theme's files in the overrides folder (custom_dir)",
                ),
            )
        )
    return found


MEMORY_TEMP = "/dev/shm"  # Linux's memory-backed folder
MEMORY_TEMP_FREE = 512 * 2**20  # used only with this much room (Docker's default is 64 MB)


def temp_root() -> str | None:
    """Where the translated posts Material reads are written: a memory-backed folder
    when there is a roomy one (opening and writing a file there costs a fraction of a
    disk's; `masthead check` of 1000 posts went from 2.5 s to 1.8 s), else the system's
    temporary folder (None)."""
    try:
        stats = os.statvfs(MEMORY_TEMP)
    except (OSError, AttributeError):
        return None
    roomy = stats.f_bavail * stats.f_frsize >= MEMORY_TEMP_FREE
    return MEMORY_TEMP if roomy and os.access(MEMORY_TEMP, os.W_OK) else None


def post_dirs(config: MkDocsConfig) -> list[str]:
    return [post_dir(b) for b in blog_plugins(config)]


def post_media_roots(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(posts folder, where Material publishes the files in it) per blog: Material's
    blog `on_files` removes the "purely functional" posts folder from their paths.
    Depends on: `BlogPlugin.on_files` replacing `post_dir` by `blog_dir` in media
    files' `dest_uri` (tests/test_images.py::test_a_posts_media_by_its_published_path)."""
    return [(post_dir(b), posixpath.normpath(b.config.blog_dir)) for b in blog_plugins(config)]


def in_dirs(src_uri: str, dirs: list[str]) -> bool:
    return any(src_uri.startswith(d + "/") for d in dirs)


def project_dir(config: MkDocsConfig) -> str:
    """The folder of mkdocs.yml: paths in messages are relative to it."""
    return os.path.dirname(config.config_file_path or os.path.join(os.getcwd(), "x"))


def shown_path(config: MkDocsConfig, src_uri: str, project: str | None = None) -> str:
    path = os.path.relpath(os.path.join(config.docs_dir, src_uri), project or project_dir(config))
    return path.replace(os.sep, "/")


def page_origin(page, config: MkDocsConfig) -> tuple[str, int]:
    """(path as shown in messages, file line of the first Markdown line) of a page.

    Posts come from the catalogue, which read them already; other pages are split
    here, once, from the text MkDocs read."""
    catalogue = get_catalogue(config)
    post = catalogue.posts.get(page.file.src_uri) if catalogue else None
    if post is not None:
        return post.path, post.parsed.markdown_line
    parts = source.split(source.decode(page.file.content_bytes)[0])
    leading = len(parts.body) - len(parts.body.lstrip("\n"))
    return shown_path(config, page.file.src_uri), parts.body_line + leading


def levels(options, plugin: str) -> Levels:
    """A plugin's `levels:` option as `Levels`; an unknown check stops the build."""
    try:
        return Levels(options.levels)
    except ValueError as error:
        raise PluginError(f"masthead/{plugin}: levels: {error}") from None


def log_problems(log: logging.LoggerAdapter, problems: list[Problem]) -> None:
    for problem in problems:
        log.log(_LOG_LEVEL[problem.level], str(problem))


def stop_if_errors(problems: list[Problem], what: str) -> None:
    if any(p.level is Level.ERROR for p in problems):
        raise PluginError(
            f"masthead: {summarize(problems)} in {what}; the build stops. "
            "Each is listed above with its file and line."
        )


def feed_item(page, config: MkDocsConfig) -> feeds.FeedItem:
    """A rendered post as a feed item: title and summary as written, the absolute
    thumbnail URL with its size on disk (no request over the network)."""
    info = page.meta.get("masthead") if isinstance(page.meta.get("masthead"), dict) else {}
    length = 0
    if info.get("thumbnail"):
        path = os.path.join(config.docs_dir, info["thumbnail"])
        length = os.path.getsize(path) if os.path.isfile(path) else 0
    return feeds.FeedItem(
        title=str(info.get("title") or page.meta.get("title") or page.title or ""),
        link=urljoin(config.site_url or "/", page.url),
        summary=str(info.get("summary") or page.meta.get("description") or ""),
        date=page.config.date.created,
        authors=[html.unescape(a.name) for a in getattr(page, "authors", [])],
        image=info.get("image_abs"),
        image_length=length,
    )


def write_feed(
    config: MkDocsConfig, url: str, title: str, description: str, posts: Iterable
) -> None:
    """Write the RSS feed of the page at `url` (site-relative, ending in `/`) to
    `<url>feed.xml` in the built site."""
    site = config.site_url or "/"
    data = feeds.rss(
        title,
        urljoin(site, url),
        description,
        urljoin(site, url + "feed.xml"),
        [feed_item(page, config) for page in posts],
    )
    target = os.path.join(config.site_dir, url, "feed.xml")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data)


# mkdocs-redirects 1.2 writes a redirect page for any key, but warns "redirects plugin:
# '<key>' is not a valid markdown file!" for a key that is not `.md`, which `--strict`
# turns into a failed build. An old `.html` URL (Jekyll's default permalinks) can only
# be kept by a key ending in `.html`, so that one warning is dropped for such keys.
# Depends on: the logger `mkdocs.plugin.redirects` and that message's wording
# (tests/test_host_seam.py::test_html_redirect_keys_build_strict fails if they move).
_REDIRECTS_LOGGER = "mkdocs.plugin.redirects"


class _HtmlRedirectKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (
            message.startswith("redirects plugin: '")
            and message.endswith(("is not a valid markdown file!",))
            and message[len("redirects plugin: '") :]
            .split("'", 1)[0]
            .lower()
            .endswith((".html", ".htm"))
        )


_HTML_KEYS = _HtmlRedirectKeys()


def allow_html_redirect_keys() -> None:
    """Old URLs ending in `.html` may be redirect keys without a warning."""
    logger = logging.getLogger(_REDIRECTS_LOGGER)
    if _HTML_KEYS not in logger.filters:
        logger.addFilter(_HTML_KEYS)
