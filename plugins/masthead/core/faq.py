"""FAQ sections: found, read in the six styles real posts use, and written as blocks.

Pure: Markdown lines in, a parsed section and new Markdown lines out. Every line of a
section ends up in a question, in an answer, or left where it was; nothing is dropped.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from . import embeds as embeds_
from . import plainhtml
from .code import code_lines
from .embeds import EmbedPolicy
from .problems import Finding
from .safety import unsafe_html
from .text import match_key, slugify, strip_invisible, tidy

DEFAULT_HEADINGS = ("FAQ", "FAQs", "Frequently Asked Questions")
DEFAULT_EMBEDS = embeds_.DEFAULT  # the embed policy of a caller that gives none

# Every pattern here runs in time linear in the line (tests/test_bounded.py times them
# on hostile lines): no two quantifiers may compete for the same characters, which is
# why spaces, digits and text are each matched once, and trimming is left to Python.
# `## Text ##`: the level and the rest of the line; `_heading` trims the rest (a
# pattern with `\s*#*\s*$` after a lazy text backtracks cubically on spaces).
_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s(.*)$", re.S)
# Indentation made of any space character, NBSP and narrow NBSP included.
_INDENT_RE = re.compile(r"^[ \t\u00a0\u202f\u2007\u2009]+")
# `1.` / `1)` / `Q:` / `Q1.` / `Question 3:` in front of a question
_NUMBER_RE = re.compile(r"^\s*(?:\d+\s*[.):]|Q(?:uestion)?\s*(?:\d+\s*)?[:.)])\s*", re.I)
_ANSWER_PREFIX_RE = re.compile(r"^(\s*)(?:\*\*|__)?A(?:nswer)?\s*[:.)](?:\*\*|__)?\s*", re.I)
_LIST_ITEM_RE = re.compile(r"^\s{0,3}\d+[.)]\s+(?P<body>(?:\S.*)?)$")
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
# A question set in bold at the start of a line; `rest` is what follows it.
_BOLD_RE = re.compile(r"^(?P<mark>\*\*|__)(?P<q>.+?)(?P=mark)(?P<rest>.*)$", re.S)
# `**Q:** question text` (only the marker is bold)
_BOLD_MARKER_RE = re.compile(
    r"^(?:\*\*|__)Q(?:uestion)?\s*(?:\d+\s*)?[:.)](?:\*\*|__)\s*(?P<q>\S.*)$", re.I
)
_QUESTION_STARTS = frozenset("#*_0123456789Qq")
_PLAIN_Q_RE = re.compile(r"^Q(?:uestion)?\s*(?:\d+\s*)?[:.)]\s*(?P<q>\S.*)$", re.I)


@dataclass
class FaqItem:
    """One question of a FAQ section, with its answer and the lines it covers."""

    question: str  # inline Markdown, numbering, `Q:` and bold markers removed
    answer: list[str]  # Markdown lines, dedented, `A:` removed
    line: int  # index of the question's line in the document
    lines: list[int] = field(default_factory=list)  # every document line it covers
    anchor: str = ""


@dataclass
class FaqSection:
    """A FAQ section of a post: where it is, its questions, the lines left as written."""

    heading_line: int  # index of the heading's (first) line
    start: int  # index of the first line after the heading
    end: int  # index after the last line of the section
    level: int
    items: list[FaqItem] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)  # lines left in place as written
    raw_html: bool = False
    findings: list[Finding] = field(default_factory=list)  # lines are 0-based indexes
    code: set[int] | None = None  # lines that start inside code or a comment (not read)


def _clean(line: str) -> str:
    """A line for matching: invisible characters gone, any indentation made of spaces."""
    line = strip_invisible(line)
    match = _INDENT_RE.match(line)
    if match:
        line = " " * len(match.group().expandtabs(4)) + line[match.end() :]
    return line.rstrip()


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, the closing `#`s and spaces trimmed."""
    match = _HEADING_RE.match(line)
    if not match:
        return None
    return len(match.group(1)), match.group(2).strip().rstrip("#").rstrip()


def _heading_text(text: str) -> str:
    return match_key(text.replace("*", "").replace("_", "")).rstrip(":").strip()


def find_section(
    lines: list[str], headings: tuple[str, ...] = DEFAULT_HEADINGS
) -> FaqSection | None:
    """The FAQ section: the first heading named like an FAQ, to the next heading of
    the same or a higher level. A heading broken over two lines by a trailing
    backslash counts as one."""
    wanted = {_heading_text(h) for h in headings}
    code = code_lines("\n".join(lines)) if any("#" in line for line in lines) else set()
    # Only a line with a `#` can be a heading; the rest need no cleaning (speed).
    clean = [_clean(line) if "#" in line else "" for line in lines]
    index = 0
    while index < len(lines):
        heading = None if index in code else _heading(clean[index])
        if not heading:
            index += 1
            continue
        (level, text), last = heading, index
        while text.endswith("\\") and last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
            text = text[:-1] + " " + _clean(lines[last]).strip()
        if _heading_text(text) in wanted:
            end = last + 1
            while end < len(lines):
                other = None if end in code else _heading(clean[end])
                if other and other[0] <= level:
                    break
                end += 1
            return FaqSection(index, last + 1, end, level, code=code)
        index = last + 1
    return None


def _question(clean: str, level: int) -> tuple[str, str] | None:
    """(question, same-line rest) when `clean` starts a question, else None."""
    heading = _heading(clean)
    if heading:
        if heading[0] <= level:
            return None
        return _strip_question(heading[1]), ""
    text = clean.strip()
    numbered = False
    item = _LIST_ITEM_RE.match(text)
    if item:
        text, numbered = item.group("body").strip(), True
    marker = _BOLD_MARKER_RE.match(text) or (
        None if text.startswith(("*", "_")) else _PLAIN_Q_RE.match(text)
    )
    if marker:
        return _strip_question(marker.group("q")), ""
    bold = _BOLD_RE.match(text)
    if not bold:
        return None
    inner = bold.group("q")
    rest = bold.group("rest").strip()
    had_number = numbered or bool(_NUMBER_RE.match(strip_invisible(inner)))
    question = _strip_question(inner)
    # A bold phrase opening an ordinary paragraph ("**Note:** ...") is not a question.
    if not (tidy(question).endswith("?") or had_number):
        return None
    if rest in ("\\", ":"):
        rest = ""
    return question, rest


_WRAPPED_BOLD_RE = re.compile(r"^(\*\*|__)(.*)\1$")
# Neither part may run past a `[`: each attempt stops where the next one starts.
_LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\([^)\[\]]*\)")
_MARKS_RE = re.compile(r"[*_`]")


def _strip_question(text: str) -> str:
    text = strip_invisible(text).strip()
    text = _WRAPPED_BOLD_RE.sub(r"\2", text).strip()
    text = _NUMBER_RE.sub("", text, count=1).strip()
    text = _WRAPPED_BOLD_RE.sub(r"\2", text).strip()
    return text.rstrip("\\").strip()


def _blocks(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Paragraph-like blocks separated by blank lines; a list joins the block before it."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for entry in lines:
        if entry[1].strip():
            current.append(entry)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    merged: list[list[tuple[int, str]]] = []
    for block in blocks:
        if merged and _BULLET_RE.match(block[0][1]) and not _LIST_ITEM_RE.match(block[0][1]):
            merged[-1] = merged[-1] + block
        else:
            merged.append(block)
    return merged


def parse_section(lines: list[str], section: FaqSection) -> FaqSection:
    """Read the questions of `section` (found by `find_section` in `lines`)."""
    body = range(section.start, section.end)
    clean = {i: _clean(lines[i]) for i in body}
    first = next((i for i in body if clean[i].strip()), None)
    if first is not None and clean[first].lstrip().lower().startswith("<details"):
        section.raw_html = True
        return _keep_the_rest(lines, section)
    if section.code is None:
        section.code = code_lines("\n".join(lines))
    code = section.code
    starts: list[tuple[int, str, str, bool]] = []
    for i in body:
        # A question starts with `#`, `*`, `_`, a number or `Q`; skip the rest early.
        if i in code or clean[i].lstrip()[:1] not in _QUESTION_STARTS:
            continue
        found = _question(clean[i], section.level)
        if found:
            list_style = bool(_LIST_ITEM_RE.match(clean[i]))
            starts.append((i, found[0], found[1], list_style))
    if not starts:
        section.findings.append(
            Finding(
                "faq-no-questions",
                section.heading_line,
                "the FAQ section has no question in a form masthead reads",
                "write each question in bold on its own line (`**What is X?**`) with the answer "
                "below; the section is shown as written",
            )
        )
        return _keep_the_rest(lines, section)
    block_counts: list[int] = []
    for n, (line, question, rest, list_style) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else section.end
        answer = [(i, clean[i]) for i in range(line + 1, stop)]
        if rest:
            answer.insert(0, (line, rest))
        answer = _trim(answer)
        if n + 1 == len(starts) and answer:
            answer = _split_closing(answer, list_style, block_counts)
        if not tidy(question):
            continue  # an empty bold `****`: left as written
        if not any(text.strip() for _, text in answer):
            section.findings.append(
                Finding(
                    "faq-unanswered",
                    line,
                    f"the FAQ question '{tidy(question)}' has no answer",
                    "write the answer below the question; it is shown as written until then",
                )
            )
            continue
        item = FaqItem(question, _answer_markdown([text for _, text in answer]), line)
        item.lines = [line] + [i for i, _ in answer if i != line]
        block_counts.append(len(_blocks(answer)))
        section.items.append(item)
    _anchor(section.items)
    return _keep_the_rest(lines, section)


def _keep_the_rest(lines: list[str], section: FaqSection) -> FaqSection:
    """Every line with text that no question or answer took stays where it is."""
    covered = {i for item in section.items for i in item.lines}
    section.kept = [
        i for i in range(section.start, section.end) if lines[i].strip() and i not in covered
    ]
    return section


def _trim(answer: list[tuple[int, str]]) -> list[tuple[int, str]]:
    while answer and not answer[0][1].strip():
        answer = answer[1:]
    while answer and not answer[-1][1].strip():
        answer = answer[:-1]
    return answer


def _split_closing(
    answer: list[tuple[int, str]], list_style: bool, counts: list[int]
) -> list[tuple[int, str]]:
    """The last answer without a closing call to action that follows it.

    In a numbered list the answer is what is indented under the item: an unindented
    paragraph after it closes the list. Otherwise, when every earlier answer was one
    paragraph, the last one is too, and what follows it stays in place.
    """
    if list_style:
        for at, (_, text) in enumerate(answer):
            if at and text.strip() and not text[0].isspace() and not answer[at - 1][1].strip():
                return _trim(answer[:at])
        return answer
    blocks = _blocks(answer)
    if len(blocks) > 1 and counts and all(c == 1 for c in counts):
        cut = max(i for i, _ in blocks[0]) + 1
        return [e for e in answer if e[0] < cut]
    return answer


def _answer_markdown(lines: list[str]) -> list[str]:
    lines = list(lines)
    first = next(i for i, text in enumerate(lines) if text.strip())
    lines[first] = _ANSWER_PREFIX_RE.sub(r"\1", lines[first], count=1)
    return textwrap.dedent("\n".join(lines)).strip("\n").split("\n")


def _anchor(items: list[FaqItem]) -> None:
    seen: dict[str, int] = {}
    for item in items:
        base = "faq-" + (slugify(_plain(item.question)) or "question")
        seen[base] = seen.get(base, 0) + 1
        item.anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"


def _plain(markdown: str) -> str:
    return tidy(_MARKS_RE.sub("", _LINK_RE.sub(r"\1", markdown)))


# -- writing ---------------------------------------------------------------------------------
def render_item(item: FaqItem, *, open_: bool = False) -> list[str]:
    """One question as a collapsible block (needs the `md_in_html` extension)."""
    state = " open" if open_ else ""
    return [
        f'<details class="question masthead-faq__item" id="{escape(item.anchor)}"{state} '
        'markdown="1">',
        f'<summary markdown="span">{item.question}</summary>',
        "",
        *item.answer,
        "",
        "</details>",
        "",
    ]


def section_heading(lines: list[str], section: FaqSection) -> str:
    """The section's heading as one line. A heading broken over lines by trailing
    backslashes becomes one heading line, its words unchanged: Markdown would otherwise
    show it as a paragraph."""
    heading = lines[section.heading_line : section.start]
    if len(heading) == 1:
        return heading[0]
    return " ".join(
        line.rstrip().removesuffix("\\").rstrip() if n < len(heading) - 1 else line.strip()
        for n, line in enumerate(heading)
    )


def rewrite(
    lines: list[str],
    section: FaqSection,
    *,
    open_: bool = False,
    render: Callable[..., list[str]] | None = None,
) -> list[str]:
    """The document with the section's questions as blocks and everything else kept.
    `render(item, open_=...)` writes each block (masthead's `render_item` by default;
    the export writes Material's question blocks)."""
    render = render or render_item
    if section.raw_html or not section.items:
        return lines
    by_line = {item.line: item for item in section.items}
    covered = {i for item in section.items for i in item.lines}
    out = [*lines[: section.heading_line], section_heading(lines, section)]
    index = section.start
    while index < section.end:
        if index in by_line:
            if out and out[-1].strip():
                out.append("")
            out += render(by_line[index], open_=open_)
        elif index not in covered:
            out.append(lines[index])
        index += 1
    return out + lines[section.end :]


def structured_items(data: object) -> tuple[list[FaqItem], str | None]:
    """Items from a front matter `faq:` list of `question`/`answer`; or why not."""
    if not isinstance(data, list):
        return [], "is not a list of `question:` / `answer:` entries"
    items: list[FaqItem] = []
    for entry in data:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("question"), str)
            and isinstance(entry.get("answer"), str)
            and entry["question"].strip()
            and entry["answer"].strip()
        ):
            return [], "has an entry without both a `question:` and an `answer:` text"
        answer = textwrap.dedent(entry["answer"]).strip("\n").split("\n")
        items.append(FaqItem(entry["question"].strip(), answer, -1))
    _anchor(items)
    return items, None


# -- one post --------------------------------------------------------------------------------
@dataclass
class FaqOutcome:
    """What `process` made of a post: its Markdown with FAQ blocks, and findings."""

    markdown: str  # the post's Markdown with its FAQ as blocks
    findings: list[Finding]  # lines: 0-based in the Markdown; -1 for the front matter
    raw_questions: list[QA] | None = None  # read from a section that is already HTML


def process(
    markdown: str,
    structured: object = None,
    *,
    headings: tuple[str, ...] = DEFAULT_HEADINGS,
    key: str = "faq",
    section_heading: str = "Frequently Asked Questions",
    open_: bool = False,
    embeds: EmbedPolicy = DEFAULT_EMBEDS,
) -> FaqOutcome:
    """A post's FAQ: its section rewritten as blocks, or one made from the front matter
    list `structured` (under `key`) when the body has none."""
    lines = markdown.split("\n")
    findings: list[Finding] = []
    raw: list[QA] | None = None
    section = find_section(lines, headings)
    if section is not None:
        parse_section(lines, section)
        findings += section.findings
        if section.raw_html:
            raw = read_details("\n".join(lines[section.start : section.end]), only_class=None)
        lines = rewrite(lines, section, open_=open_)
        if structured is not None:
            findings.append(
                Finding(
                    "faq-front-matter-ignored",
                    -1,
                    f"the post has both an FAQ section and `{key}:`; the section is used",
                    "remove one of them",
                )
            )
    elif structured is not None:
        items, why = structured_items(structured)
        if why:
            findings.append(
                Finding(
                    "faq-front-matter-invalid",
                    -1,
                    f"`{key}:` {why}",
                    "give every entry a `question:` and an `answer:`",
                )
            )
        if items:
            lines += ["", f"## {section_heading}", ""]
            for item in items:
                lines += render_item(item, open_=open_)
                # Raw HTML in the list is sanitized like the body's, and named like it.
                text = "\n".join([item.question, *item.answer])
                for unsafe in unsafe_html(text, embeds=embeds):
                    findings.append(Finding(unsafe.code, -1, unsafe.message, unsafe.fix))
    return FaqOutcome("\n".join(lines), findings, raw)


# -- reading rendered HTML (for JSON-LD: the text a reader sees) --------------------------
@dataclass
class QA:
    """A question and its answer as text, as the FAQPage JSON-LD gives them."""

    question: str
    answer: str
    anchor: str = ""


# Elements whose boundaries separate words in the text a reader sees.
_BLOCK_TAGS = frozenset(
    [
        "p",
        "li",
        "ul",
        "ol",
        "div",
        "br",
        "table",
        "tr",
        "td",
        "th",
        "pre",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ]
)


class _DetailsReader(HTMLParser):
    """Questions and answers of `<details>` blocks, as the text a reader sees."""

    def __init__(self, only_class: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.only_class = only_class
        self.found: list[QA] = []
        self._depth = 0  # nesting of <details> inside the one being read
        self._in_summary = False
        self._question: list[str] = []
        self._answer: list[str] = []
        self._anchor = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "details":
            if self._depth:
                self._depth += 1
            elif self.only_class is None or self.only_class in (values.get("class") or "").split():
                self._depth = 1
                self._question, self._answer = [], []
                self._anchor = values.get("id") or ""
            return
        if not self._depth:
            return
        if tag == "summary" and self._depth == 1 and not self._question:
            self._in_summary = True
        elif tag in _BLOCK_TAGS:
            (self._question if self._in_summary else self._answer).append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        if tag == "summary" and self._in_summary:
            self._in_summary = False
            self._question.append("")
        elif tag == "details":
            self._depth -= 1
            if not self._depth:
                question, answer = tidy("".join(self._question)), tidy("".join(self._answer))
                if question and answer:
                    self.found.append(QA(question, answer, self._anchor))
        elif tag in _BLOCK_TAGS and not self._in_summary:
            self._answer.append(" ")

    def handle_data(self, data: str) -> None:
        if self._depth:
            (self._question if self._in_summary else self._answer).append(data)


def read_details(html: str, only_class: str | None = "masthead-faq__item") -> list[QA]:
    """The questions and answers of the FAQ blocks (`<details>`) in built HTML."""
    if only_class:  # start at the first block: no need to parse the page before it
        at = html.find(only_class)
        if at < 0:
            return []
        html = html[html.rfind("<details", 0, at) :]
    reader = _DetailsReader(only_class)
    found = plainhtml.tokens(html)
    if found is None:  # not only plain tags: Python's parser reads it
        reader.feed(html)
        reader.close()
        return reader.found
    plainhtml.replay(found, reader)  # the parser's own calls, several times faster
    return reader.found
