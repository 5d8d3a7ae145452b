"""Plain Material and masthead side by side on the same synthetic blog (issue 7).

    python bench/compare.py [--sizes 200 1000] [--runs 3]

For each size: the blog in the CMS format (all masthead plugins on) and the same
posts in Material's own front matter (plain Material: search and blog). Each build
runs in a fresh process; peak memory is that process's maximum resident set. Prints
a table and writes it to bench/RESULTS.md (between the markers below).
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
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
START, END = "<!-- compare:start -->", "<!-- compare:end -->"


def measure(command: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak MiB, stdout) of a command run as a child of a
    fresh helper, so that the helper's RUSAGE_CHILDREN figures are this command's own.
    CPU time (user + system) is reported beside wall time: on a shared 2-core VM the
    wall time of identical builds varies by 20%."""
    helper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "out = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True).stdout\n"
        "w = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(w, r.ru_utime + r.ru_stime, r.ru_maxrss / 1024)\n"
        "print(out, end='')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", helper, *command],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    first, _, rest = done.stdout.partition("\n")
    wall, cpu, peak = (float(x) for x in first.split())
    return wall, cpu, peak, rest


def run_size(posts: int, runs: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="masthead-cmp-") as tmp:
        roots = {
            "masthead": generate(Path(tmp) / "masthead", posts),
            "plain": generate(Path(tmp) / "plain", posts, plain=True),
        }
        for run in range(runs):
            # Alternate which goes first: a slow spell of the VM hits both alike.
            order = list(roots.items()) if run % 2 == 0 else list(roots.items())[::-1]
            for name, root in order:
                wall, cpu, peak, _ = measure(
                    [str(BIN / "mkdocs"), "build", "-q", "-d", str(root / "site")], root
                )
                results.setdefault(f"build {name}", []).append(wall)
                results.setdefault(f"cpu {name}", []).append(cpu)
                results.setdefault(f"memory {name}", []).append(peak)
            wall, _, _, _ = measure([str(BIN / "masthead"), "check"], roots["masthead"])
            results.setdefault("check masthead", []).append(wall)
            for name, root in order:
                _, _, _, out = measure(
                    [sys.executable, str(HERE / "rebuild_once.py"), str(root)], root
                )
                results.setdefault(f"rebuild {name}", []).append(float(out.strip()))
    return results


def table(sizes: dict[int, dict[str, list[float]]], runs: int) -> str:
    rows = [
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}, "
        f"{runs} rounds, each building both (alternating which goes first); "
        f"{time.strftime('%Y-%m-%d')}.",
        "",
        "| measure | posts | plain Material | masthead | ratio of medians | median of round ratios "
        "| target |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for posts, r in sizes.items():
        for label, key, unit, target in (
            ("build time (wall)", "build", "s", "<= 0.8x"),
            ("build time (CPU)", "cpu", "s", "<= 0.8x"),
            ("peak memory", "memory", "MiB", "<= 1.2x"),
            ("rebuild after one edit", "rebuild", "s", "<= 0.8x"),
        ):
            plain = statistics.median(r[f"{key} plain"])
            ours = statistics.median(r[f"{key} masthead"])
            # Each round builds both, one right after the other: a slow spell of the
            # VM (the machine drifts by 20% over minutes) hits the two alike.
            rounds = statistics.median(
                m / p for m, p in zip(r[f"{key} masthead"], r[f"{key} plain"], strict=True)
            )
            rows.append(
                f"| {label} | {posts} | {plain:.1f} {unit} | {ours:.1f} {unit} | "
                f"{ours / plain:.2f}x | {rounds:.2f}x | {target} |"
            )
        check = statistics.median(r["check masthead"])
        rows.append(f"| `masthead check` | {posts} | - | {check:.2f} s | - | - | <= 2 s |")
    rows += ["", "Every run (seconds, MiB), in the order measured:", ""]
    for posts, r in sizes.items():
        for key, values in r.items():
            rows.append(f"- {posts} posts, {key}: " + ", ".join(f"{v:.1f}" for v in values))
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    results = {posts: run_size(posts, args.runs) for posts in args.sizes}
    text = table(results, args.runs)
    print(text)
    if not args.no_write:
        path = HERE / "RESULTS.md"
        current = path.read_text(encoding="utf-8")
        block = f"{START}\n{text}\n{END}"
        if START in current:
            before, rest = current.split(START, 1)
            current = before + block + rest.split(END, 1)[1]
        else:
            current += (
                f"\n## Side by side with plain Material (issue 7)\n\n`make bench`.\n\n{block}\n"
            )
        path.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main()
