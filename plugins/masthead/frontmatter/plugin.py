"""`masthead/frontmatter`: thin event handlers; the work is in `masthead.core`."""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
import tempfile
from datetime import UTC, datetime
from urllib.parse import quote, urljoin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from material.plugins.blog.plugin import BlogPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import host, speedups
from ..core import outputs
from ..core.catalogue import (
    Catalogue,
    ParseCache,
    Settings,
    generated_text,
    page_meta,
    post_status,
)
from ..core.embeds import EmbedPolicy
from ..core.mapping import KeyNames
from ..core.safety import PAGE_FIX, clean, unforeseen, unsafe_html
from ..core.urls import relative_html_urls
from .config import FrontMatterConfig
from .excerpt import card_function, use_sanitized_excerpt, use_summary_card
from .render_cache import RenderCache

log = get_plugin_logger(__name__)

# Material's search dialog, as its partials/search.html writes it.
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'

# embeds.js swaps in the iframe of a click-to-load embed (core/embeds.py).
EMBEDS_SCRIPT = "assets/masthead/embeds.js"
ASSETS = ("assets/masthead/masthead.css", "assets/masthead/avatar.svg", EMBEDS_SCRIPT)


def settings_from(options: FrontMatterConfig) -> Settings:
    """The core's settings from the plugin's options in `mkdocs.yml`."""
    try:
        zone = ZoneInfo(options.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PluginError(
            f"masthead/frontmatter: unknown timezone '{options.timezone}'; "
            "use an IANA name such as UTC or Europe/Berlin"
        ) from None
    levels = host.levels(options, "frontmatter")
    return Settings(
        keys=KeyNames(**dict(options.fields)),
        zone=zone,
        authors_required=options.authors_required,
        summary_length=options.summary_length,
        levels=levels,
        sanitize=options.sanitize,
        embeds=EmbedPolicy.of(options.embeds, options.embed_hosts),
        shortcodes=options.shortcodes,
        max_post_bytes=options.max_post_kb * 1024,
        max_line_chars=options.max_line_chars,
        max_paragraph_chars=options.max_paragraph_chars,
        max_depth=options.max_depth,
        media_prefix=options.media_prefix,
    )


def load_catalogue(
    config: MkDocsConfig, options: FrontMatterConfig, cache: ParseCache | None = None
) -> tuple[Catalogue, list[BlogPlugin]]:
    """Read every post of the site's blogs into a catalogue: what the plugin does in
    `on_config` and `masthead check` does without building."""
    blogs = host.blog_plugins(config)
    if not blogs:
        raise PluginError(
            "masthead/frontmatter: Material's blog plugin is not enabled; "
            "add `- blog` under `plugins:` in mkdocs.yml"
        )
    catalogue = Catalogue(settings_from(options), config.docs_dir, host.project_dir(config), cache)
    catalogue.template_allowed = lambda name: host.post_template_allowed(config, name)
    catalogue.theme_has = lambda name: host.theme_has(config, name)
    catalogue.post_dirs = tuple(host.post_dir(b) for b in blogs)
    for blog in blogs:
        catalogue.add_authors_file(host.authors_file(blog))
    spec = config.exclude_docs
    catalogue.load(
        [host.post_dir(b) for b in blogs], lambda uri: bool(spec and spec.match_file(uri))
    )
    return catalogue, blogs


class FrontMatterPlugin(BasePlugin[FrontMatterConfig]):
    def __init__(self) -> None:
        self.cache = ParseCache()  # survives `serve` rebuilds; the catalogue does not
        self.renders = RenderCache()  # so does this
        self.catalogue: Catalogue | None = None
        self.serving = False
        self._temp: tempfile.TemporaryDirectory | None = None
        self._written: dict[str, bytes] = {}  # temp path -> digest of what we wrote
        self._blogs: dict[str, BlogPlugin] = {}  # posts folder -> its blog
        self._meta: dict[str, dict] = {}  # src_uri -> the post's whole page.meta
        self._now = datetime.now(UTC)  # one "now" per build: scheduled or not
        self._labels: dict[str, str] = {}  # Material's labels in the site's language
        self._feed_urls: list[str] = []  # site-relative folder of each blog's feed
        self._authors_files: dict[int, str] = {}  # each blog's own `authors_file`
        self._authors_written: set[str] = set()  # the files we point Material at
        self._published: dict[str, File] = {}  # post media by published path

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Before Material's blog plugin reads its authors file in its own `on_config`
    # (priority 0): the authors it reads must include those we register.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.catalogue = None
        self._meta = {}
        self._published = {}
        self._now = datetime.now(UTC)
        if not self.config.enabled:
            return None
        for blog in host.blog_plugins(config):
            # A second build with the same config object (MkDocs' API, tools) finds
            # Material pointed at the authors file we wrote: read the site's own again.
            if blog.config.authors_file in self._authors_written:
                blog.config.authors_file = self._authors_files[id(blog)]
            else:
                self._authors_files[id(blog)] = blog.config.authors_file
        catalogue, blogs = load_catalogue(config, self.config, self.cache)
        self._blogs = {host.post_dir(b): b for b in blogs}
        roots = (posixpath.normpath(b.config.blog_dir) for b in blogs)
        self._feed_urls = ["" if root == "." else root + "/" for root in roots]
        speedups.apply_for_build()
        self.renders.start_build(config, serving=self.serving and self.config.render_cache)
        if self.config.scheduled:
            for blog in blogs:  # read by Material in `on_files`, after this
                blog.config.draft_if_future_date = True

        # Material reads authors from the file its `authors_file` option names; we
        # point it at one that holds the site's authors plus those we registered.
        authors = yaml.safe_dump(catalogue.authors.as_material(), allow_unicode=True)
        path = self._write("authors.yml", authors)
        self._authors_written.add(path)
        for blog in blogs:
            blog.config.authors_file = path

        unwalkable = host.unwalkable_links(catalogue.tree, config)
        for path, finding in unwalkable:
            catalogue.report(path, finding.line, finding.code, finding.message, finding.fix)
        host.add_templates(config)
        if "redirects" in config.plugins:  # old `.html` URLs kept by `masthead import`
            host.allow_html_redirect_keys()
        if "assets/masthead/masthead.css" not in config.extra_css:
            config.extra_css.append("assets/masthead/masthead.css")
        click = self.config.sanitize and self.config.embeds == "click"
        if click and EMBEDS_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(EMBEDS_SCRIPT)
        host.set_catalogue(config, catalogue)
        self.catalogue = catalogue
        host.log_problems(log, catalogue.problems)
        host.raise_unwalkable(unwalkable)  # even in `serve`: MkDocs would not come back
        return config

    # First of all: nothing reads or copies a file that docs/ may not publish.
    @event_priority(100)
    def _screen(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        catalogue = self.catalogue
        if catalogue is None:
            return None
        screened = host.screen_files(files, catalogue.tree, config)
        for path, finding in [*screened, *host.keep_theme_scripts(files, config)]:
            problem = catalogue.report(
                path, finding.line, finding.code, finding.message, finding.fix
            )
            if problem:
                host.log_problems(log, [problem])
        return files

    # Before Material's blog plugin reads each post from disk (priority -50).
    @event_priority(50)
    def _translate_posts(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        catalogue = self.catalogue
        if catalogue is None:
            return None
        for uri in ASSETS:
            host.add_asset(files, config, uri)
        for file in list(files):
            if not file.is_documentation_page() or not self._in_posts(file.src_uri):
                continue
            if file.generated_by or not file.abs_src_path:
                continue  # another plugin's page: not a CMS post
            post = catalogue.posts.get(file.src_uri) or catalogue.add_post(file.src_uri)
            files.remove(file)
            if post.has_errors:
                if self.serving:
                    log.error(f"{post.path} is left out of this preview until its errors are fixed")
                continue
            blog = self._blogs.get(self._post_dir(file.src_uri))
            slugify = (
                (lambda t, b=blog: b.config.post_slugify(t, b.config.post_slugify_separator))
                if blog
                else None
            )
            text = generated_text(post, slugify)
            meta = self._meta[file.src_uri] = page_meta(post, slugify)
            # Shown as a mark on the card and the post when `serve` shows drafts.
            meta["masthead"]["status"] = post_status(
                post,
                future_is_draft=bool(blog and blog.config.draft_if_future_date),
                now=self._now,
            )
            temp = self._write(os.path.join("posts", file.src_uri), text)
            files.append(
                File.generated(config, file.src_uri, abs_src_path=temp, inclusion=file.inclusion)
            )
        return files

    # After Material's blog plugin (-50) and masthead/tags (-55) have given every page
    # its final path: a path out of the site folder is taken out of the build, and two
    # outputs that are one file (one would overwrite the other) are errors (the build
    # stops in `on_env`, once every check has spoken).
    @event_priority(-60)
    def _check_outputs(self, files: Files, *, config: MkDocsConfig) -> None:
        catalogue = self.catalogue
        if catalogue is None:
            return
        feeds = [url + "feed.xml" for url in self._feed_urls] if self.config.feed else []
        reserved = (*outputs.RESERVED, *feeds, *catalogue.reserved_outputs)
        listed = [outputs.output(f.dest_uri, f.src_uri) for f in files]
        by_output = dict(zip(map(id, listed), files, strict=True))
        outside, clashes = outputs.check_outputs(listed, reserved)
        problems = []
        for item in outside:
            file = by_output[id(item)]
            files.remove(file)
            post = catalogue.posts.get(file.src_uri)
            problems.append(
                catalogue.report(
                    post.path if post else self._shown(catalogue, file),
                    post.line("slug") if post and post.meta.slug else 1,
                    "output-outside",
                    f"this page would be written outside the site folder (at {item.dest}); "
                    "it is left out of the site",
                    "give it a `slug:` without `/` or `..`",
                )
            )
        for clash in clashes:
            named = [(o, by_output.get(id(o))) for o in clash.outputs]
            shown = {id(o): self._shown(catalogue, f) if f else o.owner for o, f in named}
            if clash.folder is not None:
                # Neither could be written: what docs/ brought goes (in `serve` too).
                (above, file_above), (below, file_below) = named
                ours = [f for f in (file_above, file_below) if f and not f.generated_by]
                for file in ours:
                    if files.get_file_from_path(file.src_uri) is file:
                        files.remove(file)
                where = ours[0] if ours else file_below
                problems.append(
                    catalogue.report(
                        self._shown(catalogue, where) if where else below.owner,
                        1,
                        "url-collision",
                        f"{shown[id(above)]} writes the file {above.path}, and "
                        f"{shown[id(below)]} needs a folder of that name for {below.path}; "
                        "what docs/ brought is left out of the site",
                        "rename or move it",
                    )
                )
                continue
            posts = [(o, catalogue.posts.get(f.src_uri)) for o, f in named if f]
            posts = [(o, p) for o, p in posts if p is not None]
            if not posts:  # pages that are not posts: one message, on the first
                first = clash.outputs[0]
                others = " and ".join(shown[id(o)] for o in clash.outputs[1:])
                problems.append(
                    catalogue.report(
                        shown[id(first)],
                        1,
                        "url-collision",
                        f"{first.path} is written by both this file and {others}; one "
                        "would overwrite the other",
                        "rename or move one of them",
                    )
                )
                continue
            for item, post in posts:
                others = ", ".join(shown[id(o)] for o in clash.outputs if o is not item)
                problems.append(
                    catalogue.report(
                        post.path,
                        post.line("slug") if post.meta.slug else post.line("title"),
                        "url-collision",
                        f"this post gets the URL /{by_output[id(item)].url}, which {others} "
                        "also gets; one would overwrite the other",
                        "give one of them a different `slug:` (or title or date)",
                    )
                )
        host.log_problems(log, [p for p in problems if p])

    # Right after Material's blog plugin (-50) has made its list of posts.
    @event_priority(-51)
    def _index_posts(self, files: Files, *, config: MkDocsConfig) -> None:
        if self.catalogue is not None:
            for blog in self._blogs.values():
                speedups.index_posts(blog)
            # Material publishes a posts folder's media without the posts folder
            # (`blog/posts/trip/a.png` at `blog/trip/a.png`): posts may name either.
            self._published = {
                f.dest_uri: f
                for f in files.media_files()
                if self._in_posts(f.src_uri) and f.dest_uri != f.src_uri
            }

    on_files = CombinedEvent(_screen, _translate_posts, _index_posts, _check_outputs)

    # First: every other plugin sees the post's whole front matter.
    @event_priority(100)
    def _complete_meta(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> None:
        """The keys the generated file left out (the CMS's own, masthead's data)."""
        meta = self._meta.get(page.file.src_uri)
        if meta is None:
            return
        for key, value in meta.items():
            page.meta.setdefault(key, value)
        self.renders.attach(page)

    # First, on the Markdown as written (lines are the file's): a page that is not a
    # post is published as written, so raw HTML in it that could run code is named.
    @event_priority(100)
    def _page_html(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        catalogue = self.catalogue
        if catalogue is None or page.file.src_uri in catalogue.posts or page.file.generated_by:
            return
        path, first = host.page_origin(page, config)
        for finding in unsafe_html(markdown, removed=False):
            problem = catalogue.report(
                path, first + finding.line, "page-html-unsafe", finding.message, PAGE_FIX
            )
            if problem:
                host.log_problems(log, [problem])

    # After Material's blog plugin (-50) has made the post's excerpt.
    @event_priority(-75)
    def _cards(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        info = page.meta.get("masthead") if self.catalogue else None
        if not isinstance(info, dict):
            return None
        if info.get("thumbnail"):
            found = self._site_file(files, info["thumbnail"])
            info["image"] = found.url if found else quote(info["thumbnail"])
            info["image_abs"] = urljoin(config.site_url, info["image"]) if config.site_url else None
        elif info.get("thumbnail_external"):
            info["image"] = info["image_abs"] = info["thumbnail_external"]
        excerpt = getattr(page, "excerpt", None)
        blog = self._blogs.get(self._post_dir(page.file.src_uri) or "")
        separator = blog.config.post_excerpt_separator if blog else None
        if (
            self.config.cards
            and excerpt is not None
            and (separator is None or separator not in markdown)
        ):
            use_summary_card(excerpt)
        elif excerpt is not None and self.config.sanitize and self.catalogue is not None:
            use_sanitized_excerpt(excerpt, self.catalogue.settings.embeds)
        return None

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Raw HTML in posts may link `/images/x.png`; MkDocs leaves it absolute, which
        breaks a site under a sub-path, so such links to site files become relative."""
        if self.catalogue is None or page.file.src_uri not in self.catalogue.posts:
            return None

        def resolve(path: str) -> str | None:
            found = self._site_file(files, path)
            return get_relative_url(found.url, page.url) if found else None

        html = relative_html_urls(html, resolve)
        if not self.config.sanitize:
            return html
        catalogue = self.catalogue
        html, lost = clean(html, catalogue.settings.embeds)
        if lost:  # what reading the Markdown did not name is named now (core/safety.py)
            post = catalogue.posts[page.file.src_uri]
            source = post.parsed.body.lstrip("\n")
            for finding in unforeseen(lost, page.markdown or "", source, catalogue.settings.embeds):
                line = (
                    post.parsed.markdown_line + finding.line
                    if finding.line >= 0
                    else max(1, post.parsed.body_line - 1)  # the front matter's end
                )
                problem = catalogue.report(
                    post.path, line, finding.code, finding.message, finding.fix
                )
                if problem:
                    host.log_problems(log, [problem])
        return html

    # After Material's blog plugin (0) has registered its `date` filter.
    @event_priority(-10)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """The card labels, translated once per build (calling Material's `lang.t`
        for every card of every index page is a measurable part of a large build), and
        `masthead_card`, which renders each summary card once per build."""
        if self.catalogue is None:
            return env
        if not self.serving:
            # Here, not when the errors were found: every page's Markdown has been
            # read by then, so the images and FAQ checks list their problems too.
            host.stop_if_errors(self.catalogue.problems, "the files of docs/ and the blog posts")
        speedups.remember_dates(env)
        env.globals["masthead_card"] = card_function(env)
        language = env.get_template("partials/language.html", globals={"config": config})
        env.globals["masthead_labels"] = self._labels = {
            key: str(language.module.t(key))
            for key in (
                "blog.continue",
                "readtime.one",
                "readtime.other",
                "blog.draft",
                "blog.categories.in",
                "search",
            )
        }
        return env

    on_page_markdown = CombinedEvent(_complete_meta, _page_html, _cards)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Every page links the blog's feed from its `<head>`, so feed readers find it
        from any address a reader pastes. Material's search dialog gets a name, which
        screen readers announce (axe-core's `aria-dialog-name`; Material 9.8 has none)."""
        if self.catalogue is None:
            return None
        label = html.escape(self._labels.get("search", "Search"))
        output = output.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG[:-1]} aria-label="{label}">', 1)
        if not self.config.feed:
            return output
        links = "".join(
            '<link rel="alternate" type="application/rss+xml" '
            f'title="{html.escape(config.site_name)}" '
            f'href="{html.escape(get_relative_url(url + "feed.xml", page.url))}">'
            for url in self._feed_urls
        )
        head = output.find("</head>")
        return output if head < 0 else output[:head] + links + output[head:]

    # After Material's search plugin (0) wrote its index: tags in it are escaped.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The feed of each blog: its newest published posts, never a draft or a
        scheduled post (not even in `serve`), never an archive or category page."""
        if self.catalogue is None:
            return
        host.escape_search_tags(config)
        if not self.config.feed:
            return
        for url, blog in zip(self._feed_urls, self._blogs.values(), strict=True):
            view = getattr(blog, "blog", None)
            posts = [
                post
                for post in getattr(view, "posts", [])
                if isinstance(post.meta.get("masthead"), dict)
                and not post.meta["masthead"].get("status")
            ]
            posts.sort(key=lambda p: p.config.date.created, reverse=True)
            host.write_feed(
                config,
                url,
                config.site_name,
                config.site_description or f"The newest posts of {config.site_name}",
                posts[: self.config.feed_items],
            )

    def on_shutdown(self) -> None:
        speedups.restore_after_build()
        if self._temp is not None:
            self._temp.cleanup()
            self._temp = None
            self._written.clear()

    # -- helpers -------------------------------------------------------------------------
    def _site_file(self, files: Files, path: str) -> File | None:
        """The file at docs path `path`, or the post media published at that path."""
        return files.get_file_from_path(path) or self._published.get(path)

    def _post_dir(self, src_uri: str) -> str | None:
        return next((d for d in self._blogs if src_uri.startswith(d + "/")), None)

    def _in_posts(self, src_uri: str) -> bool:
        return host.in_dirs(src_uri, list(self._blogs))

    def _write(self, relative: str, text: str) -> str:
        """Write into our temporary folder (never into docs/), only when changed, so an
        unchanged post keeps its mtime and `serve --dirty` skips it."""
        if self._temp is None:
            self._temp = tempfile.TemporaryDirectory(prefix="masthead-", dir=host.temp_root())
        path = os.path.join(self._temp.name, relative)
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if self._written.get(path) != digest or not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            self._written[path] = digest
        return path

    @staticmethod
    def _shown(catalogue: Catalogue, file: File) -> str:
        post = catalogue.posts.get(file.src_uri)
        if post:
            return post.path
        if file.generated_by:
            return f"the page {file.src_uri} made by {file.generated_by}"
        return catalogue.display(file.src_uri)
