"""`masthead/frontmatter`: thin event handlers. The work is in `masthead.core` (reading
and mapping posts), in this package's modules (one job each: `settings`, `translate`,
`outputs`, `cards`, `feeds`, `render_cache`) and in `masthead.host` (what relies on
MkDocs' and Material's internals)."""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import checks, common, host
from ..core import outputs as core_outputs
from ..core.catalogue import Catalogue, ParseCache
from ..core.safety import clean, unforeseen
from ..core.urls import bundle_html_urls, relative_html_urls
from ..host import material as host_material
from ..host import mkdocs as host_mkdocs
from ..host.material import BlogPlugin
from ..postinfo import PostInfo
from . import cards, feeds, incremental, related
from .config import FrontMatterConfig
from .outputs import check_outputs
from .page_memo import PageMemo
from .render_cache import RenderCache
from .settings import load_catalogue, settings_from
from .translate import Translation

__all__ = ["FrontMatterPlugin", "load_catalogue", "settings_from"]

log = get_plugin_logger(__name__)

# embeds.js swaps in the iframe of a click-to-load embed (core/embeds.py).
EMBEDS_SCRIPT = "assets/masthead/embeds.js"
ASSETS = ("assets/masthead/masthead.css", "assets/masthead/avatar.svg", EMBEDS_SCRIPT)


class FrontMatterPlugin(BasePlugin[FrontMatterConfig]):
    """Reads the CMS's posts into the build's catalogue and hands Material each post in
    its own vocabulary; draws cards, writes feeds, keeps renders during `serve`."""

    def __init__(self) -> None:
        self.cache = ParseCache()  # survives `serve` rebuilds; the catalogue does not
        self.renders = RenderCache()  # so does this
        self.translation = Translation()  # and the translated files' folder
        self.catalogue: Catalogue | None = None
        self.serving = False
        self.dirty = False
        self.speedups: dict[str, bool] = {}  # this build's: name -> applied
        self._blogs: dict[str, BlogPlugin] = {}  # posts folder -> its blog
        self._now = datetime.now(UTC)  # one "now" per build: scheduled or not
        self._labels: dict[str, str] = {}  # Material's labels in the site's language
        self._feed_urls: list[str] = []  # site-relative folder of each blog's feed
        self._published: dict[str, File] = {}  # post media by published path
        self.session = incremental.Session()  # `serve`: what a save may rebuild in place
        self.kept = host_mkdocs.KeptSite()  # `serve`: the site folder, kept between builds
        self.memo = PageMemo()  # `serve`: each page's rendered template, while it holds
        self.related: dict[str, list[str]] = {}  # this build's: post -> its related posts
        self.log = log

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is `mkdocs serve` (and whether `--dirty`, MkDocs' own
        partial rebuilds, which rebuilds in place leave to it)."""
        self.serving = command == "serve"
        self.dirty = dirty

    # Before Material's blog plugin reads its authors file in its own `on_config`
    # (priority 0): the authors it reads must include those we register. Before the
    # other masthead plugins (40 and 0), which find the catalogue made here.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Read every post into this build's catalogue; point Material at the authors."""
        self.catalogue = None
        fast = self.serving and not self.dirty and self.config.fast_rebuilds
        if fast and self.config.enabled:
            # The site folder is kept from one build to the next (each file's record
            # says whether it is still what was written; what is not is written again).
            if incremental.known_plugins(config):
                host.note_speedup(log, "site folder kept", self.kept.begin(config.site_dir))
            # Before anything is read: a save after this is seen by the next build.
            self.session.start(config)
        self.memo.start_build(fast and self.config.enabled and incremental.known_plugins(config))
        self._published = {}
        self._now = datetime.now(UTC)
        if not self.config.enabled:
            return None
        blogs = host_material.blog_plugins(config)
        self.translation.start_build(blogs)
        catalogue, blogs = load_catalogue(config, self.config, self.cache)
        self._blogs = {host_material.post_dir(b): b for b in blogs}
        roots = (posixpath.normpath(b.config.blog_dir) for b in blogs)
        self._feed_urls = ["" if root == "." else root + "/" for root in roots]
        self.speedups = host.apply_speedups(log) if self.config.speedups else {}
        if self.memo.enabled and self.config.speedups:  # put back in `_put_back`
            name = "Material's reading time and search entries kept"
            self.speedups[name] = host_material.remember_reads()
        self.renders.start_build(
            config, serving=self.serving and self.config.render_cache and self.config.speedups
        )
        if self.config.scheduled:
            for blog in blogs:  # read by Material in `on_files`, after this
                host_material.draft_future_posts(blog)
        self.translation.write_authors(catalogue, blogs)

        unwalkable = common.unwalkable_links(catalogue.tree, config)
        for path, finding in unwalkable:
            catalogue.report(path, finding.line, finding.code, finding.message, finding.fix)
        host_mkdocs.add_templates(config)
        if "redirects" in config.plugins:  # old `.html` URLs kept by `masthead import`
            host_mkdocs.allow_html_redirect_keys()
        if not self.config.theme_fonts:
            host_material.no_web_fonts(config)
        if "assets/masthead/masthead.css" not in config.extra_css:
            config.extra_css.append("assets/masthead/masthead.css")
        click = self.config.sanitize and self.config.embeds == "click"
        if click:
            common.add_script(config, EMBEDS_SCRIPT)
        self.catalogue = catalogue
        common.log_problems(log, catalogue.problems)
        common.raise_unwalkable(unwalkable)  # even in `serve`: MkDocs would not come back
        return config

    # First of all: nothing reads or copies a file that docs/ may not publish.
    @event_priority(100)
    def _screen(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        catalogue = self.catalogue
        if catalogue is None:
            return None
        screened = common.screen_files(files, catalogue.tree, config)
        project = common.project_dir(config)
        theirs = [
            (common.shown_path(config, uri, project), finding)
            for uri, finding in host_mkdocs.keep_theme_scripts(files, config)
        ]
        for path, finding in [*screened, *theirs]:
            problem = catalogue.report(
                path, finding.line, finding.code, finding.message, finding.fix
            )
            if problem:
                common.log_problems(log, [problem])
        return files

    # Before Material's blog plugin reads each post from disk (priority -50).
    @event_priority(50)
    def _translate_posts(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        catalogue = self.catalogue
        if catalogue is None:
            return None
        for uri in ASSETS:
            common.add_asset(files, config, uri)
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
            blog = self._blogs.get(self._post_dir(file.src_uri) or "")
            temp = self.translation.post(file.src_uri, post, blog, self._now)
            files.append(
                File.generated(config, file.src_uri, abs_src_path=temp, inclusion=file.inclusion)
            )
        return files

    # Right after Material's blog plugin (-50) has made its list of posts.
    @event_priority(-51)
    def _index_posts(self, files: Files, *, config: MkDocsConfig) -> None:
        if self.catalogue is not None:
            if self.config.speedups:
                name = "posts found fast in Material's lists"
                done = all([host_material.index_posts(b) for b in self._blogs.values()])
                host.note_speedup(log, name, done)
                self.speedups[name] = done
            # Material publishes a posts folder's media without the posts folder
            # (`blog/posts/trip/a.png` at `blog/trip/a.png`): posts may name either.
            self._published = {
                f.dest_uri: f
                for f in files.media_files()
                if self._in_posts(f.src_uri) and f.dest_uri != f.src_uri
            }
            self.related = self.find_related(config)

    # After Material's blog plugin (-50) and masthead/tags (-55) have given every page
    # its final path: a path out of the site folder is taken out of the build, and two
    # outputs that are one file (one would overwrite the other) are errors (the build
    # stops in `on_env`, once every check has spoken).
    @event_priority(-60)
    def _check_outputs(self, files: Files, *, config: MkDocsConfig) -> None:
        catalogue = self.catalogue
        if catalogue is None:
            return
        feed_files = [url + "feed.xml" for url in self._feed_urls] if self.config.feed else []
        reserved = (*core_outputs.RESERVED, *feed_files, *catalogue.reserved_outputs)
        common.log_problems(log, check_outputs(files, catalogue, reserved))

    on_files = CombinedEvent(_screen, _translate_posts, _index_posts, _check_outputs)

    # Last: the navigation and files every page is built with, for rebuilds in place.
    @event_priority(-100)
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> None:
        """Keep the build's files and navigation (`serve`)."""
        if self.serving:
            self.session.saw(files=files, nav=nav)

    # First: every other plugin sees the post's whole front matter.
    @event_priority(100)
    def _complete_meta(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> None:
        """The keys the generated file left out (the CMS's own, masthead's data)."""
        if self.translation.complete_meta(page.file.src_uri, page.meta):
            self.renders.attach(page)

    # First, on the Markdown as written (lines are the file's): a page that is not a
    # post is published as written, so raw HTML in it that could run code is named.
    @event_priority(100)
    def _page_html(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        catalogue = self.catalogue
        if catalogue is None or page.file.src_uri in catalogue.posts or page.file.generated_by:
            return
        path, first = common.page_origin(page, config)
        for finding in checks.page_html_findings(markdown, first):
            problem = catalogue.report(
                path, finding.line, finding.code, finding.message, finding.fix
            )
            if problem:
                common.log_problems(log, [problem])

    # After Material's blog plugin (-50) has made the post's excerpt.
    @event_priority(-75)
    def _cards(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        catalogue = self.catalogue
        info = PostInfo.of(page) if catalogue else None
        if catalogue is None or info is None:
            return None
        cards.place_image(
            info,
            config.site_url,
            lambda path: found.url if (found := self._site_file(files, path)) else None,
        )
        blog = self._blogs.get(self._post_dir(page.file.src_uri) or "")
        cards.prepare_excerpt(
            page,
            markdown,
            host_material.excerpt_separator(blog),
            cards=self.config.cards,
            sanitize=self.config.sanitize,
            embeds=catalogue.settings.embeds,
        )
        return None

    # After `_complete_meta` (100): the post's masthead data is in its meta.
    @event_priority(-75)
    def _related(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        options = self.config.related_posts
        info = PostInfo.of(page) if self.catalogue is not None and options.enabled else None
        if info is not None and self.catalogue is not None:
            uris = self.related.get(page.file.src_uri, [])
            info.set_related(related.links(uris, self.catalogue, files), options.heading)

    on_page_markdown = CombinedEvent(_complete_meta, _page_html, _cards, _related)

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Raw HTML in posts may link `/images/x.png`; MkDocs leaves it absolute, which
        breaks a site under a sub-path, so such links to site files become relative.
        Then the post's HTML is sanitized, and what reading its Markdown did not name
        is named now (core/safety.py)."""
        if self.catalogue is None or page.file.src_uri not in self.catalogue.posts:
            return None

        def resolve(path: str) -> str | None:
            found = self._site_file(files, path)
            return get_relative_url(found.url, page.url) if found else None

        html = relative_html_urls(html, resolve)

        def beside_the_post(path: str) -> str | None:
            # Right as it is (MkDocs made it, or it names a file from the page's URL)?
            here = urljoin("/" + page.url, path).lstrip("/")
            if self._site_file(files, here) is not None:
                return None
            there = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), path))
            found = None if there.startswith("../") else self._site_file(files, there)
            return get_relative_url(found.url, page.url) if found else None

        html = bundle_html_urls(html, beside_the_post)
        if not self.config.sanitize:
            return html
        catalogue = self.catalogue
        html, lost = clean(html, catalogue.settings.embeds)
        if lost:
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
                    common.log_problems(log, [problem])
        return html

    # After Material's blog plugin (0) has registered its `date` filter.
    @event_priority(-10)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """The card labels, translated once per build (calling Material's `lang.t`
        for every card of every index page is a measurable part of a large build), and
        `masthead_card`, which renders each summary card once per build."""
        if self.catalogue is None:
            return env
        if not self.serving:
            # Here, not when the errors were found: every page's Markdown has been
            # read by then, so the images and FAQ checks list their problems too.
            common.stop_if_errors(self.catalogue.problems, "the files of docs/ and the blog posts")
        if self.config.speedups:
            name, done = "Material's dates formatted once", host_material.remember_dates(env)
            host.note_speedup(log, name, done)
            self.speedups[name] = done
        env.globals["masthead_card"] = cards.card_function(env)
        env.globals["masthead_labels"] = self._labels = host_material.labels(env, config)
        if self.serving:
            self.session.saw(env=env)
            tags = config.plugins.get("masthead/tags")
            self.memo.site(
                config,
                self.session.nav,
                self.session.outside(config),
                tags.chip_link if tags is not None else None,
                self.session.wide,
            )
            host.note_speedup(log, "pages rendered once", self.memo.install(env))
        return env

    # Last of all: the page's context is what its template will be given.
    @event_priority(-1000)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """The key of the page's render (page_memo.py), in `serve`."""
        self.memo.mark(context, page)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Material's search dialog gets a name; every page links the feeds."""
        if self.catalogue is None:
            return None
        output = host_material.name_search_dialog(output, self._labels.get("search", "Search"))
        if not self.config.feed:
            return output
        return feeds.head_links(output, page.url, self._feed_urls, config.site_name)

    # After Material's search plugin (0) wrote its index: tags in it are escaped.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Search tags escaped; the feed of each blog written; MkDocs and Material put
        back as they were (also when a program builds without `on_shutdown`)."""
        if self.catalogue is None:
            return
        host.report_speedups(log, self.speedups)
        host_material.escape_search_tags(config)
        self.write_feeds(config)
        self._put_back()
        if self.serving:
            self.memo.finish_build()
            removed = self.kept.end()  # last: after every file of the build was written
            log.debug(f"site folder kept: {self.kept.kept} files not written again, {removed} gone")
            self.session.finish(config)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves MkDocs and Material as they were too."""
        self._put_back()
        self.kept.abandon()
        self.session.fail()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """A save that changes only what posts say is rebuilt in place (incremental.py)."""
        if self.config.enabled and self.config.fast_rebuilds and not self.dirty:
            done = host_mkdocs.wrap_builder(server, self.session.wrap(self))
            host.note_speedup(log, "rebuilds in place", done)
        return server

    def _put_back(self) -> None:
        host.restore_speedups()
        host_material.forget_reads()
        host_mkdocs.drop_html_redirect_keys()

    def on_shutdown(self) -> None:
        """Undo the speed-ups; remove the translated files."""
        self._put_back()
        self.kept.put_back()
        self.translation.cleanup()

    # -- helpers -------------------------------------------------------------------------
    def write_feeds(self, config: MkDocsConfig) -> None:
        """Each blog's feed (when `feed` is on)."""
        if self.config.feed:
            feeds.write_feeds(config, self._blogs, self._feed_urls, self.config.feed_items)

    def find_related(self, config: MkDocsConfig) -> dict[str, list[str]]:
        """Each post's related posts (core/related.py), from the catalogue as it is now."""
        options = self.config.related_posts
        if self.catalogue is None or not options.enabled:
            return {}
        return related.find(self.catalogue, self._blogs, config, options.count, self._now)

    def blog_of(self, src_uri: str) -> BlogPlugin | None:
        """The blog whose posts folder holds `src_uri`."""
        return self._blogs.get(self._post_dir(src_uri) or "")

    @property
    def build_now(self) -> datetime:
        """This build's "now": scheduled or not."""
        return self._now

    def _site_file(self, files: Files, path: str) -> File | None:
        """The file at docs path `path`, or the post media published at that path."""
        return files.get_file_from_path(path) or self._published.get(path)

    def _post_dir(self, src_uri: str) -> str | None:
        return next((d for d in self._blogs if src_uri.startswith(d + "/")), None)

    def _in_posts(self, src_uri: str) -> bool:
        return common.in_dirs(src_uri, list(self._blogs))
