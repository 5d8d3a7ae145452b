"""`PostInfo.of(page)`: the one typed way the plugins read and complete a post's data."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from masthead.postinfo import PostInfo


def test_a_page_that_is_not_a_post_has_none():
    assert PostInfo.of(SimpleNamespace(meta={"title": "About"})) is None
    assert PostInfo.of(SimpleNamespace(meta={"masthead": "not a mapping"})) is None
    assert PostInfo.of(SimpleNamespace()) is None
    assert PostInfo.of({"masthead": None}) is None


def test_it_reads_and_writes_the_pages_own_data():
    data = {"title": "A <b>", "summary": "", "thumbnail": "images/a.png", "status": None}
    page = SimpleNamespace(meta={"masthead": data})
    info = PostInfo.of(page)
    assert info is not None
    assert (info.title, info.summary, info.thumbnail, info.status) == (
        "A <b>",
        None,  # empty reads as none
        "images/a.png",
        None,
    )
    info.status = "draft"
    info.set_image("../images/a.png", "https://example.com/images/a.png")
    # Written into the page's meta, where the templates read it.
    assert page.meta["masthead"]["status"] == "draft"
    assert page.meta["masthead"]["image"] == "../images/a.png"
    assert PostInfo.of(page.meta).image_abs == "https://example.com/images/a.png"


@given(
    st.dictionaries(
        st.sampled_from(["title", "summary", "thumbnail", "status"]),
        st.one_of(st.none(), st.integers(), st.text(), st.lists(st.text())),
    )
)
def test_a_value_of_another_kind_reads_as_none(data):
    info = PostInfo.of({"masthead": data})
    assert info is not None
    for name in ("title", "summary", "thumbnail", "status"):
        value = data.get(name)
        expected = value if isinstance(value, str) and value else None
        assert getattr(info, name) == expected


@pytest.mark.parametrize("name", ["title", "summary", "thumbnail", "image", "image_abs"])
def test_read_only_fields_cannot_be_set(name):
    info = PostInfo({})
    with pytest.raises(AttributeError):
        setattr(info, name, "x")
