"""When each file of a folder was last committed, from one `git log` for the whole folder.

For `dateModified` and the sitemap's `<lastmod>` of pages whose front matter says
nothing newer. One `git log` per build reads every file's date at once (one per file
would cost a process per post); its answer depends only on the commits reachable from
`HEAD`, so `serve` asks again only when `HEAD` moved. No git, a folder outside any
repository, a shallow clone (whose oldest commit would date every file), git failing
or taking too long: no dates, never an error. Uncommitted changes have no commit date:
a file keeps its last commit's.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import datetime

# `-z`: names as they are, NUL-terminated (no quoting, any byte but NUL). Each commit
# starts with a NUL and its date: a path is never empty, so an empty field is a commit.
LOG_COMMAND = (
    "git",
    "log",
    "-z",
    "--format=%x00%cI",
    "--name-only",
    "--no-renames",
    "--no-show-signature",  # `log.showSignature` would run gpg and print its output
    "--relative",
    "HEAD",
    "--",
    ".",
)
HEAD_COMMAND = ("git", "rev-parse", "--is-shallow-repository", "HEAD")
TIMEOUT = 60.0  # seconds; a repository that takes longer gives no dates
# Nothing git reads from the environment may ask a question or page the output.
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}

Runner = Callable[[tuple[str, ...], str], str | None]


def parse_log(text: str) -> dict[str, datetime]:
    """The newest commit date of each path in `LOG_COMMAND`'s output. A commit whose
    date does not read is skipped; a path is as git wrote it (relative, `/`)."""
    dates: dict[str, datetime] = {}
    fields = text.split("\0")
    at, count = 0, len(fields)
    while at < count:
        if fields[at] != "" or at + 1 >= count:
            at += 1  # only before the first commit, or the end
            continue
        moment = _moment(fields[at + 1])
        at += 2
        first = True
        while at < count and fields[at] != "":
            name = fields[at][1:] if first and fields[at].startswith("\n") else fields[at]
            first = False
            at += 1
            if moment is not None and name and (name not in dates or dates[name] < moment):
                dates[name] = moment
    return dates


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def run_git(args: tuple[str, ...], cwd: str) -> str | None:
    """What git prints for `args` run in `cwd`, or None when it cannot say."""
    try:
        done = subprocess.run(  # a fixed command, no shell
            args,
            cwd=cwd,
            capture_output=True,
            timeout=TIMEOUT,
            env={**os.environ, **_ENV},
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


class GitDates:
    """The last commit date of each file of a folder, read again only when `HEAD` moved."""

    def __init__(self, run: Runner = run_git) -> None:
        self._run = run
        self._key: tuple[str, str] | None = None
        self._dates: dict[str, datetime] = {}
        self.runs = 0  # `git log` runs (tests)

    def of_folder(self, folder: str) -> dict[str, datetime]:
        """path (relative to `folder`, `/`) -> its last commit date; {} without git."""
        folder = os.path.abspath(folder)
        head = self._run(HEAD_COMMAND, folder)
        lines = head.split() if head else []
        if len(lines) != 2 or lines[0] != "false":  # not a repository, no commit, shallow
            self._key, self._dates = None, {}
            return {}
        key = (folder, lines[1])
        if key != self._key:
            self.runs += 1
            text = self._run(LOG_COMMAND, folder)
            self._dates = parse_log(text) if text is not None else {}
            self._key = key if text is not None else None
        return self._dates
