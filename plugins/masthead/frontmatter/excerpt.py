"""Index cards drawn from a post's summary, without rendering the post again."""

from __future__ import annotations

from material.plugins.blog.structure import Excerpt
from mkdocs.structure.toc import TableOfContents


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


def use_summary_card(excerpt: Excerpt) -> None:
    excerpt.__class__ = SummaryExcerpt
