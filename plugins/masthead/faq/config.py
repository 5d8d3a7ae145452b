"""Options of `masthead/faq`."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..core.faq import DEFAULT_HEADINGS


class PublisherConfig(Config):
    """Who publishes the blog, for the `publisher` of each `BlogPosting`."""

    name = c.Optional(c.Type(str))
    """Publisher name in BlogPosting; default: `site_name`."""
    url = c.Optional(c.Type(str))
    """Publisher URL; default: `site_url`."""
    logo = c.Optional(c.Type(str))
    """Logo: a path in docs/ or an https:// URL; default: the theme's `logo`."""


class FaqConfig(Config):
    """The options of `masthead/faq`."""

    enabled = c.Type(bool, default=True)
    """Switch the plugin off without removing it from `mkdocs.yml`."""
    headings = c.ListOfItems(c.Type(str), default=list(DEFAULT_HEADINGS))
    """Heading texts that start an FAQ section (bold, a trailing colon and case ignored)."""
    open = c.Type(bool, default=False)
    """Show answers open by default."""
    front_matter_key = c.Type(str, default="faq")
    """Front matter key holding a structured list of `question`/`answer` entries."""
    front_matter_heading = c.Type(str, default="Frequently Asked Questions")
    """Heading of the section made from that list when the body has no FAQ section."""
    blog_posting = c.Type(bool, default=True)
    """Add BlogPosting JSON-LD to every post."""
    faq_page = c.Type(bool, default=True)
    """Add FAQPage JSON-LD to posts with an FAQ."""
    breadcrumbs = c.Type(bool, default=True)
    """Add BreadcrumbList JSON-LD to every post (home page, blog, post)."""
    home_page = c.Type(bool, default=True)
    """Add WebSite and Organization JSON-LD to the home page."""
    git_dates = c.Type(bool, default=True)
    """When the site is a git repository, date a post's `dateModified` and a page's
    sitemap `<lastmod>` by its file's last commit (a post's `updated` wins)."""
    sitemap = c.Type(bool, default=True)
    """Complete sitemap.xml (and .gz): each page's real `<lastmod>` or none (not the
    build's date), and each post's images."""
    publisher = c.SubConfig(PublisherConfig)
    """The organisation that publishes the blog, for BlogPosting."""
    levels = c.DictOfItems(c.Choice(["error", "warn", "info", "ignore"]), default={})
    """Level per check, e.g. `{faq-unanswered: info}`."""
