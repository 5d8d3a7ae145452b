"""What masthead's safety depends on in MkDocs and Material, checked on the pinned
versions: each test fails when an upgrade moves what `masthead.host` relies on."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import cms_post


def test_material_search_index_format_that_escape_search_tags_reads(site):
    """`host.material.escape_search_tags` reads `search/search_index.json` as Material writes
    it: compact JSON, `{"config": ..., "docs": [{"location", "title", "text", "tags"}]}`."""
    site.config["plugins"].append("search")
    site.post("a.md", cms_post().replace("  - seo", "  - '<b>R&D</b>'"))
    built = site.build()
    assert built.error is None, built.errors()
    text = (built.site / "search/search_index.json").read_text("utf-8")
    data = json.loads(text)
    assert set(data) == {"config", "docs"}
    tagged = [doc for doc in data["docs"] if doc.get("tags")]
    assert tagged and {"location", "title", "text", "tags"} <= set(tagged[0])
    assert tagged[0]["tags"] == ["&lt;b&gt;R&amp;D&lt;/b&gt;"]
    assert text == json.dumps(data, separators=(",", ":"), default=str)


def test_mkdocs_follows_folder_links_when_it_lists_docs(tmp_path):
    """Why a link to a folder outside docs/ or above itself stops the build in
    `on_config` (`common.raise_unwalkable`): MkDocs' `get_files` follows folder links."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    (tmp_path / "docs/a").mkdir(parents=True)
    (tmp_path / "docs/a/x.md").write_text("# X\n")
    (tmp_path / "docs/b").symlink_to(tmp_path / "docs/a")
    # Material: ProperDocs 1.6.7 does not ship MkDocs' default theme (`make test-properdocs`).
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ntheme: material\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    assert {f.src_uri for f in get_files(config)} == {"a/x.md", "b/x.md"}


def test_docs_files_carry_docs_dir_as_src_dir(site):
    """`common.screen_files` tells docs' files from the theme's by `File.src_dir`."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    site.build()
    config = load_config(str(site.root / "mkdocs.yml"))
    files = get_files(config)
    assert {f.src_dir for f in files} == {config.docs_dir}


def test_a_material_template_renders_post_meta_as_html():
    """Why `subtitle` and `categories` go to Material escaped: its navigation prints
    `subtitle` as it is (partials/nav-item.html)."""
    from importlib import resources

    nav_item = (resources.files("material") / "templates/partials/nav-item.html").read_text()
    assert "<small>{{ nav_item.meta.subtitle }}</small>" in nav_item


def test_the_theme_ids_a_post_may_not_take_are_materials():
    """`safety.THEME_IDS` lists every `id="__..."` Material's templates write: an
    upgrade that adds one fails here."""
    import re
    from importlib import resources

    from masthead.core.safety import THEME_IDS

    root = resources.files("material") / "templates"
    found = set()
    for path in Path(str(root)).rglob("*.html"):
        found |= set(re.findall(r'id="(__[a-z]+)', path.read_text(encoding="utf-8")))
    assert found == {i.rstrip("_") for i in THEME_IDS}


def test_temporary_files_go_to_memory_only_when_there_is_room(monkeypatch):
    import os

    from masthead import common

    class Small:
        f_bavail, f_frsize = 1000, 4096  # 4 MB: Docker's /dev/shm can be 64 MB

    class Roomy:
        f_bavail, f_frsize = 10**6, 4096

    monkeypatch.setattr(os, "statvfs", lambda path: Small())
    assert common.temp_root() is None
    monkeypatch.setattr(os, "statvfs", lambda path: Roomy())
    monkeypatch.setattr(os, "access", lambda path, mode: True)
    assert common.temp_root() == "/dev/shm"

    def missing(path):
        raise FileNotFoundError(path)

    monkeypatch.setattr(os, "statvfs", missing)
    assert common.temp_root() is None


def test_html_redirect_keys_build_strict(site):
    """mkdocs-redirects warns about keys that are not `.md`; the host drops that one
    warning for `.html` keys (old Jekyll URLs), so a strict build passes and writes the
    page. Fails if the plugin's logger or message changes."""
    site.post("p.md", "---\ntitle: P\ndate: 2024-01-02\n---\nText.\n")
    site.config["plugins"].append(
        {"redirects": {"redirect_maps": {"2017/01/02/old.html": "blog/posts/p.md"}}}
    )
    built = site.build(strict=True)
    assert built.error is None, built.warnings()
    page = (built.site / "2017/01/02/old.html").read_text(encoding="utf-8")
    assert 'href="../../../blog/2024/01/02/p/"' in page
    site.config["plugins"][-1]["redirects"]["redirect_maps"] = {"old.txt": "blog/posts/p.md"}
    built = site.build(strict=True)
    assert "redirects plugin: 'old.txt' is not a valid markdown file!" in built.warnings()
