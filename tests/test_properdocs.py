"""ProperDocs, the maintained MkDocs 1.x fork, is a supported host (#15, point 1).

`make test` runs this file beside MkDocs 1.6.1 (ProperDocs is installed there too:
mkdocs-redirects needs it); `make test-properdocs` runs the whole suite in
`.venv-properdocs`, where MkDocs is absent and `MASTHEAD_HOST=properdocs`. The commands
run as new processes, as a writer runs them: `masthead check`, `new` and `import`, and
`properdocs build --strict` on the demo, which has all four masthead plugins."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import masthead
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO

BIN = Path(sys.executable).parent  # .venv or .venv-properdocs
ONLY_PROPERDOCS = os.environ.get("MASTHEAD_HOST") == "properdocs"
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",  # Material's banner
    "DISABLE_MKDOCS_2_WARNING": "true",  # ProperDocs' banner under `mkdocs`
    "SOURCE_DATE_EPOCH": "1767225600",  # the sitemap's dates: two builds agree at midnight
}
DEMO_POSTS = len(list((REPO / "docs/blog/posts").glob("*.md")))
AUDIT = "docs/blog/posts/2024-05-14-link-audit-checklist-1.md"
LOCAL_SEO = "blog/2024/07/11/a-local-seo-checklist-you-can-finish-in-an-afternoon/index.html"
# What `masthead check` says of the demo on every host (infos the demo keeps on purpose).
DEMO_INFOS = [
    "info: docs/blog/posts/2024-06-03-guest-posting-without-spam.md:1: the post has no "
    "summary; its first paragraph is used; add `summary:` to choose the text of the card "
    "and meta description",
    "info: docs/blog/posts/2024-10-15-outreach-emails-that-get-replies.md:5: author "
    "'BacklinkBot Ai' is not in the authors file; registered as `backlinkbot-ai`; add an "
    "entry to the authors file to give them an avatar and description",
]


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    """A command of the venv running the tests, in a new process."""
    return subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo blog (mkdocs.yml, docs/, overrides/)."""
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_suite_runs_on_the_host_make_asked_for():
    import mkdocs
    from masthead.frontmatter.plugin import FrontMatterPlugin

    assert version("properdocs") == "1.6.7"
    if ONLY_PROPERDOCS:
        with pytest.raises(PackageNotFoundError):
            version("mkdocs")
        assert not (BIN / "mkdocs").exists()
        # `mkdocs` is ProperDocs, aliased by masthead.host before anything imports it.
        import properdocs.plugins

        assert mkdocs.__name__ == "properdocs"
        assert issubclass(FrontMatterPlugin, properdocs.plugins.BasePlugin)
    else:
        assert version("mkdocs") == "1.6.1"
        assert mkdocs.__name__ == "mkdocs"
        assert "properdocs.replacement" not in sys.modules


def test_masthead_version_is_the_package_version(demo):
    done = run("masthead", "--version", cwd=demo)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"masthead {masthead.__version__}\n"
    assert version("mkdocs-masthead") == masthead.__version__


def test_masthead_check_runs_and_says_each_problem_once(demo):
    done = run("masthead", "check", cwd=demo)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        *DEMO_INFOS,
        f"masthead: {DEMO_POSTS} posts checked: no errors or warnings",
    ]

    post = demo / AUDIT
    text = post.read_text(encoding="utf-8")
    text = text.replace("date: 2024-05-14T07:45:00Z", "date: yesterday")
    post.write_text(text.replace("author: Backlink Bot Team", 'author: ""'), encoding="utf-8")
    done = run("masthead", "check", cwd=demo)
    # Printed once, on stdout: the plugins' own log records are held back on both hosts.
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == [
        f"error: {AUDIT}:3: `date: yesterday` cannot be read as a date: it is not a date; "
        "write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`",
        f"warn: {AUDIT}:5: `author` is empty; write the author's name, or remove the `author` line",
        *DEMO_INFOS,
        "info: docs/images/blog/audit-checklist-thumbnail.png:1: "
        "images/blog/audit-checklist-thumbnail.png is not used by any page; delete it, or "
        "link it from a post",
        f"masthead: {DEMO_POSTS} posts checked: 1 error, 1 warning",
    ]


def test_masthead_new_writes_a_post_that_checks_clean_once_filled(demo):
    done = run(
        "masthead", "new", "Anchors, again", "--tag", "seo", "--date", "2025-01-02", cwd=demo
    )
    assert (done.returncode, done.stderr) == (0, "")
    written = demo / "docs/blog/posts/2025-01-02-anchors-again.md"
    assert done.stdout.splitlines()[-2:] == [
        "masthead: wrote docs/blog/posts/2025-01-02-anchors-again.md",
        "masthead: replace its TODO lines, then run: masthead check "
        "docs/blog/posts/2025-01-02-anchors-again.md",
    ]
    text = written.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    assert (meta["title"], meta["tags"]) == ("Anchors, again", ["seo"])
    done = run("masthead", "check", cwd=demo)
    placeholders = [line for line in done.stdout.splitlines() if "placeholder 'TODO" in line]
    assert len(placeholders) == text.count("TODO") == 10
    assert all(line.startswith(f"warn: {written.relative_to(demo)}:") for line in placeholders)
    written.write_text(text.replace("TODO: ", "Written: "), encoding="utf-8")
    done = run("masthead", "check", cwd=demo)
    assert done.stdout.splitlines()[-1] == (
        f"masthead: {DEMO_POSTS + 1} posts checked: no errors or warnings"
    )


def test_masthead_import_then_properdocs_builds_the_import(tmp_path):
    dest = tmp_path / "dest"
    source = REPO / "tests/fixtures/import/jekyll"
    done = run("masthead", "import", str(source), str(dest), cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "Needs a human" in done.stdout
    config = yaml.safe_load((dest / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "redirects" in [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert run("masthead", "check", cwd=dest).returncode == 0
    # Not --strict: the fixture's thumbnails are small on purpose (warnings).
    built = run("properdocs", "build", cwd=dest)
    assert built.returncode == 0, built.stderr
    assert "ERROR" not in built.stderr
    # mkdocs-redirects ran: an old Jekyll URL leads to the post's page.
    redirect = dest / "site/mill-race/index.html"
    assert "the-old-mill-race" in redirect.read_text(encoding="utf-8")


def test_properdocs_builds_the_demo_with_all_four_plugins(demo):
    plugins = yaml.safe_load((demo / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    assert {"masthead/frontmatter", "masthead/faq", "masthead/images", "masthead/tags"} <= set(
        plugins
    )
    done = run("properdocs", "build", "--strict", cwd=demo)
    assert done.returncode == 0, done.stderr
    site = demo / "site"
    assert len(list((site / "blog").glob("20*/*/*/*/index.html"))) == DEMO_POSTS
    page = BeautifulSoup((site / LOCAL_SEO).read_text(encoding="utf-8"), "html.parser")
    assert page.find("meta", property="og:image")  # masthead/frontmatter
    assert len(page.select("details.masthead-faq__item")) >= 2  # masthead/faq
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    assert {"BlogPosting", "FAQPage"} <= {node["@type"] for node in graph}
    feed = ET.parse(site / "blog/tags/seo/feed.xml").getroot()  # masthead/tags
    assert feed.findall("channel/item")
    assert len(ET.parse(site / "blog/feed.xml").getroot().findall("channel/item")) == DEMO_POSTS
    # A post the images plugin must refuse stops the strict build on ProperDocs too.
    post = demo / AUDIT
    post.write_text(
        post.read_text(encoding="utf-8") + "\n![](/images/blog/gone.png)\n", encoding="utf-8"
    )
    done = run("properdocs", "build", "--strict", cwd=demo)
    assert done.returncode == 1
    assert (
        f"ERROR   -  masthead: {AUDIT}:24: image /images/blog/gone.png does not exist; add the "
        "file under docs/ or correct the path"
    ) in done.stderr.splitlines()


@pytest.mark.skipif(ONLY_PROPERDOCS, reason="compares with MkDocs, which is absent here")
def test_properdocs_builds_what_mkdocs_builds_but_the_generator(demo):
    """Byte for byte, every file; ProperDocs only names itself in the generator meta."""
    for host in ("mkdocs", "properdocs"):
        done = run(host, "build", "--strict", "--site-dir", f"site-{host}", cwd=demo)
        assert done.returncode == 0, done.stderr
    by_mkdocs = site_files(demo / "site-mkdocs")
    by_properdocs = site_files(demo / "site-properdocs")
    assert sorted(by_properdocs) == sorted(by_mkdocs)
    ours = b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, '
    theirs = b'<meta name="generator" content="mkdocs-1.6.1, '
    pages = [name for name in by_mkdocs if name.endswith(".html")]
    assert len(pages) > DEMO_POSTS
    assert all(by_properdocs[name].count(ours) == 1 for name in pages)
    assert {name: data.replace(ours, theirs) for name, data in by_properdocs.items()} == by_mkdocs


HOST_COMMAND = "properdocs" if ONLY_PROPERDOCS else "mkdocs"


def test_each_command_finds_the_config_the_host_would_and_names_the_hosts_command(tmp_path):
    """With only ProperDocs, `properdocs.yml` (the name ProperDocs asks for) is found as
    ProperDocs finds it, and what the commands tell the user to run is `properdocs`."""
    dest = tmp_path / "dest"
    done = run(
        "masthead", "import", str(REPO / "tests/fixtures/import/jekyll"), str(dest), cwd=tmp_path
    )
    assert done.stdout.splitlines()[-1] == f"Next: cd {dest} && {HOST_COMMAND} serve"
    if ONLY_PROPERDOCS:
        (dest / "mkdocs.yml").rename(dest / "properdocs.yml")
    assert run("masthead", "check", cwd=dest).returncode == 0
    done = run("masthead", "export", str(tmp_path / "plain"), cwd=dest)
    assert done.returncode == 0, done.stdout + done.stderr
    config = tmp_path / "plain" / ("properdocs.yml" if ONLY_PROPERDOCS else "mkdocs.yml")
    assert done.stdout.splitlines()[-1] == (
        f"masthead: build it without masthead: {HOST_COMMAND} build -f {config}"
    )
