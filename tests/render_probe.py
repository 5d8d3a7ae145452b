"""A Markdown extension for tests: counts how often each post's text is converted.

A post carries `<!-- probe: NAME -->`; every conversion of a text holding it adds one
to `COUNTS[NAME]`. Loaded in test sites through `markdown_extensions: [render_probe]`.
"""

from __future__ import annotations

import re
from collections import Counter

from markdown import Extension
from markdown.preprocessors import Preprocessor

COUNTS: Counter[str] = Counter()
_PROBE = re.compile(r"<!-- probe: (\S+) -->")


class _Count(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        for line in lines:
            for name in _PROBE.findall(line):
                COUNTS[name] += 1
        return lines


class RenderProbe(Extension):
    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(_Count(md), "render_probe", 1000)


def makeExtension(**kwargs) -> RenderProbe:
    return RenderProbe(**kwargs)
