"""Lighthouse on a built site served like GitHub Pages (`make lighthouse`, issue #17).

    python e2e/lighthouse/run.py --root build/lighthouse/root [--base /masthead-demo/]
        [--out build/lighthouse/masthead] [--runs 3] [--enforce 1] [--page name=path ...]

Serves ROOT with e2e/lighthouse/server.py on 127.0.0.1, runs Lighthouse (the npm
package pinned in e2e/package-lock.json; mobile, simulated throttling; categories
performance, accessibility, best-practices, seo) RUNS times on each page in Debian's
Chromium (CHROME_PATH, default /usr/bin/chromium), and prints the median score of each
category per page, every audit that lost points, every request to another origin than
the local server, and the images without width/height. The JSON reports and a summary
(summary.json) go to OUT. With --enforce 1 it exits 1 when a median is under its
threshold, or a page made a request to another origin or showed an unsized image.

Chromium resolves no host but 127.0.0.1 (--host-resolver-rules), so a run needs no
network and a third-party request fails fast instead of waiting; it is still counted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from server import serve_in_thread  # noqa: E402

LIGHTHOUSE = HERE.parent / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
RUN_TIMEOUT = 240  # seconds one Lighthouse run may take

# The demo's four kinds of page. The post: 2024-12-02-choosing-anchor-text.md, which has
# a thumbnail, an image in its body and a FAQ section.
DEMO_PAGES = {
    "home": "",
    "blog": "blog/",
    "post": "blog/2024/12/04/how-to-choose-anchor-text-that-reads-naturally/",
    "tag": "blog/tags/seo/",
}

# Debian's Chromium in a container: new headless, no GPU, /dev/shm is often 64 MB; no
# background traffic to Google; every host but the local server unresolvable.
CHROME_FLAGS = [
    "--headless=new",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-extensions",
    "--no-proxy-server",
    "--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'",
]


@dataclass(frozen=True)
class Thresholds:
    """Minimum median score (0-100) per category, and the most allowed of the rest."""

    minimum: dict[str, int]
    third_party: int = 0
    unsized_images: int = 0


@dataclass
class PageResult:
    """The Lighthouse reports of one page, and what they say once put together."""

    name: str
    url: str
    reports: list[dict[str, Any]] = field(default_factory=list)

    def scores(self, category: str) -> list[int]:
        """The category's score (0-100) in each run."""
        return [score_of(r, category) for r in self.reports]

    def median(self, category: str) -> int:
        """The median of the category's scores over the runs."""
        return round(statistics.median(self.scores(category)))

    def median_report(self) -> dict[str, Any]:
        """The run whose performance score is the median (the lower one of two middles)."""
        ordered = sorted(self.reports, key=lambda r: score_of(r, "performance"))
        return ordered[(len(ordered) - 1) // 2]

    def metric(self, audit_id: str) -> float | None:
        """The median of a metric's value (ms, or unitless for CLS) over the runs."""
        values = [
            r["audits"][audit_id]["numericValue"]
            for r in self.reports
            if r["audits"].get(audit_id, {}).get("numericValue") is not None
        ]
        return statistics.median(values) if values else None

    def lost_points(self) -> list[dict[str, Any]]:
        """Every audit with a weight in a category that scored under 1 in some run: its
        category, its score in each run, and the median run's display value."""
        shown = self.median_report()
        found: dict[str, dict[str, Any]] = {}
        for report in self.reports:
            for category in CATEGORIES:
                for ref in report["categories"].get(category, {}).get("auditRefs", []):
                    audit = report["audits"][ref["id"]]
                    weighed = ref.get("weight", 0) > 0 and audit.get("score") is not None
                    if weighed and audit["score"] < 1 and ref["id"] not in found:
                        found[ref["id"]] = {"id": ref["id"], "category": category}
        for entry in found.values():
            audit = shown["audits"][entry["id"]]
            entry["scores"] = [r["audits"][entry["id"]].get("score") for r in self.reports]
            entry["display"] = audit.get("displayValue", "")
            entry["title"] = audit.get("title", "")
            entry["items"] = items_of(audit)
        return sorted(found.values(), key=lambda e: (CATEGORIES.index(e["category"]), e["id"]))

    def diagnostics(self) -> list[dict[str, Any]]:
        """The median run's performance diagnostics under 1: no weight of their own,
        they say why the metrics lost points (render-blocking files, cache lifetimes...)."""
        shown = self.median_report()
        found = []
        for ref in shown["categories"]["performance"]["auditRefs"]:
            audit = shown["audits"][ref["id"]]
            if ref.get("group") != "diagnostics" or audit.get("score") is None:
                continue
            if audit["score"] < 1:
                found.append(
                    {
                        "id": ref["id"],
                        "score": audit["score"],
                        "display": audit.get("displayValue", ""),
                        "items": items_of(audit),
                    }
                )
        return found

    def third_party(self, origin: str) -> list[str]:
        """Every http(s) URL requested in some run from another origin than `origin`."""
        urls: list[str] = []
        for report in self.reports:
            for url in third_party_urls(report, origin):
                if url not in urls:
                    urls.append(url)
        return urls

    def unsized_images(self) -> list[str]:
        """Every image some run found without width and height (`unsized-images`)."""
        urls: list[str] = []
        for report in self.reports:
            details = report["audits"].get("unsized-images", {}).get("details") or {}
            for item in details.get("items", []):
                url = item.get("url") or item.get("node", {}).get("snippet", "?")
                if url not in urls:
                    urls.append(url)
        return urls


def items_of(audit: dict[str, Any], limit: int = 8) -> list[str]:
    """What an audit points at: URLs (a console error's with its text), else selectors."""
    found: list[str] = []
    for item in (audit.get("details") or {}).get("items", []):
        if not isinstance(item, dict):
            continue
        url = item.get("url") or (item.get("sourceLocation") or {}).get("url")
        if isinstance(url, str) and url:
            text = f"{url} ({item['description']})" if item.get("description") else url
        elif isinstance(item.get("node"), dict):
            text = str(item["node"].get("selector") or item["node"].get("snippet", ""))
        else:
            continue
        if text and text not in found:
            found.append(text)
        if len(found) == limit:
            break
    return found


def score_of(report: dict[str, Any], category: str) -> int:
    """A report's score (0-100) for a category; a category Lighthouse could not score
    stops the run."""
    score: float | None = report["categories"][category]["score"]
    if score is None:
        raise RuntimeError(f"{report['finalDisplayedUrl']}: no {category} score (errors)")
    return round(score * 100)


def third_party_urls(report: dict[str, Any], origin: str) -> list[str]:
    """http(s) requests of a run to another origin than the local server's."""
    items = (report["audits"].get("network-requests", {}).get("details") or {}).get("items", [])
    urls = []
    for item in items:
        url = item.get("url", "")
        parts = urlsplit(url)
        web = parts.scheme in ("http", "https", "ws", "wss")
        if web and f"{parts.scheme}://{parts.netloc}" != origin and url not in urls:
            urls.append(url)
    return urls


def chrome_flags() -> list[str]:
    """CHROME_FLAGS, and --no-sandbox when running as root."""
    flags = list(CHROME_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root
    return flags


def run_lighthouse(url: str, output: Path, chrome: str) -> dict[str, Any]:
    """One Lighthouse run on `url`; the JSON report is written to `output` and returned."""
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"lighthouse: {LIGHTHOUSE} is missing; run `make lighthouse`")
    command = [
        shutil.which("node") or "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--disable-full-page-screenshot",
        f"--chrome-flags={' '.join(chrome_flags())}",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise SystemExit(f"lighthouse: {url}: no report after {RUN_TIMEOUT} s") from error
    if done.returncode != 0 or not output.is_file():
        raise SystemExit(
            f"lighthouse: {url}: exit {done.returncode}\n{done.stderr.strip()[-2000:]}"
        )
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse: {url}: {report['runtimeError'].get('message')}")
    return report


def measure(
    root: Path, base: str, pages: dict[str, str], runs: int, out: Path, chrome: str
) -> tuple[list[PageResult], str, dict[str, Any]]:
    """Serve `root`, run Lighthouse `runs` times on each page; (results, origin, info)."""
    for name, path in pages.items():
        if not (root / base.strip("/") / path / "index.html").is_file():
            raise SystemExit(f"lighthouse: page {name!r}: no {base}{path}index.html under {root}")
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.report.json"), out / "summary.json"]:
        old.unlink(missing_ok=True)
    server, origin = serve_in_thread(root)
    results = []
    started = time.perf_counter()
    try:
        for name, path in pages.items():
            result = PageResult(name, f"{origin}{base}{path}")
            for n in range(1, runs + 1):
                print(f"lighthouse: {name} run {n}/{runs}: {result.url}", file=sys.stderr)
                result.reports.append(
                    run_lighthouse(result.url, out / f"{name}-{n}.report.json", chrome)
                )
            results.append(result)
    finally:
        server.shutdown()
        server.server_close()
    first = results[0].reports[0]
    info = {
        "lighthouse": first["lighthouseVersion"],
        "browser": first["environment"]["hostUserAgent"],
        "benchmark_index": [r["environment"]["benchmarkIndex"] for p in results for r in p.reports],
        "seconds": round(time.perf_counter() - started, 1),
        "runs": runs,
    }
    return results, origin, info


def summary(results: list[PageResult], origin: str, info: dict[str, Any]) -> dict[str, Any]:
    """The runs put together per page (written to summary.json)."""
    return {
        **info,
        "pages": {
            r.name: {
                "path": urlsplit(r.url).path,
                "median": {c: r.median(c) for c in CATEGORIES},
                "scores": {c: r.scores(c) for c in CATEGORIES},
                "metrics": {m: r.metric(m) for m in METRICS},
                "lost": r.lost_points(),
                "diagnostics": r.diagnostics(),
                "third_party": r.third_party(origin),
                "unsized_images": r.unsized_images(),
            }
            for r in results
        },
    }


def table(data: dict[str, Any]) -> str:
    """A Markdown table: a row per page, the median of each category and metric."""
    rows = [
        "| page | " + " | ".join(CATEGORIES) + " | FCP | LCP | TBT | CLS |",
        "|---|" + "---:|" * (len(CATEGORIES) + 4),
    ]
    for name, page in data["pages"].items():
        m = page["metrics"]
        cells = [str(page["median"][c]) for c in CATEGORIES] + [
            _seconds(m["first-contentful-paint"]),
            _seconds(m["largest-contentful-paint"]),
            f"{m['total-blocking-time']:.0f} ms" if m["total-blocking-time"] is not None else "",
            f"{m['cumulative-layout-shift']:.3f}"
            if m["cumulative-layout-shift"] is not None
            else "",
        ]
        rows.append(f"| {name} (`{page['path']}`) | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _seconds(ms: float | None) -> str:
    return "" if ms is None else f"{ms / 1000:.1f} s"


def details(data: dict[str, Any]) -> str:
    """Per page: each audit that lost points, the diagnostics, third-party requests and
    unsized images."""
    lines = []
    for name, page in data["pages"].items():
        lines.append(f"\n{name} ({page['path']}):")
        if not page["lost"]:
            lines.append("  no audit lost points")
        for a in page["lost"]:
            scores = "/".join("-" if s is None else f"{s:.2f}" for s in a["scores"])
            shown = f" ({a['display']})" if a["display"] else ""
            lines.append(f"  {a['category']}: {a['id']} {scores}{shown}: {a['title']}")
            lines.extend(f"    {item}" for item in a["items"])
        for d in page["diagnostics"]:
            shown = f" ({d['display']})" if d["display"] else ""
            lines.append(f"  why (no weight): {d['id']} {d['score']:.2f}{shown}")
            lines.extend(f"    {item}" for item in d["items"])
        for url in page["third_party"]:
            lines.append(f"  third-party request: {url}")
        for url in page["unsized_images"]:
            lines.append(f"  unsized image: {url}")
    return "\n".join(lines)


def failures(data: dict[str, Any], limits: Thresholds) -> list[str]:
    """One line per threshold a page misses."""
    found = []
    for name, page in data["pages"].items():
        for category, minimum in limits.minimum.items():
            if page["median"][category] < minimum:
                found.append(
                    f"{name}: {category} {page['median'][category]} (median), needs >= {minimum}"
                )
        if len(page["third_party"]) > limits.third_party:
            found.append(
                f"{name}: {len(page['third_party'])} requests to other origins,"
                f" at most {limits.third_party} allowed"
            )
        if len(page["unsized_images"]) > limits.unsized_images:
            found.append(
                f"{name}: {len(page['unsized_images'])} images without width/height,"
                f" at most {limits.unsized_images} allowed"
            )
    return found


def parse_pages(values: list[str] | None) -> dict[str, str]:
    """`--page name=path` options (paths under the base), or the demo's four pages."""
    if not values:
        return dict(DEMO_PAGES)
    pages = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not name:
            raise SystemExit(f"lighthouse: --page {value!r}: write name=path (path may be empty)")
        path = path.strip("/")
        pages[name] = f"{path}/" if path else ""
    return pages


def main(argv: list[str] | None = None) -> int:
    """Measure, print, write summary.json; 1 when a threshold is missed and enforced."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, required=True, help="folder holding BASE")
    parser.add_argument("--base", default="/masthead-demo/", help="the site's sub-path")
    parser.add_argument("--out", type=Path, default=Path("build/lighthouse/masthead"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", action="append", metavar="NAME=PATH")
    parser.add_argument("--enforce", type=int, choices=(0, 1), default=1)
    parser.add_argument("--min-performance", type=int, default=95)
    parser.add_argument("--min-accessibility", type=int, default=100)
    parser.add_argument("--min-best-practices", type=int, default=100)
    parser.add_argument("--min-seo", type=int, default=100)
    parser.add_argument("--max-third-party", type=int, default=0)
    parser.add_argument("--max-unsized-images", type=int, default=0)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    base = "/" + args.base.strip("/") + "/" if args.base.strip("/") else "/"
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).is_file():
        raise SystemExit(f"lighthouse: no Chromium at {chrome} (set CHROME_PATH)")
    limits = Thresholds(
        minimum={
            "performance": args.min_performance,
            "accessibility": args.min_accessibility,
            "best-practices": args.min_best_practices,
            "seo": args.min_seo,
        },
        third_party=args.max_third_party,
        unsized_images=args.max_unsized_images,
    )
    results, origin, info = measure(
        args.root, base, parse_pages(args.page), args.runs, args.out, chrome
    )
    data = summary(results, origin, info)
    (args.out / "summary.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"Lighthouse {info['lighthouse']}, {info['browser']}, median of {args.runs} runs")
    print(table(data))
    print(details(data))
    print(f"\nReports: {args.out}/ ({info['seconds']} s)")
    found = failures(data, limits)
    if found:
        print("\nUnder the thresholds:\n  " + "\n  ".join(found))
        if args.enforce:
            return 1
        print("(not enforced: LIGHTHOUSE_ENFORCE=0)")
    else:
        print("\nAll thresholds met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
