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
from collections.abc import Iterator

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
    r"<(?P<tag>[A-Za-z][A-Za-z0-9-]*+)\b[^<>]*?\smarkdown(?:\s*=\s*[\"']?(?P<mode>\w*))?",
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
    scan = _Scan(first_line, max_line_chars, max_paragraph_chars, max_depth)
    lines = markdown.split("\n")
    code = _fenced_code(markdown, lines)
    for index, line in enumerate(lines):
        scan.line_length(index, line)
        if code and index in code:
            continue  # a fenced block: Python-Markdown sets it aside unread
        if scan.span is None and not scan.start_piece(index, line, lines):
            continue  # a blank line
        scan.count(index, line)
        scan.nesting(index, line)
        scan.brackets(index, line)
        scan.html(index, line)
        scan.restart(index, line)
    scan.end_piece()
    scan.end_block(len(lines))
    return sorted(scan.found.values(), key=lambda f: f.line)


class _Scan:
    """What `check` knows as it reads the lines of a post one by one, and what it found
    (the first place of each kind)."""

    def __init__(
        self, first_line: int, max_line_chars: int, max_paragraph_chars: int, max_depth: int
    ) -> None:
        self.first_line = first_line
        self.max_line_chars = max_line_chars
        self.max_paragraph_chars = max_paragraph_chars
        self.max_depth = max_depth
        self.found: dict[str, Finding] = {}
        self.block = ""  # the block being read: "" (none yet), "text", "list" or "table"
        self.piece_start = self.piece_chars = 0  # the piece of inline text being read
        self.piece_span = ""  # the tag of an element that makes the piece one span, if any
        self.piece_block = ""  # the kind of block the piece is in
        self.span: tuple[str, int] | None = None  # that element while open: tag, how many
        self.long_line = False  # whether the piece has a line too long (reported as such)
        self.block_start = self.block_chars = 0  # the block (lines between blank ones)
        self.splits = self.split_offsets = 0  # the lines that split it, their offsets' sum
        self.open_brackets = self.open_parens = self.open_tags = 0

    def add(self, code: str, index: int, message: str, fix: str) -> None:
        """Report `code` at line `index` of the Markdown, unless it is reported already."""
        self.found.setdefault(code, Finding(code, self.first_line + index, message, fix))

    def end_piece(self) -> None:
        """The piece of inline text ends: report it when it is too long."""
        if self.piece_chars > self.max_paragraph_chars and not self.long_line:
            span = self.piece_span
            what = "list item" if self.piece_block == "list" and not span else "paragraph"
            inside = f" (the `<{span}>` element reads as one)" if span else ""
            self.add(
                "paragraph-too-long",
                self.piece_start,
                f"the {what} that starts at line {self.first_line + self.piece_start} is "
                f"{self.piece_chars:,} characters long{inside}, more than the "
                f"{self.max_paragraph_chars:,} the build reads",
                "put blank lines between its parts",
            )

    def end_block(self, end: int) -> None:
        """The block ends before line `end`: report it when it is read again too often."""
        if self.splits and self.splits * self.block_chars - self.split_offsets > MAX_SPLIT_READS:
            first = self.first_line
            self.add(
                "blank-lines-missing",
                self.block_start,
                f"lines {first + self.block_start:,} to {first + end - 1:,} hold "
                f"{self.splits:,} headings, rules or underlines with no blank line between "
                "them; the build reads the lines after each one again, more than it "
                "reads for one block",
                "put a blank line before and after each heading and rule",
            )

    def line_length(self, index: int, line: str) -> None:
        """Report a line too long (fenced code too)."""
        if len(line) > self.max_line_chars:
            self.add(
                "line-too-long",
                index,
                f"line {self.first_line + index} is {len(line):,} characters long, more "
                f"than the {self.max_line_chars:,} the build reads",
                "break it into paragraphs (an image embedded as `data:` goes in a file "
                "under docs/ instead)",
            )

    def start_piece(self, index: int, line: str, lines: list[str]) -> bool:
        """Outside an element read as one span: end the block at a blank line (and
        answer False), else start a piece of inline text where one starts: at a
        block's first line, a table's row, a list's item."""
        # Blank for Python-Markdown is spaces and tabs only (a no-break space is text).
        if not line.strip(" \t"):
            self.end_piece()
            self.end_block(index)
            self.block, self.piece_chars, self.long_line = "", 0, False
            self.open_brackets = self.open_parens = 0
            self.block_chars = self.splits = self.split_offsets = 0
            return False
        if not self.block:
            self.block = _block_kind(line, lines[index + 1] if index + 1 < len(lines) else "")
            new_piece = True
        else:
            new_piece = self.block == "table" or (
                self.block == "list"
                and line[:1] in _PREFIX_CHARS
                and _ITEM_RE.match(line) is not None
            )
        if new_piece:
            self.end_piece()
            self.piece_start, self.piece_chars, self.piece_span = index, 0, ""
            self.piece_block = self.block
            self.long_line, self.open_brackets, self.open_parens = False, 0, 0
        return True

    def count(self, index: int, line: str) -> None:
        """Count the line into its piece and its block, and whether it splits the block."""
        size = len(line)
        self.piece_chars += size + (self.piece_chars > 0)
        self.long_line = self.long_line or size > self.max_line_chars
        if not self.block_chars:
            self.block_start = index
        content = line.lstrip(" \t>")
        if (
            content[:1] in _SPLIT_STARTS
            # a rule or an underline is made of its marks and spaces only
            and (content[:1] not in "-*_" or not content.strip(_RULE_CHARS))
            and _splits(line)
        ):
            self.splits, self.split_offsets = self.splits + 1, self.split_offsets + self.block_chars
        self.block_chars += size + 1

    def nesting(self, index: int, line: str) -> None:
        """Report lists and quotes nested too deep."""
        max_depth = self.max_depth
        # Every level takes a character at least: only a line that starts with more
        # than `max_depth` characters of indentation and markers can be too deep.
        if (
            len(line) > max_depth
            and line[:1] in _PREFIX_CHARS
            and not line[: max_depth + 1].strip(_PREFIX_CHARS)
            and "nesting-too-deep" not in self.found
        ):
            depth = _container_depth(line)
            if depth > max_depth:
                self.add(
                    "nesting-too-deep",
                    index,
                    f"line {self.first_line + index} nests lists and quotes {depth} deep, "
                    f"more than the {max_depth} the build reads",
                    "flatten the list or the quote",
                )

    def brackets(self, index: int, line: str) -> None:
        """Report brackets open too deep (counted across the lines of a piece)."""
        if ("[" in line or self.open_parens) and "brackets-too-deep" not in self.found:
            max_depth = self.max_depth
            self.open_brackets, self.open_parens, over = _brackets(
                line, self.open_brackets, self.open_parens, max_depth
            )
            if over:
                self.add(
                    "brackets-too-deep",
                    index,
                    f"line {self.first_line + index} has {max_depth + 1} brackets open at "
                    "once (`[`, or `(` after `](`, nested or never closed), more than the "
                    f"{max_depth} the build reads",
                    "close each `[` with `]` and each link's `(` with `)`; write a "
                    "bracket that is text as `\\[`",
                )

    def html(self, index: int, line: str) -> None:
        """Report HTML tags open too deep, and follow an element read as one span."""
        if "<" in line:
            if "html-unclosed" not in self.found:
                self._tags(index, line)
            self.span = _span(line, self.span)
            if self.span is not None:
                self.piece_span = self.span[0]
        elif ">" in line:
            self.open_tags = 0

    def _tags(self, index: int, line: str) -> None:
        max_depth = self.max_depth
        for token in _TAG_RE.findall(line):
            self.open_tags = 0 if token == ">" else self.open_tags + 1
            if self.open_tags > max_depth:
                self.add(
                    "html-unclosed",
                    index,
                    f"line {self.first_line + index} has {max_depth + 1} HTML tags open "
                    "at once (`<` and a letter that no `>` closes yet), more than "
                    f"the {max_depth} the build reads",
                    "close each tag with `>`; write a `<` that is text as `&lt;`",
                )
                break

    def restart(self, index: int, line: str) -> None:
        """A thematic break, an ATX heading or a setext underline ends a block for
        Python-Markdown: what follows it starts a new one."""
        first = line[:1]
        if (
            self.span is None
            and first in _RESTART_STARTS
            and (first == "#" or not line.strip(_RULE_CHARS))
            and _restarts(line, index == self.block_start)
        ):
            self.block = ""


def _block_kind(line: str, following: str) -> str:
    """The kind of block that starts at `line` ("table", "list" or "text")."""
    if "|" in line and _is_table(line, following):
        return "table"
    if _ITEM_RE.match(line) and not _is_break(line):
        return "list"
    return "text"


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


def _line_numbered(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, re.Match[str]]]:
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
