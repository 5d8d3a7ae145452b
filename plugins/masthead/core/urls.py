"""Site-absolute URLs in raw HTML made page-relative, so a site works under a sub-path.

MkDocs rewrites the links Markdown makes (`absolute_links: relative_to_docs`), but not
those in raw HTML a post carries (`<img src="/images/x.png">`, `<source srcset>`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import SplitResult, unquote, urlsplit

_ATTR_RE = re.compile(
    r"""(?P<attr>\b(?:src|href|srcset|poster)\s*=\s*)(?P<q>["'])(?P<value>/[^"']*)(?P=q)""", re.I
)
# A relative value: no scheme, not `/...`, not `#...`, not `?...`.
_RELATIVE_ATTR_RE = re.compile(
    r"""(?P<attr>\b(?:src|href|poster)\s*=\s*)(?P<q>["'])"""
    r"""(?P<value>(?![a-zA-Z][a-zA-Z0-9+.-]*:|[/#?])[^"']+)(?P=q)""",
    re.I,
)


def _with_target(parts: SplitResult, target: str) -> str:
    """`target` with the query and fragment of the URL `parts`."""
    return (
        target
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def relative_html_urls(html: str, resolve: Callable[[str], str | None]) -> str:
    """Replace `/path` values whose docs file `resolve` knows by the URL it returns;
    `//host/...` and unknown paths stay as they are."""
    if '"/' not in html and "'/" not in html:
        return html  # no value starts with `/` (most pages): skip the pattern's scan

    def one(url: str) -> str:
        if url.startswith("//"):
            return url
        parts = urlsplit(url)
        target = resolve(unquote(parts.path).lstrip("/"))
        return url if target is None else _with_target(parts, target)

    def rewrite(match: re.Match[str]) -> str:
        value = match.group("value")
        if match.group("attr").lower().startswith("srcset"):
            value = ", ".join(
                " ".join([one(item.strip().split(" ")[0]), *item.strip().split(" ")[1:]])
                if item.strip().startswith("/")
                else item.strip()
                for item in value.split(",")
            )
        else:
            value = one(value)
        return f"{match.group('attr')}{match.group('q')}{value}{match.group('q')}"

    return _ATTR_RE.sub(rewrite, html)


def bundle_html_urls(html: str, resolve: Callable[[str], str | None]) -> str:
    """Replace relative `src`, `href` and `poster` values of raw HTML that `resolve`
    (given the path, unquoted) finds a better URL for: in a post written as a page
    bundle (`x/index.md` beside `x/photo.png`), `<img src="photo.png">` names the file
    beside the post, but the post is published at another URL (MkDocs rewrites only the
    links Markdown makes)."""
    if "=" not in html:
        return html

    def rewrite(match: re.Match[str]) -> str:
        parts = urlsplit(match.group("value"))
        target = resolve(unquote(parts.path)) if parts.path else None
        if target is None:
            return match.group(0)
        value = _with_target(parts, target)
        return f"{match.group('attr')}{match.group('q')}{value}{match.group('q')}"

    return _RELATIVE_ATTR_RE.sub(rewrite, html)
