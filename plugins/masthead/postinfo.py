"""`PostInfo`: what masthead knows about a post page, read and written in one typed way.

masthead/frontmatter puts it in the page's meta under `masthead` (`core.catalogue.page_meta`
makes it), where the templates read it (`page.meta.masthead.title`, ...); the plugins
read and complete it through `PostInfo.of(page)`, never as a raw dict.
"""

from __future__ import annotations

from typing import Any

KEY = "masthead"


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
