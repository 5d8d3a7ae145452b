"""Related posts (#17): the CPU time of `core.related.related` on a blog's shape.

    python bench/related_speed.py

The records are tests/test_related.py's `blog_like` (60 tags and a 20,000-word
vocabulary, both Zipf-distributed). Best of three runs of CPU time, at 1000 and 2000
posts: the target is well under 100 ms at 1000 posts, and about linear.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from masthead.core.related import related
from test_related import blog_like


def cost(posts: int) -> float:
    """The least CPU time of three runs, in seconds."""
    records = blog_like(posts)
    best = math.inf
    for _ in range(3):
        start = time.process_time()
        related(records, 3)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    for posts in (1000, 2000):
        print(f"{posts} posts: {cost(posts) * 1000:.0f} ms of CPU (best of 3)")


if __name__ == "__main__":
    main()
