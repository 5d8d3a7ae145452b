"""Options of `masthead/images`."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ImagesConfig(Config):
    """The options of `masthead/images`."""

    enabled = c.Type(bool, default=True)
    """Switch the plugin off without removing it from `mkdocs.yml`."""
    images_dir = c.Type(str, default="images")
    """Folder under docs/ whose unreferenced images are listed."""
    max_kb = c.Type(int, default=500)
    """Size budget per image, in KB."""
    thumbnail_min_width = c.Type(int, default=1200)
    """Smallest thumbnail width that social cards show sharply."""
    thumbnail_min_height = c.Type(int, default=630)
    """Smallest thumbnail height."""
    thumbnail_aspect = c.Type(float, default=1.91)
    """Aspect ratio social cards use (width / height)."""
    aspect_tolerance = c.Type(float, default=0.15)
    """How far (as a fraction of the ratio) a thumbnail may be from it."""
    max_pixels = c.Type(int, default=40_000_000)
    """Images with more pixels are refused unopened (decompression bombs)."""
    responsive = c.Type(bool, default=True)
    """Give every local PNG, JPEG and WebP image a page shows `width`/`height`,
    `loading="lazy"` and a `<picture>` of smaller copies in modern formats, made at build
    time; thumbnails also get cropped copies for social cards and structured data."""
    formats = c.ListOfItems(c.Choice(["avif", "webp"]), default=["avif", "webp"])
    """Formats of the smaller copies, the browser's first choice first."""
    widths = c.ListOfItems(c.Type(int), default=[480, 800, 1200])
    """Widths of the smaller copies, in pixels (never wider than the image)."""
    quality = c.DictOfItems(c.Type(int), default={})
    """Quality per format, 1-100: `{avif: 50, webp: 75, jpeg: 82}` by default (JPEG: the
    cropped copies)."""
    sizes = c.Type(str, default="(min-width: 76.25em) 720px, 100vw")
    """The `sizes` of a post's images: how wide they are shown, for the browser's choice."""
    cache_dir = c.Type(str, default=".cache/masthead")
    """Where the copies are kept between builds, relative to mkdocs.yml (keep it out of
    Git; the deploy workflow caches it)."""
    levels = c.DictOfItems(c.Choice(["error", "warn", "info", "ignore"]), default={})
    """Level per check, e.g. `{image-alt-missing: info, image-external: warn}`."""
