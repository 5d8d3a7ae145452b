"""Every reach into MkDocs' and Material's internals is in `masthead.host`, named, and
probed here on the pinned versions: an upgrade that moves one fails a test below. The
speed-ups among them say in the log whether they applied."""

from __future__ import annotations

import ast
import logging
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, build_config
from masthead import host
from masthead.host import material as host_material
from masthead.host import mkdocs as host_mkdocs
from material.plugins.blog import structure

PACKAGE = REPO / "plugins" / "masthead"


@pytest.mark.parametrize("reach", host.REACHES, ids=lambda r: r.name)
def test_each_reach_still_holds_on_the_pinned_versions(reach):
    assert reach.probe(), f"{reach.name}: {reach.depends_on}"


def test_each_reach_is_named_where_it_is_made():
    """Each host module says what each of its reaches depends on, at least once per
    reach in `REACHES`."""
    for module in (host_mkdocs, host_material):
        text = Path(module.__file__).read_text("utf-8")
        assert text.count("Depends on:") >= len(module.REACHES), module.__name__


def test_nothing_outside_the_host_imports_materials_code():
    """Material has no Python API: only `masthead/host/` imports it."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "host" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "material"]
    assert offenders == []


def test_a_probe_fails_when_its_target_moves(monkeypatch):
    """The probes can fail: a moved loader, parser or excerpt method is noticed."""
    by_name = {r.name: r for r in host.REACHES}
    monkeypatch.setattr(structure, "SafeLoader", yaml.FullLoader)
    assert not by_name["libyaml for Material's posts"].probe()
    monkeypatch.setattr(structure, "Markdown", object)
    assert not by_name["lazy excerpt parsers"].probe()
    monkeypatch.setattr(structure.Excerpt, "render", lambda self, page: None)
    assert not by_name["excerpt class swap"].probe()
    monkeypatch.setattr(host_mkdocs, "_markdown_package", object())
    assert not by_name["pooled Markdown parsers"].probe()
    monkeypatch.setattr(host_material, "SEARCH_DIALOG", '<div class="md-search-moved">')
    assert not by_name["search dialog markup"].probe()


def test_each_speedup_applies_and_is_put_back():
    for name, apply, undo in host.SPEEDUPS:
        try:
            assert apply() is True, name
        finally:
            undo()
    assert structure.SafeLoader is yaml.SafeLoader
    assert structure.Markdown.__module__ == "markdown.core"


def demo(root: Path) -> Path:
    for name in ("mkdocs.yml", "docs", "overrides"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    return root / "mkdocs.yml"


def test_a_speedup_that_cannot_apply_is_named_once_and_the_site_is_the_same(
    tmp_path, caplog, monkeypatch
):
    config = demo(tmp_path)
    fast = build_config(
        config, tmp_path, caplog, site_dir=tmp_path / "fast", log_level=logging.DEBUG
    )
    assert fast.error is None
    debug = [r.getMessage() for r in fast.records if r.levelno == logging.DEBUG]
    for name, _apply, _undo in host.SPEEDUPS:
        assert f"masthead: speed-up applied: {name}" in debug
    assert "masthead: speed-up applied: Material's dates formatted once" in debug
    assert "masthead: speed-up applied: posts found fast in Material's lists" in debug
    assert not [m for m in fast.messages(logging.INFO) if "speed-up" in m]

    # An upgrade moved the loader Material reads posts with: that speed-up is skipped.
    monkeypatch.setattr(structure, "SafeLoader", yaml.Loader)
    moved = build_config(config, tmp_path, caplog, site_dir=tmp_path / "moved")
    assert moved.error is None
    notes = [m for m in moved.messages(logging.INFO) if "speed-up" in m]
    assert notes == [
        "1 speed-up did not apply (Material's posts read with libyaml): what it replaces "
        "in MkDocs or Material has moved; the site is the same, built more slowly "
        "(`speedups: false` turns them all off)"
    ]
    assert structure.SafeLoader is yaml.Loader  # left as it found it
    files = sorted(p.relative_to(fast.site) for p in fast.site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(moved.site) for p in moved.site.rglob("*") if p.is_file())
    assert [
        str(f)
        for f in files
        if f.suffix != ".gz" and (fast.site / f).read_bytes() != (moved.site / f).read_bytes()
    ] == []


def swapped() -> list[str]:
    """What of MkDocs and Material a speed-up still holds replaced."""
    from html.parser import HTMLParser

    import markdown
    from material.plugins.blog.readtime.parser import ReadtimeParser
    from mkdocs.structure import pages

    found = []
    if structure.SafeLoader is not yaml.SafeLoader:
        found.append("SafeLoader")
    if structure.Markdown is not markdown.Markdown:
        found.append("Markdown")
    if pages.markdown is not markdown:
        found.append("pages.markdown")
    if ReadtimeParser.feed is not HTMLParser.feed:
        found.append("ReadtimeParser.feed")
    return found


@pytest.mark.parametrize("post", ["fine", "error"])
def test_a_build_without_shutdown_leaves_nothing_swapped(site, post):
    """A program that calls MkDocs' `build()` alone (no `on_startup`/`on_shutdown`, as
    some tools do) gets MkDocs and Material back as they were, built or failed."""
    from conftest import cms_post, fresh_plugins
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    text = cms_post() if post == "fine" else cms_post().replace("title:", "slug: ../../x\ntitle:")
    site.post("a.md", text)
    site.config["plugins"] = ["search", "blog", "masthead/frontmatter"]
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config), encoding="utf-8")
    fresh_plugins()
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(site.root / "out"))
    try:
        build(config)
    except (PluginError, Abort):
        assert post == "error"
    try:
        assert swapped() == []
    finally:
        config.plugins.on_shutdown()  # only now: the temporary files go
