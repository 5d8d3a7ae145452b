"""Responsive image variants: which to make of an image, their names, and making them.

A local raster image (PNG, JPEG, WebP) gets smaller copies in modern formats (AVIF and
WebP at a few widths) for `<picture>`/`srcset`, and a post's thumbnail gets cropped
copies for social cards and structured data (1200x630, 16:9, 4:3, 1:1, as JPEG). Each
variant is named by a digest of the original's bytes and of how it is made, so a variant
made once is reused by every later build (`Store`, a folder such as `.cache/masthead/`)
and a browser may cache it for ever. Pure: Pillow, no MkDocs import.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO

from PIL import Image, ImageOps

# Bumped when the way variants are made changes: every variant is made again.
RECIPE_VERSION = "1"
# Formats a variant may have, with the MIME type `<source type>` names and the file suffix.
FORMATS = {"avif": ("image/avif", "avif"), "webp": ("image/webp", "webp")}
# Originals that get variants (Pillow's format names). GIF is left alone: it may move.
RASTER = frozenset({"PNG", "JPEG", "WEBP"})
# Cropped copies of a thumbnail: (label, width, height). 1200x630 is the social card
# Open Graph asks for; the three ratios are those Google asks structured data to offer.
CROPS = (("og", 1200, 630), ("16x9", 1200, 675), ("4x3", 1200, 900), ("1x1", 1200, 1200))


@dataclass(frozen=True)
class Recipe:
    """How variants are made: formats, widths and quality per format."""

    formats: tuple[str, ...] = ("avif", "webp")
    widths: tuple[int, ...] = (480, 800, 1200)
    quality: Mapping[str, int] = field(default_factory=lambda: {"avif": 50, "webp": 75, "jpeg": 82})

    def token(self, fmt: str) -> str:
        """What of the recipe a variant of format `fmt` depends on (its name's digest)."""
        return f"{RECIPE_VERSION}:{fmt}:{self.quality.get(fmt, 0)}:{Image.__version__}"


@dataclass(frozen=True)
class Variant:
    """One file made from an original: its format, its pixels and its name."""

    fmt: str  # "avif", "webp" or "jpeg"
    width: int
    height: int
    key: str  # digest of the original's bytes and of how this is made
    crop: str | None = None  # a CROPS label, or None for a resized copy
    quality: int = 75

    @property
    def suffix(self) -> str:
        """The file suffix."""
        return "jpg" if self.fmt == "jpeg" else FORMATS[self.fmt][1]

    def name(self, stem: str) -> str:
        """The file name in the site: readable, and unique by its key."""
        label = self.crop or f"{self.width}w"
        return f"{stem}-{label}.{self.key[:12]}.{self.suffix}"

    @property
    def cache_name(self) -> str:
        """The file name in the cache."""
        return f"{self.key}.{self.suffix}"


def _key(digest: str, *parts: object) -> str:
    text = "\0".join([digest, *(str(p) for p in parts)])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def widths_for(width: int, recipe: Recipe) -> list[int]:
    """The widths to make of an image `width` pixels wide: the recipe's smaller ones and
    the image's own (up to the largest of the recipe); never wider than the image."""
    if width <= 0 or not recipe.widths:
        return []
    top = min(width, max(recipe.widths))
    return sorted({w for w in recipe.widths if 0 < w < top} | {top})


def scaled_height(width: int, height: int, to_width: int) -> int:
    """The height of an image `width` x `height` scaled to `to_width`, at least 1."""
    return max(1, round(height * to_width / width))


def resized(digest: str, width: int, height: int, recipe: Recipe) -> list[Variant]:
    """The resized variants of an image, smallest first within each format."""
    return [
        Variant(
            fmt,
            w,
            scaled_height(width, height, w),
            _key(digest, recipe.token(fmt), w),
            quality=recipe.quality.get(fmt, 75),
        )
        for fmt in recipe.formats
        if fmt in FORMATS
        for w in widths_for(width, recipe)
    ]


def cropped(digest: str, width: int, height: int, recipe: Recipe) -> list[Variant]:
    """The cropped JPEG copies of a thumbnail (centre crops, scaled down to fit; never
    scaled up: a small image gives smaller crops)."""
    found = []
    for label, w, h in CROPS:
        scale = min(1.0, width / w, height / h)
        cw, ch = max(1, round(w * scale)), max(1, round(h * scale))
        key = _key(digest, recipe.token("jpeg"), label, cw, ch)
        found.append(Variant("jpeg", cw, ch, key, label, recipe.quality.get("jpeg", 82)))
    return found


_STEM_RE = re.compile(r"[^a-z0-9]+")


def stem_of(path: str) -> str:
    """A safe, readable file stem from an image's path: `Guest Post Pitch.png` gives
    `guest-post-pitch`; anything else (unicode only, dots only) gives `image`."""
    base = os.path.splitext(os.path.basename(path))[0].lower()
    stem = _STEM_RE.sub("-", base).strip("-")[:60].strip("-")
    return stem or "image"


def make_all(
    source: str, wanted: list[tuple[Variant, str]], max_pixels: int, digest: str | None = None
) -> None:
    """Make each (variant, target) of the image file `source`, read once. Its bytes must
    still have `digest` (a save since the variants were named would put another picture
    under their names). Each file is written whole or not at all. Raises ValueError
    when the image cannot be read (whatever Pillow raised), CacheWriteError when a
    variant cannot be written."""
    with open(source, "rb") as handle:
        data = handle.read()
    if digest is not None and original_of(data).digest != digest:
        raise ValueError("it changed while its smaller copies were made; build again")
    # The pixel limit is checked here, on the header, before any pixel is decoded: not
    # through Pillow's global `MAX_IMAGE_PIXELS`, which other threads set and restore.
    try:
        with Image.open(io.BytesIO(data)) as opened:
            width, height = opened.size
            if width * height > max_pixels:
                raise ValueError(f"{width}x{height} pixels, more than {max_pixels:,}")
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except ValueError:
        raise
    except Exception as error:  # Pillow's readers raise many kinds on a broken file
        raise ValueError(str(error) or type(error).__name__) from None
    for variant, target in wanted:
        pixels = _pixels(image, variant)
        try:
            _write(pixels, variant, target)
        except OSError as error:
            raise CacheWriteError(f"{os.path.dirname(target)}: {error.strerror or error}") from None


def _write(image: Image.Image, variant: Variant, target: str) -> None:
    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            _save(image, variant, out)
        # Read-only: a site's copy may be a hard link to this file (images/responsive.py),
        # and a tool that rewrote the site's file in place would change the cache's.
        os.chmod(temporary, 0o444)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _pixels(image: Image.Image, variant: Variant) -> Image.Image:
    if image.mode.startswith("I;16") or image.mode == "I":
        # 16-bit grey: scaled to 8 bits (a plain conversion clips everything at 255)
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if variant.fmt == "jpeg" or image.mode not in ("RGB", "RGBA"):
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if variant.fmt == "jpeg" and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    size = (variant.width, variant.height)
    if size == image.size:
        return image
    # reducing_gap: a cheap box reduction first, then Lanczos on what is left (Pillow's
    # `thumbnail` does the same): several times faster, alike to the eye.
    box = crop_box(image.size, size) if variant.crop is not None else None
    return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def crop_box(have: tuple[int, int], want: tuple[int, int]) -> tuple[int, int, int, int]:
    """The centre of an image `have` (width, height) in the ratio of `want`."""
    (w, h), (tw, th) = have, want
    if w * th > h * tw:  # wider than wanted: the sides go
        cw = max(1, round(h * tw / th))
        left = (w - cw) // 2
        return (left, 0, left + cw, h)
    ch = max(1, round(w * th / tw))
    top = (h - ch) // 2
    return (0, top, w, top + ch)


def _save(image: Image.Image, variant: Variant, out: IO[bytes]) -> None:
    quality = max(1, min(100, variant.quality))
    # Speed over the last few per cent of bytes (measured on 1200-pixel images): AVIF
    # speed 8 is four times faster than libavif's default, WebP method 2 three times
    # faster than 4 for the same size, and JPEG's `optimize` ten times slower.
    if variant.fmt == "avif":
        image.save(out, "AVIF", quality=quality, speed=8)
    elif variant.fmt == "webp":
        image.save(out, "WEBP", quality=quality, method=2)
    else:
        image.save(out, "JPEG", quality=quality)


@dataclass(frozen=True)
class Original:
    """What the variants of an image depend on, read once per change of the file: a
    digest of its bytes, whether its EXIF orientation turns it a quarter (browsers show
    it turned: its width and height swap), whether it is flat artwork (a palette or
    1-bit PNG: a logo or a chart, which AVIF and WebP make larger, not smaller), and
    whether it moves."""

    digest: str
    turned: bool = False
    flat: bool = False
    animated: bool = False  # an animated WebP or PNG: a copy would be its first frame


def original_of(data: bytes) -> Original:
    """The `Original` of an image file's bytes (its header is read, no pixel decoded)."""
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    turned = flat = animated = False
    try:
        with Image.open(io.BytesIO(data)) as image:
            turned = image.getexif().get(0x0112) in (5, 6, 7, 8)
            flat = image.format == "PNG" and image.mode in ("P", "1")
            animated = bool(getattr(image, "is_animated", False))
    except Exception:  # not an image Pillow reads: the checks say so; no variant then
        pass
    return Original(digest, turned, flat, animated)


class CacheWriteError(OSError):
    """A variant could not be written into the cache folder (not the image's fault)."""


def cache_folder_problem(project: str, folder: str) -> str | None:
    """Why `folder` may not hold the cache: a symbolic link on the way to it from the
    project (a pull request could point it anywhere), or a file where a folder should
    be. Paths in the answer are relative to the project."""
    project, folder = os.path.abspath(project), os.path.abspath(folder)
    inside = not os.path.relpath(folder, project).startswith("..")
    here = project if inside else os.path.dirname(folder)
    for part in os.path.relpath(folder, here).split(os.sep):
        here = os.path.join(here, part)
        shown = os.path.relpath(here, project) if inside else here
        if os.path.islink(here):
            return f"{shown} is a symbolic link"
        if os.path.exists(here) and not os.path.isdir(here):
            return f"{shown} is a file, not a folder"
    return None


class Store:
    """The folder variants are kept in across builds, and what is known of each original
    (`Original`, by path and stamp, so a warm build reads no image's bytes)."""

    INDEX = "originals.json"

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._known: dict[str, tuple[list[int], Original]] = {}
        self._dirty = False
        try:
            with open(os.path.join(folder, self.INDEX), encoding="utf-8") as handle:
                loaded = json.load(handle)
            if isinstance(loaded, dict):
                for key, value in loaded.items():
                    stamp, digest, turned, flat, animated = value
                    if isinstance(stamp, list) and isinstance(digest, str):
                        found = Original(digest, turned is True, flat is True, animated is True)
                        self._known[key] = (stamp, found)
        except (OSError, ValueError, TypeError, AttributeError, RecursionError):
            self._known = {}  # a damaged (or hostile) index: the files are read again

    def path(self, variant: Variant) -> str:
        """Where `variant` is kept."""
        return os.path.join(self.folder, variant.key[:2], variant.cache_name)

    def has(self, variant: Variant) -> bool:
        """Whether `variant` was made already: a read-only regular file, as `make_all`
        leaves it. Not a link, and not a file a checkout wrote (Git writes files its
        owner may write): a pull request can commit the folder, and what it puts under
        a variant's name (a link to a secret, junk) is made again, never published."""
        try:
            found = os.lstat(self.path(variant))
        except OSError:
            return False
        return stat.S_ISREG(found.st_mode) and not found.st_mode & 0o222

    def ready(self) -> None:
        """Tell `serve`'s watcher (it watches `ready/`) that variants were made: a new
        file replaces the old (never written through whatever is there)."""
        folder = os.path.join(self.folder, "ready")
        try:
            os.makedirs(folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
            os.close(handle)
            os.replace(temporary, os.path.join(folder, "made"))
        except OSError:
            pass

    def original(self, source: str) -> Original:
        """What is known of the image file `source` (read again only when its stamp
        changed). Raises OSError when it cannot be read."""
        stat = os.stat(source)
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]
        known = self._known.get(source)
        if known is not None and known[0] == stamp:
            return known[1]
        with open(source, "rb") as handle:
            found = original_of(handle.read())
        self._known[source] = (stamp, found)
        self._dirty = True
        return found

    def save(self, keep: Iterable[str] | None = None) -> None:
        """Write down what is known of the originals (only those of `keep`, the
        originals this build used, when given). A read-only or missing folder is not an
        error: the next build reads the files again."""
        if keep is not None:
            kept = set(keep)
            if set(self._known) - kept:
                self._known = {k: v for k, v in self._known.items() if k in kept}
                self._dirty = True
        if not self._dirty:
            return
        data = {
            k: [v[0], v[1].digest, v[1].turned, v[1].flat, v[1].animated]
            for k, v in self._known.items()
        }
        try:
            os.makedirs(self.folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, sort_keys=True)
            os.replace(temporary, os.path.join(self.folder, self.INDEX))
            self._dirty = False
        except OSError:
            pass
