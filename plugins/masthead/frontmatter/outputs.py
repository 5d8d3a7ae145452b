"""Where every page of the build is written: a path out of the site folder is taken out
of the build, and two outputs that are one file (one would overwrite the other) are
errors. The paths are computed and confined by `core/outputs.py`."""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs.structure.files import File, Files

from ..core import outputs
from ..core.catalogue import Catalogue
from ..core.problems import Problem


def check_outputs(files: Files, catalogue: Catalogue, reserved: Sequence[str]) -> list[Problem]:
    """The problems of the build's outputs; a page written outside the site folder, or
    where another needs a folder, is removed from `files`."""
    listed = [outputs.output(f.dest_uri, f.src_uri) for f in files]
    by_output = dict(zip(map(id, listed), files, strict=True))
    outside, clashes = outputs.check_outputs(listed, reserved)
    problems = []
    for item in outside:
        file = by_output[id(item)]
        files.remove(file)
        post = catalogue.posts.get(file.src_uri)
        problems.append(
            catalogue.report(
                post.path if post else shown_as(catalogue, file),
                post.line("slug") if post and post.meta.slug else 1,
                "output-outside",
                f"this page would be written outside the site folder (at {item.dest}); "
                "it is left out of the site",
                "give it a `slug:` without `/` or `..`",
            )
        )
    for clash in clashes:
        named = [(o, by_output.get(id(o))) for o in clash.outputs]
        shown = {id(o): shown_as(catalogue, f) if f else o.owner for o, f in named}
        if clash.folder is not None:
            # Neither could be written: what docs/ brought goes (in `serve` too).
            (above, file_above), (below, file_below) = named
            ours = [f for f in (file_above, file_below) if f and not f.generated_by]
            for file in ours:
                if files.get_file_from_path(file.src_uri) is file:
                    files.remove(file)
            where = ours[0] if ours else file_below
            problems.append(
                catalogue.report(
                    shown_as(catalogue, where) if where else below.owner,
                    1,
                    "url-collision",
                    f"{shown[id(above)]} writes the file {above.path}, and "
                    f"{shown[id(below)]} needs a folder of that name for {below.path}; "
                    "what docs/ brought is left out of the site",
                    "rename or move it",
                )
            )
            continue
        posts = [(o, post) for o, f in named if f and (post := catalogue.posts.get(f.src_uri))]
        if not posts:  # pages that are not posts: one message, on the first
            first = clash.outputs[0]
            others = " and ".join(shown[id(o)] for o in clash.outputs[1:])
            problems.append(
                catalogue.report(
                    shown[id(first)],
                    1,
                    "url-collision",
                    f"{first.path} is written by both this file and {others}; one "
                    "would overwrite the other",
                    "rename or move one of them",
                )
            )
            continue
        for item, post in posts:
            others = ", ".join(shown[id(o)] for o in clash.outputs if o is not item)
            problems.append(
                catalogue.report(
                    post.path,
                    post.line("slug") if post.meta.slug else post.line("title"),
                    "url-collision",
                    f"this post gets the URL /{by_output[id(item)].url}, which {others} "
                    "also gets; one would overwrite the other",
                    "give one of them a different `slug:` (or title or date)",
                )
            )
    return [p for p in problems if p]


def shown_as(catalogue: Catalogue, file: File) -> str:
    """How messages name the source of a page."""
    post = catalogue.posts.get(file.src_uri)
    if post:
        return post.path
    if file.generated_by:
        return f"the page {file.src_uri} made by {file.generated_by}"
    return catalogue.display(file.src_uri)
