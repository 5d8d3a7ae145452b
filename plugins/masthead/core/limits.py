"""How long and how deep a post's text may be, checked before Python-Markdown reads it.

Pure: the body of a post in, findings out, in one pass over its lines.

Python-Markdown's time grows faster than the text for a few shapes (measured with
Python-Markdown 3.11 on CPython 3.11 and the extensions of the demo's mkdocs.yml):

- each piece of inline text (a paragraph, a list item, a table row) is copied again
  after every link, emphasis, tag or escape found in it: 20,000 characters of `*a*`
  take 0.5 s, 50,000 take 2.8 s, a 2 MB paragraph of `[a](b)` takes 220 s;
- from every `[`, and every `(` after `](`, it reads on character by character to the
  closing bracket, or to the end of the paragraph when there is none: 10,000 `[` in a
  row take 18 s;
- Python's HTML parser, which reads the whole post first, reads on from every `<b` or
  `</b` to the next `>`: 100,000 characters of `<a` and a new line take 105 s;
- a heading, a rule or a setext underline splits a block (lines without a blank line
  between them), and the rest of the block is read again: 10,000 lines of `-` take 4 s;
- lists and quotes nested 256 deep take a second and end in a RecursionError, 1,000
  deep take 16 to 35 s.

A post is refused, with the line, when a line or a paragraph is longer than its limit,
when a block would be read again too often, or when lists and quotes, brackets, or
tags left open go deeper than `max_depth`. Within the limits a post's conversion grows
in proportion to its size (about 1.5 µs a character for prose, up to 10 µs for the
densest markup, such as `*a*` repeated).

The counts are made so that they never undercount what Python-Markdown reads: a
fenced code block is skipped only when every fence extension ends it at the same line;
a paragraph ends at a blank line, a table row or a list item only where Python-Markdown
ends its piece of inline text too, and not at all inside an element it reads as one
span (`<p markdown="1">`, `markdown="span"`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .problems import Finding
from .text import blank_code_spans

MAX_LINE_CHARS = 20_000  # the longest real paragraphs, on one line, have a few thousand
MAX_PARAGRAPH_CHARS = 20_000
MAX_DEPTH = 16  # real posts: lists 5 deep, quotes 3, brackets 2 (an image in a link)
# Characters Python-Markdown reads again in one block (lines without a blank one between
# them) because a heading, a rule or an underline splits it there: it reads the rest of
# the block again at each, at about 30 ns a character (0.3 s for this many). A post
# written without blank lines, 100 headings in 100,000 characters, needs 5 million.
MAX_SPLIT_READS = 10_000_000

CODES = (
    "line-too-long",
    "paragraph-too-long",
    "blank-lines-missing",
    "nesting-too-deep",
    "brackets-too-deep",
    "html-unclosed",
)

# Fences, found in the whole text at once: an opening fence every fence extension reads
# as one (at the start of a line, with at most a plain language name; superfences reads
# more forms, which are then counted as text: that can only count more), and any line
# that looks like a closing fence (any indentation or `>`).
_FENCE_OPEN_RE = re.compile(r"^(`{3,}|~{3,})[ ]*[\w#.+-]*[ ]*$", re.M)
_FENCE_CLOSE_RE = re.compile(r"^[ \t>]*(`{3,}|~{3,})[^\S\n]*$", re.M)
# Indentation, `>` and list markers at the start of a line.
_PREFIX_RE = re.compile(r"(?:[ \t]|>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))*")
_PREFIX_CHARS = " \t>-*+.)0123456789"
_PREFIX_TOKEN_RE = re.compile(r"[ \t]+|>|[-*+]|\d{1,9}[.)]")
# A list item as Python-Markdown starts one (`1.`, not `1)`), indented less than a tab.
_ITEM_RE = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}\.)[ ]+")
# A table's delimiter row (`| --- | :-: |`).
_DELIMITER_RE = re.compile(r"(?:\|[ ]*)?:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*(?:\|[ ]*)?")
# A setext heading's underline.
_UNDERLINE_RE = re.compile(r"(?:=+|-+)[ ]*")
# Brackets Python-Markdown reads on from (`\[` is text; code spans are blanked first).
_BRACKET_RE = re.compile(r"\\.|\]\(|[\[\]()]")
# `<b` or `</b` (Python's HTML parser reads on to the next `>`) and `>`.
_TAG_RE = re.compile(r"</?[A-Za-z]|>")
_TAG_NAME_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# An element md_in_html reads as one span of inline text, blank lines and all: one of
# its `span_tags` with `markdown="1"`, or any element with `markdown="span"`.
_SPAN_ELEMENT_RE = re.compile(
    r"<(?P<tag>[A-Za-z][A-Za-z0-9-]*)\b[^<>]*?\smarkdown(?:\s*=\s*[\"']?(?P<mode>\w*))?",
    re.I,
)
_SPAN_TAGS = frozenset(
    {"address", "dd", "dt", "legend", "li", "p", "summary", "td", "th"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)


def check(
    markdown: str,
    first_line: int = 1,
    *,
    max_line_chars: int = MAX_LINE_CHARS,
    max_paragraph_chars: int = MAX_PARAGRAPH_CHARS,
    max_depth: int = MAX_DEPTH,
) -> list[Finding]:
    """What in `markdown` goes past a limit: the first place of each kind, at its file
    line (the Markdown's first line is file line `first_line`)."""
    found: dict[str, Finding] = {}

    def add(code: str, index: int, message: str, fix: str) -> None:
        found.setdefault(code, Finding(code, first_line + index, message, fix))

    def end_piece() -> None:
        if not long_line:
            what = "list item" if piece_block == "list" and not piece_span else "paragraph"
            inside = f" (the `<{piece_span}>` element reads as one)" if piece_span else ""
            add(
                "paragraph-too-long",
                piece_start,
                f"the {what} that starts at line {first_line + piece_start} is "
                f"{piece_chars:,} characters long{inside}, more than the "
                f"{max_paragraph_chars:,} the build reads",
                "put blank lines between its parts",
            )

    def end_block(end: int) -> None:
        if splits * block_chars - split_offsets > MAX_SPLIT_READS:
            add(
                "blank-lines-missing",
                block_start,
                f"lines {first_line + block_start:,} to {first_line + end - 1:,} hold "
                f"{splits:,} headings, rules or underlines with no blank line between "
                "them; the build reads the lines after each one again, more than it "
                "reads for one block",
                "put a blank line before and after each heading and rule",
            )

    lines = markdown.split("\n")
    code = _fenced_code(markdown, lines)
    block = ""  # the block being read: "" (none yet), "text", "list" or "table"
    piece_start = piece_chars = 0  # the piece of inline text being read
    piece_span = ""  # the tag of an element that makes the piece one span, if any
    piece_block = ""  # the kind of block the piece is in
    span: tuple[str, int] | None = None  # that element while open: tag, how many open
    long_line = False  # whether the piece has a line too long (reported as such)
    block_start = block_chars = 0  # the block (lines between blank ones): start, size
    splits = split_offsets = 0  # the lines that split it, and the sum of their offsets
    brackets = parens = tags = 0
    for index, line in enumerate(lines):
        size = len(line)
        if size > max_line_chars:
            add(
                "line-too-long",
                index,
                f"line {first_line + index} is {size:,} characters long, more than the "
                f"{max_line_chars:,} the build reads",
                "break it into paragraphs (an image embedded as `data:` goes in a file "
                "under docs/ instead)",
            )
        if code and index in code:
            continue  # a fenced block: Python-Markdown sets it aside unread
        first = line[:1]
        if span is None:
            # Blank for Python-Markdown is spaces and tabs only (a no-break space is text).
            if not line.strip(" \t"):
                if piece_chars > max_paragraph_chars:
                    end_piece()
                if splits:
                    end_block(index)
                block, piece_chars, long_line, brackets, parens = "", 0, False, 0, 0
                block_chars = splits = split_offsets = 0
                continue
            # A piece of inline text starts at a block's first line, a table's row, a
            # list's item; never inside an element read as one span.
            if not block:
                following = lines[index + 1] if index + 1 < len(lines) else ""
                if "|" in line and _is_table(line, following):
                    block = "table"
                elif _ITEM_RE.match(line) and not _is_break(line):
                    block = "list"
                else:
                    block = "text"
                new_piece = True
            else:
                new_piece = block == "table" or (
                    block == "list" and first in _PREFIX_CHARS and _ITEM_RE.match(line)
                )
            if new_piece:
                if piece_chars > max_paragraph_chars:
                    end_piece()
                piece_start, piece_chars, piece_span, piece_block = index, 0, "", block
                long_line, brackets, parens = False, 0, 0
        piece_chars += size + (piece_chars > 0)
        long_line = long_line or size > max_line_chars
        if not block_chars:
            block_start = index
        content = line.lstrip(" \t>")
        if (
            content[:1] in _SPLIT_STARTS
            # a rule or an underline is made of its marks and spaces only
            and (content[:1] not in "-*_" or not content.strip(_RULE_CHARS))
            and _splits(line)
        ):
            splits, split_offsets = splits + 1, split_offsets + block_chars
        block_chars += size + 1
        # Every level takes a character at least: only a line that starts with more
        # than `max_depth` characters of indentation and markers can be too deep.
        if (
            size > max_depth
            and first in _PREFIX_CHARS
            and not line[: max_depth + 1].strip(_PREFIX_CHARS)
            and "nesting-too-deep" not in found
        ):
            depth = _container_depth(line)
            if depth > max_depth:
                add(
                    "nesting-too-deep",
                    index,
                    f"line {first_line + index} nests lists and quotes {depth} deep, more "
                    f"than the {max_depth} the build reads",
                    "flatten the list or the quote",
                )
        if ("[" in line or parens) and "brackets-too-deep" not in found:
            brackets, parens, over = _brackets(line, brackets, parens, max_depth)
            if over:
                add(
                    "brackets-too-deep",
                    index,
                    f"line {first_line + index} has {max_depth + 1} brackets open at once "
                    "(`[`, or `(` after `](`, nested or never closed), more than the "
                    f"{max_depth} the build reads",
                    "close each `[` with `]` and each link's `(` with `)`; write a "
                    "bracket that is text as `\\[`",
                )
        if "<" in line:
            if "html-unclosed" not in found:
                for token in _TAG_RE.findall(line):
                    tags = 0 if token == ">" else tags + 1
                    if tags > max_depth:
                        add(
                            "html-unclosed",
                            index,
                            f"line {first_line + index} has {max_depth + 1} HTML tags open "
                            "at once (`<` and a letter that no `>` closes yet), more than "
                            f"the {max_depth} the build reads",
                            "close each tag with `>`; write a `<` that is text as `&lt;`",
                        )
                        break
            span = _span(line, span)
            if span is not None:
                piece_span = span[0]
        elif ">" in line:
            tags = 0
        # A thematic break, an ATX heading or a setext underline ends a block for
        # Python-Markdown: what follows it starts a new one.
        if (
            span is None
            and first in _RESTART_STARTS
            and (first == "#" or not line.strip(_RULE_CHARS))
            and _restarts(line, index == block_start)
        ):
            block = ""
    if piece_chars > max_paragraph_chars:
        end_piece()
    if splits:
        end_block(len(lines))
    return sorted(found.values(), key=lambda f: f.line)


_SPLIT_STARTS = frozenset("#!?=-*_[:")
_RESTART_STARTS = frozenset(" #=-*_")
_RULE_CHARS = " -*_="


def _splits(line: str) -> bool:
    """Whether Python-Markdown may split a block at `line` and read the rest of the
    block again: an ATX heading, a setext underline or a thematic break; with
    extensions an admonition (`!!!`), details (`???`), a content tab (`===`), a
    footnote (`[^1]:`) or a definition (`: `). Counted also inside quotes and lists;
    counting one too many can only refuse sooner."""
    content = line.lstrip(" \t>")
    head = content[:1]
    if head in ("#", ":"):
        return True
    if head == "[":
        return content.startswith("[^")
    if head in ("!", "?"):
        return content.startswith(("!!!", "???"))
    if head == "=" and content.startswith("==="):
        return True
    rest = content.rstrip(" ")
    return not rest.strip(head) or _is_break(content)  # an underline, or a break


def _restarts(line: str, first_of_block: bool) -> bool:
    """Whether Python-Markdown (with any extensions) ends the block at `line` and reads
    what follows as a new one: only the splits of Python-Markdown itself, at the start
    of a line (an ATX heading, a thematic break, a setext underline)."""
    head = line[:1]
    if head == "#":
        return True
    if head in ("=", "-") and not first_of_block and _UNDERLINE_RE.fullmatch(line):
        return True
    return head in (" ", "-", "*", "_") and _is_break(line)


def _brackets(line: str, brackets: int, parens: int, limit: int) -> tuple[int, int, bool]:
    """The `[` and link `(` open after `line`, from those open before it; and whether
    more than `limit` were open at once on it."""
    for token in _BRACKET_RE.findall(blank_code_spans(line)):
        if token == "[":
            brackets += 1
        elif token == "]":
            brackets -= brackets > 0
        elif token == "](":
            if brackets:
                brackets, parens = brackets - 1, parens + 1
        elif token == "(":
            parens += parens > 0
        elif token == ")":
            parens -= parens > 0
        else:
            continue  # an escaped character
        if brackets + parens > limit:
            return brackets, parens, True
    return brackets, parens, False


def _fenced_code(markdown: str, lines: list[str]) -> set[int]:
    """Indexes of the lines of fenced code blocks, fences included: a block opened by
    a fence at the start of a line whose first closing-looking line (the same
    character, as many or more, any indentation or `>`) is the same fence, which
    Python-Markdown's `fenced_code` and pymdownx's `superfences` both end there. Other
    fences are left as text."""
    if "```" not in markdown and "~~~" not in markdown:
        return set()
    closers: dict[str, list[int]] = {"`": [], "~": []}
    for index, match in _line_numbered(markdown, _FENCE_CLOSE_RE):
        closers[match.group(1)[0]].append(index)
    code: set[int] = set()
    after_code = 0  # the first line after the last block found
    for index, match in _line_numbered(markdown, _FENCE_OPEN_RE):
        if index < after_code:
            continue
        fence = match.group(1)
        ends = closers[fence[0]]
        at = bisect_right(ends, index)
        if at < len(ends) and lines[ends[at]].rstrip(" ") == fence:
            code.update(range(index, ends[at] + 1))
            after_code = ends[at] + 1
    return code


def _line_numbered(text: str, pattern: re.Pattern[str]):
    """(0-based line, match) for each match of `pattern` in `text`."""
    line, at = 0, 0
    for match in pattern.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        yield line, match


def _is_table(line: str, following: str) -> bool:
    """Whether a block that starts with `line`, `following` is a table for
    Python-Markdown's `tables`: a header, then a delimiter row of as many cells. Only
    plain headers count (no code or escapes, which move where cells split)."""
    if "`" in line or "\\" in line or not _DELIMITER_RE.fullmatch(following):
        return False
    header = line.strip(" ")
    border = header.startswith("|") or header.endswith("|")
    return _cells(header, border) == _cells(following.strip(" "), border) > 1


def _cells(row: str, border: bool) -> int:
    """Cells of a table row as `tables` splits it: a border pipe on either side is
    dropped when the header has one."""
    if border:
        row = row.removeprefix("|").removesuffix("|")
    return row.count("|") + 1


def _container_depth(line: str) -> int:
    """How deep a line nests lists, quotes and what else indentation opens (admonitions,
    details): a level for each `>` and list marker, and one for each tab stop of
    indentation at the start of the line or after a `>` (Python-Markdown reads the
    spaces after a list marker as part of the marker). A thematic break (`* * *`) is
    no list."""
    match = _PREFIX_RE.match(line)
    depth, counted, marked = 0, True, False
    for token in _PREFIX_TOKEN_RE.findall(match.group() if match else ""):
        if token[0] in " \t":
            depth += (token.count(" ") + 4 * token.count("\t")) // 4 if counted else 0
            continue
        if not marked and _is_break(line):
            break
        depth, counted, marked = depth + 1, token == ">", True
    return depth


def _is_break(line: str) -> bool:
    """A thematic break as Python-Markdown reads one: up to 3 spaces, then 3 or more of
    one of `-`, `*`, `_` with at most 2 spaces between them."""
    rest = line.lstrip(" ")
    mark = rest[:1]
    if mark not in ("-", "*", "_") or len(line) - len(rest) > 3:
        return False
    rest = rest.rstrip(" ")
    return not rest.strip(mark + " ") and rest.count(mark) >= 3 and "   " not in rest


def _span(line: str, span: tuple[str, int] | None) -> tuple[str, int] | None:
    """The element read as one span that is open after `line`, if any: its tag and
    how many elements of that tag are open (`<tag` less `</tag` on each line)."""
    if span is None:
        match = _SPAN_ELEMENT_RE.search(line)
        if not match:
            return None
        tag, mode = match.group("tag").lower(), (match.group("mode") or "1").lower()
        if not (mode == "span" or (mode == "1" and tag in _SPAN_TAGS)):
            return None
        span, line = (tag, 0), line[match.start() :]
    tag, depth = span
    for close, name in _TAG_NAME_RE.findall(line):
        if name.lower() == tag:
            depth += -1 if close else 1
    return (tag, depth) if depth > 0 else None
