"""The one seam between masthead and its hosts: MkDocs (or ProperDocs) and Material.

Everything masthead does that relies on a host's internals, rather than its documented
plugin API, is in this package, by host:

- `host/mkdocs.py`: MkDocs 1.6 / ProperDocs 1.6 (theme folders, a page's rendering,
  the Markdown parser MkDocs makes per page, the redirects plugin's log);
- `host/material.py`: Material 9.8 (its blog plugin's options and objects, excerpts,
  templates' markup, the search index, its readers of HTML);
- `host/reach.py`: what a reach is, and how a speed-up replaces code safely.

Each reach has a `Depends on:` comment and a probe in its module's `REACHES`;
`tests/test_host_reaches.py` runs them all, so an upgrade that moves one fails there.
When a host changes or goes away, this package changes.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from typing import Any

# ProperDocs (the maintained MkDocs 1.x fork) ships `properdocs`, not `mkdocs`, and makes
# every `mkdocs.*` import an alias of `properdocs.*` once `properdocs.replacement` is
# imported (its own command line does that first). `masthead check`, `new` and `import`
# start without it, so with only ProperDocs installed we install that alias ourselves.
# Depends on: `properdocs/replacement.py` (ProperDocs 1.6.x). Tested by
# tests/test_properdocs.py (under `make test-properdocs`, where mkdocs is absent).
if "mkdocs" not in sys.modules and importlib.util.find_spec("mkdocs") is None:  # pragma: no cover
    import properdocs.replacement  # noqa: F401

from . import material, mkdocs  # after the alias above
from .reach import Reach

REACHES: list[Reach] = [*mkdocs.REACHES, *material.REACHES]
SPEEDUPS = [*material.SPEEDUPS, *mkdocs.SPEEDUPS]


def apply_speedups(log: logging.LoggerAdapter[Any] | logging.Logger) -> dict[str, bool]:
    """Apply the speed-ups that replace code for one build (`on_config`; the others
    are applied where their target exists: `material.index_posts`,
    `material.remember_dates`). Each says whether it applied in the debug log.
    Returns name -> applied, for `report_speedups`."""
    applied = {name: apply() for name, apply, _undo in SPEEDUPS}
    for name, done in applied.items():
        note_speedup(log, name, done)
    return applied


def note_speedup(log: logging.LoggerAdapter[Any] | logging.Logger, name: str, done: bool) -> None:
    """One speed-up's outcome, in the debug log."""
    log.debug(f"speed-up {'applied' if done else 'not applied'}: {name}")


def report_speedups(
    log: logging.LoggerAdapter[Any] | logging.Logger, applied: dict[str, bool]
) -> None:
    """One info line per build naming the speed-ups that did not apply: an upgrade
    moved what they replace; the site is the same, built more slowly."""
    missing = [name for name, done in applied.items() if not done]
    if missing:
        log.info(
            f"{len(missing)} speed-up{'s' * (len(missing) != 1)} did not apply "
            f"({'; '.join(missing)}): what {'they replace' if len(missing) > 1 else 'it replaces'} "
            "in MkDocs or Material has moved; the site is the same, built more slowly "
            "(`speedups: false` turns them all off)"
        )


def restore_speedups() -> None:
    """Everything put back (`on_shutdown`): another site built in the same process,
    without masthead, gets MkDocs and Material exactly as they are."""
    for _name, _apply, undo in SPEEDUPS:
        undo()


__all__ = [
    "REACHES",
    "SPEEDUPS",
    "Reach",
    "apply_speedups",
    "material",
    "mkdocs",
    "note_speedup",
    "report_speedups",
    "restore_speedups",
]
