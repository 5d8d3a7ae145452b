"""Lighthouse on the demo built with masthead and on its plain-Material export (issue #17).

    python bench/lighthouse_compare.py [--runs 3] [--source .] [--out build/lighthouse]

Builds the demo (`mkdocs build --strict`) under /masthead-demo/, writes its plain-Material
twin with `masthead export` into a temporary folder and builds that the same way, then
measures both with e2e/lighthouse/run.py (served like GitHub Pages; mobile; median of
RUNS runs): the home page, the blog index, a post with images and FAQ, a tag page, and the
tags overview. `masthead export` makes no per-tag pages (plain Material's tags plugin
lists every tag on one page), so Material's row for a tag page says so. Prints Markdown
for bench/RESULTS.md: date, commit, versions, both sites side by side, and what lost
points. --source measures another tree (a `git archive` of a commit, say) with its own
plugins/ first on PYTHONPATH. Nothing is enforced here; `make lighthouse` enforces.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "e2e" / "lighthouse"))
import run as harness  # noqa: E402

BIN = Path(sys.executable).parent
BASE = "/masthead-demo/"
PAGES = {**harness.DEMO_PAGES, "tags": "blog/tags/"}
SITES = ("masthead", "Material")
METRIC_CELLS = (  # audit, format, divisor
    ("largest-contentful-paint", "{:.1f} s", 1000),
    ("total-blocking-time", "{:.0f} ms", 1),
    ("cumulative-layout-shift", "{:.3f}", 1),
)


def environment(source: Path) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    if source.resolve() != REPO:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(source / "plugins"), env.get("PYTHONPATH", "")) if p
        )
    return env


def build(config: Path, site: Path, env: dict[str, str]) -> None:
    subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)],
        check=True,
        env=env,
        cwd=config.parent,
    )


def _git(source: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(source), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def commit_of(source: Path) -> str:
    try:
        head = _git(source, "rev-parse", "--short", "HEAD")
        dirty = _git(source, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "(not a git checkout)"
    return f"{head} with uncommitted changes" if dirty else head


def versions(info: dict[str, Any]) -> str:
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    browser = info["browser"].split("HeadlessChrome/")[-1].split(" ")[0]
    packages = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("mkdocs", "mkdocs-material", "mkdocs-masthead")
    )
    return (
        f"Lighthouse {info['lighthouse']} (mobile, simulated throttling), Chromium {browser}"
        f" (Debian), Node {node}, Python {platform.python_version()}, {packages}"
    )


def side_by_side(data: dict[str, dict[str, Any]]) -> str:
    """One row per page, `masthead / Material` in each category's cell."""
    header = "| page | " + " | ".join(harness.CATEGORIES) + " | LCP | TBT | CLS |"
    rows = [header, "|---|" + "---:|" * (len(harness.CATEGORIES) + 3)]
    for name in PAGES:
        cells = []
        for category in harness.CATEGORIES:
            cells.append(" / ".join(_score(data[s], name, category) for s in SITES))
        for metric, fmt, scale in METRIC_CELLS:
            values = []
            for s in SITES:
                page = data[s]["pages"].get(name)
                value = page["metrics"][metric] if page else None
                values.append("—" if value is None else fmt.format(value / scale))
            cells.append(" / ".join(values))
        rows.append(f"| {name} (`{PAGES[name] or '/'}`) | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _score(site: dict[str, Any], page: str, category: str) -> str:
    entry = site["pages"].get(page)
    return "—" if entry is None else str(entry["median"][category])


def lost(data: dict[str, Any]) -> str:
    lines = []
    for name, page in data["pages"].items():
        audits = ", ".join(
            f"`{a['id']}` {min(s for s in a['scores'] if s is not None):.2f}"
            + (f" ({a['display']})" if a["display"] else "")
            for a in page["lost"]
        )
        extra = []
        if page["third_party"]:
            extra.append("third-party: " + ", ".join(f"`{u}`" for u in page["third_party"]))
        if page["unsized_images"]:
            extra.append(
                "unsized: " + ", ".join(f"`{u.split(BASE, 1)[-1]}`" for u in page["unsized_images"])
            )
        lines.append(f"- {name}: {audits or 'nothing'}" + "".join(f"; {e}" for e in extra))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", type=Path, default=REPO, help="the tree to measure")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "lighthouse")
    parser.add_argument("--commit", help="the commit to print (a `git archive` has no .git)")
    args = parser.parse_args()
    source = args.source.resolve()
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    env = environment(source)
    data: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        work = Path(tmp)
        build(source / "mkdocs.yml", work / "masthead" / BASE.strip("/"), env)
        subprocess.run(
            [str(BIN / "masthead"), "export", str(work / "plain"), "-f", "mkdocs.yml"],
            check=True,
            env=env,
            cwd=source,
            stdout=subprocess.DEVNULL,
        )
        build(work / "plain" / "mkdocs.yml", work / "Material" / BASE.strip("/"), env)
        for site in SITES:
            root = work / site
            pages = {
                name: path
                for name, path in PAGES.items()
                if (root / BASE.strip("/") / path / "index.html").is_file()
            }
            results, origin, info = harness.measure(
                root, BASE, pages, args.runs, args.out / site.lower(), chrome
            )
            data[site] = harness.summary(results, origin, info)
            (args.out / site.lower() / "summary.json").write_text(
                json.dumps(data[site], indent=2) + "\n", encoding="utf-8"
            )
    missing = [name for name in PAGES if name not in data["Material"]["pages"]]
    info = data["masthead"]
    print(f"Measured {datetime.date.today()} at {args.commit or commit_of(source)}.")
    print(versions(info) + ".")
    print(
        f"Median of {args.runs} runs per page, cells `masthead / plain Material`"
        f" (— : the export makes no such page: {', '.join(missing) or 'none'})."
    )
    print()
    print(side_by_side(data))
    for site in SITES:
        print(f"\nWhat lost points, {site} (lowest score of the runs):\n")
        print(lost(data[site]))
    seconds = sum(d["seconds"] for d in data.values())
    print(f"\n({seconds:.0f} s of Lighthouse runs; reports in {args.out}/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
