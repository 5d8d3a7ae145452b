"""Front matter mapping, authors and paths: pure functions on strings."""

from __future__ import annotations

from datetime import UTC, datetime

from masthead.core import yamlmeta
from masthead.core.authors import AuthorRegistry, load_authors_file
from masthead.core.catalogue import Settings, parse_post
from masthead.core.mapping import KeyNames, map_front_matter, resolve_reference


def mapped(yaml_text: str, body: str = "Body text.", filename: str = "x.md", **kw):
    """Map front matter; the `summary-derived` note is left out unless a test asks."""
    front = yamlmeta.parse(yaml_text, 2)
    assert front.findings == []
    meta, findings = map_front_matter(front, body=body, filename=filename, **kw)
    if "summary" not in yaml_text and body == "Body text.":
        findings = [f for f in findings if f.code != "summary-derived"]
    return meta, findings


def codes(findings) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in findings]


class TestFields:
    def test_example_post(self):
        meta, findings = mapped(
            "title: Why It Works\n"
            "date: 2024-12-04T08:04:02.728Z\n"
            "thumbnail: /images/blog/why.png\n"
            "author: Backlink Bot Team\n"
            "summary: Outsourcing saves time.\n"
            "  Specialists have connections.\n"
            "tags:\n  - seo\n  - backlink\n"
        )
        assert findings == []
        assert meta.title == "Why It Works"
        assert meta.date == datetime(2024, 12, 4, 8, 4, 2, 728000, tzinfo=UTC)
        assert meta.author_names == ["Backlink Bot Team"]
        assert meta.summary == "Outsourcing saves time. Specialists have connections."
        assert meta.thumbnail == "/images/blog/why.png"
        assert meta.tags == ["seo", "backlink"]

    def test_title_quoted_with_colon_and_trailing_space(self):
        meta, _ = mapped('title: "Links: A Lever"   \n')
        assert meta.title == "Links: A Lever"
        meta, _ = mapped("title: Plain with trailing   \n")
        assert meta.title == "Plain with trailing"

    def test_title_number_is_text_as_written(self):
        meta, findings = mapped("title: 1984\n")
        assert meta.title == "1984" and findings[:1] != [("title-invalid", 2)]

    def test_quoted_date(self):
        meta, findings = mapped('date: "2024-10-15T09:30:00.000Z"\n')
        assert meta.date == datetime(2024, 10, 15, 9, 30, tzinfo=UTC)
        assert codes(findings) == [("title-missing", 1)]

    def test_date_in_materials_dict_form(self):
        meta, _ = mapped("date:\n  created: 2024-01-01\n  updated: 2024-02-01\n")
        assert meta.date == datetime(2024, 1, 1, tzinfo=UTC)
        assert meta.updated == datetime(2024, 2, 1, tzinfo=UTC)

    def test_unreadable_date(self):
        _, findings = mapped("title: t\ndate: yesterday\n")
        assert [(f.code, f.line, f.message) for f in findings] == [
            ("date-invalid", 3, "`date: yesterday` cannot be read as a date: it is not a date")
        ]

    def test_missing_date_from_file_name(self):
        meta, findings = mapped("title: t\n", filename="2019-02-28-post-1.md")
        assert meta.date == datetime(2019, 2, 28, tzinfo=UTC)
        assert [f.message for f in findings] == [
            "the post has no `date`; 2019-02-28 from the file name is used"
        ]

    def test_missing_date_anywhere(self):
        _, findings = mapped("title: t\n", filename="post.md")
        assert codes(findings) == [("date-missing", 1)]

    def test_author_forms(self):
        assert mapped('author: "Aman "\n')[0].author_names == ["Aman"]
        assert mapped("author: [Aman, aman , Bo]\n")[0].author_names == ["Aman", "Bo"]
        assert mapped("authors:\n  - Aman\n")[0].author_names == ["Aman"]
        _, findings = mapped('title: t\ndate: 2024-01-01\nauthor: ""\n')
        assert [(f.code, f.line, f.message) for f in findings] == [
            ("author-empty", 4, "`author` is empty")
        ]

    def test_summary_derived_when_missing(self):
        meta, findings = mapped("title: t\ndate: 2024-01-01\n", body="# H\n\nFirst words here.\n")
        assert (meta.summary, meta.summary_derived) == ("First words here.", True)
        assert codes(findings) == [("summary-derived", 1)]

    def test_explicit_description_kept(self):
        meta, _ = mapped("description: Meta text\nsummary: Card text\n")
        assert (meta.description, meta.summary) == ("Meta text", "Card text")

    def test_tags_forms(self):
        assert mapped("tags: [seo, SEO, ' Link building ']\n")[0].tags == ["seo", "Link building"]
        assert mapped("tags: content strategy, SEO\n")[0].tags == ["content strategy", "SEO"]
        assert mapped("tags: []\n")[0].tags == []
        assert mapped("tags: [Café, cafe]\n")[0].tags == ["Café", "cafe"]
        assert mapped("tags: [s\u200beo, seo]\n")[0].tags == ["seo"]

    def test_tags_number(self):
        meta, findings = mapped("title: t\ndate: 2024-01-01\ntags: 42\n")
        assert meta.tags == ["42"]
        assert [(f.code, f.line, f.message) for f in findings] == [
            ("tags-invalid", 4, "`tags: 42` is not a list of tags")
        ]

    def test_empty_tag(self):
        meta, findings = mapped("title: t\ndate: 2024-01-01\ntags: [seo, '']\n")
        assert meta.tags == ["seo"] and codes(findings) == [("tag-empty", 4)]

    def test_configured_key_names(self):
        keys = KeyNames(thumbnail=("cover", "image"), summary=("excerpt",), author=("writers",))
        meta, _ = mapped(
            "image: /i.png\nexcerpt: Short.\nwriters: [A, B]\nsummary: not this\n", keys=keys
        )
        assert (meta.thumbnail, meta.summary, meta.author_names) == ("/i.png", "Short.", ["A", "B"])

    def test_materials_own_keys_checked(self):
        meta, findings = mapped("title: t\ndate: 2024-01-01\npin: yes please\nreadtime: 5\n")
        assert meta.dropped == {"pin"}
        assert [(f.code, f.line, f.message) for f in findings] == [
            ("meta-invalid", 4, "`pin` must be true or false")
        ]


class TestAuthors:
    def registry(self, text: str):
        registry = AuthorRegistry("assets/masthead/avatar.svg")
        return registry, load_authors_file(text, registry)

    def test_match_by_id_or_name(self):
        registry, findings = self.registry(
            "authors:\n  bbt:\n    name: Backlink Bot Team\n    description: d\n    avatar: a.png\n"
        )
        assert findings == []
        assert registry.find("bbt").id == "bbt"
        assert registry.find("BBT ").id == "bbt"
        assert registry.find("backlink bot team").id == "bbt"
        assert registry.find("Backlink\u00a0Bot Team ").id == "bbt"
        assert registry.find("Someone Else") is None

    def test_register_unknown(self):
        registry, _ = self.registry("")
        author = registry.register("BacklinkBot Ai")
        assert (author.id, author.name, author.description, author.avatar) == (
            "backlinkbot-ai",
            "BacklinkBot Ai",
            "",
            "assets/masthead/avatar.svg",
        )
        assert registry.find("backlinkbot ai") is author

    def test_incomplete_entry_is_filled(self):
        registry, findings = self.registry("authors:\n  aman:\n    name: Aman\n")
        assert [(f.code, f.line, f.message) for f in findings] == [
            ("author-incomplete", 2, "author `aman` has no `description` or `avatar`")
        ]
        assert registry.as_material() == {
            "authors": {
                "aman": {"name": "Aman", "description": "", "avatar": "assets/masthead/avatar.svg"}
            }
        }

    def test_broken_file(self):
        _, findings = self.registry("authors:\n  aman: [\n")
        assert [f.code for f in findings] == ["authors-file-invalid"]
        _, findings = self.registry("authors:\n  aman:\n    description: no name\n")
        assert [(f.line, f.message) for f in findings] == [(2, "author `aman` has no `name`")]

    def test_suggest(self):
        registry, _ = self.registry(
            "authors:\n  aman:\n    name: Aman Gupta\n    description: d\n    avatar: a\n"
        )
        assert registry.suggest("Aman Gupte") == "Aman Gupta"


class TestPaths:
    def test_site_absolute(self):
        assert resolve_reference("/images/blog/x.png", "blog/posts/a.md") == (
            "images/blog/x.png",
            None,
        )

    def test_relative_to_the_post(self):
        assert resolve_reference("img/x.png", "blog/posts/a.md") == ("blog/posts/img/x.png", None)

    def test_escapes_query_and_fragment(self):
        assert resolve_reference("/images/My%20File.png?v=2#top", "a.md") == (
            "images/My File.png",
            None,
        )

    def test_external(self):
        assert resolve_reference("https://cdn.example.com/x.png", "a.md") == (
            None,
            "https://cdn.example.com/x.png",
        )

    def test_refused(self):
        for ref in ("../../../etc/passwd", "/../x.png", "javascript:alert(1)", "data:,x", ""):
            assert resolve_reference(ref, "blog/posts/a.md") == (None, None), ref


class TestParsePost:
    def test_each_bad_input_has_one_clear_finding(self):
        settings = Settings()
        cases = {
            b"": [("empty-file", 1, "the file is empty")],
            b"---\ntitle: [x\ndate: 2024-01-01\n---\nBody": [
                (
                    "yaml-invalid",
                    3,
                    "the front matter is not valid YAML (did not find expected ',' or ']')",
                ),
            ],
            b"---\ntitle: x\nBody": [
                (
                    "front-matter-unclosed",
                    1,
                    "the front matter opened with `---` on line 1 is never closed",
                ),
            ],
            b"Just a body.": [
                ("front-matter-missing", 1, "the post has no front matter"),
                ("title-missing", 1, "the post has no `title`"),
                ("date-missing", 1, "the post has no `date` and its file name has none"),
            ],
        }
        for raw, expected in cases.items():
            parsed = parse_post(raw, "post.md", settings)
            got = [
                (f.code, f.line, f.message) for f in parsed.findings if f.code != "summary-derived"
            ]
            assert got == expected, raw
