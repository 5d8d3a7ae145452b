"""`masthead new`: a post in the CMS format that passes `masthead check` once filled."""

from __future__ import annotations

import os

import pytest
import yaml
from conftest import cms_post
from masthead.cli import main
from masthead.core.images import size_text
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


# Everything is checked before anything is written: each refusal is one line, and the
# project (docs/ and all) is left exactly as it was.


def _tree(root) -> dict[str, bytes | None]:
    """Every path under `root` with its bytes (None for folders and special files)."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            found[str(path.relative_to(root))] = None
        else:
            found[str(path.relative_to(root))] = path.read_bytes()
    return found


def _refused(blog, capsys, *args: str) -> str:
    before = _tree(blog.root)
    with pytest.raises(SystemExit) as stopped:
        run(blog, capsys, "new", *args)
    assert _tree(blog.root) == before, "something was written"
    assert capsys.readouterr().out == ""
    return str(stopped.value)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size (no pixels): enough for the header read."""
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + (13).to_bytes(4, "big")
        + b"IHDR"
        + ihdr
        + b"\0" * 4
        + b"\0" * 4
        + b"IEND"
        + b"\xaeB`\x82"
    )


def _thumbnail_case(tmp_path, kind: str):
    """The file given as --thumbnail, and the message that refuses it."""
    from PIL import Image

    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    shadow = outside / "shadow"
    shadow.write_text("root:$6$salt$hash:19000:0:99999:7:::\n")
    png = outside / "real.png"
    Image.new("RGB", (1200, 630), "#336699").save(png)
    path = outside / {"shadow": "shadow", "folder": "pics.png"}.get(kind, f"{kind}.png")
    end = "export the image again"
    if kind == "shadow":
        message = (
            f"{shadow} is not an image file (no suffix); "
            "give a .png, .jpg, .jpeg, .gif, .webp, .avif or .svg image"
        )
    elif kind == "link":
        path.symlink_to(shadow)
        message = f"{path} is a symbolic link; give the path of the image file itself"
    elif kind == "link-to-image":
        path.symlink_to(png)
        message = f"{path} is a symbolic link; give the path of the image file itself"
    elif kind == "fifo":
        os.mkfifo(path)
        message = (
            f"{path} is not a regular file (a FIFO, device or socket); "
            "give the path of an image file"
        )
    elif kind == "folder":
        path.mkdir()
        message = f"{path} is a folder; give the path of an image file"
    elif kind == "empty":
        path.write_bytes(b"")
        message = f"{path} is an empty file (0 bytes); {end}"
    elif kind == "text-as-jpg":
        path = outside / "text.jpg"
        path.write_bytes(shadow.read_bytes())
        message = f"{path} is not an image Pillow can read (corrupt or not an image); {end}"
    elif kind == "png-as-jpg":
        path = outside / "photo.jpg"
        path.write_bytes(png.read_bytes())
        message = f"{path} is a PNG file named .jpg; rename it to .png"
    elif kind == "truncated":
        path.write_bytes(png.read_bytes()[:-20])
        message = f"{path} is cut short (truncated); {end}"
    elif kind == "bomb":
        path.write_bytes(_png_header(20_000, 20_000))
        message = f"{path} is 20000x20000 pixels, more than 40,000,000 (refused); {end}"
    elif kind == "too-big":
        Image.frombytes("RGB", (600, 400), os.urandom(600 * 400 * 3)).save(path)
        message = (
            f"{path} is {size_text(path.stat().st_size)}, over the 500 KB limit for a thumbnail; "
            "compress it or export a smaller size"
        )
    elif kind == "svg":
        path = outside / "logo.svg"
        path.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="5" height="5"/>\n'
            '<script>alert(document.cookie)</script>\n<a href="javascript:x"/></svg>'
        )
        message = (
            f"{path} could run code or load other files when opened (line 3: `<script>` "
            "element; and 1 more); export it again as a plain drawing, or use a PNG"
        )
    elif kind == "svg-onload":
        path = outside / "logo.svg"
        path.write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
        message = (
            f"{path} could run code or load other files when opened (line 1: event handler "
            "`onload=`); export it again as a plain drawing, or use a PNG"
        )
    else:
        raise AssertionError(kind)
    return path, f"masthead: {message}"


THUMBNAIL_CASES = [
    "shadow",
    "link",
    "link-to-image",
    pytest.param(
        "fifo", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
    ),
    "folder",
    "empty",
    "text-as-jpg",
    "png-as-jpg",
    "truncated",
    "bomb",
    "too-big",
    "svg",
    "svg-onload",
]


@pytest.mark.parametrize("kind", THUMBNAIL_CASES)
def test_new_accepts_only_an_image_as_thumbnail(blog, capsys, tmp_path, kind):
    path, message = _thumbnail_case(tmp_path, kind)
    assert _refused(blog, capsys, "Title", "--thumbnail", str(path)) == message


def test_new_copies_a_plain_svg(blog, capsys, tmp_path):
    drawing = tmp_path / "drawing.svg"
    drawing.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">'
        '<rect width="1200" height="630" fill="#369"/></svg>'
    )
    code, out = run(
        blog, capsys, "new", "Drawn", "--thumbnail", str(drawing), "--date", "2025-01-01"
    )
    assert code == 0
    assert out.splitlines()[0] == f"masthead: copied {drawing} to docs/images/blog/drawing.svg"
    assert (blog.docs / "images/blog/drawing.svg").read_bytes() == drawing.read_bytes()
    text = (blog.docs / "blog/posts/2025-01-01-drawn.md").read_text()
    assert "thumbnail: /images/blog/drawing.svg\n" in text


def test_new_refuses_devices_and_system_files(blog, capsys):
    for device in ("/dev/zero", "/dev/null"):
        if os.path.exists(device):
            assert _refused(blog, capsys, "Title", "--thumbnail", device) == (
                f"masthead: {device} is not a regular file (a FIFO, device or socket); "
                "give the path of an image file"
            )
    assert _refused(blog, capsys, "Title", "--thumbnail", "/etc/passwd") == (
        "masthead: /etc/passwd is not an image file (no suffix); "
        "give a .png, .jpg, .jpeg, .gif, .webp, .avif or .svg image"
    )
    # A site path that climbs out of docs/ is a path on disk, checked as any other.
    assert _refused(blog, capsys, "Title", "--thumbnail", "/../../../../../../etc/passwd") == (
        "masthead: /../../../../../../etc/passwd is not an image file (no suffix); "
        "give a .png, .jpg, .jpeg, .gif, .webp, .avif or .svg image"
    )


def test_new_refuses_a_link_in_docs_as_thumbnail(blog, capsys, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes((blog.docs / "images/blog/older.png").read_bytes())
    (blog.docs / "images/blog/linked.png").symlink_to(secret)
    assert _refused(blog, capsys, "Title", "--thumbnail", "/images/blog/linked.png") == (
        "masthead: /images/blog/linked.png is a symbolic link; "
        "give the path of the image file itself"
    )
    (blog.docs / "images/elsewhere").symlink_to(tmp_path, target_is_directory=True)
    assert _refused(blog, capsys, "Title", "--thumbnail", "/images/elsewhere/secret.png") == (
        "masthead: /images/elsewhere/secret.png is in a linked folder outside the docs folder; "
        "copy the image into docs/ instead"
    )


def test_new_copies_nothing_when_the_post_exists(blog, capsys, tmp_path):
    path, _ = _thumbnail_case(tmp_path, "empty")
    cover = path.with_name("cover.png")
    cover.write_bytes((blog.docs / "images/blog/older.png").read_bytes())
    message = _refused(blog, capsys, "Older", "--date", "2024-12-04", "--thumbnail", str(cover))
    assert message == (
        "masthead: docs/blog/posts/2024-12-04-older.md already exists; nothing was written. "
        "Edit that post, or choose another title"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("A" * 201,),
            "the title is 201 characters long, over the limit of 200; "
            "write a shorter title (under 70 characters reads best)",
        ),
        (
            ("Red \x1b[31malert",),
            "the title holds a control character (U+001B); remove it",
        ),
        (("Ding\x07",), "the title holds a control character (U+0007); remove it"),
        (("Nul\x00l",), "the title holds a control character (U+0000); remove it"),
        (("Del\x7f",), "the title holds a control character (U+007F); remove it"),
        (
            ("caf\udce9",),  # a byte that was not UTF-8, as Python passes it on
            "the title holds a character that is not text (U+DCE9); remove it",
        ),
        (
            ("Title", "--tag", "seo", "--tag", "se\x1bo"),
            "the tag 'se\\x1bo' holds a control character (U+001B); remove it",
        ),
        (
            ("Title", "--author", "Am\x07an"),
            "the author 'Am\\x07an' holds a control character (U+0007); remove it",
        ),
        (
            ("Title", "--tag", "  "),
            "a --tag is empty; give each tag some text, or leave it out",
        ),
        (
            ("Title", "--date", "9999-12-31T23:00-05:00"),
            "--date 9999-12-31T23:00-05:00 cannot be used: it is out of the range of dates "
            "(years 1 to 9999 in UTC); write a date such as 2026-12-01 or 2026-12-01T09:00",
        ),
        (
            ("Title", "--date", "0001-01-01T00:00+05:00"),
            "--date 0001-01-01T00:00+05:00 cannot be used: it is out of the range of dates "
            "(years 1 to 9999 in UTC); write a date such as 2026-12-01 or 2026-12-01T09:00",
        ),
    ],
)
def test_new_refuses_what_the_build_would_not_take(blog, capsys, args, message):
    assert _refused(blog, capsys, *args) == f"masthead: {message}"


def test_new_refuses_a_date_out_of_range_in_the_sites_zone(blog, capsys):
    plugins = blog.config["plugins"]
    plugins[plugins.index("masthead/frontmatter")] = {
        "masthead/frontmatter": {"timezone": "Pacific/Kiritimati"}
    }
    (blog.root / "mkdocs.yml").write_text(yaml.safe_dump(blog.config))
    assert _refused(blog, capsys, "Title", "--date", "9999-12-31T20:00Z") == (
        "masthead: --date 9999-12-31T20:00Z cannot be used: it is out of the range of dates "
        "(years 1 to 9999) in the time zone Pacific/Kiritimati; "
        "write a date such as 2026-12-01 or 2026-12-01T09:00"
    )


@pytest.mark.parametrize(
    "title",
    [
        "A" * 200,  # the longest title the build keeps whole
        "word " * 39 + "last",
        "\U0001f600" * 200,  # a slug made of code points
        "Ünïcödé " * 25,
    ],
)
def test_new_keeps_file_names_short(blog, capsys, title):
    code, out = run(blog, capsys, "new", title, "--date", "2025-03-04")
    assert code == 0
    name = out.splitlines()[0].removeprefix("masthead: wrote docs/blog/posts/")
    assert name.startswith("2025-03-04-") and name.endswith(".md")
    assert len(name.encode()) <= len("2025-03-04-") + 96 + len(".md")
    code, out = run(blog, capsys, "check", str(blog.docs / "blog/posts" / name))
    assert "is cut to" not in out
    assert code == 0, out
    assert out.splitlines()[0].startswith(f"warn: docs/blog/posts/{name}:")  # a placeholder


def test_new_dates_before_the_year_1000(blog, capsys):
    code, out = run(blog, capsys, "new", "Ancient", "--date", "0999-06-01T12:00Z")
    assert code == 0
    path = blog.docs / "blog/posts/0999-06-01-ancient.md"
    assert "date: 0999-06-01T12:00:00.000Z\n" in path.read_text()
    code, out = run(blog, capsys, "check", str(path))
    assert "date" not in out, out
    assert code == 0


def test_new_never_copies_beside_a_hostile_thumbnail_folder():
    from masthead.cli import _thumbnail_folder

    assert _thumbnail_folder(["/../../x/a.png", "/../../x/b.png", "/ok/c.png"]) == "/ok"
    assert _thumbnail_folder(["//cdn.example/a.png", "/a/../../b.png"]) == "/images/blog"
    assert _thumbnail_folder(["/im\x1bages/a.png", "C:/x.png", "/a\\..\\b/x.png"]) == (
        "/images/blog"
    )
