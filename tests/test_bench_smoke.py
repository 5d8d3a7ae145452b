"""The benchmark's synthetic blog stays valid: it checks clean and builds strict.

Timings live in bench/ (`make bench-check`), never in tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import REPO, build_config

sys.path.insert(0, str(REPO / "bench"))
from generate import generate
from masthead.cli import main


def test_generated_blog_checks_clean_and_builds_strict(tmp_path, caplog, capsys, monkeypatch):
    root = generate(tmp_path / "blog", 20)
    assert len(list((root / "docs/images/blog").iterdir())) == 80
    monkeypatch.chdir(root)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "masthead: 20 posts checked: no errors or warnings"
    )
    built = build_config(root / "mkdocs.yml", root, caplog, strict=True)
    assert built.error is None, built.warnings()
    assert len(built.post_pages()) == 20
    page = built.html(str(built.post_pages()[0].relative_to(built.site)))
    assert len(page.select("details.masthead-faq__item")) == 5


@pytest.mark.skipif(
    not (Path(sys.executable).parent / "mkdocs").exists(),
    reason="`make bench` times MkDocs' own command; `make test-properdocs` has no MkDocs",
)
def test_compare_runs_on_a_small_blog():
    """`make bench` keeps working: one run at N = 20 (timings are not judged here)."""
    import compare

    results = compare.run_size(20, 1)
    assert set(results) == {
        "build masthead",
        "build plain",
        "cpu masthead",
        "cpu plain",
        "memory masthead",
        "memory plain",
        "check masthead",
        "rebuild masthead",
        "rebuild plain",
    }
    assert all(len(v) == 1 and v[0] > 0 for v in results.values())
    table = compare.table({20: results}, 1)
    assert "| build time (CPU) | 20 |" in table and "| `masthead check` | 20 |" in table
    header = next(line for line in table.splitlines() if line.startswith("| measure"))
    assert "median of round ratios" in header
    assert f"- 20 posts, build plain: {results['build plain'][0]:.1f}" in table
