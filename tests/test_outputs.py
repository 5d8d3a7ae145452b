"""core/outputs.py directly: the normal form of an output path never leaves the site
folder, and a URL the site prints is a web address that cannot end its attribute."""

from __future__ import annotations

import os
import posixpath
from urllib.parse import urlsplit

import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from masthead.core.outputs import check_outputs, normal, output, unsafe_segment, web_url

SEGMENTS = st.one_of(
    st.sampled_from(["..", ".", "", "x", "index.html", "a b", "%2e%2e", "C:", "\\", "\x00", "ß"]),
    st.text(max_size=6),
)
PATHS = st.lists(SEGMENTS, min_size=1, max_size=8).map("/".join)


@pytest.mark.fuzz
@settings(max_examples=examples(500), deadline=None)
@given(PATHS)
def test_a_normal_path_stays_inside_the_site(dest):
    path = normal(dest)
    if path is None:
        return
    site = "/srv/site"
    written = os.path.normpath(os.path.join(site, path))
    assert os.path.commonpath([written, site]) == site and written != site
    assert normal(path) == path  # the normal form is a fixed point


def test_named_paths():
    assert normal("blog/2024/01/01/../../../../../x/index.html") is None
    assert normal("blog/2024/01/01/../../../../index.html") == "index.html"
    assert normal("/etc/passwd") is None and normal("C:/x") is None and normal("a\\b") is None
    assert normal("blog/./a//b/index.html") == "blog/a/b/index.html"
    outside, clashes = check_outputs(
        [
            output("blog/a/index.html", "a.md"),
            output("blog/./A/index.html", "b.md"),
            output("blog/feed.xml/index.html", "c.md"),
            output("../x/index.html", "d.md"),
        ],
        ["blog/feed.xml"],
    )
    assert [o.owner for o in outside] == ["d.md"]
    assert sorted(sorted(o.owner for o in c.outputs) for c in clashes) == [
        ["a.md", "b.md"],
        ["c.md", "the build's own blog/feed.xml"],
    ]
    assert [unsafe_segment(s) for s in ("my-post", "../x", "..", " ", "a\x1bb")] == [
        None,
        "it contains a slash",
        "it is only dots",
        "it is empty",
        "it contains a control character",
    ]


URLS = st.tuples(
    st.sampled_from(["", "http", "HTTPS", "javascript", " JaVa\tScript", "data", "vbscript"]),
    st.sampled_from(["", ":", "://", "://cdn.example/", "//"]),
    st.text(alphabet=st.sampled_from(list("ab/ \"'<>()[]%&=?#\t:\\")), max_size=20),
).map("".join)


@pytest.mark.fuzz
@settings(max_examples=examples(500), deadline=None)
@given(URLS)
def test_a_printed_url_is_a_web_address_that_cannot_end_its_attribute(value):
    url, reason = web_url(value)
    if url is None:
        assert reason
        return
    assert not set(url) & set(" \"'<>\t\\`")
    scheme = urlsplit(url).scheme
    assert scheme in ("", "http", "https")
    if not scheme:
        assert not posixpath.basename(url.split("/")[0]).lower().endswith(":")
