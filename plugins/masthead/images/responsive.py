"""Responsive images for `masthead/images`: which variants a build's pages use, made in
the background on both cores, kept in the cache folder, and published as files of the
build. The choices (names, widths, crops, the HTML) are in `core.variants` and
`core.picture`; this module ties them to MkDocs' files and pages.

`mkdocs build` waits for every variant its pages name (`finish`). `mkdocs serve` never
waits: a page names only the variants already made, the others are made in the
background, and when they are all made a file in the cache's `ready/` folder changes,
which `serve` watches: the next build (a whole one) shows them.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core import images, picture, variants
from ..core.picture import svg_size
from ..postinfo import PostInfo

FOLDER = "assets/masthead/images"  # where variants are published in the site
_BASE = "http://page.invalid/"  # resolves a page's relative `src` to a site path


def recipe_of(options: Any) -> tuple[variants.Recipe, list[str]]:
    """The recipe the images plugin's options ask for, and what is wrong with them."""
    wrong = []
    widths = tuple(sorted({w for w in options.widths if isinstance(w, int)}))
    if not widths or any(w < 16 or w > 8192 for w in widths):
        wrong.append(f"widths {list(options.widths)}: each must be 16 to 8192 pixels")
    quality = {"avif": 50, "webp": 75, "jpeg": 82}
    for fmt, value in dict(options.quality).items():
        if fmt not in quality:
            wrong.append(f"quality: unknown format {fmt!r}; use avif, webp or jpeg")
        elif not 1 <= value <= 100:
            wrong.append(f"quality of {fmt}: {value}; use 1 to 100")
        else:
            quality[fmt] = value
    return variants.Recipe(tuple(dict.fromkeys(options.formats)), widths, quality), wrong


class VariantsMoved(Exception):
    """A rebuild in place would change which variants a page names (a whole build
    does that: it publishes the new ones and removes the old)."""


class Responsive:
    """The variants of one build, and the cache and workers a `serve` session keeps."""

    def __init__(self) -> None:
        self.store: variants.Store | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._made: dict[str, Future[None]] = {}  # cache path -> its making
        self.made_since = False  # `serve`: variants were made since the last whole build
        self.start(None, variants.Recipe(), serving=False, max_pixels=0)

    # -- a build ---------------------------------------------------------------------------
    def start(
        self, folder: str | None, recipe: variants.Recipe, *, serving: bool, max_pixels: int
    ) -> None:
        """`on_config`: a new build, its variants kept in `folder` (None: off).
        `arrived`: variants made in the background since the last build (`serve`)."""
        self.arrived = serving and self.made_since
        self.enabled = folder is not None
        self.recipe, self.serving, self.max_pixels = recipe, serving, max_pixels
        if folder is not None and (self.store is None or self.store.folder != folder):
            self.store = variants.Store(folder)
        self.needed: dict[str, tuple[variants.Variant, str]] = {}  # published path -> (v, source)
        self._facts: dict[str, picture.Facts | None] = {}  # by source file
        self._by_url: dict[str, File] = {}
        self._files: Files | None = None
        self.published: set[str] = set()
        self.after_env = False
        self._shown: dict[str, set[str]] = {}  # page's file -> the variants it names
        # The originals this build read (those the index keeps), by path.
        self._originals: dict[str, variants.Original] = {}
        self._ready: set[str] = set()  # published paths of variants made before this build
        self.failed: list[tuple[str, str]] = []  # (source, why)
        self.made_since = False

    def index(self, files: Files, config: MkDocsConfig) -> None:
        """`on_files`: the site's images by the path they are published at."""
        self._files = files
        self._by_url = {unquote(f.url): f for f in files if f.is_media_file() and f.abs_src_path}

    # -- pages -----------------------------------------------------------------------------
    def page_html(self, html: str, page: Page, info_of: Any, sizes: str) -> str:
        """A page's HTML with its local images sized and lazy, and responsive when
        variants are on."""

        shown: set[str] = set()

        def facts_of(src: str) -> picture.Facts | None:
            file = self._file_at(src, page.url)
            if file is None:
                return None
            found = self.facts(file, info_of)
            if found is None or not found.sources:
                return found
            shown.update(u for s in found.sources for u, _ in s.srcset)
            return picture.Facts(
                found.width,
                found.height,
                tuple(
                    picture.Source(
                        s.mime, tuple((get_relative_url(u, page.url), w) for u, w in s.srcset)
                    )
                    for s in found.sources
                ),
            )

        html = picture.rewrite(html, facts_of, sizes)
        self._shows(page, "body", shown)
        return html

    def _shows(self, page: Page, part: str, paths: set[str]) -> None:
        """Note the variants a page names. A rebuild in place (after `on_env`) that
        would name others stops: only a whole build publishes and removes variants."""
        key = f"{page.file.src_uri}\0{part}"
        if self.after_env and self._shown.get(key, set()) != paths:
            raise VariantsMoved(f"the images {page.file.src_uri} shows changed")
        self._shown[key] = paths

    def _file_at(self, src: str, page_url: str) -> File | None:
        parts = urlsplit(urljoin(_BASE + page_url, src.strip()))
        if f"{parts.scheme}://{parts.netloc}/" != _BASE:
            return None  # another site, `data:`, ...
        return self._by_url.get(unquote(parts.path[1:]))

    def facts(self, file: File, info_of: Any) -> picture.Facts | None:
        """The pixels and variants (URLs relative to the site) of the image `file`."""
        source = file.abs_src_path or ""
        if source in self._facts:
            return self._facts[source]
        found = self._facts[source] = self._read(file, info_of(source))
        return found

    def _original(self, source: str) -> variants.Original | None:
        """What the store knows of the image file `source` (None: unreadable)."""
        if self.store is None:
            return None
        try:
            found = self._originals[source] = self.store.original(source)
        except OSError:
            return None
        return found

    def _read(self, file: File, info: images.ImageInfo) -> picture.Facts | None:
        source = file.abs_src_path or ""
        if info.format == "SVG":
            size = svg_size(source)
            return picture.Facts(*size) if size else None
        if info.problem or info.width <= 0 or info.height <= 0:
            return None
        if info.format not in variants.RASTER:
            return picture.Facts(info.width, info.height)
        original = self._original(source)
        if original is None:
            return picture.Facts(info.width, info.height)
        # As a browser shows it: an EXIF orientation of a quarter turn swaps the sides.
        width, height = (info.height, info.width) if original.turned else (info.width, info.height)
        if (
            not self.enabled
            or original.flat
            or original.animated
            or width < min(self.recipe.widths)
        ):
            return picture.Facts(width, height)  # no smaller, or no better, copy to make
        stem = variants.stem_of(file.src_uri)
        by_format: dict[str, list[tuple[str, int]]] = {}
        missing: list[variants.Variant] = []
        for variant in variants.resized(original.digest, width, height, self.recipe):
            url = self._use(variant, source, stem, missing)
            if url is not None:
                by_format.setdefault(variant.fmt, []).append((url, variant.width))
        self._make(missing, source, original.digest)
        sources = tuple(
            picture.Source(variants.FORMATS[fmt][0], tuple(found))
            for fmt, found in by_format.items()
        )
        return picture.Facts(width, height, sources)

    def thumbnail(self, page: Page, info_of: Any, site_url: str | None) -> None:
        """A post's card image: its pixels and variants for the templates, and its
        cropped copies for social cards and structured data."""
        info = PostInfo.of(page)
        if not self.enabled or info is None or not info.thumbnail or self._files is None:
            return
        file = self._files.get_file_from_path(info.thumbnail)
        if file is None or not file.abs_src_path:
            return self._shows(page, "card", set())
        facts = self.facts(file, info_of)
        if facts is None:
            return self._shows(page, "card", set())
        shown = {u for s in facts.sources for u, _ in s.srcset}
        info.picture = {
            "width": facts.width,
            "height": facts.height,
            "sources": [
                {"type": s.mime, "srcset": [list(x) for x in s.srcset]} for s in facts.sources
            ],
        }
        # Read by `facts` for a raster image (none for SVG or GIF: no crop of those).
        original = self._originals.get(file.abs_src_path)
        if original is None or original.animated or not site_url:
            return self._shows(page, "card", shown)  # (an animated crop: its first frame)
        stem = variants.stem_of(file.src_uri)
        crops: dict[str | None, str] = {}
        social_size = None
        missing: list[variants.Variant] = []
        width, height = facts.width, facts.height  # as shown (EXIF orientation applied)
        for variant in variants.cropped(original.digest, width, height, self.recipe):
            if (variant.width, variant.height) == (width, height) and not original.turned:
                url: str | None = file.url  # the image is that crop already
            else:
                url = self._use(variant, file.abs_src_path, stem, missing)
            if url is not None:
                crops[variant.crop] = urljoin(site_url, url)
                shown.add(url)
                if variant.crop == "og":
                    social_size = (variant.width, variant.height)
        self._make(missing, file.abs_src_path, original.digest)
        self._shows(page, "card", shown)
        if crops:
            info.set_crops(
                crops.get("og"),
                social_size,
                [crops[k] for k in ("16x9", "4x3", "1x1") if k in crops],
            )

    def _use(
        self, variant: variants.Variant, source: str, stem: str, missing: list[variants.Variant]
    ) -> str | None:
        """The variant's published path if a page may name it now (made, or being made
        for a build that waits for it); adds it to `missing` when it is not made."""
        assert self.store is not None
        path = f"{FOLDER}/{variant.name(stem)}"
        if self._files is not None and path not in self.needed:
            existing = self._files.get_file_from_path(path)
            if existing is not None and existing.generated_by is None:
                return None  # a file of the site's own at that path: it wins
        self.needed[path] = (variant, source)
        if self.store.has(variant):
            self._ready.add(path)
            return path
        missing.append(variant)
        return None if self.serving else path

    def _make(self, missing: list[variants.Variant], source: str, digest: str) -> None:
        """Make the variants `missing` of one image, in the background (one job: the
        image is read once)."""
        assert self.store is not None
        with self._lock:
            wanted = [
                (v, self.store.path(v))
                for v in missing
                if self.store.path(v) not in self._made or self._made[self.store.path(v)].done()
            ]
            if not wanted:
                return
            if self._pool is None:
                self._pool = ThreadPoolExecutor(os.cpu_count() or 2, "masthead-images")
            future = self._pool.submit(variants.make_all, source, wanted, self.max_pixels, digest)
            for _, target in wanted:
                self._made[target] = future
        if self.serving:
            future.add_done_callback(self._made_one)

    def _made_one(self, future: Future[None]) -> None:
        """`serve`: a variant is made; when none is left, tell the watcher."""
        if future.exception() is None:
            self.made_since = True
        with self._lock:
            pending = any(not f.done() for f in self._made.values())
            if not pending:
                self._made.clear()
        if not pending and self.made_since and self.store is not None:
            self.store.ready()

    # -- the end of a build ------------------------------------------------------------------
    def finish(self, files: Files, config: MkDocsConfig) -> None:
        """`on_env`: wait for the variants the pages name (`build`), and publish them as
        files of the build; what could not be made is in `failed`."""
        self.after_env = True
        if not self.enabled or self.store is None:
            return
        if not self.serving:
            with self._lock:
                waiting = dict(self._made)
            sources = {self.store.path(v): s for v, s in self.needed.values()}
            unmade = set()
            for target, future in waiting.items():
                error = future.exception()
                if error is None:
                    continue
                unmade.add(target)
                if isinstance(error, variants.CacheWriteError):
                    failed = ("", str(error))  # the cache's fault, not the image's
                else:
                    failed = (sources.get(target, ""), str(error) or type(error).__name__)
                if failed not in self.failed:
                    self.failed.append(failed)
            with self._lock:
                self._made.clear()
            failed_sources = {s for s, _ in self.failed}
            # Each named variant was made before (`_ready`) or now, unless it failed.
            self.published = {
                path
                for path, (variant, source) in self.needed.items()
                if source not in failed_sources and self.store.path(variant) not in unmade
            }
        else:  # `serve`: its pages name only what was made before the build
            self.published = set(self._ready)
            for path in sorted(self.published):
                cached = self.store.path(self.needed[path][0])
                # Files of the build: `serve`'s kept site copies only the new ones.
                files.append(File.generated(config, path, abs_src_path=cached))
        self.store.save(self._originals)

    def publish(self, site_dir: str) -> None:
        """`on_post_build` of `build`: the variants into the site, each a hard link to
        its copy in the cache (a copy where the two folders are on different disks):
        20,000 copies of small files cost a warm build seconds; links cost nothing.
        (`serve` publishes them as files of the build, which its kept site skips
        when they are there already.)"""
        if self.serving or self.store is None or not self.published:
            return
        folder = os.path.join(site_dir, *FOLDER.split("/"))
        os.makedirs(folder, exist_ok=True)  # every variant is in it: made once
        for path in sorted(self.published):
            cached = self.store.path(self.needed[path][0])
            target = os.path.join(folder, posixpath.basename(path))
            try:
                os.link(cached, target)
            except FileExistsError:  # a `--dirty` build keeps the site folder
                os.unlink(target)
                os.link(cached, target)
            except OSError:  # another disk: a copy
                shutil.copyfile(cached, target)

    def wait(self) -> bool:
        """Wait until the variants being made are made; returns whether any was made
        since the last whole build (what `serve`'s watcher reacts to; tests)."""
        with self._lock:
            making = list(self._made.values())
        for future in making:
            if future.exception() is None:
                self.made_since = True
        return self.made_since

    def watch_folder(self) -> str | None:
        """The folder `serve` watches to show variants once they are made."""
        if self.store is None:
            return None
        folder = os.path.join(self.store.folder, "ready")
        os.makedirs(folder, exist_ok=True)
        return folder

    def close(self) -> None:
        """`on_shutdown`: stop the workers (what they were making is finished)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
