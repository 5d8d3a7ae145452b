"""What every masthead plugin (and `masthead check`) needs during a build, through
MkDocs' public plugin API: the build's catalogue, problems logged and placed, paths as
messages show them, assets added, feeds written. Reaches into the hosts' internals are
in `masthead.host`, not here.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .core import feeds, published, source
from .core.catalogue import Catalogue
from .core.problems import Finding, Level, Levels, Problem, summarize
from .host import material as host_material
from .host.mkdocs import ASSETS_DIR, from_docs
from .postinfo import PostInfo

_LOG_LEVEL = {Level.ERROR: logging.ERROR, Level.WARN: logging.WARNING, Level.INFO: logging.INFO}

FRONTMATTER = "masthead/frontmatter"


def catalogue(config: MkDocsConfig) -> Catalogue | None:
    """The catalogue of this build: masthead/frontmatter's, found through
    `config.plugins` (None without that plugin, or when it is disabled). It makes the
    catalogue in its `on_config` (priority 50), before any other masthead plugin's."""
    plugin = config.plugins.get(FRONTMATTER)
    found = getattr(plugin, "catalogue", None)
    return found if isinstance(found, Catalogue) else None


def add_asset(files: Files, config: MkDocsConfig, uri: str) -> None:
    """Serve one of our assets at `uri` (`assets/masthead/<name>`); a site's own file
    at that path wins."""
    if files.get_file_from_path(uri) is None:
        source = ASSETS_DIR / posixpath.basename(uri)
        files.append(File.generated(config, uri, abs_src_path=str(source)))


def add_script(config: MkDocsConfig, uri: str) -> None:
    """Load one of our scripts on every page, deferred: it runs once the page is read,
    and never holds up its first paint. Once, whatever the site lists already."""
    if all(str(s) != uri for s in config.extra_javascript):
        script = ExtraScriptValue(uri)
        script.defer = True
        config.extra_javascript.append(script)


def docs_tree(config: MkDocsConfig) -> published.DocsTree:
    """What docs/ may publish: the catalogue's walk when there is one, else a new one."""
    found = catalogue(config)
    if found is not None:
        return found.tree
    from .core.svg import svg_problems

    return published.walk(config.docs_dir, host_material.post_dirs(config), svg_problems)


def unwalkable_links(tree: published.DocsTree, config: MkDocsConfig) -> list[tuple[str, Finding]]:
    """The folder links MkDocs must not walk (`DocsTree.unwalkable`), as (path as
    shown, finding): a build reports them and stops (`raise_unwalkable`) in
    `on_config`, before MkDocs lists docs/ (it would never finish)."""
    project = project_dir(config)
    return [(shown_path(config, uri, project), tree.refused[uri]) for uri in tree.unwalkable]


def raise_unwalkable(found: list[tuple[str, Finding]]) -> None:
    """Stop the build when docs/ has links MkDocs would follow without end."""
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
    for file in list(files):
        if file.src_uri in tree.notes and not file.generated_by:
            found.setdefault(file.src_uri, tree.notes[file.src_uri])
        if file.generated_by or not file.abs_src_path or file.src_uri in tree.files:
            continue
        if not from_docs(file, config):
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


def in_dirs(src_uri: str, dirs: list[str]) -> bool:
    """Whether the docs path `src_uri` is inside one of the folders `dirs`."""
    return any(src_uri.startswith(d + "/") for d in dirs)


def project_dir(config: MkDocsConfig) -> str:
    """The folder of mkdocs.yml: paths in messages are relative to it."""
    return os.path.dirname(config.config_file_path or os.path.join(os.getcwd(), "x"))


def shown_path(config: MkDocsConfig, src_uri: str, project: str | None = None) -> str:
    """A docs path as messages show it: relative to the folder of mkdocs.yml."""
    path = os.path.relpath(os.path.join(config.docs_dir, src_uri), project or project_dir(config))
    return path.replace(os.sep, "/")


def page_origin(page, config: MkDocsConfig) -> tuple[str, int]:
    """(path as shown in messages, file line of the first Markdown line) of a page.

    Posts come from the catalogue, which read them already; other pages are split
    here, once, from the text MkDocs read."""
    found = catalogue(config)
    post = found.posts.get(page.file.src_uri) if found else None
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
    """Log each problem at its level (warn as WARNING, so `--strict` fails)."""
    for problem in problems:
        log.log(_LOG_LEVEL[problem.level], str(problem))


def stop_if_errors(problems: list[Problem], what: str) -> None:
    """Stop the build after its problems were listed, when one is an error."""
    if any(p.level is Level.ERROR for p in problems):
        raise PluginError(
            f"masthead: {summarize(problems)} in {what}; the build stops. "
            "Each is listed above with its file and line."
        )


def feed_item(page: Any, config: MkDocsConfig) -> feeds.FeedItem:
    """A rendered post as a feed item: title and summary as written, the absolute
    thumbnail URL with its size on disk (no request over the network)."""
    info = PostInfo.of(page)
    length = 0
    if info is not None and info.thumbnail:
        path = os.path.join(config.docs_dir, info.thumbnail)
        length = os.path.getsize(path) if os.path.isfile(path) else 0
    return feeds.FeedItem(
        title=str((info and info.title) or page.meta.get("title") or page.title or ""),
        link=urljoin(config.site_url or "/", page.url),
        summary=str((info and info.summary) or page.meta.get("description") or ""),
        date=host_material.post_created(page),
        authors=[html.unescape(a.name) for a in host_material.post_authors(page)],
        image=info.image_abs if info else None,
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
