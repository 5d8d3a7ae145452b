"""The source repository, listed once and read safely.

Nothing here follows a symbolic link or reads a file larger than it needs: a
repository is someone else's, and may hold anything."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from dataclasses import dataclass, field
from typing import Any

from ..core import mapping, yamlmeta

# Folders that hold no posts or media of the blog: tools, builds, dependencies.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "vendor",
        ".cache",
        ".next",
        ".nuxt",
        ".astro",
        ".vercel",
        ".netlify",
        ".venv",
        "venv",
        "__pycache__",
        "_site",
        "resources",  # Hugo's generated images
        ".github",
        ".idea",
        ".vscode",
        "site",
        "dist",
        "out",
        "build",
        ".docusaurus",
        ".tina",
    }
)
MAX_FILES = 200_000  # past this the listing stops (and says so)
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass
class Listing:
    """The files of a repository, with their sizes; links and special files kept apart."""

    root: str
    files: list[str] = field(default_factory=list)  # `/`-separated, relative to root
    sizes: dict[str, int] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)  # symbolic links, never followed
    special: list[str] = field(default_factory=list)  # pipes, sockets, devices
    truncated: bool = False

    def has(self, path: str) -> bool:
        """Whether the repository has the file `path`."""
        return path in self.sizes

    def under(self, folder: str) -> list[str]:
        """The files under `folder` (every file for the root)."""
        folder = folder.strip("/")
        if not folder or folder == ".":
            return list(self.files)
        prefix = folder + "/"
        return [f for f in self.files if f.startswith(prefix)]

    def abs(self, path: str) -> str:
        """The absolute path of the repository's file `path`."""
        return os.path.join(self.root, *path.split("/"))


def list_repository(root: str) -> Listing:
    """Every regular file under `root`, skipping tool and build folders."""
    listing = Listing(os.path.abspath(root))
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(
                os.scandir(listing.abs(folder) if folder else listing.root), key=lambda e: e.name
            )
        except OSError:
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISLNK(info.st_mode):
                listing.links.append(rel)
            elif stat.S_ISDIR(info.st_mode):
                if entry.name not in SKIPPED_DIRS:
                    stack.append(rel)
            elif not stat.S_ISREG(info.st_mode):
                listing.special.append(rel)  # a pipe, socket or device: never opened
            else:
                if len(listing.files) >= MAX_FILES:
                    listing.truncated = True
                    return listing
                listing.files.append(rel)
                listing.sizes[rel] = info.st_size
    listing.files.sort()
    return listing


def read_text(listing: Listing, path: str, limit: int = MAX_CONFIG_BYTES) -> str | None:
    """A file's text (UTF-8, BOM dropped), or None when absent, too large or unreadable."""
    if listing.sizes.get(path, limit + 1) > limit:
        return None
    try:
        with open(listing.abs(path), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    return data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")


def read_data(listing: Listing, path: str) -> Any:
    """A YAML, TOML or JSON configuration file's data, or None when it cannot be read."""
    text = read_text(listing, path)
    if text is None:
        return None
    return parse_data(text, path.rsplit(".", 1)[-1].lower())


def parse_data(text: str, kind: str) -> Any:
    """A configuration text's data: TOML, JSON, or YAML read with front matter's bounds."""
    if kind == "toml":
        try:
            return tomllib.loads(text)
        except (ValueError, RecursionError):
            return None
    if kind == "json":
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            return None
    data = yamlmeta.load_bounded(text)
    return {str(k): v for k, v in data.items()} if isinstance(data, dict) else data


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A post's front matter (YAML `---` or TOML `+++`) and its body. Unreadable front
    matter is an empty mapping: the build reports it, at its line."""
    lines = text.split("\n", 1)
    first = lines[0].rstrip()
    if first not in ("---", "+++") or len(lines) < 2:
        return {}, text
    rest = lines[1]
    end_marks = ("---", "...") if first == "---" else ("+++",)
    offset = 0
    for line in rest.split("\n"):
        if line.rstrip() in end_marks:
            head = rest[:offset]
            body = rest[offset + len(line) + 1 :]
            data = parse_data(head, "toml" if first == "+++" else "yaml")
            return (data if isinstance(data, dict) else {}), body
        offset += len(line) + 1
    return {}, text


def lookup(data: Any, path: str) -> Any:
    """`data[path]`, or the value at a dotted path into nested mappings (as the build
    reads `fields:`), or None."""
    if not isinstance(data, dict):
        return None
    value = mapping.lookup(data, path)
    return None if value is mapping.MISSING else value
