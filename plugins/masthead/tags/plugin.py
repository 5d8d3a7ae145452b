"""`masthead/tags`: thin event handlers; tags, slugs and feeds are in `masthead.core`.

Why our own pages and not Material's tags plugin: in Material 9.8 it lists tags as
anchors inside pages (one long index, `#tag:seo`), treats `seo` and `SEO` as two tags,
and has no page, pagination or feed per tag. Generating the pages here gives each tag
a URL, cards like the blog index, and a feed, with templates a site can override
(`masthead/tags.html`, `masthead/tag.html`), using MkDocs' public API only.
"""

from __future__ import annotations

import html
import posixpath
from datetime import UTC, datetime
from typing import Any, cast

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from .. import common, host
from ..core import jsonld, source, tags
from ..core.catalogue import Catalogue, is_draft
from ..core.problems import Finding, Problem, place
from ..core.text import html_text
from ..faq.plugin import site_crumbs  # a tag page's first crumbs are a post's
from .config import TagsConfig

log = get_plugin_logger(__name__)


def load_tags(
    catalogue: Catalogue, config: MkDocsConfig, options: TagsConfig, *, serving: bool = False
) -> tuple[tags.TagIndex, tags.TagRules, list[Problem]]:
    """The tag index of the published posts and every tag problem: what the plugin does
    in `on_config` and `masthead check` does without building."""
    levels = common.levels(options, "tags")
    problems: list[Problem] = []
    rules = tags.TagRules()
    src_uri = posixpath.normpath(options.tags_file)
    shown = common.shown_path(config, src_uri)
    raw, refused = catalogue.read_site_file(src_uri)  # a link out of docs/ is not read
    findings = list(refused)
    if raw is not None:
        text, _ = source.decode(raw)
        rules, read = tags.load_rules(text)
        findings += read
    problems += [p for p in (place(f, shown, levels) for f in findings) if p]
    if raw is None and not refused and options.allow_list:
        raise PluginError(
            f"masthead/tags: allow_list is on but {options.tags_file} does not "
            "exist in docs/; create it with the allowed tags under `tags:`"
        )
    blogs = host.material.blog_plugins(config)
    show = any(b.config.draft or (serving and b.config.draft_on_serve) for b in blogs)
    future = any(b.config.draft_if_future_date for b in blogs)
    now = datetime.now(UTC)
    posts = [
        tags.TagPost(post.src_uri, post.meta.date, post.meta.tags, post.line("tags"))
        for post in catalogue.posts.values()
        if not post.has_errors
        and post.meta.date is not None
        and not is_draft(post, show_drafts=show, future_is_draft=future, now=now)
    ]
    index = tags.build_index(
        posts, rules, allow_list=options.allow_list, max_per_post=options.max_per_post
    )
    for src_uri, findings in sorted(index.findings.items()):
        shown = catalogue.posts[src_uri].path
        problems += [p for p in (place(f, shown, levels) for f in findings) if p]
    return index, rules, problems


class TagPage(Page):
    """A tags overview or tag page. It has no Markdown of its own, so it skips what
    MkDocs does for every page (reading a file, building a Markdown parser, rendering):
    a tenth of the build for a blog with hundreds of tag pages. The template draws it
    from the context `on_page_context` fills."""

    def __init__(self, meta: dict, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self._masthead_meta = meta

    def read_source(self, config: MkDocsConfig) -> None:
        """Nothing to read: the page is made, not written."""
        self.markdown = ""
        self.meta = dict(self._masthead_meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """The page's Markdown is empty: the template draws it."""
        self.content = ""
        self.toc = get_toc([])


class TagsPlugin(BasePlugin[TagsConfig]):
    """Tag pages, the tags overview, tag feeds, and checks of tags against `.tags.yml`."""

    def __init__(self) -> None:
        self.serving = False
        self._reset()

    def _reset(self) -> None:
        self.index: tags.TagIndex | None = None
        self.rules = tags.TagRules()
        self.problems: list[Problem] = []
        self._pages: dict[str, tuple[str, int]] = {}  # src_uri -> (tag key or "", page n)
        self._posts: dict[str, Page] = {}  # src_uri -> the post's page
        self._files: Files | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is `mkdocs serve`."""
        self.serving = command == "serve"

    # After masthead/frontmatter built the build's catalogue (its on_config is at 50).
    @event_priority(40)
    def on_config(self, config: MkDocsConfig) -> None:
        """Read `.tags.yml` and each post's tags from the catalogue."""
        self._reset()
        if not self.config.enabled:
            return
        catalogue = common.catalogue(config)
        if catalogue is None:
            raise PluginError(
                "masthead/tags: needs masthead/frontmatter; add "
                "`- masthead/frontmatter` under `plugins:` in mkdocs.yml"
            )
        self.index, self.rules, self.problems = load_tags(
            catalogue, config, self.config, serving=self.serving
        )
        host.mkdocs.add_templates(config)
        common.log_problems(log, self.problems)

    # After Material's blog plugin gave posts their URLs (-50) and before masthead/
    # frontmatter looks for URL collisions (-60), so a tag page that would overwrite a
    # post is reported with both names.
    @event_priority(-55)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> None:
        """Add a page per tag (and per page of a long tag) and the overview."""
        if self.index is None:
            return
        self._files = files
        base = self.config.url.strip("/")
        self._add(
            files,
            config,
            f"{base}/index.md",
            "",
            1,
            {
                "title": self.config.title,
                "template": "masthead/tags.html",
                "description": f"{self.config.title} of {config.site_name}",
            },
            InclusionLevel.NOT_IN_NAV,  # until on_nav attaches it
        )
        catalogue = common.catalogue(config)
        for tag in self.index.tags.values():
            if self.config.feeds and catalogue is not None:
                catalogue.reserved_outputs.append(f"{base}/{tag.slug}/feed.xml")
            count = max(1, -(-len(tag.posts) // self.config.per_page))
            for number in range(1, count + 1):
                suffix = "" if number == 1 else f"page/{number}/"
                meta = {
                    # Material prints page titles as HTML: the tag name goes escaped.
                    "title": html_text(tag.name if number == 1 else f"{tag.name} (page {number})"),
                    "template": "masthead/tag.html",
                    # Material prints it raw inside content="...": escaped, quotes too.
                    "description": html.escape(
                        tag.description or f"Posts tagged {tag.name} on {config.site_name}"
                    ),
                }
                self._add(
                    files,
                    config,
                    f"{base}/{tag.slug}/{suffix}index.md",
                    tag.key,
                    number,
                    meta,
                    InclusionLevel.NOT_IN_NAV,
                )

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        src_uri: str,
        key: str,
        number: int,
        meta: dict,
        inclusion: InclusionLevel,
    ) -> None:
        content = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n"
        file = File.generated(config, src_uri, content=content, inclusion=inclusion)
        existing = files.get_file_from_path(src_uri)
        if existing is not None:  # `append` would silently replace the page of docs/
            problem = place(
                Finding(
                    "url-collision",
                    1,
                    f"this page has the path of the page masthead/tags makes for {meta['title']}"
                    "; one would replace the other",
                    "rename or move it",
                ),
                common.shown_path(config, src_uri),
                common.levels(self.config, "tags"),
            )
            if problem:
                self.problems.append(problem)
                common.log_problems(log, [problem])
            files.remove(existing)
        files.append(file)
        TagPage(meta, file, config)
        self._pages[src_uri] = (key, number)

    # After Material's blog plugin attached its archive and categories (-50): the tags
    # overview joins them in the blog's part of the navigation.
    @event_priority(-60)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> None:
        """Place the tags overview in the blog's part of the navigation."""
        if self.index is None:
            return
        overview = files.get_file_from_path(f"{self.config.url.strip('/')}/index.md")
        blogs = host.material.blog_plugins(config)
        entry = (
            files.get_file_from_path(
                posixpath.join(posixpath.normpath(blogs[0].config.blog_dir), "index.md")
            )
            if blogs
            else None
        )
        if overview is None or entry is None or entry.page is None:
            return
        if not entry.inclusion.is_in_nav():
            overview.inclusion = InclusionLevel.NOT_IN_NAV
            return
        if overview.page is None:
            return  # not a page: nothing to place
        parent = entry.page.parent
        siblings = parent.children if parent is not None else nav.items
        overview.page.parent = parent
        siblings.append(overview.page)
        # Added to the navigation here, so no longer "not in nav" (as Material's blog
        # plugin does with its archive).
        overview.inclusion = InclusionLevel.INCLUDED

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> None:
        """A post's tags as the blog names them (`SEO` for `seo`, aliases resolved)."""
        if self.index is not None and page.file.src_uri in self.index.post_tags:
            page.meta["tags"] = [t.name for t in self.index.of_post(page.file.src_uri)]

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Stop on errors; `masthead_tag_link` for the cards' tag chips."""
        if self.index is None:
            return env
        if not self.serving:  # every page was read: all problems are listed by now
            common.stop_if_errors(self.problems, "the tags")
        for src_uri in self.index.post_tags:
            found = files.get_file_from_path(src_uri)
            if found is not None and found.page is not None:
                self._posts[src_uri] = found.page

        links: dict[str, dict | None] = {}  # every card shows its chips: look up once

        def masthead_tag_link(name: str) -> dict | None:
            if name not in links:
                links[name] = self.chip_link(name)
            return links[name]

        env.globals["masthead_tag_link"] = masthead_tag_link
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """The posts, pages and tag of a tag page (or every tag, on the overview)."""
        spec = self._pages.get(page.file.src_uri)
        if spec is None or self.index is None:
            return context
        key, number = spec
        values = cast(dict[str, Any], context)  # the template's values: ours added
        base = self.config.url.strip("/")
        values["masthead_tags_url"] = f"{base}/"
        values["masthead_tags_title"] = self.config.title
        if not key:
            values["masthead_tags"] = [
                {"name": t.name, "url": f"{base}/{t.slug}/", "count": len(t.posts)}
                for t in self.index.sorted(self.config.sort_by)
            ]
            return context
        tag = self.index.tags[key]
        step = self.config.per_page
        chosen = tag.posts[(number - 1) * step : number * step]
        excerpts = (host.material.post_excerpt(self._posts[u]) for u in chosen if u in self._posts)
        values["posts"] = [excerpt for excerpt in excerpts if excerpt is not None]
        count = max(1, -(-len(tag.posts) // step))
        values["masthead_pages"] = [
            (n, f"{base}/{tag.slug}/" + ("" if n == 1 else f"page/{n}/"), n == number)
            for n in range(1, count + 1)
        ]
        values["masthead_tag"] = {
            "name": tag.name,
            "description": tag.description,
            "count": len(tag.posts),
            "feed": f"{base}/{tag.slug}/feed.xml" if self.config.feeds else None,
        }
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """A tag page's `BreadcrumbList` (home page, blog, overview, tag), at the top of
        its `<head>` after its `<meta charset>`, as masthead/faq puts a post's."""
        spec = self._pages.get(page.file.src_uri)
        if spec is None or self.index is None or not self.config.breadcrumbs:
            return None
        key, number = spec
        base = self.config.url.strip("/")
        blogs = host.material.blog_plugins(config)
        index = posixpath.join(blogs[0].config.blog_dir, "index.md") if blogs else None
        crumbs = site_crumbs(config, self._files, [posixpath.normpath(index)] if index else [])
        found = self._files.get_file_from_path(f"{base}/index.md") if self._files else None
        overview = found.page.canonical_url if found is not None and found.page else None
        if key and overview:
            crumbs.append((self.config.title, overview))
        if key and number > 1:
            first = jsonld.absolute(f"{base}/{self.index.tags[key].slug}/", config.site_url)
            crumbs.append((self.index.tags[key].name, first or ""))
        name = self.index.tags[key].name if key else self.config.title
        if number > 1:
            name = f"{name} (page {number})"
        crumbs.append((name, page.canonical_url or ""))
        node = jsonld.breadcrumb_list(crumbs, page.canonical_url)
        at = jsonld.head_position(output) if node else None
        if node is None or at is None:
            return None
        script = jsonld.script_text(jsonld.graph(node) or {})
        return f'{output[:at]}<script type="application/ld+json">{script}</script>{output[at:]}'

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Each tag's feed."""
        self.write_feeds(config)

    def chip_link(self, name: str) -> dict | None:
        """What the chip of the tag `name` shows and links to (`masthead_tag_link`)."""
        tag = self.index.named(name, self.rules) if self.index else None
        base = self.config.url.strip("/")
        return {"name": tag.name, "url": f"{base}/{tag.slug}/"} if tag else None

    def pages_listing(self, src_uris: set[str]) -> list[str]:
        """The tag pages that list any of the posts `src_uris` (a rebuild in place)."""
        if self.index is None:
            return []
        step, tags = self.config.per_page, self.index.tags
        return [
            page
            for page, (key, n) in self._pages.items()
            if key in tags and src_uris.intersection(tags[key].posts[(n - 1) * step : n * step])
        ]

    def write_feeds(self, config: MkDocsConfig) -> None:
        """Each tag's feed (when `feeds` is on)."""
        if self.index is None or not self.config.feeds:
            return
        base = self.config.url.strip("/")
        for tag in self.index.tags.values():
            common.write_feed(
                config,
                f"{base}/{tag.slug}/",
                f"{tag.name} - {config.site_name}",
                tag.description or f"Posts tagged {tag.name}",
                [
                    self._posts[uri]
                    for uri in tag.posts[: self.config.feed_items]
                    if uri in self._posts
                ],
            )
