"""Synthetic blogs in the CMS format, for benchmarks.

    python bench/generate.py OUT_DIR [--posts N]

Each post: title, date, author (one of 4), summary, thumbnail, 3 body images that
exist, tags drawn from 30, an FAQ of 5 questions. Images are real PNG files (the
same few encodings written under distinct names, which is what a checker reads).
"""

from __future__ import annotations

import argparse
import io
import random
from pathlib import Path

import yaml
from PIL import Image

AUTHORS = ["Backlink Bot Team", "Aman", "Jordan Lee", "Priya Nair"]
TAGS = [f"topic {n}" for n in range(30)]
WORDS = [
    "links",
    "search",
    "content",
    "readers",
    "pages",
    "traffic",
    "outreach",
    "rankings",
    "editors",
    "sites",
    "guides",
    "images",
    "speed",
    "audits",
    "anchors",
    "summaries",
]

PLAIN_CONFIG = """\
site_name: Bench blog
site_url: https://example.com/bench/
theme:
  name: material
plugins:
  - search
  - blog
markdown_extensions: [attr_list, md_in_html, tables, toc]
validation:
  links:
    absolute_links: relative_to_docs
"""
# The same site with every masthead plugin on.
CONFIG = PLAIN_CONFIG.replace(
    "  - blog\n",
    """  - blog
  - masthead/frontmatter
  - masthead/faq
  - masthead/tags
  - masthead/images:
      levels: {image-unreferenced: ignore}
""",
)


def _png(size: tuple[int, int], colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def _sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _author_id(name: str) -> str:
    return name.lower().replace(" ", "-")


def plain_text(cms: str) -> str:
    """The same post as a user of plain Material would write it: `authors: [id]`,
    `description` for the summary, an unquoted date; body unchanged."""
    head, body = cms.split("\n---\n", 1)
    data = yaml.safe_load(head.removeprefix("---\n"))
    front = {
        "title": data["title"],
        "date": data["date"],
        "authors": [_author_id(data["author"])],
        "description": data["summary"],
        "tags": data["tags"],
    }
    return f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n{body}"


def post_text(n: int, rng: random.Random) -> str:
    tags = rng.sample(TAGS, 3)
    body = []
    for section in range(3):
        body += [
            f"## Section {section + 1}",
            "",
            _sentence(rng, 40),
            "",
            f"![Figure {section + 1} of post {n}](/images/blog/post-{n}-{section}.png)",
            "",
            _sentence(rng, 30),
            "",
        ]
    body += ["## FAQ", ""]
    for q in range(5):
        body += [f"**{q + 1}. {_sentence(rng, 6)[:-1]}?**", "", _sentence(rng, 20), ""]
    day = 1 + n % 28
    month = 1 + (n // 28) % 12
    year = 2020 + n // (28 * 12)
    return "\n".join(
        [
            "---",
            f"title: Post number {n} about {rng.choice(WORDS)}",
            f"date: {year}-{month:02d}-{day:02d}T08:{n % 60:02d}:00.000Z",
            f"thumbnail: /images/blog/post-{n}-thumb.png",
            f"author: {AUTHORS[n % len(AUTHORS)]}",
            f"summary: {_sentence(rng, 20)}",
            "tags:",
            *[f"  - {t}" for t in tags],
            "---",
            *body,
        ]
    )


def generate(root: Path, posts: int, seed: int = 1, *, plain: bool = False) -> Path:
    """Write mkdocs.yml and docs/ for a blog of `posts` posts under `root`; `plain`
    writes the same blog for plain Material (its front matter, no masthead)."""
    rng = random.Random(seed)
    docs = root / "docs"
    (docs / "blog" / "posts").mkdir(parents=True, exist_ok=True)
    (docs / "images" / "blog").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(PLAIN_CONFIG if plain else CONFIG, encoding="utf-8")
    if plain:
        authors = {
            _author_id(a): {
                "name": a,
                "description": "Writer",
                "avatar": "images/blog/post-0-thumb.png",
            }
            for a in AUTHORS
        }
        (docs / "blog" / ".authors.yml").write_text(
            yaml.safe_dump({"authors": authors}), encoding="utf-8"
        )
    (docs / "index.md").write_text("# Bench\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    thumb = _png((1200, 630), "#336699")
    figures = [_png((800, 450), c) for c in ("#993366", "#669933", "#996633")]
    for n in range(posts):
        text = post_text(n, rng)
        (docs / "blog" / "posts" / f"post-{n}.md").write_text(
            plain_text(text) if plain else text, "utf-8"
        )
        (docs / "images" / "blog" / f"post-{n}-thumb.png").write_bytes(thumb)
        for section, data in enumerate(figures):
            (docs / "images" / "blog" / f"post-{n}-{section}.png").write_bytes(data)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=200)
    args = parser.parse_args()
    generate(args.out, args.posts)


if __name__ == "__main__":
    main()
