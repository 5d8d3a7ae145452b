"""Reading a post file: bytes to text, and the front matter block split from the body."""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Finding

_SAVE_UTF8 = "save the file as UTF-8 in your editor"
# Characters no page, feed or sitemap can hold (XML 1.0 forbids them): C0 controls but
# tab, line feed and carriage return; DEL and the C1 controls; lone surrogates; the
# non-characters U+FFFE and U+FFFF.
CONTROLS = dict.fromkeys(
    [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        *range(0xD800, 0xE000),
        0xFFFE,
        0xFFFF,
    ]
)


def without_controls(text: str) -> tuple[str, int | None]:
    """`text` without `CONTROLS`, and where the first one was (None: there was none)."""
    clean = text.translate(CONTROLS)
    if len(clean) == len(text):
        return text, None
    return clean, next(i for i, ch in enumerate(text) if ord(ch) in CONTROLS)


@dataclass
class SourceText:
    """A post's text, split. Line numbers are 1-based lines of the file on disk."""

    front_matter: str | None  # the YAML between the fences, None when there is none
    body: str
    front_matter_line: int  # file line of the first YAML line (the one after `---`)
    body_line: int  # file line where the body starts
    findings: list[Finding] = field(default_factory=list)
    kind: str = "yaml"  # "toml" between `+++` fences (Hugo)


def decode(raw: bytes) -> tuple[str, list[Finding]]:
    """Bytes to text with `\\n` line endings; what was odd about them, as findings.

    Bytes that are not UTF-8 are an `encoding` finding at their line; the text is then
    decoded with replacement characters so that later checks still see the rest.
    """
    findings: list[Finding] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        findings.append(
            Finding(
                "bom",
                1,
                "the file starts with a byte-order mark (BOM)",
                "it is ignored; save as UTF-8 without BOM to silence this",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start]
        findings.append(
            Finding(
                "encoding",
                line,
                f"the file is not valid UTF-8 (byte 0x{byte:02X} in column {column})",
                _SAVE_UTF8,
            )
        )
        text = raw.decode("utf-8", errors="replace")
    nul = text.find("\x00")
    if nul >= 0:
        findings.append(
            Finding(
                "nul-byte",
                text.count("\n", 0, nul) + 1,
                "the file contains a NUL byte",
                "remove it (it often comes from a file saved as UTF-16); " + _SAVE_UTF8,
            )
        )
        text = text.replace("\x00", "")
    original = text
    text, control = without_controls(text)
    if control is not None:
        findings.append(
            Finding(
                "text-control",
                original.count("\n", 0, control) + 1,
                f"the file contains a control character (U+{ord(original[control]):04X}) "
                "that pages and "
                "feeds cannot show; it is removed",
                "delete it (it often comes with text copied from another program)",
            )
        )
    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    if crlf or lone_cr:
        if (crlf and lf) or lone_cr:
            findings.append(
                Finding(
                    "line-endings",
                    1,
                    "the file mixes line endings (CRLF, LF or CR)",
                    "they are read as one; set your editor to LF line endings",
                )
            )
        else:
            findings.append(
                Finding(
                    "line-endings",
                    1,
                    "the file has Windows (CRLF) line endings",
                    "they are read as LF; set your editor to LF to silence this",
                )
            )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, findings


def split(text: str) -> SourceText:
    """Split `---` front matter from the body. The text must already be decoded."""
    lines = text.split("\n")
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return SourceText(None, text, 1, 1)
    kind, ends = ("toml", ("+++",)) if fence == "+++" else ("yaml", ("---", "..."))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ends:
            head = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return SourceText(head, body, 2, index + 2, kind=kind)
    finding = Finding(
        "front-matter-unclosed",
        1,
        f"the front matter opened with `{fence}` on line 1 is never closed",
        f"add a line `{fence}` after the last front matter key",
    )
    return SourceText(None, "\n".join(lines[1:]), 2, 2, [finding])
