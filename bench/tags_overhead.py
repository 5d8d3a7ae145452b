"""How much `masthead/tags` adds to a build: 1000 posts, 30 tags (issue 4: at most 10%).

    python bench/tags_overhead.py [--posts N] [--runs 2]

Builds the same synthetic blog with all masthead plugins, with and without
masthead/tags, alternating so that machine drift hits both alike.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import CONFIG, generate


def build_seconds(root: Path, config: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one `mkdocs build`. CPU time (user + system of the build
    process) is what the comparison uses: on a shared 2-core VM wall time swings by
    20% between identical builds."""
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [str(mkdocs), "build", "-q", "-d", str(root / "site")],
        cwd=root,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with_tags = CONFIG
    without_tags = CONFIG.replace("  - masthead/tags\n", "")
    with tempfile.TemporaryDirectory(prefix="masthead-bench-") as tmp:
        root = generate(Path(tmp), args.posts)
        # Not counted: the first build finds no site folder to clean, later ones do.
        build_seconds(root, with_tags)
        without, with_ = [], []
        for run in range(args.runs):  # alternating, and which goes first too
            if run % 2:
                with_.append(build_seconds(root, with_tags))
                without.append(build_seconds(root, without_tags))
            else:
                without.append(build_seconds(root, without_tags))
                with_.append(build_seconds(root, with_tags))
        pages = len(list((root / "site/blog/tags").rglob("index.html")))
        print(f"{args.posts} posts, 30 tags, {pages} tag pages (overview and pagination included)")
        for name, runs in (("without masthead/tags", without), ("with masthead/tags", with_)):
            print(
                f"  {name:22} CPU {', '.join(f'{c:.1f}' for _, c in runs)} s "
                f"(median {statistics.median(c for _, c in runs):.1f}); wall "
                f"{', '.join(f'{w:.1f}' for w, _ in runs)} s"
            )
        a = statistics.median(c for _, c in without)
        b = statistics.median(c for _, c in with_)
        print(f"  overhead (CPU, medians): {100 * (b - a) / a:+.1f}%")
        # On a noisy VM the fastest of several runs is the best estimate of the cost
        # itself: noise only ever adds time.
        a, b = min(c for _, c in without), min(c for _, c in with_)
        print(f"  overhead (CPU, fastest runs): {100 * (b - a) / a:+.1f}%")


if __name__ == "__main__":
    main()
