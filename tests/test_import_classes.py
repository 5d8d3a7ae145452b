"""`masthead import` by class: generated repositories (Hugo, Jekyll or no generator;
odd and hostile file names, front matter, permalinks, aliases, links) are imported,
and what the import did is judged: SOURCE untouched, nothing written outside DEST,
every post copied byte for byte exactly once, every redirect inside the site, a clear
message or a complete project, never a traceback. `make fuzz` runs more examples and
builds each imported project."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import build_config, examples, fresh_plugins
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from masthead.cli import main as masthead
from masthead.core import outputs
from masthead.importer.command import shorten

HOSTILE = st.sampled_from(
    [
        "../../../x",
        "/../../etc",
        "//evil.example/x",
        "x\\..\\y",
        "%2e%2e/x",
        "a b",
        "é/ü",
        "index",
        "_index",
        "",
        "/",
        "x.html",
        "x?y#z",
        "javascript:alert(1)",
        "\u202e",
        "a" * 250,
    ]
)
WORD = st.text("abcdefghijklmnopqrstuvwxyz-_ 0123456789éü", min_size=1, max_size=12)
NAME = st.one_of(WORD, HOSTILE)
DATE = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["February 21, 2017", "2018-06-15 03:30:13 -1100", "nope", "", "9999-12-31"]),
)
FRONT = st.fixed_dictionaries(
    {},
    optional={
        "title": NAME,
        "date": DATE,
        "slug": NAME,
        "aliases": st.lists(NAME, max_size=3),
        "redirect_from": st.one_of(NAME, st.lists(NAME, max_size=2)),
        "permalink": NAME,
        "url": NAME,
        "categories": st.one_of(NAME, st.lists(NAME, max_size=2)),
        "draft": st.booleans(),
        "image": NAME,
        "images": st.lists(NAME, max_size=2),
        "author": NAME,
    },
)
RULES = st.sampled_from(
    [
        "/:year/:month/:slug/",
        "/:title/",
        "/:categories/:title:output_ext",
        "/:section/:filename/",
        "date",
        "pretty",
        "none",
        "/:nope/",
        "/../:slug/",
        ":slug",
        "//x//:title//",
    ]
)


def repository(root: Path, kind: str, rule: str, posts: list[tuple[str, dict, str]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if kind == "hugo":
        (root / "config.toml").write_text(
            f'title = "T"\n[permalinks]\nposts = {rule!r}\n'.replace("'", '"')
        )
        folder = root / "content" / "posts"
    elif kind == "jekyll":
        (root / "_config.yml").write_text(yaml.safe_dump({"title": "T", "permalink": rule}))
        folder = root / "_posts"
    else:
        folder = root / "writing"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data, body in posts:
        safe = "".join(c for c in name if c not in "/\\\x00") or "x"
        path = folder / f"{safe[:60]}.md"
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
        path.write_bytes(text.encode("utf-8"))
    (root / "static" / "img").mkdir(parents=True, exist_ok=True)
    (root / "static" / "img" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    outside = root.parent / "outside.md"
    outside.write_text("---\ntitle: OUTSIDE\n---\nsecret\n")
    with contextlib.suppress(OSError):
        (folder / "link.md").symlink_to(outside)
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


def judge(source: Path, dest: Path, capsys) -> tuple[int | str, str]:
    before = tree(source)
    fresh_plugins()
    capsys.readouterr()
    try:
        status: int | str = masthead(["import", str(source), str(dest)])
    except SystemExit as stop:
        status = str(stop)
        assert status.startswith("masthead: "), status
    out = capsys.readouterr().out
    assert tree(source) == before, "the import changed SOURCE"
    for path in dest.rglob("*") if dest.exists() else []:
        real = os.path.realpath(path)
        assert real.startswith(os.path.realpath(dest) + os.sep), path
        assert not path.is_symlink(), path
    if status != 0:
        return status, out
    copied = [p.read_bytes() for p in (dest / "docs").rglob("*.md")]
    for rel, data in before.items():
        name = rel.rsplit("/", 1)[-1].lower()
        skipped = name in ("index.md", "_index.md") or name.startswith(".")
        if rel.endswith(".md") and "/" in rel and not skipped and data not in copied:
            # not copied: then named in the report, with why
            assert f"  skipped {shorten(rel)}: " in out, f"{rel} was lost without a word"
    assert not any(b"OUTSIDE" in data for data in copied), "a linked file was copied"
    config = yaml.safe_load((dest / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "redirects" in plugin:
            for key, target in plugin["redirects"]["redirect_maps"].items():
                assert outputs.normal(key) == key, key
                assert (dest / "docs" / target).is_file(), target
    return status, out


POSTS = st.lists(
    st.tuples(NAME, FRONT, st.sampled_from(["Text.\n", "", "# H\n\n    code\n"])),
    min_size=1,
    max_size=5,
)


@pytest.mark.fuzz
@settings(
    max_examples=examples(10),
    deadline=None,
    # Each example imports a repository (about half a second): shrink only in `make fuzz`.
    phases=tuple(Phase) if os.environ.get("MASTHEAD_FUZZ") else (Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(kind=st.sampled_from(["hugo", "jekyll", "none"]), rule=RULES, posts=POSTS)
def test_generated_repositories_import_safely(kind, rule, posts, capsys, caplog):
    with tempfile.TemporaryDirectory() as tmp:
        source = repository(Path(tmp) / "src", kind, rule, posts)
        dest = Path(tmp) / "dest"
        status, out = judge(source, dest, capsys)
        event("imported" if status == 0 else "refused with a message")
        if status != 0:
            return
        assert "Needs a human" in out
        if os.environ.get("MASTHEAD_FUZZ"):
            built = build_config(dest / "mkdocs.yml", dest, caplog)
            assert not [m for m in built.errors() if "Traceback" in m]
