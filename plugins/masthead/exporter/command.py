"""`masthead export DEST`: DEST checked, the site checked and built once, DEST written.

The problems come from `masthead check` itself (`checks.check_site`), so an error stops
the export with the very messages `check` prints, before anything is written. Nothing
is written outside DEST, and docs/ is only read.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from ..core import outputs
from ..core.problems import Level, Problem, summarize
from ..core.text import html_text, markup_text
from .mkdocsyml import ConfigEdits, ConfigRefused, edited_config
from .posts import JSON_LD_KEY, exported_post, extra_meta

if TYPE_CHECKING:
    from .harvest import Harvest

# Material has no JSON-LD: this override prints a post's `json_ld` front matter in the
# page's `<head>` (`tojson` escapes `<`, `>`, `&` and `'`, so no value ends the script).
MAIN_HTML = """\
{#- Written by `masthead export`: the structured data (JSON-LD) of each post, kept in
    its front matter as `json_ld`, printed in the page's <head>. -#}
{% extends "base.html" %}
{% block extrahead %}
  {{ super() }}
  {% if page and page.meta and page.meta.json_ld %}
    <script type="application/ld+json">{{ page.meta.json_ld | tojson }}</script>
  {% endif %}
{% endblock %}
"""

TAGS_PAGE = """\
---
title: {quoted}
---

# {title}

<!-- material/tags -->
"""


class ExportRefused(Exception):
    """The export cannot be written; the message says why and what to do."""


def _within(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def check_dest(dest: str, project: str, protected: list[tuple[str, str]], force: bool) -> None:
    """DEST may be written: not the project, not holding it, neither inside nor holding
    a folder of `protected` ((folder, what it is): docs/ and the theme overrides, which
    the export reads; the site folder, which a build deletes), empty unless `force`."""
    real = os.path.realpath(dest)
    if os.path.exists(real) and not os.path.isdir(real):
        raise ExportRefused(f"{dest} is a file, not a folder; choose a new folder")
    if _within(project, real):
        raise ExportRefused(f"{dest} holds the project being exported; choose a folder outside it")
    for folder, what in protected:
        if _within(real, folder):
            raise ExportRefused(f"{dest} is inside {folder}, {what}; choose a folder outside it")
        if _within(folder, real):
            raise ExportRefused(f"{dest} holds {folder}, {what}; choose a folder outside it")
    if os.path.isdir(real) and os.listdir(real) and not force:
        raise ExportRefused(
            f"{dest} is not empty; choose a new folder, or add --force to write into it "
            "(files of the same name are replaced)"
        )


@dataclass
class Writer:
    """Files written under one root, never outside it, never through a link."""

    root: str

    def target(self, rel: str) -> str:
        """The path of `rel` under the root, its folders made; ExportRefused when it
        would leave the root or pass through a link (DEST written with --force may hold
        one: nothing is made before each step is checked)."""
        normal = outputs.normal(rel)
        if normal is None:
            raise ExportRefused(f"{rel} would be written outside {self.root}")
        parts = normal.split("/")
        path = self.root
        for depth, part in enumerate(parts, 1):
            path = os.path.join(path, part)
            if os.path.islink(path):
                raise ExportRefused(
                    f"{path} is a link; remove it or choose a new folder (nothing is "
                    "written through a link)"
                )
            if depth < len(parts) and not os.path.isdir(path):
                os.mkdir(path)
        return path

    def checked(self, rel: str) -> None:
        """ExportRefused if `rel` would leave the root or pass through a link; nothing
        is made (every path is checked before the first byte is written)."""
        normal = outputs.normal(rel)
        if normal is None:
            raise ExportRefused(f"{rel} would be written outside {self.root}")
        path = self.root
        for part in normal.split("/"):
            path = os.path.join(path, part)
            if os.path.islink(path):
                raise ExportRefused(
                    f"{path} is a link; remove it or choose a new folder (nothing is "
                    "written through a link)"
                )

    def text(self, rel: str, text: str) -> None:
        """Write `text` (UTF-8) at `rel`."""
        self.data(rel, text.encode("utf-8"))

    def data(self, rel: str, data: bytes) -> None:
        """Write `data` at `rel`: into a new file that then takes the name, so a file
        of DEST that is a hard link to one elsewhere is replaced, never written into."""
        target = self.target(rel)
        temporary = f"{target}.masthead-{os.getpid()}"
        try:
            with open(temporary, "xb") as handle:
                handle.write(data)
            os.replace(temporary, target)
        finally:
            if os.path.lexists(temporary):
                os.remove(temporary)

    def copy(self, rel: str, source: str) -> None:
        """Copy the file `source` to `rel`, byte for byte (as `data` writes)."""
        target = self.target(rel)
        temporary = f"{target}.masthead-{os.getpid()}"
        try:
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
        finally:
            if os.path.lexists(temporary):
                os.remove(temporary)


@dataclass
class Report:
    """What the export wrote, for the closing lines."""

    posts: int = 0
    with_faq: int = 0
    questions: int = 0
    with_json_ld: int = 0
    files: int = 0
    notes: list[str] = field(default_factory=list)


def _print_problems(problems: list[Problem]) -> None:
    """Errors and warnings as `masthead check` prints them (its notes are its own)."""
    for problem in problems:
        if problem.level in (Level.ERROR, Level.WARN):
            print(f"{problem.level.label}: {problem}")


def _tree(source: str) -> list[tuple[str, str]]:
    """The regular files of a folder (a theme override folder) with their paths inside
    it; links are left out."""
    found = []
    for folder, dirs, names in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(folder, d)))
        for name in sorted(names):
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            found.append((path, os.path.relpath(path, source).replace(os.sep, "/")))
    return found


def _avatar_asset(path: str) -> bytes | None:
    """masthead's default avatar (package data), which registered authors show."""
    if path != "assets/masthead/avatar.svg":
        return None
    return resources.files("masthead").joinpath("assets", "avatar.svg").read_bytes()


# What masthead takes out of a post's HTML when it builds (core/safety.py): plain Material
# publishes the post as written, so the export says which posts hold such HTML.
SANITIZED = frozenset(
    {"html-unsafe", "html-removed", "html-attribute-removed", "embed-host", "embed-script"}
)


@dataclass
class Plan:
    """Everything the export writes, composed before the first byte is written."""

    texts: dict[str, str] = field(default_factory=dict)  # DEST path -> text
    copies: dict[str, str] = field(default_factory=dict)  # DEST path -> file to copy
    data: dict[str, bytes] = field(default_factory=dict)  # DEST path -> bytes
    edits: ConfigEdits = field(default_factory=ConfigEdits)
    report: Report = field(default_factory=Report)


def _checked(config_file: str) -> list[Problem]:
    """`masthead check`'s problems; errors stop the export before anything is written."""
    from ..checks import check_site, memory_temp

    with memory_temp():
        problems = check_site(config_file).problems
    _print_problems(problems)
    if any(p.level is Level.ERROR for p in problems):
        raise ExportRefused(f"{summarize(problems)}; nothing was exported: fix the errors above")
    return problems


def _plan_posts(plan: Plan, found: Harvest, docs_rel: str) -> None:
    catalogue = found.catalogue
    for src_uri in sorted(catalogue.posts):
        generated = found.texts.get(src_uri)
        if generated is None:  # never seen: the check stops the export on what causes it
            plan.report.notes.append(
                f"{catalogue.posts[src_uri].path} was not exported: the build did not read it"
            )
            continue
        json_ld = found.json_ld.get(src_uri)
        done = exported_post(
            generated,
            extra_meta(catalogue.posts[src_uri]),
            tags=found.tags.get(src_uri),
            json_ld=json_ld,
            faq=found.faq,
            title_heading=src_uri in found.own_h1,
            more=found.cards.get(src_uri),
            slug=found.slugs.get(src_uri),
        )
        plan.texts[posixpath.join(docs_rel, src_uri)] = done.text
        plan.report.posts += 1
        plan.report.with_json_ld += bool(json_ld)
        if done.questions:
            plan.report.with_faq += 1
            plan.report.questions += done.questions


def _plan_docs(plan: Plan, found: Harvest, docs_rel: str) -> None:
    """The other files of docs/, the authors files, the tag overview."""
    for src_uri, path in sorted(found.files.items()):
        plan.copies[posixpath.join(docs_rel, src_uri)] = path
        plan.report.files += 1
    authors = found.catalogue.authors.as_material()
    if authors["authors"]:
        for blog in found.blogs:
            plan.texts[posixpath.join(docs_rel, blog.authors_file)] = _yaml(authors)
    for entry in authors["authors"].values():
        avatar = _avatar_asset(str(entry.get("avatar", "")))
        if avatar is not None and entry["avatar"] not in found.files:
            plan.data[posixpath.join(docs_rel, entry["avatar"])] = avatar
    if found.tags_url is not None and f"{found.tags_url}/index.md" not in found.files:
        title = found.tags_title
        page = TAGS_PAGE.format(title=markup_text(title), quoted=json.dumps(html_text(title)))
        plan.texts[posixpath.join(docs_rel, found.tags_url, "index.md")] = page
        plan.edits.add_plugins.append("tags")


def _plan_theme(plan: Plan, custom: str | None, custom_rel: str) -> None:
    """The site's theme overrides, and `main.html` printing each post's JSON-LD."""
    if custom:
        for path, rel in _tree(custom):
            plan.copies[posixpath.join(custom_rel, rel)] = path
    main_html = posixpath.join(custom_rel, "main.html")
    if not (custom and os.path.exists(os.path.join(custom, "main.html"))):
        plan.texts[main_html] = MAIN_HTML
    elif plan.report.with_json_ld:
        plan.report.notes.append(
            f"{main_html} is the site's own: add the `json_ld` block of masthead's README "
            "(Moving to another host) to it to print each post's JSON-LD"
        )


def _protected(config_file: str) -> list[tuple[str, str]]:
    """The folders DEST may neither be in nor hold: docs/ and the theme overrides (the
    export reads them) and the site folder (a build of the site deletes it)."""
    from ..checks import load

    config = load(config_file)
    reads = "which the export reads"
    folders = [(config.docs_dir, reads), (config.site_dir, "which a build of the site deletes")]
    if config.theme.custom_dir:
        folders.append((config.theme.custom_dir, reads))
    return [(os.path.realpath(folder), what) for folder, what in folders]


def export(config_file: str, dest: str, *, force: bool) -> Report:
    """Write the site of `config_file` into `dest` as a plain Material blog."""
    from ..checks import memory_temp
    from .harvest import BuildFailed, harvest

    config_path = os.path.abspath(config_file)
    project = os.path.dirname(config_path)
    check_dest(dest, project, _protected(config_file), force)  # before any work
    problems = _checked(config_file)
    try:
        with memory_temp():
            found = harvest(config_file)
    except BuildFailed as error:
        raise ExportRefused(f"{error}; nothing was exported") from None
    docs = os.path.realpath(found.config.docs_dir)
    custom = found.config.theme.custom_dir
    plan = Plan(edits=ConfigEdits(header=_header(config_path)))
    docs_rel = _inside(docs, project)
    if docs_rel is None:
        docs_rel = plan.edits.docs_dir = "docs"
    custom_rel = _inside(os.path.realpath(custom), project) if custom else None
    if custom_rel is None:
        custom_rel = plan.edits.custom_dir = "overrides"
    _plan_posts(plan, found, docs_rel)
    _plan_docs(plan, found, docs_rel)
    _plan_theme(plan, custom, custom_rel)
    if found.scheduled:
        plan.edits.blog_options["draft_if_future_date"] = "true"
    if plan.report.questions:
        plan.edits.extensions += ["admonition", "pymdownx.details"]
    if found.faq is not None:
        plan.edits.extensions.append("md_in_html")  # masthead/faq adds it to every site
    with open(config_path, encoding="utf-8-sig") as handle:
        original = handle.read()
    try:
        plan.texts[os.path.basename(config_path)] = edited_config(original, plan.edits)
    except ConfigRefused as error:
        raise ExportRefused(f"{error}; nothing was exported") from None
    posts = found.catalogue.posts
    cleaned = {posts[uri].path for uri in found.cleaned if uri in posts}
    raw = sorted({p.path for p in problems if p.code in SANITIZED} | cleaned)
    if raw:
        plan.report.notes.append(
            f"HTML that masthead removes, or makes click-to-load, when it builds is in "
            f"{', '.join(raw)}; plain Material publishes it as written: fix those posts "
            "before publishing the export"
        )
    expiring = sorted(p.path for p in posts.values() if p.meta.expiry and not p.expired)
    if expiring:
        plan.report.notes.append(
            f"{', '.join(expiring)} {'has' if len(expiring) == 1 else 'have'} an expiry date "
            "masthead would honour; plain Material does not: unpublish "
            f"{'it' if len(expiring) == 1 else 'them'} by hand (`draft: true`) when due"
        )
    _write(plan, dest)
    return plan.report


def _write(plan: Plan, dest: str) -> None:
    """The plan written: copies first, then what the export made (which wins)."""
    writer = Writer(dest)
    for rel in [*plan.copies, *plan.data, *plan.texts]:
        writer.checked(rel)
    try:
        os.makedirs(dest, exist_ok=True)
        for rel, source in plan.copies.items():
            writer.copy(rel, source)
        for rel, data in plan.data.items():
            writer.data(rel, data)
        for rel, text in plan.texts.items():
            writer.text(rel, text)
    except OSError as error:
        where = error.filename or dest
        raise ExportRefused(f"{where} cannot be written ({error.strerror or error})") from None


def _inside(path: str, project: str) -> str | None:
    """`path` relative to the project folder, if it is inside it."""
    if not _within(path, project) or path == project:
        return None
    return os.path.relpath(path, project).replace(os.sep, "/")


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def _header(config_path: str) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    name = "".join(c if c.isprintable() else "?" for c in os.path.basename(config_path))
    return (
        f"# Written by `masthead export` from {name} on {when}: a plain Material for MkDocs\n"
        "# site. No masthead plugin is needed to build it.\n"
    )


def run(config_file: str, dest: str, *, force: bool) -> int:
    """The command: the export, then what was written; a one-line message and exit
    status 1 when it cannot be done."""
    try:
        report = export(config_file, dest, force=force)
    except ExportRefused as error:
        raise SystemExit(f"masthead: {error}") from None
    faq = (
        f", {report.with_faq} with FAQ blocks ({report.questions} questions)"
        if report.with_faq
        else ""
    )
    print(
        f"masthead: exported {report.posts} posts{faq}, {report.with_json_ld} with JSON-LD "
        f"(`{JSON_LD_KEY}:`), and {report.files} other files of docs/ to {dest}"
    )
    for note in report.notes:
        print(f"masthead: {note}")
    config = os.path.join(dest, os.path.basename(config_file))
    from ..host.mkdocs import COMMAND  # `mkdocs`, or `properdocs` with only ProperDocs

    print(f"masthead: build it without masthead: {COMMAND} build -f {config}")
    sys.stdout.flush()
    return 0
