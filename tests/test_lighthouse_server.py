"""`make lighthouse` measures the demo served like GitHub Pages: e2e/lighthouse/server.py
(gzip for text, cache headers, content types, folders, 404 pages, the sub-path, nothing
served from outside its root), and e2e/lighthouse/run.py's verdicts on a report."""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import os
import socket
import struct
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, examples
from hypothesis import given, settings
from hypothesis import strategies as st

HARNESS = REPO / "e2e" / "lighthouse"
SECRET = b"outside the served folder"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sys.path.insert(0, str(HARNESS))  # run.py imports `server` from its own folder
pages_server = _load("server", HARNESS / "server.py")
harness = _load("lighthouse_run", HARNESS / "run.py")

FILES = {
    "404.html": b"<!doctype html><title>root 404</title>",
    "masthead-demo/index.html": b"<!doctype html><title>home</title>" + b" text" * 400,
    "masthead-demo/404.html": b"<!doctype html><title>site 404</title>",
    "masthead-demo/blog/index.html": b"<!doctype html><title>blog</title>",
    "masthead-demo/assets/main.css": b"body { color: black; }\n" * 200,
    "masthead-demo/assets/bundle.js": b"console.log('x');\n" * 200,
    "masthead-demo/assets/font.woff2": b"wOF2" + bytes(range(256)) * 8,
    "masthead-demo/images/a.avif": b"\x00\x00\x00\x1cftypavif" + bytes(300),
    "masthead-demo/images/a.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(300),
    "masthead-demo/images/a.png": b"\x89PNG\r\n\x1a\n" + bytes(300),
    "masthead-demo/images/a.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "masthead-demo/sitemap.xml": b"<?xml version='1.0'?><urlset/>" * 50,
    "masthead-demo/search/search_index.json": b'{"docs": []}' * 100,
    "masthead-demo/blog/feed.xml": b"<rss/>",
    "masthead-demo/archive.gz": gzip.compress(b"x"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A served root: the files above, a secret beside the root and a link out of it."""
    top = tmp_path_factory.mktemp("pages")
    root = top / "root"
    for name, body in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(body)
    (top / "secret.txt").write_bytes(SECRET)
    (root / "masthead-demo" / "out").symlink_to(top)
    (root / "masthead-demo" / "secret-link.txt").symlink_to(top / "secret.txt")
    server, origin = pages_server.serve_in_thread(root)
    yield origin.removeprefix("http://"), root
    server.shutdown()
    server.server_close()


def get(site, path: str, method: str = "GET", **headers: str):
    """(status, headers, raw body) for a request sent exactly as written."""
    host, _ = site
    connection = http.client.HTTPConnection(host, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name.replace("_", "-"), value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("assets/main.css", "text/css; charset=utf-8"),
        ("assets/bundle.js", "application/javascript; charset=utf-8"),
        ("assets/font.woff2", "font/woff2"),
        ("images/a.avif", "image/avif"),
        ("images/a.webp", "image/webp"),
        ("images/a.png", "image/png"),
        ("images/a.svg", "image/svg+xml"),
        ("sitemap.xml", "application/xml"),
        ("search/search_index.json", "application/json; charset=utf-8"),
        ("archive.gz", "application/gzip"),
    ],
)
def test_content_types(site, path, expected):
    status, headers, body = get(site, f"/masthead-demo/{path}")
    assert (status, headers["Content-Type"]) == (200, expected)
    assert body == FILES[f"masthead-demo/{path}"]  # no Accept-Encoding: sent as stored


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "assets/main.css",
        "assets/bundle.js",
        "sitemap.xml",
        "search/search_index.json",
        "images/a.svg",
    ],
)
def test_text_types_are_gzipped_when_accepted(site, path):
    status, headers, body = get(site, f"/masthead-demo/{path}", Accept_Encoding="gzip, br")
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert int(headers["Content-Length"]) == len(body)
    assert gzip.decompress(body) == FILES[f"masthead-demo/{path}"]


@pytest.mark.parametrize(
    "path", ["images/a.png", "images/a.avif", "images/a.webp", "assets/font.woff2", "archive.gz"]
)
def test_binary_types_are_not_gzipped(site, path):
    _, headers, body = get(site, f"/masthead-demo/{path}", Accept_Encoding="gzip")
    assert "Content-Encoding" not in headers
    assert body == FILES[f"masthead-demo/{path}"]


@pytest.mark.parametrize("accept", ["", "identity", "gzip;q=0", "br", "deflate, gzip;q=0.0"])
def test_no_gzip_unless_accepted(site, accept):
    _, headers, body = get(site, "/masthead-demo/assets/main.css", Accept_Encoding=accept)
    assert "Content-Encoding" not in headers
    assert body == FILES["masthead-demo/assets/main.css"]


def test_cache_headers_and_revalidation(site):
    status, headers, _ = get(site, "/masthead-demo/assets/main.css")
    assert status == 200
    assert headers["Cache-Control"] == "max-age=600"
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2
    assert modified.endswith(" GMT")
    assert get(site, "/masthead-demo/assets/main.css", If_None_Match=etag)[0] == 304
    assert get(site, "/masthead-demo/assets/main.css", If_Modified_Since=modified)[0] == 304
    assert get(site, "/masthead-demo/assets/main.css", If_None_Match='"other"')[0] == 200
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert get(site, "/masthead-demo/assets/main.css", If_Modified_Since=old)[0] == 200
    assert get(site, "/masthead-demo/assets/main.css", If_Modified_Since="not a date")[0] == 200


def test_folders_under_the_sub_path(site):
    assert get(site, "/masthead-demo/")[2] == FILES["masthead-demo/index.html"]
    assert get(site, "/masthead-demo/blog/")[2] == FILES["masthead-demo/blog/index.html"]
    status, headers, _ = get(site, "/masthead-demo/blog")
    assert (status, headers["Location"]) == (301, "/masthead-demo/blog/")
    status, _, body = get(site, "/masthead-demo/blog/", "HEAD")
    assert (status, body) == (200, b"")


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/masthead-demo/nope/", "masthead-demo/404.html"),
        ("/masthead-demo/blog/2024/gone/", "masthead-demo/404.html"),
        ("/masthead-demo/x.png", "masthead-demo/404.html"),
        ("/other/", "404.html"),
        ("/", "404.html"),  # no index.html at the top: GitHub's 404 there
    ],
)
def test_misses_get_the_nearest_404_page(site, path, page):
    status, headers, body = get(site, path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == FILES[page]


def test_a_connection_reset_by_the_browser_prints_nothing(site, capfd):
    """Chromium drops connections between Lighthouse's passes: no traceback for that."""
    host, port = site[0].split(":")
    for _ in range(3):
        with socket.create_connection((host, int(port)), timeout=5) as client:
            client.sendall(b"GET /masthead-demo/ HT")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    time.sleep(0.3)
    assert get(site, "/masthead-demo/")[0] == 200  # still serving
    assert "Traceback" not in capfd.readouterr().err


ESCAPES = [
    "/../secret.txt",
    "/masthead-demo/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/masthead-demo/%2e%2e/%2e%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/masthead-demo/..%2f..%2fsecret.txt",
    "/..%5csecret.txt",
    "/masthead-demo/%2e%2e%5c%2e%2e%5csecret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/masthead-demo/out/secret.txt",
    "/masthead-demo/secret-link.txt",
    "/%00/../secret.txt",
    "/secret.txt%00.html",
    "//../secret.txt",
    "/.%2e/secret.txt",
]


@pytest.mark.parametrize("path", ESCAPES)
def test_nothing_outside_the_root_is_served(site, path):
    status, _, body = get(site, path)
    assert status == 404
    assert SECRET not in body


_PIECE = st.sampled_from(
    [
        *["..", ".", "%2e", "%2E", "%2e%2e", "%2f", "%2F", "%5c", "\\", "/", "//", "%00"],
        *["%c0%ae", "%", "%zz", "masthead-demo", "out", "root", "secret.txt", "x", ";"],
        "secret-link.txt",
    ]
)


@pytest.mark.fuzz
@settings(max_examples=examples(150), deadline=None)
@given(pieces=st.lists(_PIECE, min_size=1, max_size=10))
def test_generated_paths_never_leave_the_root(site, pieces):
    path = "/" + "".join(pieces)
    status, _, body = get(site, path)
    assert SECRET not in body
    assert status in (200, 301, 404)
    _, root = site
    try:
        found = pages_server.locate(root.resolve(), path)
    except UnicodeDecodeError:
        return
    if found is not None:
        resolved = os.path.realpath(found)
        assert resolved == str(root.resolve()) or resolved.startswith(f"{root.resolve()}/")


# -- run.py: what a report's numbers make of a page --------------------------------------
def _report(scores: dict[str, float], requests: list[str], unsized: list[str], lcp: float):
    audits = {
        "network-requests": {"details": {"items": [{"url": u} for u in requests]}},
        "unsized-images": {"score": 0 if unsized else 1, "details": {"items": []}},
        "largest-contentful-paint": {
            "score": 0.8,
            "numericValue": lcp,
            "displayValue": f"{lcp / 1000:.1f} s",
        },
        "color-contrast": {"score": 0, "title": "Contrast", "details": {"items": []}},
    }
    audits["unsized-images"]["details"]["items"] = [{"url": u} for u in unsized]
    refs = {
        "performance": [{"id": "largest-contentful-paint", "weight": 25, "group": "metrics"}],
        "accessibility": [{"id": "color-contrast", "weight": 7}],
        "best-practices": [],
        "seo": [],
    }
    return {
        "finalDisplayedUrl": "http://127.0.0.1:1/masthead-demo/",
        "audits": audits,
        "categories": {c: {"score": scores[c], "auditRefs": refs[c]} for c in scores},
    }


def test_medians_losing_audits_and_thresholds():
    local = "http://127.0.0.1:1"
    page = harness.PageResult("post", f"{local}/masthead-demo/blog/")
    for perf, lcp in [(0.97, 1800.0), (0.90, 3000.0), (0.99, 1500.0)]:
        page.reports.append(
            _report(
                {"performance": perf, "accessibility": 0.98, "best-practices": 1, "seo": 1},
                [f"{local}/masthead-demo/a.css", "data:image/png;base64,x", "https://fonts.x/y"],
                [f"{local}/masthead-demo/a.png"],
                lcp,
            )
        )
    data = harness.summary([page], local, {})
    entry = data["pages"]["post"]
    assert entry["median"] == {
        "performance": 97,
        "accessibility": 98,
        "best-practices": 100,
        "seo": 100,
    }
    assert entry["metrics"]["largest-contentful-paint"] == 1800.0
    assert entry["third_party"] == ["https://fonts.x/y"]
    assert entry["unsized_images"] == [f"{local}/masthead-demo/a.png"]
    assert [(a["id"], a["scores"]) for a in entry["lost"]] == [
        ("largest-contentful-paint", [0.8, 0.8, 0.8]),
        ("color-contrast", [0, 0, 0]),
    ]
    assert entry["lost"][0]["display"] == "1.8 s"  # shown from the median run
    limits = harness.Thresholds(
        minimum={"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
    )
    assert harness.failures(data, limits) == [
        "post: accessibility 98 (median), needs >= 100",
        "post: 1 requests to other origins, at most 0 allowed",
        "post: 1 images without width/height, at most 0 allowed",
    ]
    loose = harness.Thresholds(
        minimum={"performance": 98, "accessibility": 90}, third_party=1, unsized_images=1
    )
    assert harness.failures(data, loose) == ["post: performance 97 (median), needs >= 98"]
    assert "| post (`/masthead-demo/blog/`) | 97 | 98 | 100 | 100 |" in harness.table(data)


def test_pages_option():
    assert harness.parse_pages(["home=", "tag=/blog/tags/seo"]) == {
        "home": "",
        "tag": "blog/tags/seo/",
    }
    with pytest.raises(SystemExit, match="write name=path"):
        harness.parse_pages(["blog"])
