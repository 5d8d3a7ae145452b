"""`PostInfo`: what masthead knows about a post page, read and written in one typed way.

masthead/frontmatter puts it in the page's meta under `masthead` (`core.catalogue.page_meta`
makes it), where the templates read it (`page.meta.masthead.title`, ...); the plugins
read and complete it through `PostInfo.of(page)`, never as a raw dict.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

KEY = "masthead"


class RelatedLink(TypedDict):
    """A related post as the list at the end of a post shows it."""

    title: str  # as written (the template escapes it)
    url: str  # its page's URL, relative to the site
    date: datetime | None  # when it was created, as its own byline says


class PostInfo:
    """A typed view of a post's `page.meta["masthead"]` (changes are the page's)."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @classmethod
    def of(cls, page: Any) -> PostInfo | None:
        """The post's info, or None for a page that is not a masthead post (any object
        with a `meta` dict: a page, a Material post, a page's meta itself)."""
        meta = page if isinstance(page, dict) else getattr(page, "meta", None)
        data = meta.get(KEY) if isinstance(meta, dict) else None
        return cls(data) if isinstance(data, dict) else None

    def _text(self, key: str) -> str | None:
        value = self._data.get(key)
        return value if isinstance(value, str) and value else None

    @property
    def title(self) -> str | None:
        """The title as written (not HTML-escaped)."""
        return self._text("title")

    @property
    def summary(self) -> str | None:
        """The summary as written, or derived from the body."""
        return self._text("summary")

    @property
    def thumbnail(self) -> str | None:
        """The docs path of the card image, when it is a file of the site."""
        return self._text("thumbnail")

    @property
    def thumbnail_external(self) -> str | None:
        """The address of the card image, when it is on another site."""
        return self._text("thumbnail_external")

    @property
    def status(self) -> str | None:
        """`draft`, `expired` or `scheduled` when the post is not published (marked in `serve`)."""
        return self._text("status")

    @status.setter
    def status(self, value: str | None) -> None:
        self._data["status"] = value

    @property
    def image(self) -> str | None:
        """The card image's URL relative to the site (set when the page is built)."""
        return self._text("image")

    @property
    def image_abs(self) -> str | None:
        """The card image's absolute URL (for feeds, JSON-LD and `og:image`)."""
        return self._text("image_abs")

    def set_image(self, url: str | None, absolute: str | None) -> None:
        """Where the card image is published (relative and absolute)."""
        self._data["image"] = url
        self._data["image_abs"] = absolute

    @property
    def picture(self) -> dict[str, Any] | None:
        """The card image's pixels and variants, for templates (`masthead/images`):
        `{"width", "height", "sources": [{"type", "srcset": [[url, width], ...]}]}`,
        URLs relative to the site like `image`."""
        value = self._data.get("picture")
        return value if isinstance(value, dict) else None

    @picture.setter
    def picture(self, value: dict[str, Any] | None) -> None:
        self._data["picture"] = value

    @property
    def social_image_abs(self) -> str | None:
        """The card image cropped to 1200x630 for social cards (`og:image`), absolute;
        None until it is made (the image itself is used then)."""
        return self._text("social_image_abs")

    @property
    def crops_abs(self) -> list[str]:
        """The card image in 16:9, 4:3 and 1:1, absolute URLs (structured data)."""
        value = self._data.get("crops_abs")
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def set_crops(
        self, social: str | None, social_size: tuple[int, int] | None, crops: list[str]
    ) -> None:
        """Where the cropped copies of the card image are published (absolute), and
        the social card's pixels (`social_image_size`: [width, height])."""
        self._data["social_image_abs"] = social
        self._data["social_image_size"] = list(social_size) if social_size else None
        self._data["crops_abs"] = crops

    @property
    def related(self) -> list[RelatedLink]:
        """The related posts shown at the end of the post, best first (set when the page
        is built; empty when there are none or the list is off)."""
        value = self._data.get("related")
        return value if isinstance(value, list) else []

    @property
    def related_heading(self) -> str | None:
        """The heading of the related posts' list."""
        return self._text("related_heading")

    def set_related(self, links: list[RelatedLink], heading: str) -> None:
        """The related posts the page shows, under `heading`."""
        self._data["related"] = links
        self._data["related_heading"] = heading
