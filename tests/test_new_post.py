"""`masthead new`: a post in the CMS format that passes `masthead check` once filled."""

from __future__ import annotations

import pytest
import yaml
from conftest import cms_post
from masthead.cli import main
from masthead.core.newpost import PLACEHOLDERS

EXPECTED = """\
---
title: 'Links: a field guide'
date: 2025-12-01T09:00:00.000Z
thumbnail: /images/blog/cover.png
author: Aman
summary: 'TODO: one or two sentences for the blog card, search results and feed readers.'
tags:
  - SEO
  - link building
---
TODO: the opening paragraph: what the reader will know after reading this post.

## TODO: a section heading

TODO: the section's text.

## FAQ

1. **TODO: a first question readers ask?**

   TODO: its answer, in two or three sentences.
2. **TODO: a second question readers ask?**

   TODO: its answer.
3. **TODO: a third question readers ask?**

   TODO: its answer.
"""


@pytest.fixture
def blog(site, tmp_path):
    site.config["plugins"] += ["masthead/faq", "masthead/tags", "masthead/images"]
    site.image("images/blog/older.png")
    site.write(
        "blog/.authors.yml",
        "authors:\n  aman:\n    name: Aman\n    description: Writer\n"
        "    avatar: assets/masthead/avatar.svg\n",
    )
    site.post(
        "2024-12-04-older.md",
        cms_post(title="Older", author="Aman").replace(
            "tags:", "thumbnail: /images/blog/older.png\ntags:"
        ),
    )
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config))
    return site


def run(site, capsys, *args: str) -> tuple[int, str]:
    code = main([*args[:1], "-f", str(site.root / "mkdocs.yml"), *args[1:]])
    return code, capsys.readouterr().out


def test_new_post_then_check_then_build(blog, capsys, tmp_path):
    cover = tmp_path / "outside" / "cover.png"
    cover.parent.mkdir()
    blog.image("../outside/cover.png")
    code, out = run(
        blog,
        capsys,
        "new",
        "Links:  a field guide",
        "--tag",
        "SEO",
        "--tag",
        "link building",
        "--thumbnail",
        str(cover),
        "--date",
        "2025-12-01T09:00",
    )
    assert code == 0
    assert out.splitlines() == [
        f"masthead: copied {cover} to docs/images/blog/cover.png",
        "masthead: wrote docs/blog/posts/2025-12-01-links-a-field-guide.md",
        "masthead: replace its TODO lines, then run: "
        "masthead check docs/blog/posts/2025-12-01-links-a-field-guide.md",
    ]
    path = blog.docs / "blog/posts/2025-12-01-links-a-field-guide.md"
    assert path.read_text() == EXPECTED
    assert (blog.docs / "images/blog/cover.png").read_bytes() == cover.read_bytes()

    # Unfilled, every placeholder is a warning (so `mkdocs build --strict` fails).
    code, out = run(blog, capsys, "check", str(path))
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == (
        "warn: docs/blog/posts/2025-12-01-links-a-field-guide.md:6: this line still holds "
        "the placeholder 'TODO: one or two sentences for the blog card, search results and "
        "feed readers.' that `masthead new` wrote; replace it with your own text"
    )
    assert lines[-1] == "masthead: 2 posts checked: 10 warnings"
    assert [int(line.split(":")[2]) for line in lines[:-1]] == [
        6, 11, 13, 15, 19, 21, 22, 24, 25, 27
    ]  # fmt: skip
    assert blog.build(strict=True).error is not None

    # Filled in, the post passes every check and builds with --strict.
    text = path.read_text()
    for number, placeholder in enumerate(PLACEHOLDERS):
        text = text.replace(placeholder, f"Written text number {number}.")
    text = text.replace("Written text number 4.", "Question four?")
    text = text.replace("Written text number 6.", "Question six?")
    text = text.replace("Written text number 8.", "Question eight?")
    path.write_text(text)
    code, out = run(blog, capsys, "check")
    assert (code, out.splitlines()) == (0, ["masthead: 2 posts checked: no errors or warnings"])
    built = blog.build(strict=True)
    assert built.error is None, built.warnings()
    page = built.html("blog/2025/12/01/links-a-field-guide/index.html")
    assert [s.get_text(strip=True) for s in page.select("details summary")] == [
        "Question four?",
        "Question six?",
        "Question eight?",
    ]


def test_new_refuses_to_overwrite(blog, capsys):
    path = blog.docs / "blog/posts/2024-12-04-older.md"
    before = path.read_bytes()
    with pytest.raises(SystemExit) as stopped:
        run(blog, capsys, "new", "Older", "--date", "2024-12-04")
    assert str(stopped.value) == (
        "masthead: docs/blog/posts/2024-12-04-older.md already exists; nothing was written. "
        "Edit that post, or choose another title"
    )
    assert path.read_bytes() == before


def test_new_uses_the_sites_field_names_and_usual_author(blog, capsys):
    plugins = blog.config["plugins"]
    plugins[plugins.index("masthead/frontmatter")] = {
        "masthead/frontmatter": {"fields": {"thumbnail": "cover", "summary": "excerpt"}}
    }
    (blog.root / "mkdocs.yml").write_text(yaml.safe_dump(blog.config))
    code, _ = run(
        blog,
        capsys,
        "new",
        "Keyed",
        "--thumbnail",
        "/images/blog/older.png",
        "--date",
        "2025-01-02",
    )
    assert code == 0
    text = (blog.docs / "blog/posts/2025-01-02-keyed.md").read_text()
    front = yaml.safe_load(text.split("---")[1])
    assert front["cover"] == "/images/blog/older.png"
    assert front["excerpt"].startswith("TODO: ")
    assert front["author"] == "Aman"  # the blog's usual author


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--date", "next week"),
            "masthead: --date next week is not a date; write 2026-12-01 or 2026-12-01T09:00",
        ),
        (
            ("--thumbnail", "/nowhere/x.png"),
            "masthead: no image at /nowhere/x.png; give the path of an existing file",
        ),
    ],
)
def test_new_bad_arguments(blog, capsys, args, message):
    with pytest.raises(SystemExit) as stopped:
        run(blog, capsys, "new", "Title", *args)
    assert str(stopped.value) == message
    assert sorted(p.name for p in (blog.docs / "blog/posts").iterdir()) == ["2024-12-04-older.md"]


def test_new_without_materials_blog_plugin(blog, capsys):
    blog.config["plugins"] = ["masthead/frontmatter"]
    (blog.root / "mkdocs.yml").write_text(yaml.safe_dump(blog.config))
    with pytest.raises(SystemExit) as stopped:
        run(blog, capsys, "new", "Title")
    assert str(stopped.value) == (
        "masthead: masthead/frontmatter: Material's blog plugin is not enabled; "
        "add `- blog` under `plugins:` in mkdocs.yml"
    )
