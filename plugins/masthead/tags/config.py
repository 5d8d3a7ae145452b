"""Options of `masthead/tags`."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class TagsConfig(Config):
    """The options of `masthead/tags`."""

    enabled = c.Type(bool, default=True)
    """Switch the plugin off without removing it from `mkdocs.yml`."""
    tags_file = c.Type(str, default="blog/.tags.yml")
    """Tag rules (display names, descriptions, aliases), relative to docs/."""
    allow_list = c.Type(bool, default=False)
    """Only tags listed in the tags file (or their aliases) are allowed."""
    url = c.Type(str, default="blog/tags")
    """Where the overview lives; each tag at `<url>/<slug>/`."""
    title = c.Type(str, default="Tags")
    """Title of the overview page and its navigation entry."""
    sort_by = c.Choice(["name", "count"], default="name")
    """Order of the overview: by name, or by number of posts."""
    per_page = c.Type(int, default=20)
    """Cards per tag page (then `page/2/`, ...). 20 rather than the blog index's 10:
    fewer thin pagination pages for search engines, and each page costs a build about
    what any Material page costs (see `bench/RESULTS.md`)."""
    feeds = c.Type(bool, default=True)
    """An RSS feed per tag at `<url>/<slug>/feed.xml`."""
    feed_items = c.Type(int, default=20)
    """Newest posts in each feed."""
    breadcrumbs = c.Type(bool, default=True)
    """BreadcrumbList JSON-LD on the overview and each tag page (home page, blog,
    overview, tag)."""
    max_per_post = c.Type(int, default=50)
    """Tags of a post beyond this many get no pages (with a warning)."""
    levels = c.DictOfItems(c.Choice(["error", "warn", "info", "ignore"]), default={})
    """Level per check, e.g. `{tag-unknown: warn}`."""
