"""What Python-Markdown renders as code in a post, found without rendering it.

Pure: Markdown in, the places of its code out. Every scanner (images, raw HTML, FAQ,
summary, other generators' syntax) reads `prose(markdown)`: the text with every
character of code and of HTML comments replaced by a space, lines and columns kept,
so that an image, a tag or a heading written inside code is never taken for one.

Code is what Python-Markdown 3.11 makes `<code>` with the extensions this project
configures (MkDocs' `toc`, `tables`, `fenced_code`; `pymdownx.superfences`,
`admonition`, `pymdownx.details`, `pymdownx.tabbed`, `footnotes`, `md_in_html`,
`attr_list`, `pymdownx.highlight`/`inlinehilite`), read in Python-Markdown's order:

1. fenced blocks, as superfences finds them in the whole text first: at any
   indentation and inside `>`, closed by the same fence, never closed: text. An
   indented code block that takes a fence's placeholder line puts the fence back as
   text, and so does this reader;
2. HTML, as Python-Markdown's HTML parser reads it: a comment, `<hr>` or block-level
   element that starts a line (up to three spaces in) is set aside as a block of its
   own. Comments are blanked; HTML stays as written (its images and tags are real),
   and an element with `markdown="1"` has Markdown content;
3. blocks, as its block processors read them, in their priority order: indented code
   is a block that starts with four spaces and does not go on with a list item, an
   admonition, a details block, a tab or a footnote (which take four more); a line
   that goes on with a paragraph is never code, but a heading, a rule or an underline
   ends a block and what follows starts a new one;
4. code spans in each piece of inline text: from a backtick run that no backslash
   escapes to the next run as long; when there is none and only shorter runs follow,
   to the first of the longest of them; and comments outside code spans.

`tests/test_code_is_code.py` compares this with Python-Markdown on generated texts.
Known difference: Python-Markdown reads again, from the start, the text after an
inline element in a tight list item that holds a list, and in a footnote's last
paragraph; a backtick run left unpaired there can pair otherwise.

Linear in the text: each line is read a fixed number of times at each level of
nesting; blocks nested deeper than `MAX_DEPTH` are not read for code at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache

TAB = 4  # Python-Markdown's tab_length
MAX_DEPTH = 100  # blocks read inside each other (limits.py refuses lists, quotes over 16)
_INDENT = " " * TAB
_PH = "\x02\x03"  # stands for what Python-Markdown sets aside (HTML, a comment)
_FENCE_PH_RE = re.compile(r"([> ]*)\x02f(\d+)\x03")  # a fenced block's placeholder line

# -- 1. fences, as superfences finds them ----------------------------------------------------
_FENCE_RE = re.compile(r"`{3,}|~{3,}")
_LANG_RE = re.compile(r"[ \t]*\.?[\w#.+-]+(?=[ \t]|$)")
_OPTION_KEY_RE = re.compile(r"[ \t]*([a-zA-Z][a-zA-Z0-9_]*)")
_HL_LINES_RE = re.compile(r"\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*")
_LINENUMS_RE = re.compile(r"\d+")

# -- 2. HTML ----------------------------------------------------------------------------------
_COMMENT_CLOSE_RE = re.compile(r"--!?>")
# A start tag: its name (HTML's parser stops a name at a backtick here, as Python-Markdown
# patches it to), then anything up to the `>`; neither part runs past a `<`.
_START_TAG_RE = re.compile(r"<([a-zA-Z][^`\t\n\r\f />\x00<]*)((?:[`\t\n\r\f /\x00][^<>]*)?)>")
_MARKDOWN_ATTR_RE = re.compile(r"""(?:^|[\s"'])markdown(?:\s*=\s*["']?(\w*))?""", re.I)
# Python-Markdown's block-level elements (`markdown.util.BLOCK_LEVEL_ELEMENTS`).
# fmt: off
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
    "canvas", "colgroup", "dd", "body", "dt", "group", "html", "iframe", "li", "legend",
    "math", "map", "noscript", "output", "object", "option", "progress", "script", "style",
    "summary", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "video", "center",
})
# fmt: on
# A character reference, as HTML's parser reads one.
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z][-.a-zA-Z0-9]*;|#[0-9]+;?|#[xX][0-9a-fA-F]+;?)")
_RAW_TEXT_TAGS = frozenset({"script", "style"})  # read as text up to their end tag

# -- 3. blocks --------------------------------------------------------------------------------
_OL_RE = re.compile(r"[ ]{0,3}\d+\.[ ]+")
_UL_RE = re.compile(r"[ ]{0,3}[*+-][ ]+")
_CHILD_RE = re.compile(r"[ ]{0,3}(?:\d+\.|[*+-])[ ]+")
_INDENT_ITEM_RE = re.compile(r"[ ]{4,7}(?:\d+\.|[*+-])[ ]+")
_QUOTE_RE = re.compile(r"[ ]{0,3}>[ ]?")
_ADMONITION_RE = re.compile(r'!!! ?[\w\-]+(?: +[\w\-]+)*(?: +"(.*?)")? *$')
_DETAILS_RE = re.compile(
    r'\?{3}\+? ?(?:(?:[\w\-]+(?: +[\w\-]+)*?)?(?: +"(.*?)")|[\w\-]+(?: +[\w\-]+)*?) *$'
)
_TAB_RE = re.compile(r'={3}(?:\+|\+!|!\+|!)? +"(.*?)" *$')  # pymdownx.tabbed
_FOOTNOTE_RE = re.compile(r"[ ]{0,3}\[\^([^\]]*)\]:[ ]*")
_REFERENCE_RE = re.compile(r"""[ ]{0,3}\[[^\[\]]*\]:[ ]*\S+[ ]*(?:(["']).*\1[ ]*|\(.*\)[ ]*)?$""")
_SETEXT_RE = re.compile(r"(?:=+|-+)[ ]*$")
_TABLE_PIPES_RE = re.compile(r"(\\\\)|(\\`+)|(`+)|(\\\|)|(\|)")
_END_BORDER_RE = re.compile(r"(?<!\\)(?:\\\\)*\|$")

# -- 4. inline --------------------------------------------------------------------------------
_TICKS_RE = re.compile(r"`+")


# ==============================================================================================
# The public functions
# ==============================================================================================
def prose(markdown: str, *, spans: bool = True) -> str:
    """`markdown` with every character of code and of HTML comments replaced by a space
    (new lines stay, so line and column numbers do not move). `spans=False` keeps code
    spans (inline code) as written and blanks only code blocks and comments."""
    ranges = code_ranges(markdown, spans=spans)
    if not ranges:
        return markdown
    parts, at = [], 0
    for start, end in ranges:
        piece = markdown[start:end]
        parts += [markdown[at:start], _blank(piece)]
        at = end
    parts.append(markdown[at:])
    return "".join(parts)


def code_lines(markdown: str) -> set[int]:
    """0-based indexes of the lines that start inside code or a comment (their first
    character that is not a space is code): a heading or a question there is none."""
    text = prose(markdown)
    found: set[int] = set()
    for index, (line, seen) in enumerate(zip(markdown.split("\n"), text.split("\n"), strict=True)):
        stripped = line.lstrip()
        if stripped and seen[len(line) - len(stripped)] == " ":
            found.add(index)
    return found


def code_ranges(markdown: str, *, spans: bool = True) -> list[tuple[int, int]]:
    """(start, end) offsets in `markdown` of its code and HTML comments, in order and
    apart from each other; `spans=False` leaves code spans out."""
    if not _may_hold_code(markdown):
        return []
    blocks, inline = _analysis(markdown)
    return _merged(blocks + inline) if spans else blocks


@lru_cache(maxsize=8)
def _analysis(markdown: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The code blocks and comments of `markdown`, and its code spans, each merged (kept
    for the few scanners that read the same post in turn)."""
    reader = _Reader(markdown)
    reader.read()
    return _merged(reader.found), _merged(reader.spans)


def inline_code_spans(text: str) -> list[tuple[int, int]]:
    """Where Python-Markdown's code spans are in one piece of inline text, as (start,
    end) offsets, backticks included: from a run of backticks not after a backslash to
    the next run of as many; when none follows and the longest run that follows is
    shorter, to the first run of that length (the opening run then starts as long);
    otherwise the run is text. In time linear in the text."""
    if "`" not in text:
        return []
    runs = [(m.start(), m.end()) for m in _TICKS_RE.finditer(text)]
    if len(runs) < 2:
        return []
    closings = _Closings(runs)
    found: list[tuple[int, int]] = []
    position = 0  # where Python-Markdown looks for the next opening backtick
    for index, (start, end) in enumerate(runs):
        if end <= position:
            continue
        begin = max(start, position)
        if begin == start and start and text[start - 1] == "\\":
            begin = _after_backslashes(text, start, position)
        if begin >= end:
            continue
        ticks = end - begin
        closing = closings.closing(ticks, index)
        if closing is None:
            position = begin + 2 * ticks  # Python-Markdown goes on from there
            continue
        found.append((begin, runs[closing][1]))
        position = runs[closing][1]
    return found


def _after_backslashes(text: str, start: int, position: int) -> int:
    """Where a run of backticks at `start`, after a backslash, may open a code span: at
    `start` when the backslashes before it are escaped ones, else one further."""
    slashes = 1
    while slashes < start and text[start - slashes - 1] == "\\":
        slashes += 1
    # An even run of backslashes is read as escaped backslashes first, and only
    # when it starts where Python-Markdown is looking.
    if slashes % 2 or start - slashes < position:
        return start + 1
    return start


class _Closings:
    """Which run of backticks closes a code span, for runs asked about in order: each
    run of each length is passed once, so all the answers take linear time."""

    __slots__ = ("_lengths", "_longest", "_passed")

    def __init__(self, runs: list[tuple[int, int]]) -> None:
        lengths: dict[int, list[int]] = {}  # run length -> indexes of the runs of that length
        for index, (start, end) in enumerate(runs):
            lengths.setdefault(end - start, []).append(index)
        self._lengths = lengths
        self._passed = dict.fromkeys(lengths, 0)  # per length: how many runs are behind us
        longest = [0] * (len(runs) + 1)  # the longest run from each index on
        for index in range(len(runs) - 1, -1, -1):
            longest[index] = max(longest[index + 1], runs[index][1] - runs[index][0])
        self._longest = longest

    def closing(self, ticks: int, index: int) -> int | None:
        """The run that closes a span of `ticks` backticks opened at run `index`: the
        next as long; else, when only shorter runs follow, the first of the longest."""
        closing = self._first_after(ticks, index)
        if closing is None:
            shorter = self._longest[index + 1]
            if 0 < shorter < ticks:
                closing = self._first_after(shorter, index)
        return closing

    def _first_after(self, length: int, index: int) -> int | None:
        """The first run of `length` after run `index`."""
        same = self._lengths.get(length)
        if not same:
            return None
        at = self._passed[length]
        while at < len(same) and same[at] <= index:
            at += 1
        self._passed[length] = at
        return same[at] if at < len(same) else None


def _inline_comments(text: str, code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """HTML comments (`<!--` to the next `-->`, with no `<!--` between) in inline text,
    outside its code spans."""
    if "<!--" not in text:
        return []
    if code:
        parts, at = [], 0
        for start, end in code:
            parts += [text[at:start], "\x02" * (end - start)]
            at = end
        text = "".join(parts) + text[at:]
    found: list[tuple[int, int]] = []
    at = 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        again = text.find("<!--", start + 4, end + 3)
        if again != -1 and again < end:
            at = again  # the comment cannot hold `<!--`: it may start there
            continue
        found.append((start, end + 3))
        at = end + 3
    return found


def _blank(text: str) -> str:
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(part) for part in text.split("\n"))


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    ranges.sort()
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _may_hold_code(markdown: str) -> bool:
    return (
        "`" in markdown
        or "~~~" in markdown
        or "<!--" in markdown
        or "\t" in markdown
        or "    " in markdown  # indented code, also after `>` or in a list
    )


# ==============================================================================================
# The reader
# ==============================================================================================
class _Line:
    """A line as the block parser reads it: its text, and where its characters come
    from (`runs`: (column here, offset in the original text, length)); a line made by
    the parser (a placeholder) has no runs."""

    __slots__ = ("inner", "runs", "text")

    def __init__(self, text: str, runs: list[tuple[int, int, int]]) -> None:
        self.text = text
        self.runs = runs
        self.inner: list[_Line] | None = None  # an element's content (`markdown="1"`)


class _Fence:
    """A fenced block superfences set aside: its lines, the column where the code of
    each starts, the width of the opening line's indentation; and whether an indented
    code block took it back as text (superfences then restores it)."""

    __slots__ = ("lines", "reverted", "starts", "width")

    def __init__(self, lines: list[_Line], starts: list[int], width: int) -> None:
        self.lines, self.starts, self.width = lines, starts, width
        self.reverted = False


class _Reader:
    def __init__(self, markdown: str) -> None:
        self.markdown = markdown
        self.found: list[tuple[int, int]] = []  # offsets in `markdown`: blocks, comments
        self.spans: list[tuple[int, int]] = []  # and code spans
        self.fences: list[_Fence] = []

    # -- the whole text ----------------------------------------------------------------
    def read(self) -> None:
        lines = self._expanded()
        stream = self._fences(lines)
        if "<" in self.markdown:
            stream = self._html(stream)
        parser = _BlockParser(stream, self.fences)
        parser.parse()
        for line, start, end in parser.code:
            self._mark(line, start, end)
        for fence in self.fences:
            if not fence.reverted:
                for line, start in zip(fence.lines, fence.starts, strict=True):
                    self._mark(line, start, len(line.text))
        for unit in parser.units:
            self._inline(unit)

    def _expanded(self) -> list[tuple[str, int, list[int] | None]]:
        """Each line as Python-Markdown reads it: tabs expanded to stops of four, a line
        of spaces alone empty; with its offset and, where tabs moved columns, the
        original column of each one."""
        out = []
        offset = 0
        for index, line in enumerate(self.markdown.split("\n")):
            columns = None
            text = line
            if "\t" in line:
                text, columns = _expand(line)
            if index and text and not text.strip(" "):
                text = ""
            out.append((text, offset, columns))
            offset += len(line) + 1
        return out

    def _mark(self, line: _Line, start: int, end: int) -> None:
        """Mark columns `start` to `end` of `line` as code."""
        for column, origin, length in line.runs:
            a, b = max(start, column), min(end, column + length)
            if a < b:
                self.found.append((origin + a - column, origin + b - column))

    # -- 1. fences -----------------------------------------------------------------------
    def _fences(self, lines: list[tuple[str, int, list[int] | None]]) -> list[_Line]:
        """The lines after superfences: each fenced block replaced by one placeholder
        line (its indentation and `>` kept), which knows the block."""
        stream: list[_Line] = []
        texts = [text for text, _, _ in lines]
        blocks = _find_fences(texts) if ("```" in self.markdown or "~~~" in self.markdown) else []
        at = 0
        for start, end, prefix, starts in blocks:
            stream += [self._line(lines[i]) for i in range(at, start)]
            taken = [self._line(lines[i]) for i in range(start, end + 1)]
            fence = _Fence(taken, starts, len(prefix))
            stream.append(_Line(f"{prefix}\x02f{len(self.fences)}\x03", []))
            self.fences.append(fence)
            at = end + 1
        stream += [self._line(lines[i]) for i in range(at, len(lines))]
        return stream

    def _line(self, entry: tuple[str, int, list[int] | None]) -> _Line:
        text, offset, columns = entry
        if columns is None:
            return _Line(text, [(0, offset, len(text))] if text else [])
        # A line with tabs: one run per character, each to its original column.
        runs = []
        for column in range(len(text)):
            runs.append((column, offset + columns[column], 1))
        return _Line(text, _joined(runs))

    # -- 2. HTML ---------------------------------------------------------------------------
    def _html(self, stream: list[_Line]) -> list[_Line]:
        text = "\n".join(line.text for line in stream)
        if "<" not in text:
            return stream
        starts = []
        at = 0
        for line in stream:
            starts.append(at)
            at += len(line.text) + 1
        builder = _Builder(text, stream, starts)
        self._html_range(builder, 0, len(text))
        return stream if builder.unchanged() else builder.finish()

    def _html_range(self, out: _Builder, begin: int, stop: int, inside: bool = False) -> None:
        """Read `text[begin:stop]` as Python-Markdown's HTML parser does, into `out`;
        `inside`: in an element whose content is Markdown (which `md_in_html` reads
        without tails)."""
        text = out.text
        scan = _HtmlScan(out, begin, stop, inside)
        while True:
            lt = text.find("<", scan.at, stop)
            if scan.intail:
                scan.tail_references(lt)
            if lt == -1:
                break
            if text.startswith("<!--", lt):
                self._html_comment(scan, lt)
                continue
            tag = _START_TAG_RE.match(text, lt, stop)
            if tag is None:
                scan.at = lt + 1
                continue
            name = tag.group(1).lower()
            if name in _BLOCK_TAGS and (scan.at_line_start(lt) or scan.intail):
                self._html_block(scan, tag, name)
            else:
                scan.at = scan.data = tag.end()
        out.copy(scan.copied, stop)

    def _html_comment(self, scan: _HtmlScan, lt: int) -> None:
        """A comment that starts at `lt`: blanked, and set aside as a block when it
        starts a line; one that nothing closes is text."""
        out, text, stop = scan.out, scan.text, scan.stop
        at_start = scan.at_line_start(lt)
        close = None if lt + 4 >= scan.no_close else _COMMENT_CLOSE_RE.search(text, lt + 4, stop)
        if close is None:
            scan.no_close = lt + 4
            scan.at = lt + 1
            return
        end = close.end()
        if scan.intail:  # moved to the end of the document by the parser
            out.copy(scan.copied, lt)
            self._blank_text(out, lt, end)
            scan.copied = scan.at = scan.data = end
            return
        scan.at = scan.data = end
        if not at_start:
            return  # inline: read again as inline text
        self._blank_text(out, lt, end)
        out.copy(scan.copied, lt)
        if scan.inside:
            out.raw_block()
        else:
            out.empty_tag(lt == scan.line_start)
            scan.intail = not _blank_follows(text, end, stop)
        scan.copied = end

    def _html_block(self, scan: _HtmlScan, tag: re.Match[str], name: str) -> None:
        """A block-level element whose start tag `tag` starts a block: `<hr>`, or an
        element set aside up to its end tag (read again when its content is Markdown)."""
        out, text, stop, inside = scan.out, scan.text, scan.stop, scan.inside
        lt = tag.start()
        if name == "hr":
            out.copy(scan.copied, lt)
            out.empty_tag(lt == scan.line_start)
            scan.copied = scan.at = scan.data = tag.end()
            scan.intail = not inside and not _blank_follows(text, scan.at, stop)
            return
        markdown = _MARKDOWN_ATTR_RE.search(tag.group(2))
        content_end, end = self._element_end(out, name, tag.end(), stop, markdown is None)
        out.copy(scan.copied, lt)
        content: list[_Line] = []
        if markdown is not None and (markdown.group(1) or "1").lower() != "0":
            inner = _Builder(text, out.stream, out.starts)
            self._html_range(inner, tag.end(), content_end, inside=True)
            content = inner.finish()
        elif not inside:
            out.raw_block()
        if inside:  # an element in an element: its own block, whatever its indentation
            out.nested(content)
        elif content:
            out.element(content)
        scan.copied = scan.at = scan.data = end
        scan.intail = not inside and not _blank_follows(text, end, stop)

    def _element_end(
        self, out: _Builder, name: str, start: int, stop: int, raw: bool
    ) -> tuple[int, int]:
        """Where a block-level element that starts before `start` ends: (start of its
        end tag, end of its end tag); the end of the text when it is never closed. In a
        raw block every start tag of its name nests, and comments are blanked; in one
        whose content is Markdown, only a start tag that begins a line (or follows the
        first one at once) nests: another is text."""
        text = out.text
        if name in _RAW_TEXT_TAGS:
            close = re.compile(rf"</{name}\s*>", re.I).search(text, start, stop)
            return (close.start(), close.end()) if close else (stop, stop)
        pattern = re.compile(rf"<!--|<(/?){re.escape(name)}(?=[\s/>])[^<>]*>", re.I)
        depth = 1
        at = start
        while True:
            found = pattern.search(text, at, stop)
            if found is None:
                return stop, stop
            if found.group() == "<!--":
                close = _COMMENT_CLOSE_RE.search(text, found.end(), stop)
                if close is None:
                    at = found.start() + 1
                    continue
                if raw:
                    self._blank_text(out, found.start(), close.end())
                at = close.end()
                continue
            if found.group(1):
                depth -= 1
                if depth == 0:
                    return found.start(), found.end()
            elif raw or found.start() == start or _starts_line(text, found.start()):
                depth += 1
            at = found.end()

    def _blank_text(self, out: _Builder, start: int, end: int) -> None:
        """Blank offsets `start` to `end` of the text the HTML reader reads."""
        for line, a, b in out.lines_of(start, end):
            self._mark(line, a, b)

    # -- 4. inline text ----------------------------------------------------------------
    def _inline(self, unit: list[tuple[_Line, int, int]]) -> None:
        text = "\n".join(line.text[a:b] for line, a, b in unit)
        code = inline_code_spans(text)
        comments = _inline_comments(text, code)
        if not code and not comments:
            return
        starts = []  # where each piece starts in `text`
        at = 0
        for _, a, b in unit:
            starts.append(at)
            at += b - a + 1
        for marks, found in ((code, self.spans), (comments, self.found)):
            keep, self.found = self.found, found
            for start, end in marks:
                for index in range(bisect_right(starts, start) - 1, len(unit)):
                    line, a, b = unit[index]
                    base = starts[index]
                    if base > end:
                        break
                    lo, hi = max(start, base), min(end, base + b - a)
                    if lo < hi:
                        self._mark(line, a + lo - base, a + hi - base)
            self.found = keep


class _HtmlScan:
    """Where the HTML reader is in `text[begin:stop]` (`_Reader._html_range`): what it
    has copied, where the text since the last tag starts, and whether it is in a tail."""

    __slots__ = (
        "at",
        "copied",
        "data",
        "inside",
        "intail",
        "line_start",
        "no_close",
        "out",
        "refs",
        "scanned",
        "stop",
        "text",
    )

    def __init__(self, out: _Builder, begin: int, stop: int, inside: bool) -> None:
        self.out, self.text, self.stop, self.inside = out, out.text, stop, inside
        self.at = self.copied = begin
        # After a block set aside, the parser is in its tail (`intail`) up to the next new
        # line in the text between tags: a comment or a character reference there goes
        # to the end of the document, a block-level tag starts a block.
        self.intail = False
        self.data = begin  # where the text since the last tag starts
        self.refs = begin  # how far character references were looked for
        self.no_close = stop + 1  # no comment closes after this offset
        self.line_start = out.text.rfind("\n", 0, begin) + 1
        self.scanned = begin  # how far new lines were looked for

    def tail_references(self, lt: int) -> None:
        """In a tail, up to the next tag (at `lt`) or new line: character references
        are left out (the parser moves them to the end of the document)."""
        text = self.text
        limit = self.stop if lt == -1 else lt
        newline = text.find("\n", self.data, limit)
        zone = limit if newline == -1 else newline
        for ref in _ENTITY_RE.finditer(text, max(self.data, self.refs), zone):
            self.out.copy(self.copied, ref.start())
            self.copied = ref.end()
        self.refs = zone
        self.intail = newline == -1

    def at_line_start(self, lt: int) -> bool:
        """Whether offset `lt` is at most three spaces into its line (new lines are
        looked for once: offsets are asked about in order)."""
        text = self.text
        newline = text.rfind("\n", self.scanned, lt)
        if newline != -1:
            self.line_start = newline + 1
        self.scanned = lt
        return lt - self.line_start <= 3 and not text[self.line_start : lt].strip()


def _starts_line(text: str, at: int) -> bool:
    """Whether offset `at` is at most three spaces into its line, after spaces only."""
    start = text.rfind("\n", max(0, at - 4), at) + 1
    return (start > 0 or at <= 3) and not text[start:at].strip()


def _blank_follows(text: str, end: int, stop: int) -> bool:
    """Whether the rest of the line at `end` and the next line are spaces only (HTML's
    `blank_line_re`): then the parser leaves the tail of a block."""
    first = text.find("\n", end, stop)
    if first == -1 or text[end:first].strip(" "):
        return False
    second = text.find("\n", first + 1, stop)
    return second != -1 and not text[first + 1 : second].strip(" ")


def _expand(line: str) -> tuple[str, list[int]]:
    """`line` with tabs expanded to stops of four, and for each column of the result the
    column of the original character it comes from."""
    out: list[str] = []
    columns: list[int] = []
    for index, char in enumerate(line):
        if char == "\t":
            width = TAB - len(out) % TAB
            out += [" "] * width
            columns += [index] * width
        else:
            out.append(char)
            columns.append(index)
    return "".join(out), columns


def _joined(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Runs that follow each other in both places made one."""
    out: list[tuple[int, int, int]] = []
    for column, origin, length in runs:
        if out:
            c, o, n = out[-1]
            if c + n == column and o + n == origin:
                out[-1] = (c, o, n + length)
                continue
        out.append((column, origin, length))
    return out


class _Builder:
    """The text after the HTML reader, made of pieces of the text before it (copied with
    where they come from) and placeholders, cut into lines."""

    def __init__(self, text: str, stream: list[_Line], starts: list[int]) -> None:
        self.text = text
        self.stream = stream
        self.starts = starts
        self.lines: list[_Line] = []
        self._parts: list[str] = []
        self._runs: list[tuple[int, int, int]] = []
        self._width = 0
        self._element: list[_Line] | None = None
        self._ended = ""  # what the text built so far ends with (up to two characters)
        self._lazy = True  # nothing but copies in order yet: `_from` to `_to`
        self._from: int = 0
        self._to: int | None = None

    def unchanged(self) -> bool:
        """Whether the whole text was copied as it was (no block was set aside)."""
        return self._lazy and self._from == 0 and self._to in (None, len(self.text))

    def _flush(self) -> None:
        if self._lazy:
            self._lazy = False
            if self._to is not None:
                self.copy(self._from, self._to)

    def lines_of(self, start: int, end: int) -> Iterator[tuple[_Line, int, int]]:
        """(line before the HTML reader, start column, end column) for offsets `start`
        to `end` of the text."""
        index = bisect_right(self.starts, start) - 1
        while index < len(self.stream) and self.starts[index] <= end:
            base = self.starts[index]
            line = self.stream[index]
            a, b = max(start, base) - base, min(end, base + len(line.text)) - base
            if a < b:
                yield line, a, b
            index += 1

    def copy(self, start: int, end: int) -> None:
        if start >= end:
            return
        if self._lazy:  # the text as it was, so far: nothing to build yet
            if self._to is None:
                self._from, self._to = start, end
                return
            if start == self._to:
                self._to = end
                return
        self._flush()
        for line, a, b in self._pieces(start, end):
            if line is None:
                self._newline()
                continue
            self._add(line.text[a:b], _shifted(line.runs, a, b, self._width))

    def _pieces(self, start: int, end: int) -> Iterator[tuple[_Line | None, int, int]]:
        """The pieces of offsets `start` to `end`: (line, a, b), and (None, 0, 0) for each
        new line between them."""
        index = bisect_right(self.starts, start) - 1
        while index < len(self.stream):
            base = self.starts[index]
            line = self.stream[index]
            a, b = max(start, base) - base, min(end, base + len(line.text)) - base
            if a < b:
                yield line, a, b
            if base + len(line.text) >= end:
                break
            yield None, 0, 0
            index += 1

    def _add(self, text: str, runs: list[tuple[int, int, int]]) -> None:
        self._flush()
        if text:
            self._parts.append(text)
            self._runs += runs
            self._width += len(text)
            self._ended = (self._ended + text)[-2:]

    def _newline(self) -> None:
        self._flush()
        line = _Line("".join(self._parts), self._runs)
        line.inner = self._element
        self.lines.append(line)
        self._parts, self._runs, self._width = [], [], 0
        self._element = None
        self._ended = (self._ended + "\n")[-2:]

    def empty_tag(self, line_start: bool) -> None:
        """A comment or `<hr>` set aside as a block (its text was blanked)."""
        self._flush()
        if line_start and self._ended.endswith("\n") and self._ended != "\n\n":
            self._newline()
        self._placeholder()

    def raw_block(self) -> None:
        """A block of HTML set aside: a new line, the placeholder, a blank line."""
        self._flush()
        self._newline()
        self._placeholder()

    def element(self, inner: list[_Line]) -> None:
        """An element whose content is Markdown (`markdown="1"`)."""
        self._flush()
        if self._ended.endswith("\n") and self._ended != "\n\n":
            self._newline()
        self._placeholder(inner)

    def nested(self, inner: list[_Line]) -> None:
        """An element inside an element whose content is Markdown: after a blank line,
        and what follows it on the next line."""
        self._newline()
        self._newline()
        self._add(_PH, [])
        self._element = inner
        self._newline()

    def _placeholder(self, inner: list[_Line] | None = None) -> None:
        self._add(_PH, [])
        self._element = inner
        self._newline()
        self._newline()

    def finish(self) -> list[_Line]:
        self._newline()
        return self.lines


def _shifted(
    runs: list[tuple[int, int, int]], a: int, b: int, to: int
) -> list[tuple[int, int, int]]:
    """The runs of columns `a` to `b`, moved to start at column `to`."""
    out = []
    for column, origin, length in runs:
        lo, hi = max(a, column), min(b, column + length)
        if lo < hi:
            out.append((to + lo - a, origin + lo - column, hi - lo))
    return out


# ==============================================================================================
# 1. Fences
# ==============================================================================================
def _find_fences(lines: list[str]) -> list[tuple[int, int, str, list[int]]]:
    """Fenced blocks as superfences finds them: (first line, last line, the opening
    line's indentation and `>`, for each line the column where its code starts)."""
    found = []
    after = 0  # the first line after the last block read
    for index, line in enumerate(lines):
        if index < after or ("```" not in line and "~~~" not in line):
            continue
        ws_len = len(line) - len(line.lstrip(" >"))
        fence = _opening_fence(line, ws_len)
        if fence is None:
            continue
        prefix = line[:ws_len]
        body = _quoted_fence_body if ">" in prefix else _fence_body
        after, starts = body(lines, index + 1, fence, prefix)
        if starts is not None:
            found.append((index, after - 1, prefix, starts))
    return found


def _fence_body(
    lines: list[str], first: int, fence: str, prefix: str
) -> tuple[int, list[int] | None]:
    """The lines from `first` on of a block whose opening line (`first - 1`) is indented
    by `prefix`, spaces only: (the line after the last one it takes, for each of its
    lines the column where the code starts; None when a line leaves the block or no
    line closes it)."""
    width = len(prefix)
    starts = [width]
    for index in range(first, len(lines)):
        line = lines[index]
        taken = _indent_taken(line, width)
        ws, content = line[:taken], line[taken:]
        blank = not line.strip()
        if ">" in ws or (not blank and len(ws) != width and content):
            return index + 1, None
        starts.append(taken)
        if not blank and _closes(content, fence):
            return index + 1, starts
    return len(lines), None


def _indent_taken(line: str, width: int) -> int:
    """How much of the line's start belongs to the block: as much of its spaces and `>`
    as the opening line's indentation (`width`)."""
    taken = 0
    while taken < len(line) and taken < width and line[taken] in " >":
        taken += 1
    return taken


def _quoted_fence_body(
    lines: list[str], first: int, fence: str, prefix: str
) -> tuple[int, list[int] | None]:
    """`_fence_body` for a block whose opening line is inside `>`: a line with more
    `>`, or fewer after an empty one, leaves it."""
    width = len(prefix)
    quote_level, empty_lines = prefix.count(">"), 0
    starts = [width]
    for index in range(first, len(lines)):
        line = lines[index]
        taken = _indent_taken(line, width)
        ws, content = line[:taken], line[taken:]
        level = ws.count(">")
        if level > quote_level:
            return index + 1, None
        if content == "":
            empty_lines += 1
        elif len(ws) < width or (empty_lines and level < quote_level):
            return index + 1, None
        elif _closes(content, fence):
            starts.append(taken)
            return index + 1, starts
        else:
            empty_lines = 0
        starts.append(taken)
    return len(lines), None


def _closes(content: str, fence: str) -> bool:
    return content.startswith(fence) and not content[len(fence) :].strip(" \t")


def _opening_fence(line: str, at: int) -> str | None:
    """The fence that opens a block at column `at` of `line`, if superfences takes the
    line as an opening one (its language, `{attributes}` or known options)."""
    match = _FENCE_RE.match(line, at)
    if match is None:
        return None
    fence = match.group()
    rest = line[match.end() :].rstrip(" \t")
    if not rest.strip(" \t"):
        return fence
    lang = _LANG_RE.match(rest)
    tail = (rest[lang.end() :] if lang else rest).strip(" \t")
    if not tail or (tail.startswith("{") and tail.endswith("}")):
        return fence
    return fence if _options_valid(tail) else None


def _options_valid(tail: str) -> bool:
    """Whether `key="value"` options after a fence are all ones Highlight knows."""
    at = 0
    while at < len(tail):
        key = _OPTION_KEY_RE.match(tail, at)
        if key is None:
            return False
        at = key.end()
        if not tail.startswith(('="', "='"), at):
            return False  # a bare word, or a value without quotes: not an option
        quote = tail[at + 1]
        end = at + 2
        while True:
            end = tail.find(quote, end)
            if end == -1:
                return False
            if end + 1 == len(tail) or tail[end + 1] in " \t":
                break
            end += 1
        value = tail[at + 2 : end]
        at = end + 1
        name = key.group(1)
        if name == "hl_lines" and not _HL_LINES_RE.fullmatch(value):
            return False
        if name == "linenums" and not _LINENUMS_RE.match(value):
            return False
        if name not in ("hl_lines", "linenums", "title", "title_mode"):
            return False
    return True


# ==============================================================================================
# 3. Blocks
# ==============================================================================================
class _Chunk:
    """Lines a container holds (text as its processors see it, the line it is part of,
    and the column there), and for each kind of line where the lines of that kind are."""

    __slots__ = ("_hits", "_signatures", "columns", "lines", "texts")

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.lines: list[_Line] = []
        self.columns: list[int] = []
        self._hits: dict[object, list[int]] = {}
        self._signatures: tuple[str, str] | None = None

    def add(self, line: _Line, column: int, text: str | None = None) -> None:
        self.lines.append(line)
        self.columns.append(column)
        self.texts.append(line.text[column:] if text is None else text)

    def next(self, kind: Callable[[str], bool], start: int) -> int:
        """The index of the first line from `start` on that `kind` (a test on its text)
        is true for, or the number of lines."""
        hits = self._hits.get(kind)
        if hits is None:
            # Candidates by their first character (a string search), then the test.
            if self._signatures is None:
                self._signatures = _signatures(self.texts)
            which, candidates = _CANDIDATES[kind]
            signature = self._signatures[which]
            texts = self.texts
            hits = [m.start() for m in candidates.finditer(signature) if kind(texts[m.start()])]
            self._hits[kind] = hits
        at = bisect_left(hits, start)
        return hits[at] if at < len(hits) else len(self.texts)


def _signatures(texts: list[str]) -> tuple[str, str]:
    """For each line, its first character; and its first one after up to three spaces
    (a space when there is none)."""
    heads, firsts = [], []
    for text in texts:
        head = text[:1] or " "
        heads.append(head)
        if head == " ":
            rest = text[:4].lstrip(" ")
            head = rest[:1] or " "
        firsts.append(head)
    return "".join(heads), "".join(firsts)


class _View:
    """Lines `start` to `end` of a chunk: one block."""

    __slots__ = ("chunk", "end", "gap", "start")

    def __init__(self, chunk: _Chunk, start: int, end: int, gap: int = 0) -> None:
        self.chunk, self.start, self.end = chunk, start, end
        self.gap = gap  # empty lines before it (only one lets a footnote go on)

    @property
    def first(self) -> str:
        return self.chunk.texts[self.start]

    def text(self, index: int) -> str:
        return self.chunk.texts[index]

    def part(self, start: int, end: int) -> _View:
        return _View(self.chunk, start, end)


_Unit = list[tuple[_Line, int, int]]  # a unit of inline text: (line, start, end) pieces


class _El:
    __slots__ = ("children", "tag", "tail", "text")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.children: list[_El] = []
        self.text: _Unit | None = None  # a unit of inline text
        self.tail: _Unit | None = None


_LISTS = ("ul", "ol")


def _is_heading(text: str) -> bool:
    """A line Python-Markdown's hash header pattern takes: it starts with `#` and does
    not end in an odd run of backslashes."""
    if not text.startswith("#"):
        return False
    stripped = text.rstrip("\\")
    return (len(text) - len(stripped)) % 2 == 0


def _is_rule(text: str) -> bool:
    """A thematic break: up to three spaces, then three or more of one of `-`, `*`, `_`
    with at most two spaces between them, then spaces."""
    rest = text.lstrip(" ")
    if len(text) - len(rest) > 3 or rest[:1] not in ("-", "*", "_"):
        return False
    mark = rest[0]
    body = rest.rstrip(" ")
    return not body.strip(mark + " ") and body.count(mark) >= 3 and "   " not in body


def _is_quote(text: str) -> bool:
    return bool(_QUOTE_RE.match(text))


def _is_admonition(text: str) -> bool:
    return text.startswith("!!!") and bool(_ADMONITION_RE.match(text))


def _is_details(text: str) -> bool:
    return text.startswith("???") and bool(_DETAILS_RE.match(text))


def _is_tab(text: str) -> bool:
    return text.startswith("===") and bool(_TAB_RE.match(text))


def _is_footnote(text: str) -> bool:
    return "[^" in text and bool(_FOOTNOTE_RE.match(text))


def _is_reference(text: str) -> bool:
    return "]:" in text and bool(_REFERENCE_RE.match(text))


# Which signature (0: first character, 1: first after up to three spaces) and which
# characters each kind of line starts with.
_CANDIDATES: dict[Callable[[str], bool], tuple[int, re.Pattern[str]]] = {
    _is_heading: (0, re.compile("#")),
    _is_admonition: (0, re.compile("!")),
    _is_details: (0, re.compile("[?]")),
    _is_tab: (0, re.compile("=")),
    _is_quote: (1, re.compile(">")),
    _is_rule: (1, re.compile("[-*_]")),
    _is_footnote: (1, re.compile("\\[")),
    _is_reference: (1, re.compile("\\[")),
}


class _BlockParser:
    def __init__(self, stream: list[_Line], fences: list[_Fence]) -> None:
        self.stream = stream
        self.fences = fences
        self.code: list[tuple[_Line, int, int]] = []
        self.units: list[list[tuple[_Line, int, int]]] = []
        self.state: list[str] = []
        self.depth = 0
        self.footnotes: dict[str, _Chunk] = {}  # by name: a later one replaces it

    def parse(self) -> None:
        chunk = _Chunk()
        for line in self.stream:
            chunk.add(line, 0, line.text)
        self.parse_chunk(_El("div"), chunk, 0, len(chunk.texts))
        # Parsed after the document, each on its own: one defined in another replaces
        # the one of its name not read yet (a new name stops Python-Markdown).
        for name in list(self.footnotes):
            notes = self.footnotes[name]
            self.state = []
            self.parse_chunk(_El("div"), notes, 0, len(notes.texts))

    # -- driving ------------------------------------------------------------------------
    def parse_chunk(self, parent: _El, chunk: _Chunk, start: int, end: int) -> None:
        """Parse lines `start` to `end` of `chunk`, blocks split at empty lines."""
        blocks = []
        at = start
        gap = 0
        for index in range(start, end + 1):
            if index == end or chunk.texts[index] == "":
                if index > at:
                    blocks.append(_View(chunk, at, index, gap))
                    gap = 0
                gap += 1
                at = index + 1
        self.parse_blocks(parent, blocks)

    def parse_blocks(self, parent: _El, blocks: list[_View]) -> None:
        if self.depth > MAX_DEPTH:  # read as text, as limits.py refuses it anyway
            return
        self.depth += 1
        pending = list(reversed(blocks))  # the next block is at the end
        while pending:
            view = pending.pop()
            if view.start >= view.end:
                continue
            for processor in self._processors:
                if processor(self, parent, view, pending):
                    break
        self.depth -= 1

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def last(element: _El) -> _El | None:
        return element.children[-1] if element.children else None

    def unit(self, view: _View) -> list[tuple[_Line, int, int]]:
        chunk = view.chunk
        return [
            (chunk.lines[i], chunk.columns[i], len(chunk.lines[i].text))
            for i in range(view.start, view.end)
        ]

    def new_unit(self, pieces: list[tuple[_Line, int, int]]) -> _Unit:
        unit = list(pieces)
        self.units.append(unit)
        return unit

    @staticmethod
    def derived(view: _View, cut: Callable[[str], int]) -> _Chunk:
        """A new chunk of the view's lines, each cut at the start by `cut(text)`
        characters."""
        chunk = _Chunk()
        source = view.chunk
        for index in range(view.start, view.end):
            text = source.texts[index]
            drop = cut(text)
            chunk.add(source.lines[index], source.columns[index] + drop, text[drop:])
        return chunk

    def detab(self, view: _View, width: int = TAB) -> tuple[_Chunk, int]:
        """Python-Markdown's `detab`: the lines indented by `width` (or blank) as a new
        chunk without that indentation, and the index in `view` of the first other
        line."""
        chunk = _Chunk()
        source = view.chunk
        prefix = " " * width
        index = view.start
        while index < view.end:
            text = source.texts[index]
            if text.startswith(prefix):
                chunk.add(source.lines[index], source.columns[index] + width, text[width:])
            elif not text.strip():
                chunk.add(source.lines[index], source.columns[index] + len(text), "")
            else:
                break
            index += 1
        return chunk, index

    def loose_detab(self, view: _View, level: int = 1) -> _Chunk:
        width = TAB * level
        prefix = " " * width
        return self.derived(view, lambda text: width if text.startswith(prefix) else 0)

    def move_text_to_paragraph(self, element: _El) -> None:
        if element.text:
            paragraph = _El("p")
            paragraph.text = element.text
            element.text = None
            element.children.insert(0, paragraph)

    def add_text(self, parent: _El, view: _View) -> None:
        """ParagraphProcessor: a paragraph, or (in a tight list) more text of the item."""
        pieces = self.unit(view)
        if not any(line.text[a:b].strip() for line, a, b in pieces):
            return
        if self.state and self.state[-1] == "list":
            sibling = self.last(parent)
            if sibling is not None:
                if sibling.tail is None:
                    sibling.tail = self.new_unit(pieces)
                else:
                    sibling.tail += pieces
            elif parent.text is None:
                parent.text = self.new_unit(pieces)
            else:
                parent.text += pieces
            return
        paragraph = _El("p")
        paragraph.text = self.new_unit(pieces)
        parent.children.append(paragraph)

    # -- processors, in Python-Markdown's order -----------------------------------------
    def markdown_in_html(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        line = view.chunk.lines[view.start]
        if line.inner is None or not view.first.startswith(_PH):
            return False  # after spaces, Python-Markdown leaves the element as HTML
        element = _El("div")
        parent.children.append(element)
        if not line.inner:  # an element whose content is not Markdown
            if view.start + 1 < view.end:
                pending.append(view.part(view.start + 1, view.end))
            return True
        inner = _Chunk()
        for each in line.inner:
            inner.add(each, 0, each.text)
        self.parse_chunk(element, inner, 0, len(inner.texts))
        if view.start + 1 < view.end:
            pending.append(view.part(view.start + 1, view.end))
        return True

    def admonition(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        return self._box(parent, view, pending, "admonition", _is_admonition, _ADMONITION_RE)

    def details(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        return self._box(parent, view, pending, "details", _is_details, _DETAILS_RE)

    def tab(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        return self._box(parent, view, pending, "tab", _is_tab, _TAB_RE)

    def _box(
        self,
        parent: _El,
        view: _View,
        pending: list[_View],
        tag: str,
        test: Callable[[str], bool],
        pattern: re.Pattern[str],
    ) -> bool:
        """An admonition (`!!!`), a details block (`???`) or a content tab (`===`): its
        title line, then what is indented by four; later blocks indented by four
        continue it."""
        chunk = view.chunk
        at = chunk.next(test, view.start)
        if at < view.end:
            if at > view.start:
                self.parse_blocks(parent, [view.part(view.start, at)])
            box = _El(tag)
            parent.children.append(box)
            match = pattern.match(chunk.texts[at])
            if match and match.group(1):
                column = chunk.columns[at] + match.start(1)
                box.text = self.new_unit([(chunk.lines[at], column, column + len(match.group(1)))])
            content, rest = self.detab(view.part(at + 1, view.end))
            self.parse_chunk(box, content, 0, len(content.texts))
            if rest < view.end:
                pending.append(view.part(rest, view.end))
            return True
        sibling = self.last(parent)
        if sibling is None or sibling.tag != tag:
            return False
        first = view.first
        indent = 0
        last_child = self.last(sibling)
        while last_child is not None:
            if sibling is not None and first.startswith(_INDENT * 2) and last_child.tag in _LISTS:
                sibling = self.last(last_child)
                last_child = self.last(sibling) if sibling is not None else None
                first = first[TAB:]
                indent += TAB
            else:
                last_child = None
        if sibling is None or not first.startswith(_INDENT):
            return False
        indent += TAB
        content, rest = self.detab(view, indent)
        if sibling.tag == "li":
            self.move_text_to_paragraph(sibling)
        self.parse_chunk(sibling, content, 0, len(content.texts))
        if rest < view.end:
            pending.append(view.part(rest, view.end))
        return True

    def list_indent(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        """A block indented by four after a list: more of its last item."""
        first = view.first
        if not first.startswith(_INDENT) or (self.state and self.state[-1] == "detabbed"):
            return False
        sibling = self.last(parent)
        if parent.tag != "li" and not (sibling is not None and sibling.tag in _LISTS):
            return False
        indent_level = (len(first) - len(first.lstrip(" "))) // TAB
        level = 1 if self.state and self.state[-1] == "list" else 0
        target = parent
        while indent_level > level:
            child = self.last(target)
            if child is not None and child.tag in (*_LISTS, "li"):
                if child.tag in _LISTS:
                    level += 1
                target = child
            else:
                break
        chunk = self.loose_detab(view, level)
        whole = _View(chunk, 0, len(chunk.texts))
        self.state.append("detabbed")
        if parent.tag == "li":
            last = self.last(parent)
            self.parse_blocks(last if last is not None and last.tag in _LISTS else parent, [whole])
        elif target.tag == "li":
            self.parse_blocks(target, [whole])
        elif target.children and target.children[-1].tag == "li":
            item = target.children[-1]
            self.move_text_to_paragraph(item)
            self.parse_chunk(item, chunk, 0, len(chunk.texts))
        else:
            item = _El("li")
            target.children.append(item)
            self.parse_blocks(item, [whole])
        self.state.pop()
        return True

    def code_block(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        """A block indented by four: code, up to its first line that is not. A fenced
        block in it is first put back as it was written (superfences does so)."""
        if not view.first.startswith(_INDENT):
            return False
        if any("\x02f" in view.text(i) for i in range(view.start, view.end)):
            view = self.revert_fences(view)
        chunk = view.chunk
        index = view.start
        while index < view.end:
            text = chunk.texts[index]
            if text.startswith(_INDENT):
                column = chunk.columns[index] + TAB
                self.code.append((chunk.lines[index], column, len(chunk.lines[index].text)))
            elif text.strip():
                break
            index += 1
        sibling = self.last(parent)
        if sibling is None or sibling.tag != "pre":
            parent.children.append(_El("pre"))
        if index < view.end:
            pending.append(view.part(index, view.end))
        return True

    def revert_fences(self, view: _View) -> _View:
        """The block with each fenced block's placeholder line replaced by the block's
        lines, less the indentation the placeholder has lost."""
        chunk = _Chunk()
        source = view.chunk
        for index in range(view.start, view.end):
            text = source.texts[index]
            found = _FENCE_PH_RE.fullmatch(text)
            if found is None:
                chunk.add(source.lines[index], source.columns[index], text)
                continue
            fence = self.fences[int(found.group(2))]
            fence.reverted = True
            cut = fence.width - len(found.group(1))
            for number, line in enumerate(fence.lines):
                if number == 1 and len(fence.lines) == 2:
                    chunk.add(_Line("", []), 0, "")  # an empty block comes back as a blank line
                start = cut if cut >= 0 else max(0, len(line.text) + cut)
                chunk.add(line, start, line.text[start:])
        return _View(chunk, 0, len(chunk.texts))

    def table(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        if view.end - view.start < 2:
            return False
        chunk = view.chunk
        header = chunk.texts[view.start].strip(" ")
        if "|" not in header:
            return False
        border = header.startswith("|") or bool(_END_BORDER_RE.search(header))
        cells = len(_cells(header, border))
        is_table = cells > 1
        if not is_table and cells == 1 and border:
            for index in range(view.start + 1, view.end):
                row = chunk.texts[index].strip(" ")
                is_table = row.startswith("|") or bool(_END_BORDER_RE.search(row))
                if not is_table:
                    break
        if not is_table:
            return False
        separator = _cells(chunk.texts[view.start + 1].strip(" "), border)
        if len(separator) != cells or not set("".join(separator)) <= set("|:- "):
            return False
        parent.children.append(_El("table"))
        for index in [view.start, *range(view.start + 2, view.end)]:
            text = chunk.texts[index]
            row = text.strip(" ")
            column = chunk.columns[index] + len(text) - len(text.lstrip(" "))
            for cell in _cell_spans(row, border)[:cells]:
                self.new_unit([(chunk.lines[index], column + cell[0], column + cell[1])])
        return True

    def hash_header(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        chunk = view.chunk
        at = chunk.next(_is_heading, view.start)
        if at >= view.end:
            return False
        if at > view.start:
            self.parse_blocks(parent, [view.part(view.start, at)])
        heading = _El("h")
        parent.children.append(heading)
        text = chunk.texts[at]
        hashes = min(6, len(text) - len(text.lstrip("#")))
        body = text[hashes:].rstrip("#")
        if len(body) < len(text) - hashes and body.endswith("\\"):
            body += "#"
        column = chunk.columns[at] + hashes
        if body.strip():
            heading.text = self.new_unit([(chunk.lines[at], column, column + len(body))])
        if at + 1 < view.end:
            after = view.part(at + 1, view.end)
            if self.state and self.state[-1] == "looselist":
                loose = self.loose_detab(after)
                after = _View(loose, 0, len(loose.texts))
            pending.append(after)
        return True

    def setext_header(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        if view.end - view.start < 2 or not _SETEXT_RE.match(view.text(view.start + 1)):
            return False
        heading = _El("h")
        parent.children.append(heading)
        heading.text = self.new_unit(self.unit(view.part(view.start, view.start + 1)))
        if view.start + 2 < view.end:
            pending.append(view.part(view.start + 2, view.end))
        return True

    def rule(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        at = view.chunk.next(_is_rule, view.start)
        if at >= view.end:
            return False
        if at > view.start:
            self.parse_blocks(parent, [view.part(view.start, at)])
        parent.children.append(_El("hr"))
        if at + 1 < view.end:
            pending.append(view.part(at + 1, view.end))
        return True

    def ordered_list(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        return bool(_OL_RE.match(view.first)) and self._list(parent, view, "ol")

    def unordered_list(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        return bool(_UL_RE.match(view.first)) and self._list(parent, view, "ul")

    def _list(self, parent: _El, view: _View, tag: str) -> bool:
        items = self._items(view)
        sibling = self.last(parent)
        if sibling is not None and sibling.tag in _LISTS:
            lst = sibling
            if lst.children:
                last_item = lst.children[-1]
                self.move_text_to_paragraph(last_item)
                child = self.last(last_item)
                if child is not None and child.tail:
                    paragraph = _El("p")
                    paragraph.text = child.tail
                    child.tail = None
                    last_item.children.append(paragraph)
            item = _El("li")
            lst.children.append(item)
            self.state.append("looselist")
            first = items.pop(0)
            self.parse_blocks(item, [_View(first, 0, len(first.texts))])
            self.state.pop()
        elif parent.tag in _LISTS:
            lst = parent
        else:
            lst = _El(tag)
            parent.children.append(lst)
        self.state.append("list")
        for chunk in items:
            whole = _View(chunk, 0, len(chunk.texts))
            if chunk.texts[0].startswith(_INDENT) and lst.children:
                self.parse_blocks(lst.children[-1], [whole])
            else:
                item = _El("li")
                lst.children.append(item)
                self.parse_blocks(item, [whole])
        self.state.pop()
        return True

    @staticmethod
    def _items(view: _View) -> list[_Chunk]:
        items: list[_Chunk] = []
        source = view.chunk
        for index in range(view.start, view.end):
            text = source.texts[index]
            line, column = source.lines[index], source.columns[index]
            marker = _CHILD_RE.match(text)
            if marker:
                item = _Chunk()
                item.add(line, column + marker.end(), text[marker.end() :])
                items.append(item)
            elif _INDENT_ITEM_RE.match(text) and not items[-1].texts[0].startswith(_INDENT):
                item = _Chunk()
                item.add(line, column, text)
                items.append(item)
            else:
                items[-1].add(line, column, text)
        return items

    def quote(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        chunk = view.chunk
        at = chunk.next(_is_quote, view.start)
        if at >= view.end:
            return False
        if at > view.start:
            self.parse_blocks(parent, [view.part(view.start, at)])

        def cut(text: str) -> int:
            if text.strip() == ">":
                return len(text)
            marker = _QUOTE_RE.match(text)
            return marker.end() if marker else 0

        cleaned = self.derived(view.part(at, view.end), cut)
        sibling = self.last(parent)
        if sibling is not None and sibling.tag == "blockquote":
            quote = sibling
        else:
            quote = _El("blockquote")
            parent.children.append(quote)
        self.state.append("blockquote")
        self.parse_chunk(quote, cleaned, 0, len(cleaned.texts))
        self.state.pop()
        return True

    def footnote(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        """A footnote definition: its text, the lines after it, and the blocks indented
        by four that follow, parsed later on their own."""
        chunk = view.chunk
        first = chunk.next(_is_footnote, view.start)
        if first >= view.end:
            return False
        at = first
        # Definitions on lines that follow each other: each is its one line.
        while at + 1 < view.end and _is_footnote(chunk.texts[at + 1]):
            name, notes = self._footnote_start(chunk, at)
            self.footnotes[name] = notes
            at += 1
        name, notes = self._footnote_start(chunk, at)
        later = chunk.next(_is_footnote, at + 1)
        stop = min(later, view.end)
        self._append(notes, self.derived(view.part(at + 1, stop), _footnote_cut))
        if later < view.end:
            pending.append(view.part(later, view.end))
        else:
            while pending and pending[-1].gap == 1 and pending[-1].first.startswith(_INDENT):
                block = pending.pop()
                inside = min(block.chunk.next(_is_footnote, block.start), block.end)
                notes.add(_Line("", []), 0, "")
                self._append(notes, self.derived(block.part(block.start, inside), _footnote_cut))
                if inside < block.end:
                    pending.append(block.part(inside, block.end))
                    break
        self.footnotes[name] = notes
        if first > view.start:
            pending.append(view.part(view.start, first))
        return True

    @staticmethod
    def _footnote_start(chunk: _Chunk, at: int) -> tuple[str, _Chunk]:
        text = chunk.texts[at]
        marker = _FOOTNOTE_RE.match(text)
        assert marker is not None  # the caller found a footnote definition here
        notes = _Chunk()
        notes.add(chunk.lines[at], chunk.columns[at] + marker.end(), text[marker.end() :])
        return marker.group(1), notes

    @staticmethod
    def _append(chunk: _Chunk, more: _Chunk) -> None:
        for index in range(len(more.texts)):
            chunk.add(more.lines[index], more.columns[index], more.texts[index])

    def reference(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        chunk = view.chunk
        at = chunk.next(_is_reference, view.start)
        if at >= view.end:
            return False
        end = at + 1
        while end < view.end and _is_reference(chunk.texts[end]):
            end += 1
        if end < view.end:
            pending.append(view.part(end, view.end))
        if at > view.start:
            pending.append(view.part(view.start, at))
        return True

    def paragraph(self, parent: _El, view: _View, pending: list[_View]) -> bool:
        self.add_text(parent, view)
        return True

    _processors = (
        markdown_in_html,
        admonition,
        details,
        tab,
        list_indent,
        code_block,
        table,
        hash_header,
        setext_header,
        rule,
        ordered_list,
        unordered_list,
        quote,
        footnote,
        reference,
        paragraph,
    )


def _footnote_cut(text: str) -> int:
    """Footnotes' own detab: four spaces off the lines that have them."""
    return TAB if text.startswith(_INDENT) else 0


def _cells(row: str, border: bool) -> list[str]:
    """The cells of a table row as `tables` splits it (a pipe between two backtick runs
    of one size does not split)."""
    return [row[start:end] for start, end in _cell_spans(row, border)]


def _cell_spans(row: str, border: bool) -> list[tuple[int, int]]:
    """The cells of a table row as `_cells` finds them, each as (start, end) offsets in
    `row`."""
    offset = 0
    if border:
        if row.startswith("|"):
            row, offset = row[1:], 1
        end_border = _END_BORDER_RE.search(row)
        if end_border:
            row = row[: end_border.start()]
    sizes, spans, pipes = _backtick_runs(row)
    good = _pipes_outside(pipes, _code_regions(sizes, spans))
    cells, at = [], 0
    for pipe in [*good, len(row)]:
        cells.append((offset + at, offset + pipe))
        at = pipe + 1
    return cells


def _backtick_runs(row: str) -> tuple[list[int], list[tuple[int, int, int]], list[int]]:
    """The backtick runs of a row (their sizes, an escaped run counting one less, and
    their spans: first backtick, last one, 1 if escaped) and the offsets of its pipes."""
    sizes: list[int] = []
    spans: list[tuple[int, int, int]] = []
    pipes: list[int] = []
    for match in _TABLE_PIPES_RE.finditer(row):
        if match.group(2):
            sizes.append(len(match.group(2)) - 1)
            spans.append((match.start(2), match.end(2) - 1, 1))
        elif match.group(3):
            sizes.append(len(match.group(3)))
            spans.append((match.start(3), match.end(3) - 1, 0))
        elif match.group(5):
            pipes.append(match.start(5))
    return sizes, spans, pipes


def _code_regions(sizes: list[int], spans: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The code spans of a row, (first offset, last offset): from a backtick run to the
    next run of its size."""
    later: dict[int, list[int]] = {}  # size -> indexes of the runs of that size
    for index, size in enumerate(sizes):
        later.setdefault(size, []).append(index)
    passed = dict.fromkeys(later, 0)
    regions: list[tuple[int, int]] = []
    index = 0
    while index < len(sizes):
        size = sizes[index] - spans[index][2]
        same = later.get(size, [])
        at = passed.get(size, 0)
        while at < len(same) and same[at] <= index:
            at += 1
        if same:
            passed[size] = at
        if size == 0 or at == len(same):
            index += 1
            continue
        regions.append((spans[index][0], spans[same[at]][1]))
        index = same[at] + 1
    return regions


def _pipes_outside(pipes: list[int], regions: list[tuple[int, int]]) -> list[int]:
    """The pipes that are not inside a code span (both lists in order)."""
    good, region = [], 0
    for pipe in pipes:
        while region < len(regions) and regions[region][1] < pipe:
            region += 1
        if region < len(regions) and regions[region][0] <= pipe:
            continue
        good.append(pipe)
    return good
