"""`masthead`: check a blog without building it, and start new posts.

    masthead check [-f mkdocs.yml] [--format text|github|json] [FILE ...]
    masthead new "Title" [--tag T]... [--author A] [--thumbnail PATH] [--date WHEN]
    masthead import SOURCE DEST [--posts DIR] [--media DIR=/prefix/]... [--site-url URL]
    masthead export DEST [-f mkdocs.yml] [--force]

`check` reads the same `mkdocs.yml` options as the plugins and runs the same checks
(front matter, tags, FAQ, images), so the two never disagree. Given files (a pull
request's), it reports only problems in them. Exit status 1 when there is an error.

`new` writes `<posts folder>/<YYYY-MM-DD>-<slug>.md` in the CMS format, with TODO
placeholders that `check` reports until they are replaced. It never overwrites a file.

`import` makes DEST a complete MkDocs project of a blog repository (Hugo, Jekyll,
Next.js, Astro, Gatsby; Decap/Netlify CMS, Forestry, TinaCMS): posts and media copied
unchanged, `mkdocs.yml` written, every old URL kept (see masthead/importer/).

`export` writes the site as a plain Material blog in DEST (posts in Material's own
vocabulary, FAQ sections as question blocks, JSON-LD kept), for a host without the
masthead plugins (see masthead/exporter/).
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from . import __version__
from .core.problems import Level, Problem, summarize

_GITHUB_LEVEL = {Level.ERROR: "error", Level.WARN: "warning", Level.INFO: "notice"}


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
    """`masthead check`: print every problem of the site; 1 when there is an error."""
    from .checks import check_site, memory_temp

    with memory_temp():
        checked = check_site(args.config_file)
    everything, posts, notes = checked.problems, checked.posts, checked.notes
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


def _probe(config_file: str):
    """What `masthead import` needs of the project it wrote: the check's problems, and
    the URL of every page and every file the build writes (Material's included)."""
    from datetime import UTC, datetime

    from .checks import check_site, memory_temp
    from .core.catalogue import post_status
    from .host.mkdocs import COMMAND
    from .importer.command import Probe

    with memory_temp():
        checked = check_site(config_file)
    problems, files, catalogue = checked.problems, checked.files, checked.catalogue
    now = datetime.now(UTC)

    def published(src_uri: str) -> bool:
        post = catalogue.posts.get(src_uri) if catalogue is not None else None
        return post is None or post_status(post, future_is_draft=True, now=now) is None

    return Probe(
        problems,
        {f.src_uri: f.url for f in files if f.is_documentation_page() and published(f.src_uri)},
        {f.dest_uri for f in files},
        COMMAND,
    )


def import_blog(args: argparse.Namespace) -> int:
    """`masthead import SOURCE DEST`: a MkDocs project of a blog repository."""
    from .importer.command import run
    from .importer.write import ImportRefused

    media = []
    for item in args.media:
        folder, sep, prefix = item.partition("=")
        if not sep or not folder.strip() or not prefix.startswith("/"):
            raise SystemExit(
                f"masthead: --media {item}: write it as FOLDER=/url-prefix/, "
                "e.g. --media static/uploads=/uploads/"
            )
        media.append((folder, prefix))
    try:
        return run(
            args.source,
            args.dest,
            posts=args.posts,
            media=media,
            site_url=args.site_url,
            force=args.force,
            probe=_probe,
        )
    except ImportRefused as error:
        raise SystemExit(f"masthead: {error}") from None


# What `masthead new --thumbnail` accepts: an image the build publishes (an SVG only if
# it is a plain drawing, as core/svg.py judges it), no larger than the images plugin's
# budget, or than this when the site does not use that plugin.
_THUMBNAIL_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
_THUMBNAIL_MAX_BYTES = 20 * 1024 * 1024


def _thumbnail(
    path: str, docs_dir: str, existing: list[str], project: str, limits
) -> tuple[str, tuple[str, bytes] | None]:
    """The thumbnail as a post writes it (`/images/blog/x.png`), and the copy to make,
    `(target, bytes)`, when the file is outside docs/: next to the thumbnails the blog
    already uses, never over another file. Only a regular file that is an image of the
    kind its name says is accepted. Nothing is written here."""
    from .core.newpost import visible

    docs = os.path.realpath(docs_dir)
    if path.startswith("/") and not path.startswith("//"):  # a path on the site
        inside = os.path.normpath(os.path.join(docs, path.lstrip("/")))
        if _within(inside, docs) and os.path.lexists(inside):
            if not _within(os.path.realpath(os.path.dirname(inside)), docs):
                raise SystemExit(
                    f"masthead: {visible(path)} is in a linked folder outside the docs folder; "
                    "copy the image into docs/ instead"
                )
            _image_bytes(inside, visible(path), limits)
            return "/" + os.path.relpath(inside, docs).replace(os.sep, "/"), None
    data = _image_bytes(path, visible(path), limits)
    absolute = os.path.realpath(path)
    if _within(absolute, docs):
        return "/" + os.path.relpath(absolute, docs).replace(os.sep, "/"), None
    name = os.path.basename(absolute)
    if not name.isprintable() or "\\" in name:
        raise SystemExit(
            f"masthead: the file name {visible(name)} cannot be used on the site; "
            "rename the file (letters, digits, - and _)"
        )
    folder = _thumbnail_folder(existing)
    # The folder comes from the posts (a pull request's): through a link out of docs/
    # the copy would land elsewhere on this machine.
    real_folder = os.path.realpath(os.path.join(docs, folder.lstrip("/")))
    if not _within(real_folder, docs):
        folder = "/images/blog"
        real_folder = os.path.realpath(os.path.join(docs, "images", "blog"))
        if not _within(real_folder, docs):
            raise SystemExit(
                "masthead: docs/images/blog is a link to a folder outside docs/; "
                "copy your image into docs/ and pass its /images/... path"
            )
    target = os.path.join(docs, folder.lstrip("/"), name)
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        found = None
    if found is not None and not _same_file(target, found, data):
        raise SystemExit(
            f"masthead: {os.path.relpath(target, project)} already exists and is a different "
            "image; rename your file or pass --thumbnail with the existing one"
        )
    return f"{folder.rstrip('/')}/{name}", (None if found else (target, data))


def _same_file(path: str, found: os.stat_result, data: bytes) -> bool:
    """Whether the regular file at `path` (as `lstat` found it) holds exactly `data`."""
    if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _within(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _thumbnail_folder(existing: list[str]) -> str:
    """The folder most of the blog's thumbnails are in, if it is a plain site path."""
    import posixpath

    folders = Counter(
        folder
        for folder in (posixpath.dirname(t) for t in existing)
        if folder.startswith("/")
        and not folder.startswith("//")
        and posixpath.normpath(folder) == folder
        and folder.isprintable()
        and "\\" not in folder
        and ":" not in folder
    )
    return folders.most_common(1)[0][0] if folders else "/images/blog"


def _regular_file(file: str, shown: str) -> os.stat_result:
    """The file's status if it is a regular file (not a link, folder, FIFO or device),
    checked before it is opened; otherwise a one-line message and exit status 1."""
    try:
        info = os.lstat(file)
    except (FileNotFoundError, NotADirectoryError):
        raise SystemExit(
            f"masthead: no image at {shown}; give the path of an existing file"
        ) from None
    except OSError as error:
        raise SystemExit(
            f"masthead: {shown} cannot be read ({error.strerror}); give the path of an image"
        ) from None
    if stat.S_ISLNK(info.st_mode):
        raise SystemExit(
            f"masthead: {shown} is a symbolic link; give the path of the image file itself"
        )
    if stat.S_ISDIR(info.st_mode):
        raise SystemExit(f"masthead: {shown} is a folder; give the path of an image file")
    if not stat.S_ISREG(info.st_mode):
        raise SystemExit(
            f"masthead: {shown} is not a regular file (a FIFO, device or socket); "
            "give the path of an image file"
        )
    return info


def _image_bytes(file: str, shown: str, limits) -> bytes:
    """The bytes of `file` if it is a regular file (not a link, folder, FIFO or device:
    checked before it is opened) holding an image of the kind its suffix names, within
    `limits`; otherwise a one-line message and exit status 1. The header read is the
    images plugin's, on the very bytes that are returned."""
    import tempfile

    from .core import images

    info = _regular_file(file, shown)
    suffix = os.path.splitext(file)[1].lower()
    if suffix not in _THUMBNAIL_SUFFIXES:
        raise SystemExit(
            f"masthead: {shown} is not an image file ({suffix or 'no suffix'}); "
            "give a .png, .jpg, .jpeg, .gif, .webp, .avif or .svg image"
        )
    too_big = SystemExit(
        f"masthead: {shown} is {images.size_text(info.st_size)}, over the "
        f"{images.size_text(limits.max_bytes)} limit for a thumbnail; "
        "compress it or export a smaller size"
    )
    if info.st_size > limits.max_bytes:
        raise too_big
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        with os.fdopen(os.open(file, flags | getattr(os, "O_BINARY", 0)), "rb") as handle:
            opened = os.fstat(handle.fileno())
            if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
                raise SystemExit(f"masthead: {shown} changed while it was read; try again")
            data = handle.read(limits.max_bytes + 1)
    except OSError as error:
        raise SystemExit(
            f"masthead: {shown} cannot be read ({error.strerror}); give the path of an image"
        ) from None
    if len(data) > limits.max_bytes:
        raise too_big
    if suffix == ".svg":  # a document, not a picture: it must not run or load anything
        from .core.svg import describe, svg_problems

        problems = svg_problems(data)
        if problems:
            raise SystemExit(
                f"masthead: {shown} could run code or load other files when opened "
                f"({describe(problems, 1)}); export it again as a plain drawing, or use a PNG"
            )
        return data
    with tempfile.TemporaryDirectory() as folder:
        copy = os.path.join(folder, "image" + suffix)
        with open(copy, "wb") as handle:
            handle.write(data)
        found = images.inspect(copy, len(data), limits.max_pixels)
    if found.problem:
        raise SystemExit(f"masthead: {shown} {found.problem}; export the image again")
    kinds = images.FORMATS.get(found.format or "", ())
    if suffix not in kinds:
        fix = f"rename it to {kinds[0]}" if kinds else "export it as PNG or JPEG"
        raise SystemExit(f"masthead: {shown} is a {found.format} file named {suffix}; {fix}")
    return data


def _thumbnail_limits(config):
    """The images plugin's limits (its size budget and pixel cap) if the site uses it."""
    from dataclasses import replace

    from .core.images import Limits

    plugin = config.plugins.get("masthead/images")
    if plugin is not None and plugin.config.enabled:
        from .images.plugin import limits_from

        return limits_from(plugin.config)
    return replace(Limits(), max_bytes=_THUMBNAIL_MAX_BYTES)


def _write_new(path: str, data: bytes, project: str) -> None:
    """Create `path` with `data`, never over an existing file (FileExistsError); a file
    left half-written by an error is removed."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle = open(path, "xb")  # noqa: SIM115 - closed below, removed on error
    except FileExistsError:
        raise
    except OSError as error:
        shown = os.path.relpath(path, project)
        raise SystemExit(f"masthead: {shown} cannot be written ({error.strerror})") from None
    try:
        with handle:
            handle.write(data)
    except OSError as error:
        os.remove(path)
        shown = os.path.relpath(path, project)
        raise SystemExit(f"masthead: {shown} cannot be written ({error.strerror})") from None


def _new_date(written: str | None, zone: Any) -> datetime:
    """The date of a new post: `--date` (in the site's zone unless it names one), or
    now."""
    from .core.dates import DateError, in_range
    from .core.newpost import visible

    if not written:
        return datetime.now(UTC)
    try:
        date = datetime.fromisoformat(written)
    except ValueError:
        raise SystemExit(
            f"masthead: --date {visible(written)} is not a date; "
            "write 2026-12-01 or 2026-12-01T09:00"
        ) from None
    if date.tzinfo is None:
        date = date.replace(tzinfo=zone)
    try:
        in_range(date, zone)
    except DateError as error:
        raise SystemExit(
            f"masthead: --date {visible(written)} cannot be used: {error}; "
            "write a date such as 2026-12-01 or 2026-12-01T09:00"
        ) from None
    return date


def _new_authors(given: list[str] | None, posts: list[Any]) -> list[str]:
    """The authors of a new post: `--author`, or the team's usual byline."""
    if given:
        return [" ".join(name.split()) for name in given]
    names = Counter(name for p in posts for name in p.meta.author_names)
    return [names.most_common(1)[0][0]] if names else []


def _write_post(
    target: str, text: bytes, shown: str, copy: tuple[str, bytes] | None, project: str
) -> None:
    """Write the thumbnail's copy, then the post, each never over an existing file; if
    the post cannot be written, the copy is removed again."""
    exists = SystemExit(
        f"masthead: {shown} already exists; nothing was written. "
        "Edit that post, or choose another title"
    )
    if os.path.lexists(target):
        raise exists
    if copy is not None:
        try:
            _write_new(*copy, project)
        except FileExistsError:
            raise SystemExit(
                f"masthead: {os.path.relpath(copy[0], project)} appeared while masthead new "
                "ran; nothing was written. Run it again"
            ) from None
    try:
        _write_new(target, text, project)
    except (FileExistsError, SystemExit) as error:
        if copy is not None:
            os.remove(copy[0])
        raise (exists if isinstance(error, FileExistsError) else error) from None


def new(args: argparse.Namespace) -> int:
    """`masthead new "Title"`: start a post in the CMS format, never over another file."""
    from . import common, host
    from .checks import load
    from .core.newpost import NewPost, file_name, post_text, refusal, visible
    from .frontmatter.plugin import load_catalogue

    config = load(args.config_file)
    plugin = config.plugins.get("masthead/frontmatter")
    if plugin is None:
        raise SystemExit(f"masthead: {args.config_file} does not use masthead/frontmatter")
    from mkdocs.exceptions import PluginError

    try:
        catalogue, blogs = load_catalogue(config, plugin.config)
    except (PluginError, OSError) as error:  # no blog plugin, a bad timezone, ...
        raise SystemExit(f"masthead: {error}") from None
    # Everything is checked, and the whole post composed, before anything is written.
    title = " ".join(args.title.split())
    if not title:
        raise SystemExit(
            'masthead: the title is empty; write it in quotes: masthead new "My title"'
        )
    date = _new_date(args.date, catalogue.settings.zone)
    posts = list(catalogue.posts.values())
    authors = _new_authors(args.author, posts)
    tags = [" ".join(t.split()) for t in args.tag]
    problem = refusal(NewPost(title, date, authors, tags), catalogue.settings.max_title)
    if problem:
        raise SystemExit(f"masthead: {problem}")
    project = common.project_dir(config)
    thumbnail, copy = None, None
    if args.thumbnail:
        used = [p.meta.thumbnail for p in posts if p.meta.thumbnail]
        limits = _thumbnail_limits(config)
        thumbnail, copy = _thumbnail(args.thumbnail, config.docs_dir, used, project, limits)
    post = NewPost(title, date, authors, tags, thumbnail)
    keys = {field: choices[0] for field, choices in plugin.config.fields.items()}
    try:
        text = post_text(post, keys).encode("utf-8")
    except UnicodeEncodeError as error:
        raise SystemExit(f"masthead: the post cannot be written as UTF-8 ({error})") from None
    folder = os.path.join(config.docs_dir, host.material.post_dir(blogs[0]))
    target = os.path.join(folder, file_name(post))
    shown = os.path.relpath(target, project).replace(os.sep, "/")
    _write_post(target, text, shown, copy, project)
    if copy is not None:
        shown_copy = os.path.relpath(copy[0], project)
        print(f"masthead: copied {visible(args.thumbnail)} to {shown_copy}")
    print(f"masthead: wrote {shown}")
    print(f"masthead: replace its TODO lines, then run: masthead check {shown}")
    return 0


CONFIG_HELP = "the site's config (default: mkdocs.yml; with ProperDocs, properdocs.yml first)"
# The names the host looks for when no config is given, in its order: ProperDocs reads
# `properdocs.yml` first (properdocs/config/base.py `_open_config_file`).
_CONFIG_NAMES = {"properdocs": ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")}


def _config_file(given: str | None) -> str:
    """The config file to read: the one given, else the first the host would find."""
    if given is not None:
        return given
    from .host.mkdocs import COMMAND

    names = _CONFIG_NAMES.get(COMMAND, ("mkdocs.yml", "mkdocs.yaml"))
    return next((name for name in names if os.path.isfile(name)), "mkdocs.yml")


def main(argv: Sequence[str] | None = None) -> int:
    """The `masthead` command line."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from . import host  # noqa: F401  (first: with only ProperDocs, it aliases `mkdocs`)

    parser = argparse.ArgumentParser(prog="masthead", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", help="check posts and images without building")
    checker.add_argument("files", nargs="*", help="only report these files (default: all)")
    checker.add_argument("-f", "--config-file", default=None, help=CONFIG_HELP)
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
    maker.add_argument("-f", "--config-file", default=None, help=CONFIG_HELP)
    maker.set_defaults(run=new)
    importer = commands.add_parser(
        "import", help="make a MkDocs project of an existing blog repository"
    )
    importer.add_argument("source", help="the root folder of the blog's repository")
    importer.add_argument("dest", help="a new folder for the MkDocs project")
    importer.add_argument("--posts", help="the posts folder, relative to SOURCE")
    importer.add_argument(
        "--media",
        action="append",
        default=[],
        metavar="DIR=/PREFIX/",
        help="a media folder of SOURCE and the URL it is served at (repeat for more)",
    )
    importer.add_argument("--site-url", help="the new site's address (default: the old one)")
    importer.add_argument("--force", action="store_true", help="write into a non-empty DEST")
    importer.set_defaults(run=import_blog)
    exporter = commands.add_parser("export", help="write the site as a plain Material blog")
    exporter.add_argument("dest", help="a new folder for the exported project")
    exporter.add_argument("-f", "--config-file", default=None, help=CONFIG_HELP)
    exporter.add_argument("--force", action="store_true", help="write into a non-empty DEST")

    def export(args: argparse.Namespace) -> int:  # in masthead/exporter/
        from .exporter.command import run

        return run(args.config_file, args.dest, force=args.force)

    exporter.set_defaults(run=export)
    args = parser.parse_args(argv)
    if hasattr(args, "config_file"):
        args.config_file = _config_file(args.config_file)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
