"""Publishing (issue #6, point 1): `make deploy` runs `mkdocs gh-deploy`; the demo is
deployed for real to a bare git repository on disk, and the deployed site is crawled
under its sub-path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from conftest import REPO
from linkcheck import crawl

# The venv running the tests. With only ProperDocs installed (`make test-properdocs`)
# the recipe runs with ProperDocs' own command: `properdocs gh-deploy` must deploy alike.
BIN = Path(sys.executable).parent
HOST = "mkdocs" if (BIN / "mkdocs").exists() else "properdocs"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def deploy_recipe() -> list[str]:
    """What `make deploy` runs, read from the Makefile (a dry run; `-o` takes the venv
    as installed even when a file it depends on is newer)."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-o", ".venv/.installed", "deploy"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def deployed_files(remote: Path, ref: str = "gh-pages") -> dict[str, bytes]:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=remote, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the demo blog in its own git repository, with a bare remote."""
    work, remote = tmp_path / "blog", tmp_path / "remote.git"
    work.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, work / name)
        else:
            shutil.copy2(source, work / name)
    git("init", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    git("init", "--initial-branch=main", cwd=work)
    git("add", ".", cwd=work)
    git("commit", "-q", "-m", "Demo blog", cwd=work)
    git("remote", "add", "origin", str(remote), cwd=work)
    return work, remote


def run_deploy(work: Path) -> str:
    """Run `make deploy`'s recipe in the blog's folder, as make would (line by line)."""
    output = []
    for line in deploy_recipe():
        command = line.replace(".venv/bin/mkdocs ", f"{BIN / HOST} ")
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=work,
            env={**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        output.append(result.stdout)
    return "".join(output)


def test_make_deploy_publishes_the_demo_to_gh_pages(project):
    work, remote = project
    recipe = deploy_recipe()
    assert recipe[-1] == ".venv/bin/mkdocs gh-deploy --strict --clean --remote-name origin"

    assert "this deploy creates it" in run_deploy(work)
    first = git("rev-parse", "gh-pages", cwd=remote)
    files = deployed_files(remote)
    for expected in (
        ".nojekyll",
        "index.html",
        "blog/index.html",
        "blog/tags/index.html",
        "blog/tags/seo/index.html",
        "blog/tags/seo/feed.xml",
        "blog/feed.xml",
        "sitemap.xml",
        "images/blog/local-seo-thumbnail.png",
    ):
        assert expected in files, expected
    assert "CNAME" not in files
    posts = [
        name
        for name in files
        if name.startswith("blog/20") and name.endswith("/index.html") and name.count("/") == 5
    ]
    assert len(posts) == len(list((REPO / "docs/blog/posts").glob("*.md")))
    assert (
        files["images/blog/local-seo-thumbnail.png"]
        == (REPO / "docs/images/blog/local-seo-thumbnail.png").read_bytes()
    )

    # A custom domain: docs/CNAME is published; the second deploy fast-forwards.
    # A custom domain: docs/CNAME is published. The second deploy runs, like CI, from a
    # checkout that has neither a local gh-pages branch nor a remote-tracking one
    # (actions/checkout fetches one branch), and still fast-forwards.
    (work / "docs/CNAME").write_text("blog.example.com\n")
    git("add", ".", cwd=work)
    git("commit", "-q", "-m", "Custom domain", cwd=work)
    git("branch", "-D", "gh-pages", cwd=work)
    git("update-ref", "-d", "refs/remotes/origin/gh-pages", cwd=work)
    assert run_deploy(work) == ""
    second = git("rev-parse", "gh-pages", cwd=remote)
    assert second != first
    assert git("rev-list", "--parents", "-n", "1", second, cwd=remote).split()[1:] == [first]
    assert deployed_files(remote)["CNAME"] == b"blog.example.com\n"


def test_every_link_and_image_resolves_under_the_sub_path(project):
    work, remote = project
    run_deploy(work)
    site = work.parent / "served"
    for name, data in deployed_files(remote).items():
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    pages, broken = crawl(site, "/masthead-demo/")
    assert broken == []
    reached = {p.removeprefix("/masthead-demo/") for p in pages}
    assert {"", "blog/", "blog/tags/", "blog/tags/seo/"} <= reached
    posts = [p for p in reached if p.startswith("blog/20") and p.count("/") == 5]
    assert len(posts) == len(list((REPO / "docs/blog/posts").glob("*.md")))


def test_the_link_checker_finds_what_is_broken(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">A</a><img src="missing.png"><a href="/elsewhere/">out</a>'
        '<a href="https://example.org/">external</a>'
    )
    (tmp_path / "a/index.html").write_text('<link href="../style.css"><a href="../">up</a>')
    (tmp_path / "style.css").write_text("")
    pages, broken = crawl(tmp_path, "/repo/")
    assert pages == {"/repo/", "/repo/a/"}
    assert broken == [
        "/repo/: /elsewhere/ (outside /repo/)",
        "/repo/: missing.png (no such file)",
    ]
