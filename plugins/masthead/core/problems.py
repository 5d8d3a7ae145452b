"""One problem type for every check, and the levels a site can set per check."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


class Level(enum.IntEnum):
    """How much a problem matters. `error` stops the build, `warn` fails `--strict`."""

    IGNORE = 0
    INFO = 10
    WARN = 20
    ERROR = 30

    @classmethod
    def parse(cls, name: str) -> Level:
        """The level named `name` (`error`, `warn`, `info`, `ignore`), any case."""
        try:
            return {"ignore": cls.IGNORE, "info": cls.INFO, "warn": cls.WARN, "error": cls.ERROR}[
                name.strip().lower()
            ]
        except KeyError:
            raise ValueError(f"unknown level {name!r}; use error, warn, info or ignore") from None

    @property
    def label(self) -> str:
        """The level's name as the configuration writes it."""
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    """What a pure check found, before it knows which file it is in or how much it matters."""

    code: str
    line: int
    message: str
    fix: str


@dataclass(frozen=True)
class Problem:
    """A finding placed in a file, with the level the site gives its check."""

    path: str
    line: int
    code: str
    level: Level
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}; {self.fix}"


# Every check the toolkit knows, with its default level. A site changes a level with
# the plugin option `levels: {code: error|warn|info|ignore}`.
DEFAULT_LEVELS: dict[str, Level] = {
    # reading the file
    "encoding": Level.ERROR,
    "nul-byte": Level.ERROR,
    "bom": Level.INFO,
    "line-endings": Level.INFO,
    "empty-file": Level.ERROR,
    # the front matter block
    "front-matter-missing": Level.WARN,
    "front-matter-unclosed": Level.ERROR,
    "yaml-invalid": Level.ERROR,
    "yaml-too-large": Level.ERROR,
    "front-matter-not-mapping": Level.ERROR,
    # the keys
    "title-missing": Level.WARN,
    "title-invalid": Level.WARN,
    "date-missing": Level.ERROR,
    "date-invalid": Level.ERROR,
    "date-from-filename": Level.INFO,
    "updated-invalid": Level.WARN,
    "author-empty": Level.WARN,
    "author-invalid": Level.WARN,
    "author-unknown": Level.ERROR,
    "author-registered": Level.INFO,
    "authors-file-invalid": Level.ERROR,
    "author-incomplete": Level.INFO,
    "summary-invalid": Level.WARN,
    "summary-derived": Level.INFO,
    "thumbnail-invalid": Level.WARN,
    "tags-invalid": Level.WARN,
    "tag-empty": Level.WARN,
    "slug-invalid": Level.WARN,
    "draft-invalid": Level.WARN,
    "post-expired": Level.INFO,
    "expiry-invalid": Level.WARN,
    "not-a-post": Level.INFO,
    "meta-invalid": Level.WARN,
    "html-unsafe": Level.WARN,
    "html-removed": Level.WARN,
    "html-attribute-removed": Level.INFO,
    "embed-host": Level.WARN,
    "embed-script": Level.INFO,
    "page-html-unsafe": Level.WARN,
    "link-invalid": Level.ERROR,
    "post-too-large": Level.ERROR,
    "line-too-long": Level.ERROR,
    "paragraph-too-long": Level.ERROR,
    "blank-lines-missing": Level.ERROR,
    "nesting-too-deep": Level.ERROR,
    "brackets-too-deep": Level.ERROR,
    "html-unclosed": Level.ERROR,
    "title-too-long": Level.WARN,
    "placeholder": Level.WARN,
    # other generators' syntax in bodies (core/shortcodes.py)
    "shortcode-unknown": Level.WARN,
    "shortcode-invalid": Level.WARN,
    "mdx-import": Level.INFO,
    # FAQ sections
    "faq-no-questions": Level.WARN,
    "faq-unanswered": Level.WARN,
    "faq-front-matter-invalid": Level.WARN,
    "faq-front-matter-ignored": Level.INFO,
    # tags
    "tags-file-invalid": Level.ERROR,
    "tag-unknown": Level.ERROR,
    "tags-too-many": Level.WARN,
    # images
    "image-missing": Level.ERROR,
    "image-case": Level.ERROR,
    "image-outside": Level.ERROR,
    "image-corrupt": Level.ERROR,
    "image-bomb": Level.ERROR,
    "image-cache": Level.ERROR,  # the folder of image variants cannot be used
    "image-invalid": Level.WARN,
    "image-wrong-type": Level.WARN,
    "image-too-big": Level.WARN,
    "image-alt-missing": Level.WARN,
    "image-alt-filename": Level.WARN,
    "thumbnail-too-small": Level.WARN,
    "thumbnail-aspect": Level.WARN,
    "image-unreferenced": Level.INFO,
    "image-external": Level.IGNORE,
    # the files of docs/ (core/published.py)
    "file-outside": Level.ERROR,
    "file-unreadable": Level.ERROR,
    "file-name-invalid": Level.ERROR,
    "file-in-posts": Level.ERROR,
    "file-beside-posts": Level.INFO,
    "svg-unsafe": Level.ERROR,
    # values that reach HTML, URLs, feeds and paths
    "slug-unsafe": Level.ERROR,
    "text-control": Level.WARN,
    "url-invalid": Level.WARN,
    # the site as a whole
    "url-collision": Level.ERROR,
    "output-outside": Level.ERROR,
}


class Levels:
    """The default level of each check, overridden by the site's configuration."""

    def __init__(self, overrides: Mapping[str, str | Level] | None = None) -> None:
        self._levels = dict(DEFAULT_LEVELS)
        for code, level in (overrides or {}).items():
            if code not in DEFAULT_LEVELS:
                known = ", ".join(sorted(DEFAULT_LEVELS))
                raise ValueError(f"unknown check {code!r}; known checks: {known}")
            self._levels[code] = level if isinstance(level, Level) else Level.parse(level)

    def __getitem__(self, code: str) -> Level:
        return self._levels[code]

    # Equal by value, so that the parse cache can tell a rebuild's settings are unchanged.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Levels) and self._levels == other._levels

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._levels.items())))


def place(finding: Finding, path: str, levels: Levels) -> Problem | None:
    """Put a finding in its file at the level the site wants, or drop it if ignored."""
    level = levels[finding.code]
    if level is Level.IGNORE:
        return None
    return Problem(path, finding.line, finding.code, level, finding.message, finding.fix)


def summarize(problems: list[Problem]) -> str:
    """`2 errors, 1 warning` for a list of problems (notes at info level do not count)."""
    errors = sum(p.level is Level.ERROR for p in problems)
    warnings = sum(p.level is Level.WARN for p in problems)
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' * (errors != 1)}")
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return ", ".join(parts) or "no errors or warnings"
