"""The speed-ups of `masthead/speedups.py` change how fast Material works, never what
it writes: the demo built with and without them is the same, byte for byte."""

from __future__ import annotations

import shutil

import markdown
import yaml
from conftest import HTML_SOUP, REPO, build_config
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from masthead import speedups
from material.plugins.blog import plugin as blog_plugin
from material.plugins.blog import structure
from material.plugins.blog.readtime import readtime as material_readtime
from material.plugins.blog.readtime.parser import ReadtimeParser
from material.plugins.blog.structure import Post


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
    assert blog_plugin.readtime is material_readtime

    for name in (
        "index_posts",
        "fast_front_matter",
        "remember_dates",
        "lazy_excerpts",
        "fast_readtime",
    ):
        monkeypatch.setattr(speedups, name, lambda *args: None)
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


class _Probe(Post):
    """A `Post` without reading a file: enough to compare like Material does."""

    def __init__(self, title: str, file: object) -> None:
        self._t, self.file = title, file

    @property
    def title(self):
        return self._t


def test_post_list_answers_like_a_list():
    a, b = _Probe("A", "a.md"), _Probe("B", "b.md")
    posts = speedups.PostList([a, b])
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
    fast = speedups._plain_text(html)
    if fast is not None:
        parser = ReadtimeParser()
        parser.feed(html)
        parser.close()
        assert fast == ("".join(parser.text), parser.images)
    assert speedups.readtime(html, words_per_minute) == material_readtime(html, words_per_minute)


def test_readtime_takes_the_fast_path_for_plain_markdown_output():
    html = markdown.markdown(
        "# T\n\nSome *words* & more, `code <b>`.\n\n![a](x.png)\n\n<!-- c -->\n\n- a\n- b",
        extensions=["attr_list", "md_in_html", "tables", "toc"],
    )
    assert speedups._plain_text(html) is not None
    assert speedups.readtime(html, 1) == material_readtime(html, 1)
    assert speedups._plain_text(html + "<script>x</script>") is None


def test_lazy_markdown_is_made_on_first_use_with_its_registrations():
    class Mark(Treeprocessor):
        def run(self, root):
            root[0].set("data-mark", "1")

    lazy = speedups.LazyMarkdown(extensions=["toc"])
    lazy.treeprocessors.register(Mark(), "mark", 0)
    assert lazy._made is None
    at = lazy.treeprocessors.get_index_for_name("mark")  # as Material's `render` asks
    assert isinstance(lazy.treeprocessors[at], Mark)
    assert lazy.convert("# Hi") == '<h1 data-mark="1" id="hi">Hi</h1>'
    assert lazy.toc_tokens[0]["name"] == "Hi"
