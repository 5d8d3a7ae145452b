"""The site's `mkdocs.yml` for the export: the same file, edited as text.

Pure. The file is read as YAML *nodes* (never constructed: `!ENV`, `!relative` and
`!!python/name:` values are not resolved, so no secret from the environment lands in
the export and no code is imported) and only the spans that must change are replaced:
every comment, tag, anchor and the order of keys stay as the team wrote them.

What changes: the `masthead/*` plugins go; plugins and Markdown extensions the export
needs are added when missing; each `blog` entry gets options masthead set at build time;
`theme.custom_dir` and `docs_dir` are set when the export moves them.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

BLOG_NAMES = ("blog", "material/blog")
_EXTENSION_PREFIX = "markdown.extensions."


class ConfigRefused(Exception):
    """The configuration cannot be edited safely; the message says why and what to do."""


@dataclass
class ConfigEdits:
    """What the export changes in `mkdocs.yml`."""

    drop_plugin: Callable[[str], bool] = lambda name: name.startswith("masthead/")
    add_plugins: list[str] = field(default_factory=list)  # added when missing
    blog_options: dict[str, str] = field(default_factory=dict)  # option -> YAML value
    extensions: list[str] = field(default_factory=list)  # Markdown extensions to add
    custom_dir: str | None = None  # theme.custom_dir to set (None: unchanged)
    docs_dir: str | None = None  # docs_dir to set (None: unchanged)
    header: str = ""  # comment lines put first


Splice = tuple[int, int, str]  # replace text[start:end] by the string


def _quoted(value: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted strings are YAML's."""
    return json.dumps(value, ensure_ascii=False)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The index after the newline that ends the line holding `index`."""
    at = text.find("\n", index)
    return len(text) if at < 0 else at + 1


def _content_end(node: Node) -> int:
    """Where the node's own text ends: the end of its last scalar, or of its closing
    bracket (a block collection's end mark lies past the comments that follow it)."""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    if isinstance(node, MappingNode) and node.value:
        return _content_end(node.value[-1][1])
    if isinstance(node, SequenceNode) and node.value:
        return _content_end(node.value[-1])
    return int(node.end_mark.index)


def _pairs(node: Node) -> list[tuple[Node, Node]]:
    return list(node.value) if isinstance(node, MappingNode) else []


def _top(root: MappingNode, key: str) -> tuple[Node, Node] | None:
    for k, v in root.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _is_null(node: Node) -> bool:
    """An empty value (`key:`, `key: null`, `key: ~`)."""
    if not isinstance(node, ScalarNode) or node.style is not None:
        return False
    return node.value in ("", "~", "null", "Null", "NULL")


@dataclass
class _Entry:
    """One item of `plugins:` or `markdown_extensions:`: a name, or a name with options."""

    name: str | None
    node: Node  # the sequence item, or the key of a mapping pair
    key: Node | None  # the name's node when the entry has options
    value: Node | None  # the options


def _entries(collection: Node) -> list[_Entry]:
    entries = []
    if isinstance(collection, SequenceNode):
        for item in collection.value:
            if isinstance(item, ScalarNode):
                entries.append(_Entry(item.value, item, None, None))
            elif isinstance(item, MappingNode) and len(item.value) == 1:
                key, value = item.value[0]
                name = key.value if isinstance(key, ScalarNode) else None
                entries.append(_Entry(name, item, key, value))
            else:
                entries.append(_Entry(None, item, None, None))
    elif isinstance(collection, MappingNode):
        for key, value in collection.value:
            name = key.value if isinstance(key, ScalarNode) else None
            entries.append(_Entry(name, key, key, value))
    return entries


def _entry_span(text: str, collection: Node, entry: _Entry) -> tuple[int, int]:
    """The whole lines of a block collection's entry: its `- ` (or key) to the end of
    its last line."""
    if isinstance(collection, SequenceNode):
        at = entry.node.start_mark.index - 1
        while at >= 0 and text[at] in " \t\r\n":
            at -= 1
        if at < 0 or text[at] != "-":
            raise ConfigRefused("a list item in mkdocs.yml has a shape the export cannot edit")
        start = at
        end_node = entry.node
    else:
        start = entry.node.start_mark.index
        end_node = entry.value if entry.value is not None else entry.node
    return _line_start(text, start), _line_end(text, max(_content_end(end_node) - 1, start))


def _apply(text: str, splices: list[Splice]) -> str:
    ordered = sorted(splices, key=lambda s: (s[0], s[1]))
    for (_, end, _), (start, _, _) in itertools.pairwise(ordered):
        if start < end:
            raise ConfigRefused("mkdocs.yml has overlapping entries the export cannot edit")
    for start, end, new in reversed(ordered):
        text = text[:start] + new + text[end:]
    return text


def _options_splices(text: str, value: Node | None, options: dict[str, str]) -> list[Splice]:
    """Set `options` in a plugin's option mapping `value` (None, empty or a mapping)."""
    if not options:
        return []
    if value is None:
        raise ConfigRefused("a plugin entry in mkdocs.yml has no options mapping to edit")
    if _is_null(value):
        flow = "{" + ", ".join(f"{k}: {v}" for k, v in options.items()) + "}"
        start, end = value.start_mark.index, value.end_mark.index
        return [(start, end, (" " if start == end else "") + flow)]
    if not isinstance(value, MappingNode):
        raise ConfigRefused("a plugin's options in mkdocs.yml are not a mapping")
    splices: list[Splice] = []
    missing = dict(options)
    for key, current in value.value:
        if isinstance(key, ScalarNode) and key.value in missing:
            new = missing.pop(key.value)
            if not (isinstance(current, ScalarNode) and current.value == new):
                splices.append((current.start_mark.index, current.end_mark.index, new))
    if not missing:
        return splices
    if value.flow_style:
        inner = ", ".join(f"{k}: {v}" for k, v in missing.items())
        at = value.start_mark.index + 1
        return [*splices, (at, at, inner + (", " if value.value else ""))]
    first = value.value[0][0]
    indent = " " * first.start_mark.column
    at = _line_start(text, first.start_mark.index)
    lines = "".join(f"{indent}{k}: {v}\n" for k, v in missing.items())
    return [*splices, (at, at, lines)]


def _collection_splices(
    text: str,
    owner: tuple[Node, Node] | None,
    *,
    drop: Callable[[str], bool],
    add: list[str],
    same: Callable[[str, str], bool],
    options_for: Callable[[str], dict[str, str]],
) -> list[Splice]:
    """Drop entries, set options on entries, add missing entries, in one list."""
    if owner is None:
        if not add:
            return []
        raise ConfigRefused("internal: a missing list is added by the caller")
    key, collection = owner
    if _is_null(collection):
        if not add:
            return []
        start, end = collection.start_mark.index, collection.end_mark.index
        flow = "[" + ", ".join(add) + "]"
        return [(start, end, (" " if start == end else "") + flow)]
    if not isinstance(collection, SequenceNode | MappingNode):
        raise ConfigRefused(f"`{key.value}:` in mkdocs.yml is neither a list nor a mapping")
    entries = _entries(collection)
    names = [e.name for e in entries if e.name is not None]
    missing = [n for n in add if not any(same(n, have) for have in names)]
    if collection.flow_style:
        return [_flow_splice(text, collection, entries, drop, missing, options_for)]
    mapping = isinstance(collection, MappingNode)
    splices: list[Splice] = []
    kept: list[_Entry] = []
    for entry in entries:
        if entry.name is not None and drop(entry.name):
            splices.append((*_entry_span(text, collection, entry), ""))
        else:
            kept.append(entry)
            splices += _entry_option_splices(text, entry, options_for, mapping)
    if missing:
        last = entries[-1]
        _, end = _entry_span(text, collection, last)
        if mapping:
            indent = " " * last.node.start_mark.column
            lines = "".join(f"{indent}{n}: {{}}\n" for n in missing)
        else:
            dash = _entry_span(text, collection, last)[0]
            column = text.index("-", dash) - dash
            lines = "".join(f"{' ' * column}- {n}\n" for n in missing)
        splices.append((end, end, ("" if text[:end].endswith("\n") else "\n") + lines))
    elif not kept:
        raise ConfigRefused(f"every entry of `{key.value}:` would be removed")
    return splices


def _flow_splice(
    text: str,
    collection: Node,
    entries: list[_Entry],
    drop: Callable[[str], bool],
    missing: list[str],
    options_for: Callable[[str], dict[str, str]],
) -> Splice:
    """A flow list or mapping (`[a, b]`, `{a: {}, b: {}}`) written again from the text
    of the entries it keeps (their options set), with the missing ones after them."""
    mapping = isinstance(collection, MappingNode)
    parts = []
    for entry in entries:
        if entry.name is not None and drop(entry.name):
            continue
        start = entry.node.start_mark.index
        end = _content_end(entry.value if mapping and entry.value is not None else entry.node)
        inner = [
            (s - start, e - start, r)
            for s, e, r in _entry_option_splices(text, entry, options_for, mapping)
        ]
        parts.append(_apply(text[start:end], inner))
    parts += [f"{n}: {{}}" if mapping else n for n in missing]
    opening, closing = ("{", "}") if mapping else ("[", "]")
    rebuilt = opening + ", ".join(parts) + closing
    return collection.start_mark.index, collection.end_mark.index, rebuilt


def _entry_option_splices(
    text: str, entry: _Entry, options_for: Callable[[str], dict[str, str]], mapping: bool
) -> list[Splice]:
    options = options_for(entry.name) if entry.name is not None else {}
    if not options:
        return []
    if entry.key is None:  # a bare name: it becomes `name: {options}`
        flow = "{" + ", ".join(f"{k}: {v}" for k, v in options.items()) + "}"
        node = entry.node
        return [(node.start_mark.index, node.end_mark.index, f"{{{node.value}: {flow}}}")]
    return _options_splices(text, entry.value, options)


def _same_extension(a: str, b: str) -> bool:
    return a.removeprefix(_EXTENSION_PREFIX) == b.removeprefix(_EXTENSION_PREFIX)


def _set_key(text: str, mapping: MappingNode, key: str, wanted: str) -> list[Splice]:
    """`key: wanted` in a mapping (a text value): the value replaced if it differs, or a
    pair added first."""
    value = _quoted(wanted)
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            if isinstance(v, ScalarNode) and v.value == wanted and v.tag == "tag:yaml.org,2002:str":
                return []
            start, end = v.start_mark.index, v.end_mark.index
            return [(start, end, (" " if start == end else "") + value)]
    if mapping.flow_style:
        at = mapping.start_mark.index + 1
        return [(at, at, f"{key}: {value}" + (", " if mapping.value else ""))]
    first = mapping.value[0][0]
    at = _line_start(text, first.start_mark.index)
    return [(at, at, f"{' ' * first.start_mark.column}{key}: {value}\n")]


def edited_config(text: str, edits: ConfigEdits) -> str:
    """`text` (a `mkdocs.yml`) with `edits` made; ConfigRefused when it cannot be."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise ConfigRefused(f"mkdocs.yml cannot be read as YAML ({error})") from None
    if not isinstance(root, MappingNode) or root.flow_style:
        raise ConfigRefused("mkdocs.yml is not a mapping of settings written one per line")
    if _top(root, "INHERIT") is not None:
        raise ConfigRefused(
            "mkdocs.yml inherits settings from another file (`INHERIT:`); export a "
            "configuration that lists its own plugins"
        )
    _refuse_what_text_edits_cannot_follow(text, root)
    splices = _collection_splices(
        text,
        _top(root, "plugins"),
        drop=edits.drop_plugin,
        add=edits.add_plugins,
        same=lambda a, b: a == b,
        options_for=lambda name: edits.blog_options if name in BLOG_NAMES else {},
    )
    extensions = _top(root, "markdown_extensions")
    appended = ""
    if extensions is None:
        if edits.extensions:
            appended += "markdown_extensions:\n" + "".join(f"  - {e}\n" for e in edits.extensions)
    else:
        splices += _collection_splices(
            text,
            extensions,
            drop=lambda name: False,
            add=edits.extensions,
            same=_same_extension,
            options_for=lambda name: {},
        )
    if edits.custom_dir is not None:
        theme = _top(root, "theme")
        if theme is None:
            raise ConfigRefused("mkdocs.yml names no theme; the blog needs `theme: material`")
        value = theme[1]
        if isinstance(value, ScalarNode):
            start, end = value.start_mark.index, value.end_mark.index
            flow = f"{{name: {text[start:end]}, custom_dir: {_quoted(edits.custom_dir)}}}"
            splices.append((start, end, flow))
        elif isinstance(value, MappingNode) and value.value:
            splices += _set_key(text, value, "custom_dir", edits.custom_dir)
        else:
            raise ConfigRefused("`theme:` in mkdocs.yml is neither a name nor a mapping")
    if edits.docs_dir is not None:
        splices += _set_key(text, root, "docs_dir", edits.docs_dir)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    edited = _apply(text, splices)
    if appended:
        edited += ("" if edited.endswith("\n") else "\n") + appended
    result = bom + edits.header + _without_import_header(edited[len(bom) :])
    _verify(result, edits)
    return result


def _refuse_what_text_edits_cannot_follow(text: str, root: MappingNode) -> None:
    """The edits are made on the text: anchors and aliases (`&name`, `*name`) tie one
    place to another, and a key written twice counts only the second time; neither can
    be edited in place safely, so such a file is refused with what to change."""
    try:
        tokens = list(yaml.scan(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise ConfigRefused(f"mkdocs.yml cannot be read as YAML ({error})") from None
    if any(isinstance(t, yaml.AnchorToken | yaml.AliasToken) for t in tokens):
        raise ConfigRefused(
            "mkdocs.yml uses YAML anchors or aliases (`&name`, `*name`), which the export "
            "cannot edit safely; write those settings out in full, then export again"
        )
    keys = [k.value for k, _v in _pairs(root) if isinstance(k, ScalarNode)]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ConfigRefused(
            f"mkdocs.yml sets {', '.join(f'`{k}`' for k in twice)} more than once (only the "
            "last counts); keep one, then export again"
        )


def _verify(text: str, edits: ConfigEdits) -> None:
    """The edited file reads as one YAML mapping whose plugins hold none of those the
    export removes; ConfigRefused (nothing is written) otherwise."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        root = None
    plugins = _top(root, "plugins") if isinstance(root, MappingNode) else None
    names = [e.name for e in _entries(plugins[1])] if plugins is not None else []
    if not isinstance(root, MappingNode) or any(n and edits.drop_plugin(n) for n in names):
        raise ConfigRefused(
            "mkdocs.yml could not be edited safely (the result would not read as the site's "
            "settings); remove the masthead plugins from a copy by hand"
        )


# The first lines `masthead import` writes into the mkdocs.yml it makes (importer/write.py);
# they speak of a new import into the folder, which is no longer what the file is.
_IMPORT_HEADER = "# Written by `masthead import` from "


def _without_import_header(text: str) -> str:
    """`text` without the comment lines `masthead import` put first, if they are there."""
    if not text.startswith(_IMPORT_HEADER):
        return text
    lines = text.split("\n")
    first_other = next((i for i, line in enumerate(lines) if not line.startswith("#")), 0)
    return "\n".join(lines[first_other:])
