"""Tags across the blog: one tag per case variant, rules from a tags file, stable slugs.

Pure: posts' tags and the tags file's text in; tags, slugs and findings out.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from . import yamlmeta
from .problems import Finding
from .text import cut_slug, match_key, slugify, tidy

# Symbols that carry meaning in tag names get words, so `C++`, `C#` and `C` differ.
MAX_ALIAS_HOPS = 20  # an alias may lead to another, but not on and on
MAX_SLUG = 80  # characters; two tags cut to one slug get a fingerprint each (_assign_slugs)
_SYMBOL_WORDS = {"+": " plus ", "#": " sharp ", "&": " and ", "@": " at ", "%": " percent "}


def tag_slug(name: str) -> str:
    """A readable slug: `Link building` -> `link-building`, `C++` -> `c-plus-plus`,
    an emoji-only tag -> its code points (`u1f680`)."""
    text = "".join(_SYMBOL_WORDS.get(ch, ch) for ch in tidy(name))
    return cut_slug(slugify(text) or slugify(name), MAX_SLUG)


@dataclass
class TagRule:
    """A tag the tags file defines: its name, description and line."""

    name: str
    description: str | None
    line: int


@dataclass
class TagRules:
    """What a tags file says: display names and descriptions, and aliases."""

    tags: dict[str, TagRule] = field(default_factory=dict)  # key -> rule
    aliases: dict[str, str] = field(default_factory=dict)  # alias key -> tag key

    def canonical(self, name: str) -> str:
        """The key of the tag that `name` stands for (an alias's target)."""
        key = match_key(name)
        return self.aliases.get(key, key)


_invalid = functools.partial(Finding, "tags-file-invalid")  # (line, message, fix)


def load_rules(text: str) -> tuple[TagRules, list[Finding]]:
    """Read a tags file:

    tags:
      SEO:
        description: Search engine optimisation, without the jargon.
      Backlink: {}
    aliases:
      backlinks: Backlink
    """
    rules = TagRules()
    front = yamlmeta.parse(text, 1)
    findings = [
        _invalid(f.line, f.message.replace("front matter", "tags file"), f.fix)
        for f in front.findings
    ]
    if findings or not front.data:
        return rules, findings
    unknown = sorted(set(front.data) - {"tags", "aliases"})
    for key in unknown:
        findings.append(
            _invalid(
                front.line(key),
                f"the tags file has an unknown key `{key}`",
                "use only `tags:` and `aliases:`",
            )
        )
    _read_tags(front, rules, findings)
    _read_aliases(front, rules, findings)
    return rules, findings


def _read_tags(front: yamlmeta.FrontMatter, rules: TagRules, findings: list[Finding]) -> None:
    """The tags a tags file lists under `tags:`, with their descriptions."""
    entries = front.data.get("tags") or {}
    lines = yamlmeta.nested_lines(front.node, "tags", 1)
    if not isinstance(entries, dict):
        findings.append(
            _invalid(
                front.line("tags"),
                "`tags:` is not a mapping of tag names",
                "write one `Tag name:` per line under `tags:`",
            )
        )
        entries = {}
    for name, entry in entries.items():
        line = lines.get(str(name), front.line("tags"))
        description = _description(name, entry, line, findings)
        if not tidy(str(name)):
            continue
        rules.tags[match_key(str(name))] = TagRule(tidy(str(name)), description, line)


def _description(name: object, entry: object, line: int, findings: list[Finding]) -> str | None:
    """The description of the tag `name` from its settings `entry` (at file line `line`)."""
    if isinstance(entry, dict):
        value = entry.get("description")
        if value is not None and not isinstance(value, str):
            findings.append(
                _invalid(
                    line,
                    f"the description of tag '{name}' is not text",
                    "write `description: A sentence about the tag.`",
                )
            )
        elif value:
            return tidy(value)
    elif entry is not None:
        findings.append(
            _invalid(
                line,
                f"tag '{name}' is not followed by its settings",
                f"write `{name}:` then `description: ...` indented below",
            )
        )
    return None


def _read_aliases(front: yamlmeta.FrontMatter, rules: TagRules, findings: list[Finding]) -> None:
    """The aliases a tags file lists under `aliases:`, each followed to its tag (after
    `_read_tags`)."""
    aliases = front.data.get("aliases") or {}
    alias_lines = yamlmeta.nested_lines(front.node, "aliases", 1)
    if not isinstance(aliases, dict):
        findings.append(
            _invalid(
                front.line("aliases"),
                "`aliases:` is not a mapping",
                "write `alias: Tag` per line",
            )
        )
        aliases = {}
    direct = {
        match_key(str(a)): (match_key(str(t)), str(a), str(t))
        for a, t in aliases.items()
        if isinstance(t, str)
    }
    for alias, target in aliases.items():
        if not isinstance(target, str):
            findings.append(
                _invalid(
                    alias_lines.get(str(alias), 1),
                    f"alias '{alias}' does not name a tag",
                    f"write `{alias}: Tag name`",
                )
            )
    for key, (_, alias, shown) in direct.items():
        line = alias_lines.get(alias, front.line("aliases"))
        target, seen = _follow(key, direct)
        if len(seen) > MAX_ALIAS_HOPS:  # bounded: a file of chained aliases costs N, not N³
            findings.append(
                _invalid(
                    line,
                    f"alias '{alias}' leads through more than {MAX_ALIAS_HOPS} other aliases",
                    "point every alias straight at a tag listed under `tags:`",
                )
            )
        elif target in seen:
            chain = " -> ".join([*(direct[k][1] for k in seen), direct[seen[0]][1]])
            findings.append(
                _invalid(
                    line,
                    f"the aliases form a cycle: {chain}",
                    "point every alias at a tag listed under `tags:`",
                )
            )
        elif target not in rules.tags:
            findings.append(
                _invalid(
                    line,
                    f"alias '{alias}' points to '{shown}', which is not under `tags:`",
                    f"add '{shown}' under `tags:` or fix the alias",
                )
            )
        else:
            rules.aliases[key] = target


def _follow(key: str, direct: dict[str, tuple[str, str, str]]) -> tuple[str, list[str]]:
    """Where the alias `key` leads through other aliases (`direct`: alias key -> its
    target's key, the alias and the target as written), and the aliases on the way; it
    stops at a tag, at an alias seen before (a cycle), or past `MAX_ALIAS_HOPS`."""
    target = direct[key][0]
    seen = [key]
    while target in direct and target not in seen and len(seen) <= MAX_ALIAS_HOPS:
        seen.append(target)
        target = direct[target][0]
    return target, seen


@dataclass
class TagPost:
    """What the tag index needs of a post."""

    src_uri: str
    date: datetime
    tags: list[str]
    line: int  # of its tags key


@dataclass
class Tag:
    """A tag of the site: its name, slug, description and posts."""

    key: str
    name: str
    slug: str = ""
    description: str | None = None
    posts: list[str] = field(default_factory=list)  # src_uris, newest first
    forms: Counter[str] = field(default_factory=Counter)


@dataclass
class TagIndex:
    """The site's tags, each post's tags, and what tagging each post found."""

    tags: dict[str, Tag] = field(default_factory=dict)  # key -> tag
    post_tags: dict[str, list[str]] = field(default_factory=dict)  # src_uri -> keys
    findings: dict[str, list[Finding]] = field(default_factory=dict)  # src_uri -> findings

    def of_post(self, src_uri: str) -> list[Tag]:
        """The tags of the post `src_uri`, in its order."""
        return [self.tags[k] for k in self.post_tags.get(src_uri, [])]

    def named(self, name: str, rules: TagRules) -> Tag | None:
        """The tag `name` stands for, if a post has it."""
        return self.tags.get(rules.canonical(name))

    def sorted(self, by: str = "name") -> list[Tag]:
        """The tags sorted by name, or by number of posts (`by="count"`)."""
        tags = sorted(self.tags.values(), key=lambda t: (t.name.casefold(), t.key))
        if by == "count":
            tags.sort(key=lambda t: -len(t.posts))
        return tags


def build_index(
    posts: Iterable[TagPost],
    rules: TagRules,
    *,
    allow_list: bool = False,
    max_per_post: int = 50,
) -> TagIndex:
    """The tag index of the posts, with each post's tag findings."""
    index = TagIndex()
    ordered = sorted(posts, key=lambda p: (p.date, p.src_uri), reverse=True)
    known = {rule.name: key for key, rule in rules.tags.items()}
    for post in ordered:
        findings = index.findings.setdefault(post.src_uri, [])
        names = post.tags
        if len(names) > max_per_post:
            findings.append(
                Finding(
                    "tags-too-many",
                    post.line,
                    f"the post has {len(names)} tags; only the first {max_per_post} get pages",
                    "keep the few tags readers would look for",
                )
            )
            names = names[:max_per_post]
        keys: list[str] = []
        for name in names:
            key = rules.canonical(name)
            if allow_list and key not in rules.tags:
                close = difflib.get_close_matches(
                    name, list(known), n=1, cutoff=0.6
                ) or difflib.get_close_matches(match_key(name), list(rules.tags), n=1, cutoff=0.6)
                hint = (
                    close[0]
                    if close and close[0] in known
                    else (rules.tags[close[0]].name if close else None)
                )
                findings.append(
                    Finding(
                        "tag-unknown",
                        post.line,
                        f"unknown tag '{name}'" + (f"; did you mean '{hint}'?" if hint else ""),
                        "use a tag from the tags file, or add it there",
                    )
                )
                continue
            if key in keys:
                continue
            keys.append(key)
            tag = index.tags.setdefault(key, Tag(key, name))
            tag.forms[tidy(name)] += 1
            tag.posts.append(post.src_uri)
        index.post_tags[post.src_uri] = keys
    for key, tag in index.tags.items():
        rule = rules.tags.get(key)
        if rule:
            tag.name, tag.description = rule.name, rule.description
        else:  # the most used form; on a tie, the one that sorts first
            tag.name = min(tag.forms, key=lambda form: (-tag.forms[form], form))
    _assign_slugs(index.tags.values())
    return index


def _assign_slugs(tags: Iterable[Tag]) -> None:
    """Slugs that stay the same from build to build and never collide: when two tags
    share a readable slug, all but the most used get a short fingerprint of their key."""
    by_slug: dict[str, list[Tag]] = {}
    for tag in tags:
        by_slug.setdefault(tag_slug(tag.name) or "tag", []).append(tag)
    for slug, group in by_slug.items():
        group.sort(key=lambda t: (-len(t.posts), t.key))
        group[0].slug = slug
        for tag in group[1:]:
            tag.slug = f"{slug}-{hashlib.sha1(tag.key.encode()).hexdigest()[:6]}"
