"""What may be published from docs/: every file is looked at before anything reads it.

Posts, images and any other file arrive through pull requests. A file is published
only when it is a regular, readable file whose real place is inside docs/, with a
name a URL can carry; a link to a place outside docs/, a dangling or looping link, a
device or pipe (`/dev/zero`), a file in a posts folder that is not a post (`x.MD`,
`x.html`) and an SVG that could run code are left out, each with a finding. The walk
follows links to folders as MkDocs does, but never twice into one real folder.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .images import IMAGE_SUFFIXES
from .problems import Finding
from .svg import describe

# What MkDocs reads as Markdown (mkdocs.utils.markdown_extensions; case matters: MkDocs
# publishes `x.MD` as a file, its source for anyone to read).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# What a posts folder must not publish as a plain file: a Markdown file MkDocs does not
# read as one (the post would be lost and its source published), and what a browser
# runs on the site's origin when it is opened (`.svg` has its own check, below).
ACTIVE_SUFFIXES = (
    ".html",
    ".htm",
    ".xhtml",
    ".xht",
    ".shtml",
    ".xml",
    ".xsl",
    ".xslt",
    ".svgz",
    ".js",
    ".mjs",
    ".swf",
)
# What posts show, beside them: published without a word.
MEDIA_SUFFIXES = (*IMAGE_SUFFIXES, ".mp4", ".webm", ".ogg", ".mp3", ".m4a")
MAX_SVG_BYTES = 2 * 2**20  # crafted worst cases of this size take about a second


def is_markdown(src_uri: str) -> bool:
    """Whether `src_uri` is a Markdown page."""
    return src_uri.endswith(MARKDOWN_SUFFIXES)


def shown(name: str) -> str:
    """A file name as a message can print it: undecodable bytes as `\\xe9`."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass
class DocsTree:
    """The files of docs/ that may be published, and why the others may not."""

    docs_dir: str
    files: dict[str, str] = field(default_factory=dict)  # src_uri -> absolute path
    refused: dict[str, Finding] = field(default_factory=dict)  # src_uri (file or folder)
    # Links to folders outside docs/ or above themselves: MkDocs follows folder links
    # when it lists docs/, so it would walk the whole disk or loop until memory runs out
    # (each loop doubles the paths). A build must stop before MkDocs lists the files.
    unwalkable: list[str] = field(default_factory=list)
    # Published, but worth a word (a download beside the posts).
    notes: dict[str, Finding] = field(default_factory=dict)

    def why_refused(self, src_uri: str) -> tuple[str, Finding] | None:
        """The finding that keeps `src_uri` out: its own, or a folder's above it."""
        if src_uri in self.refused:
            return src_uri, self.refused[src_uri]
        parts = src_uri.split("/")
        for n in range(len(parts) - 1, 0, -1):
            folder = "/".join(parts[:n])
            if folder in self.refused:
                return folder, self.refused[folder]
        return None

    def under(self, folder: str) -> list[str]:
        """The files under `folder` (every file for the docs folder itself), sorted."""
        prefix = folder.strip("/") + "/" if folder.strip("/.") else ""
        return sorted(uri for uri in self.files if uri.startswith(prefix))


def _finding(code: str, src_uri: str, message: str, fix: str) -> Finding:
    return Finding(code, 1, f"{shown(src_uri)} {message}", fix)


def _bad_name(name: str) -> str | None:
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in name):
        return "has a name that is not valid UTF-8"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        return "has a control character in its name"
    return None


def walk(
    docs_dir: str,
    post_dirs: Iterable[str] = (),
    svg_problems: Callable[[bytes], list[tuple[int, str]]] | None = None,
) -> DocsTree:
    """Every file under `docs_dir`, screened. `post_dirs` are docs-relative posts
    folders; `svg_problems` judges an SVG's bytes (see core/svg.py)."""
    tree = DocsTree(os.path.abspath(docs_dir))
    real_docs = os.path.realpath(tree.docs_dir)
    posts = tuple(d.strip("/") + "/" for d in post_dirs)
    _Walk(tree, real_docs, posts, svg_problems).visit(tree.docs_dir, "", frozenset({real_docs}))
    return tree


class _Walk:
    """One walk of docs/ (`walk`): the tree it fills, and what it screens files with."""

    def __init__(
        self,
        tree: DocsTree,
        real_docs: str,
        posts: tuple[str, ...],
        svg_problems: Callable[[bytes], list[tuple[int, str]]] | None,
    ) -> None:
        self.tree, self.real_docs, self.posts = tree, real_docs, posts
        self.svg_problems = svg_problems

    def refuse(self, code: str, src_uri: str, message: str, fix: str) -> None:
        """Leave `src_uri` out of the site, for the reason given."""
        self.tree.refused[src_uri] = _finding(code, src_uri, message, fix)

    def visit(self, folder: str, rel: str, seen: frozenset[str]) -> None:
        """Screen the entries of `folder` (docs-relative `rel`; `seen`: the real folders
        it is in), and the folders in it in turn."""
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            if rel:
                self.refuse(
                    "file-unreadable",
                    rel,
                    f"cannot be read ({error.strerror or error}); it is left out of the site",
                    "check the folder's permissions",
                )
            return
        for entry in entries:
            src_uri = f"{rel}/{entry.name}" if rel else entry.name
            info = self._status(entry, src_uri)
            if info is None:
                continue
            if stat.S_ISDIR(info.st_mode):
                real = self._walkable(entry, src_uri, seen)
                if real is not None:
                    self.visit(entry.path, src_uri, seen | {real})
            elif self._publishable(entry, src_uri, info):
                self.tree.files[src_uri] = entry.path

    def _status(self, entry: os.DirEntry[str], src_uri: str) -> os.stat_result | None:
        """The status of the file a link leads to (None when its name, a link out of
        the docs folder or the file itself is refused)."""
        bad_name = _bad_name(entry.name)
        if bad_name:
            self.refuse(
                "file-name-invalid",
                src_uri,
                f"{bad_name}; it is left out of the site",
                "rename it with letters, digits, `-` and `_`",
            )
            return None
        try:
            if entry.is_symlink() and self._links_outside(entry, src_uri):
                return None
            return os.stat(entry.path)
        except OSError as error:
            self.refuse(
                "file-unreadable",
                src_uri,
                (
                    "is a link to a file that does not exist"
                    if error.errno == errno.ENOENT
                    else "is a link that loops"
                    if error.errno == errno.ELOOP
                    else f"cannot be read ({error.strerror or error})"
                )
                + "; it is left out of the site",
                "remove the link, or replace it with the file itself",
            )
            return None

    def _links_outside(self, entry: os.DirEntry[str], src_uri: str) -> bool:
        """Whether the link `entry` leads out of the docs folder (then it is refused,
        and never walked when it leads to a folder)."""
        real = os.path.realpath(entry.path)
        if os.path.commonpath([real, self.real_docs]) == self.real_docs:
            return False
        if os.path.isdir(real):
            self.tree.unwalkable.append(src_uri)
        self.refuse(
            "file-outside",
            src_uri,
            "is a link to a place outside the docs folder; it is left out of the site",
            "replace the link with a copy of the file",
        )
        return True

    def _walkable(self, entry: os.DirEntry[str], src_uri: str, seen: frozenset[str]) -> str | None:
        """The real place of a folder, or None (refused) when it is one it is in."""
        real = os.path.realpath(entry.path)
        if real in seen:
            self.tree.unwalkable.append(src_uri)
            self.refuse(
                "file-unreadable",
                src_uri,
                "is a link that loops back to a folder above it; it is left out of the site",
                "remove the link",
            )
            return None
        return real

    def _publishable(self, entry: os.DirEntry[str], src_uri: str, info: os.stat_result) -> bool:
        """Whether a file that is not a folder may be published (if not, it is refused)."""
        if not stat.S_ISREG(info.st_mode):
            self.refuse(
                "file-unreadable",
                src_uri,
                "is not a regular file (a device, pipe or socket); it is left out of the site",
                "remove it",
            )
            return False
        if not os.access(entry.path, os.R_OK):
            self.refuse(
                "file-unreadable",
                src_uri,
                "cannot be read (permission denied); it is left out of the site",
                "make it readable (chmod a+r) or remove it",
            )
            return False
        in_posts = src_uri.startswith(self.posts) and not entry.name.startswith(".")
        if in_posts and not is_markdown(src_uri) and not self._beside_posts(entry.name, src_uri):
            return False
        if self.svg_problems is not None and entry.name.lower().endswith(".svg"):
            return self._svg_safe(entry.path, info.st_size, src_uri, self.svg_problems)
        return True

    def _beside_posts(self, name: str, src_uri: str) -> bool:
        """Whether a file in a posts folder that is not a post may be published: not a
        Markdown file MkDocs would not read, nor one that runs code (a note for any
        file but media)."""
        stem, suffix = posixpath.splitext(name)
        lowered = suffix.lower()
        if lowered in MARKDOWN_SUFFIXES or lowered in (".mdx", ".mdoc"):
            self.refuse(
                "file-in-posts",
                src_uri,
                "is in a posts folder but is not read as a post (MkDocs reads "
                f"{', '.join(MARKDOWN_SUFFIXES)}, in lower case); it is left out of "
                "the site",
                f"rename it to {shown(stem)}.md to publish it as a post",
            )
            return False
        if lowered in ACTIVE_SUFFIXES:
            self.refuse(
                "file-in-posts",
                src_uri,
                f"is in a posts folder, and a `{shown(suffix)}` file could run code "
                "on the site when opened; it is left out of the site",
                "write it as a Markdown post, or move it out of the posts folder",
            )
            return False
        if not lowered.endswith(MEDIA_SUFFIXES):
            self.tree.notes[src_uri] = _finding(
                "file-beside-posts",
                src_uri,
                "is in a posts folder but is not a post; it is published as a file",
                "link it from a post, or move it out of the posts folder",
            )
        return True

    def _svg_safe(
        self,
        path: str,
        size: int,
        src_uri: str,
        judge: Callable[[bytes], list[tuple[int, str]]],
    ) -> bool:
        """Whether an SVG may be published: refused when it could run code or load
        other files."""
        reasons = _svg_reasons(path, size, judge)
        if not reasons:
            return True
        self.tree.refused[src_uri] = Finding(
            "svg-unsafe",
            reasons[0][0],
            f"the SVG image {shown(src_uri)} could run code or load other files "
            f"when opened ({describe(reasons)}); it is left out of the site",
            "export it again as a plain SVG (draw.io: labels converted to SVG; "
            "Mermaid: htmlLabels off; no links or linked images), or as a PNG",
        )
        return False


def _svg_reasons(
    path: str, size: int, judge: Callable[[bytes], list[tuple[int, str]]]
) -> list[tuple[int, str]]:
    if size > MAX_SVG_BYTES:
        return [(1, f"it is larger than {MAX_SVG_BYTES // 2**20} MB")]
    try:
        return judge(read_bounded(path, MAX_SVG_BYTES))
    except OSError as error:
        return [(1, f"it cannot be read: {error.strerror or error}")]


class TooLarge(OSError):
    """The file is larger than the limit it was read with."""

    def __init__(self, size: int) -> None:
        super().__init__(f"the file is larger than {size} bytes")
        self.size = size


def read_bounded(path: str, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them: `TooLarge` (with the size on
    disk) past that, never a read that does not end (`/dev/zero`, a pipe)."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data
