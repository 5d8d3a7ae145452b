"""DEST written: posts and media copied byte for byte, the project's files generated.
Nothing is ever written into SOURCE."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import yaml

from ..core import outputs
from ..core.text import markup_text, tidy
from .plan import Plan
from .repo import Listing


class ImportRefused(Exception):
    """DEST cannot be written (not empty, inside SOURCE, not a folder)."""


def check_dest(source: str, dest: str, force: bool) -> None:
    """Refuse a destination inside the source, holding it, a file, or not empty."""
    source, dest = os.path.realpath(source), os.path.realpath(dest)
    if dest == source or dest.startswith(source + os.sep):
        raise ImportRefused(
            f"{dest} is inside the source repository {source}; the import never writes "
            "into it: choose a folder outside it"
        )
    if source.startswith(dest + os.sep):
        raise ImportRefused(f"{dest} holds the source repository; choose another folder")
    if os.path.exists(dest) and not os.path.isdir(dest):
        raise ImportRefused(f"{dest} is a file, not a folder")
    if os.path.isdir(dest) and os.listdir(dest) and not force:
        raise ImportRefused(
            f"{dest} is not empty; choose a new folder, or add --force to write into it "
            "(files of the same name are replaced)"
        )


def _copy(listing: Listing, source: str, dest_root: str, rel: str) -> None:
    """Copy a file of SOURCE byte for byte to `dest_root`/`rel`, never outside it."""
    if outputs.normal(rel) is None:
        raise ImportRefused(f"internal error: {rel} would leave {dest_root}")
    target = os.path.join(dest_root, *rel.split("/"))  # its folder is made beforehand
    shutil.copyfile(listing.abs(source), target)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def mkdocs_yml(
    plan: Plan, site_name: str, site_url: str | None, source_name: str, redirects: dict[str, str]
) -> str:
    """The new site's `mkdocs.yml`."""
    frontmatter: dict[str, Any] = {}
    if plan.fields:
        frontmatter["fields"] = {k: v if len(v) != 1 else v[0] for k, v in plan.fields.items()}
    if plan.media_prefix:
        frontmatter["media_prefix"] = plan.media_prefix
    blog: dict[str, Any] = {"blog_dir": plan.blog_dir, "post_url_format": plan.post_url_format}
    if plan.post_url_date_format:
        blog["post_url_date_format"] = plan.post_url_date_format
    plugins: list[Any] = [
        "search",
        {"blog": blog},
        {"masthead/frontmatter": frontmatter} if frontmatter else "masthead/frontmatter",
        "masthead/faq",
        "masthead/images",
        "masthead/tags",
    ]
    if redirects:
        plugins.append({"redirects": {"redirect_maps": dict(sorted(redirects.items()))}})
    head = {"site_name": site_name}
    if site_url:
        head["site_url"] = site_url
    rest = {
        "theme": {"name": "material", "features": ["navigation.instant", "navigation.tabs"]},
        "plugins": plugins,
        "markdown_extensions": [
            "attr_list",
            "md_in_html",
            "tables",
            "admonition",
            "footnotes",
            "pymdownx.details",
            "pymdownx.superfences",
            {"toc": {"permalink": True}},
        ],
        "validation": {"links": {"absolute_links": "relative_to_docs"}},
    }
    source_name = "".join(c if c.isprintable() else "?" for c in source_name)  # a comment line
    return (
        f"# Written by `masthead import` from {source_name}. Edit freely: a new import\n"
        "# into this folder needs --force and replaces this file.\n"
        + _dump(head)
        + "\n# The old site's posts, translated at build time (the posts are unchanged),\n"
        "# and every old URL kept: redirect pages where the new URL differs.\n" + _dump(rest)
    )


def write_project(
    listing: Listing,
    plan: Plan,
    dest: str,
    *,
    site_name: str,
    site_url: str | None,
    redirects: dict[str, str],
) -> None:
    """Write the new site: posts, drafts, media, config, index pages and authors."""
    docs = os.path.join(dest, "docs")
    os.makedirs(os.path.join(docs, *plan_posts_dir(plan).split("/")), exist_ok=True)
    posts = plan_posts_dir(plan)
    copies = [
        *((post.source, docs, f"{posts}/{post.dest}") for post in plan.posts),
        *((source, docs, f"{posts}/{rel}") for rel, source in plan.post_media.items()),
        *((source, docs, rel) for rel, source in plan.media.items()),
        *((source, dest, rel) for source, rel in plan.drafts),
    ]
    # Copying is waiting on the disk (opening a file costs ~0.1 ms on a cloud VM):
    # threads overlap the waits; 4000 images copy in about half the time.
    folders = {os.path.dirname(os.path.join(root, *rel.split("/"))) for _, root, rel in copies}
    for folder in sorted(folders):
        os.makedirs(folder, exist_ok=True)
    with ThreadPoolExecutor(max_workers=8) as pool:
        for done in pool.map(lambda c: _copy(listing, *c), copies):
            del done
    write_config(listing, plan, dest, site_name=site_name, site_url=site_url, redirects=redirects)
    blog = plan.blog_dir.strip("/")
    # Names from the source go into Markdown pages that are published as written:
    # as text, never markup (a hostile `_index.md` title cannot add script).
    title, name = (markup_text(tidy(t)) for t in (plan.blog_title, site_name))
    write_text(docs, f"{blog}/index.md", f"# {title}\n")
    if blog != ".":
        write_text(docs, "index.md", f"# {name}\n\n[{title}]({blog}/index.md)\n")
    if plan.authors:
        write_text(docs, f"{blog}/.authors.yml", _dump({"authors": plan.authors}))
    write_text(dest, ".gitignore", "site/\n")


def write_config(
    listing: Listing,
    plan: Plan,
    dest: str,
    *,
    site_name: str,
    site_url: str | None,
    redirects: dict[str, str],
) -> None:
    """Write the new site's `mkdocs.yml`."""
    text = mkdocs_yml(plan, site_name, site_url, os.path.basename(listing.root), redirects)
    write_text(dest, "mkdocs.yml", text)


def plan_posts_dir(plan: Plan) -> str:
    """The posts folder, docs-relative."""
    return f"{plan.blog_dir.strip('/')}/posts"


def write_text(root: str, rel: str, text: str) -> None:
    """Write `text` to `root`/`rel`, making its folders."""
    target = os.path.join(root, *rel.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(text)
