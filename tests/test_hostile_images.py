"""Hostile images and a hostile cache folder against the responsive images of #17
(a contributor's pull request: images, posts, files committed anywhere in the repo).

Most tests here show a defect found by attacking the feature, fixed since (a link
committed in the cache folder, a write through `ready/made`, EXIF orientation, animated
images, 16-bit grey, an image saved while its copies are made, a cache that cannot be
written, a hostile index, junk under a variant's name, a `src=` in alt text, related
posts crowded out by a post's own tags, non-HTML whitespace); the others show attacks
that held.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import cms_post, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from masthead.core import images, picture, variants
from masthead.images.responsive import FOLDER
from PIL import Image, ImageFilter, ImageOps
from test_responsive_images import _normal, known

PAGE = "blog/2024/12/04/pictures/index.html"
ORIENTATION = 0x0112  # the EXIF tag a camera writes when the photo is turned


def _images_site(site, body: str, **options):
    """`site` (every masthead plugin) with one post of `body`, and masthead/images'
    `options`."""
    plugins = [p for p in site.config["plugins"] if p != "masthead/images"]
    levels = {"image-unreferenced": "ignore", "image-too-big": "ignore"}
    site.config["plugins"] = [*plugins, {"masthead/images": {"levels": levels, **options}}]
    site.post("a.md", cms_post(title="Pictures", body=body))
    return site


def _photo(path: Path, size=(800, 450), fmt="PNG", colour=None, **save) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if colour is None:
        image = Image.effect_noise(size, 60).convert("RGB").filter(ImageFilter.GaussianBlur(2))
    else:
        image = Image.new("RGB", size, colour)
    image.save(path, fmt, **save)
    return path


def _variants_shown(built, alt: str) -> list[tuple[Path, int]]:
    """The files (and widths) the `<picture>` of the image `alt` names."""
    page = built.site / PAGE
    img = built.html(PAGE).find("img", alt=alt)
    assert img is not None, alt
    if img.parent.name != "picture":
        return []
    found = []
    for source in img.parent.find_all("source"):
        for item in source["srcset"].split(", "):
            url, width = item.rsplit(" ", 1)
            found.append(((page.parent / url).resolve(), int(width[:-1])))
    return found


def _cache(site) -> Path:
    return site.root / ".cache" / "masthead"


def _cached_variants(site) -> list[Path]:
    return sorted(p for p in _cache(site).rglob("*") if p.suffix in (".avif", ".webp", ".jpg"))


# -- the cache folder: a pull request may commit files under .cache/ ---------------------------
def test_a_link_in_the_cache_folder_is_never_published(full_site, tmp_path_factory):
    """Variant names are predictable (a digest of the image's bytes, the recipe and
    Pillow's version): a pull request can commit a link under the cache's name of its
    own image's variant. The build must not publish what the link points to."""
    site = _images_site(full_site, "![A photo of the sea](/images/photo.png)")
    _photo(site.docs / "images" / "photo.png")
    assert site.build().error is None  # the attacker learns the names (a build of a copy)
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_bytes(b"GITHUB_TOKEN=ghp_hunter2\n")
    made = _cached_variants(site)
    assert made
    for path in made:  # what the pull request commits instead of the cache
        path.chmod(0o644)
        path.unlink()
        path.symlink_to(secret)
    built = site.build()
    assert built.error is None, built.errors()
    published = sorted((built.site / FOLDER).iterdir())
    assert published
    for path in published:
        assert not path.is_symlink(), path
        assert path.read_bytes() != secret.read_bytes(), path
        with Image.open(path) as image:
            image.verify()


def test_serve_never_writes_through_a_link_in_the_cache_folder(tmp_path, monkeypatch):
    """`serve` tells its watcher that variants are made by writing `ready/made` in the
    cache folder; a committed link there must not make it write another file."""
    from mkdocs.commands.build import build
    from mkdocs.config.defaults import MkDocsConfig
    from serve_session import Serving, write_blog

    root = tmp_path / "blog"
    write_blog(root)
    precious = tmp_path / "authorized_keys"
    precious.write_text("ssh-ed25519 AAAA me\n", encoding="utf-8")
    (root / ".cache" / "masthead" / "ready").mkdir(parents=True)
    (root / ".cache" / "masthead" / "ready" / "made").symlink_to(precious)
    monkeypatch.chdir(root)
    MkDocsConfig.plugins.plugin_cache.clear()
    blog = Serving(root)
    config = blog._load(blog.site)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        assert MkDocsConfig.plugins.plugin_cache["masthead/images"].responsive.wait()
    finally:
        config.plugins.on_shutdown()
        MkDocsConfig.plugins.plugin_cache.clear()
    assert precious.read_text(encoding="utf-8") == "ssh-ed25519 AAAA me\n"


@pytest.mark.parametrize(
    "index", ["[" * 100_000 + "]" * 100_000, '{"a": ' * 50_000 + "1" + "}" * 50_000]
)
def test_a_hostile_digest_index_is_read_as_empty_not_a_traceback(full_site, index):
    """`.cache/masthead/digests.json` nested deeper than Python's recursion limit (a
    committed file, or a damaged cache): the build reads the images again."""
    site = _images_site(full_site, "![A photo of the sea](/images/photo.png)")
    _photo(site.docs / "images" / "photo.png")
    _cache(site).mkdir(parents=True)
    (_cache(site) / "digests.json").write_text(index, encoding="utf-8")
    built = site.build()
    assert built.error is None, built.errors()
    assert _variants_shown(built, "A photo of the sea")


# Bytes a damaged or hostile cache may hold under a variant's name.
_JUNK = {
    "empty": b"",
    "text": b"<svg onload=alert(1)>",
    "a PNG": b"png",  # replaced below by a real PNG
    "cut short": b"cut",  # replaced below by the first half of the real variant
}


@pytest.mark.parametrize("junk", list(_JUNK))
def test_junk_under_a_variant_s_name_is_made_again(full_site, junk):
    """A cache restored half, or files committed under its names: what the site
    publishes as a variant is that variant (an image of its format and size)."""
    site = _images_site(full_site, "![A photo of the sea](/images/photo.png)")
    _photo(site.docs / "images" / "photo.png")
    assert site.build().error is None
    for path in _cached_variants(site):
        data = _JUNK[junk]
        if junk == "a PNG":
            out = io.BytesIO()
            Image.new("RGB", (3, 3)).save(out, "PNG")
            data = out.getvalue()
        elif junk == "cut short":
            data = path.read_bytes()[: path.stat().st_size // 2]
        path.chmod(0o644)
        path.write_bytes(data)
    built = site.build()
    assert built.error is None, built.errors()
    shown = _variants_shown(built, "A photo of the sea")
    assert shown
    for path, width in shown:
        with Image.open(path) as image:
            image.load()
            assert image.width == width and image.format in ("AVIF", "WEBP"), path


def test_a_cache_folder_that_cannot_be_written_is_named_not_the_image(full_site):
    """A cache folder that cannot hold the variants (here a file in its place; also a
    read-only folder or a full disk) is the cache's problem, not the image's."""
    site = _images_site(full_site, "![A photo of the sea](/images/photo.png)")
    _photo(site.docs / "images" / "photo.png")
    (site.root / ".cache").mkdir()
    (site.root / ".cache" / "masthead").write_text("not a folder", encoding="utf-8")
    built = site.build()
    assert built.error is not None
    assert not [m for m in built.messages() if m.startswith("docs/images/photo.png")]
    assert (
        "masthead/images: .cache/masthead: .cache/masthead is a file, not a folder; "
        "remove it (the build makes the folder) or set `cache_dir`"
    ) in built.errors()


def test_an_image_saved_while_its_copies_are_made_never_poisons_the_cache(full_site, monkeypatch):
    """An editor saves the image while the build encodes it (serve: two saves in a row).
    The copies of the old bytes must never be the new picture: when the old bytes come
    back (an undo, a revert), their page shows them."""
    site = _images_site(full_site, "![A photo of the sea](/images/photo.png)")
    photo = _photo(site.docs / "images" / "photo.png", colour="#0000ff")
    blue = photo.read_bytes()
    make_all = variants.make_all

    def saved_meanwhile(source, wanted, max_pixels, digest):
        _photo(Path(source), colour="#ff0000")  # the new picture, same size
        make_all(source, wanted, max_pixels, digest)

    monkeypatch.setattr(variants, "make_all", saved_meanwhile)
    built = site.build()  # the copies are refused (not cached), and the build says why
    assert built.error is not None
    assert (
        "docs/images/photo.png:1: cannot be read to make its smaller copies (it changed "
        "while its smaller copies were made; build again); export the image again, or set "
        "`responsive: false` for masthead/images"
    ) in built.messages()
    monkeypatch.setattr(variants, "make_all", make_all)
    photo.write_bytes(blue)  # the old picture again
    built = site.build()
    assert built.error is None, built.errors()
    shown = _variants_shown(built, "A photo of the sea")
    assert shown
    for path, _ in shown:
        with Image.open(path) as image:
            red, _, blue_level = image.convert("RGB").getpixel((5, 5))
            assert blue_level > 200 and red < 50, (path, image.getpixel((5, 5)))


# -- images a camera, an editor or an attacker writes ------------------------------------------
def test_a_photo_turned_by_its_exif_is_sized_and_scaled_as_shown(full_site):
    """A phone's portrait photo: stored 1600x900, EXIF orientation 6 (shown 900x1600,
    as browsers show it). Its `<img>` says 900x1600 and its copies are portraits."""
    site = _images_site(full_site, "![A portrait of a lighthouse](/images/phone.jpg)")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    _photo(site.docs / "images" / "phone.jpg", (1600, 900), "JPEG", exif=exif.tobytes())
    built = site.build()
    assert built.error is None, built.errors()
    img = built.html(PAGE).find("img", alt="A portrait of a lighthouse")
    assert (img["width"], img["height"]) == ("900", "1600")
    shown = _variants_shown(built, "A portrait of a lighthouse")
    assert shown
    for path, width in shown:
        with Image.open(path) as image:
            assert image.size == (width, variants.scaled_height(900, 1600, width)), path


@pytest.mark.parametrize(("name", "fmt"), [("spin.webp", "WEBP"), ("spin.png", "PNG")])
def test_an_animated_image_stays_animated(full_site, name, fmt):
    """GIF is left alone because it may move; so may WebP and PNG (APNG). A reader
    must see the animation, not its first frame in a `<picture>`."""
    site = _images_site(full_site, f"![A spinning wheel]({'/images/' + name})")
    frames = [Image.new("RGB", (600, 400), c) for c in ("red", "green", "blue")]
    target = site.docs / "images" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(target, fmt, save_all=True, append_images=frames[1:], duration=200, loop=0)
    built = site.build()
    assert built.error is None, built.errors()
    img = built.html(PAGE).find("img", alt="A spinning wheel")
    assert (img["width"], img["height"]) == ("600", "400")
    for path, _ in _variants_shown(built, "A spinning wheel"):
        with Image.open(path) as image:
            assert getattr(image, "n_frames", 1) == 3, path


# What a variant looks like, by class: modes (16-bit grey, grey with alpha, palette,
# CMYK, 1-bit), EXIF orientations 1-8, formats, sizes. A solid colour is what the
# browser shows of the original; the copy must show it too, in the shape it is shown.
_MODES = st.sampled_from(["RGB", "RGBA", "L", "LA", "P", "1", "I;16", "CMYK"])
_FORMAT_OF = {"CMYK": "JPEG", "I;16": "PNG"}


@st.composite
def _odd_images(draw):
    mode = draw(_MODES)
    fmt = _FORMAT_OF.get(mode) or draw(st.sampled_from(["PNG", "JPEG", "WEBP"]))
    if fmt == "JPEG" and mode in ("RGBA", "LA", "P"):
        fmt = "PNG"
    if fmt == "WEBP" and mode not in ("RGB", "RGBA"):
        fmt = "PNG"
    size = (draw(st.integers(20, 90)), draw(st.integers(20, 90)))
    orientation = draw(st.integers(1, 8))
    grey = draw(st.integers(0, 255))
    colour = (grey, draw(st.integers(0, 255)), draw(st.integers(0, 255)))
    return mode, fmt, size, orientation, grey, colour


def _write_odd(path: Path, mode, fmt, size, orientation, grey, colour) -> tuple[int, ...]:
    """The image file, and the colour a browser shows of it."""
    if mode == "I;16":
        image = Image.new("I;16", size, grey * 257)
        shown: tuple[int, ...] = (grey, grey, grey)
    else:
        image = Image.new("RGB", size, colour)
        if mode == "1":
            image = image.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")
        elif mode == "P":  # an adaptive palette: the colour itself, no dithering
            image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
        else:
            image = image.convert(mode)
        pixel = image.convert("RGB").getpixel((0, 0))
        assert isinstance(pixel, tuple)
        shown = pixel
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    image.save(path, fmt, exif=exif.tobytes())
    return shown


@pytest.mark.fuzz
@settings(
    max_examples=examples(80),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(_odd_images())
def test_a_variant_shows_what_the_browser_shows_of_the_original(tmp_path_factory, case):
    fmt = case[1]
    folder = tmp_path_factory.mktemp("odd")
    source = folder / f"x.{fmt.lower()}"
    shown = _write_odd(source, *case)
    with Image.open(source) as opened:
        displayed = ImageOps.exif_transpose(opened).size
    info = images.inspect(str(source), source.stat().st_size, 40_000_000)
    assert info.problem is None
    # The page's size: the file's, turned when its EXIF orientation says so.
    turned = variants.Store(str(folder / "cache")).original(str(source)).turned
    width, height = (info.height, info.width) if turned else (info.width, info.height)
    assert (width, height) == displayed, (case, info)
    recipe = variants.Recipe(widths=(16,))
    made = variants.resized("d", width, height, recipe)
    for variant in made:
        target = folder / variant.cache_name
        variants.make_all(str(source), [(variant, str(target))], 40_000_000)
        with Image.open(target) as image:
            assert image.size == (variant.width, variant.height)
            pixel = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
        lossy = 40 if variant.fmt == "avif" else 24  # AVIF at quality 50 on 16 pixels
        assert all(abs(a - b) <= lossy for a, b in zip(pixel, shown, strict=True)), (
            case,
            variant.fmt,
            pixel,
            shown,
        )


def test_a_16_bit_grey_png_keeps_its_grey(tmp_path):
    source = tmp_path / "scan.png"
    Image.new("I;16", (64, 40), 128 * 257).save(source)  # mid grey, as browsers show it
    variant = variants.resized("d", 64, 40, variants.Recipe(widths=(32,), formats=("webp",)))[0]
    variants.make_all(str(source), [(variant, str(tmp_path / "v.webp"))], 40_000_000)
    with Image.open(tmp_path / "v.webp") as image:
        assert abs(image.convert("L").getpixel((10, 10)) - 128) <= 8


# -- what held ----------------------------------------------------------------------------------
def test_a_site_file_named_like_a_variant_wins_and_is_not_named_by_pages(full_site):
    """A pull request that commits a file under a variant's published name: the site's
    file is published as it is (its own), and no page names it as a variant."""
    site = _images_site(full_site, "![A photo of the sea](/images/photo.png)")
    _photo(site.docs / "images" / "photo.png")
    built = site.build()
    names = sorted(p.name for p in (built.site / FOLDER).iterdir())
    planted = names[0]
    site.write(f"{FOLDER}/{planted}", b"<svg onload=alert(1)>")
    built = site.build()
    assert built.error is None, built.errors()
    assert (built.site / FOLDER / planted).read_bytes() == b"<svg onload=alert(1)>"
    assert planted not in [p.name for p, _ in _variants_shown(built, "A photo of the sea")]
    assert len(_variants_shown(built, "A photo of the sea")) == len(names) - 1


@pytest.mark.parametrize(
    "src",
    ["../../../../../../outside.png", "/../outside.png", "%2e%2e/outside.png"],
)
def test_an_image_outside_docs_gets_no_variant(full_site, src):
    """`..`, an absolute path, escaped dots: no variant is made of a file outside docs/
    (the build stops on the reference, after every page was rendered)."""
    _photo(full_site.root / "outside.png")
    site = _images_site(full_site, f"![A photo of the sea]({src})")
    _photo(site.docs / "images" / "inside.png")  # a site image the page does not show
    built = site.build()
    assert built.error is not None
    assert not _cached_variants(site)


def test_a_bomb_under_the_pixel_limit_is_made_and_over_it_refused(full_site):
    """Compressible PNGs: 128 KB on disk, up to 40 million pixels decoded."""
    site = _images_site(full_site, "![A grey field](/images/field.png)", max_pixels=4_000_000)
    (site.docs / "images").mkdir()
    Image.new("RGB", (2000, 2000), "grey").save(site.docs / "images" / "field.png")
    built = site.build()
    assert built.error is None, built.errors()
    assert _variants_shown(built, "A grey field")
    before = _cached_variants(site)
    Image.new("RGB", (2001, 2000), "grey").save(site.docs / "images" / "field.png")
    built = site.build()
    assert built.error is not None
    assert (
        "docs/blog/posts/a.md:9: image /images/field.png is 2001x2000 pixels, more than "
        "4,000,000 (refused); resize it (a few thousand pixels a side are plenty for a web page)"
    ) in built.messages(), built.messages()
    assert _cached_variants(site) == before  # nothing made of the refused image


# -- related posts: tags and words of a post's own -------------------------------------------
def _record(key: str, tags=(), text: str = "", day: int = 1):
    from datetime import datetime

    from masthead.core.related import Record

    return Record(key, tuple(tags), text, datetime(2024, 1, day), True)


def _words_of_its_own(prefix: str) -> str:
    """32 words no other post has."""
    return " ".join(
        f"{prefix}{n}{w}"
        for n in range(4)
        for w in ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (  # eight tags no other post has, one shared
            _record("a", ["python", *(f"a{k}" for k in range(8))]),
            _record("b", ["python", *(f"b{k}" for k in range(8))], day=2),
        ),
        (  # a description of 32 words no other post has, one word shared
            _record("a", text=f"kubernetes {_words_of_its_own('a')}"),
            _record("b", text=f"kubernetes {_words_of_its_own('b')}", day=2),
        ),
    ],
    ids=["tags", "words"],
)
def test_a_post_with_many_tags_or_words_of_its_own_keeps_its_related_posts(a, b):
    from masthead.core.related import related

    others = [_record(k, [k], k, day=3) for k in ("rust", "go", "zig", "ocaml")]
    found = related([a, b, *others], 3)
    assert found["a"] == ["b"] and found["b"] == ["a"], found


@pytest.mark.fuzz
@settings(max_examples=examples(60), deadline=None)
@given(
    own_a=st.integers(0, 40),
    own_b=st.integers(0, 40),
    others=st.lists(st.lists(st.sampled_from("klmnop"), max_size=4), max_size=8),
)
def test_two_posts_sharing_a_tag_are_related_whatever_else_they_carry(own_a, own_b, others):
    from masthead.core.related import related

    a = _record("a", ["shared", *(f"a{k}" for k in range(own_a))])
    b = _record("b", ["shared", *(f"b{k}" for k in range(own_b))], day=2)
    rest = [_record(f"o{n}", tags, day=3) for n, tags in enumerate(others)]
    found = related([a, b, *rest], 3)
    assert "b" in found["a"] and "a" in found["b"], (own_a, own_b, found)


# -- the sitemap's images ---------------------------------------------------------------------
def test_the_sitemap_lists_the_image_a_post_shows_whatever_its_alt_text_says(full_site):
    """An alt text that says `src=` (a post about HTML, or a contributor's trick)."""
    site = _images_site(
        full_site,
        "![The tag img src=../../../../../images/b.png in a page](/images/a.png)",
    )
    for name in ("a", "b"):
        _photo(site.docs / "images" / f"{name}.png", (300, 200))
    built = site.build()
    assert built.error is None, built.errors()
    import xml.etree.ElementTree as ET

    from masthead.core.sitemap import IMAGE_NS, SITEMAP_NS

    urls = ET.parse(built.site / "sitemap.xml").getroot()
    post = next(u for u in urls if u.findtext(f"{{{SITEMAP_NS}}}loc", "").endswith("/pictures/"))
    listed = [i.findtext(f"{{{IMAGE_NS}}}loc") for i in post.iter(f"{{{IMAGE_NS}}}image")]
    assert listed == ["https://example.com/repo/images/a.png"], listed


# -- the rewrite of a page's <img> tags: whitespace as HTML reads it ---------------------------
# Python's `\s` also matches \v, \x1c-\x1f, \x85, \xa0, \u2028 ...; HTML's whitespace is
# only tab, line feed, form feed, carriage return and space. `</style\xa0>` does not end
# a style for a browser (its end tag is named `style\xa0`).
_NOT_HTML_SPACE = st.sampled_from(["\v", "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000"])
_RAW_TEXT = st.sampled_from(["style", "textarea", "title", "xmp", "noframes"])


@settings(max_examples=examples(30), deadline=None)
@given(
    _RAW_TEXT, _NOT_HTML_SPACE, st.sampled_from(["<img src=x.png>", '<img alt="a" src="x.png">'])
)
def test_nothing_is_written_inside_raw_text_whatever_its_end_tag_holds(tag, space, img):
    html = f"<{tag}>a</{tag}{space}>{img}</{tag}>"
    out = picture.rewrite(html, known, "100vw")
    assert _normal(out) == _normal(html), out
