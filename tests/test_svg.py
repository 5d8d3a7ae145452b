"""Issue 13, point 4: an SVG published from docs/ is refused when it could run code,
navigate or load anything; a plain drawing passes unchanged (masthead.core.svg)."""

from __future__ import annotations

import gzip
import re
import string
import time
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import html5lib
import material
import pytest
from conftest import REPO, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from masthead.core.svg import SVG, XHTML, XLINK, describe, svg_problems

ROOT = (
    f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" '
    'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10"'
)


def svg(body: str, attributes: str = "") -> bytes:
    return f"{ROOT}{attributes}>{body}</svg>".encode()


# --- Real drawings pass ----------------------------------------------------------------

ICON = (
    f'<svg xmlns="{SVG}" viewBox="0 0 24 24"><path d="M12 2 2 22h20z" fill="currentColor"/></svg>'
)
INKSCAPE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->

<svg
   width="210mm"
   height="297mm"
   viewBox="0 0 210 297"
   version="1.1"
   id="svg1"
   inkscape:version="1.3.2 (091e20e, 2023-11-25)"
   sodipodi:docname="drawing.svg"
   inkscape:export-filename="/home/me/drawing.png"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview
     id="namedview1"
     pagecolor="#ffffff"
     bordercolor="#000000"
     inkscape:showpageshadow="2"
     inkscape:document-units="mm">
    <inkscape:page x="0" y="0" width="210" height="297" id="page2" />
  </sodipodi:namedview>
  <defs id="defs1">
    <linearGradient inkscape:collect="always" id="linearGradient1">
      <stop style="stop-color:#ff0000;stop-opacity:1;" offset="0" id="stop1" />
      <stop style="stop-color:#ff0000;stop-opacity:0;" offset="1" id="stop2" />
    </linearGradient>
    <linearGradient xlink:href="#linearGradient1" id="linearGradient2" x1="10" y1="10"
       x2="60" y2="10" gradientUnits="userSpaceOnUse" />
    <marker style="overflow:visible" id="Arrow1" refX="0" refY="0" orient="auto-start-reverse"
       inkscape:stockid="Arrow1" markerWidth="1" markerHeight="1" viewBox="0 0 1 1"
       inkscape:isstock="true" inkscape:collect="always" preserveAspectRatio="xMidYMid">
      <path style="fill:context-stroke;fill-rule:evenodd;stroke:none" d="M 0,0 5,-5 -12.5,0 5,5 Z"
         id="path1" />
    </marker>
  </defs>
  <metadata id="metadata1">
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" />
        <cc:license rdf:resource="http://creativecommons.org/licenses/by-sa/4.0/" />
        <dc:title>A drawing</dc:title>
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#linearGradient2);stroke-width:0.264583" id="rect1" width="50"
       height="30" x="20" y="20" inkscape:label="box (1)" />
    <path sodipodi:type="star" style="fill:#00ff00;marker-end:url(#Arrow1)" id="path2"
       inkscape:flatsided="false" sodipodi:sides="5" sodipodi:cx="80" sodipodi:cy="80"
       inkscape:rounded="0" d="m 80,60 5,15 h 15 l -12,9 5,15 -13,-9 -12,9 4,-15 -12,-9 h 15 z"
       transform="translate(-10,5) rotate(15)" />
    <text xml:space="preserve" id="text1" x="30" y="130"
       style="font-size:10.5833px;font-family:sans-serif;shape-inside:url(#rect1);
-inkscape-font-specification:'sans-serif, Normal'"><tspan
         sodipodi:role="line" id="tspan1" x="30" y="130">Hello &amp; &lt;welcome&gt;</tspan></text>
    <image width="4" height="4" preserveAspectRatio="none" id="image1" x="1" y="1"
       xlink:href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk
YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" />
  </g>
</svg>
"""
ILLUSTRATOR = """<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.5.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg version="1.1" id="Layer_1" xmlns="http://www.w3.org/2000/svg"
\t xmlns:xlink="http://www.w3.org/1999/xlink"
\t xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" x="0px" y="0px"
\t viewBox="0 0 100 100" style="enable-background:new 0 0 100 100;" xml:space="preserve">
<style type="text/css">
\t.st0{fill:#E30613;}
\t.st1{fill:none;stroke:#1D1D1B;stroke-width:2;stroke-miterlimit:10;}
\t.st2{font-family:'Helvetica-Bold';}
\t.st3{font-size:12px;}
\t@media print { .st0 { fill:#000; } }
</style>
<metadata><?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  ><rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta><?xpacket end="w"?></metadata>
<switch>
\t<g i:extraneous="self">
\t\t<linearGradient id="SVGID_1_" gradientUnits="userSpaceOnUse" x1="10" y1="50" x2="90" y2="50">
\t\t\t<stop  offset="0" style="stop-color:#FFFFFF"/>
\t\t\t<stop  offset="1" style="stop-color:#000000"/>
\t\t</linearGradient>
\t\t<rect x="10" y="10" class="st0" width="30" height="30"/>
\t\t<circle style="fill:url(#SVGID_1_);" cx="70" cy="30" r="20"/>
\t\t<polyline class="st1" points="10,90 30,70 50,90 70,70 90,90 \t"/>
\t\t<text transform="matrix(1 0 0 1 10 60)" class="st2 st3">Hi</text>
\t</g>
</switch>
</svg>
"""
FIGMA = f"""<svg width="24" height="24" viewBox="0 0 24 24" fill="none" xmlns="{SVG}"
 xmlns:xlink="{XLINK}">
<g clip-path="url(#clip0_1_2)" filter="url(#filter0_d_1_2)">
<path fill-rule="evenodd" clip-rule="evenodd" d="M4 4h16v16H4z" fill="#1E1E1E"/>
<rect x="2" y="2" width="20" height="20" fill="url(#pattern0)"/>
<mask id="mask0_1_2" style="mask-type:alpha" maskUnits="userSpaceOnUse" x="0" y="0" width="24"
 height="24"><rect width="24" height="24" fill="#D9D9D9"/></mask>
</g>
<defs>
<filter id="filter0_d_1_2" x="0" y="0" width="24" height="24" filterUnits="userSpaceOnUse"
 color-interpolation-filters="sRGB">
<feFlood flood-opacity="0" result="BackgroundImageFix"/>
<feColorMatrix in="SourceAlpha" type="matrix" values="0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 127 0"
 result="hardAlpha"/>
<feOffset dy="1"/>
<feGaussianBlur stdDeviation="0.5"/>
<feComposite in2="hardAlpha" operator="out"/>
<feBlend mode="normal" in2="BackgroundImageFix" result="effect1_dropShadow_1_2"/>
</filter>
<pattern id="pattern0" patternContentUnits="objectBoundingBox" width="1" height="1">
<use xlink:href="#image0_1_2" transform="scale(0.01)"/>
</pattern>
<clipPath id="clip0_1_2"><rect width="24" height="24" fill="white"/></clipPath>
<image id="image0_1_2" width="100" height="100" xlink:href="data:image/jpeg;base64,/9j/4AAQ"/>
</defs>
<animateTransform href="#clip0_1_2" attributeName="transform" type="rotate" from="0 12 12"
 to="360 12 12" dur="2s" repeatCount="indefinite"/>
<animate attributeName="fill" values="red;url(#pattern0);blue" begin="0s;x.click" dur="1s"/>
</svg>
"""


@pytest.mark.parametrize(
    "text",
    [
        ICON,
        INKSCAPE,
        ILLUSTRATOR,
        FIGMA,
        # what looks like markup but is text, a comment or CDATA is inert
        f'<svg xmlns="{SVG}"><!-- <script>alert(1)</script> --><text><![CDATA[<script>alert(1)'
        "</script> onload=x]]> &lt;script&gt; javascript:x url(https://x)</text></svg>",
        f'<svg xmlns="{SVG}"><style>/* @media */ .a{{fill:url( "#g" )}} '
        ".b{transform:translate(1px,2px) rotate(3deg);fill:rgb(1 2 3 / 50%)}"
        "@keyframes k { from { opacity:0 } } .c:nth-child(2n+1){fill:var(--x, red)}"
        "</style></svg>",
        f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}"><use xlink:href="  #a  " x="1"/></svg>',
    ],
    ids=["icon", "inkscape", "illustrator", "figma", "inert-text", "css", "fragment"],
)
def test_plain_drawings_pass(text: str) -> None:
    assert svg_problems(text.encode()) == []


def test_project_svgs_pass() -> None:
    files = [REPO / "plugins/masthead/assets/avatar.svg", *sorted((REPO / "docs").rglob("*.svg"))]
    assert {str(path): svg_problems(path.read_bytes()) for path in files} == {
        str(path): [] for path in files
    }


def test_material_icons_pass() -> None:
    """Material's icon sets (Material Design, Font Awesome, Octicons, Simple Icons): a
    corpus of real, varied drawings. Every 7th, to stay fast."""
    icons = sorted((Path(material.__file__).parent / "templates/.icons").rglob("*.svg"))[::7]
    assert len(icons) > 1000
    refused = {str(path): svg_problems(path.read_bytes()) for path in icons}
    assert {path: problems for path, problems in refused.items() if problems} == {}


# --- Named attacks, each with its exact (line, reason) ----------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + f']>\n<svg xmlns="{SVG}"><text>&lol9;</text></svg>'
)

REFUSED: dict[str, tuple[str | bytes, list[tuple[int, str]]]] = {
    "script": (
        f'<svg xmlns="{SVG}">\n  <rect width="1"/>\n  <script>alert(1)</script>\n</svg>',
        [(3, "`<script>` element")],
    ),
    "script-prefixed": (
        f'<svg xmlns="{SVG}"><x:script xmlns:x="{SVG}">alert(1)</x:script></svg>',
        [(1, "`<x:script>` element")],
    ),
    "script-uppercase": (
        f'<svg xmlns="{SVG}"><SCRIPT>alert(1)</SCRIPT></svg>',
        [(1, "`<SCRIPT>` element")],
    ),
    "script-xhtml": (
        f'<svg xmlns="{SVG}">\n<script xmlns="{XHTML}">alert(1)</script></svg>',
        [(2, "HTML element `<script>`")],
    ),
    "onload-root": (
        f'<svg xmlns="{SVG}" onload="alert(1)"><rect width="1"/></svg>',
        [(1, "event handler `onload=`")],
    ),
    "onclick-nested": (
        f'<svg xmlns="{SVG}">\n<g>\n  <rect\n     width="1"\n     OnClick="alert(1)"/></g></svg>',
        [(5, "event handler `OnClick=`")],
    ),
    "handler-namespaced": (
        f'<svg xmlns="{SVG}" xmlns:e="urn:x"><rect e:onmouseover="alert(1)"/></svg>',
        [(1, "event handler `e:onmouseover=`")],
    ),
    "foreignObject": (
        f'<svg xmlns="{SVG}">\n<foreignObject width="9" height="9">\n'
        f'<body xmlns="{XHTML}"><img src="x" onerror="alert(1)"/><script>x</script></body>\n'
        "</foreignObject></svg>",
        [(2, "`<foreignObject>` (embeds HTML)")],
    ),
    "a-javascript": (
        f'<svg xmlns="{SVG}"><a href="javascript:alert(1)"><text>hi</text></a></svg>',
        [(1, "`<a>` element")],
    ),
    "use-external": (
        f'<svg xmlns="{SVG}">\n<use href="https://evil.example/x.svg#a"/></svg>',
        [(2, 'external reference `href="https://evil.example/x.svg#a"`')],
    ),
    "use-xlink-javascript": (
        f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}">'
        '<use xlink:href=" jav&#x61;&#9;script:x"/></svg>',
        [(1, "`javascript:` URL")],
    ),
    "image-http": (
        f'<svg xmlns="{SVG}"><image width="1" height="1" href="http://evil.example/p.png"/></svg>',
        [(1, 'external reference `href="http://evil.example/p.png"`')],
    ),
    "image-relative": (
        f'<svg xmlns="{SVG}"><image href="photo.png"/></svg>',
        [(1, 'external reference `href="photo.png"`')],
    ),
    "image-svg-data": (
        f'<svg xmlns="{SVG}"><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>',
        [(1, 'external reference `href="data:image/svg+xml;base64,PHN2Zz4="`')],
    ),
    "set-href": (
        f'<svg xmlns="{SVG}"><use href="#a"><set attributeName="href" to="javascript:alert(1)"/>'
        "</use></svg>",
        [(1, "animation of `href`"), (1, "`javascript:` URL")],
    ),
    "animate-onclick": (
        f'<svg xmlns="{SVG}"><animate attributeName="onclick" values="alert(1)" dur="1s"/></svg>',
        [(1, "animation of `onclick`"), (1, "CSS function `alert()`")],
    ),
    "animate-xlink-href": (
        f'<svg xmlns="{SVG}"><animate attributeName="xlink:href" values="#a;#b"/></svg>',
        [(1, "animation of `xlink:href`")],
    ),
    "animate-external-paint": (
        f'<svg xmlns="{SVG}"><animate attributeName="fill" to="url(https://x/p.svg#p)"/></svg>',
        [(1, "external reference `url(https://x/p.svg#p)`")],
    ),
    "billion-laughs": (BILLION_LAUGHS, [(2, "a DOCTYPE with entity or other declarations")]),
    "attlist-default-handler": (
        f'<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]><svg xmlns="{SVG}"/>',
        [(1, "a DOCTYPE with entity or other declarations")],
    ),
    "external-dtd-entity": (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/'
        f'svg11.dtd">\n<svg xmlns="{SVG}">\n<text>&nbsp;</text></svg>',
        [(3, "undeclared entity `&nbsp;`")],
    ),
    "xml-stylesheet": (
        '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="evil.xsl"?>\n'
        f'<svg xmlns="{SVG}"/>',
        [(2, "`<?xml-stylesheet?>` processing instruction")],
    ),
    "style-url": (
        f'<svg xmlns="{SVG}">\n<style>\n.a {{ fill: red }}\n.b {{ background: URL( "https://evil'
        '.example/t.png" ) }}\n</style></svg>',
        [(4, "external reference `url(https://evil.example/t.png)`")],
    ),
    "style-escaped-url": (
        f'<svg xmlns="{SVG}"><style>.b{{cursor:u\\72 l(//evil.example/c.png),auto}}</style></svg>',
        [(1, "external reference `url(//evil.example/c.png)`")],
    ),
    "style-import": (
        f'<svg xmlns="{SVG}"><style>@import "https://evil.example/x.css";\n'
        '@\\69mport url("y.css");</style></svg>',
        [
            (1, "CSS `@import` rule"),
            (2, "CSS `@import` rule"),
            (2, "external reference `url(y.css)`"),
        ],
    ),
    "style-image-set": (
        f'<svg xmlns="{SVG}"><style>svg{{background:image-set("x.png" 1x)}}</style></svg>',
        [(1, "CSS function `image-set()`")],
    ),
    "style-split-by-comment": (
        f'<svg xmlns="{SVG}"><style>.b{{fill:u<!-- -->rl(https://e/x)}}</style></svg>',
        [(1, "external reference `url(https://e/x)`")],
    ),
    "style-element-inside": (
        f'<svg xmlns="{SVG}"><style>.b{{fill:u<g>x</g>rl(https://e/x)}}</style></svg>',
        [(1, "`<g>` inside `<style>`"), (1, "external reference `url(https://e/x)`")],
    ),
    "style-attribute": (
        f'<svg xmlns="{SVG}"><rect style="fill:red;filter:url(&apos;x.svg#f&apos;)"/></svg>',
        [(1, "external reference `url(x.svg#f)`")],
    ),
    "presentation-attribute": (
        f'<svg xmlns="{SVG}"><rect cursor="url(https://e/c.cur), auto"/></svg>',
        [(1, "external reference `url(https://e/c.cur)`")],
    ),
    "xhtml-element": (
        f'<svg xmlns="{SVG}" xmlns:h="{XHTML}">\n<h:iframe src="https://evil.example"/></svg>',
        [(2, "HTML element `<h:iframe>`")],
    ),
    "mathml-element": (
        '<svg xmlns="http://www.w3.org/2000/svg"><math xmlns="http://www.w3.org/1998/Math/MathML"'
        ' href="https://evil"/></svg>',
        [(1, "`<math>` element in namespace `http://www.w3.org/1998/Math/MathML`")],
    ),
    "xml-base": (
        f'<svg xmlns="{SVG}" xml:base="https://evil.example/"><use href="#a"/></svg>',
        [(1, "attribute `xml:base=`")],
    ),
    "unknown-attribute": (
        f'<svg xmlns="{SVG}"><rect src="x"/></svg>',
        [(1, "attribute `src=`")],
    ),
    "no-namespace": (
        '<svg viewBox="0 0 1 1"/>',
        [(1, "`<svg>` element without the SVG namespace")],
    ),
    "html-root": (
        f'<html xmlns="{XHTML}"><body onload="alert(1)"/></html>',
        [(1, "HTML element `<html>`")],
    ),
    "editor-root": (
        '<x:drawing xmlns:x="urn:x"/>',
        [(1, "root element `<x:drawing>` is not `<svg>`")],
    ),
    "xml-1.1": (
        f'<?xml version="1.1"?><svg xmlns="{SVG}"/>',
        [(1, "XML version `1.1` (only 1.0)")],
    ),
    "malformed": (
        f'<svg xmlns="{SVG}">\n<g>\n<rect/>\n</svg>',
        [(4, "not well-formed XML (mismatched tag)")],
    ),
    "undefined-entity": (
        f'<svg xmlns="{SVG}"><text>&nbsp;</text></svg>',
        [(1, "not well-formed XML (undefined entity)")],
    ),
    "empty": (b"", [(1, "empty file")]),
    "blank": (b" \n\t\n", [(1, "empty file")]),
    "gzip": (gzip.compress(ICON.encode()), [(1, "gzip-compressed (.svgz)")]),
    "utf-16": (ICON.encode("utf-16"), [(1, "not UTF-8 (UTF-16 byte-order mark)")]),
    "latin-1": (
        f'<svg xmlns="{SVG}">\n<text>caf\xe9</text></svg>'.encode("latin-1"),
        [(2, "not UTF-8 (byte 0xe9)")],
    ),
    "binary": (bytes(range(256)), [(3, "not UTF-8 (byte 0x80)")]),
    "control-character": (bytes(range(128)), [(1, "not well-formed XML (invalid token)")]),
    "too-large": (b" " * 101, [(1, "too large (101 bytes; the limit is 100)")]),
}


@pytest.mark.parametrize("name", REFUSED)
def test_active_svg_is_refused_with_line_and_reason(name: str) -> None:
    data, expected = REFUSED[name]
    data = data.encode() if isinstance(data, str) else data
    assert svg_problems(data, max_bytes=100 if name == "too-large" else 5_000_000) == expected


def test_a_file_full_of_problems_reports_twenty() -> None:
    body = "".join(f'<rect onclick{i}="x"/>\n' for i in range(100))
    problems = svg_problems(svg(body))
    assert len(problems) == 20
    assert problems[:2] == [(1, "event handler `onclick0=`"), (2, "event handler `onclick1=`")]


def test_describe() -> None:
    problems = [(3, "`<script>` element"), (5, "event handler `onload=`"), (6, "a"), (7, "b")]
    assert describe(problems) == (
        "line 3: `<script>` element; line 5: event handler `onload=`; line 6: a; and 1 more"
    )
    assert describe(problems[:1]) == "line 3: `<script>` element"
    assert describe([]) == ""


@pytest.mark.parametrize(
    "data",
    [
        svg("<g>" * 200_000 + "</g>" * 200_000),
        svg('<rect fill="' + "a(" * 1_000_000 + '"/>'),
        svg("<style>" + "\\" * 2_000_000 + "</style>"),
        b'<!DOCTYPE svg SYSTEM "x">' + svg("&a;" * 1_000_000),
        svg("<rect" + " " * 2_000_000 + 'onload="x"/>'),
    ],
    ids=["deep", "parens", "backslashes", "entities", "spaces"],
)
def test_worst_cases_are_linear(data: bytes) -> None:
    started = time.perf_counter()
    svg_problems(data)
    assert time.perf_counter() - started < 3


# --- A browser's view: what lxml (XML, as a browser reads image/svg+xml) or html5lib (the
# same text inlined in HTML, where `<SCRIPT>` is a script) sees as active must be refused.

_ACTIVE_TAGS = {"script", "foreignobject", "iframe", "object", "embed", "a", "handler", "img"}
_URL_ATTRIBUTES = {"href", f"{{{XLINK}}}href", "src", "action", "formaction", "data", "poster"}
_CSS_LOAD = re.compile(r"url\((?!['\"]?#)|@import|image-set\(|image\(", re.I)
_BITMAP = re.compile(r"data:image/(png|jpeg|gif);base64,")


def _active_value(element: str, name: str, value: str, xml: bool) -> bool:
    """Whether attribute `name` (lxml's `{namespace}local`) runs or loads something."""
    if "}" in name and name != f"{{{XLINK}}}href":
        return False  # an editor's namespace
    compact = re.sub(r"[\x00-\x20]", "", value).lower()
    if name.lower().startswith("on"):
        return True
    if name in _URL_ATTRIBUTES:
        return "javascript:" in compact or (
            xml and not compact.startswith("#") and not _BITMAP.match(compact)
        )
    animation = element in ("set", "animate")
    if animation and name in ("to", "from", "by", "values") and "javascript:" in compact:
        return True
    if animation and name == "attributeName" and compact.endswith("href"):
        return True
    plain_text = name in ("id", "class") or name.startswith(("aria-", "data-"))
    return xml and not plain_text and bool(_CSS_LOAD.search(re.sub(r"\s", "", value)))


def active_in_a_browser(data: bytes) -> bool:
    """An independent, denylist oracle, true when a browser would run or load something:
    the file read as XML by lxml (as a browser reads image/svg+xml), or its text inlined
    in an HTML page and read by html5lib (where `<SCRIPT>` is a script)."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False  # the browser shows an error (and svg_problems reports it anyway)
    if root.getroottree().docinfo.internalDTD is not None:
        return True
    for node in [*root.itersiblings(preceding=True), *root.iter()]:
        if isinstance(node, etree._ProcessingInstruction):
            if node.target.lower() == "xml-stylesheet":
                return True
        elif isinstance(node, etree._Element) and isinstance(node.tag, str):
            namespace, local = etree.QName(node).namespace, etree.QName(node).localname
            if namespace == XHTML or (namespace == SVG and local.lower() in _ACTIVE_TAGS):
                return True
            if namespace != SVG:
                continue  # an editor's element: inert
            if local == "style" and _CSS_LOAD.search("".join(node.itertext())):
                return True
            attributes = node.attrib.items()
            if any(_active_value(local, name, value, xml=True) for name, value in attributes):
                return True
    html = html5lib.parse(data.decode("utf-8"), treebuilder="etree", namespaceHTMLElements=False)
    for element in html.iter():
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rpartition("}")[2]
        if local.lower() in _ACTIVE_TAGS - {"a"}:
            return True
        if any(_active_value(local, name, value, xml=False) for name, value in element.items()):
            return True
    return False


# --- Generators -------------------------------------------------------------------------

NAME = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)
XML_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"),
    max_size=20,
)
NUMBER = st.one_of(
    st.integers(-999, 9999).map(str),
    st.floats(-1e4, 1e4, allow_nan=False).map(lambda number: f"{number:g}"),
)
COLOUR = st.one_of(
    st.sampled_from(["red", "none", "currentColor", "#fff", "transparent", "inherit"]),
    st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}"),
    st.tuples(*[st.integers(0, 255)] * 3).map(lambda rgb: "rgb({}, {}, {})".format(*rgb)),
    NAME.map(lambda name: f"url(#{name})"),
)
TRANSFORM = st.lists(
    st.tuples(st.sampled_from(["translate", "rotate", "scale", "skewX"]), NUMBER),
    min_size=1,
    max_size=3,
).map(lambda parts: " ".join(f"{function}({number})" for function, number in parts))
STYLE = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["fill", "stroke", "stop-color"]), COLOUR),
        st.tuples(st.sampled_from(["stroke-width", "opacity", "font-size"]), NUMBER),
    ),
    max_size=4,
).map(lambda pairs: ";".join(f"{key}:{value}" for key, value in pairs))
HARMLESS_ATTRIBUTE = st.one_of(
    st.tuples(st.sampled_from(["x", "y", "width", "height", "r", "cx", "stroke-width"]), NUMBER),
    st.tuples(st.sampled_from(["fill", "stroke", "stop-color", "flood-color"]), COLOUR),
    st.tuples(st.sampled_from(["transform", "gradientTransform"]), TRANSFORM),
    st.tuples(st.sampled_from(["id", "class"]), NAME),
    st.tuples(st.just("style"), STYLE),
    st.tuples(st.sampled_from(["href", "xlink:href"]), NAME.map(lambda name: f"#{name}")),
    st.tuples(st.sampled_from(["aria-label", "data-name", "inkscape:label"]), XML_TEXT),
    st.tuples(
        st.just("d"), st.lists(NUMBER, min_size=2, max_size=6).map(" ".join).map("M".__add__)
    ),
)
CONTAINERS = ["g", "defs", "symbol", "clipPath", "mask", "pattern", "switch", "text", "svg"]
LEAVES = ["rect", "circle", "path", "ellipse", "line", "polygon", "stop", "use", "title", "tspan"]


def render(node: dict | str) -> str:
    if isinstance(node, str):
        return node
    attributes = "".join(f" {name}={quoteattr(value)}" for name, value in node["attributes"])
    raw = f" {node['raw']}" if node.get("raw") else ""
    children = "".join(render(child) for child in node["children"])
    return f"<{node['name']}{attributes}{raw}>{children}</{node['name']}>"


def _element(name: st.SearchStrategy[str], children: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {
            "name": name,
            "attributes": st.lists(HARMLESS_ATTRIBUTE, max_size=4, unique_by=lambda pair: pair[0]),
            "children": children,
        }
    )


TEXT_NODE = st.one_of(
    XML_TEXT.map(escape),
    XML_TEXT.map(lambda text: f"<!--{text.replace('-', '_')}-->"),
    XML_TEXT.map(lambda text: f"<![CDATA[{text.replace('>', '}')}]]>"),
)
TREE = st.recursive(
    _element(st.sampled_from(LEAVES), st.lists(TEXT_NODE, max_size=1)),
    lambda inner: _element(st.sampled_from(CONTAINERS), st.lists(inner | TEXT_NODE, max_size=4)),
    max_leaves=12,
)


# Near misses: names and values from both sides of the line, in any combination; the
# oracle above says which documents a browser would act on.
MIXED_VALUE = st.sampled_from(
    [
        "#a",
        " #a ",
        "red",
        "1",
        "url(#a)",
        "url( '#a' )",
        "url(https://e.example/x)",
        "URL(x.png)",
        "image-set('x.png' 1x)",
        "@import 'x.css'",
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:x",
        "https://e.example/x.svg#a",
        "x.svg#a",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:image/svg+xml,<svg/>",
        "data:text/html,<script>alert(1)</script>",
        "onclick",
        "href",
        "xlink:href",
        "fill",
    ]
)
MIXED_ATTRIBUTE = st.tuples(
    st.sampled_from(
        [
            "fill",
            "href",
            "xlink:href",
            "onload",
            "ONCLICK",
            "style",
            "attributeName",
            "values",
            "to",
            "x",
            "src",
            "xml:base",
            "cursor",
            "inkscape:label",
            "inkscape:onload",
        ]
    ),
    MIXED_VALUE,
)
MIXED_NAMES = [
    *LEAVES,
    *CONTAINERS,
    "script",
    "SCRIPT",
    "a",
    "foreignObject",
    "iframe",
    "image",
    "animate",
    "set",
    "style",
    "inkscape:thing",
]
MIXED = st.recursive(
    st.fixed_dictionaries(
        {
            "name": st.sampled_from(MIXED_NAMES),
            "attributes": st.lists(MIXED_ATTRIBUTE, max_size=3, unique_by=lambda pair: pair[0]),
            "children": st.lists(TEXT_NODE | MIXED_VALUE.map(escape), max_size=1),
        }
    ),
    lambda inner: st.fixed_dictionaries(
        {
            "name": st.sampled_from(MIXED_NAMES),
            "attributes": st.lists(MIXED_ATTRIBUTE, max_size=3, unique_by=lambda pair: pair[0]),
            "children": st.lists(inner | TEXT_NODE, max_size=3),
        }
    ),
    max_leaves=8,
)


def nodes_of(node: dict) -> list[dict]:
    found = [node]
    for child in node["children"]:
        if isinstance(child, dict):
            found += nodes_of(child)
    return found


def wrap(tree: dict) -> dict:
    return {"name": "svg", "attributes": [], "children": [tree]}


def document(root: dict, prolog: str = "") -> bytes:
    return (prolog + render(root).replace("<svg", ROOT, 1)).encode()


def random_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.swapcase() if flip else c for c, flip in zip(text, flips, strict=True))


def encode_attribute(draw: st.DrawFn, value: str) -> str:
    """Each character as itself, a decimal or a hexadecimal character reference."""
    out = []
    for character in value:
        how = draw(st.sampled_from(["plain", "plain", "decimal", "hex"]))
        if how == "decimal":
            out.append(f"&#{ord(character)};")
        elif how == "hex":
            out.append(f"&#x{ord(character):x};")
        else:
            out.append(escape(character, {'"': "&quot;"}))
    return "".join(out)


URLS = [
    "javascript:alert(1)",
    "vbscript:msgbox(1)",
    "https://evil.example/x.svg#a",
    "http://evil.example/p.png",
    "//evil.example/x",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "x.svg#a",
    "../a.png",
    "ftp://evil.example/x",
]
WHITESPACE = st.sampled_from(["", " ", "\t", "&#9;", "&#10;", "&#x20;", "\n"])
CSS_URL_NAMES = [
    "url",
    "URL",
    "uRl",
    "u\\72 l",
    "\\75 rl",
    "\\55 RL",
    "u\\rl",
    "ur\\l",
    "\\000075rl",
]
DQ = '"'
CSS_TARGETS = ["https://evil.example/p.png", "//evil.example/p", "x.png", "data:image/svg+xml,x"]


@st.composite
def hostile_construct(draw: st.DrawFn) -> tuple[str, str]:
    """(kind, markup): kind says where it goes (an attribute, a child element, the prolog)."""
    kind = draw(
        st.sampled_from(
            [
                "handler",
                "script",
                "foreignObject",
                "href",
                "css",
                "animation",
                "stylesheet",
                "doctype",
                "namespace",
                "element",
                "xml-base",
            ]
        )
    )
    if kind == "handler":
        name = random_case(
            draw, "on" + draw(st.text(string.ascii_letters, min_size=1, max_size=12))
        )
        prefix = draw(st.sampled_from(["", "inkscape:"]))
        return "attribute", f"{prefix}{name}={quoteattr(draw(XML_TEXT))}"
    if kind == "script":
        prefix = draw(NAME)
        opener, closer = draw(
            st.sampled_from(
                [
                    ("<script>", "</script>"),
                    (f'<{prefix}:script xmlns:{prefix}="{SVG}">', f"</{prefix}:script>"),
                    (f'<{prefix}:script xmlns:{prefix}="{XHTML}">', f"</{prefix}:script>"),
                    (f'<script xmlns="{XHTML}">', "</script>"),
                    ("<SCRIPT>", "</SCRIPT>"),
                    ("<Script>", "</Script>"),
                ]
            )
        )
        body = draw(st.sampled_from(["alert(1)", "<![CDATA[alert(1)]]>", escape("a<b&&c")]))
        return "child", f"{opener}{body}{closer}"
    if kind == "foreignObject":
        tag = draw(st.sampled_from(["div", "iframe", "img", "p"]))
        return "child", (
            f'<foreignObject width="9" height="9"><body xmlns="{XHTML}"><{tag}>x</{tag}></body>'
            "</foreignObject>"
        )
    if kind == "href":
        element = draw(st.sampled_from(["use", "image", "feImage", "textPath", "pattern", "mpath"]))
        attribute = draw(st.sampled_from(["href", "xlink:href"]))
        url = draw(st.sampled_from(URLS))
        scheme, colon, rest = url.partition(":")
        if colon and draw(st.booleans()):
            cut = draw(st.integers(0, len(scheme)))
            scheme = scheme[:cut] + "\t" + scheme[cut:]  # browsers drop tabs inside URLs
        url = random_case(draw, scheme) + colon + rest
        value = draw(WHITESPACE) + encode_attribute(draw, url) + draw(WHITESPACE)
        return "child", f'<{element} {attribute}="{value}"/>'
    if kind == "css":
        space = draw(st.sampled_from(["", " ", "\n", "\t"]))
        quote = draw(st.sampled_from(["", "'", '"']))
        target = draw(st.sampled_from(CSS_TARGETS))
        loader = draw(
            st.sampled_from(
                [
                    f"{name}({space}{quote}{target}{quote}{space})"
                    for name in [*CSS_URL_NAMES, "image-set", "-webkit-image-set", "image", "src"]
                ]
            )
        )
        prop = draw(st.sampled_from(["fill", "background", "cursor", "mask", "--x", "filter"]))
        css = draw(
            st.sampled_from(
                [
                    f"{prop}:{loader}",
                    f"@import {quote or DQ}{target}{quote or DQ};",
                    f"@IMPORT {loader};",
                    f"@\\69mport {loader};",
                    f"@font-face{{font-family:f;src:{loader}}}",
                ]
            )
        )
        if draw(st.booleans()):
            return "attribute", f"style={quoteattr(css)}"
        return "child", f"<style>{escape(css)}</style>"
    if kind == "animation":
        target = draw(
            st.one_of(
                st.sampled_from(["href", "xlink:href", "HREF"]),
                st.text(string.ascii_letters, min_size=1, max_size=8).map("on".__add__),
            )
        )
        element = draw(st.sampled_from(["set", "animate"]))
        values = "to" if element == "set" else "values"
        return "child", f'<{element} attributeName="{target}" {values}="javascript:alert(1)"/>'
    if kind == "stylesheet":
        target = random_case(draw, "xml-stylesheet")
        return "prolog", f'<?{target} type="text/xsl" href="evil.xsl"?>'
    if kind == "doctype":
        entity = draw(NAME)
        declaration = draw(
            st.sampled_from(
                [
                    f'<!ENTITY {entity} "{escape(draw(XML_TEXT))}">',
                    f'<!ENTITY {entity} SYSTEM "file:///etc/passwd">',
                    f'<!ENTITY % {entity} SYSTEM "https://evil.example/x.dtd">',
                    '<!ATTLIST svg onload CDATA "alert(1)">',
                    "<!ELEMENT svg ANY>",
                ]
            )
        )
        return "prolog", f"<!DOCTYPE svg [{declaration}]>"
    if kind == "namespace":
        namespace = draw(
            st.sampled_from(
                [
                    XHTML,
                    "http://www.w3.org/1998/Math/MathML",
                    "http://www.w3.org/1999/XSL/Transform",
                    "http://www.mozilla.org/keymaster/gatekeeper/there.is.only.xul",
                ]
            )
        )
        tag, prefix = draw(st.sampled_from(["div", "iframe", "math", "body", "a"])), draw(NAME)
        return "child", draw(
            st.sampled_from(
                [
                    f'<{prefix}:{tag} xmlns:{prefix}="{namespace}"/>',
                    f'<{tag} xmlns="{namespace}"/>',
                ]
            )
        )
    if kind == "element":
        tag = draw(
            st.sampled_from(
                [
                    "a",
                    "iframe",
                    "embed",
                    "object",
                    "audio",
                    "video",
                    "handler",
                    "listener",
                    "discard",
                    "cursor",
                    "tref",
                    "font-face-uri",
                    "animation",
                    "foreignobject",
                ]
            )
        )
        return "child", f'<{tag} href="#a"/>'
    return "attribute", 'xml:base="https://evil.example/"'


@st.composite
def hostile_document(draw: st.DrawFn) -> bytes:
    """A plain drawing with one active construct at a random place."""
    root = wrap(draw(TREE))
    kind, markup = draw(hostile_construct())
    if kind == "prolog":
        return document(root, prolog=markup)
    node = draw(st.sampled_from(nodes_of(root)))
    if kind == "attribute":
        name = markup.partition("=")[0]
        node["attributes"] = [pair for pair in node["attributes"] if pair[0] != name]
        node["raw"] = markup
    else:
        node["children"].insert(draw(st.integers(0, len(node["children"]))), markup)
    return document(root)


@pytest.mark.fuzz
@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_document())
def test_generated_hostile_svgs_are_refused(data: bytes) -> None:
    problems = svg_problems(data)
    assert problems, data
    assert not [reason for _, reason in problems if reason.startswith("not well-formed")], data


@pytest.mark.fuzz
@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREE)
def test_generated_plain_drawings_pass(tree: dict) -> None:
    data = document(wrap(tree))
    assert svg_problems(data) == [], data
    assert not active_in_a_browser(data), data


@pytest.mark.fuzz
@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(MIXED.map(wrap).map(document), hostile_document()))
def test_whatever_a_browser_would_run_or_load_is_refused(data: bytes) -> None:
    if active_in_a_browser(data):
        assert svg_problems(data), data


def _spliced(valid: bytes) -> st.SearchStrategy[bytes]:
    return st.tuples(st.integers(0, len(valid)), st.binary(max_size=20)).map(
        lambda cut: valid[: cut[0]] + cut[1] + valid[cut[0] :]
    )


@pytest.mark.fuzz
@settings(max_examples=examples(200), deadline=None)
@given(
    st.one_of(
        st.binary(max_size=4096),
        _spliced(INKSCAPE.encode()),
        _spliced(ILLUSTRATOR.encode()),
        st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.text(max_size=200).map(lambda text: text.encode("utf-16", "surrogatepass")),
        hostile_document().map(lambda data: data[: len(data) // 2]),
    )
)
def test_any_bytes_give_reasons_never_an_exception(data: bytes) -> None:
    started = time.perf_counter()
    problems = svg_problems(data)
    assert time.perf_counter() - started < 0.5
    assert isinstance(problems, list)
    assert all(isinstance(line, int) and line >= 1 and reason for line, reason in problems)
