"""Posts translated into Material's vocabulary: the files Material's blog plugin reads
in place of the CMS's posts, and the authors file it reads, written into a temporary
folder (never into docs/), each only when changed."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, MutableMapping
from datetime import datetime
from typing import Any

import yaml

from ..common import temp_root
from ..core.catalogue import Catalogue, Post, generated_text, page_meta, post_status
from ..host import material as host_material
from ..host.material import BlogPlugin
from ..postinfo import PostInfo


class Translation:
    """The translated files of a site, across the builds of one `serve` session."""

    def __init__(self) -> None:
        self._temp: tempfile.TemporaryDirectory[str] | None = None
        self._written: dict[str, bytes] = {}  # temp path -> digest of what we wrote
        self._authors_files: dict[int, str] = {}  # each blog's own `authors_file`
        self._authors_written: set[str] = set()  # the files we point Material at
        self.meta: dict[str, dict[str, Any]] = {}  # src_uri -> the post's whole page.meta

    def start_build(self, blogs: list[BlogPlugin]) -> None:
        """Forget the last build's posts; give each blog its own authors file back.

        A second build with the same config object (MkDocs' API, tools) finds Material
        pointed at the authors file we wrote: the site's own is read again."""
        self.meta = {}
        for blog in blogs:
            if blog.config.authors_file in self._authors_written:
                host_material.point_authors_file(blog, self._authors_files[id(blog)])
            else:
                self._authors_files[id(blog)] = blog.config.authors_file

    def write_authors(self, catalogue: Catalogue, blogs: list[BlogPlugin]) -> None:
        """Material reads authors from the file its `authors_file` option names; point
        it at one that holds the site's authors plus those the posts registered."""
        authors = yaml.safe_dump(catalogue.authors.as_material(), allow_unicode=True)
        path = self.write("authors.yml", authors)
        self._authors_written.add(path)
        for blog in blogs:
            host_material.point_authors_file(blog, path)

    def post(
        self,
        src_uri: str,
        post: Post,
        blog: BlogPlugin | None,
        now: datetime,
    ) -> str:
        """Write the translated post; keep its whole meta for `complete_meta`. Returns
        the path of the file Material reads."""
        slugify: Callable[[str], str] | None = host_material.slugify_of(blog)
        meta = self.meta[src_uri] = page_meta(post, slugify)
        info = PostInfo.of(meta)
        assert info is not None  # page_meta always adds it
        # Shown as a mark on the card and the post when `serve` shows drafts.
        info.status = post_status(
            post, future_is_draft=host_material.drafts_future_posts(blog), now=now
        )
        return self.write(os.path.join("posts", src_uri), generated_text(post, slugify))

    def complete_meta(self, src_uri: str, meta: MutableMapping[str, Any]) -> bool:
        """Add the keys the translated file left out (the CMS's own, masthead's data)
        to a post page's meta. Returns whether the page is a translated post."""
        known = self.meta.get(src_uri)
        if known is None:
            return False
        for key, value in known.items():
            meta.setdefault(key, value)
        return True

    def write(self, relative: str, text: str) -> str:
        """Write into our temporary folder (never into docs/), only when changed, so an
        unchanged post keeps its mtime and `serve --dirty` skips it."""
        if self._temp is None:
            self._temp = tempfile.TemporaryDirectory(prefix="masthead-", dir=temp_root())
        path = os.path.join(self._temp.name, relative)
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if self._written.get(path) != digest or not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            self._written[path] = digest
        return path

    def cleanup(self) -> None:
        """Remove the temporary folder (`on_shutdown`)."""
        if self._temp is not None:
            self._temp.cleanup()
            self._temp = None
            self._written.clear()
