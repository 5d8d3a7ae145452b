"""`masthead`: check a blog without building it.

    masthead check [--config-file mkdocs.yml] [--format text|json] [FILE ...]

Reads the same `mkdocs.yml` options as the plugins and runs the same checks, so the
two never disagree. Exit status 1 when there is an error, else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from .core.problems import Level, Problem, summarize


def _load(config_file: str):
    """The site's config and catalogue. MkDocs is imported here, not at module load,
    so `masthead --help` stays instant."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, PluginError

    from .frontmatter.plugin import load_catalogue

    try:
        config = load_config(config_file)
        plugin = config.plugins.get("masthead/frontmatter")
        if plugin is None:
            raise PluginError(f"{config_file} does not use the masthead/frontmatter plugin")
        catalogue, _ = load_catalogue(config, plugin.config)
        faq_plugin = config.plugins.get("masthead/faq")
        if faq_plugin is not None and faq_plugin.config.enabled:
            _check_faqs(catalogue, faq_plugin.config)
    except (ConfigurationError, PluginError, OSError) as error:
        raise SystemExit(f"masthead: {error}") from None
    return config, catalogue


def _check_faqs(catalogue, options) -> None:
    """The FAQ plugin's checks on every post, as its `on_page_markdown` runs them."""
    from .core import faq
    from .faq.plugin import place_findings, settings_levels

    levels = settings_levels(options)
    for post in catalogue.posts.values():
        outcome = faq.process(
            post.parsed.body.lstrip("\n"),
            post.parsed.front.data.get(options.front_matter_key),
            headings=tuple(options.headings),
            key=options.front_matter_key,
        )
        for problem in place_findings(
            outcome.findings, post.path, post.parsed.markdown_line, levels
        ):
            catalogue.problems.append(problem)
            post.problems.append(problem)
    catalogue.problems.sort(key=lambda p: (p.path, p.line))


def _selected(problems: list[Problem], files: Sequence[str]) -> list[Problem]:
    if not files:
        return problems
    wanted = {os.path.normpath(f) for f in files}
    return [p for p in problems if os.path.normpath(p.path) in wanted]


def check(args: argparse.Namespace) -> int:
    _, catalogue = _load(args.config_file)
    problems = _selected(catalogue.problems, args.files)
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
    else:
        for problem in problems:
            print(f"{problem.level.label}: {problem}")
        print(f"masthead: {len(catalogue.posts)} posts checked: {summarize(problems)}")
    return 1 if any(p.level is Level.ERROR for p in problems) else 0


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = argparse.ArgumentParser(prog="masthead", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", help="check posts without building the site")
    checker.add_argument("files", nargs="*", help="only report these files (default: all)")
    checker.add_argument("-f", "--config-file", default="mkdocs.yml")
    checker.add_argument("--format", choices=["text", "json"], default="text")
    checker.set_defaults(run=check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
