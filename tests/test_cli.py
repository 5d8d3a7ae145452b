"""`masthead check`: the plugin's checks without a build, and the same answers."""

from __future__ import annotations

import json
import logging

import pytest
import yaml
from conftest import cms_post
from masthead.cli import main


def run(site, capsys, *args: str) -> tuple[int, str]:
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config))
    code = main(["check", "-f", str(site.root / "mkdocs.yml"), *args])
    return code, capsys.readouterr().out


@pytest.fixture
def broken(site):
    site.post("good.md", cms_post(title="Good"))
    site.post("bad.md", cms_post(title="Bad", date="yesterday"))
    site.post("warn.md", cms_post(title="Warn", author='""'))
    return site


def test_text_and_exit_status(broken, capsys, monkeypatch):
    monkeypatch.chdir(broken.root)
    code, out = run(broken, capsys)
    assert code == 1
    assert out.splitlines() == [
        "error: docs/blog/posts/bad.md:3: `date: yesterday` cannot be read as a date: it is not "
        "a date; write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`",
        "info: docs/blog/posts/bad.md:4: author 'Backlink Bot Team' is not in the authors "
        "file; registered as `backlink-bot-team`; add an entry to the authors file to give "
        "them an avatar and description",
        "warn: docs/blog/posts/warn.md:4: `author` is empty; write the author's name, or remove "
        "the `author` line",
        "masthead: 3 posts checked: 1 error, 1 warning",
    ]
    code, out = run(broken, capsys, "docs/blog/posts/warn.md")
    assert code == 0 and out.splitlines()[-1] == "masthead: 3 posts checked: 1 warning"


def test_same_problems_as_the_plugin(broken, capsys):
    _, out = run(broken, capsys, "--format", "json")
    from_cli = [f"{p['path']}:{p['line']}: {p['message']}; {p['fix']}" for p in json.loads(out)]
    built = broken.build()
    from_plugin = [
        m
        for m in built.messages()
        if m.startswith("docs/") and "left out" not in m and "the build stops" not in m
    ]
    assert from_cli == from_plugin
    assert [p["level"] for p in json.loads(out)] == ["error", "info", "warn"]
    assert built.messages(logging.ERROR)[0] == from_cli[0]


def test_a_config_without_the_plugin(site, capsys):
    site.config["plugins"] = ["blog"]
    with pytest.raises(SystemExit) as stop:
        run(site, capsys)
    assert str(stop.value).endswith("uses none of the masthead plugins")


def test_faq_problems_match_the_plugin(site, capsys):
    site.config["plugins"].append("masthead/faq")
    site.post(
        "a.md",
        cms_post(
            title="A", body="Intro.\n\n## FAQ\n\n**Where is it?**\n\n**Which one?**\n\nThis one.\n"
        ),
    )
    site.post(
        "b.md", cms_post(title="B", body="## FAQ\n\nAsk us.\n").replace("tags:", "faq: nope\ntags:")
    )
    _, out = run(site, capsys, "--format", "json")
    from_cli = sorted(
        f"{p['path']}:{p['line']}: {p['message']}; {p['fix']}"
        for p in json.loads(out)
        if p["check"].startswith("faq-")
    )
    from_plugin = sorted(m for m in site.build().messages() if "FAQ" in m or "faq:" in m)
    assert (
        from_cli
        == from_plugin
        == [
            "docs/blog/posts/a.md:13: the FAQ question 'Where is it?' has no answer; write the "
            "answer below the question; it is shown as written until then",
            "docs/blog/posts/b.md:10: the FAQ section has no question in a form masthead reads; "
            "write each question in bold on its own line (`**What is X?**`) with the answer below; "
            "the section is shown as written",
            "docs/blog/posts/b.md:6: the post has both an FAQ section and `faq:`; the section is "
            "used; remove one of them",
        ]
    )


def test_faq_problems_match_the_plugin_whatever_its_options(site, capsys):
    """check and the build read a post's FAQ with the same options (checks.faq_outcome);
    check used to leave `front_matter_heading` and `open` out."""
    options = {"open": True, "front_matter_heading": "Questions", "headings": ["Questions"]}
    site.config["plugins"].append({"masthead/faq": options})
    site.post(
        "a.md",
        cms_post(title="A", body="Intro.\n\n## Questions\n\n**Where?**\n\n**Which?**\n\nThis.\n"),
    )
    site.post(
        "b.md",
        cms_post(title="B", body="Text.\n").replace("tags:", "faq:\n  - q: Why?\n    a: ''\ntags:"),
    )
    _, out = run(site, capsys, "--format", "json")
    from_cli = sorted(
        f"{p['path']}:{p['line']}: {p['message']}; {p['fix']}"
        for p in json.loads(out)
        if p["check"].startswith("faq-")
    )
    from_plugin = sorted(m for m in site.build().messages() if "FAQ" in m or "faq" in m)
    assert from_cli == from_plugin
    assert len(from_cli) >= 2
