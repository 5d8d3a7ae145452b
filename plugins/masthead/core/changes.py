"""What changed on disk between two builds of one `serve` session: the files a build
read, each by its size and modification time. Pure (no MkDocs); the fast rebuild
(`frontmatter/incremental.py`) decides from it whether a save can be rebuilt in place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

# path -> (size, mtime, ctime in ns); a path that cannot be read is (-1, -1, -1). The
# ctime changes on every write, even one that sets the mtime back (`touch -r`, `cp -p`).
Stamp = tuple[int, int, int]
Stamps = dict[str, Stamp]


def snapshot(roots: list[str], skip: frozenset[str] = frozenset()) -> Stamps:
    """Every file under each of `roots` (a folder, walked following links to folders
    as MkDocs does, each real folder once; or a single file), by absolute path; folders
    named in `skip` are not walked."""
    stamps: Stamps = {}
    seen: set[str] = set()
    for root in roots:
        root = os.path.abspath(root)
        if os.path.isdir(root):
            _walk(root, stamps, seen, skip)
        else:
            stamps[root] = stamp(root)
    return stamps


def stamp(path: str) -> Stamp:
    """A file's size, mtime and ctime (ns); (-1, -1, -1) when it cannot be read."""
    try:
        found = os.stat(path)
    except OSError:
        return (-1, -1, -1)
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def _walk(folder: str, stamps: Stamps, seen: set[str], skip: frozenset[str]) -> None:
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        stamps[folder] = (-1, -1, -1)
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name not in skip:
                _walk(entry.path, stamps, seen, skip)
        else:
            stamps[entry.path] = stamp(entry.path)


@dataclass
class Changes:
    """Paths added, removed and modified between two snapshots."""

    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    modified: set[str] = field(default_factory=set)

    @property
    def any(self) -> bool:
        """Whether anything changed at all."""
        return bool(self.added or self.removed or self.modified)


def diff(old: Stamps, new: Stamps) -> Changes:
    """What changed from `old` to `new`."""
    return Changes(
        added=set(new) - set(old),
        removed=set(old) - set(new),
        modified={p for p in set(old) & set(new) if old[p] != new[p]},
    )
