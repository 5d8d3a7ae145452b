"""`masthead`: check a blog without building it.

    masthead check [-f mkdocs.yml] [--format text|github|json] [FILE ...]

Reads the same `mkdocs.yml` options as the plugins and runs the same checks (front
matter, tags, FAQ, images), so the two never disagree. Given files (a pull request's), it
reports only problems in them. Exit status 1 when there is an error, else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from .core.problems import Level, Problem, summarize

_GITHUB_LEVEL = {Level.ERROR: "error", Level.WARN: "warning", Level.INFO: "notice"}


def _collect(config_file: str) -> tuple[list[Problem], int]:
    """Every problem the plugins would report, and the number of posts read.

    MkDocs is imported here, not at module load, so `masthead --help` stays instant."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, PluginError

    try:
        config = load_config(config_file)
        problems: list[Problem] = []
        catalogue = None
        plugin = config.plugins.get("masthead/frontmatter")
        if plugin is not None and plugin.config.enabled:
            from .frontmatter.plugin import load_catalogue

            catalogue, _ = load_catalogue(config, plugin.config)
            problems += catalogue.problems
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
    except (ConfigurationError, PluginError, OSError) as error:
        raise SystemExit(f"masthead: {error}") from None
    problems.sort(key=lambda p: (p.path, p.line, p.code))
    return problems, len(catalogue.posts) if catalogue else 0


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


def _selected(problems: list[Problem], files: Sequence[str]) -> list[Problem]:
    if not files:
        return problems
    wanted = {os.path.normpath(f) for f in files}
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
    everything, posts = _collect(args.config_file)
    problems = _selected(everything, args.files)
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
    else:
        for problem in problems:
            print(f"{problem.level.label}: {problem}")
        print(f"masthead: {posts} posts checked: {summarize(problems)}")
    return 1 if any(p.level is Level.ERROR for p in problems) else 0


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = argparse.ArgumentParser(prog="masthead", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", help="check posts and images without building")
    checker.add_argument("files", nargs="*", help="only report these files (default: all)")
    checker.add_argument("-f", "--config-file", default="mkdocs.yml")
    checker.add_argument("--format", choices=["text", "github", "json"], default="text")
    checker.set_defaults(run=check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
