"""Responsive images (#17): `<img>` sized, lazy and in a `<picture>` of AVIF and WebP
copies made at build time; crops for social cards; the cache across builds."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import pytest
from bs4 import BeautifulSoup
from conftest import HTML_SOUP, cms_post, examples
from hypothesis import given, settings
from hypothesis import strategies as st
from masthead.core import picture, variants
from PIL import Image, ImageFilter

FACTS = picture.Facts(
    1600,
    900,
    (
        picture.Source("image/avif", (("v-480.avif", 480), ("v-800.avif", 800))),
        picture.Source("image/webp", (("v-480.webp", 480),)),
    ),
)


def known(src: str) -> picture.Facts | None:
    return FACTS if src.endswith(".png") else None


# -- core.picture: named examples -------------------------------------------------------------
def test_an_image_becomes_a_sized_lazy_picture():
    out = picture.rewrite('<p><img alt="A b" src="x.png"></p>', known, "100vw")
    assert out == (
        '<p><picture><source type="image/avif" srcset="v-480.avif 480w, v-800.avif 800w" '
        'sizes="100vw"><source type="image/webp" srcset="v-480.webp 480w" sizes="100vw">'
        '<img alt="A b" src="x.png" width="1600" height="900" loading="lazy" '
        'decoding="async"></picture></p>'
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # one side given in pixels: the other from the image's ratio
        ('<img src="x.png" width="400">', '<img src="x.png" width="400" height="225"'),
        ('<img src="x.png" height="90px">', '<img src="x.png" height="90px" width="160"'),
        # the page's own choices stay
        ('<img src="x.png" loading="eager">', '<img src="x.png" loading="eager" width="1600"'),
        ('<img src="x.png" fetchpriority="high">',
         'fetchpriority="high" width="1600" height="900" decoding="async">'),
        ("<IMG SRC=x.png>", "<img SRC=x.png width="),
        ("<img src='x.png'/>",
         "<img src='x.png' width=\"1600\" height=\"900\" loading=\"lazy\" decoding=\"async\" />"),
    ],
)  # fmt: skip
def test_what_an_image_tag_is_given(html, expected):
    assert expected in picture.rewrite(html, known, "100vw")


@pytest.mark.parametrize(
    "html",
    [
        '<img src="y.gif">',  # unknown to the site
        '<a title="<img src=x.png>">t</a>',  # text of an attribute
        "<script>var s = '<img src=x.png>';</script>",
        "<style>/* <img src=x.png> */</style>",
        "<textarea><img src=x.png></textarea>",
        "<svg><img src=x.png></svg>",  # foreign content: left alone
        '<p class="a"b><img src="x.png">',  # a tag read otherwise by a browser: all left
        "<img src=x.png alt='>' ",  # cut short: no tag
    ],
)
def test_what_is_not_rewritten(html):
    assert picture.rewrite(html, known, "100vw") == html


def test_an_image_in_the_pages_own_picture_or_with_a_srcset_is_only_sized():
    own = '<picture><source srcset="a.webp"><img src="x.png"></picture>'
    assert picture.rewrite(own, known, "100vw") == (
        '<picture><source srcset="a.webp"><img src="x.png" width="1600" height="900" '
        'loading="lazy" decoding="async"></picture>'
    )
    out = picture.rewrite('<img src="x.png" srcset="x2.png 2x">', known, "100vw")
    assert "<picture>" not in out and 'width="1600"' in out


def test_urls_and_sizes_are_escaped():
    facts = picture.Facts(10, 10, (picture.Source("image/avif", (('a"b<c>.avif', 10),)),))
    out = picture.rewrite('<img src="x.png">', lambda s: facts, 'x" onload="y')
    assert 'srcset="a&quot;b&lt;c&gt;.avif 10w"' in out
    assert 'sizes="x&quot; onload=&quot;y"' in out


# -- core.picture: by class -----------------------------------------------------------------
def _normal(html: str) -> str:
    """A page as a browser reads it, without what the rewrite adds."""
    tree = BeautifulSoup(html, "html5lib")
    for source in tree.find_all("source"):
        source.decompose()
    for element in tree.find_all("picture"):
        element.unwrap()
    for img in tree.find_all("img"):
        for name in ("width", "height", "loading", "decoding"):
            img.attrs.pop(name, None)
    return str(tree)


# What else a page may hold around an image: the comment and bogus-comment forms of the
# HTML tokenizer, foreign content, the page's own <picture>, unquoted and odd attributes.
_IMAGE_PIECES = st.sampled_from(
    [
        '<img src="x.png">', "<img src=x.png alt=a>", "<img alt='<b>' src=\"x.png\">",
        '<img src="x.png" srcset="a 1x">', '<img src="no.gif">', "<!-->", "<!--->", "--!>",
        "<!-- c --!>", "<?php x ?>", "</3>", "<![CDATA[ <img src=x.png> ]]>", "<svg>",
        "</svg>", "<math>", "</math>", "<picture>", "</picture>", "<source srcset=s>",
        "<noscript>", "</noscript>", "<iframe>", "</iframe>", "<select>", "</select>",
        "<table>", "<td>", "</table>", '<a title="', '">', "<a b='", "'>", "<p", "/>",
        "<template>", "</template>",
    ]
)  # fmt: skip
PAGE_SOUP = st.lists(st.one_of(_IMAGE_PIECES, HTML_SOUP), max_size=12).map("".join)


@settings(max_examples=examples(300), deadline=None)
@given(PAGE_SOUP)
def test_a_rewrite_changes_nothing_a_browser_reads_but_the_images(html):
    """Whatever the page holds, a browser reads the rewritten page as the page, images
    aside: nothing is written inside an attribute, a script or a style."""
    out = picture.rewrite(html, known, "100vw")
    assert _normal(out) == _normal(html)
    # And on a page of plain HTML it rewrote, every image it knows is sized.
    special = ("<svg", "<math", "<noscript", "<template", "<picture", "<select", "<iframe",
               "<textarea", "<xmp", "<title", "<style", "<script", "<plaintext", "<noembed",
               "<noframes")  # fmt: skip
    if out != html and not any(name in html.lower() for name in special):
        for img in BeautifulSoup(out, "html5lib").find_all("img"):
            if img.get("src") == "x.png" and "srcset" not in img.attrs:
                assert img.get("width") and img.get("height"), out


_ATTR_TEXT = st.text(alphabet=st.sampled_from("<>\"'= /ab&;img"), max_size=12)


@settings(max_examples=examples(150), deadline=None)
@given(_ATTR_TEXT, _ATTR_TEXT)
def test_hostile_attribute_values_never_open_a_tag(title, alt):
    """`<` and quotes in attribute values (nh3 writes `<` as is in them)."""
    title, alt = (t.replace('"', "&quot;") for t in (title, alt))
    html = f'<a title="{title}">x</a><img alt="{alt}" src="x.png">'
    out = picture.rewrite(html, known, "100vw")
    assert _normal(out) == _normal(html)
    parsed = html5lib.parse(out, namespaceHTMLElements=False)
    assert len(parsed.findall(".//img")) == 1


# -- core.variants ----------------------------------------------------------------------------
@given(st.integers(1, 20000), st.lists(st.integers(16, 8192), min_size=1, max_size=6))
def test_widths_are_never_wider_than_the_image(width, widths):
    recipe = variants.Recipe(widths=tuple(sorted(set(widths))))
    found = variants.widths_for(width, recipe)
    assert found and found == sorted(set(found))
    assert max(found) == min(width, max(widths))
    assert all(0 < w <= width for w in found)


@given(st.text(max_size=80))
def test_stems_are_safe_file_names(name):
    stem = variants.stem_of(name + ".png")
    assert stem and len(stem) <= 60
    assert set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert not stem.startswith("-") and not stem.endswith("-")


def test_a_stem_keeps_the_name_readable():
    assert variants.stem_of("images/blog/Guest Post Pitch.png") == "guest-post-pitch"
    assert variants.stem_of("images/\U0001f600.png") == "image"


def _photo(path: Path, size=(1600, 900), fmt="PNG") -> Path:
    noise = Image.effect_noise(size, 60).convert("RGB").filter(ImageFilter.GaussianBlur(2))
    path.parent.mkdir(parents=True, exist_ok=True)
    noise.save(path, fmt)
    return path


@pytest.mark.parametrize("fmt", ["avif", "webp"])
def test_a_variant_is_made_at_its_size_and_format(tmp_path, fmt):
    source = _photo(tmp_path / "a.png")
    store = variants.Store(str(tmp_path / "cache"))
    recipe = variants.Recipe(formats=(fmt,))
    made = variants.resized(store.original(str(source)).digest, 1600, 900, recipe)
    assert [(v.width, v.height) for v in made] == [(480, 270), (800, 450), (1200, 675)]
    for variant in made:
        variants.make_all(str(source), [(variant, store.path(variant))], 40_000_000)
        with Image.open(store.path(variant)) as image:
            assert (image.format, image.size) == (fmt.upper(), (variant.width, variant.height))


def test_crops_are_jpegs_of_the_four_ratios_never_enlarged(tmp_path):
    source = _photo(tmp_path / "a.png", size=(1000, 800))
    store = variants.Store(str(tmp_path / "cache"))
    crops = variants.cropped(store.original(str(source)).digest, 1000, 800, variants.Recipe())
    assert [(c.crop, c.width, c.height) for c in crops] == [
        ("og", 1000, 525),
        ("16x9", 1000, 562),
        ("4x3", 1000, 750),
        ("1x1", 800, 800),
    ]
    variants.make_all(str(source), [(crops[0], store.path(crops[0]))], 40_000_000)
    with Image.open(store.path(crops[0])) as image:
        assert (image.format, image.size) == ("JPEG", (1000, 525))


def test_a_different_recipe_or_image_is_a_different_variant(tmp_path):
    one = variants.resized("d1", 1600, 900, variants.Recipe())
    assert len({v.key for v in one}) == len(one)
    assert {v.key for v in one}.isdisjoint(
        v.key for v in variants.resized("d2", 1600, 900, variants.Recipe())
    )
    other = variants.Recipe(quality={"avif": 60, "webp": 75, "jpeg": 82})
    assert one[0].key != variants.resized("d1", 1600, 900, other)[0].key


@settings(max_examples=examples(50), deadline=None)
@given(st.binary(max_size=200))
def test_a_damaged_digest_index_is_read_as_empty(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("cache")
    (folder / variants.Store.INDEX).write_bytes(data)
    store = variants.Store(str(folder))
    image = folder / "a.txt"
    image.write_bytes(b"abc")
    assert len(store.original(str(image)).digest) == 32


def test_digests_are_kept_and_read_again_when_the_file_changes(tmp_path):
    image = tmp_path / "a.png"
    image.write_bytes(b"one")
    store = variants.Store(str(tmp_path / "cache"))
    first = store.original(str(image)).digest
    store.save()
    again = variants.Store(str(tmp_path / "cache"))
    assert json.loads((tmp_path / "cache" / "originals.json").read_text())[str(image)][1] == first
    image.write_bytes(b"two")
    assert again.original(str(image)).digest != first


# -- real builds ------------------------------------------------------------------------------
def _blog(site, **options):
    site.config["plugins"] += [
        {"masthead/images": {"levels": {"image-unreferenced": "ignore"}, **options}}
    ]
    _photo(site.docs / "images" / "hero.png", (1200, 630))
    _photo(site.docs / "images" / "figure.jpg", (1600, 900), "JPEG")
    Image.new("RGB", (40, 30), "red").save(site.docs / "images" / "small.png")
    body = "Intro.\n\n![A figure](/images/figure.jpg)\n\n![Small](/images/small.png)\n"
    post = cms_post(title="Pictures", body=body).replace(
        "tags:", "thumbnail: /images/hero.png\ntags:"
    )
    site.post("a.md", post)
    site.post("b.md", cms_post(title="Second", date="2024-12-03T08:00:00Z"))
    return site


def _files_of(built, tag) -> list[Path]:
    page = built.site / "blog" / "2024" / "12" / "04" / "pictures" / "index.html"
    found = []
    for source in tag.find_all("source"):
        for item in source["srcset"].split(", "):
            url, width = item.rsplit(" ", 1)
            found.append(((page.parent / url).resolve(), int(width[:-1]), source["type"]))
    return found


def test_a_post_s_images_are_responsive_in_the_built_site(site):
    built = _blog(site).build(strict=True)
    assert built.error is None, built.errors()
    page = built.html("blog/2024/12/04/pictures/index.html")
    hero = page.select_one(".masthead-hero picture")
    img = hero.img
    assert (img["width"], img["height"], img["fetchpriority"]) == ("1200", "630", "high")
    assert "loading" not in img.attrs
    body = page.select("article picture")
    figure = next(p for p in body if p.img.get("alt") == "A figure")
    assert figure.img["width"] == "1600" and figure.img["height"] == "900"
    assert figure.img["loading"] == "lazy" and figure.img["decoding"] == "async"
    assert [s["type"] for s in figure.find_all("source")] == ["image/avif", "image/webp"]
    assert figure.source["sizes"] == "(min-width: 76.25em) 720px, 100vw"
    for path, width, mime in _files_of(built, figure) + _files_of(built, hero):
        with Image.open(path) as image:
            assert image.width == width and Image.MIME[image.format] == mime
    assert sorted(w for _, w, m in _files_of(built, figure) if m == "image/avif") == [
        480,
        800,
        1200,
    ]
    # An image narrower than the smallest width gets its size, no copies (they would
    # be no smaller: logos, icons).
    small = page.find("img", alt="Small")
    assert small.parent.name != "picture"
    assert (small["width"], small["height"], small["loading"]) == ("40", "30", "lazy")
    # Every <img> of the page has its size (the avatars included).
    assert all(i.get("width") and i.get("height") for i in page.find_all("img")), page.find_all(
        "img"
    )


@pytest.mark.parametrize(("size", "made"), [((1600, 1000), True), ((1200, 630), False)])
def test_social_cards_get_a_1200x630_crop(site, size, made):
    """A thumbnail of any shape gets a 1200x630 copy for `og:image`; one that is that
    size already is its own."""
    _blog(site)
    _photo(site.docs / "images" / "hero.png", size)
    built = site.build(strict=True)
    page = built.html("blog/2024/12/04/pictures/index.html")
    og = page.find("meta", property="og:image")["content"]
    site_url = site.config["site_url"]
    expected = "assets/masthead/images/hero-og." if made else "images/hero.png"
    assert og.startswith(f"{site_url}{expected}"), og
    assert page.find("meta", property="og:image:width")["content"] == "1200"
    assert page.find("meta", property="og:image:height")["content"] == "630"
    with Image.open(built.site / og[len(site_url) :]) as image:
        assert image.size == (1200, 630) and image.format == ("JPEG" if made else "PNG")


def test_the_first_card_of_a_list_is_fetched_first_the_others_lazily(site):
    site.post("c.md", cms_post(title="Third", date="2024-12-02T08:00:00Z").replace(
        "tags:", "thumbnail: /images/hero.png\ntags:"))  # fmt: skip
    built = _blog(site).build(strict=True)
    cards = built.html("blog/index.html").select(".masthead-card__media img")
    assert [c.get("fetchpriority") for c in cards] == ["high", None]
    assert [c.get("loading") for c in cards] == [None, "lazy"]


def test_a_second_build_makes_nothing_again(site, monkeypatch):
    _blog(site).build(strict=True)
    cache = site.root / ".cache" / "masthead"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*.*") if p.name != "originals.json"}
    assert len([p for p in before if p.suffix == ".avif"]) == 3 + 3  # figure, hero
    made = []
    monkeypatch.setattr(variants, "make_all", lambda *a: made.append(a))
    built = site.build(strict=True)
    assert built.error is None and made == []
    assert {p: p.stat().st_mtime_ns for p in before} == before
    published = sorted((built.site / "assets" / "masthead" / "images").iterdir())
    assert len(published) == len(before)
    # Each is a hard link to its read-only file in the cache (nothing copied).
    cached = {p.stat().st_ino: p for p in before}
    for path in published:
        assert path.stat().st_ino in cached, path
        assert path.stat().st_mode & 0o222 == 0, path


def test_options_choose_formats_widths_and_turn_it_off(site):
    built = _blog(site, formats=["webp"], widths=[300, 600]).build(strict=True)
    figure = built.html("blog/2024/12/04/pictures/index.html").find("img", alt="A figure").parent
    assert [(s["type"], s["srcset"].count("w,") + 1) for s in figure.find_all("source")] == [
        ("image/webp", 2)
    ]
    site.config["plugins"][-1] = {"masthead/images": {"responsive": False}}
    built = site.build(strict=True)
    img = built.html("blog/2024/12/04/pictures/index.html").find("img", alt="A figure")
    assert img.parent.name != "picture" and img["width"] == "1600" and img["loading"] == "lazy"
    assert not (built.site / "assets" / "masthead" / "images").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"widths": [0]}, "masthead/images: widths [0]: each must be 16 to 8192 pixels"),
        ({"quality": {"avif": 0}}, "masthead/images: quality of avif: 0; use 1 to 100"),
        (
            {"quality": {"gif": 5}},
            "masthead/images: quality: unknown format 'gif'; use avif, webp or jpeg",
        ),
    ],
)
def test_bad_options_are_named(site, options, message):
    built = _blog(site, **options).build()
    assert built.error is not None and message in built.errors()


def test_an_image_that_cannot_be_decoded_stops_the_build_naming_it(site):
    _blog(site)
    data = _photo(site.root / "whole.png").read_bytes()
    # The header and the end are whole (the checks pass), the pixels are not.
    (site.docs / "images" / "figure.jpg").unlink()
    (site.docs / "images" / "figure.png").write_bytes(
        data[:200] + bytes(len(data) - 400) + data[-200:]
    )
    post = site.docs / "blog" / "posts" / "a.md"
    post.write_text(post.read_text().replace("figure.jpg", "figure.png"))
    built = site.build()
    assert built.error is not None
    assert any(
        m.startswith("docs/images/figure.png:1: cannot be read to make its smaller copies (")
        and m.endswith("; export the image again, or set `responsive: false` for masthead/images")
        for m in built.messages()
    ), built.messages()


def test_serve_never_waits_the_variants_come_with_the_next_build(tmp_path, caplog):
    caplog.set_level("INFO")
    from mkdocs.commands.build import build
    from mkdocs.config.defaults import MkDocsConfig
    from serve_session import Serving, write_blog

    write_blog(tmp_path)
    MkDocsConfig.plugins.plugin_cache.clear()
    blog = Serving(tmp_path)
    config = blog._load(blog.site)
    config.plugins.on_startup(command="serve", dirty=False)

    def post_pages() -> list[str]:
        return [p.read_text() for p in blog.site.rglob("index.html") if "/20" in str(p)]

    try:
        build(config)
        pages = post_pages()
        assert pages and not any("<picture>" in p for p in pages)  # originals, sized
        assert any('width="1200" height="630"' in p for p in pages)
        images = MkDocsConfig.plugins.plugin_cache["masthead/images"]
        assert images.responsive.wait()
        assert (tmp_path / ".cache" / "masthead" / "ready" / "made").exists()
        caplog.clear()
        build(config)
        assert any("<picture>" in p for p in post_pages())
        said = "masthead: images: smaller copies made in the background; the pages show them"
        assert said in [r.getMessage() for r in caplog.records]
    finally:
        config.plugins.on_shutdown()
        MkDocsConfig.plugins.plugin_cache.clear()


@given(st.tuples(st.integers(1, 5000), st.integers(1, 5000)), st.sampled_from(variants.CROPS))
def test_a_crop_box_is_inside_the_image_and_of_the_ratio(have, crop):
    _, tw, th = crop
    left, top, right, bottom = variants.crop_box(have, (tw, th))
    assert 0 <= left < right <= have[0] and 0 <= top < bottom <= have[1]
    assert right - left == have[0] or bottom - top == have[1]  # one side whole
    if min(right - left, bottom - top) > 50:
        assert abs((right - left) / (bottom - top) - tw / th) < 0.05 * tw / th


def test_a_bomb_is_refused_from_its_header_and_nothing_is_written(tmp_path):
    from test_images import bomb_png

    source = tmp_path / "bomb.png"
    bomb_png(source, 8000, 8000)
    variant = variants.resized("d", 8000, 8000, variants.Recipe())[0]
    with pytest.raises(ValueError, match=r"^8000x8000 pixels, more than 40,000,000$"):
        variants.make_all(str(source), [(variant, str(tmp_path / "out.avif"))], 40_000_000)
    bomb_png(source)  # 30000x30000: Pillow itself refuses it
    with pytest.raises(ValueError, match="decompression bomb"):
        variants.make_all(str(source), [(variant, str(tmp_path / "out.avif"))], 40_000_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bomb.png"]


@settings(max_examples=examples(60), deadline=None)
@given(
    st.binary(max_size=3000), st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF"])
)
def test_any_bytes_give_an_error_or_a_variant_never_a_partial_file(tmp_path_factory, data, head):
    """Whatever a file holds, making its variants raises OSError or ValueError (the
    build names it) or writes whole files; no `.part` file is left behind."""
    folder = tmp_path_factory.mktemp("bytes")
    source = folder / "x.png"
    source.write_bytes(head + data)
    variant = variants.resized("d", 64, 64, variants.Recipe(widths=(32,)))[0]
    target = folder / "out" / "v.avif"
    try:
        variants.make_all(str(source), [(variant, str(target))], 40_000_000)
    except (OSError, ValueError):
        assert not target.exists()
    else:
        with Image.open(target) as image:
            assert image.size == (32, 32)
    assert not list(folder.rglob("*.part"))


def test_raw_html_images_beside_a_page_bundle_post_reach_their_files(site):
    """A post written as a page bundle (`x/index.md` beside `x/logo.png`) with raw HTML
    `<img src="logo.png">`: the post is published at another URL, so the address is made
    to reach the file (MkDocs does this only for Markdown), and the image is sized."""
    site.config["plugins"] += ["masthead/images"]
    site.post("bundle/index.md", cms_post(title="Bundle", body=(
        'Intro.\n\n<p><img src="logo.png" alt="The logo"> and <a href="notes.txt">notes</a>'
        ' and <a href="#top">top</a></p>\n\n![Drawn](photo.png)\n')))  # fmt: skip
    _photo(site.docs / "blog" / "posts" / "bundle" / "logo.png", (600, 300))
    _photo(site.docs / "blog" / "posts" / "bundle" / "photo.png", (600, 300))
    site.write("blog/posts/bundle/notes.txt", "Notes.\n")
    built = site.build(strict=True)
    assert built.error is None, built.errors()
    page_path = next(p for p in built.post_pages() if "bundle" in str(p))
    page = built.html(str(page_path.relative_to(built.site)))
    for img in (page.find("img", alt="The logo"), page.find("img", alt="Drawn")):
        assert (page_path.parent / img["src"]).resolve().is_file(), img
        assert (img["width"], img["height"]) == ("600", "300")
        assert img.parent.name == "picture"
    notes = page.find("a", string="notes")
    assert (page_path.parent / notes["href"]).resolve().read_text() == "Notes.\n"
    assert page.find("a", string="top")["href"] == "#top"


@pytest.mark.parametrize(
    ("root", "size"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="665" height="334">', (665, 334)),
        ('<svg width="300px" height="150.4px" viewBox="0 0 10 5">', (300, 150)),
        ('<svg viewBox="0 0 1200 630">', (1200, 630)),
        ('<svg width="600" viewBox="0,0,1200,630">', (600, 315)),
        ('<svg width="100%" height="100%" viewBox="0 0 40 20">', (40, 20)),
        ("<svg width='2em'>", None),
        ("<svg>", None),
        ('<?xml version="1.0"?><!-- x --><svg height="50" viewBox="0 0 200 100">', (100, 50)),
    ],
)
def test_an_svg_is_sized_as_it_is_drawn(tmp_path, root, size):
    path = tmp_path / "a.svg"
    path.write_text(root + "</svg>", encoding="utf-8")
    assert picture.svg_size(str(path)) == size


@given(st.text(max_size=300))
def test_any_svg_text_gives_a_size_or_none(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("svg") / "a.svg"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    size = picture.svg_size(str(path))
    assert size is None or (size[0] >= 1 and size[1] >= 1)


def test_svg_and_flat_images_are_sized_without_copies(site):
    site.config["plugins"] += [{"masthead/images": {"levels": {"image-unreferenced": "ignore"}}}]
    site.write(
        "images/chart.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320"></svg>',
    )
    Image.new("RGB", (900, 600), "white").convert("P").save(site.docs / "images" / "logo.png")
    body = "![A chart](/images/chart.svg)\n\n![The logo](/images/logo.png)\n"
    site.post("a.md", cms_post(title="Flat", body=body))
    built = site.build(strict=True)
    assert built.error is None, built.errors()
    page = built.html("blog/2024/12/04/flat/index.html")
    for alt, size in (("A chart", ("640", "320")), ("The logo", ("900", "600"))):
        img = page.find("img", alt=alt)
        assert (img["width"], img["height"]) == size
        assert img.parent.name != "picture"  # AVIF/WebP would make a logo larger


def test_structured_data_names_the_three_crops(site):
    """The post's `BlogPosting.image`: its thumbnail in 16:9, 4:3 and 1:1 (the ratios
    Google asks for), files of the site, in those shapes."""
    site.config["plugins"] += ["masthead/faq"]
    built = _blog(site).build(strict=True)
    page = built.html("blog/2024/12/04/pictures/index.html")
    data = json.loads(page.find("script", type="application/ld+json").string)
    posting = next(n for n in data["@graph"] if n["@type"] == "BlogPosting")
    site_url = site.config["site_url"]
    shapes = []
    for url, label in zip(posting["image"], ("16x9", "4x3", "1x1"), strict=True):
        assert url.startswith(f"{site_url}assets/masthead/images/hero-{label}."), url
        with Image.open(built.site / url[len(site_url) :]) as image:
            assert image.format == "JPEG"
            shapes.append(round(image.width / image.height, 2))
    assert shapes == [1.78, 1.33, 1.0]
