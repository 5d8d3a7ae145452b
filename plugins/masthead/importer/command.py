"""`masthead import SOURCE DEST`: detect, plan, write, find the new URLs, keep the old
ones, report. The new URLs come from the plugins themselves (`probe`, run by the CLI as
`masthead check` runs them), so a redirect is written exactly where a URL changed."""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from ..core import outputs
from ..core.problems import Level, Problem
from . import repo
from .detect import detect
from .plan import Plan, make_plan
from .repo import list_repository
from .write import ImportRefused, check_dest, plan_posts_dir, write_config, write_project


@dataclass
class Probe:
    """What the plugins make of DEST, up to the point where every URL is known."""

    problems: list[Problem]
    urls: dict[str, str]  # docs-relative source of each page -> its URL
    outputs: set[str]  # every file the build writes (site-relative)
    command: str = "mkdocs"  # the host's command (`properdocs` with only ProperDocs)


@dataclass
class Redirects:
    """The redirects the import writes, and what it noted about old URLs."""

    maps: dict[str, str] = field(default_factory=dict)  # redirect key -> post source
    kept: int = 0  # old URLs the new site has as they were
    aliases: int = 0  # redirects from aliases/redirect_from
    notes: list[str] = field(default_factory=list)


_NAME_DROPPED = str.maketrans({c: " " for c in '<>&"`'})


def safe_name(name: str | None) -> str:
    """A site name from the source, as text Material may print unescaped (in `<title>`
    and the header): no markup characters, no control characters, one line."""
    if not name:
        return ""
    text = "".join(c if c.isprintable() else " " for c in name.translate(_NAME_DROPPED))
    return " ".join(text.split())[:200]


def safe_site_url(url: str) -> str | None:
    """The old site's address if it is a plain http(s) URL (Material prints it in
    `href`s unescaped): scheme, a host name, a path of URL characters; else None."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not _HOST_RE.fullmatch(host) or port == 0:
        return None
    if parts.username or parts.password or parts.query or parts.fragment:
        return None
    path = (
        posixpath.normpath("/" + unquote(parts.path).lstrip("/")) if parts.path.strip("/") else "/"
    )
    if path.startswith("/..") or any(not c.isprintable() for c in path):
        return None
    path = quote(path.rstrip("/") + "/", safe="/-._~%!$&'()*+,;=:@")
    path = path.replace("'", "%27").replace("(", "%28").replace(")", "%29")
    netloc = host + (f":{port}" if port else "")
    return f"{parts.scheme}://{netloc}{path}"


_HOST_RE = re.compile(
    r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*"
)
MAX_KEY_BYTES = 1000  # a redirect's path; deeper or longer paths are no old URL
MAX_KEY_SEGMENTS = 32


def redirect_key(old: str) -> str | None:
    """The mkdocs-redirects key that writes the page a browser gets at `old`."""
    path = old.strip("/")
    if not path:
        return None
    if old.endswith("/"):
        return path + "/index.md"
    if path.lower().endswith((".html", ".htm")):
        return path
    if "." in posixpath.basename(path):
        return None  # `/feed.php`: no page of a static site answers there
    return path + ".md"


def redirect_output(key: str) -> str:
    """The file the redirect page of `key` is written to."""
    if key.endswith("/index.md"):
        return key[: -len(".md")] + ".html"
    if key.endswith(".md"):
        return key[: -len(".md")] + "/index.html"
    return key


def plan_redirects(plan: Plan, probe: Probe) -> Redirects:
    """A redirect from each old URL of a post that the new site does not keep."""
    result = Redirects()
    posts_dir = plan_posts_dir(plan)
    claimed: dict[str, str] = {}  # output -> the post whose old URL it keeps
    for post in plan.posts:
        target = f"{posts_dir}/{post.dest}"
        url = probe.urls.get(target)
        for index, old in enumerate(post.old_urls):
            if url is not None and old.strip("/") == url.strip("/"):
                result.kept += 1
                continue
            if url is None:
                if index == 0:
                    why = "not published (a draft, or left out: see its messages)"
                    lines = ", ".join(
                        f"`{key}: {target}`"
                        for key in map(redirect_key, post.old_urls)
                        if key is not None
                    )
                    result.notes.append(
                        f"{post.source}:1: its old URLs ({', '.join(post.old_urls)}) are not "
                        f"redirected: the post is {why}; once it is published, add to "
                        f"`redirect_maps` in mkdocs.yml: {lines}"
                    )
                continue
            key = redirect_key(old)
            if key is None:
                result.notes.append(
                    f"{post.source}:1: its old URL {old} cannot be kept by a "
                    "static page; add a redirect on your web server if it matters"
                )
                continue
            output = redirect_output(key)
            if (
                outputs.normal(key) != key
                or outputs.normal(output) != output
                or len(output.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES
                or output.count("/") > MAX_KEY_SEGMENTS
                or any(outputs.unsafe_segment(part) for part in output.split("/"))
            ):
                result.notes.append(
                    f"{post.source}:1: its old URL {shorten(old)} cannot be a file of the site "
                    "(too long, too deep, or a name no file may have); add a redirect on your "
                    "web server if it matters"
                )
                continue
            if output in probe.outputs:
                result.notes.append(
                    f"{post.source}:1: its old URL {old} is now another page of "
                    "the site; it is not redirected"
                )
                continue
            if output in claimed:
                result.notes.append(
                    f"{post.source}:1: its old URL {old} is also the old URL of "
                    f"{claimed[output]}; it redirects to that post"
                )
                continue
            claimed[output] = post.source
            result.maps[key] = target
            result.aliases += index > 0
    return result


def shorten(text: str, limit: int = 120) -> str:
    """A name from the source as the report prints it: one line, visible, not huge."""
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _shown(problem: Problem, sources: dict[str, str]) -> str:
    path = sources.get(problem.path.replace(os.sep, "/"), problem.path)
    return f"{path}:{problem.line}: {problem.message}; {problem.fix}"


def run(
    source: str,
    dest: str,
    *,
    posts: str | None,
    media: list[tuple[str, str]],
    site_url: str | None,
    force: bool,
    probe: Callable[[str], Probe],
    echo: Callable[[str], Any] = print,
) -> int:
    """Import the blog repository `source` into a new site in `dest`; the exit code."""
    if not os.path.isdir(source):
        raise ImportRefused(f"{source} is not a folder")
    check_dest(source, dest, force)
    listing = list_repository(source)
    if listing.truncated:
        raise ImportRefused(
            f"{source} holds more than {repo.MAX_FILES:,} files outside build and dependency "
            "folders; a blog holds far fewer: remove generated folders, or import a copy "
            "holding only the blog"
        )
    shape = detect(listing, posts, media)
    if not shape.collections:
        raise ImportRefused(
            f"no posts found in {source} (no CMS or generator config names a posts folder, "
            "and no folder holds dated Markdown files); name it with --posts DIR"
        )
    plan = make_plan(listing, shape)
    if not plan.posts:
        raise ImportRefused(f"the posts folder {shape.collections[0].folder or '.'} holds no posts")
    site_name = safe_name(shape.site_name) or safe_name(os.path.basename(os.path.abspath(source)))
    url = safe_site_url(site_url) if site_url else None
    if site_url and url is None:
        raise ImportRefused(f"--site-url {site_url!r} is not an http(s) address")
    if url is None and shape.site_url:
        url = safe_site_url(shape.site_url)
        if url is None:
            shape.detected.append(
                f"the old site's address {shape.site_url!r} is not a plain http(s) address; "
                "it is not used (give one with --site-url)"
            )
    write_project(listing, plan, dest, site_name=site_name, site_url=url, redirects={})
    config_file = os.path.join(dest, "mkdocs.yml")
    found = probe(config_file)
    redirects = plan_redirects(plan, found)
    if redirects.maps:
        write_config(
            listing, plan, dest, site_name=site_name, site_url=url, redirects=redirects.maps
        )
    _report(echo, source, dest, listing, plan, found, redirects, site_url=url)
    return 0


def _report(
    echo: Callable[[str], Any],
    source: str,
    dest: str,
    listing: repo.Listing,
    plan: Plan,
    found: Probe,
    redirects: Redirects,
    *,
    site_url: str | None,
) -> None:
    """Print what the import found and did, and what is left for a human to do."""
    echo(f"masthead import: {source} -> {dest}")
    _report_found(echo, plan)
    _report_copied(echo, plan)
    _report_fields(echo, plan, redirects)
    posts_dir = plan_posts_dir(plan)
    sources = {f"docs/{posts_dir}/{p.dest}": p.source for p in plan.posts}
    sources.update({f"docs/{rel}": origin for rel, origin in plan.media.items()})
    _report_problems(echo, plan, found, redirects, sources, dest, site_url)
    echo(f"Next: cd {dest} && {found.command} serve")


def _report_found(echo: Callable[[str], Any], plan: Plan) -> None:
    """The report's part on what the repository is: its stack, its posts folders."""
    shape = plan.shape
    echo("Detected:")
    for line in shape.detected or ["nothing: the repository's shape was used"]:
        echo(f"  {shorten(line, 300)}")
    for collection in shape.collections:
        rule = f", old URLs {collection.url_rule}" if collection.url_rule else ""
        echo(f"  posts: {collection.folder or '.'}/ (from {collection.origin}{rule})")


def _report_copied(echo: Callable[[str], Any], plan: Plan) -> None:
    """The report's part on the posts, media and authors copied, and what was not."""
    shape, posts_dir = plan.shape, plan_posts_dir(plan)
    drafts = sum(1 for p in plan.posts if p.draft)
    echo(
        f"Posts: {len(plan.posts)} copied unchanged to docs/{posts_dir}/ ({drafts} drafts)"
        + (
            f"; {len(plan.drafts)} drafts of {', '.join(shape.drafts_folders)}/ kept in drafts/ "
            "(not published)"
            if plan.drafts
            else ""
        )
    )
    for path, why in plan.skipped:
        echo(f"  skipped {shorten(path)}: {why}")
    media_from = Counter(m.folder or "." for m in shape.media)
    echo(
        f"Media: {len(plan.media) + len(plan.post_media)} files copied"
        + (f" (from {', '.join(f'{f}/' for f in media_from)})" if media_from else "")
    )
    for source_path, other, rel in plan.media_clashes:
        echo(f"  not copied: {shorten(source_path)} (docs/{shorten(rel)} is {shorten(other)})")
    for source_path, rel in plan.refused:
        echo(
            f"  not copied: {shorten(source_path)} (its public path {shorten(rel)} would be "
            "outside the site)"
        )
    if plan.authors:
        echo(
            f"Authors: {len(plan.authors)} from {', '.join(plan.authors_from)} "
            f"-> docs/{plan.blog_dir}/.authors.yml"
        )
    else:
        echo("Authors: no author data found; authors named in posts are registered by the build")


def _report_fields(echo: Callable[[str], Any], plan: Plan, redirects: Redirects) -> None:
    """The report's part on the fields read and the old URLs kept or redirected."""
    echo("Fields (mkdocs.yml, masthead/frontmatter `fields:`):")
    for name, keys in plan.fields.items():
        echo(f"  {name} <- {', '.join(keys) or 'nothing (the new URLs do not use it)'}")
    if not plan.fields:
        echo("  the defaults")
    if plan.media_prefix:
        echo(f"  bare image file names are read under {plan.media_prefix}")
    total = sum(len(p.old_urls) for p in plan.posts)
    echo(
        f"Old URLs: {total} known; {redirects.kept} kept as they were, "
        f"{len(redirects.maps)} redirected ({redirects.aliases} of them aliases); "
        f"blog at /{plan.blog_dir}/, posts at {plan.post_url_format}"
    )
    unknown = [p.source for p in plan.posts if not p.old_urls]
    if unknown:
        echo(
            f"  {len(unknown)} posts have no known old URL (the old site's URL rule was not "
            "found; use aliases: in a post, or redirects in mkdocs.yml)"
        )


def _report_problems(
    echo: Callable[[str], Any],
    plan: Plan,
    found: Probe,
    redirects: Redirects,
    sources: dict[str, str],
    dest: str,
    site_url: str | None,
) -> None:
    """The report's part on what needs a human and whether the new site builds."""
    errors = [p for p in found.problems if p.level is Level.ERROR]
    warnings = [p for p in found.problems if p.level is Level.WARN]
    human = [_shown(p, sources) for p in errors] + plan.notes + redirects.notes
    if site_url is None:
        human.insert(
            0,
            "mkdocs.yml:1: no site URL was found; add `site_url:` (or import with "
            "--site-url): social images, the sitemap and the feed need it",
        )
    echo(f"Needs a human: {len(human) + len(warnings) or 'nothing'}")
    for line in human:
        echo(f"  {line}")
    shown = warnings if len(warnings) <= 20 else warnings[:10]
    for problem in shown:
        echo(f"  {_shown(problem, sources)}")
    if len(shown) < len(warnings):
        counts = Counter(p.code for p in warnings)
        echo(
            f"  … and {len(warnings) - len(shown)} more warnings ("
            + ", ".join(f"{code} x{n}" for code, n in counts.most_common())
            + f"): `masthead check` in {dest} lists them all"
        )
    if errors:
        echo(
            f"The build: stops on {len(errors)} error(s) until they are fixed "
            f"(`{found.command} serve` shows the site without the posts that have them)"
        )
    else:
        echo(
            "The build: passes"
            + (
                f" (with warnings, which `{found.command} build --strict` stops on)"
                if warnings
                else ""
            )
        )
    levels = Counter(p.code for p in found.problems if p.level is Level.INFO)
    if levels:
        echo("Notes: " + ", ".join(f"{code} x{n}" for code, n in sorted(levels.items())))
