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
    def __init__(self, default_avatar: str) -> None:
        self.default_avatar = default_avatar
        self.authors: dict[str, Author] = {}
        self._by_key: dict[str, Author] = {}

    def add(self, author: Author) -> None:
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
        known = [a for a in self.authors.values() if not a.registered]
        names = {a.id: a.id for a in known}
        names.update({match_key(a.name): a.name for a in known})  # a name reads better
        close = difflib.get_close_matches(match_key(name), list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None

    def known(self) -> list[str]:
        return sorted(a.name for a in self.authors.values() if not a.registered)

    def as_material(self) -> dict[str, Any]:
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
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            findings.append(
                Finding(
                    "authors-file-invalid",
                    line,
                    f"author `{author_id}` has no `name`",
                    "give every author at least `name: Their Name`",
                )
            )
            continue
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
        links: dict[str, str | None] = {}
        for field_name in ("avatar", "url"):
            value = entry.get(field_name)
            if not isinstance(value, str):
                links[field_name] = None
                continue
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
            links[field_name] = safe
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
        kind = str(entry.get("type", "Person")).strip().capitalize()
        if kind not in ("Person", "Organization"):
            findings.append(
                Finding(
                    "authors-file-invalid",
                    line,
                    f"author `{author_id}` has `type: {entry.get('type')}`",
                    "use `type: Person` or `type: Organization`",
                )
            )
            kind = "Person"
        registry.add(
            Author(
                str(author_id),
                tidy(entry["name"]),
                entry["description"] if isinstance(entry.get("description"), str) else "",
                links["avatar"] or registry.default_avatar,
                slug,
                links["url"],
                kind=kind,
            )
        )
    return findings
