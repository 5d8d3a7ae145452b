"""`mkdocs serve`: rebuilds reuse plugin instances; state must not leak between them."""

from __future__ import annotations

import logging
import os

from conftest import cms_post
from mkdocs.config.defaults import MkDocsConfig


def frontmatter_plugin():
    return MkDocsConfig.plugins.plugin_cache["masthead/frontmatter"]


def test_warnings_fail_strict_only(site):
    site.post("a.md", cms_post(title="Tags").replace("tags:\n  - seo", "tags: 42"))
    assert site.build().error is None
    strict = site.build(strict=True)
    assert strict.error is not None
    assert strict.messages(logging.WARNING) == [
        "docs/blog/posts/a.md:6: `tags: 42` is not a list of tags; write `tags: [seo, backlinks]`"
        " or one `- tag` per line; read as the tag '42'"
    ]


def test_serve_keeps_going_and_leaves_out_the_broken_post(site):
    site.post("good.md", cms_post(title="Good"))
    site.post("bad.md", cms_post(title="Bad", date="yesterday"))
    built = site.build(command="serve")
    assert built.error is None
    assert built.messages(logging.ERROR) == [
        "docs/blog/posts/bad.md:3: `date: yesterday` cannot be read as a date: it is not a date; "
        "write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`",
        "docs/blog/posts/bad.md is left out of this preview until its errors are fixed",
    ]
    assert (built.site / "blog/2024/12/04/good/index.html").is_file()
    assert len(built.post_pages()) == 1


def test_rebuild_sees_edits_and_rereads_only_what_changed(site):
    site.write(
        "blog/.authors.yml",
        "authors:\n  bbt:\n    name: Backlink Bot Team\n    description: d\n    avatar: a.png\n",
    )
    for n in range(5):
        site.post(f"p{n}.md", cms_post(title=f"Post {n}", date=f"2024-12-0{n + 1}"))
    first = site.build(command="serve", shutdown=False)
    assert first.error is None and len(first.post_pages()) == 5
    assert frontmatter_plugin().catalogue.read_count == 5

    edited = site.post(
        "p2.md", cms_post(title="Post 2 edited", date="2024-12-03", author="New Person")
    )
    os.utime(edited, ns=(1, 1))  # a different mtime even on coarse file systems
    second = site.build(command="serve", fresh=False, shutdown=False)
    assert frontmatter_plugin().catalogue.read_count == 1
    assert (second.site / "blog/2024/12/03/post-2-edited/index.html").is_file()
    assert not (second.site / "blog/2024/12/03/post-2/index.html").exists()
    assert second.messages(logging.INFO) == [
        "docs/blog/posts/p2.md:4: author 'New Person' is not in the authors file; registered "
        "as `new-person`; add an entry to the authors file to give them an avatar and description"
    ]

    site.post("p2.md", cms_post(title="Post 2", date="2024-12-03"))
    third = site.build(command="serve", fresh=False)
    assert third.messages() == []  # the author registered last time is gone with its post
    assert len(third.post_pages()) == 5
