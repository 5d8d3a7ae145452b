"""What a post embeds from other sites: iframes of known providers, social posts' loaders.

An iframe of a known provider (YouTube, Vimeo, CodePen, Loom, Spotify, Google Maps, and
the hosts a site adds with `embed_hosts`) is kept in one of two forms:

- `click` (the default): a box that links to the video or page on the provider's site.
  `assets/masthead/embeds.js` swaps the iframe in when the reader clicks the link, so a
  page makes no request to another site before the reader asks; without script the link
  still leads to the provider.
- `frame`: the iframe itself, sandboxed, lazy and with a strict referrer policy.

YouTube is always embedded from youtube-nocookie.com. Any other iframe is removed with
a message. The loader scripts of tweets and Instagram posts are removed with a note:
their blockquote stays on the page, with its text and link.

Every address written here is rebuilt from the parts this module checked (known hosts,
ids of a known shape, a query encoded again), never copied from the post. Pure: no
MkDocs import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

MODES = ("click", "frame", "off")


@dataclass(frozen=True)
class EmbedPolicy:
    """How a site keeps iframes: `mode` (`click`, `frame` or `off`) and the hosts it
    trusts besides the known providers (lower-case host names)."""

    mode: str = "click"
    hosts: tuple[str, ...] = ()

    @classmethod
    def of(cls, mode: str, hosts: list[str] | tuple[str, ...]) -> EmbedPolicy:
        """From the plugin's options: a host may be written as an address."""
        names = set()
        for written in hosts:
            name = written.strip().lower()
            name = name.split("://", 1)[-1].split("/", 1)[0].rstrip(".")
            if name:
                names.add(name)
        return cls(mode, tuple(sorted(names)))


DEFAULT = EmbedPolicy()


@dataclass(frozen=True)
class Embed:
    """A checked embed: the iframe's address and the provider page a reader can open."""

    provider: str
    kind: str  # what it shows, for a default title ("video", "pen", "map")
    frame: str  # https address loaded in the iframe
    page: str  # https address of the same thing on the provider's site
    sandbox: str
    allow: str
    play: str  # the frame address once the reader clicked (starts playing where it can)


# Tight but working: scripts (every player needs them), its own origin (players keep
# settings and consent in their own storage; a cross-origin frame cannot reach ours),
# popups for "watch on YouTube" that behave as a normal tab. No top navigation, no
# downloads; forms and dialogs only for CodePen, whose pens use them.
_PLAYER = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
SANDBOX = {
    "YouTube": f"{_PLAYER} allow-presentation",
    "Vimeo": f"{_PLAYER} allow-presentation",
    "CodePen": f"{_PLAYER} allow-forms allow-modals",
    "Loom": f"{_PLAYER} allow-presentation",
    "Spotify": _PLAYER,
    "Google Maps": _PLAYER,
}
SANDBOX_OTHER = _PLAYER
_ALLOW = {
    "YouTube": "autoplay; encrypted-media; picture-in-picture; fullscreen; clipboard-write",
    "Vimeo": "autoplay; fullscreen; picture-in-picture",
    "Loom": "autoplay; fullscreen",
    "Spotify": "autoplay; encrypted-media; fullscreen; picture-in-picture; clipboard-write",
    "CodePen": "fullscreen; clipboard-write",
    "Google Maps": "fullscreen",
}
PROVIDERS = tuple(SANDBOX)

_ID = r"[A-Za-z0-9_-]{1,64}"


def _query(query: str, drop: tuple[str, ...] = ()) -> str:
    """The query again, each name and value percent-encoded: nothing of the post's
    spelling (quotes, spaces, `<`) reaches the page."""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in drop]
    return urlencode(pairs[:50])


def _with(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _autoplay(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "autoplay=1"


def _youtube(match: re.Match[str], query: str) -> Embed:
    video = match.group(1)
    kept = _query(query)
    frame = _with(f"https://www.youtube-nocookie.com/embed/{video}", kept)
    params = dict(parse_qsl(query))
    playlist = params.get("list", "")
    if video == "videoseries" and re.fullmatch(_ID, playlist):
        page = f"https://www.youtube.com/playlist?list={playlist}"
    else:
        start = params.get("start", "")
        page = f"https://www.youtube.com/watch?v={video}" + (
            f"&t={start}s" if start.isdigit() and start.isascii() else ""
        )
    return _made("YouTube", "video", frame, page, _autoplay(frame))


def _vimeo(match: re.Match[str], query: str) -> Embed:
    video = match.group(1)
    frame = _with(f"https://player.vimeo.com/video/{video}", _query(query))
    secret = dict(parse_qsl(query)).get("h", "")
    page = f"https://vimeo.com/{video}" + (f"/{secret}" if re.fullmatch(_ID, secret) else "")
    return _made("Vimeo", "video", frame, page, _autoplay(frame))


def _codepen(match: re.Match[str], query: str) -> Embed:
    user, preview, pen = match.groups()
    frame = _with(f"https://codepen.io/{user}/embed/{preview or ''}{pen}", _query(query))
    return _made("CodePen", "pen", frame, f"https://codepen.io/{user}/pen/{pen}", frame)


def _loom(match: re.Match[str], query: str) -> Embed:
    video = match.group(1)
    frame = _with(f"https://www.loom.com/embed/{video}", _query(query))
    return _made("Loom", "video", frame, f"https://www.loom.com/share/{video}", frame)


def _spotify(match: re.Match[str], query: str) -> Embed:
    kind, item = match.groups()
    frame = _with(f"https://open.spotify.com/embed/{kind}/{item}", _query(query))
    return _made("Spotify", kind, frame, f"https://open.spotify.com/{kind}/{item}", frame)


def _maps(match: re.Match[str], query: str) -> Embed:
    frame = _with(f"https://www.google.com{match.group(0)}", _query(query))
    if match.group(0) == "/maps":  # the old form: `maps?q=...&output=embed`
        page = _with("https://www.google.com/maps", _query(query, drop=("output",)))
    else:
        page = frame  # an embed address opens as a page of its own
    return _made("Google Maps", "map", frame, page, frame)


def _made(provider: str, kind: str, frame: str, page: str, play: str) -> Embed:
    return Embed(provider, kind, frame, page, SANDBOX[provider], _ALLOW[provider], play)


@dataclass(frozen=True)
class _Provider:
    name: str
    hosts: frozenset[str]
    path: re.Pattern[str]
    build: Callable[[re.Match[str], str], Embed]
    needs: str = ""  # a query parameter the address must have, with its value


_KNOWN = (
    _Provider(
        "YouTube",
        frozenset(
            {"youtube.com", "www.youtube.com", "m.youtube.com"}
            | {"youtube-nocookie.com", "www.youtube-nocookie.com"}
        ),
        re.compile(rf"/embed/({_ID})/?"),
        _youtube,
    ),
    _Provider("Vimeo", frozenset(["player.vimeo.com"]), re.compile(r"/video/(\d{1,20})/?"), _vimeo),
    _Provider(
        "CodePen",
        frozenset(["codepen.io"]),
        re.compile(rf"/({_ID})/embed/(preview/)?({_ID})/?"),
        _codepen,
    ),
    _Provider(
        "Loom", frozenset(["loom.com", "www.loom.com"]), re.compile(rf"/embed/({_ID})/?"), _loom
    ),
    _Provider(
        "Spotify",
        frozenset(["open.spotify.com"]),
        re.compile(rf"/embed(?:-podcast)?/(track|album|playlist|episode|show|artist)/({_ID})/?"),
        _spotify,
    ),
    _Provider(
        "Google Maps",
        frozenset(["www.google.com", "google.com", "maps.google.com"]),
        re.compile(r"/maps/embed(?:/v1/[a-z]{1,20})?"),
        _maps,
    ),
    _Provider(
        "Google Maps",
        frozenset(["www.google.com", "google.com", "maps.google.com"]),
        re.compile(r"/maps"),
        _maps,
        needs="output=embed",
    ),
)
_BY_HOST: dict[str, list[_Provider]] = {}
for _provider in _KNOWN:
    for _host in _provider.hosts:
        _BY_HOST.setdefault(_host, []).append(_provider)

# The characters a path keeps as they are; everything else is percent-encoded.
_PATH_SAFE = "/-._~!$'()*+,;=:@%"
_SPACES = "".join(map(chr, range(33)))  # what browsers strip around an address


def resolve(src: str, policy: EmbedPolicy = DEFAULT) -> Embed | str:
    """The embed an iframe's address stands for, or why it is not one (the end of a
    sentence that starts "the iframe ...")."""
    url = src.strip(_SPACES).replace("\t", "").replace("\n", "").replace("\r", "")
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return f"has an address that cannot be read (`{_short(src)}`)"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"has no https address (`{_short(src)}`)" if src.strip() else "has no address"
    host = parts.hostname
    if port not in (None, 443) or parts.username is not None:
        return f"from {host} names a port or a user; only plain https addresses are embedded"
    providers = _BY_HOST.get(host, [])
    for provider in providers:
        match = provider.path.fullmatch(parts.path)
        if match and (not provider.needs or provider.needs in parts.query.split("&")):
            return provider.build(match, parts.query)
    if host in policy.hosts:
        path = quote(parts.path or "/", safe=_PATH_SAFE)
        frame = _with(f"https://{host}{path}", _query(parts.query))
        return Embed(host, "embed", frame, frame, SANDBOX_OTHER, "fullscreen", frame)
    if providers:
        return f"from {host} is not a {providers[0].name} embed address (`{_short(parts.path)}`)"
    return f"from {host} is not from a known provider ({', '.join(PROVIDERS)})"


def host_of(src: str) -> str:
    """The host an iframe's address names ("" when none can be read)."""
    url = src.strip(_SPACES)
    try:
        return urlsplit("https:" + url if url.startswith("//") else url).hostname or ""
    except ValueError:
        return ""


def _short(text: str, limit: int = 80) -> str:
    text = text.replace("`", "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- social posts' loaders ---------------------------------------------------------------
@dataclass(frozen=True)
class Loader:
    """A social network's script that turns a quote into the post it quotes."""

    name: str  # "Twitter/X"
    stays: str  # what the reader sees without it


LOADERS = {
    ("platform.twitter.com", "/widgets.js"): Loader(
        "Twitter/X", "the post as a quote with its link"
    ),
    ("platform.x.com", "/widgets.js"): Loader("Twitter/X", "the post as a quote with its link"),
    ("www.instagram.com", "/embed.js"): Loader("Instagram", "the post as a quote with its link"),
    ("instagram.com", "/embed.js"): Loader("Instagram", "the post as a quote with its link"),
    ("www.tiktok.com", "/embed.js"): Loader("TikTok", "the video as a quote with its link"),
    ("embed.reddit.com", "/widgets.js"): Loader("Reddit", "the post as a quote with its link"),
    ("cpwebassets.codepen.io", "/assets/embed/ei.js"): Loader("CodePen", "the pen's link"),
    ("static.codepen.io", "/assets/embed/ei.js"): Loader("CodePen", "the pen's link"),
    ("public.codepenassets.com", "/embed/index.js"): Loader("CodePen", "the pen's link"),
}


def loader(src: str) -> Loader | None:
    """The social embed a `<script src>` loads, if it is one we know."""
    url = src.strip(_SPACES)
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    return LOADERS.get((parts.hostname or "", parts.path))


# -- the HTML a reader gets ----------------------------------------------------------------
def _size(value: str | None) -> int | None:
    value = (value or "").strip().lower().removesuffix("px")
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 10_000 else None


def _box_style(width: str | None, height: str | None) -> str:
    w, h = _size(width), _size(height)
    if w and h:
        return f' style="aspect-ratio: {w} / {h}"'
    if h:
        return f' style="aspect-ratio: auto; height: {h}px"'
    return ""


def title_of(embed: Embed, title: str | None) -> str:
    """An embed's accessible title: the one written, else provider and kind."""
    text = " ".join((title or "").split())[:200]
    return text or f"{embed.provider} {embed.kind}"


def frame_html(embed: Embed, title: str, width: str | None, height: str | None) -> str:
    """The iframe itself (`embeds: frame`), in the box that gives it its shape."""
    e = html.escape
    return (
        f'<div class="masthead-embed masthead-embed--frame"{_box_style(width, height)}>'
        f'<iframe class="masthead-embed__frame" src="{e(embed.frame)}" title="{e(title)}" '
        f'sandbox="{e(embed.sandbox)}" allow="{e(embed.allow)}" allowfullscreen '
        'loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe></div>'
    )


def placeholder_html(embed: Embed, title: str, width: str | None, height: str | None) -> str:
    """A box with a link to the provider's page (`embeds: click`): nothing is loaded
    from the provider until the reader clicks; embeds.js then puts the iframe in the
    box, with the sandbox and permissions written here."""
    e = html.escape
    host = urlsplit(embed.frame).hostname or ""
    return (
        f'<div class="masthead-embed"{_box_style(width, height)} '
        f'data-masthead-frame="{e(embed.play)}" data-masthead-sandbox="{e(embed.sandbox)}" '
        f'data-masthead-allow="{e(embed.allow)}">'
        f'<a class="masthead-embed__link" href="{e(embed.page)}">'
        f'<span class="masthead-embed__title">{e(title)}</span>'
        f'<span class="masthead-embed__note">{e(embed.provider)} · loads from {e(host)} '
        "when played</span></a></div>"
    )
