"""The speed-ups of `masthead/speedups.py` change how fast Material works, never what
it writes: the demo built with and without them is the same, byte for byte."""

from __future__ import annotations

import shutil

import yaml
from conftest import REPO, build_config
from masthead import speedups
from material.plugins.blog import structure
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

    for name in ("index_posts", "fast_front_matter", "remember_dates"):
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
