"""Authors: those of `.authors.yml`, matched by id or name, and those registered on the fly."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from html import escape
from typing import Any

from . import yamlmeta
from .outputs import unsafe_segment, web_url
from .problems import Finding
from .text import markup_text, match_key, slugify, tidy


@dataclass
class Author:
    """An author as Material's `.authors.yml` describes one."""

    id: str
    name: str
    description: str
    avatar: str
    slug: str | None = None
    url: str | None = None
    registered: bool = False  # added by masthead because no entry in .authors.yml named it
    kind: str = "Person"  # schema.org type; `type: Organization` in .authors.yml

    def as_material(self) -> dict[str, str]:
        """Material prints an author's name and description as HTML, the name also in
        `alt="..."`: they go to it escaped, quotes included."""
        entry = {
            "name": markup_text(self.name, attribute=True),
            "description": escape(self.description.replace("</", "<\u200b/")),
            "avatar": self.avatar,
        }
        if self.slug:
            entry["slug"] = self.slug
        elif unsafe_segment(self.id):  # Material would make the profile's URL from it
            entry["slug"] = slugify(self.id) or "author"
        if self.url:
            entry["url"] = self.url
        return entry


def looks_like_id(name: str) -> bool:
    """`chris-macrae`, `chris_macrae`, `chris`: no capital and no space, as ids are
    written; `Chris Macrae` is a name."""
    return not any(ch.isupper() or ch.isspace() for ch in name)


class AuthorRegistry:
    """The site's authors, found by id or name however a post writes it."""

    def __init__(self, default_avatar: str) -> None:
        self.default_avatar = default_avatar
        self.authors: dict[str, Author] = {}
        self._by_key: dict[str, Author] = {}

    def add(self, author: Author) -> None:
        """Add an author, findable by its id, its name and its name's slug."""
        self.authors[author.id] = author
        for key in (match_key(author.id), match_key(author.name), slugify(author.name)):
            self._by_key.setdefault(key, author)

    def find(self, name: str) -> Author | None:
        """By id or by name, ignoring case, width and surrounding or invisible space."""
        return self._by_key.get(match_key(name)) or self._by_key.get(slugify(name))

    def prefer_display_name(self, author: Author, name: str) -> None:
        """One author written as an id in one post (`chris-macrae`) and as a name in
        another (`Chris Macrae`): a registered author shows the name, whichever post
        came first. An entry of the authors file keeps its own `name`."""
        shown = tidy(name)
        if author.registered and looks_like_id(author.name) and not looks_like_id(shown):
            author.name = shown
            self.add(author)

    def register(self, name: str) -> Author:
        """An author no entry names: id from the name, default avatar, no description."""
        shown = tidy(name)
        base = slugify(shown) or "author"
        author_id, n = base, 2
        while author_id in self.authors:
            author_id, n = f"{base}-{n}", n + 1
        author = Author(author_id, shown, "", self.default_avatar, registered=True)
        self.add(author)
        return author

    def suggest(self, name: str) -> str | None:
        """The id or name of the known author closest to `name`, if one is close."""
        known = [a for a in self.authors.values() if not a.registered]
        names = {a.id: a.id for a in known}
        names.update({match_key(a.name): a.name for a in known})  # a name reads better
        close = difflib.get_close_matches(match_key(name), list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None

    def known(self) -> list[str]:
        """The names of the authors the site's authors file gives, sorted."""
        return sorted(a.name for a in self.authors.values() if not a.registered)

    def as_material(self) -> dict[str, Any]:
        """Every author as Material's `.authors.yml` mapping."""
        return {"authors": {a.id: a.as_material() for a in self.authors.values()}}


def load_authors_file(text: str, registry: AuthorRegistry) -> list[Finding]:
    """Add the entries of an `.authors.yml` text to `registry`; problems as findings."""
    front = yamlmeta.parse(text, 1)
    findings = [
        Finding(
            "authors-file-invalid", f.line, f.message.replace("front matter", "authors file"), f.fix
        )
        for f in front.findings
    ]
    if findings or not front.data:
        return findings
    entries = front.data.get("authors")
    if not isinstance(entries, dict):
        return [
            Finding(
                "authors-file-invalid",
                front.line("authors"),
                "the authors file has no `authors:` mapping",
                "write `authors:` and under it one indented entry per author id",
            )
        ]
    lines = yamlmeta.nested_lines(front.node, "authors", 1)
    for author_id, entry in entries.items():
        line = lines.get(str(author_id), front.line("authors"))
        author = _author_entry(author_id, entry, line, registry.default_avatar, findings)
        if author is not None:
            registry.add(author)
    return findings


def _author_entry(
    author_id: Any, entry: Any, line: int, default_avatar: str, findings: list[Finding]
) -> Author | None:
    """One entry of the authors file as an author (None when it has no name); its
    problems added to `findings`."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        findings.append(
            Finding(
                "authors-file-invalid",
                line,
                f"author `{author_id}` has no `name`",
                "give every author at least `name: Their Name`",
            )
        )
        return None
    missing = [k for k in ("description", "avatar") if not isinstance(entry.get(k), str)]
    if missing:
        findings.append(
            Finding(
                "author-incomplete",
                line,
                f"author `{author_id}` has no {' or '.join(f'`{k}`' for k in missing)}",
                "a default is used; add it to show your own",
            )
        )
    links = {
        field_name: _author_link(author_id, field_name, entry.get(field_name), line, findings)
        for field_name in ("avatar", "url")
    }
    slug = _author_slug(author_id, entry, line, findings)
    return Author(
        str(author_id),
        tidy(entry["name"]),
        entry["description"] if isinstance(entry.get("description"), str) else "",
        links["avatar"] or default_avatar,
        slug,
        links["url"],
        kind=_author_kind(author_id, entry, line, findings),
    )


def _author_link(
    author_id: Any, field_name: str, value: Any, line: int, findings: list[Finding]
) -> str | None:
    """An entry's `avatar` or `url` as the site may print it (None when there is none
    or it is refused); a problem added to `findings`."""
    if not isinstance(value, str):
        return None
    safe, reason = web_url(value)
    if safe is None or reason is not None:
        findings.append(
            Finding(
                "url-invalid",
                line,
                f"author `{author_id}` has `{field_name}: {value}`, which is not a web "
                f"address or a path ({reason})"
                + ("" if safe is None else "; it is used percent-encoded"),
                "use an https:// address or a path such as /images/authors/me.png",
            )
        )
    return safe


def _author_slug(
    author_id: Any, entry: dict[Any, Any], line: int, findings: list[Finding]
) -> str | None:
    """An entry's `slug` when it can be part of a URL; an unsafe slug or id added to
    `findings`."""
    slug = entry.get("slug") if isinstance(entry.get("slug"), str) else None
    for what, value in (("slug", slug), ("id", str(author_id))):
        reason = unsafe_segment(value) if value is not None else None
        if reason is not None:
            findings.append(
                Finding(
                    "slug-unsafe",
                    line,
                    f"author `{author_id}` has {'a slug' if what == 'slug' else 'an id'} "
                    f"that cannot be part of a URL ({reason})",
                    "use letters, digits and `-`, e.g. `jane-doe`",
                )
            )
            if what == "slug":
                slug = None
    return slug


def _author_kind(author_id: Any, entry: dict[Any, Any], line: int, findings: list[Finding]) -> str:
    """An entry's schema.org type: `Person` or `Organization` (`Person` when it says
    another, which is added to `findings`)."""
    kind = str(entry.get("type", "Person")).strip().capitalize()
    if kind in ("Person", "Organization"):
        return kind
    findings.append(
        Finding(
            "authors-file-invalid",
            line,
            f"author `{author_id}` has `type: {entry.get('type')}`",
            "use `type: Person` or `type: Organization`",
        )
    )
    return "Person"
