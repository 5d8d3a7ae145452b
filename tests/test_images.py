"""`masthead/images` and `masthead check`: real image files made with Pillow."""

from __future__ import annotations

import logging
import os
import unicodedata
import zlib

import pytest
import yaml
from conftest import cms_post
from masthead.cli import github_annotation, main
from masthead.core import images
from masthead.core.problems import Level, Problem
from PIL import Image


def bomb_png(path, width: int = 30000, height: int = 30000) -> None:
    """A decompression bomb as it arrives: a tiny PNG whose header claims huge sizes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def body_site(site, body: str, *, thumbnail: str | None = None, name: str = "a.md"):
    post = cms_post(title=f"Post {name}", body=body)
    if thumbnail:
        post = post.replace("tags:", f"thumbnail: {thumbnail}\ntags:")
    site.post(name, post)
    return site


@pytest.fixture
def img_site(site):
    site.config["plugins"].append("masthead/images")
    site.write(
        "blog/.authors.yml",
        "authors:\n  bbt:\n    name: Backlink Bot Team\n"
        "    description: d\n    avatar: images/avatar.png\n",
    )
    site.image("images/avatar.png", (64, 64))
    return site


def image_messages(built) -> list[str]:
    return [m for m in built.messages() if "image" in m or "thumbnail" in m]


def test_clean_site_reports_only_the_summary(img_site):
    img_site.image("images/blog/good.png")
    body_site(
        img_site, "![A good picture](/images/blog/good.png)\n", thumbnail="/images/blog/good.png"
    )
    built = img_site.build(strict=True)
    assert built.error is None, built.warnings()
    assert image_messages(built) == ["images: 2 checked, 0 external (not fetched)"]


def test_missing_image_with_did_you_mean_stops_the_build(img_site):
    img_site.image("images/blog/anchor-text.png")
    body_site(img_site, "Text.\n\n![Chart](/images/blog/anchor-txt.png)\n")
    built = img_site.build()
    assert built.messages(logging.ERROR) == [
        "docs/blog/posts/a.md:11: image /images/blog/anchor-txt.png does not exist; did you "
        "mean /images/blog/anchor-text.png?; add the file under docs/ or correct the path",
        "1 error in the images; the build stops. Each is listed above with its file and line.",
    ]
    assert not (built.site / "blog/2024/12/04/a-post/index.html").exists(), "no page written"


def test_case_and_unicode_form_mismatch(img_site):
    img_site.image("images/blog/Chart.png")
    nfd = unicodedata.normalize("NFD", "Café.png")
    img_site.image(f"images/blog/{nfd}")
    body_site(img_site, "![One](/images/blog/chart.png)\n\n![Two](/images/blog/Café.png)\n")
    built = img_site.build()
    assert built.messages(logging.ERROR)[:2] == [
        "docs/blog/posts/a.md:9: image /images/blog/chart.png does not match the file's name "
        "images/blog/Chart.png in case or accents; write /images/blog/Chart.png; the two "
        "differ on GitHub Pages and Linux servers",
        "docs/blog/posts/a.md:11: image /images/blog/Café.png does not match the file's name "
        f"images/blog/{nfd} in case or accents; write /images/blog/{nfd}; the two differ on "
        "GitHub Pages and Linux servers",
    ]


def test_case_check_works_as_on_a_case_insensitive_file_system(tmp_path):
    """On macOS/Windows `chart.png` opens `Chart.png`; the index compares real names,
    so it reports the mismatch there too (proven here without such a file system)."""
    (tmp_path / "images").mkdir()
    Image.new("RGB", (10, 10)).save(tmp_path / "images" / "Chart.png")
    index = images.FileIndex(str(tmp_path))
    assert not index.exact("images/chart.png")
    assert index.same_but_case("images/chart.png") == "images/Chart.png"
    assert index.exact("images/Chart.png")


def test_paths_out_of_docs_and_symlinks(img_site, tmp_path):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10)).save(secret)
    link = img_site.docs / "images" / "leak.png"
    os.symlink(secret, link)
    body_site(img_site, "![A](../../../secret.png)\n\n![B](/images/leak.png)\n")
    built = img_site.build()
    # The file is taken out first (core/published.py), then each post that shows it
    # is told; the build stops once every page was read.
    assert built.messages(logging.ERROR)[:3] == [
        "docs/images/leak.png:1: images/leak.png is a link to a place outside the docs "
        "folder; it is left out of the site; replace the link with a copy of the file",
        "docs/blog/posts/a.md:9: image ../../../secret.png points outside the docs folder; "
        "keep images inside docs/ and link them as /images/...",
        "docs/blog/posts/a.md:11: image /images/leak.png is a link to a file outside the docs "
        "folder; replace the link with a copy of the image",
    ]
    img_site.plugin_options()  # the same site, served: errors do not stop it
    served = img_site.build(command="serve")
    assert served.error is None
    assert not (served.site / "images/leak.png").exists()


def test_alt_text_checks(img_site):
    img_site.image("images/p.png", (800, 450))
    body_site(
        img_site,
        "![](/images/p.png)\n\n![IMG_0042.png](/images/p.png)\n\n"
        '![image](/images/p.png)\n\n<img src="/images/p.png">\n\n'
        "![A described picture](/images/p.png)\n",
    )
    built = img_site.build()
    assert built.messages(logging.WARNING) == [
        "docs/blog/posts/a.md:9: image p.png has no alt text; describe the picture: "
        "![What it shows](...)",
        "docs/blog/posts/a.md:11: image p.png has the alt text 'IMG_0042.png', which says "
        "nothing about it; describe what the picture shows",
        "docs/blog/posts/a.md:13: image p.png has the alt text 'image', which says nothing "
        "about it; describe what the picture shows",
        "docs/blog/posts/a.md:15: image p.png has no alt text; describe the picture: "
        "![What it shows](...)",
    ]


def test_size_dimensions_type_corrupt_truncated_and_bombs(img_site):
    docs = img_site.docs
    big = docs / "images/big.png"
    big.parent.mkdir(parents=True, exist_ok=True)
    Image.effect_noise((560, 560), 100).convert("RGB").save(big)
    assert 500 * 1024 < big.stat().st_size < 1024 * 1024
    img_site.image("images/small-thumb.png", (600, 315))
    img_site.image("images/square.png", (1200, 1200))
    img_site.image("images/png-named.jpg")  # PNG bytes
    (docs / "images/empty.png").write_bytes(b"")
    (docs / "images/junk.png").write_bytes(b"not an image at all")
    whole = (docs / "images/small-thumb.png").read_bytes()
    (docs / "images/cut.png").write_bytes(whole[: len(whole) // 2])
    (docs / "images/folder.png").mkdir()
    bomb_png(docs / "images/bomb.png")
    body_site(
        img_site,
        "\n\n".join(
            f"![A chart of case {n}](/images/{name})"
            for n, name in enumerate(
                [
                    "big.png",
                    "png-named.jpg",
                    "empty.png",
                    "junk.png",
                    "cut.png",
                    "folder.png",
                    "bomb.png",
                    "square.png",
                ]
            )
        )
        + "\n",
        thumbnail="/images/small-thumb.png",
    )
    img_site.post(
        "b.md", cms_post(title="B").replace("tags:", "thumbnail: /images/square.png\ntags:")
    )
    built = img_site.build()
    got = sorted(image_messages(built)[1:])
    assert got == sorted(
        [
            f"docs/blog/posts/a.md:10: image /images/big.png is {big.stat().st_size / 1024:,.0f} "
            "KB, over the 500 KB budget; compress it or export a smaller size",
            "docs/blog/posts/a.md:12: image /images/png-named.jpg is a PNG file named .jpg; "
            "rename it to .png (or export it as JPG)",
            "docs/blog/posts/a.md:14: image /images/empty.png is an empty file (0 bytes); export "
            "the image again from your editor",
            "docs/blog/posts/a.md:16: image /images/junk.png is not an image Pillow can read "
            "(corrupt or not an image); export the image again from your editor",
            "docs/blog/posts/a.md:18: image /images/cut.png is cut short (truncated); export the "
            "image again from your editor",
            "docs/blog/posts/a.md:20: image /images/folder.png is a folder, not a file; link the "
            "image file",
            "docs/blog/posts/a.md:22: image /images/bomb.png is 30000x30000 pixels, more than "
            "40,000,000 (refused); resize it (a few thousand pixels a side are plenty for a "
            "web page)",
            "docs/blog/posts/a.md:6: thumbnail /images/small-thumb.png is 600x315, smaller than "
            "1200x630; use a larger image so that social cards stay sharp",
            "docs/blog/posts/b.md:6: thumbnail /images/square.png is 1200x1200 (1.00:1), far from "
            "1.91:1; crop it to about 1200x630",
            "5 errors, 4 warnings in the images; the build stops. Each is listed above with its "
            "file and line.",
        ]
    )


def test_levels_are_configurable(img_site):
    img_site.config["plugins"][-1] = {
        "masthead/images": {
            "levels": {
                "image-missing": "warn",
                "image-alt-missing": "ignore",
                "image-external": "warn",
            }
        }
    }
    body_site(img_site, "![](/images/nope.png)\n\n![](https://cdn.example.com/x.png)\n")
    built = img_site.build()
    assert built.error is None
    assert built.messages(logging.WARNING) == [
        "docs/blog/posts/a.md:9: image /images/nope.png does not exist; add the file under "
        "docs/ or correct the path",
        "docs/blog/posts/a.md:11: image https://cdn.example.com/x.png is on another site and is "
        "not checked; copy it into docs/images/ to have it checked and served with the site",
    ]
    assert built.messages(logging.INFO)[-1] == (
        "images: 1 checked, 1 external (not fetched); image-external: 1, image-missing: 1"
    )
    assert img_site.build(strict=True).error is not None


def test_reference_style_html_srcset_and_odd_names(img_site):
    names = ["My File.png", "Guest’s pitch.png", "narrow\u202fspace.png"]
    for name in names:
        img_site.image(f"images/{name}", (800, 450))
    body_site(
        img_site,
        "![Ref one][one]\n\n![Shortcut]\n\n"
        '<picture><source srcset="/images/My%20File.png 1x, /images/nope.png 2x">'
        '<img src="/images/Guest’s pitch.png?v=2#top" alt="Pitch"></picture>\n\n'
        "![Narrow](</images/narrow\u202fspace.png>)\n\n"
        "`![not an image](/images/code.png)`\n\n```\n![Nor this](/images/fence.png)\n```\n\n"
        "[one]: /images/My%20File.png\n[shortcut]: /images/missing-ref.png\n",
    )
    built = img_site.build()
    errors = [m for m in built.messages(logging.ERROR) if "does not exist" in m]
    assert [e.split(": image ")[1].split(" ")[0] for e in errors] == [
        "/images/missing-ref.png",
        "/images/nope.png",
    ]
    assert not [m for m in built.messages() if "code.png" in m or "fence.png" in m]
    assert not [m for m in built.messages() if "is not used by any page" in m]


def test_unreferenced_images_listed(img_site):
    img_site.image("images/used.png", (800, 450))
    img_site.image("images/blog/forgotten.png", (800, 450))
    body_site(img_site, "![Used](/images/used.png)\n")
    built = img_site.build(strict=True)
    assert built.error is None
    assert built.messages(logging.INFO)[-1] == (
        "docs/images/blog/forgotten.png:1: images/blog/forgotten.png is not used by any page; "
        "delete it, or link it from a post"
    )


def test_warm_rebuild_reads_no_unchanged_image(img_site):
    from mkdocs.config.defaults import MkDocsConfig

    for n in range(4):
        img_site.image(f"images/p{n}.png", (800, 450))
    body_site(img_site, "\n\n".join(f"![P{n}](/images/p{n}.png)" for n in range(4)) + "\n")
    img_site.build(command="serve", shutdown=False)
    plugin = MkDocsConfig.plugins.plugin_cache["masthead/images"]
    assert plugin.cache.reads == 4
    img_site.build(command="serve", fresh=False, shutdown=False)
    assert plugin.cache.reads == 4
    img_site.image("images/p2.png", (640, 360))
    os.utime(img_site.docs / "images/p2.png", ns=(1, 1))
    img_site.build(command="serve", fresh=False)
    assert plugin.cache.reads == 5


def test_images_plugin_alone_on_a_plain_site(site):
    site.config["plugins"] = ["masthead/images"]
    site.write("index.md", "# Home\n\n![](/images/gone.png)\n")
    built = site.build()
    assert built.messages(logging.ERROR)[0] == (
        "docs/index.md:3: image /images/gone.png does not exist; add the file under docs/ or "
        "correct the path"
    )


# -- masthead check -------------------------------------------------------------------------
def run_check(site, capsys, *args):
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config))
    cwd = os.getcwd()
    os.chdir(site.root)
    try:
        code = main(["check", *args])
    finally:
        os.chdir(cwd)
    return code, capsys.readouterr().out


def test_check_matches_the_plugin_and_speaks_github(img_site, capsys):
    img_site.image("images/ok.png", (800, 450))
    body_site(img_site, "![](/images/ok.png)\n\n![Gone](/images/gone, really.png)\n")
    body_site(img_site, "![Fine](/images/ok.png)\n", name="b.md")
    code, out = run_check(img_site, capsys, "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::warning file=docs/blog/posts/a.md,line=9,title=masthead image-alt-missing::image "
        "ok.png has no alt text; describe the picture: ![What it shows](...)",
        "::error file=docs/blog/posts/a.md,line=11,title=masthead image-missing::image "
        "/images/gone, really.png does not exist; add the file under docs/ or correct the path",
    ]
    code, json_out = run_check(img_site, capsys, "--format", "json")
    import json

    from_cli = sorted(
        f"{p['path']}:{p['line']}: {p['message']}; {p['fix']}"
        for p in json.loads(json_out)
        if p["check"].startswith("image")
    )
    built = img_site.build()
    from_plugin = sorted(m for m in built.messages() if m.startswith("docs/") and "image" in m)
    assert from_cli == from_plugin
    code, out = run_check(img_site, capsys, "docs/blog/posts/b.md")
    assert code == 0


def test_github_annotation_escaping():
    problem = Problem(
        "docs/a,b:c.md", 3, "image-missing", Level.ERROR, "100% broken\nreally", "fix: it"
    )
    assert github_annotation(problem) == (
        "::error file=docs/a%2Cb%3Ac.md,line=3,title=masthead image-missing::100%25 "
        "broken%0Areally; fix: it"
    )


def test_bomb_is_refused_from_its_header(tmp_path):
    bomb = tmp_path / "bomb.png"
    bomb_png(bomb)
    assert bomb.stat().st_size < 200
    info = images.inspect(str(bomb), bomb.stat().st_size, 40_000_000)
    assert (info.code, info.width, info.height) == ("image-bomb", 30000, 30000)
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(bomb.read_bytes()[:-12])
    assert images.inspect(str(truncated), truncated.stat().st_size, 10**10).code == "image-corrupt"


@pytest.mark.parametrize(
    ("fmt", "options", "suffix"),
    [
        ("PNG", {}, ".png"),
        ("JPEG", {}, ".jpg"),
        ("JPEG", {"progressive": True}, ".jpg"),
        ("GIF", {}, ".gif"),
        ("WEBP", {}, ".webp"),
    ],
)
def test_header_reader_agrees_with_pillow(tmp_path, fmt, options, suffix):
    path = tmp_path / f"x{suffix}"
    Image.new("RGB", (1234, 567), "#123456").save(path, fmt, **options)
    info = images.inspect(str(path), path.stat().st_size, 40_000_000)
    with Image.open(path) as image:
        assert (info.format, info.width, info.height, info.problem) == (
            image.format,
            *image.size,
            None,
        )


def test_unreadable_file_is_reported_not_raised(img_site):
    os.symlink(
        img_site.docs / "images" / "gone-away.png", img_site.docs / "images" / "dangling.png"
    )
    body_site(img_site, "![Dangling](/images/dangling.png)\n")
    built = img_site.build()
    assert built.messages(logging.ERROR)[:2] == [
        "docs/images/dangling.png:1: images/dangling.png is a link to a file that does not "
        "exist; it is left out of the site; remove the link, or replace it with the file itself",
        "docs/blog/posts/a.md:9: image /images/dangling.png cannot be read (No such file or "
        "directory); export the image again from your editor",
    ]
    assert not any(r.exc_info for r in built.records)


def test_a_posts_media_by_its_published_path(img_site, capsys):
    """Material publishes `blog/posts/trip/photo.png` at `blog/trip/photo.png` (Hugo page
    bundles imported keep their images beside the post and name them so): found, not
    `image-missing`, in the build and in `masthead check`; a wrong name still is."""
    from conftest import check_json, problem_lines

    img_site.image("blog/posts/trip/photo.png", (800, 450))
    body_site(img_site, "![The bay](/blog/trip/photo.png)\n\n![Gone](/blog/trip/phot.png)\n")
    built = img_site.build()
    missing = [m for m in built.messages() if "does not exist" in m]
    assert missing == [
        "docs/blog/posts/a.md:11: image /blog/trip/phot.png does not exist; did you mean "
        "/blog/trip/photo.png?; add the file under docs/ or correct the path"
    ]
    assert [m for m in problem_lines(check_json(img_site.root, capsys)) if "exist" in m] == missing
    img_site.post("a.md", cms_post(title="Post a.md", body="![The bay](/blog/trip/photo.png)\n"))
    built = img_site.build()
    assert built.error is None, built.errors()
    page = built.html("blog/2024/12/04/post-amd/index.html")
    src = page.find("img", alt="The bay")["src"]
    assert (built.site / "blog/2024/12/04/post-amd" / src).resolve() == (
        built.site / "blog/trip/photo.png"
    ).resolve()


def test_did_you_mean_is_the_same_every_time_and_the_closest_path(tmp_path):
    """Many posts have a `thumbnail.png`: the suggestion for a missing one is the file
    whose whole path is most like the one written, the same on every run."""
    from masthead.core.images import FileIndex

    docs = tmp_path / "docs"
    for name in ("alpha-post", "beta-post", "gamma-post", "my-trip-to-rome"):
        (docs / "blog/posts" / name / "images").mkdir(parents=True)
        (docs / "blog/posts" / name / "images/thumbnail.png").write_bytes(b"x")
    index = FileIndex(str(docs), lambda uri: False)
    wanted = "blog/posts/my-trip-to-rome/thumbnail.png"
    assert {index.nearest(wanted) for _ in range(20)} == {
        "blog/posts/my-trip-to-rome/images/thumbnail.png"
    }


def test_a_footnote_after_an_exclamation_mark_is_no_image():
    """`wow![^1]` with `[^1]: The note.` is a footnote (Python-Markdown renders it so),
    not a reference-style image whose address is `The`."""
    text = "What a result, wow![^n]\n\n[^n]: This is the note.\n"
    assert images.find_images(text) == []
    assert [r.url for r in images.find_images("![a][n]\n\n[n]: /x.png\n")] == ["/x.png"]
