"""The writer's loop as writers feel it (issue 16): a real `mkdocs serve` on the
benchmark blog; for each kind of edit, the time from the file's write until the served
page shows the change (polled over HTTP), beside plain Material's serve of the same
posts.

    python bench/serve_speed.py [--posts 1000] [--runs 5]

Kinds of edit: a sentence added to a post's body (seen on the post's page), a post's
title (seen on the blog's first index page), a tag added to a post (seen on the post's
page; plain Material without a tags plugin shows none: not measured there) and a new
post (seen on the index). Prints a table; results go in bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
TIMEOUT = 180.0  # seconds a change may take to show before the run is called failed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return None


def wait_for(url: str, seen: Callable[[str], bool], timeout: float = TIMEOUT) -> float:
    """Seconds until the page at `url` satisfies `seen` (polled every 50 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and seen(page):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not change within {timeout:.0f} s")


def post_url(base: str, text: str) -> str:
    """The URL Material gives a generated post (its date and its title's slug)."""
    date = re.search(r"^date: (\d{4})-(\d\d)-(\d\d)", text, re.M)
    title = re.search(r"^title: (.*)$", text, re.M)
    assert date and title
    slug = re.sub(r"[^a-z0-9]+", "-", title.group(1).lower()).strip("-")
    return f"{base}blog/{date.group(1)}/{date.group(2)}/{date.group(3)}/{slug}/"


class Served:
    """A `mkdocs serve` of the blog at `root`, stopped on exit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/bench/"  # site_url: .../bench/
        self.process: subprocess.Popen[bytes] | None = None
        self.startup = 0.0

    def __enter__(self) -> Served:
        start = time.perf_counter()
        self.process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-q", "-a", f"127.0.0.1:{self.port}"],
            cwd=self.root,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(self.base + "blog/", lambda page: "</html>" in page)
        self.startup = time.perf_counter() - start
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def edit_body(site: Served, posts: list[Path], token: str) -> float:
    post = posts[-1]
    text = post.read_text("utf-8")
    url = post_url(site.base, text)
    post.write_text(text + f"\nA sentence added while serving: {token}.\n", "utf-8")
    return wait_for(url, lambda page: token in page)


def edit_title(site: Served, posts: list[Path], token: str) -> float:
    post = posts[-2]
    text = post.read_text("utf-8")
    post.write_text(re.sub(r"^(title: .*)$", rf"\1 {token}", text, count=1, flags=re.M), "utf-8")
    return wait_for(site.base + "blog/", lambda page: token in page)


def edit_tag(site: Served, posts: list[Path], token: str) -> float:
    post = posts[-3]
    text = post.read_text("utf-8")
    url = post_url(site.base, text)
    post.write_text(text.replace("tags:\n", f"tags:\n  - {token}\n", 1), "utf-8")
    return wait_for(url, lambda page: token in page)


def new_post(site: Served, posts: list[Path], token: str) -> float:
    """A post dated the day after the newest, as a writer's next post is (the same
    year, so the archive keeps its years; a new year changes every page's navigation)."""
    newest = posts[-1].read_text("utf-8")
    text = re.sub(r"^title: .*$", f"title: A new post {token}", newest, count=1, flags=re.M)
    found = re.search(r"^date: (\d{4}-\d\d-\d\d)", text, re.M)
    assert found
    day = datetime.date.fromisoformat(found.group(1)) + datetime.timedelta(days=1)
    text = text.replace(found.group(0), f"date: {day.isoformat()}", 1)
    (posts[0].parent / f"new-{token}.md").write_text(text, "utf-8")
    return wait_for(site.base + "blog/", lambda page: token in page)


EDITS: dict[str, Callable[[Served, list[Path], str], float]] = {
    "body": edit_body,
    "title": edit_title,
    "tag": edit_tag,
    "new post": new_post,
}


def full_build(root: Path) -> float:
    """Seconds of `mkdocs build` of the same blog (a fresh process, as CI runs it)."""
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "mkdocs"), "build", "-q", "-d", str(root / "site-full")],
        cwd=root,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def measure(root: Path, runs: int, kinds: list[str]) -> dict[str, list[float]]:
    posts = sorted(
        (root / "docs/blog/posts").glob("post-*.md"), key=lambda p: int(p.stem.split("-")[1])
    )
    times: dict[str, list[float]] = {"full build (mkdocs build)": [full_build(root)]}
    with Served(root) as site:
        times["start (full build)"] = [site.startup]
        for run in range(runs):
            for kind in kinds:
                time.sleep(1.0)  # the watcher settles after the last rebuild
                token = f"probe{run}{kind.replace(' ', '')}{os.getpid()}"
                times.setdefault(kind, []).append(EDITS[kind](site, posts, token))
    return times


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MiB), from /proc."""
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1])
    return total / 1024


def memory(root: Path, saves: int) -> tuple[float, float]:
    """RSS of `mkdocs serve` after 20 saves of a post's body and after `saves`."""
    posts = sorted((root / "docs/blog/posts").glob("post-*.md"))
    with Served(root) as site:
        assert site.process is not None
        warm = 0.0
        for n in range(saves):
            time.sleep(0.3)
            edit_body(site, posts, f"memory{n}x{os.getpid()}")
            if n == 19:
                warm = rss_mb(site.process.pid)
        return warm, rss_mb(site.process.pid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory", type=int, default=0, help="saves for the memory check")
    args = parser.parse_args()
    if args.memory:
        with tempfile.TemporaryDirectory(prefix="masthead-serve-") as tmp:
            warm, last = memory(generate(Path(tmp) / "m", args.posts), args.memory)
        print(
            f"RSS after 20 saves: {warm:.0f} MiB; after {args.memory}: {last:.0f} MiB "
            f"({(last - warm) / warm:+.1%})"
        )
        return
    with tempfile.TemporaryDirectory(prefix="masthead-serve-") as tmp:
        results = {
            "masthead": measure(generate(Path(tmp) / "m", args.posts), args.runs, list(EDITS)),
            "plain Material": measure(
                generate(Path(tmp) / "p", args.posts, plain=True),
                args.runs,
                ["body", "title", "new post"],
            ),
        }
    print(f"\n{args.posts} posts, median of {args.runs} (seconds from the write to the page)\n")
    print("| edit | masthead | plain Material |")
    print("|---|---|---|")
    for kind in ["full build (mkdocs build)", "start (full build)", *EDITS]:
        cells = [
            f"{statistics.median(r[kind]):.2f}" if kind in r else "—" for r in results.values()
        ]
        print(f"| {kind} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
