"""`serve` rebuilds convert only the posts whose text changed (frontmatter/render_cache.py),
and what they write is what a fresh build writes."""

from __future__ import annotations

import logging
import os

import pytest
import render_probe
from conftest import cms_post
from mkdocs.config.defaults import MkDocsConfig

BROKEN = (
    "Doc file 'blog/posts/a.md' contains a link 'missing.md', but the target "
    "'blog/posts/missing.md' is not found among documentation files."
)


def renders():
    return MkDocsConfig.plugins.plugin_cache["masthead/frontmatter"].renders


def three_posts(site, extensions=("render_probe", "toc")):
    site.config["markdown_extensions"] = list(extensions)
    body = "## Part\n\n[gone](missing.md)\n<!-- probe: a -->"
    site.post("a.md", cms_post(title="A", date="2024-12-01", body=body))
    site.post(
        "b.md", cms_post(title="B", date="2024-12-02", body="[to C](c.md)\n<!-- probe: b -->")
    )
    site.post("c.md", cms_post(title="C", date="2024-12-03", body="Text.\n<!-- probe: c -->"))
    render_probe.COUNTS.clear()


def edit(site, name: str, text: str) -> None:
    path = site.post(name, text)
    os.utime(path, ns=(1, 1))  # a new mtime even on coarse file systems


def test_rebuild_converts_only_the_edited_post_and_writes_the_same_site(site, tmp_path):
    three_posts(site)
    first = site.build(command="serve", shutdown=False)
    assert first.error is None
    assert render_probe.COUNTS == {"a": 1, "b": 1, "c": 1}
    assert renders().hits == 0

    edit(site, "c.md", cms_post(title="C", date="2024-12-03", body="New.\n<!-- probe: c -->"))
    second = site.build(command="serve", fresh=False)
    assert second.error is None
    assert render_probe.COUNTS == {"a": 1, "b": 1, "c": 2}
    assert renders().hits == 2
    # The warning of the unchanged post is given again, as a fresh render gives it.
    assert BROKEN in [r.getMessage() for r in second.records]
    paragraphs = second.html("blog/2024/12/03/c/index.html").select(".md-content p")
    assert [p.text for p in paragraphs][-1] == "New."

    # Byte for byte what a fresh build of the same sources writes.
    cached = {p.relative_to(second.site): p.read_bytes() for p in second.site.rglob("*.html")}
    fresh = site.build(command="serve")
    assert fresh.error is None
    written = {p.relative_to(fresh.site): p.read_bytes() for p in fresh.site.rglob("*.html")}
    assert written == cached
    assert [r.getMessage() for r in fresh.records if r.levelno >= logging.WARNING] == [
        r.getMessage() for r in second.records if r.levelno >= logging.WARNING
    ]


def test_a_renamed_post_renders_the_links_to_it_again(site):
    three_posts(site)
    assert site.build(command="serve", shutdown=False).error is None
    edit(site, "c.md", cms_post(title="C renamed", date="2024-12-03", body="<!-- probe: c -->"))
    second = site.build(command="serve", fresh=False)
    # c changed; b links to c, whose URL changed; a links to neither: taken from the cache.
    assert render_probe.COUNTS == {"a": 1, "b": 2, "c": 2}
    link = second.html("blog/2024/12/02/b/index.html").select_one(".md-content a[href*='c']")
    assert link["href"] == "../../03/c-renamed/"
    cached = {p.relative_to(second.site): p.read_bytes() for p in second.site.rglob("*.html")}
    fresh = site.build(command="serve")
    assert {p.relative_to(fresh.site): p.read_bytes() for p in fresh.site.rglob("*.html")} == (
        cached
    )


def test_a_file_that_appears_renders_the_links_to_it_again(site):
    three_posts(site)
    assert site.build(command="serve", shutdown=False).error is None
    assert BROKEN in [
        r.getMessage() for r in site.build(command="serve", fresh=False, shutdown=False).records
    ]
    site.post("missing.md", cms_post(title="Found", date="2024-12-04", body="Here."))
    third = site.build(command="serve", fresh=False)
    assert render_probe.COUNTS == {"a": 2, "b": 1, "c": 1}  # a's broken link now resolves
    assert BROKEN not in [r.getMessage() for r in third.records]
    link = third.html("blog/2024/12/01/a/index.html").select_one(".md-content a[href*='found']")
    assert link["href"] == "../../04/found/"


def test_no_cache_for_build_or_with_extensions_that_read_other_files(site):
    three_posts(site)
    site.build(shutdown=False)
    site.build(fresh=False)
    assert render_probe.COUNTS == {"a": 2, "b": 2, "c": 2}
    assert renders().hits == 0

    three_posts(site, ("render_probe", "toc", "pymdownx.snippets"))
    site.build(command="serve", shutdown=False)
    site.build(command="serve", fresh=False)
    assert render_probe.COUNTS == {"a": 2, "b": 2, "c": 2}
    assert renders().hits == 0


def test_the_cache_can_be_switched_off(site):
    three_posts(site)
    site.plugin_options(render_cache=False)
    site.build(command="serve", shutdown=False)
    site.build(command="serve", fresh=False)
    assert render_probe.COUNTS == {"a": 2, "b": 2, "c": 2}


@pytest.mark.parametrize("option", ["speedups", "render_cache"])
def test_speedups_false_turns_the_cache_off_too(site, option):
    """`speedups: false` leaves MkDocs as it is: no page's `render` is replaced."""
    three_posts(site)
    site.plugin_options(**{option: False})
    site.build(command="serve", shutdown=False)
    site.build(command="serve", fresh=False)
    assert render_probe.COUNTS == {"a": 2, "b": 2, "c": 2}
    assert renders().hits == 0


@pytest.mark.parametrize("name", ["pymdownx.snippets", "pymdownx.snippets:SnippetExtension"])
def test_snippets_by_any_name_keep_the_cache_off(site, name):
    """An extension named with its class (`module:Class`) is the same extension."""
    three_posts(site, extensions=("render_probe", "toc", name))
    site.build(command="serve")
    assert renders().enabled is False
