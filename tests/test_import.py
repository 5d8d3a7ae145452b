"""`masthead import` on one invented repository per stack (tests/fixtures/import/,
each with the `expected.json` it must meet): imported, then built for real, then every
promise of the import checked on the built site."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import build_config, check_json, fresh_plugins, problem_lines
from masthead.cli import main as masthead
from masthead.core import variants

FIXTURES = Path(__file__).parent / "fixtures" / "import"
STACKS = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").exists())


def run_import(source: Path, dest: Path, capsys, *args: str) -> str:
    fresh_plugins()
    capsys.readouterr()
    assert masthead(["import", str(source), str(dest), *args]) == 0
    return capsys.readouterr().out


def page_at(site: Path, url: str, hops: int = 3) -> tuple[Path, BeautifulSoup] | None:
    """The built page a browser gets at the site path `url`, redirects followed."""
    path = site / unquote(url).strip("/")
    if url.endswith("/") or path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return None
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    if refresh is not None and hops:
        target = refresh["content"].split("url=", 1)[1]
        here = "/" + path.relative_to(site).as_posix()
        return page_at(site, urlsplit(urljoin(here, target)).path, hops - 1)
    return path, soup


@pytest.fixture(scope="module")
def imported(tmp_path_factory, request):
    """Each stack imported and built once for the module's tests."""
    return {}


def import_and_build(stack: str, tmp_path: Path, capsys, caplog):
    source = FIXTURES / stack
    dest = tmp_path / "dest"
    before = {p: p.read_bytes() for p in source.rglob("*") if p.is_file()}
    report = run_import(source, dest, capsys)
    after = {p: p.read_bytes() for p in source.rglob("*") if p.is_file()}
    assert after == before, "the import wrote into SOURCE"
    built = build_config(dest / "mkdocs.yml", dest, caplog)
    assert built.error is None, built.errors()
    return dest, built, report


@pytest.mark.parametrize("stack", STACKS)
def test_import_builds_every_post_at_every_old_url(stack, tmp_path, capsys, caplog):
    expected = json.loads((FIXTURES / stack / "expected.json").read_text())
    dest, built, report = import_and_build(stack, tmp_path, capsys, caplog)
    config = yaml.safe_load((dest / "mkdocs.yml").read_text())
    posts_dir = dest / "docs" / config["plugins"][1]["blog"]["blog_dir"] / "posts"

    # no false error: neither the build nor the report names one
    assert not built.errors()
    assert "error" not in [r.levelname.lower() for r in built.records]

    # posts byte-identical in DEST (`.mdx` renamed `.md`), drafts of `_drafts/` kept aside
    copied = {
        p.relative_to(posts_dir).as_posix(): p.read_bytes()
        for p in posts_dir.rglob("*")
        if p.suffix == ".md"
    }
    sources = [s for s in expected["posts_by_source"]]
    sources += [d for d in expected["drafts"] if "_drafts/" not in d]
    sources += expected["expired"]
    for source in sources:
        data = (FIXTURES / stack / source).read_bytes()
        assert data in copied.values(), f"{source} is not copied byte for byte"
    assert len(copied) == len(sources), sorted(copied)

    # N posts in, N pages out, each at every old URL
    pages = set()
    for source, post in expected["posts_by_source"].items():
        found = None
        for old in post["old_urls"]:
            at = page_at(built.site, old)
            assert at is not None, f"{source}: the old URL {old} does not resolve"
            path, soup = at
            assert found is None or found == path, f"{source}: {old} leads elsewhere"
            found = path
        pages.add(found)
        text = (FIXTURES / stack / source).read_text(encoding="utf-8")
        for tag in ("video", "audio", "picture"):
            if f"<{tag}" in text:
                assert soup.find(tag) is not None, f"{source}: its <{tag}> was lost"
        embeds = ("<iframe", "{{< youtube", "{{< vimeo", "{% youtube", "<Youtube", "<YouTube")
        if any(e in text for e in embeds):
            assert soup.select(".masthead-embed"), f"{source}: its embed was lost"
        title = soup.find("meta", property="og:title")
        assert title is not None and title["content"] == post["title"], source
        description = soup.find("meta", attrs={"name": "description"})
        if post["description"]:
            assert description["content"] == post["description"], source
        image = soup.find("meta", property="og:image")
        if post["thumbnail_file"]:
            assert image is not None, f"{source}: no og:image"
            # The thumbnail itself, or its 1200x630 crop (masthead/images) named after it.
            path = urlsplit(image["content"]).path
            name = post["thumbnail"].rsplit("/", 1)[-1]
            crop = f"/assets/masthead/images/{variants.stem_of(name)}-og."
            assert path.endswith(name) or crop in path, (source, image["content"])
            local = path.rsplit("/", 1)[-1]
            assert any(built.site.rglob(local)), (source, local)
            file = FIXTURES / stack / post["thumbnail_file"]
            assert any(p.read_bytes() == file.read_bytes() for p in built.site.rglob(file.name)), (
                source,
                local,
            )
        ld = json.loads(soup.find("script", type="application/ld+json").string)
        article = next(n for n in ld["@graph"] if n["@type"] == "BlogPosting")
        names = [a["name"] for a in article.get("author", [])]
        assert names == post["authors"], (source, names)
    assert len(pages) == expected["posts"]
    assert "Needs a human" in report

    # nothing removed from a page without a message, and only what must go: video,
    # audio and pictures stay, known embeds become click-to-load boxes
    removals = [m for m in built.messages() if "removed" in m]
    assert removals == expected.get("removals", []), removals
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        assert not soup.select("article iframe, article script[src]"), page

    # `masthead check` in DEST reports what the build reported, line for line
    def lines(messages):
        return sorted(m for m in messages if ".md:" in m and not m.startswith("images:"))

    checked, logged = lines(problem_lines(check_json(dest, capsys))), lines(built.messages())
    assert (sorted(set(checked) - set(logged)), sorted(set(logged) - set(checked))) == ([], [])


def test_toml_front_matter_is_read_like_yaml(site):
    """Hugo's `+++` TOML front matter: the post builds with its title, date and tags,
    and a TOML mistake is named at its line."""
    site.post(
        "toml.md",
        '+++\ntitle = "Gears, explained"\ndate = 2018-06-15T03:30:13-11:00\n'
        'tags = ["bikes"]\ndescription = "Which gear for which hill."\n+++\n\nBody text.\n',
    )
    built = site.build()
    page = built.html("blog/2018/06/15/gears-explained/index.html")
    assert (
        page.find("meta", attrs={"name": "description"})["content"] == "Which gear for which hill."
    )
    assert page.find("h1").get_text(strip=True) == "Gears, explained"
    site.post("broken.md", '+++\ntitle = "Broken"\ndate = \n+++\n\nBody.\n')
    built = site.build()
    assert (
        "docs/blog/posts/broken.md:3: the front matter is not valid TOML (Invalid value); "
        'check this line: text values need quotes, e.g. `title = "My post"`' in built.messages()
    )


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (40, 30), "#336699").save(out, "PNG")
    return out.getvalue()


PNG = _png()


def dated(title: str, date: str = "2020-01-02", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\nSome words about {title}.\n"


def redirect_maps(dest: Path) -> dict[str, str]:
    config = yaml.safe_load((dest / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "redirects" in plugin:
            return plugin["redirects"]["redirect_maps"]
    return {}


def test_a_cms_public_folder_outside_the_site_copies_nothing_outside(tmp_path, capsys):
    """`public_folder: ../../../escaped` (a hostile or careless CMS config) must not
    make the import write outside DEST (it once wrote /escaped/pic.png)."""
    source = write_tree(
        tmp_path / "src",
        {
            "admin/config.yml": "backend: {name: git-gateway}\nmedia_folder: static/img\n"
            "public_folder: ../../../escaped\ncollections:\n"
            "  - {name: blog, folder: posts, fields: [{name: date, widget: datetime}]}\n",
            "static/img/pic.png": PNG,
            "posts/2020-01-02-a.md": dated("A"),
        },
    )
    out = run_import(source, tmp_path / "dest", capsys)
    assert not (tmp_path / "escaped").exists() and not Path("/escaped").exists()
    written = [p for p in (tmp_path / "dest").rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to((tmp_path / "dest").resolve()) for p in written)
    assert (
        "  not copied: static/img/pic.png (its public path ../../../escaped/pic.png would be "
        "outside the site)" in out.splitlines()
    )


def test_overlapping_collections_and_pages_bring_each_post_once(tmp_path, capsys):
    """A Forestry section `content` (top level only) beside `content/posts`, and a
    section of undated pages: each post copied once, the pages not taken for posts."""
    source = write_tree(
        tmp_path / "src",
        {
            ".forestry/settings.yml": "sections:\n"
            "- {type: directory, path: content, label: All, match: '**/*'}\n"
            "- {type: directory, path: content/posts, label: Posts}\n"
            "- {type: directory, path: content/pages, label: Pages}\n",
            "content/posts/one.md": dated("One"),
            "content/posts/two.md": dated("Two", "2021-03-04"),
            "content/pages/about.md": "---\ntitle: About\n---\nUs.\n",
            "content/pages/contact.md": "---\ntitle: Contact\n---\nMail.\n",
        },
    )
    dest = tmp_path / "dest"
    out = run_import(source, dest, capsys)
    copied = sorted(p.name for p in dest.rglob("*.md") if "posts" in p.parts)
    assert copied == ["one.md", "two.md"]
    assert "Posts: 2 copied unchanged to docs/blog/posts/ (0 drafts)" in out
    assert (
        "  not imported as posts: content/pages/ (.forestry/settings.yml (section `Pages`); "
        "its files have no dates: pages, not posts)" in out.splitlines()
    )


def test_hugo_translations_and_case_keep_their_old_urls(tmp_path, capsys, caplog):
    """Hugo serves `Gears.md` at /posts/gears/ (lower case) and its translation
    `Gears.fr.md` at /fr/posts/gears/: both old URLs resolve to their post."""
    source = write_tree(
        tmp_path / "src",
        {
            "config.toml": 'baseURL = "https://h.example/"\ntitle = "H"\n'
            'defaultContentLanguage = "en"\n[languages.en]\nweight = 1\n[languages.fr]\n'
            "weight = 2\n",
            "content/posts/Gears.md": dated("Gears"),
            "content/posts/Gears.fr.md": dated("Vitesses"),
            "content/posts/brakes.md": dated("Brakes", extra="aliases: [/old/brakes/]\n"),
        },
    )
    dest = tmp_path / "dest"
    run_import(source, dest, capsys)
    built = build_config(dest / "mkdocs.yml", dest, caplog)
    assert built.error is None, built.errors()
    expected = {
        "/posts/gears/": "Gears",
        "/fr/posts/gears/": "Vitesses",
        "/posts/brakes/": "Brakes",
        "/old/brakes/": "Brakes",
    }
    for old, title in expected.items():
        at = page_at(built.site, old)
        assert at is not None, old
        assert at[1].find("meta", property="og:title")["content"] == title, old


@pytest.mark.parametrize(
    ("rule", "source", "data", "expected"),
    [
        (
            "/:year/:month/:slug/",
            "content/posts/a.md",
            {"title": "Hi There!", "date": "2018-06-15"},
            ["/2018/06/hi-there/"],
        ),
        (
            "/:year/:month/:slugorfilename/",
            "content/posts/b/index.md",
            {"date": "2018-06-30 20:15:00 -1100"},
            ["/2018/06/b/"],
        ),
        (
            "/posts/:filename/",
            "content/posts/c.md",
            {"aliases": ["x/", "/y"]},
            ["/posts/c/", "/x/", "/y/"],
        ),
    ],
)
def test_hugo_url_rules(rule, source, data, expected):
    from masthead.importer.detect import Shape
    from masthead.importer.oldurls import old_urls

    assert old_urls(rule, Shape(generator="Hugo"), data, source, "posts") == expected


@pytest.mark.parametrize(
    ("style", "data", "expected"),
    [
        ("date", {"categories": "News Garden"}, ["/news/garden/2019/01/02/my-Post.html"]),
        ("pretty", {}, ["/2019/01/02/my-Post/"]),
        (
            "/:categories/:title/",
            {"category": "Recipes", "redirect_from": "/old/"},
            ["/recipes/my-Post/", "/old/"],
        ),
        ("none", {"slug": "other", "permalink": "/fixed/"}, ["/fixed/"]),
    ],
)
def test_jekyll_url_rules(style, data, expected):
    from masthead.importer.detect import Shape, jekyll_rule
    from masthead.importer.oldurls import old_urls

    shape = Shape(generator="Jekyll")
    assert old_urls(jekyll_rule(style), shape, data, "_posts/2019-01-02-my-Post.md", None) == (
        expected
    )


@pytest.mark.parametrize(
    ("old", "key"),
    [
        ("/a/b/", "a/b/index.md"),
        ("/a/b.html", "a/b.html"),
        ("/a/b", "a/b.md"),
        ("/", None),
        ("/feed.php", None),
    ],
)
def test_redirect_keys(old, key):
    from masthead.importer.command import redirect_key

    assert redirect_key(old) == key


def test_dest_is_refused_when_not_empty_or_inside_source(tmp_path, capsys):
    source = write_tree(tmp_path / "src", {"posts/2020-01-02-a.md": dated("A")})
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("keep")
    with pytest.raises(SystemExit) as stop:
        masthead(["import", str(source), str(tmp_path / "full")])
    assert str(stop.value) == (
        f"masthead: {tmp_path / 'full'} is not empty; choose a new folder, or add --force to "
        "write into it (files of the same name are replaced)"
    )
    with pytest.raises(SystemExit) as stop:
        masthead(["import", str(source), str(source / "site")])
    assert "is inside the source repository" in str(stop.value)
    assert not (source / "site").exists()
    assert (tmp_path / "full" / "x").read_text() == "keep"


def test_posts_and_media_options_override_detection(tmp_path, capsys, caplog):
    """--posts and --media name what detection cannot know: a folder of undated notes
    and images served under another prefix."""
    source = write_tree(
        tmp_path / "src",
        {
            "notes/first.md": "---\ntitle: First\ndate: 2020-05-06\n---\n![A pic](/pics/p.png)\n",
            "art/p.png": PNG,
        },
    )
    dest = tmp_path / "dest"
    out = run_import(source, dest, capsys, "--posts", "notes", "--media", "art=/pics/")
    assert (dest / "docs/pics/p.png").read_bytes() == PNG
    assert "  posts: notes/ (from --posts)" in out
    with pytest.raises(SystemExit) as stop:
        masthead(["import", str(source), str(tmp_path / "d2"), "--media", "art"])
    assert str(stop.value) == (
        "masthead: --media art: write it as FOLDER=/url-prefix/, e.g. --media "
        "static/uploads=/uploads/"
    )


def test_names_from_the_source_stay_text(tmp_path, capsys, caplog):
    """A Hugo title that tries to add keys to mkdocs.yml, and an `_index.md` title with
    markup: the written project has exactly its own keys and no script."""
    source = write_tree(
        tmp_path / "src",
        {
            "config.toml": 'title = "Club\\nplugins: []\\n!!python/object:os.system x"\n'
            'baseURL = "https://c.example/"\n',
            "content/posts/_index.md": (
                '---\ntitle: "<script>alert(1)</script>[x](javascript:y)"\n---\n'
            ),
            "content/posts/ride.md": dated("Ride"),
        },
    )
    dest = tmp_path / "dest"
    run_import(source, dest, capsys)
    config = yaml.safe_load((dest / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Club plugins: [] !!python/object:os.system x"
    assert [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]][:3] == [
        "search",
        "blog",
        "masthead/frontmatter",
    ]
    built = build_config(dest / "mkdocs.yml", dest, caplog)
    assert built.error is None, built.errors()
    for page in ("index.html", "posts/index.html"):
        soup = BeautifulSoup((built.site / page).read_text(encoding="utf-8"), "html5lib")
        assert not [s for s in soup.find_all("script") if "alert" in (s.string or "")]
        assert not soup.select('a[href^="javascript"]')
    heading = BeautifulSoup((built.site / "posts/index.html").read_text(), "html5lib").h1
    shown = heading.get_text().rstrip("¶").replace("\u200b", "")
    assert shown == "<script>alert(1)</script>[x](javascript:y)"


def test_media_named_relative_to_the_post_resolve_from_its_new_place(tmp_path, capsys, caplog):
    """Astro-style `heroImage: ../../assets/x.png` and an image beside a post bundle:
    copied so that the same relative path leads to them from the copied post."""
    source = write_tree(
        tmp_path / "src",
        {
            "astro.config.mjs": "export default { site: 'https://a.example' }\n",
            "src/content/blog/one.md": dated("One", extra="heroImage: '../../assets/hero.png'\n")
            + "\n![Map](../../assets/map.png)\n",
            "src/content/blog/two/index.md": dated("Two") + "\n![Cover](./cover.png)\n",
            "src/content/blog/two/cover.png": PNG,
            "src/assets/hero.png": PNG,
            "src/assets/map.png": PNG,
        },
    )
    dest = tmp_path / "dest"
    run_import(source, dest, capsys)
    built = build_config(dest / "mkdocs.yml", dest, caplog)
    assert built.error is None, built.errors()
    assert not [m for m in built.messages() if "does not exist" in m or "outside" in m]
    for title, alt in (("One", "Map"), ("Two", "Cover")):
        page = next(
            p
            for p in built.site.rglob("index.html")
            if f'content="{title}"' in p.read_text(encoding="utf-8")
            and "og:title" in p.read_text(encoding="utf-8")
        )
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        src = soup.find("img", alt=alt)["src"]
        assert (page.parent / src).resolve().read_bytes() == PNG, (title, src)


def test_a_hostile_repository_is_named_not_followed(tmp_path, capsys, caplog):
    """What a contributor to the old repository could plant: script in the site's name
    and address, links and pipes among the posts, names no file of a site may have, a
    huge file, an alias to another site, an author id that climbs, configs of the wrong
    shape. The import names each and the built site runs no script."""
    import os

    outside = write_tree(tmp_path / "outside", {"secret.md": dated("SECRET")})
    source = write_tree(
        tmp_path / "src",
        {
            "_config.yml": 'title: "</title><script>alert(2)</script>"\n'
            'url: "https://ex.com/\\"><script>alert(1)</script>"\n',
            "admin/config.yml": "backend: {name: git}\ncollections: 5\n",
            "_posts/2020-01-02-ok.md": dated(
                "Ok",
                extra="redirect_from: [https://evil.example/x/, //evil.example/y, "
                "'javascript:alert(1)', /kept/]\n",
            ),
            "_posts/2020-01-03-back\\slash.md": dated("Back"),
            "_data/authors.yml": "'../../x': {name: Climber}\nok: {name: Fine}\n",
        },
    )
    (source / "_posts/2020-01-04-linked.md").symlink_to(outside / "secret.md")
    os.mkfifo(source / "_posts/2020-01-05-pipe.md")
    with open(source / "_posts/2020-01-06-huge.md", "wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    dest = tmp_path / "dest"
    out = run_import(source, dest, capsys)
    lines = out.splitlines()
    for name, why in [
        ("_posts/2020-01-04-linked.md", "a link: never followed or read, not copied"),
        ("_posts/2020-01-05-pipe.md", "not a regular file: never followed or read, not copied"),
        (
            "_posts/2020-01-06-huge.md",
            "3 MB, larger than any post or media file a site serves: not copied",
        ),
        (
            "_posts/2020-01-03-back\\slash.md",
            "its name cannot be a file of the site (a "
            "backslash, a control character, or longer than 200 bytes): not copied; rename it",
        ),
    ]:
        assert f"  skipped {name}: {why}" in lines, name
    assert (
        "  _data/authors.yml:1: the author id '../../x' cannot be part of a URL (it contains a "
        "slash); it is left out of .authors.yml" in lines
    )
    assert redirect_maps(dest) == {
        "2020/01/02/ok.html": "blog/posts/2020-01-02-ok.md",
        "kept/index.md": "blog/posts/2020-01-02-ok.md",
    }
    config = yaml.safe_load((dest / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "/title script alert(2) /script"
    assert config["site_url"] == "https://ex.com/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E/"
    assert not any(b"SECRET" in p.read_bytes() for p in dest.rglob("*.md"))
    built = build_config(dest / "mkdocs.yml", dest, caplog)
    assert built.error is None, built.errors()
    for page in built.site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        code = [t for t in soup.find_all("script") if t.get("type") != "application/ld+json"]
        assert not [t for t in code if "alert(" in (t.string or "")], page
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]


def test_a_repository_too_large_to_be_a_blog_is_refused(tmp_path, capsys, monkeypatch):
    from masthead.importer import repo

    monkeypatch.setattr(repo, "MAX_FILES", 5)
    source = write_tree(
        tmp_path / "src", {f"_posts/2020-01-0{n}-p.md": dated("P") for n in range(1, 8)}
    )
    with pytest.raises(SystemExit) as stop:
        masthead(["import", str(source), str(tmp_path / "dest")])
    assert "holds more than 5 files outside build and dependency folders" in str(stop.value)


def test_eleventy_permalinks_of_a_folder_data_file(tmp_path, capsys, caplog):
    """Eleventy sets its posts' URLs in `posts/posts.11tydata.js`; without one, the
    input-relative folder and the file's slug (its date prefix dropped)."""
    source = write_tree(
        tmp_path / "src",
        {
            ".eleventy.js": "module.exports = () => ({ dir: { input: 'content' } })\n",
            "content/posts/posts.11tydata.js": "module.exports = {\n  permalink: "
            "'/{{ page.date | toDatePath }}/{{ page.fileSlug }}/',\n}\n",
            "content/posts/2015-10-09-cloud-launch.md": dated("Launch", "2015-10-09"),
            "content/notes/2016-01-02-a-note.md": dated("Note", "2016-01-02"),
        },
    )
    from masthead.importer.detect import Collection, Shape, _url_rule
    from masthead.importer.repo import list_repository

    listing = list_repository(str(source))
    shape = Shape(generator="Eleventy", eleventy_input="content")
    assert _url_rule(listing, shape, Collection("content/posts", "t"), None) == (
        "/:year/:month/:day/:name/"
    )
    assert _url_rule(listing, shape, Collection("content/notes", "t"), None) == "/notes/:name/"
    dest = tmp_path / "dest"
    run_import(source, dest, capsys, "--posts", "content/posts")
    built = build_config(dest / "mkdocs.yml", dest, caplog)
    at = page_at(built.site, "/2015/10/09/cloud-launch/")
    assert at is not None and at[1].find("meta", property="og:title")["content"] == "Launch"


def test_posts_of_one_title_get_urls_of_their_own(tmp_path, capsys, caplog):
    """Two posts titled alike (a yearly award) would share a `{slug}` URL: the import
    picks file names instead, and both old URLs still lead to their post."""
    source = write_tree(
        tmp_path / "src",
        {
            "config.toml": 'title = "Club"\n[permalinks]\nposts = "/:year/:slug/"\n',
            "content/posts/award-2019.md": dated("Club award", "2019-05-01"),
            "content/posts/award-2020.md": dated("Club award", "2020-05-01"),
        },
    )
    dest = tmp_path / "dest"
    run_import(source, dest, capsys)
    built = build_config(dest / "mkdocs.yml", dest, caplog)
    assert built.error is None, built.errors()
    first, second = (
        page_at(built.site, "/2019/club-award/"),
        page_at(built.site, "/2020/club-award/"),
    )
    assert first is not None and second is not None and first[0] != second[0]


def test_a_figure_in_a_hugo_bundle_shows_its_image(tmp_path, capsys, caplog):
    """`{{< figure src="images/a.png" >}}` beside a bundle's `index.md`: the page's URL is
    not the bundle's folder, yet the image resolves (it becomes Markdown, which MkDocs
    resolves from the post's file)."""
    source = write_tree(
        tmp_path / "src",
        {
            "config.toml": 'title = "Club"\n',
            "content/posts/trip/index.md": dated("A trip to the coast")
            + '\n{{< figure src="images/a.png" alt="The bay" caption="At noon" >}}\n',
            "content/posts/trip/images/a.png": PNG,
        },
    )
    dest = tmp_path / "dest"
    run_import(source, dest, capsys)
    built = build_config(dest / "mkdocs.yml", dest, caplog)
    assert built.error is None, built.errors()
    at = page_at(built.site, "/posts/trip/")
    assert at is not None
    page, soup = at
    image = soup.find("img", alt="The bay")
    assert (page.parent / image["src"]).resolve().read_bytes() == PNG


def test_a_config_that_cannot_be_read_is_named(tmp_path, capsys):
    """A YAML alias bomb in `_config.yml` and in `_data/authors.yml`: bounded, and the
    report says which files were not read."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    source = write_tree(
        tmp_path / "src",
        {"_config.yml": bomb, "_data/authors.yml": bomb, "_posts/2020-01-02-a.md": dated("A")},
    )
    out = run_import(source, tmp_path / "dest", capsys)
    assert (
        "  _config.yml: could not be read (not valid YAML, TOML or JSON, nested or aliased too "
        "deeply, or over 1 MB); its settings are not used" in out.splitlines()
    )
    assert any(
        line.startswith("  _data/authors.yml:1: the author data could not be read")
        for line in out.splitlines()
    )
