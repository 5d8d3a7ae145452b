"""Property tests (issue 8): any input gives a result or the project's own findings,
each with a line, and never another exception."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from masthead.core import tags
from masthead.core.catalogue import Catalogue, Settings, generated_text, parse_post
from masthead.core.problems import DEFAULT_LEVELS

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(
    [
        "title",
        "date",
        "author",
        "authors",
        "summary",
        "description",
        "thumbnail",
        "tags",
        "slug",
        "draft",
        "pin",
        "readtime",
        "categories",
        "faq",
        "cms_id",
    ]
)
FRONT = st.dictionaries(KEYS, VALUES, max_size=8)


def assert_well_formed(parsed) -> None:
    for finding in parsed.findings:
        assert finding.code in DEFAULT_LEVELS
        assert finding.line >= 1
        assert finding.message and finding.fix


@pytest.mark.fuzz
@settings(max_examples=examples(300), deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes(raw):
    assert_well_formed(parse_post(raw, "2024-01-01-x.md", Settings()))


@pytest.mark.fuzz
@settings(max_examples=examples(300), deadline=None)
@given(FRONT, st.text(max_size=200))
def test_any_front_matter_maps_and_reaches_material_as_valid_yaml(front, body):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    parsed = parse_post(text.encode("utf-8", "surrogatepass"), "x.md", Settings())
    assert_well_formed(parsed)
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        (docs / "blog/posts").mkdir(parents=True)
        (docs / "blog/posts/x.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        catalogue = Catalogue(Settings(), str(docs), tmp)
        post = catalogue.add_post("blog/posts/x.md")
        written = generated_text(post, lambda t: t.lower().replace(" ", "-"))
        data = yaml.safe_load(written.split("\n---\n", 1)[0].removeprefix("---\n"))
        assert isinstance(data["date"], (datetime, dict))
        assert "<" not in str(data.get("title", ""))


NAMES = st.text(max_size=12)


@pytest.mark.fuzz
@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(NAMES, max_size=6), max_size=8),
    st.dictionaries(
        NAMES,
        st.one_of(
            st.none(), st.dictionaries(st.sampled_from(["description", "x"]), SCALARS, max_size=2)
        ),
        max_size=5,
    ),
    st.dictionaries(NAMES, st.one_of(NAMES, SCALARS), max_size=5),
    st.booleans(),
)
def test_tag_normaliser(post_tags, rule_tags, aliases, allow_list):
    text = yaml.safe_dump({"tags": rule_tags, "aliases": aliases}, allow_unicode=True)
    rules, findings = tags.load_rules(text)
    assert all(f.code in DEFAULT_LEVELS and f.line >= 1 for f in findings)
    posts = [
        tags.TagPost(f"p{n}.md", datetime(2024, 1, 1 + n % 28, tzinfo=UTC), names, 3)
        for n, names in enumerate(post_tags)
    ]
    index = tags.build_index(posts, rules, allow_list=allow_list)
    slugs = [t.slug for t in index.tags.values()]
    assert len(slugs) == len(set(slugs)) and all(slugs)
    for uri, keys in index.post_tags.items():
        for key in keys:
            assert uri in index.tags[key].posts
    for problems in index.findings.values():
        assert all(f.code in DEFAULT_LEVELS for f in problems)
