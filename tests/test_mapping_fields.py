"""`map_front_matter` as one small function per field (issue #15, point 4): each field's
function alone, and the order the driver runs them in, which is the order of the
findings."""

from __future__ import annotations

import yaml
from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from masthead.core import yamlmeta
from masthead.core.mapping import (
    FIELDS,
    FieldMapper,
    KeyNames,
    map_authors,
    map_categories,
    map_controls,
    map_date,
    map_description,
    map_draft,
    map_expiry,
    map_front_matter,
    map_material_keys,
    map_slug,
    map_summary,
    map_tags,
    map_thumbnail,
    map_title,
    map_updated,
)


def mapper(yaml_text: str, **kw) -> FieldMapper:
    front = yamlmeta.parse(yaml_text, 2)
    assert front.findings == []
    return FieldMapper(front, **kw)


def found(m: FieldMapper) -> list[tuple[str, int, str, str]]:
    return [(f.code, f.line, f.message, f.fix) for f in m.findings]


def test_title_as_written_and_missing():
    m = mapper("title: 1984\n")
    map_title(m)
    assert (m.meta.title, m.findings, m.meta.key) == ("1984", [], {"title": "title"})
    m = mapper("draft: true\n")
    map_title(m)
    assert m.meta.title is None
    assert found(m) == [
        ("title-missing", 1, "the post has no `title`", "add a line `title: Your title`")
    ]


def test_a_title_that_is_not_text_is_reported_and_left_out():
    m = mapper("x: 1\ntitle: [a, b]\n")
    map_title(m)
    assert found(m) == [
        ("title-invalid", 3, "`title` is empty or not text", "write `title: Your title`")
    ]
    assert m.meta.title is None and m.meta.dropped == {"title"}


def test_date_in_materials_own_form_and_from_the_file_name():
    m = mapper("date: {created: 2024-01-02, updated: 2024-02-03}\n")
    map_date(m)
    assert (m.meta.date.isoformat(), m.meta.updated.isoformat()) == (
        "2024-01-02T00:00:00+00:00",
        "2024-02-03T00:00:00+00:00",
    )
    m = mapper("title: T\n", filename="2023-05-06-post.md")
    map_date(m)
    assert m.meta.date.isoformat() == "2023-05-06T00:00:00+00:00"
    assert [f.code for f in m.findings] == ["date-from-filename"]


def test_a_date_that_cannot_be_read_is_not_replaced_by_the_file_name():
    m = mapper("title: T\ndate: 2024-02-30\n", filename="2023-05-06-post.md")
    map_date(m)
    assert m.meta.date is None
    assert [(f.code, f.line) for f in m.findings] == [("date-invalid", 3)]
    assert m.findings[0].message.startswith("`date: 2024-02-30` cannot be read as a date: ")


def test_expiry_that_cannot_be_read_keeps_the_post():
    m = mapper("expires: soon\n")
    map_expiry(m)
    assert m.meta.expiry is None
    assert [(f.code, f.line) for f in m.findings] == [("expiry-invalid", 2)]


def test_authors_are_named_once_with_their_first_link():
    m = mapper(
        "authors:\n"
        "  - Ann Lee\n"
        "  - {name: ann lee, website: https://a.example}\n"
        "  - {name: Bo, url: ' https://b.example '}\n"
        "  - [nested]\n"
        "  - ''\n"
    )
    map_authors(m)
    assert m.meta.author_names == ["Ann Lee", "Bo"]
    # the second Ann is the same author: her link is kept under the name as first written
    assert m.meta.author_links == {"ann lee": "https://a.example", "Bo": "https://b.example"}
    assert found(m) == [
        (
            "author-invalid",
            2,
            "`authors` has a value that is not a name",
            "write `authors: Jane Doe`, a list of names, or entries with `name:`",
        ),
        (
            "author-empty",
            2,
            "`authors` is empty",
            "write the author's name, or remove the `authors` line",
        ),
    ]


def test_summary_falls_back_to_the_description_then_to_the_body():
    m = mapper("description: '  What it is.  '\n")
    map_description(m)
    map_summary(m)
    assert (m.meta.description, m.meta.summary, m.meta.summary_derived) == (
        "What it is.",
        "What it is.",
        False,
    )
    m = mapper("title: T\nsummary: ''\n", body="First *paragraph*.\n\nSecond.\n")
    map_description(m)
    map_summary(m)
    assert (m.meta.summary, m.meta.summary_derived) == ("First paragraph.", True)
    assert [(f.code, f.line) for f in m.findings] == [("summary-derived", 3)]


def test_a_summary_that_is_not_text():
    m = mapper("summary: {a: 1}\n", body="")
    map_summary(m)
    assert [(f.code, f.line) for f in m.findings] == [("summary-invalid", 2)]
    assert (m.meta.summary, m.meta.summary_derived) == ("", True)


def test_thumbnail_from_a_list_of_mappings_and_one_that_is_no_path():
    m = mapper("images: ['', {src: /img/a.png}]\n")
    map_thumbnail(m)
    assert (m.meta.thumbnail, m.meta.key["thumbnail"], m.findings) == ("/img/a.png", "images", [])
    m = mapper("thumbnail: [[[[[x.png]]]]]\n")
    map_thumbnail(m)
    assert m.meta.thumbnail is None
    assert [f.code for f in m.findings] == ["thumbnail-invalid"]


def test_tags_are_reported_at_their_key():
    m = mapper("title: T\ntags: 'a, , A, b'\n")
    map_tags(m)
    assert m.meta.tags == ["a", "b"]
    assert found(m) == [("tag-empty", 3, "`tags` has an empty tag", "remove the empty entry")]


def test_an_unsafe_slug_is_reported_and_left_out():
    m = mapper("slug: ../up\n")
    map_slug(m)
    assert m.meta.slug is None and m.meta.dropped == {"slug"}
    assert [(f.code, f.line) for f in m.findings] == [("slug-unsafe", 2)]
    assert m.findings[0].message.startswith("`slug: ../up` cannot be part of the post's URL (")


def test_draft_read_inverted_from_published():
    for text, draft in [("published: false\n", True), ("published: true\n", None)]:
        m = mapper(text)
        map_draft(m)
        assert (m.meta.draft, m.findings, m.meta.path) == (draft, [], {"draft": "published"})
    m = mapper("draft: maybe\n")
    map_draft(m)
    assert m.meta.draft is None and m.meta.dropped == {"draft"}
    assert found(m) == [
        (
            "draft-invalid",
            2,
            "`draft: maybe` is not true or false",
            "write `draft: true` or `draft: false`",
        )
    ]


def test_jekylls_categories_become_materials_list():
    m = mapper("categories: news garden\n")
    map_categories(m)
    assert m.front.data["categories"] == ["news", "garden"]
    m = mapper("title: T\ncategory: ' news '\n")
    map_categories(m)
    assert (m.front.data["categories"], m.front.line("categories")) == (["news"], 3)


def test_materials_keys_are_checked_after_the_categories_are_a_list():
    m = mapper("categories: 'a, b'\nicon: Home\nhide: ~\n")
    map_categories(m)
    map_material_keys(m)
    assert m.meta.dropped == {"icon", "hide"}
    assert found(m) == [
        (
            "meta-invalid",
            3,
            "`icon` must be an icon name, e.g. `icon: material/home`",
            "fix or remove the `icon` line; until then it is ignored",
        )
    ]


def test_control_characters_are_removed_everywhere_in_a_value():
    m = mapper('title: "a\\x07b"\ntags: ["c\\x1bd"]\n')
    map_controls(m)
    assert (m.front.data["title"], m.front.data["tags"]) == ("ab", ["cd"])
    assert [(f.code, f.line) for f in m.findings] == [("text-control", 2), ("text-control", 3)]
    assert "(U+0007)" in m.findings[0].message and "(U+001B)" in m.findings[1].message


def test_the_driver_runs_every_field_in_order():
    assert list(FIELDS) == [
        map_controls,
        map_title,
        map_date,
        map_updated,
        map_expiry,
        map_authors,
        map_description,
        map_summary,
        map_thumbnail,
        map_tags,
        map_slug,
        map_draft,
        map_categories,
        map_material_keys,
    ]


# The codes each field's function may report; the driver's findings come field by field.
_CODES = {
    map_controls: {"text-control"},
    map_title: {"title-missing", "title-invalid"},
    map_date: {"date-invalid", "date-from-filename", "date-missing"},
    map_updated: {"updated-invalid"},
    map_expiry: {"expiry-invalid"},
    map_authors: {"author-invalid", "author-empty"},
    map_description: set(),
    map_summary: {"summary-invalid", "summary-derived"},
    map_thumbnail: {"thumbnail-invalid"},
    map_tags: {"tags-invalid", "tag-empty"},
    map_slug: {"slug-invalid", "slug-unsafe"},
    map_draft: {"draft-invalid"},
    map_categories: set(),
    map_material_keys: {"meta-invalid"},
}
_STEP_OF = {code: FIELDS.index(step) for step, codes in _CODES.items() for code in codes}

_KEYS = sorted(
    {name.removeprefix("not ") for names in vars(KeyNames()).values() for name in names}
    | {"categories", "category", "hide", "search", "template", "status", "icon", "pin"}
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.text(max_size=8),
    st.sampled_from(["2024-01-02", "2024-02-30", "", " ", "a, b", "../x", "a\x07b", "x.png"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["name", "url", "src", "created", "boost"]), inner),
    ),
    max_leaves=5,
)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=8),
    st.sampled_from(["", "A first paragraph.\n"]),
    st.sampled_from(["x.md", "2024-03-04-x.md"]),
)
def test_findings_come_field_by_field_each_from_its_own_function(data, body, filename):
    text = yaml.safe_dump(data, allow_unicode=True)
    front = yamlmeta.parse(text, 2)
    meta, findings = map_front_matter(front, body=body, filename=filename)
    steps = [_STEP_OF[f.code] for f in findings]
    assert steps == sorted(steps)
    # Each function, run on its own after the ones before it, reports the same findings.
    m = FieldMapper(yamlmeta.parse(text, 2), body=body, filename=filename)
    for step in FIELDS:
        before = len(m.findings)
        step(m)
        assert {f.code for f in m.findings[before:]} <= _CODES[step]
    assert (m.meta, m.findings) == (meta, findings)
