"""Other generators' syntax in a post's body, translated to what it stands for.

`masthead import` copies posts byte for byte, so the build reads what other generators
put in bodies: Hugo shortcodes (`{{< youtube ID >}}`, `{{% notice %}}...{{% /notice %}}`),
Liquid tags and values of Jekyll and Hexo (`{% highlight ruby %}`, `{{ site.baseurl }}`),
and MDX (`import` lines at the top, components such as `<YouTube id="..." />`). A known
one becomes the Markdown or HTML it stands for; an unknown one is left out with a
warning at its line (a paired one keeps its content), so none reaches a page, a card,
a feed or a description as raw syntax.

Code is code: nothing in a code block, a code span or an HTML comment is read
(`code.prose`), except the generators' own escapes, which only ever stood for the text
they wrap: `{{</* x */>}}` is `{{< x >}}`, and `{% raw %}` / `{% endraw %}` are dropped.

Lines do not move: each translation keeps the line breaks of what it replaces, so
every later check reports the lines of the file. (A highlight block that starts or ends
in the middle of a line is the one exception: its fence needs a line of its own.)

Every pattern stops at the next brace, or the next `<` or `>`: linear on any text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from .code import prose
from .problems import Finding

CODES = ("shortcode-unknown", "shortcode-invalid", "mdx-import")
MAX_FINDINGS = 50  # per post; past them one finding says how many more

# One pass finds every construct. Each part runs up to the next brace (or `<`, `>` in
# a component's tag) and no further, and possessive repeats never give back: linear.
_TOKEN_RE = re.compile(
    r"\{\{(?P<mark>[<%])(?P<hugo>[^{}]*+)\}\}"  # Hugo: inner ends with the same mark
    r"|\{%(?P<liquid>[^{}]*+)\}"  # Liquid tag: inner ends with `%`
    r"|\{\{(?P<value>[^{}<%][^{}]*+)\}\}"  # Liquid value
    r"|\{/\*(?P<comment>[^{}]*+)\}"  # MDX comment: inner ends with `*/`
    r"|<(?P<jsx>[A-Z][\w.]*+)(?=[\s/>])"  # MDX component
    r"(?P<attrs>(?:[^<>{}\"'/]++|\"[^\"<>]*+\"|'[^'<>]*+'"
    r"|\{(?:[^{}<>]++|\{[^{}<>]*+\})*+\})*+)(?P<self>/?)>"
    r"|</(?P<jsxclose>[A-Z][\w.]*+)\s*+>"
)
# What is left of an opener no construct took: `{{<`, `{{%` (after any more braces), `{%`.
_OPENER_RE = re.compile(r"(?<!\{)\{\{++[<%]|\{%")
# The generators' escapes, read in code too.
_ESCAPE_RE = re.compile(
    r"\{\{(?P<mark>[<%])(?P<inner>/\*[^{}]*+)\}\}|\{%-?\s*+(?:end)?raw\s*+-?%\}"
)
# Arguments of a shortcode or tag: `name=value`, `name: value` or a value alone.
_ARG_RE = re.compile(
    r"(?:(?P<key>[\w-]++)\s*+(?:=|:(?!//))\s*+)?(?P<value>\"[^\"]*+\"|'[^']*+'|`[^`]*+`|[^\s\"'`]++)"
)
# Attributes of a component: `name="v"`, `name='v'`, `name={...}` or `name` alone.
_JSX_ATTR_RE = re.compile(
    r"(?P<key>[\w:.-]++)(?:\s*+=\s*+(?P<value>\"[^\"]*+\"|'[^']*+'"
    r"|\{(?:[^{}]++|\{[^{}]*+\})*+\}))?"
)
# MDX's ESM lines: `import X from "x"`, `import "x"`, `export const/function/default ...`.
_ESM_RE = re.compile(
    r"import\s*+(?:[\w*{$][^'\"]*?\bfrom\s*+)?['\"]"
    r"|export\s++(?:const|let|var|function|default|async|class)\b|export\s*+\{"
)
_BACKTICKS_RE = re.compile(r"`++")
_VIDEO_ID_RE = re.compile(r"[\w-]{1,64}")
_NUMBER_RE = re.compile(r"\d{1,32}")
_USER_RE = re.compile(r"[\w.-]{1,64}")
_LANGUAGE_RE = re.compile(r"[\w#.+-]{1,40}")
_YOUTUBE_URL_RE = re.compile(r"(?:[?&]v=|youtu\.be/|/embed/|/shorts/|/live/)([\w-]{6,20})")
_VIMEO_URL_RE = re.compile(r"vimeo\.com/(?:video/)?(\d{1,20})")
_STATUS_URL_RE = re.compile(r"(?:twitter|x)\.com/(\w{1,30})/status(?:es)?/(\d{1,30})")
_GIST_URL_RE = re.compile(r"gist\.github\.com/(?:([\w-]{1,64})/)?([\w-]{1,64})")
_CODEPEN_URL_RE = re.compile(r"codepen\.io/([\w-]{1,64})/(?:pen|embed)/([\w-]{1,32})")
_IMAGE_INCLUDE_RE = re.compile(r"image|img|figure|picture|photo|screenshot", re.I)

# Elements of HTML: `<B>` or `<IMG SRC=x>` is HTML written in capitals, not a component.
_HTML_NAMES = (
    "a abbr acronym address area article aside audio b base bdi bdo big blink blockquote "
    "body br button canvas caption center cite code col colgroup data datalist dd del "
    "details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form "
    "frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd "
    "label legend li link main map mark marquee menu meta meter nav nobr noscript object ol "
    "optgroup option output p param picture pre progress q rp rt rtc ruby s samp script "
    "search section select slot small source span strike strong style sub summary sup svg "
    "table tbody td template textarea tfoot th thead time title tr track tt u ul var video "
    "wbr math"
)
_HTML_TAGS = frozenset(_HTML_NAMES.split())

_KINDS = {
    "hugo": "Hugo shortcode",
    "liquid": "Liquid tag",
    "value": "Liquid value",
    "jsx": "MDX component",
}
_UNKNOWN_FIX = "replace it with Markdown or HTML"


@dataclass(frozen=True)
class Translation:
    """A body with other generators' syntax translated, and what was found on the way
    (0-based lines of the Markdown given)."""

    markdown: str
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Token:
    start: int
    end: int
    family: str  # hugo, liquid, value, jsx, comment (MDX), escaped (Hugo's `{{</* */>}}`)
    kind: str  # open, close or single
    name: str  # as written; `key` is how openers and closers are matched
    args: str  # the text after the name
    mark: str = ""  # a Hugo shortcode's `<` or `%`

    @property
    def key(self) -> tuple[str, str]:
        return self.family, self.name if self.family == "jsx" else self.name.lower()

    @property
    def verbatim(self) -> str | None:
        """How the content of a paired one is read: as code, as raw text, or not at
        all (a comment); None when its content is Markdown."""
        return _VERBATIM.get((self.family, self.name.lower()))


_VERBATIM = {
    ("liquid", "highlight"): "code",
    ("liquid", "codeblock"): "code",  # Hexo
    ("liquid", "raw"): "raw",
    ("liquid", "comment"): "drop",
    ("hugo", "highlight"): "code",
    ("hugo", "comment"): "drop",
}


class _Problem(Exception):
    """A known construct written so that it cannot be translated (no id, no source)."""

    def __init__(self, missing: str, fix: str) -> None:
        super().__init__(missing)
        self.missing, self.fix = missing, fix


@dataclass
class _Args:
    positional: list[str]
    named: dict[str, str]

    def get(self, *names: str, index: int | None = None) -> str:
        for name in names:
            value = self.named.get(name.lower())
            if value:
                return value
        if index is not None and -len(self.positional) <= index < len(self.positional):
            return self.positional[index]
        return ""


# -- the translation -------------------------------------------------------------------------
def translate(markdown: str, page: Mapping[str, object] | None = None) -> Translation:
    """`markdown` with Hugo shortcodes, Liquid tags and values, MDX import lines and
    components translated; `page` is the post's front matter (for `{{ page.x }}`)."""
    markdown = fence_headers(markdown)
    if "{" not in markdown and "<" not in markdown and not _starts_esm(markdown):
        return Translation(markdown)
    view = prose(markdown)
    if len(view) != len(markdown):  # `prose` keeps every offset; if not, change nothing
        return Translation(markdown)
    state = _State(markdown, view, page or {})
    start = state.esm()
    tokens = [t for m in _TOKEN_RE.finditer(view, start) if (t := state.token(m))]
    state.run(tokens)
    state.openers_left()
    state.escapes_in_code()
    return Translation(_no_openers(state.output()), state.findings())


# An MDX/rehype code fence header: ```ts title="a.ts" {3,8} showLineNumbers
_FENCE_HEADER_RE = re.compile(
    r"^(?P<indent>[ \t]{0,3}(?:>[ ]?)*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+#.-]{1,40})"
    r"(?P<meta>[ \t][^`\n]{1,400})$",
    re.MULTILINE,
)
_FENCE_LINES_RE = re.compile(r"\{([\d,\s-]{1,200})\}")
_FENCE_TITLE_RE = re.compile(r"""\b(?:title|filename)=(?:"([^"\n]{0,200})"|'([^'\n]{0,200})')""")


def fence_headers(markdown: str) -> str:
    """Code fences written with MDX's meta (`{3,8}`, `showLineNumbers`, `title=`) in
    the form Python-Markdown's superfences reads (`hl_lines="3 8"`, `linenums="1"`,
    `title=`): otherwise the whole block is read as text, not code. Same lines."""
    if "```" not in markdown and "~~~" not in markdown:
        return markdown

    def header(match: re.Match[str]) -> str:
        meta = match["meta"]
        if "=" not in meta and "{" not in meta and "showLineNumbers" not in meta:
            return match.group()  # a header superfences reads as it is
        options = []
        title = _FENCE_TITLE_RE.search(meta)
        if title:
            text = (title[1] if title[1] is not None else title[2]).replace('"', "'")
            options.append(f'title="{text}"')
        lines = _FENCE_LINES_RE.search(meta)
        if lines:
            spans = [p.strip() for p in lines[1].split(",") if p.strip()]
            options.append(f'hl_lines="{" ".join(spans)}"')
        if "showLineNumbers" in meta:
            options.append('linenums="1"')
        return f"{match['indent']}{match['fence']} {match['lang']} {' '.join(options)}".rstrip()

    return _FENCE_HEADER_RE.sub(header, markdown)


def _no_openers(markdown: str) -> str:
    """`markdown` with the braces of any opener outside code written as character
    references: where what was left out brought a `{` and a `%` together (`{` +
    `{{< x >}}` + `%}`), the text stays text."""
    if "{%" not in markdown and "{{<" not in markdown and "{{%" not in markdown:
        return markdown
    view, parts, at = prose(markdown), [], 0
    for match in _OPENER_RE.finditer(view):
        start, end = match.span()
        parts += [markdown[at:start], markdown[start:end].replace("{", "&#123;")]
        at = end
    return "".join(parts) + markdown[at:] if parts else markdown


def _starts_esm(markdown: str) -> bool:
    head = markdown.lstrip()[:6]
    return head in ("import", "export")


def _hugo_token(text: str, match: re.Match[str]) -> _Token | None:
    """A Hugo shortcode: `{{< x >}}`, `{{% x %}}`, its closer, or its escape."""
    start, end = match.start(), match.end()
    mark = match.group("mark")
    inner = text[match.start("hugo") : match.end("hugo")]
    if not inner.endswith(">" if mark == "<" else "%"):
        return None  # `{{< x %}}`: left to the openers' check
    inner = inner[:-1].strip()
    if inner.startswith("/*") and inner.endswith("*/") and len(inner) >= 4:
        return _Token(start, end, "escaped", "single", "", inner[2:-2], mark)
    kind = "single" if inner.endswith("/") else "open"
    inner = inner.removesuffix("/").strip()
    if inner.startswith("/"):
        kind, inner = "close", inner[1:].strip()
    name, _, args = _split_name(inner)
    return _Token(start, end, "hugo", kind, name, args, mark)


def _liquid_token(text: str, match: re.Match[str]) -> _Token | None:
    """A Liquid tag, `{% x %}`, or its closer `{% endx %}`."""
    inner = text[match.start("liquid") : match.end("liquid")]
    if not inner.endswith("%"):
        return None
    inner = inner[:-1].strip(" \t\n-")
    name, _, args = _split_name(inner)
    lower = name.lower()
    if lower.startswith("end") and len(lower) > 3:
        return _Token(match.start(), match.end(), "liquid", "close", name[3:], args)
    return _Token(match.start(), match.end(), "liquid", "open", name, args)


def _value_token(text: str, match: re.Match[str]) -> _Token | None:
    """A Liquid value, `{{ page.x }}`."""
    inner = text[match.start("value") : match.end("value")].strip(" \t\n-")
    if not inner[:1].isalpha() and inner[:1] not in ("'", '"', "_"):
        return None  # `{{ .Title }}`: a Go template, text for Hugo too
    return _Token(match.start(), match.end(), "value", "single", inner, "")


def _jsx_token(text: str, match: re.Match[str]) -> _Token | None:
    """An MDX component, `<Name ...>` or `</Name>` (not HTML written in capitals)."""
    start, end = match.start(), match.end()
    if match.group("jsxclose") is not None:
        name = match.group("jsxclose")
        if name.lower() in _HTML_TAGS:
            return None
        return _Token(start, end, "jsx", "close", name, "")
    name = match.group("jsx")
    if name.lower() in _HTML_TAGS:
        return None
    kind = "single" if match.group("self") else "open"
    return _Token(start, end, "jsx", kind, name, text[match.start("attrs") : match.end("attrs")])


class _State:
    def __init__(self, text: str, view: str, page: Mapping[str, object]) -> None:
        self.text, self.view, self.page = text, view, page
        self.edits: list[tuple[int, int, str]] = []
        self.taken: list[tuple[int, int]] = []  # ranges read already (disjoint)
        self.found: list[tuple[int, str, str, str]] = []  # offset, code, message, fix

    # -- reading ---------------------------------------------------------------------------
    def esm(self) -> int:
        """MDX's import and export lines at the top of the body (each block runs to a
        blank line) are left out; where the Markdown after them starts."""
        text, at, first, end = self.text, 0, -1, 0
        while True:
            while at < len(text) and text.startswith("\n", at):
                at += 1
            if at >= len(text) or not _ESM_RE.match(text, at):
                break
            stop = text.find("\n\n", at)
            stop = len(text) if stop == -1 else stop
            if self.view[at:stop] != text[at:stop]:
                break  # part of it is code or a comment: not MDX's
            if first < 0:
                first = at
            self.edit(at, stop, "")
            at = end = stop
        if first >= 0:
            self.taken.append((first, end))
            self.report(
                first,
                "mdx-import",
                "the MDX import and export lines at the top of the post are left out of the page",
                "nothing to do; the components the post uses are translated, or reported "
                "where it uses them",
            )
        return end

    def token(self, match: re.Match[str]) -> _Token | None:
        """What a match of `_TOKEN_RE` is (None: text after all)."""
        if match.group("hugo") is not None:
            return _hugo_token(self.text, match)
        if match.group("liquid") is not None:
            return _liquid_token(self.text, match)
        if match.group("value") is not None:
            return _value_token(self.text, match)
        if match.group("comment") is not None:
            if not match.group("comment").endswith("*/"):
                return None
            return _Token(match.start(), match.end(), "comment", "single", "", "")
        return _jsx_token(self.text, match)

    # -- translating -----------------------------------------------------------------------
    def run(self, tokens: list[_Token]) -> None:
        """Translate the tokens: pair openers with closers, then make each what it
        stands for, in order."""
        closers: dict[tuple[str, str], list[int]] = {}
        for index, token in enumerate(tokens):
            if token.kind == "close":
                closers.setdefault(token.key, []).append(index)
        partner = self.pair_up(tokens, closers)
        self.translate_each(tokens, closers, partner)

    def pair_up(
        self, tokens: list[_Token], closers: dict[tuple[str, str], list[int]]
    ) -> dict[int, int]:
        """The first pass: each opener's closer and each closer's opener (by index); a
        block whose content is not Markdown made at once, with its content."""
        partner: dict[int, int] = {}
        stack: list[int] = []
        open_count: Counter[tuple[str, str]] = Counter()
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind == "open" and token.verbatim:
                later = closers.get(token.key, [])
                at = bisect_right(later, index)
                if at < len(later):
                    close = later[at]
                    self.verbatim(token, tokens[close])
                    index = close + 1
                    continue
                self.unclosed(token)
            elif token.kind == "open":
                stack.append(index)
                open_count[token.key] += 1
            elif token.kind == "close" and open_count[token.key]:
                while stack:
                    opened = stack.pop()
                    open_count[tokens[opened].key] -= 1
                    if tokens[opened].key == token.key:
                        partner[opened], partner[index] = index, opened
                        break
            index += 1
        return partner

    def translate_each(
        self,
        tokens: list[_Token],
        closers: dict[tuple[str, str], list[int]],
        partner: dict[int, int],
    ) -> None:
        """The second pass, in order: what each token becomes."""
        skip_to = -1
        for index, token in enumerate(tokens):
            if token.start < skip_to:
                continue
            self.taken.append((token.start, token.end))
            if token.verbatim and token.kind == "open":
                later = closers.get(token.key, [])
                at = bisect_right(later, index)
                if at < len(later):  # made in the first pass, with its content
                    skip_to = tokens[later[at]].end
                    self.taken[-1] = (token.start, skip_to)
                else:  # never closed: reported in the first pass
                    self.edit(token.start, token.end, "")
                continue
            if token.kind == "close":
                if index not in partner:
                    self.orphan(token)
                self.edit(token.start, token.end, "")
                continue
            self.translate(token, paired=index in partner)

    def translate(self, token: _Token, *, paired: bool) -> None:
        if token.family == "comment":
            self.edit(token.start, token.end, "")
            return
        if token.family == "escaped":
            shown = "{{" + token.mark + token.args + (">" if token.mark == "<" else "%") + "}}"
            self.edit(token.start, token.end, _inert(shown))
            return
        handler = _HANDLERS.get(token.family, {}).get(_handler_name(token))
        if handler is None:
            self.unknown(token, paired=paired)
            return
        try:
            replacement = handler(self, token)
        except _Problem as problem:
            self.report(
                token.start,
                "shortcode-invalid",
                f"the {_KINDS[token.family]} {_shown(token)} has no {problem.missing}; it is "
                "left out of the page",
                problem.fix,
            )
            replacement = ""
        if replacement is None:
            self.unknown(token, paired=paired)
            return
        self.edit(token.start, token.end, replacement)

    def verbatim(self, opener: _Token, closer: _Token) -> None:
        how, text = opener.verbatim, self.text
        content = text[opener.end : closer.start]
        if how == "drop":
            self.edit(opener.start, closer.end, "")
        elif how == "raw":
            self.edit(opener.start, opener.end, "")
            self.edit(opener.end, closer.start, self.inert_prose(opener.end, content))
            self.edit(closer.start, closer.end, "")
        else:
            args = _args(opener.args)
            language = args.get("lang", "language", index=0)
            if opener.name.lower() == "codeblock":
                language = args.get("lang")
            self.edit(opener.start, closer.end, self.fenced(opener, closer, content, language))

    def fenced(self, opener: _Token, closer: _Token, content: str, language: str) -> str:
        """A highlight block as a fenced code block (a code span when it is all on one
        line), its content as written less the generators' escapes."""
        text = self.text
        content = _unescape(content)
        language = language if _LANGUAGE_RE.fullmatch(language) else ""
        if "\n" not in content:
            return _code_span(content)
        line_start = text.rfind("\n", 0, opener.start) + 1
        before = text[line_start : opener.start]
        indent = before if not before.strip() else ""
        line_end = text.find("\n", closer.end)
        after = text[closer.end : len(text) if line_end == -1 else line_end]
        runs = [len(run) for run in _BACKTICKS_RE.findall(content)]
        fence = "`" * max(3, max(runs, default=0) + 1)
        out = "\n" if before.strip() else ""
        out += fence + language
        if not content.startswith("\n"):
            out += "\n"
        trimmed = content.rstrip(" \t")
        if trimmed.endswith("\n"):
            out += trimmed + indent + fence
        else:
            out += content + "\n" + indent + fence
        return out + ("\n" if after.strip() else "")

    def inert_prose(self, start: int, content: str) -> str:
        """`content` (at `start`) with each `{` outside code written as a character
        reference: the text of `{% raw %}`, shown as written and never read again."""
        if "{" not in content:
            return content
        parts, at = [], 0
        while (brace := content.find("{", at)) != -1:
            if self.view[start + brace] == "{":
                parts += [content[at:brace], "&#123;"]
                at = brace + 1
            else:
                parts.append(content[at : brace + 1])
                at = brace + 1
        return "".join(parts) + content[at:]

    # -- what is left --------------------------------------------------------------------------
    def openers_left(self) -> None:
        """An opener that no construct took (`{{< x` with no `>}}`) is left out."""
        taken = sorted(self.taken)
        starts = [start for start, _ in taken]
        for match in _OPENER_RE.finditer(self.view):
            if _inside(taken, starts, match.start()):
                continue
            mark = match.group()[-1]
            if len(match.group()) > 2:
                what, opener, closer = (
                    "Hugo shortcode",
                    "{{" + mark,
                    ">}}" if mark == "<" else "%}}",
                )
            else:
                what, opener, closer = "Liquid tag", "{%", "%}"
            self.report(
                match.start(),
                "shortcode-invalid",
                f"`{opener}` starts a {what} that nothing closes; it is left out of the page",
                f"end the {what.split()[-1]} with `{closer}`, or write the text in a code span",
            )
            self.edit(match.start(), match.end(), "")

    def escapes_in_code(self) -> None:
        """`{{</* x */>}}` and `{% raw %}` in code: the generators' escapes, read there
        too (Hugo and Jekyll read code as well; the escape is how a post shows syntax)."""
        text, view = self.text, self.view
        if "/*" not in text and "raw" not in text:
            return
        taken = sorted(self.taken)
        starts = [start for start, _ in taken]
        for match in _ESCAPE_RE.finditer(text):
            start = match.start()
            if view[start] == "{" or _inside(taken, starts, start):
                continue  # prose: read above
            self.edit(start, match.end(), _unescape(match.group()))

    # -- findings --------------------------------------------------------------------------
    def unknown(self, token: _Token, *, paired: bool) -> None:
        what = "it is left out of the page" + (" and its content is kept" if paired else "")
        fix = _UNKNOWN_FIX if token.family != "value" else "write the text it stands for"
        self.report(
            token.start,
            "shortcode-unknown",
            f"the {_KINDS[token.family]} {_shown(token)} has no equivalent here; {what}",
            fix,
        )
        self.edit(token.start, token.end, "")

    def orphan(self, token: _Token) -> None:
        self.report(
            token.start,
            "shortcode-invalid",
            f"the {_KINDS[token.family]} {_shown(token)} closes nothing; it is left out of "
            "the page",
            "remove it",
        )

    def unclosed(self, token: _Token) -> None:
        closer = _shown(_Token(0, 0, token.family, "close", token.name, "", token.mark))
        self.report(
            token.start,
            "shortcode-invalid",
            f"the {_KINDS[token.family]} {_shown(token)} is never closed with {closer}; it "
            "is left out of the page",
            f"add {closer} where its content ends",
        )

    def report(self, offset: int, code: str, message: str, fix: str) -> None:
        self.found.append((offset, code, message, fix))

    def findings(self) -> list[Finding]:
        """The first `MAX_FINDINGS` in the order of the text, then how many more."""
        found, line, at = [], 0, 0
        ordered = sorted(self.found, key=lambda f: f[0])
        for offset, code, message, fix in ordered[: MAX_FINDINGS + 1]:
            line += self.text.count("\n", at, offset)
            at = offset
            found.append(Finding(code, line, message, fix))
        if len(ordered) > MAX_FINDINGS:
            last = found.pop()
            found.append(
                Finding(
                    last.code,
                    last.line,
                    f"{len(ordered) - MAX_FINDINGS:,} more Hugo shortcodes, Liquid tags or MDX "
                    "components from this line on are left out of the page or changed",
                    "fix the ones listed first, then check the post again",
                )
            )
        return found

    # -- output ----------------------------------------------------------------------------
    def edit(self, start: int, end: int, replacement: str) -> None:
        self.edits.append((start, end, replacement))

    def output(self) -> str:
        text, parts, at = self.text, [], 0
        for start, end, replacement in sorted(self.edits, key=lambda e: (e[0], e[1])):
            if start < at:
                continue  # inside an edit made already
            parts += [text[at:start], _keep_lines(text[start:end], replacement)]
            at = end
        return "".join(parts) + text[at:]

    def before(self, offset: int) -> str:
        """The text of the line before `offset` (at most 200 characters)."""
        line_start = self.text.rfind("\n", max(0, offset - 200), offset) + 1
        return self.text[max(line_start, offset - 200) : offset]


def _inside(taken: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    at = bisect_right(starts, offset) - 1
    return at >= 0 and taken[at][0] <= offset < taken[at][1]


def _keep_lines(replaced: str, replacement: str) -> str:
    """`replacement` followed by the line breaks of `replaced` it lacks."""
    missing = replaced.count("\n") - replacement.count("\n")
    return replacement + "\n" * missing if missing > 0 else replacement


def _split_name(inner: str) -> tuple[str, str, str]:
    parts = inner.split(None, 1)
    if not parts:
        return "", "", ""
    return parts[0], " ", parts[1] if len(parts) > 1 else ""


def _handler_name(token: _Token) -> str:
    """The name a construct's handler is known by: components without case or
    punctuation (`LiteYouTubeEmbed`, `lite-youtube`); a Liquid value has one handler."""
    if token.family == "value":
        return ""
    if token.family == "jsx":
        return "".join(c for c in token.name.lower() if c.isalnum())
    return token.name.lower()


def _cut(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(token: _Token) -> str:
    """How a message names the construct: `{{< name >}}`, `{% name %}`, `<Name>`."""
    name = _cut(token.name)
    slash = "/" if token.kind == "close" else ""
    if token.family == "hugo":
        close = ">}}" if token.mark == "<" else "%}}"
        return "{{" + token.mark + " " + slash + name + " " + close
    if token.family == "liquid":
        if token.kind == "close":
            name = "end" + name
        if name.lower() == "include" and token.args:
            name += " " + _cut(token.args.split()[0])
        return "{% " + name + " %}"
    if token.family == "value":
        return "{{ " + name + " }}"
    return "<" + slash + name + ">"


def _unescape(text: str) -> str:
    """The generators' escapes taken out: `{% raw %}` and `{% endraw %}` dropped,
    `{{</* x */>}}` as `{{< x >}}`."""
    if "raw" not in text and "/*" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        mark = match.group("mark")
        if mark is None:
            return ""
        inner, end = match.group("inner"), ">" if mark == "<" else "%"
        if not inner.endswith("*/" + end):
            return match.group()
        return "{{" + mark + inner[2:-3] + end + "}}"

    return _ESCAPE_RE.sub(replace, text)


def _inert(text: str) -> str:
    """Text shown as written that no generator's syntax reads again."""
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


def _code_span(content: str) -> str:
    runs = [len(run) for run in _BACKTICKS_RE.findall(content)]
    ticks = "`" * (max(runs, default=0) + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return ticks + pad + content + pad + ticks


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        return value[1:-1]
    return value


def _args(text: str) -> _Args:
    positional, named = [], {}
    for match in _ARG_RE.finditer(text):
        value = _unquote(match.group("value"))
        if match.group("key"):
            named[match.group("key").lower()] = value.strip()
        else:
            positional.append(value.strip())
    return _Args(positional, named)


def _jsx_args(text: str) -> _Args:
    named: dict[str, str] = {}
    for match in _JSX_ATTR_RE.finditer(text):
        value = match.group("value")
        if value is None:
            continue
        if value.startswith("{"):
            value = value[1:-1].strip()
            if not (_unquote(value) != value or value.isdigit()):
                continue  # an expression: nothing to read without running it
        named[match.group("key").lower()] = _unquote(value).strip()
    return _Args([], named)


# -- what each known one becomes -------------------------------------------------------------
def _attr(value: str) -> str:
    return html.escape(value, quote=True).replace("{", "&#123;")


def _iframe(src: str, title: str) -> str:
    return f'<iframe src="{_attr(src)}" title="{_attr(title)}" allowfullscreen></iframe>'


_NO_VIDEO = ("video id", "give it the video's id (from its address, e.g. `w7Ft2ymGmfc`)")


def _youtube(value: str, title: str) -> str:
    found = _YOUTUBE_URL_RE.search(value) if "/" in value else None
    video = found.group(1) if found else value
    if not _VIDEO_ID_RE.fullmatch(video):
        raise _Problem(*_NO_VIDEO)
    return _iframe(f"https://www.youtube-nocookie.com/embed/{video}", title or "YouTube video")


def _vimeo(value: str, title: str) -> str:
    found = _VIMEO_URL_RE.search(value) if "/" in value else None
    video = found.group(1) if found else value
    if not _NUMBER_RE.fullmatch(video):
        raise _Problem(*_NO_VIDEO)
    return _iframe(f"https://player.vimeo.com/video/{video}", title or "Vimeo video")


def _tweet(user: str, status: str) -> str:
    found = _STATUS_URL_RE.search(status) if "/" in status else None
    if found:
        user, status = found.groups()
    user = user.lstrip("@")
    if not _NUMBER_RE.fullmatch(status) or (user and not _USER_RE.fullmatch(user)):
        raise _Problem("post id", "give it the post's id (the number at the end of its address)")
    url = f"https://twitter.com/{user or 'i'}/status/{status}"
    label = f"A post by @{user} on X" if user else "A post on X"
    return (
        f'<blockquote class="twitter-tweet"><a href="{_attr(url)}">{_inert(label)}</a></blockquote>'
    )


def _gist(user: str, gist: str) -> str:
    if "/" in gist:
        found = _GIST_URL_RE.search(gist) if "gist.github.com" in gist else None
        if found:
            user, gist = found.group(1) or user, found.group(2)
        else:
            user, _, gist = gist.rpartition("/")
    if not _VIDEO_ID_RE.fullmatch(gist) or (user and not _USER_RE.fullmatch(user)):
        raise _Problem("gist id", "give it the gist's user and id (the end of its address)")
    url = f"https://gist.github.com/{user + '/' if user else ''}{gist}"
    return f"[View the code on GitHub Gist]({url})"


def _codepen(user: str, pen: str, title: str) -> str:
    found = _CODEPEN_URL_RE.search(pen) if "/" in pen else None
    if found:
        user, pen = found.groups()
    if not _VIDEO_ID_RE.fullmatch(pen) or (user and not _USER_RE.fullmatch(user)):
        raise _Problem("pen id", "give it the pen's id (the end of its address)")
    return _iframe(f"https://codepen.io/{user or 'anon'}/embed/{pen}", title or "CodePen")


_URL_ESCAPES = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}


def _image(src: str, alt: str, caption: str = "", link: str = "", title: str = "") -> str:
    """An image in Markdown (MkDocs resolves its path from the post, as it does not in
    raw HTML: `images/x.png` beside a post bundle keeps working), linked when it has a
    link; a caption and title follow it, emphasized."""
    if not src:
        raise _Problem("image source", "give it `src`, the image's path or address")
    target = "".join(_URL_ESCAPES.get(c, c) for c in src)
    text = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    image = f"![{_inert(text)}]({target})"
    if link:
        image = f"[{image}]({''.join(_URL_ESCAPES.get(c, c) for c in link)})"
    words = [f"**{_inert(title)}**"] if title else []
    words += [_inert(caption)] if caption else []
    return image + (f" *{' '.join(words)}*" if words else "")  # one line: lines stay the file's


def _post_link(state: _State, token: _Token, target: str, label: str = "") -> str:
    """A link to another post by its file name: the address alone where the text
    around it makes the link (`[text]({{< ref "x" >}})`), else a Markdown link."""
    path, _, fragment = target.strip().partition("#")
    parts = [p for p in path.strip("/").split("/") if p]
    if parts and parts[-1].lower() in ("index.md", "_index.md", "index", "_index", "index.mdx"):
        parts.pop()
    if not parts:
        raise _Problem("post to link to", "give it the file name of the post it links to")
    name = parts[-1]
    stem, dot, suffix = name.rpartition(".")
    if not dot or suffix.lower() not in ("md", "markdown", "mdx", "html"):
        stem, suffix = name, "md"
    url = quote(f"{stem}.{'md' if suffix.lower() in ('mdx', 'html') else suffix}")
    url += f"#{quote(fragment)}" if fragment else ""
    before = state.before(token.start)
    if before[-1:] in ("(", '"', "'", "=", "<") or before.rstrip().endswith("]:"):
        return url
    text = label or stem
    return f"[{_inert(text).replace('[', '&#91;').replace(']', '&#93;')}]({url})"


def _value(state: _State, token: _Token) -> str | None:
    """`{{ site.baseurl }}` is the site's root (nothing before a path); `{{ "/x" |
    relative_url }}` the path; `{{ page.x }}` the post's front matter value."""
    parts = [" ".join(part.split()) for part in token.name.split("|")]
    head, filters = parts[0], parts[1:]
    if not all(f in _URL_FILTERS or f in _TEXT_FILTERS for f in filters):
        return None
    if head in ("site.baseurl", "site.url"):
        return ""
    if len(head) >= 2 and head[0] == head[-1] and head[0] in "\"'":
        return _inert(head[1:-1])
    if head.startswith("page.") and all(f in _TEXT_FILTERS for f in filters):
        value: object = state.page
        for key in head[5:].split("."):
            value = value.get(key) if isinstance(value, Mapping) else None
        if value is None:
            return ""  # as Liquid prints a value the page does not have
        if isinstance(value, (str, int, float, date)) and not isinstance(value, bool):
            return _inert(" ".join(str(value).split()))
    return None


_TEXT_FILTERS = frozenset({"escape", "xml_escape", "strip", "smartify"})
_URL_FILTERS = frozenset(
    {
        "url",  # Eleventy: the path under the site's prefix
        "relative_url",
        "absolute_url",
        "prepend: site.baseurl",
        "prepend: site.url",
        "prepend: site.url | prepend: site.baseurl",
    }
)


def _with_args(
    handler: Callable[[_State, _Args, _Token], str | None],
) -> Callable[[_State, _Token], str | None]:
    return lambda state, token: handler(state, _args(token.args), token)


def _include(state: _State, args: _Args, token: _Token) -> str | None:
    file = args.positional[0] if args.positional else ""
    if not _IMAGE_INCLUDE_RE.search(file):
        return None
    return _image(
        args.get("url", "src", "image", "image_path", "image_src", "img", "file", "path"),
        args.get("alt", "description", "alt_text", "title", "caption"),
        args.get("caption"),
    )


_HANDLERS: dict[str, dict[str, Callable[[_State, _Token], str | None]]] = {
    "hugo": {
        "youtube": _with_args(lambda s, a, t: _youtube(a.get("id", index=0), a.get("title"))),
        "vimeo": _with_args(lambda s, a, t: _vimeo(a.get("id", index=0), a.get("title"))),
        "tweet": _with_args(
            lambda s, a, t: _tweet(
                a.get("user", index=0 if len(a.positional) > 1 else None), a.get("id", index=-1)
            )
        ),
        "gist": _with_args(
            lambda s, a, t: _gist(
                a.get("user", index=0 if len(a.positional) > 1 else None),
                a.get("id", index=1 if len(a.positional) > 1 else 0),
            )
        ),
        "figure": _with_args(
            lambda s, a, t: _image(
                a.get("src"), a.get("alt"), a.get("caption"), a.get("link"), a.get("title")
            )
        ),
        "ref": _with_args(lambda s, a, t: _post_link(s, t, a.get("path", index=0))),
        "relref": _with_args(lambda s, a, t: _post_link(s, t, a.get("path", index=0))),
    },
    "liquid": {
        "include": _with_args(_include),
        # Eleventy's image shortcodes: {% image "assets/x.jpg" "Alt text" %}
        "image": _with_args(
            lambda s, a, t: _image(a.get("src", index=0), a.get("alt", index=1) or "")
        ),
        "youtube": _with_args(lambda s, a, t: _youtube(a.get("id", index=0), a.get("title"))),
        "vimeo": _with_args(lambda s, a, t: _vimeo(a.get("id", index=0), a.get("title"))),
        "gist": _with_args(lambda s, a, t: _gist("", a.get("id", index=0))),
        "twitter": _with_args(lambda s, a, t: _tweet("", a.get("id", index=-1))),
        "tweet": _with_args(lambda s, a, t: _tweet("", a.get("id", index=-1))),
        "post_url": _with_args(lambda s, a, t: _post_link(s, t, a.get("path", index=0))),
        "link": _with_args(lambda s, a, t: _post_link(s, t, a.get("path", index=0))),
        "post_link": _with_args(  # Hexo: {% post_link slug [title] %}
            lambda s, a, t: _post_link(
                s, t, a.get("path", index=0), " ".join(a.positional[1:]).strip("\"'")
            )
        ),
    },
    "value": {},
    "jsx": {},
}
_HUGO_ALIASES = {"twitter": "tweet", "x": "tweet"}
for _alias, _name in _HUGO_ALIASES.items():
    _HANDLERS["hugo"][_alias] = _HANDLERS["hugo"][_name]


def _jsx(handler: Callable[[_Args], str]) -> Callable[[_State, _Token], str | None]:
    return lambda state, token: handler(_jsx_args(token.args))


_JSX_YOUTUBE = _jsx(
    lambda a: _youtube(a.get("id", "videoid", "youtubeid", "v", "url", "src"), a.get("title"))
)
_JSX_VIMEO = _jsx(lambda a: _vimeo(a.get("id", "vimeoid", "videoid", "url", "src"), a.get("title")))
_JSX_TWEET = _jsx(
    lambda a: _tweet(a.get("user", "username"), a.get("id", "tweetid", "tweetlink", "url"))
)
_JSX_GIST = _jsx(
    lambda a: _gist(a.get("user", "username"), a.get("id", "gistid", "gistlink", "url"))
)
_JSX_CODEPEN = _jsx(
    lambda a: _codepen(
        a.get("user", "username"), a.get("hash", "id", "codepenid", "penid", "url"), a.get("title")
    )
)
_JSX_IMAGE = _jsx(
    lambda a: _image(a.get("src"), a.get("alt"), a.get("caption"), "", a.get("title"))
)
for _names, _handler in (
    ("youtube youtubeembed liteyoutube liteyoutubeembed youtubevideo youtubeplayer", _JSX_YOUTUBE),
    ("vimeo vimeoembed vimeoplayer vimeovideo", _JSX_VIMEO),
    ("tweet twitter tweetembed twitterembed statictweet embeddedtweet", _JSX_TWEET),
    ("gist gistembed", _JSX_GIST),
    ("codepen codepenembed", _JSX_CODEPEN),
    ("image img", _JSX_IMAGE),
):
    for _name in _names.split():
        _HANDLERS["jsx"][_name] = _handler
_HANDLERS["value"][""] = _value
