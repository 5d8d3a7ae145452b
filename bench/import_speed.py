"""Time `masthead import` of a 1000-post repository (Hugo + Forestry shape, 4000 images).

    python bench/import_speed.py [--posts N] [--runs 3]

The synthetic blog of bench/generate.py is laid out as a Hugo repository (posts in
`content/posts/`, images in `static/images/`, permalinks `/:year/:month/:slug/`, so
every post needs a redirect), then imported into a new folder by the real console
script, once per run. Not a test: timings vary with the machine. Target: under 10 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

CONFIG = """\
baseURL = "https://bench.example.org/"
title = "Bench blog"
[permalinks]
posts = "/:year/:month/:slug/"
"""
FORESTRY = """\
upload_dir: static/images
public_path: /images
sections:
- type: directory
  path: content/posts
  label: Posts
"""


def hugo_repository(root: Path, posts: int) -> Path:
    site = generate(root / "gen", posts)
    repo = root / "repo"
    (repo / "content").mkdir(parents=True)
    shutil.move(site / "docs/blog/posts", repo / "content/posts")
    (repo / "static").mkdir()
    shutil.move(site / "docs/images", repo / "static/images")
    authors = site / "docs/blog/.authors.yml"
    if authors.exists():
        (repo / "data").mkdir()
        shutil.copy(authors, repo / "data/authors.yml")
    (repo / "config.toml").write_text(CONFIG)
    (repo / ".forestry").mkdir()
    (repo / ".forestry/settings.yml").write_text(FORESTRY)
    return repo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    masthead = Path(sys.executable).parent / "masthead"
    with tempfile.TemporaryDirectory(prefix="masthead-bench-") as tmp:
        repo = hugo_repository(Path(tmp), args.posts)
        images = sum(1 for _ in (repo / "static/images").rglob("*.png"))
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        times = []
        for run in range(args.runs):
            dest = Path(tmp) / f"dest{run}"
            start = time.perf_counter()
            done = subprocess.run(
                [str(masthead), "import", str(repo), str(dest)],
                env=env,
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.exit(f"masthead import failed:\n{done.stdout}\n{done.stderr}")
        summary = next((line for line in done.stdout.splitlines() if "Old URLs" in line), "")
        print(
            f"masthead import, {args.posts} posts, {images} images, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}"
        )
        print(f"  {summary.strip()}")
        print(
            f"  runs: {', '.join(f'{t:.2f} s' for t in times)}; "
            f"median {statistics.median(times):.2f} s (target: under 10 s)"
        )


if __name__ == "__main__":
    main()
