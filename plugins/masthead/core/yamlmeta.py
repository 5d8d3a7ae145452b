"""Front matter YAML parsed safely, with the file line of every top-level key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import yaml

from .problems import Finding

# Past these, front matter is refused rather than expanded: a YAML "billion laughs"
# alias bomb or a deeply nested block would otherwise stall or crash the build.
MAX_NODES = 100_000
MAX_DEPTH = 50


# libyaml's C parser when PyYAML has it (its wheels do): about ten times faster. Both
# construct values as SafeLoader does, which is what the type checker is told.
if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """A safe loader whose impossible timestamps (`2024-02-30`) stay strings, so the
    date check can name them instead of YAML failing the whole block."""

    # The override may answer a string where SafeLoader's never does: that is its point.
    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> date | str:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


@dataclass
class FrontMatter:
    """A post's front matter: its data, the line of each key, what was wrong."""

    data: dict[str, Any]
    lines: dict[str, int]  # key -> file line
    raw: dict[str, str]  # key -> the scalar as written, for plain scalar values
    findings: list[Finding] = field(default_factory=list)
    node: yaml.MappingNode | None = None  # the parsed tree, for lines of nested keys
    first_line: int = 1

    def line(self, key: str | None, default: int = 1) -> int:
        """The file line of the top-level `key` (`default` when it has none)."""
        return self.lines.get(key, default) if key else default


def _too_big(node: yaml.Node) -> str | None:
    """Count nodes as they would be expanded (aliases included), up to the limits."""
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            return f"more than {MAX_NODES} values"
        if depth > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} levels deep"
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
    return None


def parse(text: str, first_line: int) -> FrontMatter:
    """Parse front matter YAML that starts at file line `first_line`."""
    empty = FrontMatter({}, {}, {})
    if not text.strip():
        return empty
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return empty
        reason = _too_big(node)
        if reason:
            empty.findings.append(
                Finding(
                    "yaml-too-large",
                    first_line,
                    f"the front matter has {reason}",
                    "keep front matter to plain keys with short values",
                )
            )
            return empty
        if not isinstance(node, yaml.MappingNode):
            empty.findings.append(
                Finding(
                    "front-matter-not-mapping",
                    first_line + node.start_mark.line,
                    "the front matter is not a list of `key: value` lines",
                    "write one `key: value` per line, e.g. `title: My post`",
                )
            )
            return empty
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        what = (error.problem or error.context or "it cannot be read").strip()
        empty.findings.append(
            Finding(
                "yaml-invalid",
                line,
                f"the front matter is not valid YAML ({what})",
                "check this line: a value with `: ` or starting with a quote must be "
                "quoted as a whole",
            )
        )
        return empty
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as error:
        empty.findings.append(
            Finding(
                "yaml-invalid",
                first_line,
                f"the front matter is not valid YAML ({type(error).__name__})",
                "check the front matter for unbalanced brackets or quotes",
            )
        )
        return empty
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    raw: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader_key(key_node)
        lines.setdefault(key, first_line + key_node.start_mark.line)
        if isinstance(value_node, yaml.ScalarNode):
            raw[key] = value_node.value
    for key, value in data.items():
        clean[str(key)] = value
    return FrontMatter(clean, lines, raw, node=node, first_line=first_line)


def load_bounded(text: str) -> Any:
    """Any YAML document (a mapping, a list of authors...) with the same bounds as front
    matter (no alias bombs, no deep nesting), or None when it cannot be read."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None or _too_big(node):
            return None
        return loader.construct_document(node)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return None
    finally:
        loader.dispose()


def loader_key(node: yaml.Node) -> str:
    """A mapping key node as a text key."""
    return str(node.value) if isinstance(node, yaml.ScalarNode) else repr(node.value)


def nested_lines(node: yaml.Node | None, key: str, first_line: int) -> dict[str, int]:
    """File lines of the keys of the mapping stored under `key` (e.g. each author id)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    for key_node, value_node in node.value:
        if loader_key(key_node) == key and isinstance(value_node, yaml.MappingNode):
            return {loader_key(k): first_line + k.start_mark.line for k, _ in value_node.value}
    return {}


# Hugo's TOML front matter (`+++`): a top-level `key = value` line, or a `[table]`
# header (whose keys nest under it), gives each key's line.
_TOML_KEY_RE = re.compile(
    r"""^[ \t]*(?:"([^"\n]{0,200})"|([A-Za-z0-9_-]{1,200}))[ \t]*=[ \t]*(.*)$"""
)
_TOML_AT_RE = re.compile(r"\(at line (\d{1,9})")
_TOML_TABLE_RE = re.compile(r"^[ \t]*\[\[?[ \t]*([A-Za-z0-9_-]{1,200})")


def parse_toml(text: str, first_line: int) -> FrontMatter:
    """Parse TOML front matter that starts at file line `first_line`."""
    empty = FrontMatter({}, {}, {})
    if not text.strip():
        return empty
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = _TOML_AT_RE.search(str(error))
        last = text.rstrip("\n").count("\n")  # "at end of document": the last line
        line = first_line + (int(at.group(1)) - 1 if at else last)
        empty.findings.append(
            Finding(
                "yaml-invalid",
                line,
                f"the front matter is not valid TOML ({str(error).split(' (at')[0]})",
                'check this line: text values need quotes, e.g. `title = "My post"`',
            )
        )
        return empty
    except RecursionError:
        empty.findings.append(
            Finding(
                "yaml-too-large",
                first_line,
                "the front matter is nested too deeply",
                "keep front matter to plain keys with short values",
            )
        )
        return empty
    lines: dict[str, int] = {}
    raw: dict[str, str] = {}
    in_table = False
    for offset, text_line in enumerate(text.split("\n")):
        table = _TOML_TABLE_RE.match(text_line)
        if table:
            in_table = True
            lines.setdefault(table.group(1), first_line + offset)
            continue
        key = _TOML_KEY_RE.match(text_line)
        if key and not in_table:
            name = key.group(1) if key.group(1) is not None else key.group(2)
            lines.setdefault(name, first_line + offset)
            value = key.group(3).strip()
            if value and value[0] not in "\"'[{":
                raw[name] = value
    return FrontMatter({str(k): v for k, v in data.items()}, lines, raw, first_line=first_line)
