"""Issue 2's bad inputs: one clear message each, all listed together, nothing touched."""

from __future__ import annotations

import logging

from conftest import cms_post
from test_frontmatter_build import docs_digest

BAD = {
    "malformed.md": b"---\ntitle: Broken\ndate: 2024-01-01\nsummary: a: b\n---\nBody.\n",
    "no-front-matter.md": b"Just a body, no front matter.\n",
    "empty.md": b"",
    "bom.md": "\ufeff" + cms_post(title="Bom"),
    "crlf.md": cms_post(title="Crlf").replace("\n", "\r\n"),
    "latin1.md": cms_post(title="Caf\xe9").encode("latin-1"),
    "yesterday.md": cms_post(title="When", date="yesterday"),
    "tags42.md": cms_post(title="Tags").replace("tags:\n  - seo", "tags: 42"),
    "noauthor.md": cms_post(title="Nobody", author='""'),
    "notitle.md": "---\ndate: 2024-02-02\nsummary: S.\n---\nText.\n",
}

EXPECTED = {
    logging.ERROR: [
        "docs/blog/posts/empty.md:1: the file is empty; write the post, or delete the file",
        "docs/blog/posts/latin1.md:2: the file is not valid UTF-8 (byte 0xE9 in column 11); "
        "save the file as UTF-8 in your editor",
        "docs/blog/posts/malformed.md:4: the front matter is not valid YAML (mapping values are "
        "not allowed in this context); check this line: a value with `: ` or starting with a quote "
        "must be quoted as a whole",
        "docs/blog/posts/no-front-matter.md:1: the post has no `date` and its file name has "
        "none; add a line `date: 2024-12-04` (or name the file `2024-12-04-slug.md`)",
        "docs/blog/posts/yesterday.md:3: `date: yesterday` cannot be read as a date: it is not "
        "a date; write it as `2024-12-04`, `2024-12-04 08:30` or `2024-12-04T08:30:00Z`",
        "5 errors, 5 warnings in the files of docs/ and the blog posts; the build stops. "
        "Each is listed above with its "
        "file and line.",
    ],
    logging.WARNING: [
        "docs/blog/posts/no-front-matter.md:1: the post has no front matter; start the file "
        "with `---`, then `title:` and `date:` lines, then `---`",
        "docs/blog/posts/no-front-matter.md:1: the post has no `title`; add a line "
        "`title: Your title`",
        "docs/blog/posts/noauthor.md:4: `author` is empty; write the author's name, or remove "
        "the `author` line",
        "docs/blog/posts/notitle.md:1: the post has no `title`; add a line `title: Your title`",
        "docs/blog/posts/tags42.md:6: `tags: 42` is not a list of tags; write "
        "`tags: [seo, backlinks]` or one `- tag` per line; read as the tag '42'",
    ],
    logging.INFO: [
        "docs/blog/posts/bom.md:1: the file starts with a byte-order mark (BOM); it is "
        "ignored; save as UTF-8 without BOM to silence this",
        "docs/blog/posts/crlf.md:1: the file has Windows (CRLF) line endings; they are read as "
        "LF; set your editor to LF to silence this",
        "docs/blog/posts/no-front-matter.md:1: the post has no summary; its first paragraph is "
        "used; add `summary:` to choose the text of the card and meta description",
    ],
}


def test_all_bad_inputs_reported_together(site):
    site.write(
        "blog/.authors.yml",
        "authors:\n  bbt:\n    name: Backlink Bot Team\n    description: d\n    avatar: a.png\n",
    )
    for name, content in BAD.items():
        site.post(name, content)
    before = docs_digest(site.docs)
    built = site.build()
    for level, expected in EXPECTED.items():
        got = sorted(built.messages(level))
        assert got == sorted(expected), logging.getLevelName(level)
    assert built.error is not None
    assert not any(r.exc_info for r in built.records), "a traceback was logged"
    assert docs_digest(site.docs) == before
