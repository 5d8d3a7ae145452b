"""Responsive images at scale (#17): the build with and without them, cold and warm.

    python bench/images_speed.py [--posts 1000] [--runs 3]

The synthetic blog of bench/generate.py (a thumbnail and three figures per post: 4000
images at 1000 posts), with every image made distinct (its own colours, a gradient),
so no two share a digest and nothing is made once for many. Measured, each in a fresh
process, rounds alternating the order:
- plain Material (the same posts in Material's own front matter);
- masthead with `responsive: false` (no variants: what it cost before #17);
- masthead cold: the cache folder emptied first (every variant made, on both cores);
- masthead warm: the cache of the cold build kept (nothing made again).
Prints a table and writes it to bench/RESULTS.md between the markers below.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from PIL import Image

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from compare import BIN, measure  # noqa: E402
from generate import generate  # noqa: E402

START, END = "<!-- images:start -->", "<!-- images:end -->"


def distinct(root: Path) -> int:
    """Make every PNG under docs/images/blog its own picture (same size as before)."""
    count = 0
    for n, path in enumerate(sorted((root / "docs" / "images" / "blog").glob("*.png"))):
        with Image.open(path) as old:
            size = old.size
        r, g, b = n % 256, (n // 256 * 17) % 256, (n * 7) % 256  # unique below 4096
        ramp = Image.linear_gradient("L").resize(size)
        image = Image.merge("RGB", [ramp.point(lambda v, c=c: (v + c) % 256) for c in (r, g, b)])
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        path.write_bytes(buffer.getvalue())
        count += 1
    return count


def responsive_off(root: Path) -> Path:
    """A copy of the blog at `root` with `responsive: false`."""
    copy = root.parent / (root.name + "-off")
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    config = copy / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      levels: {image-unreferenced: ignore}\n",
            "      levels: {image-unreferenced: ignore}\n      responsive: false\n",
        )
    )
    return copy


def run(posts: int, runs: int) -> tuple[dict[str, list[float]], int]:
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="masthead-img-") as tmp:
        ours = generate(Path(tmp) / "masthead", posts)
        plain = generate(Path(tmp) / "plain", posts, plain=True)
        images = distinct(ours)
        distinct(plain)
        off = responsive_off(ours)
        cache = ours / ".cache"

        def build(name: str, root: Path) -> None:
            wall, cpu, peak, _ = measure(
                [str(BIN / "mkdocs"), "build", "-q", "-d", str(root / "site")], root
            )
            results.setdefault(f"{name} wall", []).append(wall)
            results.setdefault(f"{name} cpu", []).append(cpu)
            results.setdefault(f"{name} memory", []).append(peak)

        for n in range(runs):
            steps = [("plain", plain), ("off", off), ("cold", ours), ("warm", ours)]
            if n % 2:
                steps = [steps[2], steps[3], steps[1], steps[0]]
            for name, root in steps:
                if name == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                build(name, root)
        made = sum(1 for p in cache.rglob("*") if p.suffix in (".avif", ".webp", ".jpg"))
    results["variants"] = [float(made)]
    return results, images


def table(r: dict[str, list[float]], posts: int, images: int, runs: int) -> str:
    plain = statistics.median(r["plain wall"])
    rows = [
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}, "
        f"Pillow {version('pillow')}; {posts} posts, {images} distinct images, "
        f"{int(r['variants'][0])} variants; {runs} rounds; {time.strftime('%Y-%m-%d')}.",
        "",
        "| build | wall (median) | CPU (median) | peak memory | wall / plain Material | target |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    targets = {"plain": "", "off": "", "cold": "<= 1.0x", "warm": "<= 0.6x (as before #17)"}
    labels = {
        "plain": "plain Material",
        "off": "masthead, `responsive: false`",
        "cold": "masthead, cold (cache empty)",
        "warm": "masthead, warm (cache kept)",
    }
    for key, label in labels.items():
        wall = statistics.median(r[f"{key} wall"])
        cpu = statistics.median(r[f"{key} cpu"])
        memory = statistics.median(r[f"{key} memory"])
        rows.append(
            f"| {label} | {wall:.1f} s | {cpu:.1f} s | {memory:.0f} MiB | "
            f"{wall / plain:.2f}x | {targets[key]} |"
        )
    rows += ["", "Every run (seconds), in the order measured:", ""]
    for key, values in r.items():
        if key.endswith("wall"):
            rows.append(f"- {key}: " + ", ".join(f"{v:.1f}" for v in values))
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    results, images = run(args.posts, args.runs)
    text = table(results, args.posts, images, args.runs)
    print(text)
    if args.no_write:
        return
    target = HERE / "RESULTS.md"
    current = target.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        current = head + block + rest.split(END, 1)[1]
    else:
        current += f"\n## #17: responsive images at 1000 posts\n\n`make bench-images`.\n\n{block}\n"
    target.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main()
