"""`masthead/faq`: thin event handlers; the reading and writing is in `masthead.core.faq`
(FAQ sections), `masthead.core.jsonld` (structured data), `masthead.core.sitemap` and
`masthead.core.gitdates`.

The sitemap is completed here, not in masthead/frontmatter: it says what the JSON-LD says
(a post's `dateModified`, its images), which this plugin computes page by page, with the
same commit dates (one `git log` per build for both).
"""

from __future__ import annotations

import hashlib
import html
import os
from datetime import datetime
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import checks, common, host
from ..core import faq, gitdates, jsonld, picture, sitemap
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
    """FAQ sections as question blocks; JSON-LD (`BlogPosting`, `FAQPage`,
    `BreadcrumbList` for posts, `WebSite` and `Organization` for the home page); the
    sitemap's dates and images."""

    def __init__(self) -> None:
        self._post_dirs: list[str] = []
        self._levels = Levels()
        # src_uri -> (digest of the input, outcome); across `serve` rebuilds
        self._outcomes: dict[str, tuple[bytes, faq.FaqOutcome]] = {}
        self._git = gitdates.GitDates()  # across `serve` rebuilds: asked again when HEAD moves
        self._reset()

    def _reset(self) -> None:
        self._raw: dict[str, list[faq.QA]] = {}  # src_uri -> questions of a raw HTML FAQ
        self._questions: dict[str, list[faq.QA]] = {}  # src_uri -> until the page is written
        self._images: dict[str, list[str]] = {}  # src_uri -> its body's <img src>
        self._committed: dict[str, datetime] | None = None  # src_uri -> last commit
        self._entries: dict[str, sitemap.Entry] = {}  # page URL -> its sitemap entry
        self._files: Files | None = None
        self._home: tuple[str, str] | None = None
        self._whole = True  # in a whole build (not a rebuild in place)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Levels, posts folders, `md_in_html` and the FAQ script."""
        self._reset()
        if not self.config.enabled:
            return None
        self._levels = settings_levels(self.config)
        self._post_dirs = host.material.post_dirs(config)
        # The blocks are HTML with Markdown inside: that is what md_in_html is for.
        if not any(ext in config.markdown_extensions for ext in _MD_IN_HTML):
            config.markdown_extensions.append("md_in_html")
        common.add_script(config, SCRIPT)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> None:
        """Serve the FAQ script."""
        if self.config.enabled:
            self._files = files
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
        """A post's rendered questions and images, for its JSON-LD and sitemap entry."""
        uri = page.file.src_uri
        if not self.config.enabled or not common.in_dirs(uri, self._post_dirs):
            return None
        self._questions[uri] = self._raw.pop(uri, []) or faq.read_details(html)
        if self.config.sitemap:
            self._images[uri] = picture.image_sources(html)
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """The page's JSON-LD at the top of its `<head>`, after its `<meta charset>` (a
        browser looks for the charset in the first 1024 bytes); its sitemap entry. Every
        other page has been read by now: the breadcrumbs name them."""
        if not self.config.enabled:
            return None
        uri = page.file.src_uri
        lastmod: str | None = None
        images: list[str] = []
        if common.in_dirs(uri, self._post_dirs):
            data, lastmod, images = self._post_data(page, config)
        elif page.is_homepage and self.config.home_page:
            data = jsonld.graph(*self._home_nodes(config))
        else:
            data = None
        if lastmod is None:
            lastmod = self._commit_date(uri, config)
        self._note_in_sitemap(page, config, sitemap.Entry(lastmod, tuple(images)))
        at = jsonld.head_position(output) if data else None
        if data is None or at is None:
            return None
        script = jsonld.script_text(data)
        return f'{output[:at]}<script type="application/ld+json">{script}</script>{output[at:]}'

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The sitemap MkDocs wrote, completed (a rebuild in place completes it again
        when a post's entry changed: `_note_in_sitemap`)."""
        self._whole = False
        if self.config.enabled and self.config.sitemap:
            self._write_sitemap(config)

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

    def _commit_date(self, src_uri: str, config: MkDocsConfig) -> str | None:
        """The last commit date of the page's file (docs path), when git knows one."""
        if not self.config.git_dates:
            return None
        if self._committed is None:  # once per build, at the first page that asks
            self._committed = self._git.of_folder(config.docs_dir)
        moment = self._committed.get(src_uri)
        return moment.isoformat() if moment else None

    def _post_data(
        self, page: Page, config: MkDocsConfig
    ) -> tuple[dict[str, Any] | None, str | None, list[str]]:
        """A post's JSON-LD, its sitemap `<lastmod>` and its images (absolute URLs)."""
        uri = page.file.src_uri
        questions = self._questions.pop(uri, [])
        info = PostInfo.of(page)
        created, updated = host.material.post_dates(page)
        committed = self._commit_date(uri, config)
        moment = jsonld.modified(
            created, updated, datetime.fromisoformat(committed) if committed else None
        )
        modified = moment.isoformat() if moment else None
        thumbnail = info.image_abs if info else None
        # The card image's 16:9, 4:3 and 1:1 crops when masthead/images made them.
        crops = (info.crops_abs if info else []) or ([thumbnail] if thumbnail else [])
        posting = self._blog_posting(page, config, modified, crops)
        data = jsonld.graph(
            posting if self.config.blog_posting else None,
            jsonld.faq_page(questions, page.canonical_url)
            if self.config.faq_page and questions
            else None,
            self._post_crumbs(page, config, posting["headline"])
            if self.config.breadcrumbs
            else None,
        )
        images: list[str] = []
        if self.config.sitemap and config.site_url:
            found = [thumbnail] if thumbnail else []
            found += self._images.pop(uri, [])
            images = sitemap.local_images(found, page.url, config.site_url)
        return data, modified, images

    def _blog_posting(
        self, page: Page, config: MkDocsConfig, modified: str | None, images: list[str]
    ) -> dict:
        meta = page.meta
        info = PostInfo.of(page)
        created, _ = host.material.post_dates(page)
        catalogue = common.catalogue(config)
        people = []
        for author in host.material.post_authors(page):
            name = html.unescape(author.name)  # HTML-safe in Material's objects
            known = catalogue.authors.find(name) if catalogue else None
            # Its `url` in .authors.yml, else its profile page (Material sets it then).
            url = jsonld.absolute(author.url, config.site_url)
            people.append(
                jsonld.Person(known.name if known else name, known.kind if known else "Person", url)
            )
        tags = meta.get("tags")
        tags = tags if isinstance(tags, list) else []
        return jsonld.blog_posting(
            url=page.canonical_url,
            headline=str((info and info.title) or meta.get("title") or page.title or ""),
            date_published=created.isoformat() if created else "",
            date_modified=modified,
            authors=people,
            images=images,
            description=meta.get("description")
            if isinstance(meta.get("description"), str)
            else None,
            keywords=[str(t) for t in tags],
            publisher=self._publisher(config),
        )

    def _publisher(self, config: MkDocsConfig, *, node_id: bool = False) -> dict[str, Any]:
        """The organisation that publishes the site; its logo is the `publisher.logo`
        option, else the theme's `logo` (Material's option; an icon is no image)."""
        publisher = self.config.publisher
        logo = publisher.logo or config.theme.get("logo")
        return jsonld.organization(
            publisher.name or config.site_name,
            publisher.url or config.site_url,
            jsonld.absolute(logo, config.site_url) if isinstance(logo, str) else None,
            node_id=node_id,
        )

    def _home_nodes(self, config: MkDocsConfig) -> list[dict[str, Any]]:
        """The home page's `WebSite` and `Organization`; none without `site_url`."""
        url = jsonld.absolute(config.site_url, None)
        if url is None:
            return []
        organisation = self._publisher(config, node_id=True)
        language = config.theme.get("language")
        return [
            jsonld.website(
                name=config.site_name,
                url=url,
                description=config.site_description,
                language=language if isinstance(language, str) else None,
                publisher=organisation,
            ),
            organisation,
        ]

    def _post_crumbs(self, page: Page, config: MkDocsConfig, headline: str) -> dict | None:
        """Home page, the blog's index, the post."""
        index = host.material.blog_index(config, page.file.src_uri)
        return jsonld.breadcrumb_list(
            [
                *site_crumbs(config, self._files, [index] if index else []),
                (headline, page.canonical_url or ""),
            ],
            page.canonical_url,
        )

    def _note_in_sitemap(self, page: Page, config: MkDocsConfig, entry: sitemap.Entry) -> None:
        """Keep the page's entry; after a whole build, a changed entry (a post saved with
        other images, rebuilt in place) is written into the sitemap at once."""
        if not self.config.sitemap:
            return
        loc = page.canonical_url or page.abs_url
        if not loc:
            return
        changed = self._entries.get(loc) != entry
        self._entries[loc] = entry
        if changed and not self._whole:
            self._write_sitemap(config)

    def _write_sitemap(self, config: MkDocsConfig) -> None:
        """sitemap.xml and sitemap.xml.gz with the entries of this build's pages, each
        written only when it changes."""
        paths = host.mkdocs.sitemap_files(config)
        if paths is None:
            return
        xml_path, gz_path = paths
        try:
            with open(xml_path, "rb") as handle:
                data = handle.read()
        except OSError:
            return  # the theme wrote none (an empty template)
        new = sitemap.rewrite(data, self._entries)
        if new is None:
            shown = os.path.relpath(xml_path, common.project_dir(config)).replace(os.sep, "/")
            log.info(
                f"{shown}: not a sitemap masthead/faq can complete (a declaration, another "
                "format or too large); left as the theme wrote it; set `sitemap: false` "
                "under masthead/faq to say so"
            )
            return
        try:
            with open(gz_path, "rb") as handle:
                zipped = handle.read()
        except OSError:
            zipped = b""
        gz = sitemap.gzipped(new, sitemap.gzip_mtime(zipped))
        for path, old, content in ((xml_path, data, new), (gz_path, zipped, gz)):
            if old != content:
                with open(path, "wb") as handle:
                    handle.write(content)


def site_crumbs(
    config: MkDocsConfig, files: Files | None, src_uris: list[str]
) -> list[tuple[str, str]]:
    """(name, absolute URL) of the home page, then of each page of `src_uris` that the
    site has (a blog's index, a tags overview): a `BreadcrumbList`'s first crumbs.
    The home page is named by its title, else by the site's name."""
    home = jsonld.absolute(config.site_url, None)
    if home is None:
        return []
    crumbs: list[tuple[str, str]] = []
    found = files.get_file_from_path("index.md") if files is not None else None
    title = found.page.title if found is not None and found.page is not None else None
    crumbs.append((str(title or config.site_name), home))
    for uri in src_uris:
        found = files.get_file_from_path(uri) if files is not None else None
        page = found.page if found is not None else None
        if page is not None and page.title and page.canonical_url:
            crumbs.append((str(page.title), page.canonical_url))
    return crumbs
