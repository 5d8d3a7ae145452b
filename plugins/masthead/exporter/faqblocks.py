"""A post's FAQ as Material's own collapsible question blocks (pymdownx.details).

Pure: the Markdown the build gives Material in, the same Markdown with its FAQ as
`??? question "..."` blocks out. The section is found and read by `core.faq`, exactly
as `masthead/faq` reads it during a build; only the writing differs (the plugin writes
`<details>` HTML for `md_in_html`, which also carries an anchor per question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core import faq

# pymdownx.details makes a title that starts with `#` a heading inside the summary.
_TITLE_HEADING_RE = re.compile(r"^#")


@dataclass
class FaqSettings:
    """The `masthead/faq` options that shape a post's FAQ (see faq/config.py)."""

    headings: tuple[str, ...] = faq.DEFAULT_HEADINGS
    key: str = "faq"
    section_heading: str = "Frequently Asked Questions"
    open_: bool = False


@dataclass
class ExportedFaq:
    """A post's Markdown with its FAQ as question blocks."""

    markdown: str
    questions: int  # how many question blocks were written
    used_key: bool  # the front matter list became the section: its key can go


def question_title(question: str) -> str:
    """The question as the quoted title of a block: one line (HTML folds the spaces
    anyway), a leading `#` escaped so it stays text rather than a heading."""
    title = " ".join(question.split())
    return _TITLE_HEADING_RE.sub(r"\\#", title)


def question_block(item: faq.FaqItem, *, open_: bool = False) -> list[str]:
    """One question as `??? question "Title"` with its answer indented under it."""
    marker = "???+" if open_ else "???"
    return [
        f'{marker} question "{question_title(item.question)}"',
        "",
        *(f"    {line}" if line.strip() else "" for line in item.answer),
        "",
    ]


def export_faq(markdown: str, structured: object, settings: FaqSettings) -> ExportedFaq:
    """The post's Markdown with its FAQ section (or the front matter list under
    `settings.key`, when the body has no section) as question blocks; a section that is
    already HTML, or one masthead cannot read, stays as written, as in the build."""
    lines = markdown.split("\n")
    section = faq.find_section(lines, settings.headings)
    if section is not None:
        faq.parse_section(lines, section)
        if section.raw_html or not section.items:
            return ExportedFaq(markdown, 0, False)
        lines = faq.rewrite(lines, section, open_=settings.open_, render=question_block)
        return ExportedFaq("\n".join(lines), len(section.items), False)
    if structured is None:
        return ExportedFaq(markdown, 0, False)
    items, _why = faq.structured_items(structured)
    if not items:
        return ExportedFaq(markdown, 0, False)
    lines += ["", f"## {settings.section_heading}", ""]
    for item in items:
        lines += question_block(item, open_=settings.open_)
    return ExportedFaq("\n".join(lines), len(items), True)
