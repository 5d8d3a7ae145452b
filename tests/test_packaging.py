"""The package as pip builds it (#15, point 5): one version everywhere, types shipped.

The version is written once, in `masthead/__init__.py`; pyproject.toml reads it
(`dynamic = ["version"]`). A wheel is built from a copy of the sources, offline."""

from __future__ import annotations

import configparser
import email
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import masthead
from conftest import REPO

BIN = Path(sys.executable).parent


def test_the_wheel_masthead_version_and_the_install_agree(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(REPO / "plugins", source / "plugins", ignore=skip)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", "wheel"]
    offline = ["--no-deps", "--no-index", "--no-build-isolation"]
    built = subprocess.run(
        [*pip, *offline, "--wheel-dir", str(tmp_path), "."],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("mkdocs_masthead-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        headers = email.message_from_bytes(archive.read(metadata))
        entry_points = archive.read(metadata.replace("METADATA", "entry_points.txt")).decode()

    shown = subprocess.run(
        [str(BIN / "masthead"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert masthead.__version__.count(".") == 2
    assert headers["Version"] == masthead.__version__
    assert shown == f"masthead {masthead.__version__}\n"
    assert version("mkdocs-masthead") == masthead.__version__  # the venv's install is current

    # Type information and package data ship; the plugins are found by MkDocs and ProperDocs.
    assert "masthead/py.typed" in names
    assert "masthead/templates/masthead/post.html" in names
    assert any(n.startswith("masthead/assets/") for n in names)
    groups = configparser.ConfigParser(delimiters=("=",))
    groups.read_string(entry_points)
    assert dict(groups["mkdocs.plugins"]) == {
        "masthead/frontmatter": "masthead.frontmatter.plugin:FrontMatterPlugin",
        "masthead/faq": "masthead.faq.plugin:FaqPlugin",
        "masthead/images": "masthead.images.plugin:ImagesPlugin",
        "masthead/tags": "masthead.tags.plugin:TagsPlugin",
    }
    assert dict(groups["console_scripts"]) == {"masthead": "masthead.cli:main"}
