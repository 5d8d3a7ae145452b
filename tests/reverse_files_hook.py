"""A MkDocs hook for tests: hands every plugin the site's files in reverse order."""

from __future__ import annotations

from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


@event_priority(200)  # before every plugin
def on_files(files, config):
    return Files(list(reversed(list(files))))
