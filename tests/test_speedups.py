"""The speed-ups (`SPEEDUPS` of `masthead/host/`) change how fast Material works, never what
it writes: the demo built with and without them is the same, byte for byte."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser

import markdown
import yaml
from conftest import HTML_SOUP, REPO, build_config, outcome
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from masthead import host
from masthead.core import plainhtml
from masthead.host import material as host_material
from masthead.host import mkdocs as host_mkdocs
from material.plugins.blog import structure
from material.plugins.blog.readtime import readtime as material_readtime
from material.plugins.blog.readtime.parser import ReadtimeParser
from material.plugins.blog.structure import Post
from material.plugins.search.plugin import Parser as SearchParser
from mkdocs.structure import pages as pages_module


def demo_site(root):
    for name in ("mkdocs.yml", "docs", "overrides"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    return root / "mkdocs.yml"


def test_the_demo_is_the_same_with_and_without_them(tmp_path, caplog, monkeypatch):
    config = demo_site(tmp_path)
    fast = build_config(config, tmp_path, caplog, site_dir=tmp_path / "fast")
    assert fast.error is None
    assert structure.SafeLoader is yaml.SafeLoader  # put back at shutdown
    assert structure.Markdown is Markdown
    assert ReadtimeParser.__dict__.get("feed") is None

    text = config.read_text("utf-8")
    assert "  - masthead/frontmatter\n" in text
    config.write_text(
        text.replace(
            "  - masthead/frontmatter\n", "  - masthead/frontmatter:\n      speedups: false\n"
        )
    )
    calls: list[str] = []

    def recorder(name):
        return lambda *args: calls.append(name) or True

    recorded = [(name, recorder(name), undo) for name, _apply, undo in host.SPEEDUPS]
    monkeypatch.setattr(host, "SPEEDUPS", recorded)
    monkeypatch.setattr(host_material, "index_posts", recorder("index_posts"))
    monkeypatch.setattr(host_material, "remember_dates", recorder("remember_dates"))
    slow = build_config(config, tmp_path, caplog, site_dir=tmp_path / "slow")
    assert slow.error is None
    files = sorted(p.relative_to(fast.site) for p in fast.site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(slow.site) for p in slow.site.rglob("*") if p.is_file())
    different = [
        str(f)
        for f in files
        if f.suffix != ".gz" and (fast.site / f).read_bytes() != (slow.site / f).read_bytes()
    ]
    assert different == []
    assert calls == []  # `speedups: false` applied none


class _Probe(Post):
    """A `Post` without reading a file: enough to compare like Material does."""

    def __init__(self, title: str, file: object) -> None:
        self._t, self.file = title, file

    @property
    def title(self):
        return self._t


def test_post_list_answers_like_a_list():
    a, b = _Probe("A", "a.md"), _Probe("B", "b.md")
    posts = host_material.PostList([a, b])
    assert a in posts and b in posts
    assert _Probe("A", "a.md") in posts  # equal, not the same object: as list.__contains__
    assert _Probe("A", "other.md") not in posts
    assert "a.md" not in posts and None not in posts
    assert list(posts) == [a, b] and posts[1] is b


# -- reading time: the same minutes as Material's parser --------------------------------


@settings(max_examples=500, deadline=None)
@given(HTML_SOUP, st.integers(min_value=1, max_value=3))
@example("<!-- x -- >words<!-- y -->", 1)  # Python 3.11 ends a comment at `-- >`
@example("&am<b>p;", 1)  # an entity is read within one piece of text
@example('</img><img src="a">', 1)
def test_readtime_is_materials(html, words_per_minute):
    """The text and images read are Material's exactly (at one word per minute every
    word shows in the minutes too)."""

    def read(feed) -> tuple:
        parser = ReadtimeParser()
        feed(parser, html)
        parser.close()
        return "".join(parser.text), parser.images

    assert outcome(read, host_material._plain_feed) == outcome(read, HTMLParser.feed)
    slow = outcome(material_readtime, html, words_per_minute)
    ReadtimeParser.feed = host_material._plain_feed
    try:
        assert outcome(material_readtime, html, words_per_minute) == slow
    finally:
        del ReadtimeParser.feed


def test_readtime_takes_the_fast_path_for_plain_markdown_output():
    html = markdown.markdown(
        "# T\n\nSome *words* & more, `code <b>`.\n\n![a](x.png)\n\n<!-- c -->\n\n- a\n- b",
        extensions=["attr_list", "md_in_html", "tables", "toc"],
    )
    assert plainhtml.tokens(html) is not None
    assert plainhtml.tokens(html + "<script>x</script>") is None


def test_lazy_markdown_is_made_on_first_use_with_its_registrations():
    class Mark(Treeprocessor):
        def run(self, root):
            root[0].set("data-mark", "1")

    lazy = host_material.LazyMarkdown(extensions=["toc"])
    lazy.treeprocessors.register(Mark(), "mark", 0)
    assert lazy._made is None
    at = lazy.treeprocessors.get_index_for_name("mark")  # as Material's `render` asks
    assert isinstance(lazy.treeprocessors[at], Mark)
    assert lazy.convert("# Hi") == '<h1 data-mark="1" id="hi">Hi</h1>'
    assert lazy.toc_tokens[0]["name"] == "Hi"


# -- pooled Markdown parsers: every allowed extension, state that must not leak ----------
RICH_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "fenced_code",
    "footnotes",
    "md_in_html",
    "meta",
    "sane_lists",
    "smarty",
    "tables",
    {"toc": {"permalink": True}},
    "wikilinks",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.magiclink",
    "pymdownx.smartsymbols",
    "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}},
    "pymdownx.tasklist",
    "pymdownx.arithmatex",
]
# Each page carries what an extension remembers while converting a document: footnote
# numbers, abbreviations, link references, tab and heading ids, stashed HTML and code.
RICH_PAGE = """\
---
summary: Page {n}
---
# Page {n}

## Same heading

The HTML spec[^1] and a [reference link][ref]. {abbr}

*[HTML]: Hypertext Markup Language
[ref]: https://example.com/{n}

[^1]: A footnote on page {n}.

!!! note "Note {n}"
    Admonition text with ==mark==, ^^caret^^, ~~tilde~~ and ++ctrl+c++.

=== "One"
    Tab one of page {n}.

=== "Two"
    Tab two.

??? question "Details {n}"
    Hidden text.

- [x] done
- [ ] open

Term {n}
:   Definition.

| a | b |
| - | - |
| {n} | `#!python print({n})` |

```python
def page_{n}():
    return "{n}" -- 'quotes'
```

<div markdown="1">*inside* {n}</div>

$x^{n}$ and :smile: and https://example.com/auto/{n} and [[Wiki{n}]].

## Same heading
"""


def test_pooled_parsers_write_what_fresh_ones_do(tmp_path, caplog, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n[^x] no footnote here; HTML alone.\n")
    for n in range(1, 4):  # the abbreviation is defined on every page but the second
        text = RICH_PAGE.format(n=n, abbr="")
        if n == 2:
            text = text.replace("*[HTML]: Hypertext Markup Language\n", "")
        (docs / f"page-{n}.md").write_text(text)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "site_name": "Pool",
                "theme": {"name": "material"},
                "plugins": ["search", "blog", "masthead/frontmatter"],
                "markdown_extensions": RICH_EXTENSIONS,
            }
        )
    )
    made: list[object] = []
    real_init = host_mkdocs.PooledMarkdown.__init__

    def counting_init(self, *args, **kwargs):
        made.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(host_mkdocs.PooledMarkdown, "__init__", counting_init)
    pooled = build_config(config, tmp_path, caplog, site_dir=tmp_path / "pooled")
    assert pooled.error is None
    assert len(made) == 1  # one parser for all pages
    assert pages_module.markdown is markdown  # put back at shutdown

    monkeypatch.setattr(host_mkdocs, "pooled_markdown", lambda *args: False)
    monkeypatch.setattr(
        host, "SPEEDUPS", [s for s in host.SPEEDUPS if s[0] != host_mkdocs.SPEEDUPS[0][0]]
    )
    fresh = build_config(config, tmp_path, caplog, site_dir=tmp_path / "fresh")
    assert fresh.error is None and len(made) == 1
    for page in ("index.html", "page-1/index.html", "page-2/index.html", "page-3/index.html"):
        assert (pooled.site / page).read_bytes() == (fresh.site / page).read_bytes(), page
    second = pooled.html("page-2/index.html").select_one("article")
    assert second.find("abbr") is None  # page 1's abbreviation did not leak
    assert second.select_one(".footnote li")["id"] == "fn:1"


def test_unknown_extensions_and_unique_footnote_ids_get_a_parser_each():
    # The allow-list is exactly what test_pooled_parsers_write_what_fresh_ones_do proves.
    names = {
        host_mkdocs.module_name(e if isinstance(e, str) else next(iter(e))) for e in RICH_EXTENSIONS
    }
    assert names == host_mkdocs.RESETS_CLEANLY
    assert host_mkdocs.pool_key(["toc", "pymdownx.superfences"], {}) is not None
    assert host_mkdocs.pool_key(["toc", "pymdownx.snippets"], {}) is None
    assert host_mkdocs.pool_key(["toc", object()], {}) is None
    assert host_mkdocs.pool_key(["footnotes"], {"footnotes": {"UNIQUE_IDS": True}}) is None


@settings(max_examples=500, deadline=None)
@given(HTML_SOUP)
@example('<h2 id="a">A <a class="headerlink" href="#a">¶</a></h2><p>x  \n y</p><pre>a\n b</pre>')
@example("<div data-search-exclude><p>hidden</p></div><p>shown &amp; kept</p>")
def test_search_reads_pages_as_with_pythons_parser(html):
    def sections(feed) -> list[tuple]:
        parser = SearchParser()
        feed(parser, html)
        parser.close()
        return [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text) for s in parser.data]

    assert outcome(sections, host_material._plain_feed) == outcome(sections, HTMLParser.feed)
