"""What a reach into a host's internals is, and how a speed-up replaces code safely."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reach:
    """One place where masthead relies on a host's internals.

    `probe` answers, on the installed versions, whether what it relies on still holds;
    `tests/test_host_reaches.py` runs every probe, so an upgrade that moves one fails
    there (and the speed-ups among them also say so in the build's log)."""

    name: str
    depends_on: str
    probe: Callable[[], bool]


def swap(owner: object, name: str, original: object, replacement: object) -> bool:
    """Put `replacement` in `owner.name` if that is still `original` (not moved by an
    upgrade, not replaced by another plugin). Returns whether it is in place now."""
    current = getattr(owner, name, None)
    if current is replacement:
        return True
    if original is None or current is not original:
        return False
    setattr(owner, name, replacement)
    return True


def put_back(owner: object, name: str, original: object, replacement: object) -> None:
    """Undo `swap`, if what is there is still our replacement."""
    if getattr(owner, name, None) is replacement:
        setattr(owner, name, original)
