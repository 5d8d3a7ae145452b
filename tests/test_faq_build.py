"""`masthead/faq` in real builds: blocks, warnings with file and line, and JSON-LD that
a JSON-LD processor accepts and whose text equals what a reader sees."""

from __future__ import annotations

import json
import logging
from urllib.parse import unquote

import pytest
from conftest import REPO, build_config, cms_post
from pyld import jsonld

SCHEMA = "https://schema.org/"


def offline_loader(url, options=None):
    """schema.org's context, without the network: every term is in its vocabulary."""
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}


def graph_of(page) -> list[dict]:
    scripts = page.head.find_all("script", attrs={"type": "application/ld+json"})
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    expanded = jsonld.expand(data, {"documentLoader": offline_loader})
    assert expanded, "JSON-LD expands to nothing"
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def nodes(graph, kind):
    return [n for n in graph if n["@type"] == kind]


def reader_faq(page) -> list[tuple[str, str]]:
    """Questions and answers as the page shows them."""
    out = []
    for block in page.select("details.masthead-faq__item"):
        question = block.summary.get_text(" ", strip=True)
        block.summary.extract()
        out.append((question, " ".join(block.get_text(" ", strip=True).split())))
    return out


@pytest.fixture
def faq_site(site):
    site.config["plugins"].append("masthead/faq")
    return site


def test_demo_json_ld_for_every_post(tmp_path, caplog):
    built = build_config(REPO / "mkdocs.yml", REPO, caplog, strict=True, site_dir=tmp_path / "site")
    assert built.error is None and built.warnings() == []
    with_faq = 0
    for path in built.post_pages():
        page = built.html(str(path.relative_to(built.site)))
        graph = graph_of(page)
        [post] = nodes(graph, "BlogPosting")
        canonical = page.find("link", rel="canonical")["href"]
        assert post["url"] == post["mainEntityOfPage"] == canonical
        assert post["headline"] == page.select_one(".masthead-post-header h1").get_text(strip=True)
        assert post["datePublished"] == page.select_one(".masthead-byline__date")["datetime"]
        # The post's images: files of the built site, by absolute URL (the thumbnail
        # until the images plugin passes its cropped variants).
        assert post["image"]
        for url in post["image"]:
            assert url.startswith("https://example.github.io/masthead-demo/")
            assert (
                built.site / unquote(url.removeprefix("https://example.github.io/masthead-demo/"))
            ).is_file()
        assert post["dateModified"] >= post["datePublished"]
        assert post["description"] == page.find("meta", attrs={"name": "description"})["content"]
        assert post["keywords"] == [
            t.get_text(strip=True).lstrip("#") for t in page.select(".masthead-post-header .md-tag")
        ]
        assert [a["name"] for a in post["author"]] == [
            a.get_text(strip=True) for a in page.select(".masthead-byline__author")
        ]
        assert post["publisher"] == {
            "@type": "Organization",
            "name": "Masthead demo blog",
            "url": "https://example.github.io/masthead-demo/",
        }
        faqs = nodes(graph, "FAQPage")
        shown = reader_faq(page)
        assert len(faqs) == (1 if shown else 0)
        if faqs:
            with_faq += 1
            marked = [(q["name"], q["acceptedAnswer"]["text"]) for q in faqs[0]["mainEntity"]]
            assert marked == shown
    assert with_faq == 6


def test_blocks_anchor_and_open_option(faq_site):
    faq_site.config["plugins"][-1] = {"masthead/faq": {"open": True}}
    faq_site.post("a.md", cms_post(body="Text.\n\n## FAQ\n\n**Why?**\n\nBecause.\n"))
    built = faq_site.build(strict=True)
    block = built.html("blog/2024/12/04/a-post/index.html").select_one("details")
    assert block["id"] == "faq-why" and block.has_attr("open")
    assert block["class"] == ["question", "masthead-faq__item"]
    assert (built.site / "assets/masthead/faq.js").is_file()


def test_warnings_name_file_line_and_question(faq_site):
    faq_site.post("a.md", cms_post(title="A", body="Text.\n\n## FAQ\n\nAsk us anything.\n"))
    faq_site.post(
        "b.md",
        cms_post(
            title="B", body="Text.\n\n## FAQ\n\n**Where is it?**\n\n**Which one?**\n\nThis one.\n"
        ),
    )
    built = faq_site.build()
    assert built.messages(logging.WARNING) == [
        "docs/blog/posts/a.md:11: the FAQ section has no question in a form masthead reads; "
        "write each question in bold on its own line (`**What is X?**`) with the answer below; "
        "the section is shown as written",
        "docs/blog/posts/b.md:13: the FAQ question 'Where is it?' has no answer; write the "
        "answer below the question; it is shown as written until then",
    ]
    assert (faq_site.docs / "blog/posts/b.md").read_text().split("\n")[12] == "**Where is it?**"
    page = built.html("blog/2024/12/04/b/index.html")
    assert [q for q, _ in reader_faq(page)] == ["Which one?"]
    assert "Where is it?" in page.select_one("article").get_text()


def test_script_in_fields_stays_inert(faq_site):
    evil = "</script><script>alert(1)</script>"
    faq_site.post(
        "a.md",
        cms_post(
            title=f'"Title {evil}"',
            summary=f'"Sum & {evil}"',
            body=f"## FAQ\n\n**Is `{evil}` safe?**\n\nYes: {evil.replace('<', '&lt;')} & more.\n",
        ),
    )
    built = faq_site.build(strict=True)
    page = built.html("blog/2024/12/04/title-alert1/index.html")
    for part in (
        page.head,
        page.select_one(".masthead-post-header"),
        page.select_one(".md-content__inner"),
    ):
        executable = [
            s
            for s in part.find_all("script")
            if s.get("type") != "application/ld+json" and "alert(1)" in (s.string or "")
        ]
        assert executable == []
    assert len(page.find_all("script", attrs={"type": "application/ld+json"})) == 1
    graph = graph_of(page)
    assert nodes(graph, "BlogPosting")[0]["headline"] == f"Title {evil}"
    assert nodes(graph, "BlogPosting")[0]["description"] == f"Sum & {evil}"
    [question] = nodes(graph, "FAQPage")[0]["mainEntity"]
    assert question["name"] == f"Is {evil} safe?"
    raw = page.head.find("script", attrs={"type": "application/ld+json"}).string
    assert "</" not in raw and "<script" not in raw


def test_types_can_be_switched_off(faq_site):
    faq_site.post("a.md", cms_post(body="## FAQ\n\n**Why?**\n\nBecause.\n"))
    faq_site.config["plugins"][-1] = {"masthead/faq": {"faq_page": False}}
    graph = graph_of(faq_site.build(strict=True).html("blog/2024/12/04/a-post/index.html"))
    assert [n["@type"] for n in graph] == ["BlogPosting", "BreadcrumbList"]
    faq_site.config["plugins"][-1] = {"masthead/faq": {"blog_posting": False}}
    graph = graph_of(faq_site.build(strict=True).html("blog/2024/12/04/a-post/index.html"))
    assert [n["@type"] for n in graph] == ["FAQPage", "BreadcrumbList"]
    faq_site.config["plugins"][-1] = {"masthead/faq": {"breadcrumbs": False}}
    graph = graph_of(faq_site.build(strict=True).html("blog/2024/12/04/a-post/index.html"))
    assert [n["@type"] for n in graph] == ["BlogPosting", "FAQPage"]
    faq_site.config["plugins"][-1] = {
        "masthead/faq": {"blog_posting": False, "faq_page": False, "breadcrumbs": False}
    }
    page = faq_site.build(strict=True).html("blog/2024/12/04/a-post/index.html")
    assert page.find("script", attrs={"type": "application/ld+json"}) is None


def test_front_matter_faq_and_raw_html(faq_site):
    faq_site.post(
        "a.md",
        cms_post(title="Structured").replace(
            "tags:",
            "faq:\n  - question: Is it structured?\n    answer: Yes, **in** front matter.\ntags:",
        ),
    )
    faq_site.post(
        "b.md",
        cms_post(
            title="Raw",
            body="## FAQ\n\n<details>\n<summary>Raw?"
            "</summary>\n<p>Yes, raw &amp; kept.</p>\n</details>\n",
        ),
    )
    built = faq_site.build(strict=True)
    page = built.html("blog/2024/12/04/structured/index.html")
    assert page.select_one("h2#frequently-asked-questions")
    assert reader_faq(page) == [("Is it structured?", "Yes, in front matter.")]
    [faq] = nodes(graph_of(page), "FAQPage")
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Yes, in front matter."
    page = built.html("blog/2024/12/04/raw/index.html")
    assert page.select_one("details summary").get_text() == "Raw?"
    [faq] = nodes(graph_of(page), "FAQPage")
    assert faq["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Raw?",
            "acceptedAnswer": {"@type": "Answer", "text": "Yes, raw & kept."},
        }
    ]


def test_organization_authors_and_publisher(faq_site):
    faq_site.write(
        "blog/.authors.yml",
        "authors:\n  bbt:\n    name: Backlink Bot Team\n"
        "    type: Organization\n    description: d\n    avatar: a.png\n",
    )
    faq_site.config["plugins"][-1] = {
        "masthead/faq": {"publisher": {"name": "Backlink Bot", "logo": "images/logo.png"}}
    }
    faq_site.post("a.md", cms_post())
    built = faq_site.build(strict=True)
    [post] = nodes(graph_of(built.html("blog/2024/12/04/a-post/index.html")), "BlogPosting")
    assert post["author"] == [{"@type": "Organization", "name": "Backlink Bot Team"}]
    assert post["publisher"] == {
        "@type": "Organization",
        "name": "Backlink Bot",
        "url": "https://example.com/repo/",
        "logo": {"@type": "ImageObject", "url": "https://example.com/repo/images/logo.png"},
    }


def test_faq_plugin_alone_on_a_plain_material_blog(site):
    site.config["plugins"] = ["blog", "masthead/faq"]
    site.post(
        "a.md",
        "---\ndate: 2024-01-02\ntitle: Plain\n---\n\nIntro.\n\n## FAQ\n\n"
        "1. **Does it work alone?**\n   Yes.\n2. **Unanswered?**\n",
    )
    built = site.build()
    assert built.messages(logging.WARNING) == [
        "docs/blog/posts/a.md:12: the FAQ question 'Unanswered?' has no answer; write the "
        "answer below the question; it is shown as written until then"
    ]
    page = built.html("blog/2024/01/02/plain/index.html")
    assert reader_faq(page) == [("Does it work alone?", "Yes.")]
    assert [n["@type"] for n in graph_of(page)] == ["BlogPosting", "FAQPage", "BreadcrumbList"]


def test_material_header_shows_a_hostile_title_as_text(faq_site):
    faq_site.post("a.md", cms_post(title='"Title </script><script>alert(1)</script>"'))
    page = faq_site.build(strict=True).html("blog/2024/12/04/title-alert1/index.html")
    assert [
        s
        for s in page.find_all("script")
        if "alert(1)" in (s.string or "") and s.get("type") != "application/ld+json"
    ] == []
