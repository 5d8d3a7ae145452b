"""A static server over a built site, as GitHub Pages serves it (for `make lighthouse`).

    python e2e/lighthouse/server.py ROOT [--port 8000]

ROOT holds the site under its sub-path (ROOT/masthead-demo/index.html is served at
/masthead-demo/). Like GitHub Pages: gzip for text types when the client accepts it,
`Cache-Control: max-age=600`, ETag and Last-Modified (answered with 304), the content
types GitHub Pages sends, a folder answered with its index.html (and redirected to its
address with a slash when asked without one), and a miss answered 404 with the nearest
404.html above it. Nothing outside ROOT is served: a path with a `..` segment (written
out or percent-encoded), a NUL or a link leading out of ROOT is a 404.

Python's standard library only; quiet (no request log).
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip
import hashlib
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_AGE = 600  # seconds, GitHub Pages' Cache-Control

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".gz": "application/gzip",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
}
DEFAULT_TYPE = "application/octet-stream"

# Compressed on the fly when the client accepts gzip (GitHub Pages does the same).
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "image/svg+xml",
    "image/x-icon",
    "font/ttf",
    "font/otf",
    "application/vnd.ms-fontobject",
)


def content_type(path: Path) -> str:
    """The Content-Type GitHub Pages sends for a file (by its extension)."""
    return CONTENT_TYPES.get(path.suffix.lower(), DEFAULT_TYPE)


def compressible(ctype: str) -> bool:
    """True for the types sent gzipped (text, scripts, JSON, XML, SVG...)."""
    return ctype.startswith(COMPRESSIBLE)


def accepts_gzip(header: str | None) -> bool:
    """True when an Accept-Encoding header allows gzip (`gzip;q=0` refuses it)."""
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        q = params.strip().lower()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def locate(root: Path, url_path: str) -> Path | None:
    """The file or folder under `root` a request path names, or None when the path
    leaves `root` (a `..` segment, percent-encoded or not; a NUL; a link pointing out)."""
    path = unquote(urlsplit(url_path).path, errors="strict")
    if "\x00" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." or "\\" in p for p in parts):
        return None
    target = root.joinpath(*parts)
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        return None
    if resolved != root and root not in resolved.parents:
        return None
    return target


class _Compressed:
    """Gzip bodies, kept per (file, size, mtime): each asset is compressed once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bodies: dict[tuple[str, int, int], bytes] = {}

    def get(self, path: Path, size: int, mtime_ns: int) -> bytes:
        key = (str(path), size, mtime_ns)
        with self._lock:
            body = self._bodies.get(key)
        if body is None:
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            with self._lock:
                self._bodies[key] = body
        return body


class PagesHandler(BaseHTTPRequestHandler):
    """GET and HEAD over `server.root` (a resolved folder)."""

    server_version = "pages-like"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: Lighthouse's requests are not logged."""

    server: PagesServer

    @property
    def root(self) -> Path:
        """The served folder (resolved)."""
        return self.server.root

    def do_HEAD(self) -> None:
        """Headers of a GET, no body."""
        self._answer(send_body=False)

    def do_GET(self) -> None:
        """A file, a folder's index.html, a redirect to a folder's address or a 404."""
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        try:
            target = locate(self.root, self.path)
        except UnicodeDecodeError:
            target = None
        if target is not None and target.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                self._redirect(urlsplit(self.path).path + "/")
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            self._not_found(send_body)
            return
        self._send_file(target, HTTPStatus.OK, send_body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.end_headers()

    def _not_found(self, send_body: bool) -> None:
        page = self._nearest_404()
        if page is None:
            body = b"404: not found\n"
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)
            return
        self._send_file(page, HTTPStatus.NOT_FOUND, send_body, conditional=False)

    def _nearest_404(self) -> Path | None:
        """The 404.html of the deepest existing folder on the request's path (a project
        site's own 404 page under its sub-path), else the root's."""
        raw = urlsplit(self.path).path
        folder = self.root
        best = folder / "404.html" if (folder / "404.html").is_file() else None
        for part in [p for p in raw.split("/") if p][:-1]:
            try:
                part = unquote(part, errors="strict")
            except UnicodeDecodeError:
                break
            if part in (".", "..") or "\x00" in part or "\\" in part:
                break
            folder = folder / part
            if not folder.is_dir() or folder.is_symlink():
                break
            if (folder / "404.html").is_file():
                best = folder / "404.html"
        return best

    def _send_file(
        self, path: Path, status: HTTPStatus, send_body: bool, conditional: bool = True
    ) -> None:
        stat = path.stat()
        ctype = content_type(path)
        tag = hashlib.sha1(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
        etag = f'"{tag[:16]}"'
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        if conditional and status == HTTPStatus.OK and self._not_modified(etag, stat.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            self.end_headers()
            return
        gzipped = compressible(ctype) and accepts_gzip(self.headers.get("Accept-Encoding"))
        if gzipped:
            body = self.server.compressed.get(path, stat.st_size, stat.st_mtime_ns)
        else:
            body = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.send_header("Last-Modified", modified)
        self.send_header("ETag", etag)
        if compressible(ctype):
            self.send_header("Vary", "Accept-Encoding")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip() for m in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                when = email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
            return int(mtime) <= when
        return False


class PagesServer(ThreadingHTTPServer):
    """PagesHandler over `root`, one thread per connection."""

    daemon_threads = True

    def __init__(self, root: Path, address: tuple[str, int]) -> None:
        self.root = root.resolve()
        self.compressed = _Compressed()
        super().__init__(address, PagesHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser closing a connection it no longer needs is not an error worth a
        traceback (Chromium does it between Lighthouse's passes); anything else is."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_server(root: Path, port: int = 0, host: str = "127.0.0.1") -> PagesServer:
    """A server over `root` on host:port (0: a free port); start it with serve_forever."""
    return PagesServer(root, (host, port))


def serve_in_thread(root: Path, port: int = 0) -> tuple[PagesServer, str]:
    """Start a server over `root` in a daemon thread: (server, "http://127.0.0.1:PORT")."""
    server = make_server(root, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, bound = server.server_address[:2]
    return server, f"http://{host!s}:{bound}"


def main() -> None:
    """Serve ROOT until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = make_server(args.root, args.port)
    print(f"Serving {args.root} at http://127.0.0.1:{server.server_address[1]}/")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
