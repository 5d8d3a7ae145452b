"""Time `masthead check` on a synthetic blog (1000 posts, 4000 images by default).

    python bench/check_speed.py [--posts N] [--runs 3]

Runs the real console script in a fresh process each time, as CI does, and prints
the wall times. Not a test: timings vary with the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    masthead = Path(sys.executable).parent / "masthead"
    with tempfile.TemporaryDirectory(prefix="masthead-bench-") as tmp:
        root = generate(Path(tmp), args.posts)
        images = len(list((root / "docs/images/blog").iterdir()))
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(
                [str(masthead), "check"], cwd=root, env=env, capture_output=True, text=True
            )
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.exit(f"masthead check failed:\n{done.stdout}\n{done.stderr}")
        print(
            f"masthead check, {args.posts} posts, {images} images, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}"
        )
        print(
            f"  runs: {', '.join(f'{t:.2f} s' for t in times)}; "
            f"median {statistics.median(times):.2f} s"
        )
        print(f"  last line: {done.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
