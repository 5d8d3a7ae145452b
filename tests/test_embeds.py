"""Issue 14, point 5: media and embeds in posts.

Video, audio and pictures with sources on the site or on https survive sanitizing;
iframes of known providers become a click-to-load link (or a sandboxed frame); the
loader scripts of tweets and Instagram posts go with a note; and nothing leaves a page
without a message at its line, in the build and in `masthead check` alike.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import BASE_CONFIG, build_config, check_json, cms_post, examples, problem_lines
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from masthead.core import embeds, safety

SITE_HOST = "example.com"  # BASE_CONFIG's site_url
FIRST_BODY_LINE = 9  # of `cms_post`: the body starts after eight lines of front matter


def page_of(built) -> BeautifulSoup:
    [post] = built.post_pages()
    return BeautifulSoup(post.read_text("utf-8"), "html5lib")


def content_of(built) -> BeautifulSoup:
    return page_of(built).select_one(".md-content__inner")


def ours(messages: list[str]) -> list[str]:
    """The messages of this feature (each says what leaves the page, or the note)."""
    return sorted(m for m in messages if "removed from the page" in m)


def check_lines(root: Path, capsys) -> list[str]:
    return ours(problem_lines(check_json(root, capsys)))


def third_party_sources(page: BeautifulSoup) -> list[str]:
    """Every address of another site the page's elements load at once: `src`,
    `srcset`, `poster`, `data` (the theme's own font stylesheet is another issue's)."""
    found = []
    for element in page.find_all(True):
        values = [element.get(a) for a in ("src", "poster", "data")]
        values += [c.split()[0] for c in element.get("srcset", "").split(",") if c.strip()]
        for value in filter(None, values):
            host = urlsplit(value if not value.startswith("//") else "https:" + value).hostname
            if host and host != SITE_HOST:
                found.append(value)
    return found


# -- video, audio, pictures ------------------------------------------------------------------
MEDIA = """\
Intro.

<video controls width="640" height="360" poster="/images/poster.png"
       preload="none" muted loop playsinline autoplay>
  <source src="/media/clip.webm" type="video/webm">
  <source src="https://cdn.example.org/clip.mp4" type="video/mp4">
  <track src="/media/clip.vtt" kind="captions" srclang="en" label="English" default>
  A clip of the demo.
</video>

<audio controls preload="metadata" src="https://cdn.example.org/talk.mp3"></audio>

<picture>
  <source srcset="/images/wide.webp 2x, /images/narrow.webp 1x" type="image/webp"
          media="(min-width: 600px)" sizes="50vw">
  <img src="/images/poster.png" alt="The poster">
</picture>
"""


def test_video_audio_and_pictures_keep_their_sources(site, capsys):
    site.image("images/poster.png")
    site.post("a.md", cms_post(body=MEDIA))
    built = site.build(strict=True)
    assert built.error is None, built.warnings()
    content = content_of(built)
    video = content.find("video")
    assert {k: video.get(k) for k in ("width", "height", "preload")} == {
        "width": "640",
        "height": "360",
        "preload": "none",
    }
    assert all(video.has_attr(k) for k in ("controls", "muted", "loop", "playsinline", "autoplay"))
    assert video["poster"].endswith("images/poster.png")
    assert [(s["src"], s["type"]) for s in video.find_all("source")] == [
        ("/media/clip.webm", "video/webm"),
        ("https://cdn.example.org/clip.mp4", "video/mp4"),
    ]
    track = video.find("track")
    assert (track["kind"], track["srclang"], track["label"], track.has_attr("default")) == (
        "captions",
        "en",
        "English",
        True,
    )
    assert content.find("audio")["src"] == "https://cdn.example.org/talk.mp3"
    source = content.select_one("picture source")
    assert source["srcset"] == "/images/wide.webp 2x, /images/narrow.webp 1x"
    assert (source["media"], source["sizes"]) == ("(min-width: 600px)", "50vw")
    assert content.select_one("picture img")["alt"] == "The poster"
    assert ours(built.messages()) == [] == check_lines(site.root, capsys)


def test_video_written_as_jsx_does_not_hide_the_rest_of_the_post(site):
    """`<video .../>` opens a video in HTML: everything after it would be its
    fallback content, which no reader sees. It is closed where it is written."""
    site.post("a.md", cms_post(body='<video src="/media/a.mp4" controls />\n\nAfter the clip.\n'))
    built = site.build()
    video = content_of(built).find("video")
    assert video["src"] == "/media/a.mp4" and "After the clip." not in video.get_text()
    assert "After the clip." in content_of(built).get_text()


HOSTILE_MEDIA = """\
<video src="javascript:alert(1)" controls></video>

<video controls poster="data:image/png;base64,iVBORw0KGgo=">
  <source src="data:video/mp4;base64,AAAAIGZ0eXA=" type="video/mp4">
</video>

<audio controls src="http://insecure.example/talk.mp3"></audio>

<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">

![also inline](data:image/gif;base64,R0lGODlhAQABAAAAACw=)

<img src="/images/a.png" srcset="data:image/png;base64,AA 2x" alt="a">

[a file](ftp://files.example/report.pdf)
"""


def test_other_schemes_are_removed_with_a_message_at_their_line(site, capsys):
    site.image("images/a.png")
    site.post("a.md", cms_post(body=HOSTILE_MEDIA))
    built = site.build()
    at = "docs/blog/posts/a.md:{}: "
    data_fix = "save it as a file in docs/ and use its path"
    expected = sorted(
        [
            at.format(FIRST_BODY_LINE) + "raw HTML `javascript:` could run code on the site; it "
            "is removed from the page; remove it from the post (embed media with Markdown or ask "
            "a maintainer)",
            at.format(FIRST_BODY_LINE + 2) + "the video poster embedded in the post as a `data:` "
            f"address is removed from the page; {data_fix}",
            at.format(FIRST_BODY_LINE + 3) + "the media source embedded in the post as a `data:` "
            f"address is removed from the page; {data_fix}",
            at.format(FIRST_BODY_LINE + 6) + "the audio address `http://insecure.example/talk.mp3`"
            " is neither a path of the site nor an https:// address; it is removed from the page; "
            "use a file of the site or an https:// address",
            *(
                at.format(FIRST_BODY_LINE + n) + "the image embedded in the post as a `data:` "
                f"address is removed from the page; {data_fix} "
                "(`![description](/images/blog/name.png)`)"
                for n in (8, 10, 12)
            ),
            at.format(FIRST_BODY_LINE + 14) + "the link address `ftp://files.example/report.pdf` "
            "is neither a path of the site nor an http(s)://, mailto: or tel: address; it is "
            "removed from the page; use a file of the site or an https:// address",
        ]
    )
    assert ours(built.messages()) == expected
    assert check_lines(site.root, capsys) == expected
    content = content_of(built)
    for element in content.find_all(True):
        for name in ("src", "srcset", "poster", "href"):
            value = element.get(name, "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "http:", "ftp:")), element
    assert content.select_one("img[alt=a]")["src"].endswith("images/a.png")  # `src` stays
    assert content.find("a", string="a file") is not None  # the text of the link stays


# -- iframes of known providers ---------------------------------------------------------------
# (iframe address as a post writes it, the page the box links to, the frame it loads)
PROVIDERS = {
    "YouTube": (
        "https://www.youtube.com/embed/dQw4w9WgXcQ?start=42",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42&autoplay=1",
    ),
    "youtube-nocookie, as a Hugo shortcode becomes": (
        "https://www.youtube-nocookie.com/embed/aBc_12-xYz",
        "https://www.youtube.com/watch?v=aBc_12-xYz",
        "https://www.youtube-nocookie.com/embed/aBc_12-xYz?autoplay=1",
    ),
    "YouTube, scheme-relative": (
        "//www.youtube.com/embed/videoseries?list=PL123abc",
        "https://www.youtube.com/playlist?list=PL123abc",
        "https://www.youtube-nocookie.com/embed/videoseries?list=PL123abc&autoplay=1",
    ),
    "Vimeo": (
        "https://player.vimeo.com/video/76979871?h=8272103f6e",
        "https://vimeo.com/76979871/8272103f6e",
        "https://player.vimeo.com/video/76979871?h=8272103f6e&autoplay=1",
    ),
    "CodePen": (
        "https://codepen.io/team/embed/preview/PoNVqxB?default-tab=html%2Cresult",
        "https://codepen.io/team/pen/PoNVqxB",
        "https://codepen.io/team/embed/preview/PoNVqxB?default-tab=html%2Cresult",
    ),
    "Loom": (
        "https://www.loom.com/embed/0281766fa2d04bb788eaf19e65135184",
        "https://www.loom.com/share/0281766fa2d04bb788eaf19e65135184",
        "https://www.loom.com/embed/0281766fa2d04bb788eaf19e65135184",
    ),
    "Spotify": (
        "https://open.spotify.com/embed/episode/7makk4oTQel546B0PZlDM5?utm_source=generator",
        "https://open.spotify.com/episode/7makk4oTQel546B0PZlDM5",
        "https://open.spotify.com/embed/episode/7makk4oTQel546B0PZlDM5?utm_source=generator",
    ),
    "Google Maps": (
        "https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d3",
        "https://www.google.com/maps/embed?pb=%211m18%211m12%211m3%211d3",
        "https://www.google.com/maps/embed?pb=%211m18%211m12%211m3%211d3",
    ),
}


def iframes_post(title: bool = True) -> str:
    return "\n\n".join(
        f'<iframe width="560" height="315" src="{src}"'
        + (f' title="{name} demo"' if title else "")
        + ' frameborder="0" allow="autoplay" allowfullscreen></iframe>'
        for name, (src, _, _) in PROVIDERS.items()
    )


def test_each_provider_becomes_a_link_that_loads_nothing_until_clicked(site, capsys):
    site.post("a.md", cms_post(body=iframes_post() + "\n\nAfter.\n"))
    built = site.build(strict=True)
    assert built.error is None, built.warnings()
    page = page_of(built)
    content = page.select_one(".md-content__inner")
    boxes = content.select(".masthead-embed")
    assert len(boxes) == len(PROVIDERS)
    for box, (name, (_, link, frame)) in zip(boxes, PROVIDERS.items(), strict=True):
        anchor = box.select_one("a.masthead-embed__link")
        assert anchor["href"] == link, name
        assert anchor.select_one(".masthead-embed__title").get_text() == f"{name} demo"
        assert box["data-masthead-frame"] == frame, name
        assert box["style"] == "aspect-ratio: 560 / 315"
        assert "allow-top-navigation" not in box["data-masthead-sandbox"]
        assert box["data-masthead-sandbox"].startswith("allow-scripts allow-same-origin")
    # Nothing from another site is loaded before the reader asks.
    assert page.find_all("iframe") == []
    assert third_party_sources(page) == []
    assert [s["src"].rsplit("/", 1)[-1] for s in page.find_all("script", src=True)][-1] == (
        "embeds.js"
    )
    assert (built.site / "assets/masthead/embeds.js").is_file()
    assert "After." in content.get_text()
    assert ours(built.messages()) == [] == check_lines(site.root, capsys)


def test_an_embed_without_a_title_gets_one_naming_the_provider(site):
    site.post("a.md", cms_post(body=iframes_post(title=False)))
    built = site.build()
    titles = [t.get_text() for t in content_of(built).select(".masthead-embed__title")]
    assert titles == [
        "YouTube video",
        "YouTube video",
        "YouTube video",
        "Vimeo video",
        "CodePen pen",
        "Loom video",
        "Spotify episode",
        "Google Maps map",
    ]


def test_frame_mode_keeps_a_sandboxed_lazy_iframe(site):
    site.plugin_options(embeds="frame")
    site.post("a.md", cms_post(body=iframes_post()))
    built = site.build(strict=True)
    assert built.error is None, built.warnings()
    frames = content_of(built).find_all("iframe")
    assert len(frames) == len(PROVIDERS)
    for frame, (name, (_, _, loads)) in zip(frames, PROVIDERS.items(), strict=True):
        assert frame["src"] == loads.replace("&autoplay=1", "").replace("?autoplay=1", "")
        assert frame["title"] == f"{name} demo"
        assert (frame["loading"], frame["referrerpolicy"]) == (
            "lazy",
            "strict-origin-when-cross-origin",
        )
        assert list(frame["sandbox"])[:2] == ["allow-scripts", "allow-same-origin"]
        assert frame.has_attr("allowfullscreen")
    youtube = frames[0]
    assert " ".join(youtube["sandbox"]) == (
        "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox "
        "allow-presentation"
    )
    # No click-to-load in this mode: the script is not listed.
    assert not page_of(built).find("script", src=lambda s: s and s.endswith("embeds.js"))


def test_off_mode_removes_every_iframe_as_code(site, capsys):
    site.plugin_options(embeds="off")
    site.post("a.md", cms_post(body=iframes_post()))
    built = site.build()
    assert content_of(built).find_all(["iframe", "div"], class_="masthead-embed") == []
    expected = [
        f"docs/blog/posts/a.md:{FIRST_BODY_LINE + 2 * n}: raw HTML `<iframe>` could run code on "
        "the site; it is removed from the page; remove it from the post (embed media with "
        "Markdown or ask a maintainer)"
        for n in range(len(PROVIDERS))
    ]
    assert ours(built.messages()) == sorted(expected) == check_lines(site.root, capsys)


def test_an_iframe_of_an_unknown_host_is_removed_with_a_message(site, capsys):
    site.post(
        "a.md",
        cms_post(
            body="Text.\n\n"
            '<iframe src="https://widgets.example.net/poll/7" title="Poll"></iframe>\n\n'
            '<iframe src="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></iframe>\n\n'
            '<iframe src="javascript:alert(1)"></iframe>\n'
        ),
    )
    built = site.build()
    at = "docs/blog/posts/a.md:"
    expected = [
        f"{at}11: the iframe from widgets.example.net is not from a known provider (YouTube, "
        "Vimeo, CodePen, Loom, Spotify, Google Maps); it is removed from the page; link to the "
        "page instead, or add `widgets.example.net` to the `embed_hosts` option of "
        "masthead/frontmatter if the site trusts it",
        f"{at}13: the iframe from www.youtube.com is not a YouTube embed address (`/watch`); it is"
        " removed from the page; use the embed code the provider gives, or link to the page "
        "instead",
        f"{at}15: the iframe has no https address (`javascript:alert(1)`); it is removed from the "
        "page; use the embed code the provider gives, or link to the page instead",
    ]
    assert ours(built.messages(logging.WARNING)) == expected
    assert check_lines(site.root, capsys) == expected
    assert not content_of(built).select("iframe, .masthead-embed")


def test_embed_hosts_adds_a_trusted_host(site):
    site.plugin_options(embed_hosts=["https://www.figma.com/"])
    site.post(
        "a.md",
        cms_post(body='<iframe src="https://www.figma.com/embed?url=x&amp;a=1"></iframe>\n'),
    )
    built = site.build(strict=True)
    assert built.error is None, built.warnings()
    box = content_of(built).select_one(".masthead-embed")
    assert box["data-masthead-frame"] == "https://www.figma.com/embed?url=x&a=1"
    assert box.a["href"] == "https://www.figma.com/embed?url=x&a=1"
    assert box["data-masthead-sandbox"] == embeds.SANDBOX_OTHER


def test_a_post_cannot_forge_a_box_that_loads_its_own_frame(site):
    """embeds.js reads the box's `data-masthead-*` attributes: a post's own are removed."""
    site.post(
        "a.md",
        cms_post(
            body='<div class="masthead-embed" data-masthead-frame="https://evil.example/" '
            'data-masthead-sandbox="allow-top-navigation" data-other="kept">'
            '<a class="masthead-embed__link" href="https://evil.example/">Play</a></div>\n'
        ),
    )
    built = site.build()
    box = content_of(built).select_one(".masthead-embed")
    assert box.attrs == {"class": ["masthead-embed"], "data-other": "kept"}


# -- social posts -------------------------------------------------------------------------------
TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Shipping the new docs today '
    '<a href="https://t.co/abc123">pic.twitter.com/abc123</a></p>&mdash; Docs Team '
    '(@docsteam) <a href="https://twitter.com/docsteam/status/1234567890?ref_src=twsrc%5Etfw">'
    'June 1, 2024</a></blockquote> <script async src="https://platform.twitter.com/widgets.js" '
    'charset="utf-8"></script>'
)
INSTAGRAM = (
    '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/C0d'
    'E/" data-instgrm-version="14"><a href="https://www.instagram.com/p/C0dE/">A post shared by'
    ' Docs Team</a></blockquote>\n<script async src="//www.instagram.com/embed.js"></script>'
)


def test_tweets_and_instagram_posts_stay_as_quotes_and_their_scripts_go_with_a_note(site, capsys):
    site.post("a.md", cms_post(body=f"{TWEET}\n\n{INSTAGRAM}\n"))
    built = site.build(strict=True)
    assert built.error is None, built.warnings()
    content = content_of(built)
    tweet = content.select_one("blockquote.twitter-tweet")
    assert tweet.p["lang"] == "en" and "Shipping the new docs today" in tweet.get_text()
    assert [a["href"] for a in tweet.find_all("a")] == [
        "https://t.co/abc123",
        "https://twitter.com/docsteam/status/1234567890?ref_src=twsrc%5Etfw",
    ]
    insta = content.select_one("blockquote.instagram-media")
    assert insta["data-instgrm-permalink"] == "https://www.instagram.com/p/C0dE/"
    assert insta.a["href"] == "https://www.instagram.com/p/C0dE/"
    assert content.find_all("script") == []
    assert third_party_sources(page_of(built)) == []
    fix = "nothing to do; delete the `<script>` line to silence this note"
    expected = [
        "docs/blog/posts/a.md:12: the Instagram embed script is removed from the page; the "
        "reader sees the post as a quote with its link, and nothing is loaded from Instagram; "
        + fix,
        "docs/blog/posts/a.md:9: the Twitter/X embed script is removed from the page; the reader"
        " sees the post as a quote with its link, and nothing is loaded from Twitter/X; " + fix,
    ]
    assert ours(built.messages(logging.INFO)) == expected
    assert check_lines(site.root, capsys) == expected
    levels = {p["check"]: p["level"] for p in check_json(site.root, capsys)}
    assert levels["embed-script"] == "info"


# -- no silent removal ------------------------------------------------------------------------
def test_elements_and_attributes_the_page_does_not_keep_are_named(site, capsys):
    site.post(
        "a.md",
        cms_post(
            body='<div style="color: red" align="center">Red <button type="button">Go</button>'
            "</div>\n\n"
            '<p id="__config" onclick="steal()">Text</p>\n\n'
            '<table><tr><td style="text-align: right; color: blue">1</td></tr></table>\n'
        ),
    )
    built = site.build()
    at = "docs/blog/posts/a.md:"
    expected = sorted(
        [
            f"{at}9: raw HTML attributes `style` on `<div>`, `align` on `<div>` are removed from"
            " the page; remove them (the theme styles posts)",
            f"{at}9: raw HTML `<button>` is not an element a post may use; it is removed from the"
            " page; write that part in Markdown, or remove it",
            f'{at}11: raw HTML attribute `id="__config"` (a name of the theme\'s own) is removed '
            "from the page; remove it (the theme styles posts)",
            f"{at}11: raw HTML `onclick=` could run code on the site; it is removed from the page;"
            " remove it from the post (embed media with Markdown or ask a maintainer)",
            f"{at}13: raw HTML attribute `style` on `<td>` (all but `text-align`) is removed from"
            " the page; remove it (the theme styles posts)",
        ]
    )
    assert ours(built.messages()) == expected == check_lines(site.root, capsys)
    content = content_of(built)
    assert content.find("div", string=None).get_text() == "Red Go"
    assert content.td["style"] == "text-align:right"


def test_what_reading_the_markdown_missed_is_named_by_the_build(site):
    """The net under the reading: attr_list writes attributes the Markdown does not show
    as HTML; the build names what nh3 removed, at the line that shows it."""
    site.config["markdown_extensions"] = ["attr_list"]
    site.post("a.md", cms_post(body="Intro.\n\nA red paragraph.\n{: style='color: red' }\n"))
    built = site.build()
    assert ours(built.messages()) == [
        "docs/blog/posts/a.md:12: the attribute `style` is removed from the page (seen in the "
        "built page; `masthead check` cannot tell); remove it, or write that part in Markdown"
    ]
    assert "style" not in str(content_of(built).find("p", string="A red paragraph."))


def test_unforeseen_names_only_what_the_reading_did_not():
    source = "A\n\n<p onclick=x>b</p>\n\nC\n{: .x style=y }\n"
    lost = Counter({("attribute", "onclick"): 1, ("attribute", "style"): 1, ("element", "u"): 2})
    found = safety.unforeseen(lost, source, source)
    assert [(f.code, f.line, f.message) for f in found] == [
        (
            "html-attribute-removed",
            5,
            "the attribute `style` is removed from the page (seen in the built page; "
            "`masthead check` cannot tell)",
        ),
        (
            "html-removed",
            -1,
            "raw HTML `<u>` is removed from the page (2 times) (seen in the built page; "
            "`masthead check` cannot tell)",
        ),
    ]


# -- addresses, pure ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("src", "reason"),
    [
        ("https://evil.example/x", "from evil.example is not from a known provider"),
        ("https://www.youtube.com:8443/embed/x", "from www.youtube.com names a port or a user"),
        ("https://user@www.youtube.com/embed/x", "from www.youtube.com names a port or a user"),
        ("https://www.youtube.com/embed/a%22b", "is not a YouTube embed address"),
        ("https://youtube.com.evil.example/embed/x", "is not from a known provider"),
        ("https://www.google.com/search?q=x", "is not a Google Maps embed address"),
        ("data:text/html,<script>alert(1)</script>", "has no https address"),
        ("https://[::1/", "has an address that cannot be read"),
        ("", "has no address"),
    ],
)
def test_what_is_not_an_embed(src, reason):
    found = embeds.resolve(src)
    assert isinstance(found, str) and reason in found


@pytest.mark.parametrize("name", PROVIDERS)
def test_every_address_an_embed_writes_is_rebuilt(name):
    src, page, frame = PROVIDERS[name]
    found = embeds.resolve(" \t" + src.replace("https:", "HTTP:") + "\n")
    assert (found.page, found.play) == (page, frame)
    assert all(c not in found.frame + found.page for c in "\"'<> `\\")


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("/x.png", None),
        ("//cdn.example/x.png", None),
        ("x:y", "x"),
        (" JaVa\tScRiPt:alert(1)", "javascript"),
        ("https://ok.example/x", "https"),
        ("https://bad host/x", ""),
        ("http://[::1]:8080/", "http"),
        ("http://[::1/", ""),
        ("https://a.example:99999/", ""),
        ("https://", ""),
        ("mailto:a@b.example", "mailto"),
    ],
)
def test_the_scheme_of_an_address_as_nh3_reads_it(value, scheme):
    assert safety.url_scheme(value) == scheme
    kept = nh3_keeps_href(value)
    assert kept == (scheme is None or scheme in safety.URL_SCHEMES)


def nh3_keeps_href(value: str) -> bool:
    import html

    out = safety.sanitize(f'<a href="{html.escape(value)}">x</a>')
    return "href" in out


# -- generated fragments -----------------------------------------------------------------------
URLS = [
    "/images/a.png",
    "b.png",
    "https://cdn.example.org/c.png",
    "http://cdn.example.org/d.png",
    "//cdn.example.org/e.png",
    "data:image/png;base64,AAAA",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    " javascript:alert(3)",
    "java&#x09;script:alert(4)",
    "jav&#x61;script:alert(5)",
    "vbscript:msgbox(6)",
    "ftp://files.example/f.pdf",
    "mailto:a@b.example",
    "https://bad host/x",
    "https://www.youtube.com/embed/abc123",
    "https://player.vimeo.com/video/123",
    "https://evil.example/embed/1",
    "https://platform.twitter.com/widgets.js",
]
ATTRIBUTE_NAMES = [
    "src",
    "href",
    "srcset",
    "poster",
    "title",
    "class",
    "id",
    "alt",
    "controls",
    "width",
    "style",
    "onclick",
    "onerror",
    "ONLOAD",
    "data-x",
    "aria-label",
    "formaction",
    "align",
    "name",
]
TAG_NAMES = [
    "p",
    "div",
    "span",
    "a",
    "img",
    "video",
    "audio",
    "source",
    "track",
    "picture",
    "figure",
    "b",
    "details",
    "iframe",
    "script",
    "object",
    "embed",
    "form",
    "button",
    "style",
    "marquee",
    "textarea",
    "svg",
    "math",
]  # not `template` or `noscript`: BeautifulSoup's html5lib tree holds their content as nh3 does not
VALUES = st.one_of(
    st.sampled_from(URLS),
    st.sampled_from(["x", "__config", "color: red", "text-align: left", "", "a b", "1"]),
)
TEXT = st.sampled_from(["text", "more words", "a &amp; b", ""])


@st.composite
def fragments(draw, depth: int = 2):
    """An element as posts write them: any case, attributes on one line or several,
    double or single quotes, JSX's `<x />`, children."""
    tag = draw(st.sampled_from(TAG_NAMES))
    written = tag.upper() if draw(st.integers(0, 5)) == 0 else tag
    names = draw(st.lists(st.sampled_from(ATTRIBUTE_NAMES), max_size=4, unique=True))
    between = draw(st.sampled_from([" ", " ", "\n  "]))
    attrs = "".join(f'{between}{n}="{draw(VALUES)}"' for n in names)
    quote = draw(st.sampled_from(['"', "'"]))
    attrs = attrs.replace('"', quote) if quote == "'" and "'" not in attrs else attrs
    if tag in ("img", "source", "track", "embed"):
        return f"<{written}{attrs}>"
    if tag in ("video", "iframe") and draw(st.integers(0, 4)) == 0:
        return f"<{written}{attrs} />"
    inner = ""
    if depth and tag not in ("script", "style", "textarea", "iframe"):
        inner = "".join(draw(st.lists(fragments(depth - 1), max_size=2)))
    return f"<{written}{attrs}>{draw(TEXT)}{inner}</{written}>"


POSTS = st.lists(
    st.one_of(
        fragments(),
        fragments().map(lambda f: f"Words {f} words."),  # inline, in a paragraph
        st.tuples(st.sampled_from(["!", ""]), st.sampled_from(URLS)).map(
            lambda p: f"{p[0]}[linked]({p[1].strip()})"
        ),
    ),
    min_size=1,
    max_size=4,
).map("\n\n".join)

URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "formaction", "data", "action"}


HTML_NS = "http://www.w3.org/1999/xhtml"


def inventory(soup: BeautifulSoup) -> tuple[Counter, Counter]:
    """Elements by name, and attributes by element name and attribute name (of HTML
    elements: an SVG or MathML element that goes takes its attributes with it)."""
    elements, attributes = Counter(), Counter()
    for element in soup.body.find_all(True) if soup.body else []:
        elements[element.name] += 1
        for name in element.attrs if element.namespace == HTML_NS else ():
            attributes[element.name, name] += 1
    return elements, attributes


def assert_inert(out: str, policy: embeds.EmbedPolicy) -> None:
    soup = BeautifulSoup(out, "html5lib")
    forbidden = ["script", "object", "embed", "form", "style", "base", "meta", "link", "frame"]
    assert soup.find_all(forbidden) == [], out
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), out
            if name not in URL_ATTRIBUTES:
                continue
            urls = [value] if name != "srcset" else [c for c in value.split(",") if c.strip()]
            for url in urls:
                squeezed = "".join(url.split()).lower()
                assert not squeezed.startswith(("javascript:", "vbscript:", "data:")), out
    for frame in soup.find_all("iframe"):
        assert policy.mode == "frame" and frame["sandbox"], out
        assert not isinstance(embeds.resolve(frame["src"], policy), str), out


_BLOCK_IN_LINK_RE = re.compile(r"<a\b[^<>]*>(?:(?!</a>)[^<]|<(?!/a>))*<(?:p|div|h\d)\b", re.I)


@settings(
    max_examples=examples(250),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(POSTS, st.sampled_from([embeds.DEFAULT, embeds.EmbedPolicy("frame")]))
@example(
    "<P>text</P>\n\n<A>text<P>text</P><P>text</P></A>\n\n<IMG>\n\n"
    '<SVG>text<SOURCE><A src="/images/a.png">text</A></SVG>',
    embeds.DEFAULT,
)
def test_generated_fragments_lose_nothing_without_a_message(text, policy):
    html = markdown.markdown(text, extensions=["toc", "tables", "fenced_code"])
    out, lost = safety.clean(html, policy)
    findings, expected = safety.scan(text, policy)
    # 1. nothing executable survives; iframes only framed, sandboxed, from known hosts
    assert_inert(out, policy)
    # 2. every kind of element or attribute the browser's reading of the HTML held
    # before and not after was named (as kinds: the HTML parser copies some elements,
    # with their attributes, when tags are misnested)
    before, after = BeautifulSoup(html, "html5lib"), BeautifulSoup(out, "html5lib")
    (in_elements, in_attributes), (out_elements, out_attributes) = (
        inventory(before),
        inventory(after),
    )
    kept_embeds = len(after.select(".masthead-embed"))
    gone = {tag for tag in in_elements if not out_elements[tag]}
    for tag in gone:
        if tag == "iframe" and in_elements[tag] <= kept_embeds:
            continue  # each a known provider's, now its box
        assert expected["element", tag], (tag, text)
        assert findings, text
    for tag, name in in_attributes:
        if tag == "iframe":
            continue  # a known provider's frame is written anew, with attributes of ours
        if tag not in gone and not out_attributes[tag, name]:
            assert expected["attribute", name], (tag, name, text, findings)
            assert findings, text
    # 3. the reading is exact: the build's net (`unforeseen`) has nothing to add. Not
    # asked of a page where a block opens inside an `<a>`: the HTML parser then moves
    # the `<a>` (HTML's "adoption agency"), and which elements a later `<svg>` holds
    # depends on the whole page. There the build's net names what the scan could not
    # foresee, which is its job (`make test` at 23:20 on 2026-11-25 found
    # `<A>text<P>..</P></A> ... <SVG><SOURCE><A src=..>`; the same on 9392991).
    if not _BLOCK_IN_LINK_RE.search(text):
        assert safety.unforeseen(lost, text, text, policy) == [], text
    assert findings == [] or all(0 <= f.line <= text.count("\n") for f in findings)


@pytest.mark.fuzz
@settings(
    max_examples=examples(4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(POSTS)
def test_generated_posts_build_and_check_alike(caplog, capsys, text):
    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "docs/blog/posts").mkdir(parents=True)
        (root / "docs/index.md").write_text("# Home\n")
        (root / "docs/blog/index.md").write_text("# Blog\n")
        (root / "docs/blog/posts/a.md").write_text(cms_post(body=text), encoding="utf-8")
        (root / "mkdocs.yml").write_text(yaml.safe_dump(BASE_CONFIG))
        built = build_config(root / "mkdocs.yml", root, caplog)
        assert built.error is None, built.errors()
        assert ours(built.messages()) == check_lines(root, capsys)
        page = page_of(built)
        assert page.find_all(["iframe", "object", "embed"]) == []
        assert all(urlsplit(s["src"]).netloc == "" for s in page.find_all("script", src=True))


def test_an_faq_answer_follows_the_sites_embed_policy(site, capsys):
    """An iframe in an FAQ answer written in front matter: with `embeds: off` it is
    removed and named (it was removed silently), as in the post's body."""
    site.config["plugins"].append("masthead/faq")
    site.plugin_options(embeds="off")
    post = cms_post(body="Text.\n").replace(
        "tags:",
        "faq:\n  - question: Where is the video?\n    answer: '<iframe "
        'src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Film"></iframe>\'\ntags:',
    )
    site.post("a.md", post)
    built = site.build()
    assert content_of(built).find_all("iframe") == []
    found = ours(built.messages())
    assert found == [
        "docs/blog/posts/a.md:6: raw HTML `<iframe>` could run code on the site; it is removed "
        "from the page; remove it from the post (embed media with Markdown or ask a maintainer)"
    ]
    assert found == check_lines(site.root, capsys)
