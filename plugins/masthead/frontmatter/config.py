"""Options of `masthead/frontmatter`."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError


class KeyList(BaseConfigOption[tuple]):
    """One front matter key name, or a list of them tried in order."""

    def __init__(self, *default: str) -> None:
        super().__init__()
        self.default = tuple(default)

    def run_validation(self, value: object) -> tuple:
        names = (
            [value]
            if isinstance(value, str)
            else list(value)
            if isinstance(value, tuple)
            else value
        )
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            raise ValidationError("expected a key name or a list of key names")
        return tuple(n.strip() for n in names)


class FieldsConfig(Config):
    title = KeyList("title")
    """Key holding the post's title."""
    date = KeyList("date")
    """Key holding the publication date."""
    author = KeyList("author", "authors")
    """Key holding the author's name (text or a list of names)."""
    summary = KeyList("summary")
    """Key holding the summary: card text and meta description."""
    description = KeyList("description")
    """Key holding an explicit meta description; it wins over the summary."""
    thumbnail = KeyList("thumbnail")
    """Key holding the card, hero and social image (e.g. `cover` or `image`)."""
    tags = KeyList("tags")
    """Key holding the tags (a list or comma-separated text)."""
    slug = KeyList("slug")
    """Key holding an explicit URL slug."""
    draft = KeyList("draft")
    """Key marking a draft (`true`/`false`)."""


class FrontMatterConfig(Config):
    enabled = c.Type(bool, default=True)
    """Switch the plugin off without removing it from `mkdocs.yml`."""
    fields = c.SubConfig(FieldsConfig)
    """Front matter key names per field, for CMSs that name them differently."""
    timezone = c.Type(str, default="UTC")
    """IANA time zone for dates written without one (e.g. `Europe/Berlin`)."""
    authors_required = c.Type(bool, default=False)
    """Every author must be in `.authors.yml`; an unknown one is an error with a
    did-you-mean. Off: unknown authors are registered with a default avatar."""
    summary_length = c.Type(int, default=160)
    """Length near which a summary derived from the first paragraph is cut."""
    cards = c.Type(bool, default=True)
    """Draw index cards from the summary instead of rendering each whole post for its
    excerpt (posts with `<!-- more -->` keep Material's excerpt)."""
    sanitize = c.Type(bool, default=True)
    """Remove from posts' HTML whatever could run code (scripts, event handlers,
    `javascript:` links, frames, forms). Posts come from pull requests: keep it on."""
    scheduled = c.Type(bool, default=True)
    """A post dated later than the build is scheduled: it stays out of the site, every
    index, tag page and feed until a build on or after its date (this turns on
    Material's `draft_if_future_date`; `draft: false` in a post publishes it anyway).
    `serve` shows it with a "Scheduled" mark. Off: Material's own setting applies."""
    feed = c.Type(bool, default=True)
    """An RSS 2.0 feed of each blog's newest posts at `<blog>/feed.xml`, linked from the
    `<head>` of every page."""
    feed_items = c.Type(int, default=20)
    """Newest posts in the blog's feed."""
    render_cache = c.Type(bool, default=True)
    """During `mkdocs serve`, convert a post's Markdown again only when its text (or
    a URL it may link to) changed, instead of every post on every rebuild. Off by
    itself when an extension reads other files (e.g. `pymdownx.snippets`)."""
    max_post_kb = c.Type(int, default=256)
    """Posts larger than this are refused before they are read: about 40,000 words,
    longer than any real post; past it one post could cost `masthead check` more than
    a second (`tests/test_bounded.py`)."""
    levels = c.DictOfItems(c.Choice(["error", "warn", "info", "ignore"]), default={})
    """Level per check, e.g. `{author-registered: ignore, bom: warn}`."""
    max_line_chars = c.Type(int, default=20_000)
    """A post with a longer line is refused before Python-Markdown reads it: on some
    text its time grows with the square of a paragraph's length (see core/limits.py)."""
    max_paragraph_chars = c.Type(int, default=20_000)
    """A post with a longer paragraph (lines with no blank line between them; a table
    row or a list item counts on its own) is refused before Python-Markdown reads it."""
    max_depth = c.Type(int, default=16)
    """A post whose lists and quotes nest deeper than this, or that has more brackets
    (`[`, `(` after `](`) or HTML tags open at once, is refused before Python-Markdown
    reads it (it takes minutes, or fails, on such text)."""
