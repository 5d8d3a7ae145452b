"""One post as a plain Material blog post. Pure.

The start is the file `masthead/frontmatter` gives Material's blog plugin during the
build (`generated_text`: the CMS front matter already translated to Material's keys,
the body with other generators' syntax translated). To it come back the keys the build
adds to `page.meta` later (the CMS's own keys, kept for templates), the tags as the blog
names them, the JSON-LD the page carried, and the FAQ as Material's question blocks.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from ..core import source
from ..core.catalogue import Post, page_meta
from ..core.summary import first_paragraph_end
from ..core.text import html_text, markdown_inert
from .faqblocks import FaqSettings, export_faq

# The post template masthead gives every post; plain Material has its own.
MASTHEAD_TEMPLATE = "masthead/post.html"
# Where the JSON-LD of a post goes in its front matter (printed by overrides/main.html).
JSON_LD_KEY = "json_ld"

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ExportedPost:
    """A post's file for plain Material."""

    text: str
    questions: int  # FAQ question blocks written


# The fields whose CMS keys the export leaves out: their values are in Material's keys
# now (`author` -> `authors`, `summary` -> `description`, ...). Material would even print
# some of them as they are (`author` in `<meta name="author">`). The rest of the CMS's
# keys (`thumbnail`, `expiryDate`, `cms_id`, ...) stay, as they stay in `page.meta`.
TRANSLATED_FIELDS = ("title", "date", "author", "tags", "slug", "draft", "description")


def description_text(description: str) -> str:
    """Material prints `page.meta.description` into `content="..."` as it is: quotes,
    `&` and `<` go escaped, so a reader's tools see the text as written."""
    return html.escape(description, quote=False).replace('"', "&quot;")


def extra_meta(post: Post) -> dict[str, Any]:
    """The post's `page.meta` keys beyond what the generated file holds, as the build
    adds them, less masthead's own data and the CMS keys now said in Material's words.
    A `summary` stays only when it is not the description (the text of masthead's card)."""
    meta = page_meta(post)
    meta.pop("masthead", None)
    mapped = post.meta
    fields = list(TRANSLATED_FIELDS)
    if not mapped.description or mapped.summary == mapped.description:
        fields.append("summary")
    for name in fields:
        key = mapped.key.get(name)
        if key is not None and mapped.path.get(name) == key:
            meta.pop(key, None)
    return meta


def _dumpable(value: Any) -> Any:
    """`value` as YAML can write it: what it cannot (a TOML local time) becomes its text."""
    if isinstance(value, dict):
        return {_dumpable(k): _dumpable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_dumpable(v) for v in value]
    if value is None or isinstance(value, str | int | float | date):  # bool is an int,
        return value  # a datetime a date
    return str(value)


def excerpt_marked(body: str, marker: str) -> str:
    """`body` with `marker` on a line of its own after its first prose paragraph (as it
    is when there is none)."""
    end = first_paragraph_end(body)
    if end is None:
        return body
    lines = body.split("\n")
    return "\n".join([*lines[:end], "", marker, *lines[end:]])


def front_matter(generated: str) -> tuple[dict[str, Any], str]:
    """The front matter mapping and the body of a generated post file."""
    parts = source.split(generated)
    data = yaml.load(parts.front_matter or "", Loader=_Loader) or {}
    if not isinstance(data, dict):
        raise ValueError("the generated front matter is not a mapping")
    return data, parts.body.removeprefix("\n")


def exported_post(
    generated: str,
    extra: dict[str, Any],
    *,
    tags: list[str] | None = None,
    json_ld: dict[str, Any] | None = None,
    faq: FaqSettings | None = None,
    title_heading: bool = False,
    more: str | None = None,
    slug: str | None = None,
) -> ExportedPost:
    """The post's file for plain Material.

    `generated`: the file the build gave Material; `extra`: the post's other `page.meta`
    keys (masthead's own data left out); `tags`: the tags as the blog names them;
    `json_ld`: the page's structured data; `faq`: the FAQ plugin's settings (None when
    it is not used); `title_heading`: the post's text has an `<h1>` of its own, so
    Material would not show the title as a heading (masthead always does); `more`: the
    excerpt marker to put after the first paragraph (masthead drew the post as a summary
    card; Material would put the whole post on the index); `slug`: the slug Material gave
    the post, written out when the title's text changes (Material makes slugs from it)."""
    data, body = front_matter(generated)
    title = data.get("title")
    if isinstance(title, str) and markdown_inert(title) != title and (slug or data.get("slug")):
        # Material renders `# {title}` as Markdown for the excerpt on index pages: a
        # link, image or attribute list in a title would become HTML there. Material
        # makes the slug from the title: the slug it made is written out. (A title with
        # no slug has no letter or digit: no link scheme, no attribute, nothing to run.)
        data["title"] = markdown_inert(title)
        if not data.get("slug"):  # none, or empty (which Material reads as none)
            data["slug"] = slug
    if isinstance(data.get("description"), str):
        data["description"] = description_text(data["description"])
    if tags is not None:
        data["tags"] = [html_text(t) for t in tags]
    for key, value in extra.items():
        data.setdefault(key, value)
    if data.get("template") == MASTHEAD_TEMPLATE:
        del data["template"]
    questions = 0
    if faq is not None:
        done = export_faq(body, data.get(faq.key), faq)
        body, questions = done.markdown, done.questions
        if done.used_key:
            del data[faq.key]
    if json_ld:
        data[JSON_LD_KEY] = json_ld
    if title_heading and isinstance(data.get("title"), str):
        # As HTML, as masthead's post header writes it: out of the table of contents,
        # which Material makes from the text's own first `<h1>`. The title is HTML-safe.
        body = f"<h1>{data['title']}</h1>\n\n{body}"
    if more is not None:
        body = excerpt_marked(body, more)
    front = yaml.dump(
        _dumpable(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000
    )
    return ExportedPost(f"---\n{front}---\n\n{body}", questions)
