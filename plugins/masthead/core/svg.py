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

- elements: the SVG drawing elements in `_ELEMENTS` (shapes, text, gradients, patterns,
  clip paths, masks, markers, filters, `use`, `image`, `style`, `title`, `desc`,
  `metadata`, animation that targets a presentation attribute); elements in an editor's
  own namespace (Inkscape, Sodipodi, RDF/Dublin Core metadata, Illustrator, Sketch...) are
  inert in browsers and pass. Any other SVG element (`script`, `foreignObject`, `a`,
  `iframe`...), HTML, MathML or any other W3C namespace, and elements with no namespace
  are refused. Names are matched as XML does, namespace-aware and case-sensitive.
- attributes: the presentation, geometry, filter and animation attributes in
  `_ATTRIBUTES`, `aria-*`, `data-*`, `xml:space|lang|id`, XLink's descriptive ones and
  editors' namespaced ones (plain text, like `id`, `class`, `aria-*`). No `on*` attribute
  anywhere, no `xml:base`, no `javascript:` in any other value. `href`/`xlink:href` only
  to a fragment of the same file (`#id`) or an embedded bitmap
  (`data:image/png|jpeg|gif|webp|avif;base64,...`): no other file, even on the site.
- CSS (`<style>`, `style=` and every value a browser reads as CSS): `url()` only to
  `#id`, functions from `_CSS_FUNCTIONS`, at-rules from `_AT_RULES` (`@import` is
  refused), after decoding CSS escapes so `u\\72l(` is `url(`.
- XML: UTF-8 only; version 1.0; no `<?xml-stylesheet?>`; a DOCTYPE only without an
  internal subset (Illustrator writes the SVG 1.1 one), so no entity is ever declared or
  expanded and no DTD is fetched; no reference to an undeclared entity.

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
_SEP = "\x01"  # cannot occur in XML 1.0 names or namespace URIs


def _words(*groups: str) -> frozenset[str]:
    return frozenset(" ".join(groups).split())


_SHAPES = "svg g defs symbol use switch path rect circle ellipse line polyline polygon image"
_TEXT = "text tspan textPath title desc metadata style"
_PAINT = "linearGradient radialGradient stop pattern clipPath mask marker"
_FILTERS = (
    "filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix "
    "feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB "
    "feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset "
    "fePointLight feSpecularLighting feSpotLight feTile feTurbulence"
)
_ANIMATION = "animate animateTransform animateMotion mpath set"
_ELEMENTS = _words(_SHAPES, _TEXT, _PAINT, _FILTERS, _ANIMATION)

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
_XML_ATTRIBUTES = frozenset({"space", "lang", "id"})
_XLINK_ATTRIBUTES = frozenset({"href", "title", "type", "role", "arcrole", "show", "actuate"})

_CSS_FUNCTIONS = _words(
    """url rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix light-dark icc-color
    device-cmyk calc min max clamp var env translate translatex translatey translatez
    translate3d scale scalex scaley scalez scale3d rotate rotatex rotatey rotatez rotate3d
    skew skewx skewy matrix matrix3d perspective cubic-bezier steps linear blur brightness
    contrast drop-shadow grayscale hue-rotate invert opacity saturate sepia linear-gradient
    radial-gradient conic-gradient repeating-linear-gradient repeating-radial-gradient
    repeating-conic-gradient circle ellipse inset polygon path local format tech not is where
    has nth-child nth-last-child nth-of-type nth-last-of-type lang dir"""
)
_AT_RULES = _words(
    "charset media supports keyframes -webkit-keyframes -moz-keyframes font-face layer",
    "container namespace",
)
_CSS_ESCAPE_RE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.)|$)", re.S)
_CSS_TOKEN_RE = re.compile(r"@([\w-]++)|(?<![\w-])([\w-]++)\(")
_BITMAP_RE = re.compile(
    r"data:image/(?:png|jpeg|jpg|gif|webp|avif);base64,[A-Za-z0-9+/=\s]*+", re.I
)
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
        self.skip = 0  # > 0 inside a refused element: its content is not examined
        self.style: list[str] | None = None  # text of the open <style>, if any
        self.style_line = 0
        self.doctype = False
        self.cursor = 0  # where to look for the next attribute in the start tag (bytes)
        parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=_SEP)
        parser.namespace_prefixes = True
        parser.ordered_attributes = True
        parser.XmlDeclHandler = self.xml_declaration
        parser.StartDoctypeDeclHandler = self.doctype_start
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
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
            for match in itertools.islice(_ENTITY_RE.finditer(self.text), _MAX_PROBLEMS):
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
        if subset:  # entity declarations: stop before expat reads (or expands) any of them
            self.add(self.line, "a DOCTYPE with entity or other declarations")
            raise _Stop
        self.doctype = True  # an external DTD is never read: no entity may be used

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.add(self.line, "`<?xml-stylesheet?>` processing instruction")

    def characters(self, data: str) -> None:
        if self.style is not None and not self.skip:
            if not self.style:
                self.style_line = self.line
            self.style.append(data)

    def start(self, name: str, attributes: list[str]) -> None:
        self.depth += 1
        if self.skip:
            self.skip += 1
            return
        uri, local, qname = _split(name)
        reason = self.element_problem(uri, local, qname) or self.root_problem(uri, local, qname)
        if reason:
            self.add(self.line, reason)
            self.skip = 1
            return
        self.cursor = self.parser.CurrentByteIndex  # attributes come in document order
        for index in range(0, len(attributes), 2):
            attribute, value = attributes[index], attributes[index + 1]
            reason = _attribute_problem(uri, attribute, value)
            if reason:
                self.add(self.attribute_line(_split(attribute)[2]), reason)
        if uri == SVG and local == "style":
            self.style = []

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.skip:
            self.skip -= 1
            return
        if self.style is not None and _split(name)[:2] == (SVG, "style"):
            css, self.style = "".join(self.style), None
            for line, reason in _css_problems(css):
                self.add(self.style_line + line - 1, reason)

    def element_problem(self, uri: str, local: str, qname: str) -> str | None:
        if self.style is not None:
            return f"`<{qname}>` inside `<style>`"
        if uri == SVG:
            if local == "foreignObject":
                return f"`<{qname}>` (embeds HTML)"
            return None if local in _ELEMENTS else f"`<{qname}>` element"
        if uri == XHTML:
            return f"HTML element `<{qname}>`"
        if not uri:
            return f"`<{qname}>` element without the SVG namespace"
        if not _inert(uri):
            return f"`<{qname}>` element in namespace `{_short(uri)}`"
        return None

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


def _attribute_problem(element_uri: str, name: str, value: str) -> str | None:
    uri, local, qname = _split(name)
    if local.lower().startswith("on"):
        return f"event handler `{qname}=`"
    if uri == XML:
        allowed = local in _XML_ATTRIBUTES
    elif uri == XLINK:
        allowed = local in _XLINK_ATTRIBUTES
    elif uri:
        allowed = _inert(uri)
    else:
        allowed = element_uri != SVG or local in _ATTRIBUTES or local.startswith(("aria-", "data-"))
    if not allowed:
        return f"attribute `{qname}=`"
    if uri and (uri, local) != (XLINK, "href"):
        return None  # xml:space, xlink:title, an editor's inkscape:label...: plain text
    javascript = "javascript:" in _CONTROL_RE.sub("", value).lower()
    if local == "href":
        stripped = value.strip(" \t\n\r\f")
        if javascript:
            return "`javascript:` URL"
        if stripped.startswith("#") or _BITMAP_RE.fullmatch(stripped):
            return None
        return f'external reference `{qname}="{_short(value)}"`'
    if local in _NOT_CSS or local.startswith(("aria-", "data-")):
        return None  # plain text
    if javascript:
        return "`javascript:` URL"
    if element_uri != SVG and local != "style":
        return None  # an attribute of an editor's element: inert
    if local == "attributeName":
        target = value.strip()
        if target not in _ANIMATABLE:
            return f"animation of `{_short(value)}`"
    for _line, reason in _css_problems(value, limit=1):
        return reason
    return None


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
        target = css[match.end() : match.end() + 200].lstrip(" \t\n\r\f\"'")
        target = re.split(r"[\s\"')]", target, maxsplit=1)[0]
        return None if target.startswith("#") else f"external reference `url({_short(target)})`"
    return None if function.lower() in _CSS_FUNCTIONS else f"CSS function `{_short(function)}()`"


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
