"""`masthead/images`: thin event handlers; the checks are in `masthead.core.images`."""

from __future__ import annotations

import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import checks, common, host
from ..core import images, variants
from ..core.problems import Finding, Levels, Problem, place
from .config import ImagesConfig
from .responsive import Responsive, recipe_of

log = get_plugin_logger(__name__)


def limits_from(options: ImagesConfig) -> images.Limits:
    """The images plugin's size and shape limits from its options."""
    return images.Limits(
        max_bytes=options.max_kb * 1024,
        thumbnail_min=(options.thumbnail_min_width, options.thumbnail_min_height),
        thumbnail_aspect=options.thumbnail_aspect,
        aspect_tolerance=options.aspect_tolerance,
        max_pixels=options.max_pixels,
    )


def levels_from(options: ImagesConfig) -> Levels:
    """The images plugin's `levels:` option as `Levels`."""
    return common.levels(options, "images")


def thumbnail_of(page: Page, config: MkDocsConfig) -> tuple[str | None, int]:
    """A post's thumbnail as written and its file line, from the catalogue if any."""
    catalogue = common.catalogue(config)
    post = catalogue.posts.get(page.file.src_uri) if catalogue else None
    if post is not None:
        return post.meta.thumbnail, post.line("thumbnail")
    value = page.meta.get("thumbnail")
    return (value, 1) if isinstance(value, str) else (None, 1)


class ImagesPlugin(BasePlugin[ImagesConfig]):
    """Checks every image a page or post uses, and every image no page uses."""

    def __init__(self) -> None:
        self.cache = images.ImageCache()  # survives `serve` rebuilds
        self.responsive = Responsive()  # its cache folder and workers survive them too
        self.serving = False
        self._reset()

    def _reset(self) -> None:
        self.index: images.FileIndex | None = None
        self.report = images.ImageReport()
        self.problems: list[Problem] = []
        self._seen: set[str] = set()  # pages whose Markdown was checked in this build
        self._levels = Levels()
        self._limits = images.Limits()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is `mkdocs serve`."""
        self.serving = command == "serve"

    # After masthead/frontmatter (50), which stops a build on a link MkDocs must not
    # walk; used alone, this plugin does that itself.
    @event_priority(40)
    def on_config(self, config: MkDocsConfig) -> None:
        """Levels and limits; used alone, stop on links MkDocs would follow without end."""
        self._reset()
        if self.config.enabled:
            self._levels = levels_from(self.config)
            self._limits = limits_from(self.config)
            recipe, wrong = recipe_of(self.config)
            if wrong:
                raise PluginError(f"masthead/images: {'; '.join(wrong)}")
            folder = None
            if self.config.responsive:
                project = common.project_dir(config)
                folder = os.path.join(project, self.config.cache_dir)
                wrong_folder = variants.cache_folder_problem(project, folder)
                if wrong_folder:
                    # A pull request may commit the folder as a link to anywhere: never
                    # read from it or write through it.
                    raise PluginError(
                        f"masthead/images: {self.config.cache_dir}: {wrong_folder}; "
                        "remove it (the build makes the folder) or set `cache_dir`"
                    )
            self.responsive.start(
                folder, recipe, serving=self.serving, max_pixels=self.config.max_pixels
            )
            if self.responsive.arrived:  # what made `serve` build again: say so
                log.info("images: smaller copies made in the background; the pages show them")
            if common.catalogue(config) is None:
                unwalkable = common.unwalkable_links(common.docs_tree(config), config)
                for path, finding in unwalkable:
                    self._add(finding, path)
                common.log_problems(log, self.problems)
                common.raise_unwalkable(unwalkable)

    # Last, so that files other plugins add are seen too: a file that is a link to a
    # place outside docs/ is taken out of the build before MkDocs copies it.
    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Index the files of docs/; take out those docs/ may not publish."""
        if not self.config.enabled:
            return None
        spec = config.exclude_docs
        self.index = images.FileIndex(
            config.docs_dir, lambda uri: bool(spec and spec.match_file(uri))
        )
        for folder, root in host.material.post_media_roots(config):
            self.index.publish_under(folder, root)
        self.responsive.index(files, config)
        # masthead/frontmatter screened the files first when it is on; this finds
        # nothing more then, and does the same when the plugin is used alone.
        for path, finding in common.screen_files(files, common.docs_tree(config), config):
            self._add(finding, path)
        return files

    # First among page handlers: the lines must be those of the file as written,
    # before the FAQ plugin rewrites its section.
    @event_priority(100)
    def _check_page(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Check the images of one page, on its Markdown as written."""
        if not self.config.enabled or self.index is None:
            return
        self._seen.add(page.file.src_uri)
        thumbnail, thumbnail_line = thumbnail_of(page, config)
        if not markdown.strip() and not thumbnail:
            return  # nothing to check (a post with no body still has its thumbnail)
        path, first = common.page_origin(page, config)
        self._check(markdown, page.file.src_uri, path, first, thumbnail, thumbnail_line)

    # After masthead/frontmatter placed the post's card image (-75), before its HTML is
    # made (so masthead/faq's structured data, at `on_page_content`, has the crops).
    @event_priority(-80)
    def _thumbnail(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        """A post's card image: its variants for the templates, its cropped copies for
        social cards and structured data."""
        if self.config.enabled and self.config.responsive:
            self.responsive.thumbnail(page, self._info, config.site_url)

    on_page_markdown = CombinedEvent(_check_page, _thumbnail)

    # After masthead/frontmatter (0), which makes a post's links relative and sanitizes
    # its HTML: the tags rewritten here are those the page will have.
    @event_priority(-50)
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Local images sized and lazy, and (`responsive`) in a `<picture>` of their
        variants."""
        if not self.config.enabled:
            return None
        return self.responsive.page_html(html, page, self._info, self.config.sizes)

    def _info(self, abs_path: str) -> images.ImageInfo:
        return self.cache.info(abs_path, self._limits.max_pixels)

    def _check(
        self,
        markdown: str,
        src_uri: str,
        path: str,
        first: int,
        thumbnail: str | None,
        thumbnail_line: int,
    ) -> None:
        """The checks on one page's images, its problems kept under `path`."""
        assert self.index is not None
        for finding in checks.image_findings(
            markdown,
            src_uri,
            self.index,
            self.cache,
            self._limits,
            self.report,
            first,
            thumbnail,
            thumbnail_line,
        ):
            self._add(finding, path)

    # After every page's Markdown was read and before any page is written: one report,
    # and errors stop the build before a broken site reaches site/.
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Check unrendered posts and unused images; report; stop on errors."""
        if not self.config.enabled or self.index is None:
            return env
        catalogue = common.catalogue(config)
        project = common.project_dir(config)
        # Posts the build does not render (drafts, scheduled and expired posts): their
        # images are checked all the same, as `masthead check` checks them, so a pull
        # request's draft with a missing image is caught before it is published.
        for post in catalogue.posts.values() if catalogue else []:
            if post.src_uri in self._seen or post.has_errors:
                continue
            markdown, first, thumbnail, thumbnail_line = checks.post_images_input(post)
            self._check(markdown, post.src_uri, post.path, first, thumbnail, thumbnail_line)
        self.responsive.finish(files, config)
        for source, why in self.responsive.failed:
            if not source:  # the cache folder's fault
                finding = Finding(
                    "image-cache",
                    1,
                    f"image variants cannot be written ({why})",
                    "make the folder writable (or remove what is in its place), "
                    "or set `cache_dir` for masthead/images",
                )
                self._add(finding, self.config.cache_dir)
                continue
            uri = os.path.relpath(source, config.docs_dir).replace(os.sep, "/")
            self._add(
                Finding(
                    "image-corrupt",
                    1,
                    f"cannot be read to make its smaller copies ({why})",
                    "export the image again, or set `responsive: false` for masthead/images",
                ),
                common.shown_path(config, uri, project),
            )
        avatars = [a.avatar for a in catalogue.authors.authors.values()] if catalogue else []
        for image, finding in images.unreferenced(
            self.index, self.config.images_dir, self.report, avatars
        ):
            self._add(finding, common.shown_path(config, image, project))
        counts = images.summary_counts(p.code for p in self.problems)
        log.info(
            f"images: {self.report.checked} checked, {self.report.external} external "
            f"(not fetched){'; ' + counts if counts else ''}"
        )
        common.log_problems(log, sorted(self.problems, key=lambda p: (p.path, p.line)))
        if not self.serving:
            common.stop_if_errors(self.problems, "the images")
        return env

    # Last: after MkDocs has written every page and file (the site folder is whole).
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """`build`: the image variants into the site (hard links to the cache)."""
        if self.config.enabled:
            self.responsive.publish(config.site_dir)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Watch the cache's `ready/` folder: variants made in the background are shown
        by the build their making starts."""
        folder = self.responsive.watch_folder() if self.config.enabled else None
        if folder is not None:
            server.watch(folder)
        return server

    def on_shutdown(self) -> None:
        """Stop the workers that make variants."""
        self.responsive.close()

    def forget(self, paths: set[str]) -> None:
        """Drop the problems of the pages at `paths` (shown paths): they are read again
        (a rebuild in place)."""
        self.problems = [p for p in self.problems if p.path not in paths]

    def problems_of(self, paths: set[str]) -> list[Problem]:
        """The problems of the pages at `paths` (shown paths), in line order."""
        return sorted((p for p in self.problems if p.path in paths), key=lambda p: (p.path, p.line))

    def _add(self, finding: Finding, path: str) -> None:
        problem = place(finding, path, self._levels)
        if problem:
            self.problems.append(problem)
