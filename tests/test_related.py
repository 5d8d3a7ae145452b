"""Related posts (issue 17): the ranking itself (core/related.py) against a plain
reference and under hostile inputs, its cost at 1000 and 2000 posts, the list each post
page shows in real builds (order, links, drafts, options, an override), and `serve`'s
rebuilds in place when a save changes another post's list."""

from __future__ import annotations

import itertools
import math
import os
import posixpath
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from masthead.core import related as core
from masthead.core.related import Record, related
from masthead.frontmatter.config import FrontMatterConfig
from serve_session import Serving, small_blog

D = datetime(2024, 1, 1, tzinfo=UTC)


def rec(key: str, tags=(), text: str = "", day: int | None = 0, eligible: bool = True) -> Record:
    return Record(
        key, tuple(tags), text, None if day is None else D + timedelta(days=day), eligible
    )


# -- the reference: every pair weighed, nothing bounded ---------------------------------------


def reference(records: list[Record], count: int) -> dict[str, list[str]]:
    """The order the module docstring states, computed pair by pair (quadratic)."""
    posts: dict[str, Record] = {}
    for r in records:
        posts.setdefault(r.key, r)
    listed = [r for r in posts.values() if r.eligible]
    total = len(listed)

    def when(r: Record) -> tuple[int, timedelta]:
        if r.date is None:
            return (1, timedelta(0))
        moment = r.date if r.date.tzinfo else r.date.replace(tzinfo=UTC)
        return (0, -(moment - D))

    order = {r.key: i for i, r in enumerate(sorted(listed, key=lambda r: (when(r), r.key)))}
    tag_df = {t: sum(t in set(r.tags) for r in listed) for r in posts.values() for t in r.tags}
    texts = {k: core.words(r.text) for k, r in posts.items()}
    word_df = {w: sum(w in texts[r.key] for r in listed) for ws in texts.values() for w in ws}
    common = total if total < 4 else total // 2

    def weight(n: int) -> int:
        return round(math.log1p(total / n) * 1_000_000)

    def rarest(items, df, limit, most, least):
        found = (i for i in set(items) if least <= df[i] <= most)
        return sorted(found, key=lambda i: (df[i], i))[:limit]

    least = {k: 2 if r.eligible else 1 for k, r in posts.items()}  # not its own alone
    sig = {k: set(rarest(texts[k], word_df, core.MAX_WORDS, common, least[k])) for k in posts}
    mass = {k: sum(weight(word_df[w]) for w in sig[k]) for k in posts}
    out = {}
    for key, me in posts.items():
        mine = set(rarest(me.tags, tag_df, core.MAX_TAGS, total, least[key]))
        ranked = []
        for other in listed:
            if other.key == key:
                continue
            tags = sum(weight(tag_df[t]) for t in mine & set(other.tags))
            shared = sum(weight(word_df[w]) for w in sig[key] & sig[other.key])
            if tags or shared:
                text = shared / (mass[key] + mass[other.key] - shared) if shared else 0.0
                ranked.append((-tags, -text, order[other.key], other.key))
        out[key] = [k for *_, k in sorted(ranked)[:count]]
    return out


# -- named examples -------------------------------------------------------------------------


def test_rarer_shared_tags_rank_first_then_words_then_newer():
    records = [
        rec("me", ["common", "rare"], "widgets and gadgets", day=10),
        rec("rare", ["rare"], "nothing alike", day=1),
        rec("both", ["common", "rare"], "", day=0),
        rec("common-old", ["common"], "", day=2),
        rec("common-new", ["common"], "", day=3),
        rec("common-worded", ["common"], "Widgets!", day=0),
        rec("words-only", [], "WIDGETS, gadgets", day=9),
        rec("filler", ["common"], "", day=4),
        rec("filler2", ["common"], "", day=5),
    ]
    assert related(records, 9)["me"] == [
        "both",  # both tags
        "rare",  # the rarer tag
        "common-worded",  # the common tag, and a word
        "filler2",  # the common tag: newest first
        "filler",
        "common-new",
        "common-old",
        "words-only",  # no tag: by its words, after every post sharing a tag
    ]
    assert related(records, 2)["me"] == ["both", "rare"]
    assert related(records, 9) == reference(records, 9)


def test_drafts_are_never_listed_and_still_get_their_list():
    records = [
        rec("a", ["x"], day=1),
        rec("draft", ["x"], day=5, eligible=False),
        rec("b", ["x"], day=2),
    ]
    found = related(records, 3)
    assert found == {"a": ["b"], "b": ["a"], "draft": ["b", "a"]}


def test_nothing_shared_is_not_related_and_no_post_lists_itself():
    records = [rec("a", ["x"], "alpha"), rec("b", ["y"], "beta"), rec("c", ["x"], "gamma")]
    assert related(records, 3) == {"a": ["c"], "b": [], "c": ["a"]}


@pytest.mark.parametrize(
    ("records", "count", "expected"),
    [
        ([], 3, {}),
        ([rec("only", ["x"], "words here")], 3, {"only": []}),
        ([rec("a", ["x"]), rec("b", ["x"])], 0, {"a": [], "b": []}),
        # equal dates: by key; undated after dated
        (
            [
                rec("z", ["x"], day=1),
                rec("a", ["x"], day=1),
                rec("u", ["x"], day=None),
                rec("me", ["x"], day=0),
            ],
            3,
            {"me": ["a", "z", "u"]},
        ),
        # a later record with a known key is left out
        ([rec("a", ["x"]), rec("a", ["y"]), rec("b", ["y"])], 3, {"a": [], "b": []}),
    ],
)
def test_edges(records, count, expected):
    found = related(records, count)
    assert {k: found[k] for k in expected} == expected


def test_the_same_tags_everywhere_leave_it_to_words_and_dates():
    records = [
        rec(f"p{i}", ["seo", "links"], f"post {i} about topic{i % 3}", day=i) for i in range(9)
    ]
    found = related(records, 3)
    # p0 shares `topic0` with p3 and p6 (newest first), then the newest others
    assert found["p0"] == ["p6", "p3", "p8"]
    assert found == reference(records, 3)


def test_words_fold_case_width_and_leave_out_stop_words():
    assert core.words("The ＷＩＤＧＥＴ and the Widget's  é x 東京") == {"widget", "東京"}


def test_naive_and_aware_dates_mix():
    records = [
        rec("me", ["x"], day=0),
        Record("naive", ("x",), "", datetime(2024, 1, 4), True),  # counts as UTC
        rec("aware", ["x"], day=2),
    ]
    assert related(records, 3)["me"] == ["naive", "aware"]


# -- hostile and odd inputs, by kind ----------------------------------------------------------

TAG = st.one_of(
    st.sampled_from(["seo", "links", "outreach", "Ünïcødé", "", " ", "c++", "东京"]),
    st.text(max_size=6),
)
TEXT = st.one_of(
    st.sampled_from(["", "the and of", "Widgets, gadgets!", "ＷＩＤＧＥＴＳ", "东京 東京 と"]),
    st.text(max_size=40),
    st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "widgets", "x"]), max_size=12).map(
        " ".join
    ),
)
DATE = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.datetimes(timezones=st.just(UTC)),
)


@st.composite
def record_lists(draw, max_posts: int = 20, max_tags: int = 12) -> list[Record]:
    """Posts with generated tag sets (sometimes one set for all), texts and dates; keys
    unique or not."""
    n = draw(st.integers(0, max_posts))
    same = draw(st.one_of(st.none(), st.lists(TAG, max_size=4)))
    keys = draw(
        st.lists(st.text(min_size=1, max_size=4), min_size=n, max_size=n)
        if draw(st.booleans())
        else st.just([f"p{i}.md" for i in range(n)])
    )
    return [
        Record(
            key,
            same if same is not None else draw(st.lists(TAG, max_size=max_tags)),
            draw(TEXT),
            draw(DATE),
            draw(st.booleans()),
        )
        for key in keys
    ]


@settings(max_examples=examples(200), deadline=None)
@given(record_lists(), st.integers(0, 6))
def test_within_its_bounds_it_is_the_reference(records, count):
    """Up to 20 posts (every word's list shorter than `WORD_WALK`) and an unbounded
    word budget: exactly the order the module docstring states."""
    saved, core.WORD_BUDGET = core.WORD_BUDGET, 10**9
    try:
        assert related(records, count) == reference(records, count)
    finally:
        core.WORD_BUDGET = saved


@settings(max_examples=examples(200), deadline=None)
@given(record_lists(max_posts=40, max_tags=40), st.integers(0, 8))
def test_any_input_gives_lists_of_published_others(records, count):
    found = related(records, count)
    first = {}
    for r in records:
        first.setdefault(r.key, r)
    assert set(found) == set(first)
    for key, keys in found.items():
        assert len(keys) <= count
        assert len(set(keys)) == len(keys)
        assert key not in keys
        assert all(first[k].eligible for k in keys)


@settings(max_examples=examples(100), deadline=None)
@given(record_lists(max_posts=30), st.integers(1, 5), st.integers(0, 2**32))
def test_the_order_of_the_records_does_not_matter(records, count, seed):
    unique = list({r.key: r for r in reversed(records)}.values())
    shuffled = unique[:]
    random.Random(seed).shuffle(shuffled)
    assert related(unique, count) == related(shuffled, count)


@pytest.mark.fuzz
@settings(
    max_examples=examples(5),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(st.integers(1500, 2000), st.integers(1, 200), st.integers(0, 2**32))
def test_huge_inputs_stay_bounded(posts, tags_each, seed):
    """2000 posts, up to 200 tags each (many shared), long texts: a second at most."""
    rnd = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(500)]
    tags = [f"t{i}" for i in range(300)]
    records = [
        Record(
            f"p{i}",
            rnd.sample(tags, tags_each),
            " ".join(rnd.choices(vocabulary, k=400)),
            D + timedelta(hours=rnd.randrange(10**5)),
            rnd.random() < 0.9,
        )
        for i in range(posts)
    ]
    start = time.process_time()
    found = related(records, 5)
    assert time.process_time() - start < 1.0
    assert all(len(v) <= 5 for v in found.values())


# -- cost -----------------------------------------------------------------------------------


def blog_like(posts: int, seed: int = 17) -> list[Record]:
    """A blog's shape: 60 tags, a few per post, a few much more used than the rest (Zipf);
    titles and summaries of 8 to 40 words of a 20,000-word vocabulary, also Zipf; one
    post in 20 unpublished."""
    rnd = random.Random(seed)
    tags = [f"tag{i}" for i in range(60)]
    tag_weights = list(itertools.accumulate(1 / (i + 1) for i in range(60)))
    vocabulary = [f"word{i}" for i in range(20_000)]
    word_weights = list(itertools.accumulate(1 / (i + 1) for i in range(20_000)))
    return [
        Record(
            f"blog/posts/p{i}.md",
            set(rnd.choices(tags, cum_weights=tag_weights, k=rnd.randint(1, 5))),
            " ".join(rnd.choices(vocabulary, cum_weights=word_weights, k=rnd.randint(8, 40))),
            D + timedelta(hours=7 * i),
            i % 20 != 0,
        )
        for i in range(posts)
    ]


# -- real builds --------------------------------------------------------------------------------


def post(title: str, date: str, tags: list[str], summary: str | None = None, draft=False) -> str:
    lines = ["---", f"title: {title!r}", f"date: {date}", "author: Backlink Bot Team"]
    lines += [f"summary: {summary!r}"] if summary else []
    lines += ["draft: true"] if draft else []
    lines += ["tags:", *[f"  - {t}" for t in tags], "---", "", "The body of the post.", ""]
    return "\n".join(lines)


@pytest.fixture
def blog(site):
    site.post("a.md", post("Alpha anchors", "2024-01-06", ["seo", "anchors"], "Alpha on widgets."))
    site.post("b.md", post("Beta anchors & <co>", "2024-01-05", ["seo", "anchors"]))
    site.post("c.md", post("Gamma outreach, beta style", "2024-01-04", ["seo", "outreach"]))
    site.post("d.md", post("Delta the draft", "2024-01-07", ["seo", "anchors"], draft=True))
    site.post("e.md", post("Epsilon speed", "2024-01-02", ["speed"], "Epsilon on widgets."))
    site.post("f.md", post("Zeta cooking", "2024-01-01", ["cooking"], "Bread."))
    return site


def related_of(built, title_of: dict[str, str], page: str) -> tuple[str | None, list[tuple]]:
    """(heading, [(title, date, the title of the page the link leads to)]) of a post page."""
    soup = built.html(page)
    nav = soup.find("nav", class_="masthead-related")
    if nav is None:
        return None, []
    heading = nav.find("h2").get_text()
    assert nav["aria-label"] == heading
    items = []
    for li in nav.select("ul > li"):
        link = li.find("a")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link["href"]))
        items.append((link.get_text(), li.find("time").get_text(), title_of.get(target + "/")))
    return heading, items


def titles_by_folder(built) -> dict[str, str]:
    """Site folder (`blog/2024/01/06/alpha-anchors/`) -> the h1 of the post there."""
    out = {}
    for path in built.post_pages():
        folder = path.parent.relative_to(built.site).as_posix() + "/"
        out[folder] = built.html(folder + "index.html").find("h1").get_text()
    return out


ALPHA = "blog/2024/01/06/alpha-anchors/index.html"


def test_each_post_lists_its_related_posts(blog):
    built = blog.build(strict=True)
    assert built.error is None, built.warnings()
    title_of = titles_by_folder(built)
    assert "Delta the draft" not in title_of.values()
    expected = {
        "Alpha anchors": ["Beta anchors & <co>", "Gamma outreach, beta style", "Epsilon speed"],
        "Beta anchors & <co>": ["Alpha anchors", "Gamma outreach, beta style"],
        # a tie on `seo`: beta shares a word with it, alpha is newer
        "Gamma outreach, beta style": ["Beta anchors & <co>", "Alpha anchors"],
        "Epsilon speed": ["Alpha anchors"],  # no tag shared: the word `widgets`
        "Zeta cooking": [],  # nothing shared: no list at all
    }
    for folder, title in title_of.items():
        heading, items = related_of(built, title_of, folder + "index.html")
        assert [t for t, _, _ in items] == expected[title], title
        assert all(t == target for t, _, target in items), items  # each link leads to it
        assert heading == ("Related posts" if expected[title] else None)
    _, items = related_of(built, title_of, ALPHA)
    assert [d for _, d, _ in items] == ["January 5, 2024", "January 4, 2024", "January 2, 2024"]
    links = built.html(ALPHA).select("nav.masthead-related a")
    assert links[0]["href"] == "../../05/beta-anchors-/"  # relative: a sub-path works
    times = built.html(ALPHA).select("nav.masthead-related time")
    assert times[0]["datetime"].startswith("2024-01-05T00:00:00")
    # after the post's text, before Material's source-file and comments partials
    article = built.html(ALPHA).find("nav", class_="masthead-related").find_previous("p")
    assert article.get_text() == "The body of the post."


def test_count_heading_and_off(blog):
    blog.plugin_options(related_posts={"count": 1, "heading": "Read next"})
    built = blog.build(strict=True)
    title_of = titles_by_folder(built)
    heading, items = related_of(built, title_of, ALPHA)
    assert (heading, [t for t, _, _ in items]) == ("Read next", ["Beta anchors & <co>"])

    blog.plugin_options(related_posts={"enabled": False})
    built = blog.build(strict=True)
    assert built.error is None
    for path in built.post_pages():
        assert "masthead-related" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"count": -1}, "Sub-option 'count': expected a number from 0 to 20"),
        ({"count": True}, "Sub-option 'count': expected a number from 0 to 20"),
        (
            {"count": "three"},
            "Sub-option 'count': Expected type: <class 'int'> but received: <class 'str'>",
        ),
        (
            {"heading": " "},
            "Sub-option 'heading': expected a heading (it names the list for screen readers)",
        ),
    ],
)
def test_bad_options_are_named(options, message):
    config = FrontMatterConfig()
    config.load_dict({"related_posts": options})
    errors, _ = config.validate()
    assert [(name, str(error)) for name, error in errors] == [("related_posts", message)]


def test_the_options_and_their_defaults():
    config = FrontMatterConfig()
    config.load_dict({"related_posts": {"count": 20, "heading": "  Read next "}})
    assert config.validate() == ([], [])
    assert dict(config.related_posts) == {"enabled": True, "count": 20, "heading": "Read next"}
    default = FrontMatterConfig()
    default.load_dict({})
    default.validate()
    assert dict(default.related_posts) == {"enabled": True, "count": 3, "heading": "Related posts"}


def test_the_template_can_be_overridden(blog):
    blog.config["theme"]["custom_dir"] = "overrides"
    (blog.root / "overrides" / "partials" / "masthead").mkdir(parents=True)
    (blog.root / "overrides" / "partials" / "masthead" / "related.html").write_text(
        "<aside id='mine'>{% for item in page.meta.masthead.related %}"
        "<b>{{ item.title | e }}</b>{% endfor %}</aside>",
        encoding="utf-8",
    )
    built = blog.build(strict=True)
    page = built.html(ALPHA)
    assert page.find("nav", class_="masthead-related") is None
    mine = [b.get_text() for b in page.select("aside#mine b")]
    assert mine == ["Beta anchors & <co>", "Gamma outreach, beta style", "Epsilon speed"]


def test_tags_that_are_one_tag_relate_posts(blog):
    """Case and masthead/tags' aliases: `SEO`, `seo` and an alias are one tag."""
    blog.config["plugins"].append("masthead/tags")
    blog.write("blog/.tags.yml", "tags:\n  speed: {}\naliases:\n  fast pages: speed\n")
    blog.post("g.md", post("Eta fast", "2024-01-03", ["fast pages"]))
    built = blog.build(strict=True)
    title_of = titles_by_folder(built)
    _, items = related_of(built, title_of, "blog/2024/01/03/eta-fast/index.html")
    assert [t for t, _, _ in items] == ["Epsilon speed"]


# -- serve: a save that changes another post's list is a whole build ---------------------------

P = "docs/blog/posts/"


@pytest.fixture
def serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serving]:
    served = small_blog(tmp_path, monkeypatch).start()
    yield served
    served.stop()


def related_titles(serving: Serving, page: str) -> list[str]:
    soup = BeautifulSoup((serving.site / page).read_text("utf-8"), "html.parser")
    return [a.get_text() for a in soup.select("nav.masthead-related a")]


GAMMA = "blog/2024/03/15/gamma-keeps-an-excerpt/index.html"
EPSILON = "blog/2024/05/20/epsilon-on-outreach/index.html"


def test_a_summary_that_changes_another_posts_list_is_a_whole_build(serving):
    """Gamma and zeta tie on `outreach` for epsilon's... and epsilon and zeta for gamma's:
    a summary sharing gamma's words moves epsilon up gamma's list."""
    assert related_titles(serving, GAMMA) == [
        "Alpha linking basics",
        "Zeta without a summary",
        "Epsilon on outreach",
    ]
    serving.edit(
        P + "epsilon.md",
        lambda t: t.replace("Epsilon's summary is short.", "Epsilon keeps an excerpt too."),
    )
    assert serving.rebuild() == "whole: the related posts of docs/blog/posts/gamma.md changed"
    assert related_titles(serving, GAMMA) == [
        "Alpha linking basics",
        "Epsilon on outreach",
        "Zeta without a summary",
    ]
    assert not serving.differences()
    # a body save changes no list (derived summaries are not read): in place
    serving.edit(P + "epsilon.md", lambda t: t.replace("Epsilon opens here.", "Epsilon opens."))
    assert serving.rebuild() == "in place"
    assert not serving.differences()


def test_a_summary_that_changes_only_its_own_list_is_in_place(serving):
    before = related_titles(serving, EPSILON)
    serving.edit(
        P + "epsilon.md",
        lambda t: t.replace("Epsilon's summary is short.", "Epsilon's summary on alpha."),
    )
    assert serving.rebuild() == "in place"
    assert related_titles(serving, EPSILON) != before
    assert not serving.differences()


def test_the_lists_do_not_depend_on_the_hash_seed():
    """Python's hash seed orders sets; the lists come out the same under two seeds."""
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, 'tests'); from test_related import blog_like; "
        "from masthead.core.related import related; print(related(blog_like(300), 3))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_a_title_changed_shows_in_the_other_posts_lists(serving):
    """A whole build renders every page again unless its memo (page_memo.py) says it
    shows the same: the list is in the page's meta, which the memo's key reads."""
    alpha = "blog/2024/01/05/alpha-linking-basics/index.html"
    assert "Gamma keeps an excerpt" in related_titles(serving, alpha)
    serving.edit(P + "gamma.md", lambda t: t.replace("title: Gamma keeps", "title: Gamma holds"))
    assert serving.rebuild().startswith("whole")
    assert "Gamma holds an excerpt" in related_titles(serving, alpha)
    assert serving.plugin.memo.hits > 0  # other pages were given back, not rendered
    assert not serving.differences()
