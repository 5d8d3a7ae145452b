"""`masthead`: check a blog without building it, and start new posts.

    masthead check [-f mkdocs.yml] [--format text|github|json] [FILE ...]
    masthead new "Title" [--tag T]... [--author A] [--thumbnail PATH] [--date WHEN]

`check` reads the same `mkdocs.yml` options as the plugins and runs the same checks
(front matter, tags, FAQ, images), so the two never disagree. Given files (a pull
request's), it reports only problems in them. Exit status 1 when there is an error.

`new` writes `<posts folder>/<YYYY-MM-DD>-<slug>.md` in the CMS format, with TODO
placeholders that `check` reports until they are replaced. It never overwrites a file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from .core.problems import Level, Problem, summarize

_GITHUB_LEVEL = {Level.ERROR: "error", Level.WARN: "warning", Level.INFO: "notice"}


def _collect(config_file: str) -> tuple[list[Problem], int, list[str]]:
    """Every problem the plugins would report, the number of posts read, and notes on
    drafts and scheduled posts.

    MkDocs is imported here, not at module load, so `masthead --help` stays instant."""
    from mkdocs.exceptions import PluginError

    config = _load(config_file)
    try:
        problems: list[Problem] = []
        catalogue = None
        plugin = config.plugins.get("masthead/frontmatter")
        if plugin is not None and plugin.config.enabled:
            from .frontmatter.plugin import load_catalogue

            catalogue, blogs = load_catalogue(config, plugin.config)
            problems += catalogue.problems
            scheduled = plugin.config.scheduled or any(b.config.draft_if_future_date for b in blogs)
        tags_plugin = config.plugins.get("masthead/tags")
        if catalogue is not None and tags_plugin is not None and tags_plugin.config.enabled:
            from .tags.plugin import load_tags

            problems += load_tags(catalogue, config, tags_plugin.config)[2]
        faq_plugin = config.plugins.get("masthead/faq")
        if catalogue is not None and faq_plugin is not None and faq_plugin.config.enabled:
            problems += _faq_problems(catalogue, faq_plugin.config)
        images_plugin = config.plugins.get("masthead/images")
        if images_plugin is not None and images_plugin.config.enabled:
            problems += _image_problems(config, catalogue, images_plugin.config)
        if plugin is None and images_plugin is None:
            raise PluginError(f"{config_file} uses none of the masthead plugins")
    except (PluginError, OSError) as error:
        raise SystemExit(f"masthead: {error}") from None
    problems.sort(key=lambda p: (p.path, p.line, p.code))
    if catalogue is None:
        return problems, 0, []
    return problems, len(catalogue.posts), _schedule_notes(catalogue, scheduled)


def _schedule_notes(catalogue, scheduled: bool) -> list[str]:
    """When the next scheduled post goes live, and which posts are drafts."""
    from .core.catalogue import next_scheduled

    notes = []
    upcoming = next_scheduled(catalogue.posts.values(), datetime.now(UTC)) if scheduled else None
    if upcoming is not None:
        zone = catalogue.settings.zone
        when = upcoming.meta.date.astimezone(zone)
        notes.append(
            f"next scheduled post: {upcoming.path} goes live on {when:%Y-%m-%d %H:%M} "
            f"{getattr(zone, 'key', zone)} (a build on or after that time publishes it)"
        )
    drafts = sorted(p.path for p in catalogue.posts.values() if p.meta.draft is True)
    if drafts:
        notes.append(f"{len(drafts)} draft{'s' if len(drafts) > 1 else ''}: {', '.join(drafts)}")
    return notes


def _faq_problems(catalogue, options) -> list[Problem]:
    """The FAQ plugin's checks on every post, as its `on_page_markdown` runs them."""
    from .core import faq
    from .faq.plugin import place_findings, settings_levels

    levels = settings_levels(options)
    problems: list[Problem] = []
    for post in catalogue.posts.values():
        outcome = faq.process(
            post.parsed.body.lstrip("\n"),
            post.parsed.front.data.get(options.front_matter_key),
            headings=tuple(options.headings),
            key=options.front_matter_key,
        )
        problems += place_findings(outcome.findings, post.path, post.parsed.markdown_line, levels)
    return problems


def _image_problems(config, catalogue, options) -> list[Problem]:
    """The images plugin's checks on every page, without rendering any."""
    from . import host
    from .core import images, source
    from .core.catalogue import MARKDOWN_SUFFIXES
    from .core.problems import place
    from .images.plugin import levels_from, limits_from

    levels, limits = levels_from(options), limits_from(options)
    spec = config.exclude_docs
    index = images.FileIndex(config.docs_dir, lambda uri: bool(spec and spec.match_file(uri)))
    cache, report = images.ImageCache(), images.ImageReport()
    found: list[tuple[str, images.Finding]] = []
    for src_uri in sorted(index.files):
        if index.outside(src_uri):
            found.append((src_uri, images.outside_link(src_uri)))
            continue
        if not src_uri.lower().endswith(MARKDOWN_SUFFIXES):
            continue
        post = catalogue.posts.get(src_uri) if catalogue else None
        if post is not None:
            markdown, first = post.parsed.body.lstrip("\n"), post.parsed.markdown_line
            thumbnail, thumbnail_line = post.meta.thumbnail, post.line("thumbnail")
        else:
            with open(os.path.join(index.docs_dir, src_uri), "rb") as handle:
                parts = source.split(source.decode(handle.read())[0])
            markdown = parts.body.lstrip("\n")
            first = parts.body_line + len(parts.body) - len(markdown)
            thumbnail, thumbnail_line = None, 1
        for finding in images.check_page(
            markdown,
            src_uri,
            index,
            cache,
            limits,
            report,
            first_line=first,
            thumbnail=thumbnail,
            thumbnail_line=thumbnail_line,
        ):
            found.append((src_uri, finding))
    avatars = [a.avatar for a in catalogue.authors.authors.values()] if catalogue else []
    found += images.unreferenced(index, options.images_dir, report, avatars)
    project = host.project_dir(config)
    placed = (place(f, host.shown_path(config, uri, project), levels) for uri, f in found)
    return [p for p in placed if p]


def _selected(problems: list[Problem], files: Sequence[str], project: str) -> list[Problem]:
    """Problems in the given files (absolute, or relative to the working folder);
    problems name files relative to the folder of mkdocs.yml."""
    if not files:
        return problems
    wanted = {os.path.relpath(os.path.abspath(f), project) for f in files}
    return [p for p in problems if os.path.normpath(p.path) in wanted]


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that shows the problem on the PR's line."""
    kind = _GITHUB_LEVEL[problem.level]
    where = ",".join(
        [
            f"file={_github_escape(problem.path, property_value=True)}",
            f"line={problem.line}",
            f"title={_github_escape('masthead ' + problem.code, property_value=True)}",
        ]
    )
    return f"::{kind} {where}::{_github_escape(f'{problem.message}; {problem.fix}')}"


def check(args: argparse.Namespace) -> int:
    everything, posts, notes = _collect(args.config_file)
    project = os.path.dirname(os.path.abspath(args.config_file))
    problems = _selected(everything, args.files, project)
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "path": p.path,
                        "line": p.line,
                        "level": p.level.label,
                        "check": p.code,
                        "message": p.message,
                        "fix": p.fix,
                    }
                    for p in problems
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
    elif args.format == "github":
        for problem in problems:
            print(github_annotation(problem))
        for note in notes:
            print(f"::notice title=masthead::{_github_escape(note)}")
    else:
        for problem in problems:
            print(f"{problem.level.label}: {problem}")
        print(f"masthead: {posts} posts checked: {summarize(problems)}")
        for note in notes:
            print(f"masthead: {note}")
    return 1 if any(p.level is Level.ERROR for p in problems) else 0


def _load(config_file: str):
    """The site's `mkdocs.yml`, or a one-line message and exit status 1."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(config_file)
    except (ConfigurationError, OSError) as error:
        raise SystemExit(f"masthead: {error}") from None


def _thumbnail(path: str, docs_dir: str, existing: list[str], project: str) -> str:
    """The thumbnail as a post writes it (`/images/blog/x.png`). A file outside docs/
    is copied next to the thumbnails the blog already uses (never over another file)."""
    if path.startswith("/") and os.path.isfile(os.path.join(docs_dir, path.lstrip("/"))):
        return path
    if not os.path.isfile(path):
        raise SystemExit(f"masthead: no image at {path}; give the path of an existing file")
    absolute, docs = os.path.realpath(path), os.path.realpath(docs_dir)
    if os.path.commonpath([absolute, docs]) == docs:
        return "/" + os.path.relpath(absolute, docs).replace(os.sep, "/")
    folders = Counter(os.path.dirname(t) for t in existing if t.startswith("/"))
    folder = folders.most_common(1)[0][0] if folders else "/images/blog"
    target = os.path.join(docs, folder.lstrip("/"), os.path.basename(path))
    if os.path.exists(target):
        with open(target, "rb") as one, open(absolute, "rb") as other:
            if one.read() != other.read():
                shown = os.path.relpath(target, project)
                raise SystemExit(
                    f"masthead: {shown} already exists and is a different image; "
                    "rename your file or pass --thumbnail with the existing one"
                )
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(absolute, target)
        print(f"masthead: copied {path} to {os.path.relpath(target, project)}")
    return f"{folder.rstrip('/')}/{os.path.basename(path)}"


def new(args: argparse.Namespace) -> int:
    from . import host
    from .core.newpost import NewPost, file_name, post_text
    from .frontmatter.plugin import load_catalogue

    config = _load(args.config_file)
    plugin = config.plugins.get("masthead/frontmatter")
    if plugin is None:
        raise SystemExit(f"masthead: {args.config_file} does not use masthead/frontmatter")
    from mkdocs.exceptions import PluginError

    try:
        catalogue, blogs = load_catalogue(config, plugin.config)
    except (PluginError, OSError) as error:  # no blog plugin, a bad timezone, ...
        raise SystemExit(f"masthead: {error}") from None
    title = " ".join(args.title.split())
    if not title:
        raise SystemExit(
            'masthead: the title is empty; write it in quotes: masthead new "My title"'
        )
    if args.date:
        try:
            date = datetime.fromisoformat(args.date)
        except ValueError:
            raise SystemExit(
                f"masthead: --date {args.date} is not a date; write 2026-12-01 or 2026-12-01T09:00"
            ) from None
        if date.tzinfo is None:
            date = date.replace(tzinfo=catalogue.settings.zone)
    else:
        date = datetime.now(UTC)
    posts = list(catalogue.posts.values())
    if args.author:
        authors = args.author
    else:  # the team's usual byline
        names = Counter(name for p in posts for name in p.meta.author_names)
        authors = [names.most_common(1)[0][0]] if names else []
    project = host.project_dir(config)
    thumbnail = None
    if args.thumbnail:
        used = [p.meta.thumbnail for p in posts if p.meta.thumbnail]
        thumbnail = _thumbnail(args.thumbnail, config.docs_dir, used, project)
    post = NewPost(title, date, authors, [" ".join(t.split()) for t in args.tag], thumbnail)
    keys = {field: choices[0] for field, choices in plugin.config.fields.items()}
    folder = os.path.join(config.docs_dir, host.post_dir(blogs[0]))
    target = os.path.join(folder, file_name(post))
    shown = os.path.relpath(target, project).replace(os.sep, "/")
    os.makedirs(folder, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(post_text(post, keys))
    except FileExistsError:
        raise SystemExit(
            f"masthead: {shown} already exists; nothing was written. "
            "Edit that post, or choose another title"
        ) from None
    print(f"masthead: wrote {shown}")
    print(f"masthead: replace its TODO lines, then run: masthead check {shown}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = argparse.ArgumentParser(prog="masthead", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", help="check posts and images without building")
    checker.add_argument("files", nargs="*", help="only report these files (default: all)")
    checker.add_argument("-f", "--config-file", default="mkdocs.yml")
    checker.add_argument("--format", choices=["text", "github", "json"], default="text")
    checker.set_defaults(run=check)
    maker = commands.add_parser("new", help="start a new post in the CMS format")
    maker.add_argument("title", help="the post's title, in quotes")
    maker.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    maker.add_argument(
        "--author", action="append", help="an author (repeat; default: the usual one)"
    )
    maker.add_argument("--thumbnail", help="image for the card: a file, or /images/... path")
    maker.add_argument("--date", help="publication date, e.g. 2026-12-01T09:00 (default: now)")
    maker.add_argument("-f", "--config-file", default="mkdocs.yml")
    maker.set_defaults(run=new)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
