"""SVG files published from `docs/`: a plain drawing passes, anything active is refused.

An SVG is a document, not a picture: opened in a browser tab from the site's origin it
can run `<script>`, event handlers and `javascript:` links, embed HTML with
`<foreignObject>`, and load other files (`<use href>`, `<image href>`, CSS `url()` and
`@import`). Posts arrive through pull requests, so such a file would run on the site.

Policy: **refuse, do not sanitise.** A sanitiser must re-serialise XML the way every
browser re-reads it, and a drawing with a script removed is no longer what its author
published; a refusal names the line, changes nothing and is easy to act on (export the
drawing again as plain SVG). The check is an allowlist, so what it does not know is
refused:

- elements: the SVG drawing elements in `_ELEMENTS` (shapes, text, Inkscape's flowed
  text, gradients, patterns, clip paths, masks, markers, filters, `use`, `image`, `style`,
  `title`, `desc`, `metadata`, animation that targets a presentation attribute); elements
  in an editor's own namespace (Inkscape, Sodipodi, RDF/Dublin Core metadata, Illustrator,
  Sketch...) are inert in browsers and pass, unless written without a prefix under a
  name HTML or SVG knows (`_HTML_NAMES`, `_SVG_NAMES`): once the text is inlined in an
  HTML page, `<img xmlns="urn:x">` is an HTML `<img>` and `<script xmlns="urn:x">` an SVG
  `<script>`. Any other SVG element (`script`, `a`, `iframe`...), HTML, MathML or any
  other W3C namespace is refused. An element in no namespace (a hand-trimmed icon without
  `xmlns`) is judged as the SVG element of that name: inert in the file, it is SVG once the
  text is inlined in an HTML page. `<foreignObject>` passes only when it holds nothing but
  whitespace and prefixed elements of an editor's namespace (Illustrator's `<i:pgfRef>`;
  an HTML parser would make any unprefixed name in it HTML); with HTML (draw.io's and
  Mermaid's labels) or anything else in it, it is refused.
  Names are matched as XML does, namespace-aware and case-sensitive.
- attributes: the presentation, geometry, filter and animation attributes in
  `_ATTRIBUTES`, `aria-*`, `data-*`, `xml:space|lang|id`, XLink's descriptive ones,
  editors' namespaced ones and, on the root only, draw.io's `_ROOT_METADATA` (`content`
  holds the diagram's source) -- plain text, like `id`, `class`, `aria-*`. No `on*`
  attribute anywhere, no `xml:base`, no `javascript:` in any other value. `href`/
  `xlink:href` only to a fragment of the same file (`#id`) or an embedded bitmap
  (`data:image/png|jpeg|gif|webp|avif;base64,...`): no other file, even on the site.
- CSS (`<style>`, `style=` and every value a browser reads as CSS): `url()` only to
  `#id`, an embedded bitmap or an embedded font (`data:font/woff2;base64,...` and the
  other font types in `_DATA_URL_RE`, as Excalidraw writes them), functions from
  `_CSS_FUNCTIONS`, at-rules from `_AT_RULES` (`@import` is refused), after decoding CSS
  escapes so `u\\72l(` is `url(`.
- XML: UTF-8 only; version 1.0; no `<?xml-stylesheet?>`; no DTD is ever fetched. Nothing
  that an HTML parser ends earlier than XML does (the rest would be markup in a page): no
  processing instruction or DOCTYPE identifier with `>` in it, no comment that starts
  `<!-->` or `<!--->`. A DOCTYPE may have an internal subset only of general entities
  with a plain literal value (Illustrator's
  `<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">`): at most `_MAX_ENTITIES`,
  each at most `_MAX_ENTITY_CHARS` characters without `&`, `%` or `<`, so an entity
  expands to text and never to another entity or to markup; at most
  `_MAX_ENTITY_REFERENCES` references to them. Anything else in a subset (parameter or
  external entities, `ATTLIST`, `ELEMENT`, `NOTATION`, comments) is refused before expat
  reads it, and so is a reference to an undeclared entity.

Parsing is expat's (never recursive, never loads anything), after a size check; each
attribute and text is scanned in linear time, and at most `_MAX_PROBLEMS` are reported
(one per refused element: its content is not examined). Any input gives a list, never an
exception.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from xml.parsers import expat

MAX_BYTES = 5 * 1024 * 1024
SVG = "http://www.w3.org/2000/svg"
XHTML = "http://www.w3.org/1999/xhtml"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# Namespaces that browsers give behaviour to (HTML, MathML, XSLT, XML Events, XUL...).
# Any other namespace is an editor's private data: its elements are inert.
_ACTIVE_NAMESPACES = ("http://www.w3.org/", "https://www.w3.org/", "http://www.mozilla.org/")
_MAX_PROBLEMS = 20
_MAX_ENTITIES = 50  # declarations in a DOCTYPE's internal subset
_MAX_ENTITY_CHARS = 200  # characters in each one's value
_MAX_ENTITY_REFERENCES = 1000  # so entities add at most 200,000 characters to the file
_SEP = "\x01"  # cannot occur in XML 1.0 names or namespace URIs


def _words(*groups: str) -> frozenset[str]:
    return frozenset(" ".join(groups).split())


_SHAPES = "svg g defs symbol use switch path rect circle ellipse line polyline polygon image"
_TEXT = "text tspan textPath title desc metadata style"
_FLOWED_TEXT = "flowRoot flowRegion flowRegionExclude flowPara flowSpan flowDiv"  # Inkscape 0.92
_PAINT = "linearGradient radialGradient stop pattern clipPath mask marker"
_FILTERS = (
    "filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix "
    "feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB "
    "feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset "
    "fePointLight feSpecularLighting feSpotLight feTile feTurbulence"
)
_ANIMATION = "animate animateTransform animateMotion mpath set"
_ELEMENTS = _words(_SHAPES, _TEXT, _FLOWED_TEXT, _PAINT, _FILTERS, _ANIMATION)
# An unprefixed name in an editor's namespace is, once the text is inlined in an HTML page,
# the HTML or SVG element of that name (lower-cased): refused when HTML or SVG knows it.
# Start tags that take an HTML parser out of `<svg>` into HTML (the "breakout" list):
_HTML_BREAKOUT = _words(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i",
    "img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt",
    "u ul var font",
)
# Other HTML elements (HTML's own in `<title>`, `<desc>`, `<foreignObject>`), current or
# obsolete but still parsed:
_HTML_NAMES = _HTML_BREAKOUT | _words(
    "a abbr address applet area article aside audio base basefont bdi bdo bgsound blink",
    "button canvas caption cite col colgroup data datalist del details dfn dialog dir",
    "fieldset figcaption figure footer form frame frameset header hgroup html iframe image",
    "input ins isindex kbd keygen label legend link main map mark marquee math menuitem meter",
    "nav noembed noframes noscript object optgroup option output param picture plaintext",
    "portal progress q rb rp rt rtc samp script search section select slot source style",
    "summary svg tbody td template textarea tfoot th thead time title tr track video wbr xmp",
)
# SVG elements a browser knows, lower-cased as an HTML parser reads them:
_SVG_NAMES = frozenset(name.lower() for name in _ELEMENTS) | _words(
    "a script foreignobject view cursor font font-face font-face-src font-face-uri",
    "font-face-format font-face-name glyph glyphref missing-glyph hkern vkern tref altglyph",
    "altglyphdef altglyphitem discard handler listener animation solidcolor mesh hatch",
    "hatchpath meshgradient meshpatch meshrow",
)

_PRESENTATION = (
    "alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation "
    "color-interpolation-filters color-profile color-rendering cursor direction display "
    "dominant-baseline enable-background fill fill-opacity fill-rule filter flood-color "
    "flood-opacity font font-family font-feature-settings font-kerning font-size "
    "font-size-adjust font-stretch font-style font-variant font-weight "
    "glyph-orientation-horizontal glyph-orientation-vertical image-rendering isolation "
    "kerning letter-spacing lighting-color line-height marker marker-end marker-mid "
    "marker-start mask mask-type mix-blend-mode opacity overflow paint-order pointer-events "
    "shape-inside shape-padding shape-rendering solid-color solid-opacity stop-color "
    "stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin "
    "stroke-miterlimit stroke-opacity stroke-width text-align text-anchor text-decoration "
    "text-orientation text-rendering transform transform-box transform-origin unicode-bidi "
    "vector-effect visibility white-space word-spacing writing-mode"
)
_GEOMETRY = (
    "x y x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy width height d points pathLength viewBox "
    "preserveAspectRatio gradientUnits gradientTransform spreadMethod offset patternUnits "
    "patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits "
    "markerUnits markerWidth markerHeight refX refY orient rotate textLength lengthAdjust "
    "startOffset method spacing side path"
)
_FILTER_ATTRIBUTES = (
    "filterUnits primitiveUnits filterRes result in in2 stdDeviation mode operator k1 k2 k3 "
    "k4 type values tableValues slope intercept amplitude exponent scale xChannelSelector "
    "yChannelSelector baseFrequency numOctaves seed stitchTiles radius order kernelMatrix "
    "divisor bias targetX targetY edgeMode kernelUnitLength preserveAlpha surfaceScale "
    "specularConstant specularExponent diffuseConstant azimuth elevation pointsAtX pointsAtY "
    "pointsAtZ limitingConeAngle"
)
_TIMING = (
    "attributeName attributeType begin dur end min max restart repeatCount repeatDur calcMode "
    "keyTimes keySplines keyPoints from to by additive accumulate origin"
)
_DOCUMENT = (
    "id class style lang tabindex role focusable version baseProfile zoomAndPan media title "
    "contentScriptType contentStyleType requiredFeatures requiredExtensions systemLanguage "
    "externalResourcesRequired href"
)
_ANIMATABLE = _words(_PRESENTATION, _GEOMETRY, _FILTER_ATTRIBUTES)
_ATTRIBUTES = _ANIMATABLE | _words(_TIMING, _DOCUMENT)
_NOT_CSS = _words("id class lang role tabindex title")  # plain text, not CSS
# draw.io's metadata on the root `<svg>`: `content` holds the diagram's source (an
# `<mxfile>` as text), the others where it was made. Plain text no browser reads.
_ROOT_METADATA = _words("content host modified agent etag")
_XML_ATTRIBUTES = frozenset({"space", "lang", "id"})
_XLINK_ATTRIBUTES = frozenset({"href", "title", "type", "role", "arcrole", "show", "actuate"})

_CSS_FUNCTIONS = _words(
    """url rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix light-dark icc-color
    device-cmyk calc min max clamp var env translate translatex translatey translatez
    translate3d scale scalex scaley scalez scale3d rotate rotatex rotatey rotatez rotate3d
    skew skewx skewy matrix matrix3d perspective cubic-bezier steps linear blur brightness
    contrast drop-shadow grayscale hue-rotate invert opacity saturate sepia linear-gradient
    radial-gradient conic-gradient repeating-linear-gradient repeating-radial-gradient
    repeating-conic-gradient circle ellipse inset polygon path rect local format tech not is
    where has nth-child nth-last-child nth-of-type nth-last-of-type lang dir"""
)
_AT_RULES = _words(
    "charset media supports keyframes -webkit-keyframes -moz-keyframes font-face layer",
    "container namespace",
)
_CSS_ESCAPE_RE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.)|$)", re.S)
_CSS_TOKEN_RE = re.compile(r"@([\w-]++)|(?<![\w-])([\w-]++)\(")
_BITMAP = r"image/(?:png|jpeg|jpg|gif|webp|avif)"
_FONT = (
    r"font/(?:woff2?|ttf|otf|sfnt|collection)|application/(?:x-)?font-(?:woff2?|ttf|otf|"
    r"truetype|opentype|sfnt)|application/vnd\.ms-fontobject"
)
_BITMAP_RE = re.compile(rf"data:{_BITMAP};base64,[A-Za-z0-9+/=\s]*+", re.I)
# The start of what CSS `url(` may hold besides `#id`: an embedded bitmap or font. What
# follows the comma is the payload, whatever it is; the media type before it is the kind.
_DATA_URL_RE = re.compile(
    rf"[ \t\n\r\f]*+[\"']?data:(?:{_BITMAP}|{_FONT})(?:;charset=[\w-]++)?;base64,", re.I
)
_FONT_FILE_RE = re.compile(r"\.(?:woff2?|ttf|otf|eot)(?:[?#]|$)", re.I)
_SRC_DESCRIPTOR_RE = re.compile(r"[ \t\n\r\f]*+src[ \t\n\r\f]*+:", re.I)
# One piece of a DOCTYPE's internal subset: a plain general entity, or the subset's end.
_SUBSET_PIECE_RE = re.compile(
    rb"[ \t\r\n]*+(?:<!ENTITY[ \t\r\n]++([A-Za-z_][A-Za-z0-9._-]{0,40}+)[ \t\r\n]++"
    rb"(?:\"([^\"&%<]*+)\"|'([^'&%<]*+)')[ \t\r\n]*+>|(\])[ \t\r\n]*+>)"
)
_PREDEFINED_ENTITIES = frozenset({"lt", "gt", "amp", "quot", "apos"})
_SUBSET_REFUSED = "a DOCTYPE with declarations other than plain-text entities"
_ENTITY_RE = re.compile(r"&(?!(?:lt|gt|amp|quot|apos);)([^\W\d][\w.:-]{0,40});")
_CONTROL_RE = re.compile(r"[\x00-\x20]+")
_LINE_END_RE = re.compile(r"\r\n?|\n")
_LINE_END_BYTES_RE = re.compile(rb"\r\n?|\n")

Problem = tuple[int, str]


def svg_problems(data: bytes, max_bytes: int = MAX_BYTES) -> list[Problem]:
    """What in `data` could run code, navigate or load anything, as (line, reason).

    Empty when the file is a plain drawing, safe to publish as it is."""
    if len(data) > max_bytes:
        return [(1, f"too large ({len(data)} bytes; the limit is {max_bytes})")]
    if not data.strip():
        return [(1, "empty file")]
    if data.startswith(b"\x1f\x8b"):
        return [(1, "gzip-compressed (.svgz)")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [(1, "not UTF-8 (UTF-16 byte-order mark)")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8")
        line = _line_of(before, len(before))
        return [(line, f"not UTF-8 (byte 0x{data[error.start]:02x})")]
    return _Checker(data, text).run()


def describe(problems: Iterable[Problem], limit: int = 3) -> str:
    """The first `limit` problems for a message: 'line 3: `<script>` element; ... and 2 more'."""
    problems = list(problems)
    text = "; ".join(f"line {line}: {reason}" for line, reason in problems[:limit])
    more = len(problems) - limit
    return f"{text}; and {more} more" if more > 0 else text


class _Stop(Exception):
    """Raised inside an expat handler to stop parsing (DOCTYPE subset, too many problems)."""


class _Checker:
    def __init__(self, data: bytes, text: str) -> None:
        self.data, self.text = data, text
        self.problems: list[Problem] = []
        self.depth = 0  # open elements
        self.label, self.label_name = 0, ""  # depth and name of an open <title>/<desc>
        self.skip = 0  # > 0 inside a refused element: its content is not examined
        self.style: list[str] | None = None  # text of the open <style>, if any
        self.style_line = 0
        self.foreign = 0  # depth of the open <foreignObject>, 0 outside one
        self.foreign_line, self.foreign_name = 0, ""
        self.doctype = False
        self.entities: dict[str, str] = {}  # declared in the DOCTYPE: name -> plain text
        self.cursor = 0  # where to look for the next attribute in the start tag (bytes)
        parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=_SEP)
        parser.namespace_prefixes = True
        parser.ordered_attributes = True
        parser.XmlDeclHandler = self.xml_declaration
        parser.StartDoctypeDeclHandler = self.doctype_start
        parser.EntityDeclHandler = self.entity_declaration
        parser.ProcessingInstructionHandler = self.instruction
        parser.CommentHandler = self.comment
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        parser.StartCdataSectionHandler = self.cdata
        self.parser = parser

    def run(self) -> list[Problem]:
        try:
            self.parser.Parse(self.data, True)
        except _Stop:
            pass
        except expat.ExpatError as error:
            message = expat.ErrorString(error.code).removeprefix("not well-formed ").strip("()")
            self.problems.append((max(1, error.lineno), f"not well-formed XML ({message})"))
        if self.doctype:
            line, counted = 1, 0
            undeclared = (m for m in _ENTITY_RE.finditer(self.text) if m[1] not in self.entities)
            for match in itertools.islice(undeclared, _MAX_PROBLEMS):
                line += len(_LINE_END_RE.findall(self.text, counted, match.start()))
                counted = match.start()
                self.problems.append((line, f"undeclared entity `&{match[1]};`"))
        return sorted(self.problems[:_MAX_PROBLEMS], key=lambda problem: problem[0])

    def add(self, line: int, reason: str) -> None:
        self.problems.append((line, reason))
        if len(self.problems) >= _MAX_PROBLEMS:
            raise _Stop

    @property
    def line(self) -> int:
        return self.parser.CurrentLineNumber

    def xml_declaration(self, version: str | None, encoding: str | None, standalone: int) -> None:
        if version not in (None, "1.0"):
            self.add(self.line, f"XML version `{_short(version)}` (only 1.0)")

    def doctype_start(self, name: str, system: str | None, public: str | None, subset: int) -> None:
        if ">" in f"{system or ''}{public or ''}":  # HTML ends the DOCTYPE at it
            self.add(self.line, "DOCTYPE identifier with `>` in it")
        if subset:  # expat is at its `[` and has read none of it yet
            reason = self.read_subset(self.parser.CurrentByteIndex)
            if reason:
                self.add(self.line, reason)
                raise _Stop  # before expat reads (or expands) any of it
        self.doctype = True  # an external DTD is never read: only entities declared here

    def read_subset(self, start: int) -> str | None:
        """Why the internal subset at `start` is more than plain entities, or None; then
        `self.entities` holds them."""
        if self.data[start : start + 1] != b"[":
            return _SUBSET_REFUSED
        position = start + 1
        while True:
            piece = _SUBSET_PIECE_RE.match(self.data, position)
            if piece is None:
                return _SUBSET_REFUSED
            position = piece.end()
            if piece[4]:
                break
            name, literal = piece[1].decode(), (piece[2] if piece[2] is not None else piece[3])
            value = _LINE_END_RE.sub("\n", literal.decode())  # as expat normalises it
            if name in self.entities or name in _PREDEFINED_ENTITIES:
                return _SUBSET_REFUSED
            if len(self.entities) == _MAX_ENTITIES:
                return f"a DOCTYPE with more than {_MAX_ENTITIES} entities"
            if len(value) > _MAX_ENTITY_CHARS:
                return f"DOCTYPE entity `{name}` longer than {_MAX_ENTITY_CHARS} characters"
            self.entities[name] = value
        references = (m for m in _ENTITY_RE.finditer(self.text) if m[1] in self.entities)
        if next(itertools.islice(references, _MAX_ENTITY_REFERENCES, None), None):
            return f"more than {_MAX_ENTITY_REFERENCES} references to the DOCTYPE's entities"
        return None

    def entity_declaration(
        self,
        name: str,
        parameter: int,
        value: str | None,
        base: str | None,
        system: str | None,
        public: str | None,
        notation: str | None,
    ) -> None:
        """expat's view of each declaration must be the one `read_subset` accepted."""
        if parameter or value is None or self.entities.get(name) != value:
            self.add(self.line, _SUBSET_REFUSED)
            raise _Stop

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.add(self.line, "`<?xml-stylesheet?>` processing instruction")
        elif self.skip:
            return
        elif self.foreign:
            self.refuse_foreign("a processing instruction")
        elif ">" in data:  # HTML reads `<?` as a comment that ends at the first `>`
            self.add(self.line, "processing instruction with `>` in it")

    def comment(self, data: str) -> None:
        """HTML ends a comment at `<!-->`, `<!--->` or `--!>`; XML only at `-->`."""
        if self.skip:
            return
        if data.startswith((">", "->")):
            opening = "<!--" + data[: data.find(">") + 1]  # `<!-->` or `<!--->`
            self.add(self.line, f"comment that HTML ends early (`{opening}`)")
        elif "--!>" in data:  # not well-formed XML, so expat stops first; kept for safety
            self.add(self.line, "comment that HTML ends early (`--!>`)")

    def characters(self, data: str) -> None:
        if self.skip:
            return
        if self.foreign and data.strip(" \t\r\n"):
            self.refuse_foreign("text")
        elif self.style is not None:
            if not self.style:
                self.style_line = self.line
            self.style.append(data)

    def cdata(self) -> None:
        if self.foreign and not self.skip:
            self.refuse_foreign("a CDATA section")

    def start(self, name: str, attributes: list[str]) -> None:
        self.depth += 1
        if self.skip:
            self.skip += 1
            return
        uri, local, qname = _split(name)
        if self.foreign and not (uri and _inert(uri) and ":" in qname):
            # An HTML parser makes every unprefixed name in a <foreignObject> HTML.
            self.refuse_foreign(f"`<{qname}>`", html=uri == XHTML)
            return
        uri = uri or SVG  # what an HTML parser makes of an element in no namespace
        reason = self.element_problem(uri, local, qname) or self.root_problem(uri, local, qname)
        if reason is None and self.label and ":" not in qname:
            # `<title>` and `<desc>` are where an HTML parser reads HTML again: what an
            # editor puts there is text; `<title><image>` would be an HTML `<img>`.
            reason = (
                f"`<{qname}>` inside `<{self.label_name}>` (an HTML parser reads what "
                "`<title>` and `<desc>` hold as HTML)"
            )
        if reason:
            self.add(self.line, reason)
            self.skip = 1
            return
        self.cursor = self.parser.CurrentByteIndex  # attributes come in document order
        for index in range(0, len(attributes), 2):
            attribute, value = attributes[index], attributes[index + 1]
            reason = _attribute_problem(uri, attribute, value, root=self.depth == 1)
            if reason:
                self.add(self.attribute_line(_split(attribute)[2]), reason)
        if uri == SVG and local == "style":
            self.style = []
        elif uri == SVG and local == "foreignObject":
            self.foreign, self.foreign_line, self.foreign_name = self.depth, self.line, qname
        elif uri == SVG and local in ("title", "desc"):
            self.label, self.label_name = self.depth, qname

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.skip:
            self.skip -= 1
            return
        if self.foreign > self.depth:
            self.foreign = 0
        if self.label > self.depth:
            self.label = 0
        if self.style is not None:
            css, self.style = "".join(self.style), None
            for line, reason in _css_problems(css):
                self.add(self.style_line + line - 1, reason)

    def refuse_foreign(self, inside: str, html: bool = False) -> None:
        """Refuse the open <foreignObject> for what is in it; skip the rest of it."""
        name, line, self.skip = self.foreign_name, self.foreign_line, self.depth - self.foreign + 1
        self.foreign = 0
        if html:
            self.add(line, f"`<{name}>` (HTML labels, as draw.io and Mermaid export them)")
        else:
            only = "only an editor's `prefix:name` elements may be in it"
            self.add(line, f"`<{name}>` holding {inside} ({only})")

    def element_problem(self, uri: str, local: str, qname: str) -> str | None:
        if self.style is not None:
            return f"`<{qname}>` inside `<style>`"
        if uri == SVG:
            if local in _ELEMENTS or local == "foreignObject":  # what it holds is checked
                return None
            return f"`<{qname}>` link" if local == "a" else f"`<{qname}>` element"
        if uri == XHTML:
            return f"HTML element `<{qname}>`"
        if not _inert(uri):
            return f"`<{qname}>` element in namespace `{_short(uri)}`"
        html_name = local.lower()
        if ":" in qname or html_name not in _HTML_NAMES | _SVG_NAMES:
            return None  # `<i:pgf>`, `<sfw>`: an editor's own element, inert in HTML too
        if html_name in _SVG_NAMES and html_name not in _HTML_BREAKOUT:
            reading = f"SVG `<{html_name}>`"
        else:
            reading = f"its own `<{html_name}>`"
        return f"`<{qname}>` in namespace `{_short(uri)}` (HTML reads it as {reading})"

    def root_problem(self, uri: str, local: str, qname: str) -> str | None:
        if self.depth == 1 and (uri, local) != (SVG, "svg"):
            return f"root element `<{qname}>` is not `<svg>`"
        return None

    def attribute_line(self, qname: str) -> int:
        """The line of attribute `qname` in the start tag being read (each byte scanned once)."""
        pattern = re.compile(rb"\s" + re.escape(qname.encode()) + rb"\s*=")
        found = pattern.search(self.data, self.cursor) if self.cursor >= 0 else None
        if found is None:
            return self.line
        tag_start, self.cursor = self.parser.CurrentByteIndex, found.end()
        return self.line + len(_LINE_END_BYTES_RE.findall(self.data, tag_start, found.start()))


def _attribute_problem(element_uri: str, name: str, value: str, root: bool = False) -> str | None:
    """Why an attribute of an element in namespace `element_uri` (the root element when
    `root`) is refused; None when it passes."""
    uri, local, qname = _split(name)
    if local.lower().startswith("on"):
        return f"event handler `{qname}=`"
    plain = not uri and (
        local in _NOT_CSS
        or local.startswith(("aria-", "data-"))
        or (root and local in _ROOT_METADATA)
    )
    if not _attribute_allowed(element_uri, uri, local, plain):
        return f"attribute `{qname}=`"
    if uri and (uri, local) != (XLINK, "href"):
        return None  # xml:space, xlink:title, an editor's inkscape:label...: plain text
    return _value_problem(element_uri, local, qname, value, plain)


def _attribute_allowed(element_uri: str, uri: str, local: str, plain: bool) -> bool:
    """Whether an attribute's name (in namespace `uri`, or none) may be there at all."""
    if uri == XML:
        return local in _XML_ATTRIBUTES
    if uri == XLINK:
        return local in _XLINK_ATTRIBUTES
    if uri:
        return _inert(uri)
    return element_uri != SVG or local in _ATTRIBUTES or plain


def _value_problem(element_uri: str, local: str, qname: str, value: str, plain: bool) -> str | None:
    """Why the value of an attribute whose name may be there is refused: a reference
    to anything but `#id` or an embedded bitmap, `javascript:`, an animation of what is
    not a presentation attribute, CSS that could load a file."""
    javascript = "javascript:" in _CONTROL_RE.sub("", value).lower()
    if local == "href":
        stripped = value.strip(" \t\n\r\f")
        if javascript:
            return "`javascript:` URL"
        if stripped.startswith("#") or _BITMAP_RE.fullmatch(stripped):
            return None
        return _reference_problem(f'`{qname}="{_short(value)}"`', value)
    if plain:
        return None  # plain text
    if javascript:
        return "`javascript:` URL"
    if element_uri != SVG and local != "style":
        return None  # an attribute of an editor's element: inert
    if local == "attributeName" and value.strip() not in _ANIMATABLE:
        return f"animation of `{_short(value)}`"
    for _line, reason in _css_problems(value, limit=1):
        return reason
    return None


def _reference_problem(shown: str, target: str) -> str:
    """The reason for a reference to anything but `#id` or an embedded bitmap or font."""
    compact = _CONTROL_RE.sub("", target).lower()
    if compact.startswith("data:image/svg"):
        return f"embedded SVG image {shown} (only PNG, JPEG, GIF, WebP or AVIF may be embedded)"
    if compact.startswith("file:"):
        return f"reference to a file on the author's computer {shown}"
    return f"external reference {shown}"


def _css_problems(css: str, limit: int = _MAX_PROBLEMS) -> list[Problem]:
    """(line, reason) for what in CSS text could load a file: `url()` other than `#id`,
    a function or at-rule not on the allowlist; at most `limit`. Escapes are decoded
    first; comments are not removed (a comment can only hide a token from the browser,
    never create one)."""
    if "\\" in css:
        css = _CSS_ESCAPE_RE.sub(_unescape, css)
    problems: list[Problem] = []
    line, counted = 1, 0
    for match in _CSS_TOKEN_RE.finditer(css):
        reason = _css_token_problem(css, match)
        if reason:
            line += len(_LINE_END_RE.findall(css, counted, match.start()))
            counted = match.start()
            problems.append((line, reason))
            if len(problems) >= limit:
                break
    return problems


def _css_token_problem(css: str, match: re.Match[str]) -> str | None:
    at_rule, function = match[1], match[2]
    if at_rule is not None:
        return None if at_rule.lower() in _AT_RULES else f"CSS `@{_short(at_rule)}` rule"
    if not function.strip("-0123456789"):
        return None  # a bracket, `-(` or a number: not a function
    if function.lower() == "url":
        if _DATA_URL_RE.match(css, match.end()):
            return None  # an embedded bitmap or font
        target = css[match.end() : match.end() + 200].lstrip(" \t\n\r\f\"'")
        target = re.split(r"[\s\"')]", target, maxsplit=1)[0]
        if target.startswith("#"):
            return None
        shown = f"`url({_short(target)})`"
        if not (_FONT_FILE_RE.search(target) or _in_src_descriptor(css, match.start())):
            return _reference_problem(shown, target)
        if target.lower().startswith("data:"):
            return f"embedded font {shown} of another kind (only base64 WOFF, WOFF2, TTF or OTF)"
        return f"font loaded from another file {shown} (only fonts embedded as `data:font/...`)"
    return None if function.lower() in _CSS_FUNCTIONS else f"CSS function `{_short(function)}()`"


def _in_src_descriptor(css: str, start: int) -> bool:
    """Whether the `url(` at `start` is in a `src:` descriptor (of `@font-face`): looks back
    at most 200 characters, to stay linear."""
    before = css[max(0, start - 200) : start]
    declaration = before[max(before.rfind(";"), before.rfind("{"), before.rfind("}")) + 1 :]
    return _SRC_DESCRIPTOR_RE.match(declaration) is not None


def _unescape(match: re.Match[str]) -> str:
    if match[1]:
        code = int(match[1], 16)
        return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
    return "" if match[2] in (None, "\n", "\r", "\f") else match[2]


def _split(name: str) -> tuple[str, str, str]:
    """expat's 'uri SEP local SEP prefix' -> (uri, local, the name as written)."""
    parts = name.split(_SEP)
    if len(parts) == 1:
        return "", name, name
    uri, local = parts[0], parts[1]
    return uri, local, f"{parts[2]}:{local}" if len(parts) > 2 else local


def _inert(uri: str) -> bool:
    """An editor's namespace (Inkscape, Sodipodi, Illustrator, Dublin Core, RDF...)."""
    lowered = uri.strip().lower()
    return uri == RDF or not lowered.startswith(_ACTIVE_NAMESPACES)


def _line_of(text: str, offset: int) -> int:
    """1 + the number of line ends before `offset` (CRLF, CR and LF, as XML counts them)."""
    return 1 + len(_LINE_END_RE.findall(text, 0, offset))


def _short(value: str, limit: int = 40) -> str:
    """A value fit to quote in a message: one line, no backticks, at most `limit` chars."""
    value = value.strip()
    shown = "".join(c if c.isprintable() and c != "`" else "?" for c in value[:limit])
    return shown + "…" if len(value) > limit else shown
