"""Options of `masthead/frontmatter`."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from ..core.mapping import INVERTED, KeyNames


class KeyList(BaseConfigOption[tuple]):
    """One front matter key, or a list of candidates tried in order: the first with a
    value (not empty, not null, not `[]`) wins. A candidate may be a dotted path into
    nested mappings (`seo.description`, `opengraph.image.url`); `not published` reads
    a true/false key inverted (for `draft`). `[]`: no key holds the field (`slug: []`
    where a generator's slugs are not URLs, as `masthead import` writes for Hugo sites
    whose permalinks use file names)."""

    def __init__(self, default: tuple[str, ...]) -> None:
        super().__init__()
        self.default = tuple(default)

    def run_validation(self, value: object) -> tuple:
        """The value as a tuple of key names, or a validation error naming what is wrong."""
        names = (
            [value]
            if isinstance(value, str)
            else list(value)
            if isinstance(value, tuple)
            else value
        )
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise ValidationError("expected a key name or a list of key names")
        names = [n.strip() for n in names]
        for name in names:
            path = name[len(INVERTED) :].strip() if name.startswith(INVERTED) else name
            if not path or "" in path.split("."):
                raise ValidationError(
                    f"`{name}` is not a key name or a dotted path such as `seo.description`"
                )
        return tuple(names)


class FieldsConfig(Config):
    """Which front matter keys hold each field, in order of preference."""

    title = KeyList(KeyNames.title)
    """Keys holding the post's title."""
    date = KeyList(KeyNames.date)
    """Keys holding the publication date (`date`, `pubDate`, `publishDate`,
    `published`, `publish_date`, `created`). A true/false value of a later
    candidate (`published: true`) is passed over."""
    updated = KeyList(KeyNames.updated)
    """Keys holding when the post was last changed (`updated`, `lastmod`,
    `last_modified_at`, `last_edited`, `updatedDate`, `modDatetime` ...), for Material's
    "updated" date and `dateModified`; Material's `date: {updated: ...}` wins."""
    author = KeyList(KeyNames.author)
    """Keys holding the authors: a name, a list of names, or mappings with a `name`
    (or `title`, `display_name`, `id`) and optionally a `website`/`url`/`link`."""
    summary = KeyList(KeyNames.summary)
    """Keys holding the summary: card and feed text, and the meta description when
    there is no description (`summary`, `excerpt`)."""
    description = KeyList(KeyNames.description)
    """Keys holding an explicit meta description (`description`, `seo.description`,
    `meta_description`, `metaDescription`); it wins over the summary for the meta,
    and is the card and feed text too when there is no summary."""
    thumbnail = KeyList(KeyNames.thumbnail)
    """Keys holding the card, hero and social image (`thumbnail`, `image`, `images`,
    `cover`, `featured_image`, `hero`, `banner`, `og_image`, `opengraph.image` ...). A
    list gives its first item; a mapping its `url`, `src`, `image` or `path`."""
    tags = KeyList(KeyNames.tags)
    """Keys holding the tags (a list or comma-separated text)."""
    slug = KeyList(KeyNames.slug)
    """Keys holding an explicit URL slug."""
    draft = KeyList(KeyNames.draft)
    """Keys marking a draft (`true`/`false`); `not published` makes `published:
    false` a draft."""
    expiry = KeyList(KeyNames.expiry)
    """Keys holding an expiry date (`expiryDate`, `expirydate`, `expiry_date`,
    `expires`): once it has passed, the post is left out like a draft."""


class Bounded(c.Type[int]):
    """A whole number from `least` to `most`."""

    def __init__(self, default: int, least: int, most: int) -> None:
        super().__init__(int, default=default)
        self.least, self.most = least, most

    def run_validation(self, value: object) -> int:
        """The number, or a validation error saying what is allowed."""
        number = super().run_validation(value)
        if isinstance(number, bool) or not self.least <= number <= self.most:
            raise ValidationError(f"expected a number from {self.least} to {self.most}")
        return number


class Heading(c.Type[str]):
    """Text that is not empty."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        """The text, trimmed, or a validation error when it is empty."""
        text = super().run_validation(value).strip()
        if not text:
            raise ValidationError("expected a heading (it names the list for screen readers)")
        return text


class RelatedPostsConfig(Config):
    """The posts listed at the end of each post (core/related.py)."""

    enabled = c.Type(bool, default=True)
    """List related posts at the end of each post. Off: no list (the template
    `partials/masthead/related.html` is not drawn)."""
    count = Bounded(3, 0, 20)
    """At most this many: those sharing the most (and rarest) tags first, then those whose
    title and summary or description share the most words, then the newest."""
    heading = Heading("Related posts")
    """The list's heading (and its name for screen readers)."""


class FrontMatterConfig(Config):
    """The options of `masthead/frontmatter`."""

    enabled = c.Type(bool, default=True)
    """Switch the plugin off without removing it from `mkdocs.yml`."""
    fields = c.SubConfig(FieldsConfig)
    """Front matter key names per field, for CMSs that name them differently."""
    media_prefix = c.Type(str, default="")
    """Where a thumbnail written as a bare file name (`featured-image: x.png`, no `/`)
    is: `/images/uploads/` makes it `/images/uploads/x.png`. Empty: beside the post,
    like any relative path."""
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
    embeds = c.Choice(["click", "frame", "off"], default="click")
    """Iframes of known providers (YouTube, Vimeo, CodePen, Loom, Spotify, Google Maps,
    and `embed_hosts`) in sanitized posts. `click`: a box linking to the video or page,
    which loads the iframe when the reader clicks it, so a page makes no request to
    another site before the reader asks. `frame`: the iframe, sandboxed and lazy. `off`:
    removed, as any other iframe. YouTube is embedded from youtube-nocookie.com."""
    embed_hosts = c.ListOfItems(c.Type(str), default=[])
    """More hosts whose iframes are kept like the known providers' (e.g.
    `www.figma.com`): https addresses only, sandboxed."""
    shortcodes = c.Type(bool, default=True)
    """Translate other generators' syntax in posts: Hugo shortcodes (`{{< youtube ID >}}`),
    Liquid (`{% highlight %}`, `{{ site.baseurl }}`) and MDX (`import` lines,
    `<YouTube id=... />`) become Markdown or HTML; unknown ones are left out with a
    warning (`shortcode-unknown`). Code blocks and spans are never changed. Off: bodies
    are read as written."""
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
    theme_fonts = c.Type(bool, default=False)
    """Let Material load its web fonts (`theme.font`, Roboto by default) from Google
    Fonts: a request to a third party at every page view, which readers in the EU must
    consent to. Off (the default): pages use the reader's system fonts, and no page
    asks another site for anything as it loads."""
    render_cache = c.Type(bool, default=True)
    """During `mkdocs serve`, convert a post's Markdown again only when its text (or
    a URL it may link to) changed, instead of every post on every rebuild. Off by
    itself when an extension reads other files (e.g. `pymdownx.snippets`)."""
    fast_rebuilds = c.Type(bool, default=True)
    """During `mkdocs serve`, a save that changes only what posts say (their text,
    summary or description) rebuilds only the pages that show it (the post, the index,
    archive, category, author and tag pages that list it), the search index and the
    feeds; any other change rebuilds the whole site. Off: every save rebuilds it all."""
    speedups = c.Type(bool, default=True)
    """Make MkDocs and Material do less repeated work (one Markdown parser per set of
    extensions, excerpts parsed only when drawn, posts read with libyaml, plain HTML
    read fast by search and reading time): the same bytes, sooner. Each one that
    cannot apply (an upgrade moved what it replaces) is named once per build in the
    log. Off: MkDocs and Material run exactly as they are (the render cache is off too)."""
    related_posts = c.SubConfig(RelatedPostsConfig)
    """Related posts at the end of each post: `{enabled: true, count: 3, heading:
    Related posts}`. Drafts, scheduled and expired posts are never listed."""
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
