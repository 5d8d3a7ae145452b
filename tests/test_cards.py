"""Index cards come from the summary; the post is rendered once, for its own page.

Guards `SummaryExcerpt` (masthead/host/material.py): if a Material upgrade changes how
excerpts are rendered, the counts or the cards below change and this fails.
"""

from __future__ import annotations

import render_probe
from conftest import cms_post


def probe_site(site, cards: bool = True):
    site.config["markdown_extensions"] = ["render_probe"]
    site.config["plugins"][0] = {"blog": {"categories": True}}
    site.plugin_options(cards=cards)
    site.post(
        "card.md",
        cms_post(title="Card", body="Body of card.\n\n<!-- probe: card -->\n").replace(
            "tags:", "categories: [News]\ntags:"
        ),
    )
    site.post(
        "more.md",
        cms_post(
            title="More",
            date="2024-12-03",
            body="Intro.\n\n<!-- more -->\n\nRest.\n<!-- probe: more -->\n",
        ),
    )
    render_probe.COUNTS.clear()
    return site.build(strict=True)


def test_summary_cards_do_not_render_the_post_again(site):
    built = probe_site(site)
    assert built.error is None, built.warnings()
    # `card` appears on the index, the 2024 archive and the News category, yet is
    # converted once; `more` keeps Material's excerpt: its page plus index and archive.
    assert render_probe.COUNTS == {"card": 1, "more": 3}
    index = built.html("blog/index.html")
    [card, more] = index.select("article.md-post")
    assert card.select_one(".masthead-card__title").get_text(strip=True) == "Card"
    assert card.select_one(".masthead-card__summary").get_text() == "A short summary."
    assert "Body of card" not in card.get_text()
    # Summary cards are rendered once per build; links are written from each page's
    # base_url (the same address as Material's `2024/12/04/card/`).
    assert card.select_one(".md-post__action a")["href"] == "../blog/2024/12/04/card/"
    assert more.select_one(".masthead-card__summary") is None
    assert more.select_one("p").get_text() == "Intro."
    assert "Rest." not in more.get_text()
    assert more.select_one(".md-post__action a")["href"] == "2024/12/03/more/"
    category = built.html("blog/category/news/index.html")
    assert [t.get_text(strip=True) for t in category.select(".masthead-card__title")] == ["Card"]
    assert category.select_one(".masthead-card__title a")["href"] == (
        "../../../blog/2024/12/04/card/"
    )
    assert category.select_one(".md-meta__link")["href"] == "../../../blog/category/news/"
    assert category.select_one(".md-author img")["src"] == "../../../assets/masthead/avatar.svg"
    pages = [p.read_text(encoding="utf-8") for p in built.site.rglob("*.html")]
    assert not [p for p in pages if "masthead-base-" in p]  # the render's token


def test_cards_off_falls_back_to_materials_excerpts(site):
    built = probe_site(site, cards=False)
    assert render_probe.COUNTS["card"] == 4  # page, index, archive, category
    assert "Body of card." in built.html("blog/index.html").select("article.md-post")[0].get_text()
