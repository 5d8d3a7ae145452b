"""The front-matter plugin's options as the core's settings, and the build's catalogue
read with them (what `on_config` does, and `masthead check` and `new` too)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .. import common
from ..core.catalogue import Catalogue, ParseCache, Settings
from ..core.embeds import EmbedPolicy
from ..core.mapping import KeyNames
from ..host import material as host_material
from ..host import mkdocs as host_mkdocs
from ..host.material import BlogPlugin
from .config import FrontMatterConfig


def settings_from(options: FrontMatterConfig) -> Settings:
    """The core's settings from the plugin's options in `mkdocs.yml`."""
    try:
        zone = ZoneInfo(options.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PluginError(
            f"masthead/frontmatter: unknown timezone '{options.timezone}'; "
            "use an IANA name such as UTC or Europe/Berlin"
        ) from None
    levels = common.levels(options, "frontmatter")
    return Settings(
        keys=KeyNames(**dict(options.fields)),
        zone=zone,
        authors_required=options.authors_required,
        summary_length=options.summary_length,
        levels=levels,
        sanitize=options.sanitize,
        embeds=EmbedPolicy.of(options.embeds, options.embed_hosts),
        shortcodes=options.shortcodes,
        max_post_bytes=options.max_post_kb * 1024,
        max_line_chars=options.max_line_chars,
        max_paragraph_chars=options.max_paragraph_chars,
        max_depth=options.max_depth,
        media_prefix=options.media_prefix,
    )


def load_catalogue(
    config: MkDocsConfig, options: FrontMatterConfig, cache: ParseCache | None = None
) -> tuple[Catalogue, list[BlogPlugin]]:
    """Read every post of the site's blogs into a catalogue: what the plugin does in
    `on_config` and `masthead check` does without building."""
    blogs = host_material.blog_plugins(config)
    if not blogs:
        raise PluginError(
            "masthead/frontmatter: Material's blog plugin is not enabled; "
            "add `- blog` under `plugins:` in mkdocs.yml"
        )
    catalogue = Catalogue(
        settings_from(options), config.docs_dir, common.project_dir(config), cache
    )
    catalogue.template_allowed = lambda name: host_material.post_template_allowed(config, name)
    catalogue.theme_has = lambda name: host_mkdocs.theme_has(config, name)
    catalogue.post_dirs = tuple(host_material.post_dir(b) for b in blogs)
    for blog in blogs:
        catalogue.add_authors_file(host_material.authors_file(blog))
    spec = config.exclude_docs
    catalogue.load(
        [host_material.post_dir(b) for b in blogs], lambda uri: bool(spec and spec.match_file(uri))
    )
    return catalogue, blogs
