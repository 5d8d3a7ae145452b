"""Index cards drawn from a post's summary, without rendering the post again, and each
card rendered once per build."""

from __future__ import annotations

import secrets

from jinja2 import pass_context
from markupsafe import Markup
from material.plugins.blog.structure import Excerpt
from mkdocs.structure.toc import TableOfContents

from ..core import embeds as embeds_
from ..core.embeds import EmbedPolicy
from ..core.safety import sanitize


class SummaryExcerpt(Excerpt):
    """Material's excerpt of a post, minus the rendering.

    Material renders the *whole* post again for its excerpt on every index, archive
    and category page it appears on (a third of a large build). MkDocs and Material
    offer no hook to replace that rendering, so we take the excerpt object Material
    made and change its class to this one (as Material does itself with `Reference`):
    every attribute Material set stays, only `render` differs. `partials/post.html`
    then draws the card from the post's meta. This relies on Material calling
    `post.excerpt.render(view, separator)` and reading `content`, `more` and `toc`;
    `tests/test_cards.py` fails if an upgrade changes that.
    """

    masthead_summary_card = True

    def render(self, page, separator: str) -> None:
        self.content = ""
        self.more = None
        self.toc = TableOfContents([])


class SanitizedExcerpt(Excerpt):
    """Material's excerpt of a post with `<!-- more -->`, sanitized as the post's page
    is: Material renders it with its own Markdown parser, so its HTML never passes
    `on_page_content`, and a post's script would run on every index, archive, category
    and tag page that lists it. Same class swap, same reliance as `SummaryExcerpt`."""

    embeds: EmbedPolicy = embeds_.DEFAULT  # the site's, set by `use_sanitized_excerpt`

    def render(self, page, separator: str) -> None:
        super().render(page, separator)
        # The same policy as the post's page: what the page keeps, the card keeps, and
        # what it removes was named when the page was built.
        self.content = sanitize(self.content, self.embeds)


def use_summary_card(excerpt: Excerpt) -> None:
    excerpt.__class__ = SummaryExcerpt


def use_sanitized_excerpt(excerpt: Excerpt, embeds: EmbedPolicy = embeds_.DEFAULT) -> None:
    excerpt.__class__ = SanitizedExcerpt
    excerpt.embeds = embeds


CARD_TEMPLATE = "partials/masthead/card.html"


def card_function(env):
    """`masthead_card(post)` for the templates: a post's summary card, rendered once per
    build and reused on every page that lists the post (the blog index, archive and
    category pages, its tag pages: five or more for most posts).

    A summary card depends on the post and the build, and on the page it is listed on
    only through its links. It is rendered with `page` none and `base_url` set to a
    random token, so that `| url` writes every site link as token + "/" + path; each
    page then gets the card with the token replaced by its own `base_url`."""
    template = env.get_template(CARD_TEMPLATE)
    token = "masthead-base-" + secrets.token_hex(8)
    cards: dict[int, tuple[object, str]] = {}  # id(post) -> (post, html)

    @pass_context
    def masthead_card(context, post) -> Markup:
        entry = cards.get(id(post))
        if entry is None or entry[0] is not post:
            values = dict(context.get_all())  # may be the page's own dict
            values.update(post=post, page=None, base_url=token, masthead_summary_cards=True)
            entry = cards[id(post)] = (post, template.render(values))
        return Markup(entry[1].replace(token, context.get("base_url") or "."))

    return masthead_card
