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
    levels = c.DictOfItems(c.Choice(["error", "warn", "info", "ignore"]), default={})
    """Level per check, e.g. `{image-alt-missing: info, image-external: warn}`."""
