"""A link checker over a built site on disk, as a browser would resolve its links when
the site is served under a sub-path (`https://<user>.github.io/<repo>/`)."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

_ATTRS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"))


def _target(root: Path, base: str, path: str) -> Path | None:
    """The file a URL path names on the server, or None when it leaves the sub-path."""
    if not path.startswith(base):
        return None
    relative = unquote(path[len(base) :])
    file = root / relative
    if relative == "" or relative.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file


def crawl(root: Path, base: str) -> tuple[set[str], list[str]]:
    """Follow every local link and image from `<base>index.html`.

    Returns the pages reached and every broken reference as `page: url (why)`."""
    start = base
    seen_pages: set[str] = set()
    broken: list[str] = []
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in seen_pages:
            continue
        seen_pages.add(url)
        file = _target(root, base, url)
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in _ATTRS:
            for element in page.find_all(tag):
                value = element.get(attr)
                if not value or value.startswith(("#", "mailto:", "data:", "javascript:")):
                    continue
                absolute = urljoin(f"https://site.test{url}", value)
                parts = urlsplit(absolute)
                if parts.netloc != "site.test":
                    continue  # another site: not ours to check offline
                target = _target(root, base, parts.path)
                if target is None:
                    broken.append(f"{url}: {value} (outside {base})")
                elif not target.is_file():
                    broken.append(f"{url}: {value} (no such file)")
                elif target.suffix == ".html" and tag == "a":
                    page_url = parts.path
                    if not page_url.endswith(("/", ".html")):
                        page_url += "/"
                    queue.append(page_url)
    return seen_pages, broken
