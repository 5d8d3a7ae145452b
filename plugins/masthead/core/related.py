"""Related posts: for each post, the published posts most like it, found once per build.

Pure: records in (a key, tags, a text, a date, whether the post is published), each
post's related keys out, best first. The order is:

1. the tags two posts share, each weighing `log(1 + posts / posts with the tag)`: a tag
   few posts carry says more than one most carry;
2. then the words their texts share (in masthead: the title, and the summary or
   description as written), each weighing likewise, over the words of both (weighted
   Jaccard); a word on more than half the posts (of four or more) relates nothing;
3. then newer first, then by key.

Posts that share neither a tag nor a word are not related. Unpublished posts (drafts,
scheduled, expired) are never listed, and no post lists itself; every post, published
or not, gets its list (`serve` shows drafts). Weights are integers, so the order is the
same whatever the order of the records or Python's hash seed.

Bounded, whatever the input: a post reads at most its `MAX_TAGS` rarest tags and its
`MAX_WORDS` rarest words (of its text's first `MAX_TEXT_CHARS` characters); the posts
sharing its tags are found as sets of bits (one int per tag), split only as far as the
best `count` need; the words it shares with others are read from the newest `WORD_WALK`
posts having each of its words, `WORD_BUDGET` entries in all. Within these bounds (every
list of a post's words read to its end), the order is exactly the one above; beyond
them, words not read are not counted. About 50 ms of CPU at 1000 posts on a busy
two-core machine, and about twice that at twice the posts
(tests/test_related.py::test_a_thousand_posts_are_related_quickly).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import UTC, datetime
from typing import NamedTuple

MAX_TAGS = 8  # a post's rarest tags read
MAX_WORDS = 32  # a post's rarest words read
MAX_TEXT_CHARS = 1000  # of its text
WORD_WALK = 24  # each of its words relates it to the newest posts with the word, so many
WORD_BUDGET = 48  # and all its words to so many in all
MIN_WORD_CHARS = 2
# Words of English that any two texts share: they relate nothing. (Other languages' are
# weighed down by being common, and left out when more than half the posts have them.)
# fmt: off
STOP_WORDS = frozenset({
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "but", "by", "can", "do", "for", "from", "get", "has", "have", "how", "i", "if", "in",
    "into", "is", "it", "its", "just", "more", "my", "no", "not", "of", "on", "or", "our",
    "out", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "to", "up", "us", "was", "we", "were", "what", "when", "where", "which", "who",
    "why", "will", "with", "you", "your",
})
# fmt: on
_WORD = re.compile(r"\w+")
_SCALE = 1_000_000  # weights are integers (micro-units): sums are exact in any order


class Record(NamedTuple):
    """What relating a post needs of it."""

    key: str  # e.g. its docs path; unique (a later record with a known key is ignored)
    tags: Collection[str]  # identities: tags that are one tag have one spelling here
    text: str
    date: datetime | None  # a naive date counts as UTC
    eligible: bool  # published: it may be listed


def words(text: str) -> frozenset[str]:
    """The words of `text` that may relate it to another: case and width folded, stop
    words and one-character words left out."""
    folded = unicodedata.normalize("NFKC", text[:MAX_TEXT_CHARS]).casefold()
    return frozenset(
        w for w in _WORD.findall(folded) if len(w) >= MIN_WORD_CHARS and w not in STOP_WORDS
    )


def _weight(posts: int, having: int) -> int:
    return round(math.log1p(posts / having) * _SCALE)


def _newest_first(records: list[Record]) -> list[Record]:
    """Newer first, undated last, equal dates by key."""
    by_key = sorted(records, key=lambda r: r.key)
    dated = [r for r in by_key if r.date is not None]
    dated.sort(key=lambda r: _aware(r.date), reverse=True)  # stable: keys stay in order
    return dated + [r for r in by_key if r.date is None]


def _aware(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _rarest(
    items: Iterable[str], df: dict[str, int], limit: int, most: int, least: int = 1
) -> list[str]:
    """Up to `limit` of `items` that at least `least` and at most `most` published posts
    have, the rarest first (then by name). `least` is 2 for a published post: an item
    only it has relates it to nothing, and would crowd out those it shares."""
    known = [(n, i) for i in items if least <= (n := df.get(i, 0)) <= most]
    rarest = heapq.nsmallest(limit, known) if len(known) > 2 * limit else sorted(known)
    return [i for _, i in rarest[:limit]]


def related(records: Iterable[Record], count: int) -> dict[str, list[str]]:
    """Each record's key -> the keys of up to `count` published posts related to it,
    best first (module docstring)."""
    posts: dict[str, Record] = {}
    for record in records:
        posts.setdefault(record.key, record)
    if count <= 0:
        return {key: [] for key in posts}
    index = _Index(posts)
    return {key: index.related_to(key, count) for key in posts}


class _Index:
    """What relating the posts needs, read once: weights, and who has each tag and word."""

    def __init__(self, posts: dict[str, Record]) -> None:
        self.listed = _newest_first([r for r in posts.values() if r.eligible])
        self.rank = {r.key: i for i, r in enumerate(self.listed)}  # the tie-breaker
        total = self.total = len(self.listed)
        self.tags = {key: frozenset(r.tags) for key, r in posts.items()}
        texts = {key: words(r.text) for key, r in posts.items()}
        self.tag_df: Counter[str] = Counter()
        word_df: Counter[str] = Counter()
        for r in self.listed:
            self.tag_df.update(self.tags[r.key])
            word_df.update(texts[r.key])
        self.tag_weight = {t: _weight(total, n) for t, n in self.tag_df.items()}
        self.word_weight = {w: _weight(total, n) for w, n in word_df.items()}
        common = total if total < 4 else total // 2  # more: the word relates nothing
        # Each post's words as they count (its rarest), and their weight in all.
        self.sig = {
            key: _rarest(texts[key], word_df, MAX_WORDS, common, 2 if record.eligible else 1)
            for key, record in posts.items()
        }
        self.mass = {key: sum(self.word_weight[w] for w in sig) for key, sig in self.sig.items()}
        self.listed_mass = [self.mass[r.key] for r in self.listed]
        self.having: defaultdict[str, int] = defaultdict(int)  # tag -> bit i: rank i has it
        self.postings: defaultdict[str, list[int]] = defaultdict(list)  # word -> newest first
        for i, r in enumerate(self.listed):
            for tag in self.tags[r.key]:
                self.having[tag] |= 1 << i
            for word in self.sig[r.key]:
                self.postings[word].append(i)

    def related_to(self, key: str, count: int) -> list[str]:
        """The keys of up to `count` posts related to the post `key`, best first."""
        me = self.rank.get(key, -1)
        by_words = _shared(self.sig[key], self.postings, self.word_weight, me)
        mine, mass = self.mass[key], self.listed_mass
        # Those sharing words, the most alike first (weighted Jaccard), then newest first.
        alike = sorted((-s / (mine + mass[i] - s), i) for i, s in by_words.items())
        my_tags = _rarest(self.tags[key], self.tag_df, MAX_TAGS, self.total, 2 if me >= 0 else 1)
        groups = _by_shared_tags(my_tags, self.having, self.tag_weight, me)
        return [self.listed[i].key for i in _pick(groups, [i for _, i in alike], count)]


def _pick(groups: Iterator[int], alike: list[int], count: int) -> list[int]:
    """Up to `count` ranks: each group of posts sharing tags in turn (the posts in it
    that share words first, as in `alike`, then the others newest first), then the
    posts of `alike` that share no tag."""
    worded = 0
    for i in alike:
        worded |= 1 << i
    chosen: list[int] = []
    tagged = 0
    for group in groups:
        tagged |= group
        if group & worded:
            chosen += [i for i in alike if group >> i & 1][: count - len(chosen)]
        rest = group & ~worded
        while rest and len(chosen) < count:
            low = rest & -rest
            chosen.append(low.bit_length() - 1)
            rest ^= low
        if len(chosen) == count:
            return chosen
    return chosen + [i for i in alike if not tagged >> i & 1][: count - len(chosen)]


def _by_shared_tags(
    tags: list[str], having: dict[str, int], weight: dict[str, int], me: int
) -> Iterator[int]:
    """The posts that share any of `tags` (rarest first), as sets of bits: those that
    share the same weight of tags together, the heaviest first; never `me`.

    Best first through the splits of the posts by each tag in turn (has it, has it not),
    so only the groups needed are ever split."""
    if not tags:
        return
    weights = [weight[t] for t in tags]
    left = [sum(weights[d:]) for d in range(len(tags) + 1)]  # what a split may still add
    everyone = 0
    for tag in tags:
        everyone |= having[tag]
    if me >= 0:
        everyone &= ~(1 << me)
    # (minus the most its posts may share, depth, order of making, posts, what they share)
    heap = [(-left[0], 0, 0, everyone, 0)]
    made = 1
    while heap:
        best = heap[0][0]
        group = 0
        while heap and heap[0][0] == best:  # every split that may still reach `best`
            _, depth, _, posts, score = heapq.heappop(heap)
            if depth == len(tags):
                group |= posts
                continue
            inside = posts & having[tags[depth]]
            outside = posts ^ inside
            if inside:
                heapq.heappush(heap, (-(score + left[depth]), depth + 1, made, inside,
                                      score + weights[depth]))  # fmt: skip
                made += 1
            if outside and score + left[depth + 1] > 0:
                heapq.heappush(heap, (-(score + left[depth + 1]), depth + 1, made, outside,
                                      score))  # fmt: skip
                made += 1
        if group:
            yield group


def _shared(
    items: list[str], postings: dict[str, list[int]], weight: dict[str, int], me: int
) -> dict[int, int]:
    """Post (by rank) -> the weight of the `items` it shares, read from the newest
    `WORD_WALK` posts of each item's list, rarest item first, `WORD_BUDGET` entries in
    all; never `me`."""
    found: dict[int, int] = {}
    get = found.get
    budget = WORD_BUDGET
    for item in items:
        if budget <= 0:
            break
        w = weight[item]
        met = postings[item][: min(WORD_WALK, budget)]
        budget -= len(met)
        for i in met:
            found[i] = get(i, 0) + w
    found.pop(me, None)
    return found
