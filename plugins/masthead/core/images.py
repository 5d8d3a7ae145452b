"""Image references in Markdown, the files they point to, and the checks on both.

Pure apart from reading files: headers only (never whole images), results cached by
path, size and mtime so a rebuild re-reads nothing that did not change.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PIL import Image, UnidentifiedImageError

from .code import prose
from .mapping import resolve_reference
from .problems import Finding

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
FORMATS = {  # Pillow's format name -> the suffixes it may carry
    "PNG": (".png",),
    "JPEG": (".jpg", ".jpeg"),
    "GIF": (".gif",),
    "WEBP": (".webp",),
    "AVIF": (".avif",),
}
# Every pattern here runs in time linear in the line (tests/test_bounded.py times them
# on hostile lines). A search tries each position in turn, so no part of a pattern may
# run on past the place where the next attempt would start: the parts after `![` stop
# at any `[` (which begins the next image) and a tag's body stops at any `<`.
_INLINE_RE = re.compile(
    r"!\[(?P<alt>[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]"
    r"\(\s*(?:<(?P<angle>[^<>\[\]]*)>|(?P<url>[^)\s\[\]]*(?:\s+(?![\"'(])[^)\s\[\]]+)*))"
    r"(?:\s+(?:\"[^\"\[\]]*\"|'[^'\[\]]*'|\([^()\[\]]*\)))?\s*\)"
)
_REF_USE_RE = re.compile(r"!\[(?P<alt>[^\[\]]*)\](?:\[(?P<ref>[^\[\]]*)\])?(?![(:])")
_REF_DEF_RE = re.compile(r"^\s{0,3}\[(?P<ref>[^\]]+)\]:\s*(?:<(?P<angle>[^>]*)>|(?P<url>\S+))")
_IMG_TAG_RE = re.compile(r"<img\b[^<>]*>", re.I)
_SOURCE_TAG_RE = re.compile(r"<source\b[^<>]*>", re.I)
# A name starts only where a run of name characters starts (the look-behind): else a
# long run followed by no `=` would be scanned again from each of its characters.
_ATTR_RE = re.compile(
    r"""(?<![\w-])(?P<name>[\w-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))"""
)
# A URL scheme (`https:`, `javascript:`) and a Windows drive (`C:\`).
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_DRIVE_RE = re.compile(r"^[a-zA-Z]:[\\/]")
# Alt text that says nothing: a file name, or a generic word.
_FILENAME_ALT_RE = re.compile(
    r"^(?:img|image|photo|picture|screenshot|dsc|pxl|screen ?shot)?[\w\s.-]*"
    r"\.(?:png|jpe?g|gif|webp|avif|svg|heic)$|^(?:image|img|photo|picture|screenshot|"
    r"untitled|placeholder)\s*\d*$",
    re.I,
)


@dataclass
class ImageRef:
    """An image a page names: its address, where, its alt text and how it was written."""

    url: str
    line: int  # 0-based line of the Markdown it is in
    alt: str | None  # None: an <img> without an alt attribute; "" for empty alt
    kind: str  # "markdown", "reference", "html", "srcset", "thumbnail"


def find_images(markdown: str) -> list[ImageRef]:
    """Every image a Markdown text shows: inline, reference style, <img>, <source srcset>.
    What Python-Markdown renders as code (fenced and indented blocks, code spans) and
    HTML comments are skipped (core/code.py)."""
    visible = prose(markdown).split("\n")
    definitions = _definitions(visible)
    found: list[ImageRef] = []
    for index, text in enumerate(visible):
        if "![" not in text and "<" not in text:
            continue
        _markdown_images(text, index, definitions, found)
        _html_images(text, index, found)
    return found


def _definitions(visible: list[str]) -> dict[str, str]:
    """The reference definitions (`[id]: url`) of the lines, by key; the first wins."""
    definitions: dict[str, str] = {}
    for text in visible:
        definition = _REF_DEF_RE.match(text) if "]:" in text else None
        # `[^1]: text` is a footnote (Python-Markdown's footnotes), not a link target.
        if definition and not definition.group("ref").startswith("^"):
            url = definition.group("angle") or definition.group("url") or ""
            definitions.setdefault(_ref_key(definition.group("ref")), url)
    return definitions


def _markdown_images(
    text: str, index: int, definitions: dict[str, str], found: list[ImageRef]
) -> None:
    """The inline (`![alt](url)`) and reference style (`![alt][id]`) images of line
    `index`, added to `found`."""
    taken: list[tuple[int, int]] = []
    for match in _INLINE_RE.finditer(text):
        url = match.group("angle") if match.group("angle") is not None else match.group("url")
        found.append(ImageRef((url or "").strip(), index, match.group("alt"), "markdown"))
        taken.append(match.span())
    for match in _REF_USE_RE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        key = _ref_key(match.group("ref") or match.group("alt"))
        if key in definitions:
            found.append(ImageRef(definitions[key], index, match.group("alt"), "reference"))


def _html_images(text: str, index: int, found: list[ImageRef]) -> None:
    """The `<img src>` and `<source srcset>` images of line `index`, added to `found`."""
    for match in _IMG_TAG_RE.finditer(text):
        attrs = _attributes(match.group())
        if "src" in attrs:
            found.append(ImageRef(attrs["src"].strip(), index, attrs.get("alt"), "html"))
    for match in _SOURCE_TAG_RE.finditer(text):
        attrs = _attributes(match.group())
        for candidate in attrs.get("srcset", "").split(","):
            url = candidate.strip().split(" ")[0] if candidate.strip() else ""
            if url:
                found.append(ImageRef(url, index, "", "srcset"))


def _ref_key(ref: str) -> str:
    return " ".join(ref.lower().split())


def _attributes(tag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for match in _ATTR_RE.finditer(tag):
        value = match.group("dq")
        if value is None:
            value = match.group("sq") if match.group("sq") is not None else match.group("bare")
        out.setdefault(match.group("name").lower(), value)
    return out


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


class FileIndex:
    """The files under docs/, by their real names, read once per build."""

    def __init__(self, docs_dir: str, excluded: Callable[[str], bool] = lambda _: False) -> None:
        self.docs_dir = os.path.abspath(docs_dir)
        self._real_docs = os.path.realpath(self.docs_dir)
        self.files: set[str] = set()
        self.dirs: set[str] = set()
        self.linked: set[str] = set()  # symbolic links, and everything reached through one
        self._folded: dict[str, list[str]] = {}
        self.published: dict[str, str] = {}  # published path -> docs path (`publish_under`)
        self._walk(self.docs_dir, "", False, excluded, {self._real_docs})

    def _walk(
        self,
        folder: str,
        rel: str,
        linked: bool,
        excluded: Callable[[str], bool],
        seen: set[str],
    ) -> None:
        """Like MkDocs, follow links to folders; unlike `os.walk`, note which entries are
        links (scandir knows without another system call)."""
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = f"{rel}/{entry.name}" if rel else entry.name
            if excluded(path):
                continue
            is_link = linked or entry.is_symlink()
            if is_link:
                self.linked.add(path)
            self._folded.setdefault(_fold(path), []).append(path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                self.files.add(path)
                continue
            self.dirs.add(path)
            real = os.path.realpath(entry.path) if is_link else None
            if real is not None and real in seen:
                continue  # a link back up the tree
            self._walk(entry.path, path, is_link, excluded, seen | ({real} if real else set()))

    def exact(self, path: str) -> bool:
        """Whether `path` is a file of the docs folder as written (case included)."""
        return path in self.files

    def publish_under(self, folder: str, root: str) -> None:
        """Files under `folder` are published under `root` (Material's blog publishes
        `blog/posts/x/a.png` at `blog/x/a.png`): a post may name them either way."""
        prefix = folder.strip("/") + "/"
        base = "" if root.strip("/") in ("", ".") else root.strip("/") + "/"
        for path in [p for p in self.files if p.startswith(prefix)]:
            self.published.setdefault(base + path[len(prefix) :], path)

    def source_of(self, path: str) -> str:
        """The docs file published at `path` (itself, unless it is a post's media)."""
        return path if path in self.files else self.published.get(path, path)

    def same_but_case(self, path: str) -> str | None:
        """The real name of a file that matches `path` but for case or Unicode form."""
        for real in self._folded.get(_fold(path), []):
            if real != path and real in self.files:
                return real
        return None

    def outside(self, path: str) -> bool:
        """Whether the file is (or is reached through) a link that leads outside docs/."""
        if path not in self.linked:
            return False
        real = os.path.realpath(os.path.join(self.docs_dir, path))
        return os.path.commonpath([real, self._real_docs]) != self._real_docs

    def nearest(self, path: str) -> str | None:
        """The image whose name is closest to `path`'s, in its folder first."""
        images = [
            f for f in self.files | self.published.keys() if f.lower().endswith(IMAGE_SUFFIXES)
        ]
        folder = posixpath.dirname(path)
        near = [f for f in images if posixpath.dirname(f) == folder] or images
        names: dict[str, list[str]] = {}
        for found in sorted(near):
            names.setdefault(posixpath.basename(found).lower(), []).append(found)
        close = difflib.get_close_matches(posixpath.basename(path).lower(), sorted(names), 1, 0.6)
        if not close:
            return None
        # Of the files with that name (a `thumbnail.png` in every post's folder), the one
        # whose whole path is most like `path`; the first in sorted order on a tie.
        same = names[close[0]]
        return max(same, key=lambda f: difflib.SequenceMatcher(None, f, path).ratio())

    def images_under(self, folder: str) -> list[str]:
        """The images under `folder`, sorted."""
        prefix = folder.strip("/") + "/"
        return sorted(
            f for f in self.files if f.startswith(prefix) and f.lower().endswith(IMAGE_SUFFIXES)
        )


@dataclass(frozen=True)
class ImageInfo:
    """What reading an image file found: its size, format and pixels, or its problem."""

    size: int
    format: str | None = None
    width: int = 0
    height: int = 0
    problem: str | None = None  # why the file is not a usable image
    code: str = "image-corrupt"  # the check that problem belongs to


@dataclass(frozen=True)
class Limits:
    """The sizes a site asks of its images and thumbnails."""

    max_bytes: int = 500 * 1024
    thumbnail_min: tuple[int, int] = (1200, 630)
    thumbnail_aspect: float = 1.91
    aspect_tolerance: float = 0.15  # fraction of the target ratio
    max_pixels: int = 40_000_000


class ImageCache:
    """`ImageInfo` per file, kept while size and mtime stay the same; `reads` counts the
    files actually opened, so tests can tell that a rebuild re-read nothing."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int], ImageInfo]] = {}
        self.reads = 0

    def info(self, abs_path: str, max_pixels: int) -> ImageInfo:
        """What the image file `abs_path` is (read again only when it changed)."""
        try:
            stat = os.stat(abs_path)
        except OSError as error:
            return ImageInfo(0, problem=f"cannot be read ({error.strerror})")
        stamp = (stat.st_size, stat.st_mtime_ns)
        entry = self._entries.get(abs_path)
        if entry and entry[0] == stamp:
            return entry[1]
        self.reads += 1
        info = inspect(abs_path, stat.st_size, max_pixels)
        self._entries[abs_path] = (stamp, info)
        return info


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _header_size(head: bytes) -> tuple[str, int, int] | None:
    """(format, width, height) of a PNG, GIF or JPEG from its first bytes, or None.

    The common formats read straight from their headers: several times faster than
    Pillow's `open`, which probes its plugins. Anything else goes to Pillow."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR" and len(head) >= 24:
        return "PNG", int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        return "GIF", int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    if head.startswith(b"\xff\xd8"):
        at = 2
        while at + 9 < len(head):
            if head[at] != 0xFF:
                return None
            marker = head[at + 1]
            if marker in _SOF:
                height = int.from_bytes(head[at + 5 : at + 7], "big")
                width = int.from_bytes(head[at + 7 : at + 9], "big")
                return "JPEG", width, height
            if marker == 0xFF:
                at += 1
                continue
            at += 2 + int.from_bytes(head[at + 2 : at + 4], "big")
    return None


def inspect(abs_path: str, size: int, max_pixels: int) -> ImageInfo:
    """Format and dimensions from the header, and whether the file ends where its
    format says it must; the pixels are never decoded."""
    if size == 0:
        return ImageInfo(0, problem="is an empty file (0 bytes)")
    if abs_path.lower().endswith(".svg"):
        return ImageInfo(size, "SVG")
    try:
        with open(abs_path, "rb") as handle:
            head = handle.read(65536)
            handle.seek(-min(size, 64), os.SEEK_END)
            tail = handle.read()
    except OSError as error:
        return ImageInfo(size, problem=f"cannot be read ({error.strerror})")
    quick = _header_size(head)
    if quick and quick[1] and quick[2]:
        fmt, width, height = quick
        return _judge(size, fmt, width, height, max_pixels, _ends_well(fmt, tail, head, size))
    return _with_pillow(abs_path, size, max_pixels, tail, head)


def _judge(
    size: int, fmt: str | None, width: int, height: int, max_pixels: int, complete: bool
) -> ImageInfo:
    if width * height > max_pixels:
        return ImageInfo(
            size,
            fmt,
            width,
            height,
            f"is {width}x{height} pixels, more than {max_pixels:,} (refused)",
            "image-bomb",
        )
    if not complete:
        return ImageInfo(size, fmt, width, height, "is cut short (truncated)")
    return ImageInfo(size, fmt, width, height)


def _with_pillow(abs_path: str, size: int, max_pixels: int, tail: bytes, head: bytes) -> ImageInfo:
    """Formats the header reader does not know (WebP, AVIF, ...), and anything odd."""
    # Opening reads the header only; no pixel is decoded here. Pillow's own bomb guard
    # would refuse a huge image before telling its size, so it is lifted for the header
    # read and our limit (below) refuses it, naming the dimensions.
    guard = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(abs_path) as image:
                fmt, (width, height) = image.format, image.size
    except UnidentifiedImageError:
        return ImageInfo(size, problem="is not an image Pillow can read (corrupt or not an image)")
    except OSError as error:
        return ImageInfo(size, problem=f"cannot be read ({error})")
    finally:
        Image.MAX_IMAGE_PIXELS = guard
    return _judge(size, fmt, width, height, max_pixels, _ends_well(fmt, tail, head, size))


def _ends_well(fmt: str | None, tail: bytes, head: bytes, size: int) -> bool:
    """Whether the file ends where its format says (PNG IEND, JPEG EOI, GIF `;`, the
    RIFF size of WebP): a cheap test for a truncated upload."""
    if fmt == "PNG":
        return b"IEND" in tail[-12:]
    if fmt == "JPEG":
        return tail.rstrip(b"\x00").endswith(b"\xff\xd9")
    if fmt == "GIF":
        return tail.endswith(b";")
    if fmt == "WEBP":
        return int.from_bytes(head[4:8], "little") + 8 <= size
    return True


@dataclass
class ImageReport:
    """What the image checks found in one build (or one `masthead check`)."""

    checked: int = 0
    external: int = 0
    referenced: set[str] = field(default_factory=set)


def size_text(size: int) -> str:
    """A file size as a message shows it: `512 KB`, `1.5 MB`."""
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


_Add = Callable[[str, str, str], None]  # adds a finding (code, message, fix)


def check_reference(
    ref: ImageRef,
    src_uri: str,
    index: FileIndex,
    cache: ImageCache,
    limits: Limits,
    report: ImageReport,
) -> list[Finding]:
    """The checks on one image reference of the page at `src_uri`."""
    findings: list[Finding] = []

    def add(code: str, message: str, fix: str) -> None:
        findings.append(Finding(code, ref.line, message, fix))

    local = _local_path(ref.url, src_uri, index, report, add)
    if local is None:
        return findings
    report.checked += 1
    if ref.kind != "thumbnail":
        _check_alt(ref, local, add)
    if not index.exact(local):
        _check_missing(ref.url, local, index, report, add)
        return findings
    report.referenced.add(local)
    if index.outside(local):
        add(
            "image-outside",
            f"image {ref.url} is a link to a file outside the docs folder",
            "replace the link with a copy of the image",
        )
        return findings
    info = cache.info(os.path.join(index.docs_dir, local), limits.max_pixels)
    if info.problem:
        fix = (
            "resize it (a few thousand pixels a side are plenty for a web page)"
            if info.code == "image-bomb"
            else "export the image again from your editor"
        )
        add(info.code, f"image {ref.url} {info.problem}", fix)
        return findings
    _check_file(ref.url, local, info, limits, add)
    if ref.kind == "thumbnail" and info.width:
        _check_thumbnail(ref.url, info, limits, add)
    return findings


def _local_path(
    url: str, src_uri: str, index: FileIndex, report: ImageReport, add: _Add
) -> str | None:
    """The docs path of a local image (None, with a finding when it deserves one, for
    no path, another site's image, a `data:` URL, another scheme, or a place outside
    the docs folder)."""
    if not url:
        add(
            "image-invalid",
            "an image has no path",
            "write the path between the brackets: ![description](/images/blog/picture.png)",
        )
        return None
    if url.startswith(("http://", "https://", "//")):
        report.external += 1
        add(
            "image-external",
            f"image {url} is on another site and is not checked",
            "copy it into docs/images/ to have it checked and served with the site",
        )
        return None
    if url.startswith("data:"):
        return None
    if _SCHEME_RE.match(url) and not _DRIVE_RE.match(url):
        add(
            "image-invalid",
            f"image {url} is neither a path nor a web address",
            "use a path such as /images/blog/picture.png or an https:// URL",
        )
        return None
    local, _ = resolve_reference(url, src_uri)
    if local is not None:
        local = index.source_of(local)
    if local is None:
        add(
            "image-outside",
            f"image {url} points outside the docs folder",
            "keep images inside docs/ and link them as /images/...",
        )
    return local


def _check_missing(url: str, local: str, index: FileIndex, report: ImageReport, add: _Add) -> None:
    """An image that is not a file of the docs folder as written: another case of one,
    a folder, or missing (with the closest name)."""
    real = index.same_but_case(local)
    if real:
        report.referenced.add(real)
        add(
            "image-case",
            f"image {url} does not match the file's name {real} in case or accents",
            f"write /{real}; the two differ on GitHub Pages and Linux servers",
        )
    elif local in index.dirs:
        add("image-corrupt", f"image {url} is a folder, not a file", "link the image file")
    else:
        hint = index.nearest(local)
        add(
            "image-missing",
            f"image {url} does not exist" + (f"; did you mean /{hint}?" if hint else ""),
            "add the file under docs/ or correct the path",
        )


def _check_file(url: str, local: str, info: ImageInfo, limits: Limits, add: _Add) -> None:
    """An image file read well: its name's suffix against its format, its size."""
    suffix = posixpath.splitext(local)[1].lower()
    if info.format in FORMATS and suffix not in FORMATS[info.format]:
        add(
            "image-wrong-type",
            f"image {url} is a {info.format} file named {suffix}",
            f"rename it to {FORMATS[info.format][0]} (or export it as {suffix[1:].upper()})",
        )
    if info.size > limits.max_bytes:
        add(
            "image-too-big",
            f"image {url} is {size_text(info.size)}, over the {size_text(limits.max_bytes)} budget",
            "compress it or export a smaller size",
        )


def _check_thumbnail(url: str, info: ImageInfo, limits: Limits, add: _Add) -> None:
    """A thumbnail's pixels: large enough, and near the social cards' shape."""
    min_w, min_h = limits.thumbnail_min
    if info.width < min_w or info.height < min_h:
        add(
            "thumbnail-too-small",
            f"thumbnail {url} is {info.width}x{info.height}, smaller than {min_w}x{min_h}",
            "use a larger image so that social cards stay sharp",
        )
    ratio = info.width / info.height if info.height else 0
    target = limits.thumbnail_aspect
    if abs(ratio - target) > target * limits.aspect_tolerance:
        add(
            "thumbnail-aspect",
            f"thumbnail {url} is {info.width}x{info.height} ({ratio:.2f}:1), far from {target}:1",
            "crop it to about 1200x630",
        )


def _check_alt(ref: ImageRef, local: str, add: _Add) -> None:
    if ref.kind == "srcset":
        return
    alt = (ref.alt or "").strip()
    name = posixpath.basename(local)
    if not alt:
        add(
            "image-alt-missing",
            f"image {name} has no alt text",
            "describe the picture: ![What it shows](...)",
        )
    elif _FILENAME_ALT_RE.match(alt) or alt.lower() == name.lower():
        add(
            "image-alt-filename",
            f"image {name} has the alt text '{alt}', which says nothing about it",
            "describe what the picture shows",
        )


def check_page(
    markdown: str,
    src_uri: str,
    index: FileIndex,
    cache: ImageCache,
    limits: Limits,
    report: ImageReport,
    *,
    first_line: int = 1,
    thumbnail: str | None = None,
    thumbnail_line: int = 1,
) -> list[Finding]:
    """Every image of a page, with file lines: the Markdown's first line is file line
    `first_line`; a front matter thumbnail is at `thumbnail_line`."""
    findings = []
    for ref in find_images(markdown):
        for f in check_reference(ref, src_uri, index, cache, limits, report):
            findings.append(Finding(f.code, first_line + f.line, f.message, f.fix))
    if thumbnail:
        ref = ImageRef(thumbnail, thumbnail_line, None, "thumbnail")
        findings += check_reference(ref, src_uri, index, cache, limits, report)
    return findings


def unreferenced(
    index: FileIndex, folder: str, report: ImageReport, also_used: Iterable[str] = ()
) -> list[tuple[str, Finding]]:
    """Images in `folder` that no page (nor `also_used`, e.g. author avatars) uses."""
    used = report.referenced | {u.lstrip("/") for u in also_used}
    return [
        (
            image,
            Finding(
                "image-unreferenced",
                1,
                f"{image} is not used by any page",
                "delete it, or link it from a post",
            ),
        )
        for image in index.images_under(folder)
        if image not in used
    ]


def summary_counts(problems: Iterable[str]) -> str:
    """`code: count` for each check in `problems`, by code."""
    counts: dict[str, int] = {}
    for code in problems:
        counts[code] = counts.get(code, 0) + 1
    return ", ".join(f"{code}: {n}" for code, n in sorted(counts.items()))
