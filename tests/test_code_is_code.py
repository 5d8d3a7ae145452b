"""Code is code (issue 14, point 4): every scanner skips what Python-Markdown renders as
code (fenced and indented blocks, code spans) and HTML comments, exactly there.

The oracle is Python-Markdown itself, with the extensions this project configures:
a Markdown text is rendered, and each marker (`tok1`, `tok2`, ...) in it is code when
it lands inside a `<code>` element or a comment of the HTML. `code.prose` must blank
exactly those markers, on named examples and on generated texts.
"""

from __future__ import annotations

import re
import time

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Comment
from conftest import REPO, check_json, cms_post, examples
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from masthead.core import code, faq, images, safety, summary, text

# MkDocs' own extensions, the demo's (mkdocs.yml), and the other ones the issue names.
_DEMO = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
_BUILT_IN = ["toc", "tables", "fenced_code"]
EXTENSIONS = [
    *_BUILT_IN,
    *(
        name
        for e in _DEMO
        if (name := next(iter(e)) if isinstance(e, dict) else e) not in _BUILT_IN
    ),
    "footnotes",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
]
_MD = markdown.Markdown(extensions=EXTENSIONS)
_TOKEN_RE = re.compile(r"tok\d+")
# Elements whose text an HTML parser reads raw: renamed so that a marker after a
# `<script>` written in prose is still seen where it is.
_RAW_TEXT_RE = re.compile(r"<(/?)(script|style|textarea)", re.I)


def rendered(text: str, md: markdown.Markdown = _MD) -> tuple[set[str], set[str], str]:
    """(markers in code or a comment, markers shown as text, the HTML) as
    Python-Markdown renders `text`, read the way a browser reads the HTML."""
    md.reset()
    html = md.convert(text)
    soup = BeautifulSoup(_RAW_TEXT_RE.sub(r"<\1x\2", html), "html5lib")
    inside: set[str] = set()
    outside: set[str] = set()
    for node in soup.find_all(string=True):
        found = _TOKEN_RE.findall(str(node))
        is_code = isinstance(node, Comment) or node.find_parent("code") is not None
        (inside if is_code else outside).update(found)
    return inside, outside, html


def blanked(text: str) -> set[str]:
    """The markers `code.prose` blanks."""
    seen = code.prose(text)
    return {m.group() for m in _TOKEN_RE.finditer(text) if seen[m.start() : m.end()] != m.group()}


def numbered(text: str) -> str:
    """`text` with each `TOK` made a marker of its own: tok1, tok2, ..."""
    pieces = text.split("TOK")
    return "".join(p + (f"tok{n}" if n < len(pieces) else "") for n, p in enumerate(pieces, 1))


def comments_closed(html: str) -> bool:
    """Whether every comment of the HTML ends before the next one starts. Python-
    Markdown passes raw HTML through as written; a `<!--` that no `-->` closes there
    comments out whatever the page shows after it, whatever the Markdown said."""
    at = 0
    while (start := html.find("<!--", at)) != -1:
        end = html.find("-->", start + 4)
        again = html.find("<!--", start + 4)
        if end == -1 or -1 < again < end:
            return False
        at = end + 3
    return True


_MD_BLOCK_RE = re.compile(r"<(\w+)[^<>]*\bmarkdown=[^<>]*>(.*?)</\1>", re.DOTALL)


def comment_left_open_in_markdown_block(text: str) -> bool:
    """Whether a block with `markdown="..."` holds a `<!--` it does not close. Python-
    Markdown's md_in_html then loses track of its placeholders and puts whole pieces of
    the page elsewhere (a code span's text comes out as a raw comment before the block,
    a later comment as escaped text): nothing a reader of the Markdown could foresee, so
    `prose` is not held to it (found by this test at 22:40 on 2026-11-25; left as is)."""
    return any(b.count("<!--") > b.count("-->") for _tag, b in _MD_BLOCK_RE.findall(text))


def agree(text: str) -> None:
    try:
        inside, outside, html = rendered(text)
    except RuntimeError:  # a footnote defined in a footnote: Python-Markdown stops
        assume(False)
    assume(comments_closed(html))
    assume(not comment_left_open_in_markdown_block(text))
    seen = blanked(text)
    # A marker Python-Markdown drops (a link definition) may go either way.
    assert (inside - seen, seen & outside) == (set(), set()), html


# -- named examples ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "code_markers"),
    [
        # Indented code: after a blank line, four spaces or a tab.
        (
            "Intro tok1.\n\n    ![x](/missing.png) tok2\n    <script>tok3</script>\n",
            {"tok2", "tok3"},
        ),
        ("Intro tok1.\n\n\t<form action='/x'>tok2</form>\n\ntok3\n", {"tok2"}),
        # A line that continues a paragraph is no code, indented or not ...
        ("A paragraph tok1\n    goes on tok2\n", set()),
        # ... but a heading, a rule or an underline ends the block it is in.
        ("# Title tok1\n    tok2\n", {"tok2"}),
        ("Title tok1\n---\n    tok2\n", {"tok2"}),
        # Code stops at the first line that is not indented.
        ("tok1\n\n    tok2\ntok3\n", {"tok2"}),
        # In a list, four spaces go on with the item; eight are code.
        ("- item tok1\n\n    more tok2\n\n        code tok3\n", {"tok3"}),
        ("1. item tok1\n\n        code tok2\n    1. nested tok3\n", {"tok2"}),
        ("- a\n    - b tok1\n\n            code tok2\n", {"tok2"}),
        # In an admonition, a details block and a quote.
        ('!!! note "Title tok1"\n    text tok2\n\n        code tok3\n', {"tok3"}),
        ("??? tip\n    ```\n    tok1\n    ```\n", {"tok1"}),
        (">     code tok1\n> text tok2\n", {"tok1"}),
        # A footnote's indented text is the footnote's; four more are code.
        ("x[^1]\n\n[^1]: note tok1\n\n    more tok2\n\n        code tok3\n", {"tok3"}),
        # Fences: anywhere, indented, in a list; a fence never closed is text; the
        # closing fence is the opening one.
        ("```python\ntok1\n```\ntok2\n", {"tok1"}),
        ("- item\n\n    ~~~\n    tok1\n    ~~~\n", {"tok1"}),
        ("~~~\ntok1\n", set()),
        ("````\ntok1\n```\ntok2\n````\n", {"tok1", "tok2"}),
        ("```x y\ntok1\n\n```\n", set()),  # not an opening fence superfences reads
        # Code spans: backtick runs of one length; a shorter one closes a longer one
        # only when no longer run follows; a backtick after a backslash is text.
        ("a `tok1` b ``tok2 ` tok3`` tok4\n", {"tok1", "tok2", "tok3"}),
        ("a ``tok1` tok2\n", {"tok1"}),
        ("a ``tok1` ```tok2```\n", {"tok2"}),
        ("a \\`tok1` tok2`\n", {"tok2"}),
        ("a `tok1\ntok2` tok3\n", {"tok1", "tok2"}),
        ("a `tok1\n\ntok2` tok3\n", set()),
        # Comments: blanked wherever Python-Markdown keeps them; one never closed is text.
        ("a <!-- tok1 --> b\n\n<!--\ntok2\n-->\ntok3\n", {"tok1", "tok2"}),
        ("<!-- tok1 -->\n    tok2\n", {"tok1", "tok2"}),  # a comment ends the block
        ("a <!-- tok1\n", set()),
        ("`<!--` tok1 `-->`\n", set()),
        # Raw HTML is no code, nor what it holds; `markdown="1"` content is Markdown.
        ("<div>\n\n    tok1 `tok2`\n\n</div>\n", set()),
        ('<div markdown="1">\n\n    tok1 `tok2`\n\n</div>\n', {"tok1", "tok2"}),
        # Tables: code spans in cells.
        ("| a | b |\n|---|---|\n| `tok1` | tok2 |\n", {"tok1"}),
    ],
)
def test_prose_blanks_what_python_markdown_renders_as_code(source, code_markers):
    inside, _, html = rendered(source)
    assert inside == code_markers, html  # the example says what Python-Markdown does
    assert blanked(source) == code_markers


def test_content_tabs_are_read_like_details():
    tabs = markdown.Markdown(extensions=["pymdownx.tabbed", "pymdownx.superfences"])
    text = '=== "A tok1"\n    text tok2\n\n        tok3\n\n=== "B"\n    ```\n    tok4\n    ```\n'
    assert rendered(text, tabs)[0] == blanked(text) == {"tok3", "tok4"}


def test_prose_keeps_lines_and_columns():
    source = "Text `x`\n\n\tcode\n<!-- a\nb -->\n```\nfenced\n```\n"
    seen = code.prose(source)
    blank = [" " * len(line) for line in source.split("\n")]
    assert seen.split("\n") == ["Text    ", "", "\t    ", *blank[3:]]  # the tab indents
    assert [len(line) for line in seen.split("\n")] == [len(x) for x in source.split("\n")]
    assert code.prose(source, spans=False) == "Text `x`" + seen[len("Text `x`") :]
    assert code.code_lines(source) == {2, 3, 4, 5, 6, 7}
    assert code.prose("No code at all.") == "No code at all."


def test_text_code_spans_are_python_markdowns():
    assert text.code_spans("a ``b` c") == [(2, 6)]  # the shorter run closes it
    assert text.code_spans("a ``b` ```c```") == [(7, 14)]
    assert text.blank_code_spans("x `y` z") == "x     z"


# -- generated texts: prose agrees with Python-Markdown ---------------------------------------
_WORDS = st.sampled_from(["TOK", "word", "*em*", "x_y", "\\\\", "<b>", "&amp;", "#", "|", "!"])


@st.composite
def _balanced_inline(draw) -> str:
    """Inline text whose backtick runs pair up (Python-Markdown reads some unpaired runs
    differently after a nested list or a footnote's back link: see `_hostile_inline`)."""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 7))
        if kind <= 3:
            parts.append(draw(_WORDS))
        elif kind <= 5:
            ticks = draw(st.sampled_from(["`", "``", "```"]))
            inner = draw(
                st.sampled_from(["TOK", " TOK ", "<b>TOK", "![TOK](/x.png)", "<!-- TOK -->"])
            )
            if len(ticks) > 1 and draw(st.booleans()):
                inner += " ` x"
            parts.append(f"{ticks}{inner}{ticks}")
        elif kind == 6:
            parts.append(f"<!-- {draw(st.sampled_from(['TOK', 'TOK `x`', 'TOK -- x']))} -->")
        else:
            parts.append(draw(st.sampled_from(["<!--", "-->"])))
    return " ".join(parts)


_FENCES = st.sampled_from(["```", "~~~", "````", "```python", "``` {.py}", '```py title="t"'])


def _indented(block: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in block.split("\n"))


@st.composite
def _block(draw, depth: int = 0) -> str:
    kind = draw(st.integers(0, 16 if depth < 2 else 7))
    if kind <= 2:
        return "\n".join(draw(_balanced_inline()) for _ in range(draw(st.integers(1, 3))))
    if kind == 3:
        return draw(st.sampled_from(["#", "##"])) + " " + draw(_balanced_inline())
    if kind == 4:
        indent = draw(st.sampled_from(["    ", "\t", "     ", "  "]))
        lines = st.sampled_from(["TOK", "TOK `x`", "<form>TOK", "![TOK](/x.png)", "", "a"])
        return "\n".join(indent + draw(lines) for _ in range(draw(st.integers(1, 3))))
    if kind == 5:
        fence = draw(_FENCES)
        indent = draw(st.sampled_from(["", "", "  ", "    "]))
        close = draw(st.sampled_from([fence.split()[0], fence[:3], "", "~~~"]))
        body = draw(st.lists(st.sampled_from(["TOK", "  TOK", "", "<!-- TOK -->", "# TOK"])))
        lines = [fence, *body[:3]] + ([close] if close else [])
        return _indented("\n".join(lines), indent)
    if kind == 6:
        indent = draw(st.sampled_from(["", " ", "   ", "    "]))
        return indent + draw(
            st.sampled_from(
                ["<!-- TOK -->", "<!-- TOK\nTOK -->", "<!-- TOK --> TOK", "<!-- TOK -->\n    TOK"]
            )
        )
    if kind == 7:
        return draw(st.sampled_from(["---", "***", "- - -"]))
    if kind == 8:
        items = []
        for _ in range(draw(st.integers(1, 3))):
            marker = draw(st.sampled_from(["- ", "* ", "1. ", "  - ", "    - ", "-\t", "10.  "]))
            item = marker + draw(_balanced_inline())
            if draw(st.booleans()):
                inner = draw(_block(depth + 1))
                indent = draw(st.sampled_from(["    ", "  ", "        "]))
                item += draw(st.sampled_from(["\n", "\n\n"])) + _indented(inner, indent)
            items.append(item)
        return draw(st.sampled_from(["\n", "\n\n"])).join(items)
    if kind == 9:
        marker = draw(st.sampled_from(["> ", ">", "  > "]))
        lines = draw(_block(depth + 1)).split("\n")
        lazy = draw(st.booleans())
        return "\n".join(
            marker + line if not (lazy and n) else line for n, line in enumerate(lines)
        )
    if kind in (10, 11):
        title = draw(
            st.sampled_from(["!!! note", '!!! note "TOK `x`"', "??? tip", '???+ note "TOK"'])
        )
        inner = draw(st.lists(_block(depth + 1), min_size=1, max_size=2))
        return title + "\n" + "\n\n".join(_indented(b, "    ") for b in inner)
    if kind == 12:
        gap = draw(st.sampled_from(["\n\n    ", "\n    ", "\n\n        ", "\n"]))
        return f"[^1]: {draw(_balanced_inline())}{gap}{draw(_balanced_inline())}"
    if kind == 13:
        return f"| a | b |\n|---|---|\n| {draw(_balanced_inline())} | {draw(_balanced_inline())} |"
    if kind == 14:
        tag = draw(st.sampled_from(["div", 'div markdown="1"', "p", 'section markdown="block"']))
        name = tag.split()[0]
        sep = draw(st.sampled_from(["\n", "\n\n"]))
        close = f"</{name}>" if "markdown" in tag or draw(st.booleans()) else ""
        indent = draw(st.sampled_from(["", "", " ", "    "]))
        return f"{indent}<{tag}>{sep}{draw(_block(depth + 1))}{sep}{close}"
    if kind == 15:
        under = draw(st.sampled_from(["===", "---"]))
        return f"{draw(_balanced_inline())}\n{under}" + draw(st.sampled_from(["\n    TOK", ""]))
    return "[ref]: /x.png" + draw(st.sampled_from(["\n    TOK", "\nTOK", ""]))


@st.composite
def documents(draw) -> str:
    """Markdown mixing paragraphs, headings, lists, quotes, admonitions, footnotes,
    tables, HTML, indented and fenced code, code spans and comments, with and without
    blank lines between them."""
    text = ""
    for block in draw(st.lists(_block(), min_size=1, max_size=6)):
        text += block + draw(st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n"]))
    return numbered(text)


@st.composite
def _hostile_inline(draw) -> str:
    """Backtick runs of any length, paired or not, escaped or not, in a piece of inline
    text Python-Markdown reads at once (a paragraph, a heading, a cell, an item)."""
    pieces = st.sampled_from(
        [
            *("TOK", "a", "*em*", "\n", "`", "``", "```", "`TOK", "TOK`", "`TOK`", "``TOK``"),
            *("``TOK`", "`TOK``", "\\`", "\\\\`", "\\\\\\``", "a\\"),
            *("<!-- TOK -->", "<!--", "-->"),
        ]
    )
    body = draw(st.sampled_from([" ", ""])).join(draw(st.lists(pieces, min_size=1, max_size=12)))
    body = body.strip("\n") or "TOK"
    where = draw(st.sampled_from(["p", "h", "li", "quote", "admonition", "cell"]))
    if where == "h":
        body = "## " + body.replace("\n", " ")
    elif where == "li":
        body = "- " + body.replace("\n", "\n  ")
    elif where == "quote":
        body = "> " + body.replace("\n", "\n> ")
    elif where == "admonition":
        body = "!!! note\n    " + body.replace("\n", "\n    ")
    elif where == "cell":
        body = "| a | b |\n|---|---|\n| " + body.replace("\n", " ") + " | x |"
    return numbered(body)


def _settings(n: int) -> settings:
    every_check = list(HealthCheck)
    return settings(max_examples=examples(n), deadline=None, suppress_health_check=every_check)


@_settings(200)
@given(documents())
def test_prose_agrees_with_python_markdown_on_generated_posts(source):
    agree(source)


@_settings(200)
@given(_hostile_inline())
def test_code_spans_agree_with_python_markdown_on_any_backtick_runs(source):
    agree(source)


# -- each scanner: what is written only inside code is never reported -----------------------
PAYLOADS = {
    "image": "![logo](/missing.png)",
    "html image": '<img src="/missing.png" alt="logo">',
    "script": "<script>alert(1)</script>",
    "form": '<form action="/subscribe"><input name="email"></form>',
    "faq": "## FAQ",
}


@st.composite
def code_only_posts(draw) -> str:
    """A post whose images, raw HTML and FAQ heading are all inside code or comments."""
    payload = st.sampled_from(list(PAYLOADS.values()))
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.integers(0, 7))
        shown = draw(payload)
        if kind == 0:
            blocks.append(draw(st.sampled_from(["Some prose.", "A *word* and `code`."])))
        elif kind == 1:
            indent = draw(st.sampled_from(["    ", "\t"]))
            blocks.append("Text:\n\n" + _indented(f"{shown}\n{draw(payload)}", indent))
        elif kind == 2:
            fence = draw(st.sampled_from(["```", "~~~", "```html"]))
            indent = draw(st.sampled_from(["", "  "]))
            blocks.append(_indented(f"{fence}\n{shown}\n{fence[:3]}", indent))
        elif kind == 3:
            blocks.append(f"Use `{shown}` here.")
        elif kind == 4:
            blocks.append(f"<!--\n{shown}\n-->")
        elif kind == 5:
            blocks.append(f"- A step:\n\n        {shown}")
        elif kind == 6:
            blocks.append(f"!!! note\n    Code:\n\n        {shown}")
        else:
            blocks.append(f"1. Step\n\n    ```\n    {shown}\n    ```")
    return "Intro.\n\n" + "\n\n".join(blocks) + "\n"


def _shown_outside_code(html: str) -> bool:
    soup = BeautifulSoup(html, "html5lib")
    if soup.find(["img", "script", "form"]) is not None:
        return True
    return any(h.get_text(strip=True) == "FAQ" for h in soup.find_all("h2"))


@_settings(60)
@given(code_only_posts())
def test_what_is_written_only_inside_code_is_never_reported(post):
    _MD.reset()
    assert not _shown_outside_code(_MD.convert(post)), "the generator writes code"
    assert images.find_images(post) == []
    assert safety.unsafe_html(post) == []
    assert safety.unsafe_html(post, removed=False) == []
    outcome = faq.process(post)
    assert (outcome.markdown, outcome.findings) == (post, [])
    assert summary.derive_summary(post) in ("Intro.", "")


def test_the_same_text_outside_code_is_reported():
    """The other side: each payload outside code is found (the test above can fail)."""
    post = "Intro.\n\n" + "\n\n".join(PAYLOADS.values()) + "\n\n**What?**\n\nThis.\n"
    assert [ref.url for ref in images.find_images(post)] == ["/missing.png", "/missing.png"]
    assert {f.line for f in safety.unsafe_html(post, removed=False)} == {6, 8}
    assert faq.process(post).markdown != post


def test_summary_skips_code_blocks_and_comments_but_keeps_code_spans():
    body = "<!-- draft -->\n\n    indented code\n\n```\nfenced\n```\n\nRun `make` now.\n"
    assert summary.derive_summary(body) == "Run make now."
    assert summary.derive_summary("Text\n<!-- note -->\nmore.\n") == "Text"


def test_faq_headings_and_questions_inside_code_are_not_read():
    body = "Intro.\n\n    ## FAQ\n\n    **What is it?**\n\n    A thing.\n"
    assert faq.find_section(body.split("\n")) is None
    lines = ["## FAQ", "", "```", "**Not a question?**", "```", "", "**What is it?**", "", "A."]
    section = faq.parse_section(lines, faq.find_section(lines))
    assert [item.question for item in section.items] == ["What is it?"]


# -- the issue's false errors, as real sites ------------------------------------------------
ISSUE_BODY = """\
Our theme links its logo like this:

    {{ .Section.logo | relURL }}
    ![logo](/missing.png)

And the newsletter form, shown as code:

    <form action="/subscribe"><input name="email"></form>
    <script src="/track.js"></script>

- In a list, eight spaces:

        <script>alert(1)</script>

Done.
"""


def test_the_issues_false_errors_are_gone(site, capsys):
    site.config["plugins"].append("masthead/images")
    site.config["markdown_extensions"] = [
        "attr_list",
        "md_in_html",
        "admonition",
        "pymdownx.details",
        "pymdownx.superfences",
    ]
    site.post("hugo.md", cms_post(title="From Hugo", body=ISSUE_BODY))
    built = site.build()
    assert built.error is None, built.errors()
    assert not [m for m in built.messages() if "missing.png" in m or "could run code" in m]
    assert not [
        (p["check"], p["line"])
        for p in check_json(site.root, capsys)
        if p["check"] in ("image-missing", "html-unsafe")
    ]
    [page] = built.post_pages()
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").article
    blocks = [c.get_text() for c in article.find_all("code")]
    assert blocks == [
        "{{ .Section.logo | relURL }}\n![logo](/missing.png)\n",
        '<form action="/subscribe"><input name="email"></form>\n'
        '<script src="/track.js"></script>\n',
        "<script>alert(1)</script>\n",
    ]
    assert article.find(["script", "form"]) is None
    assert article.find("img", src=re.compile("missing")) is None


# -- bounded ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "hostile",
    [
        "`" * 20_000,
        " ".join("`" * (n % 50 + 1) for n in range(3_000)),
        "\\`" * 10_000,
        "<!--" * 5_000,
        "<!-- a -->" + " &amp;" * 10_000,
        "<div>\n" * 10_000,
        "> " * 5_000 + "    x",
        "\n".join("    " * n + "- x `y`" for n in range(200)),
        "\n".join("# h `x`" for _ in range(20_000)),
        "a `x`\n" + "\n".join("    b" for _ in range(20_000)),
        "```\n" * 20_000,
        "\t" * 20_000 + "x",
        "- a\n  > b\n    ```\n" * 3_000,
        "| a | b |\n|---|---|\n" + "| `x` | y |\n" * 5_000,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_prose_reads_hostile_text_at_once(hostile):
    start = time.perf_counter()
    code.code_ranges(hostile + "\n")  # not cached: the text differs from the others
    assert time.perf_counter() - start < 1


def test_a_post_is_read_once_for_all_scanners(monkeypatch):
    """The scanners of one post share one reading of it."""
    reads = []
    real = code._Reader.read
    monkeypatch.setattr(code._Reader, "read", lambda self: reads.append(1) or real(self))
    post = (
        f"Intro {time.perf_counter_ns()}.\n\n    code ![x](/y.png) `z`\n\n## FAQ\n\n**Q?**\n\nA.\n"
    )
    images.find_images(post)
    safety.unsafe_html(post)
    faq.process(post)
    summary.derive_summary(post)
    assert len(reads) == 1
