"""`masthead/faq`: thin event handlers; the reading and writing is in `masthead.core.faq`."""

from __future__ import annotations

import hashlib
import html
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import checks, common, host
from ..core import faq, jsonld
from ..core.problems import Levels
from ..postinfo import PostInfo
from .config import FaqConfig

log = get_plugin_logger(__name__)

SCRIPT = "assets/masthead/faq.js"
_MD_IN_HTML = ("md_in_html", "markdown.extensions.md_in_html")


def settings_levels(options: FaqConfig) -> Levels:
    """The FAQ plugin's `levels:` option as `Levels`."""
    return common.levels(options, "faq")


class FaqPlugin(BasePlugin[FaqConfig]):
    """FAQ sections as question blocks, and JSON-LD (`FAQPage`, `BlogPosting`) for posts."""

    def __init__(self) -> None:
        self._post_dirs: list[str] = []
        self._levels = Levels()
        # src_uri -> (digest of the input, outcome); across `serve` rebuilds
        self._outcomes: dict[str, tuple[bytes, faq.FaqOutcome]] = {}
        self._raw: dict[str, list[faq.QA]] = {}  # src_uri -> questions of a raw HTML FAQ
        self._jsonld: dict[str, str] = {}  # src_uri -> script text, until the page is written

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Levels, posts folders, `md_in_html` and the FAQ script."""
        self._raw, self._jsonld = {}, {}
        if not self.config.enabled:
            return None
        self._levels = settings_levels(self.config)
        self._post_dirs = host.material.post_dirs(config)
        # The blocks are HTML with Markdown inside: that is what md_in_html is for.
        if not any(ext in config.markdown_extensions for ext in _MD_IN_HTML):
            config.markdown_extensions.append("md_in_html")
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> None:
        """Serve the FAQ script."""
        if self.config.enabled:
            common.add_asset(files, config, SCRIPT)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """A post's FAQ section (or front matter list) as question blocks; its problems."""
        if not self.config.enabled or not common.in_dirs(page.file.src_uri, self._post_dirs):
            return None
        catalogue = common.catalogue(config)
        outcome = self._outcome(
            page.file.src_uri,
            markdown,
            page.meta.get(self.config.front_matter_key),
            catalogue.settings.embeds if catalogue else faq.DEFAULT_EMBEDS,
        )
        if outcome.raw_questions is not None:
            self._raw[page.file.src_uri] = outcome.raw_questions
        path, first = common.page_origin(page, config)
        post = catalogue.posts.get(page.file.src_uri) if catalogue else None
        key_line = post.parsed.front.line(self.config.front_matter_key) if post else 1
        common.log_problems(
            log, checks.faq_problems(outcome.findings, path, first, self._levels, key_line)
        )
        return outcome.markdown

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """The post's JSON-LD, from its rendered questions."""
        if not self.config.enabled or not common.in_dirs(page.file.src_uri, self._post_dirs):
            return None
        questions = self._raw.pop(page.file.src_uri, None) or faq.read_details(html)
        data = jsonld.graph(
            self._blog_posting(page, config) if self.config.blog_posting else None,
            jsonld.faq_page(questions, page.canonical_url)
            if self.config.faq_page and questions
            else None,
        )
        if data:
            self._jsonld[page.file.src_uri] = jsonld.script_text(data)
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """The JSON-LD script, at the top of the page's `<head>`, after its
        `<meta charset>`: a browser looks for the charset in the first 1024 bytes."""
        script = self._jsonld.pop(page.file.src_uri, None)
        if script is None:
            return None
        at = jsonld.head_position(output)
        if at is None:
            return output
        return f'{output[:at]}<script type="application/ld+json">{script}</script>{output[at:]}'

    # -- helpers -------------------------------------------------------------------------
    def _outcome(self, src_uri: str, markdown: str, front: Any, embeds: Any) -> faq.FaqOutcome:
        """`checks.faq_outcome`, kept per page while its input stays the same: `serve`
        rebuilds read every post again, most of them unchanged."""
        options = self.config
        key = hashlib.blake2b(
            repr(
                (markdown, front, tuple(options.headings), options.front_matter_key,
                 options.front_matter_heading, options.open, embeds)
            ).encode("utf-8", "surrogatepass"),
            digest_size=16,
        ).digest()  # fmt: skip
        known = self._outcomes.get(src_uri)
        if known is not None and known[0] == key:
            return known[1]
        outcome = checks.faq_outcome(markdown, front, options, embeds)
        self._outcomes[src_uri] = (key, outcome)
        return outcome

    def _blog_posting(self, page: Page, config: MkDocsConfig) -> dict:
        meta = page.meta
        info = PostInfo.of(page)
        created, updated = host.material.post_dates(page)
        catalogue = common.catalogue(config)
        people = []
        for author in host.material.post_authors(page):
            name = html.unescape(author.name)  # HTML-safe in Material's objects
            known = catalogue.authors.find(name) if catalogue else None
            url = urljoin(config.site_url or "", author.url) if author.url else None
            people.append(
                jsonld.Person(known.name if known else name, known.kind if known else "Person", url)
            )
        publisher = self.config.publisher
        name = publisher.name or config.site_name
        organisation: dict[str, str | None] = {"@type": "Organization", "name": name}
        if publisher.url or config.site_url:
            organisation["url"] = publisher.url or config.site_url
        if publisher.logo:
            organisation["logo"] = urljoin(config.site_url or "", publisher.logo)
        tags = meta.get("tags")
        tags = tags if isinstance(tags, list) else []
        return jsonld.blog_posting(
            url=page.canonical_url,
            headline=str((info and info.title) or meta.get("title") or page.title or ""),
            date_published=created.isoformat() if created else "",
            date_modified=updated.isoformat() if updated else None,
            authors=people,
            image=info.image_abs if info else None,
            description=meta.get("description")
            if isinstance(meta.get("description"), str)
            else None,
            keywords=[str(t) for t in tags],
            publisher=organisation,
        )
