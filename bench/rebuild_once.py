"""One serve-style rebuild, timed: build, edit one post, build again with the same
plugin instances (as `mkdocs serve` does), and print the second build's seconds.

    python bench/rebuild_once.py SITE_DIR
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
logging.disable(logging.WARNING)

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def main() -> None:
    root = Path(sys.argv[1])
    os.chdir(root)
    config = load_config("mkdocs.yml", site_dir=str(root / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    posts = sorted((root / "docs/blog/posts").glob("*.md"))
    post = posts[len(posts) // 2]
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    start = time.perf_counter()
    config = load_config("mkdocs.yml", site_dir=str(root / "site"))
    build(config)
    print(f"{time.perf_counter() - start:.3f}")
    config.plugins.on_shutdown()


if __name__ == "__main__":
    main()
