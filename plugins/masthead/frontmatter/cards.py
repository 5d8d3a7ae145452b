"""Index cards: drawn from a post's summary without rendering the post again, and each
card rendered once per build."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urljoin

from jinja2 import pass_context
from markupsafe import Markup

from ..core.embeds import EmbedPolicy
from ..host import material as host_material
from ..postinfo import PostInfo


def place_image(info: PostInfo, site_url: str | None, url_of: Callable[[str], str | None]) -> None:
    """Where the card image of a post is published: `url_of(docs path)` is the URL of
    a file of the site (None when there is none: the path as written, quoted)."""
    if info.thumbnail:
        url = url_of(info.thumbnail) or quote(info.thumbnail)
        info.set_image(url, urljoin(site_url, url) if site_url else None)
    elif info.thumbnail_external:
        info.set_image(info.thumbnail_external, info.thumbnail_external)


def prepare_excerpt(
    page: Any,
    markdown: str,
    separator: str | None,
    *,
    cards: bool,
    sanitize: bool,
    embeds: EmbedPolicy,
) -> None:
    """A post without its own excerpt marker gets a summary card (`cards: true`); one
    with a marker keeps Material's excerpt, sanitized as its page is."""
    excerpt = host_material.post_excerpt(page)
    if excerpt is None:
        return
    if cards and (separator is None or separator not in markdown):
        host_material.use_summary_card(excerpt)
    elif sanitize:
        host_material.use_sanitized_excerpt(excerpt, embeds)


CARD_TEMPLATE = "partials/masthead/card.html"


def card_function(env: Any) -> Callable[..., Markup]:
    """`masthead_card(post)` for the templates: a post's summary card, rendered once per
    build and reused on every page that lists the post (the blog index, archive and
    category pages, its tag pages: five or more for most posts).

    A summary card depends on the post and the build, and on the page it is listed on
    only through its links. It is rendered with `page` none and `base_url` set to a
    random token, so that `| url` writes every site link as token + "/" + path; each
    page then gets the card with the token replaced by its own `base_url`."""
    template = env.get_template(CARD_TEMPLATE)
    token = "masthead-base-" + secrets.token_hex(8)
    # The post's file -> (the excerpt drawn, its html): one entry per post, replaced when
    # a rebuild in place makes the post a new excerpt (the old one is not kept alive).
    cards: dict[str, tuple[object, str]] = {}

    @pass_context
    def masthead_card(context: Any, post: Any) -> Markup:
        key = str(getattr(getattr(post, "file", None), "src_uri", id(post)))
        entry = cards.get(key)
        if entry is None or entry[0] is not post:
            values = dict(context.get_all())  # may be the page's own dict
            values.update(
                post=post,
                page=None,
                base_url=token,
                masthead_summary_cards=True,
                masthead_first=False,
            )
            entry = cards[key] = (post, template.render(values))
        return Markup(entry[1].replace(token, context.get("base_url") or "."))

    return masthead_card
