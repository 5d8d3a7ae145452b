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


# --- Exports from common editors: what trying real blogs found refused by mistake -------
# Small drawings written in each exporter's shape (not copies of real files).

SUBSET_REFUSED = "a DOCTYPE with declarations other than plain-text entities"
AI_NS = "http://ns.adobe.com/AdobeIllustrator/10.0/"
DRAWIO_SOURCE = escape(
    '<mxfile host="app.diagrams.net" agent="Mozilla/5.0" version="24.4.0"><diagram id="d1" '
    'name="Page-1"><mxGraphModel><root><mxCell id="0"/><mxCell id="2" value="Start" '
    'style="rounded=1;image=https://example.com/logo.png;link=javascript:void(0);" '
    'vertex="1" parent="1"/></root></mxGraphModel></diagram></mxfile>',
    {'"': "&quot;"},
)
DRAWIO = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" version="1.1" width="162px" height="82px"
 viewBox="-0.5 -0.5 162 82" host="app.diagrams.net" modified="2024-05-01T10:00:00.000Z"
 agent="Mozilla/5.0 (X11; Linux x86_64)" etag="k2Jx9aQz"
 style="background-color: rgb(255, 255, 255);" content="{DRAWIO_SOURCE}">
<defs/><g><rect x="1" y="1" width="160" height="80" rx="12" ry="12" fill="rgb(255, 255, 255)"
 stroke="rgb(0, 0, 0)" pointer-events="all"/><g transform="translate(-0.5 -0.5)"><text x="81"
 y="45" fill="rgb(0, 0, 0)" font-family="Helvetica" font-size="12px" text-anchor="middle"
 >Start</text></g></g></svg>
"""
DRAWIO_HTML_LABELS = f"""<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" version="1.1" width="122px"
 height="62px" viewBox="-0.5 -0.5 122 62" content="&lt;mxfile&gt;&lt;/mxfile&gt;">
<defs/><g><rect x="1" y="1" width="120" height="60" fill="#ffffff" stroke="#000000"/>
<g transform="translate(-0.5 -0.5)"><switch><foreignObject pointer-events="none" width="100%"
 height="100%" requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"
 style="overflow: visible; text-align: left;"><div xmlns="{XHTML}" style="display: flex;
 width: 118px; padding-top: 31px;"><div style="font-size: 12px;">Start</div></div>
</foreignObject><text x="61" y="35" font-size="12px" text-anchor="middle">Start</text></switch>
</g></g><switch><g requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"/>
<a transform="translate(0,-5)" xlink:href="https://www.drawio.com/doc/faq/svg-export-text-problems"
 target="_blank"><text text-anchor="middle" font-size="10px" x="50%" y="100%">Text is not SVG -
 cannot display</text></a></switch></svg>
"""
MERMAID = f"""<svg id="mermaid-1" width="100%" xmlns="{SVG}" style="max-width: 120px;"
 viewBox="0 0 120 60" role="graphics-document document" aria-roledescription="flowchart-v2">
<style>#mermaid-1{{font-family:"trebuchet ms",verdana,arial,sans-serif;fill:#333;}}
#mermaid-1 .node rect{{fill:#ECECFF;stroke:#9370DB;stroke-width:1px;}}</style>
<g><g class="nodes"><g class="node default" id="flowchart-A-0" transform="translate(60, 30)">
<rect class="basic label-container" x="-40" y="-20" width="80" height="40"/>
<g class="label" transform="translate(-10, -12)"><rect/><foreignObject width="20" height="24"
><div xmlns="{XHTML}" style="display: inline-block; white-space: nowrap;"><span
 class="nodeLabel">A</span></div></foreignObject></g></g></g></g></svg>
"""
EXCALIDRAW_FONT = "data:font/woff2;base64,d09GMgABAAAAAAgoAA4AAAAAEYQAAAfQAAEAAAAAAAAAAAAAAAAA"


def excalidraw(font_url: str) -> bytes:
    return f"""<svg version="1.1" xmlns="{SVG}" viewBox="0 0 200 100" width="200" height="100">
  <!-- svg-source:excalidraw -->
  <metadata><!-- payload-type:application/vnd.excalidraw+json --></metadata>
  <defs>
    <style class="style-fonts">
      @font-face {{
        font-family: "Virgil";
        src: url({font_url});
      }}
    </style>
  </defs>
  <rect x="0" y="0" width="200" height="100" fill="#ffffff"></rect>
  <g stroke-linecap="round" transform="translate(10 10) rotate(0 90 40)"><path d="M0 0 L180 0"
    stroke="#1e1e1e" stroke-width="1" fill="none"></path></g>
  <g transform="translate(20 30) rotate(0 40 12.5)"><text x="0" y="17.6"
    font-family="Virgil, Segoe UI Emoji" font-size="20px" fill="#1e1e1e" text-anchor="start"
    style="white-space: pre;" direction="ltr" dominant-baseline="alphabetic">Hello</text></g>
</svg>
""".encode()


ILLUSTRATOR_DOCTYPE = f"""<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
\t<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">
\t<!ENTITY ns_ai "{AI_NS}">
\t<!ENTITY ns_graphs "http://ns.adobe.com/Graphs/1.0/">
\t<!ENTITY ns_vars "http://ns.adobe.com/Variables/1.0/">
\t<!ENTITY ns_sfw 'http://ns.adobe.com/SaveForWeb/1.0/'>
]>
"""  # noqa: E501 (Illustrator writes the DOCTYPE on one line)
ILLUSTRATOR_CLASSIC = f"""<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 16.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
{ILLUSTRATOR_DOCTYPE}<svg version="1.1" xmlns:x="&ns_extend;" xmlns:i="&ns_ai;" xmlns:graph="&ns_graphs;"
\t xmlns="{SVG}" xmlns:xlink="{XLINK}" x="0px" y="0px" width="100px" height="100px"
\t viewBox="0 0 100 100" enable-background="new 0 0 100 100" xml:space="preserve">
<metadata>
\t<sfw  xmlns="&ns_sfw;">
\t\t<slices></slices>
\t\t<sliceSourceBounds  width="100" height="100" x="0" y="0" bottomLeftOrigin="true"></sliceSourceBounds>
\t</sfw>
</metadata>
<switch>
\t<foreignObject requiredExtensions="&ns_ai;" x="0" y="0" width="1" height="1">
\t\t<i:pgfRef  xlink:href="#adobe_illustrator_pgf">
\t\t</i:pgfRef>
\t</foreignObject>
\t<g i:extraneous="self">
\t\t<rect x="10" y="10" fill="#E30613" width="30" height="30"/>
\t</g>
</switch>
<i:pgf  id="adobe_illustrator_pgf">
\t<![CDATA[
\teJzNVdtu2zAMfc9X6AeiUKIulF4HDNiA7WV9HdXQGqRZGzRp1+3vR0lOYjtO0wfBwIDEoigdHfJQ
\t]]>
</i:pgf>
</svg>
"""  # noqa: E501


def test_drawio_metadata_on_the_root_passes() -> None:
    """1: draw.io keeps the diagram's source in `content=` (text: its `javascript:` and URLs
    are never read) and where it was made in `host=`, `agent=`...; only on the root."""
    assert svg_problems(DRAWIO.encode()) == []
    assert svg_problems(svg('<g content="x" host="h">\n<rect etag="e"/></g>')) == [
        (1, "attribute `content=`"),
        (1, "attribute `host=`"),
        (2, "attribute `etag=`"),
    ]
    assert svg_problems(svg("", ' content="x" onload="alert(1)"')) == [
        (1, "event handler `onload=`")
    ]


@pytest.mark.parametrize(
    "url",
    [
        EXCALIDRAW_FONT,
        f'"{EXCALIDRAW_FONT}"',
        " 'data:font/woff;base64,d09GRgABAAAA' ",
        "data:application/font-woff;base64,d09GRgABAAAA",
        "data:application/font-woff;charset=utf-8;base64,d09GRgABAAAA",
        "data:font/ttf;base64,AAEAAAALAIAAAwAw",
        "data:font/otf;base64,T1RUTwAKAIAAAwAg",
        "data:application/x-font-ttf;base64,AAEAAAALAIAAAwAw",
        "DATA:FONT/WOFF2;BASE64,d09GMgAB",
        "d\\61ta:font/woff2;base64,d09GMgAB",
    ],
)
def test_excalidraw_embedded_fonts_pass(url: str) -> None:
    """2: Excalidraw embeds its fonts in `@font-face` as `data:` URLs."""
    assert svg_problems(excalidraw(url)) == []


def test_embedded_bitmaps_pass_in_css() -> None:
    """2: a bitmap embedded in CSS is part of the file, as it is in `<image href>`."""
    for kind in ("png", "jpeg", "gif", "webp", "avif"):
        style = f"cursor: url(data:image/{kind};base64,iVBORw0KGgo=) 4 4, auto"
        assert svg_problems(svg(f'<rect style="{style}"/>')) == [], kind


FONT_ELSEWHERE = "(only fonts embedded as `data:font/...`)"
OTHER_KIND = "of another kind (only base64 WOFF, WOFF2, TTF or OTF)"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            '"https://excalidraw.com/Virgil.woff2"',
            f"font loaded from another file `url(https://excalidraw.com/Virgil.woff2)` "
            f"{FONT_ELSEWHERE}",
        ),
        ("fonts/Virgil", f"font loaded from another file `url(fonts/Virgil)` {FONT_ELSEWHERE}"),
        (
            "file:///C:/Fonts/Virgil.ttf",
            f"font loaded from another file `url(file:///C:/Fonts/Virgil.ttf)` {FONT_ELSEWHERE}",
        ),
        (
            "data:font/svg+xml;base64,PHN2Zz4=",
            f"embedded font `url(data:font/svg+xml;base64,PHN2Zz4=)` {OTHER_KIND}",
        ),
        (
            "data:text/css;base64,QGltcG9ydA==",
            f"embedded font `url(data:text/css;base64,QGltcG9ydA==)` {OTHER_KIND}",
        ),
        (
            "data:font/woff2,d09GMgAB",  # not base64: only base64 is recognised
            f"embedded font `url(data:font/woff2,d09GMgAB)` {OTHER_KIND}",
        ),
    ],
)
def test_fonts_from_elsewhere_are_refused(url: str, reason: str) -> None:
    """2: a font from another site or file loads it when the drawing is opened; an embedded
    font of a kind not on the list is refused too."""
    assert svg_problems(excalidraw(url)) == [(8, reason)]


@pytest.mark.parametrize(
    ("css", "reason"),
    [
        ("fill: url(https://e.example/Virgil.woff2)", "font loaded from another file"),
        ("fill: url(data:image/svg+xml;base64,PHN2Zz4=)", "embedded SVG image"),
        ("fill: url(file:///C:/p.png)", "reference to a file on the author's computer"),
        ("fill: url(data:image/png;charset=utf-8,x)", "external reference"),
        ("fill: url(data:text/html;base64,PHN2Zz4=)", "external reference"),
    ],
)
def test_other_data_urls_in_css_are_refused(css: str, reason: str) -> None:
    problems = svg_problems(svg(f'<rect style="{css}"/>'))
    assert len(problems) == 1
    assert problems[0][1].startswith(f"{reason} `url("), problems


def test_illustrator_entities_and_editing_data_pass() -> None:
    """3: Illustrator's classic SVG 1.1 export declares its namespaces as entities and
    ("preserve editing capabilities") keeps a `<foreignObject>` for its own `<i:pgfRef>`."""
    assert svg_problems(ILLUSTRATOR_CLASSIC.encode()) == []


def subset(*declarations: str, body: str = "") -> bytes:
    return (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd" [\n'
        + "".join(f" {declaration}\n" for declaration in declarations)
        + f']>\n<svg xmlns="{SVG}">{body}</svg>'
    ).encode()


def test_plain_entities_expand_to_text_that_is_checked() -> None:
    """3: a declared entity expands to plain text, checked where it lands."""
    assert svg_problems(subset('<!ENTITY a "x">', "<!ENTITY b 'y&gt;'>", body="&a;&b;")) == [
        (1, SUBSET_REFUSED)  # `&gt;` in a value is a reference
    ]
    assert svg_problems(subset('<!ENTITY a "x\r\ny">', "<!ENTITY b 'y>z'>", body="&a;&b;")) == []
    assert svg_problems(subset('<!ENTITY j "javascript:alert(1)">', body='<use href="&j;"/>')) == [
        (4, "`javascript:` URL")
    ]
    assert svg_problems(subset("<!ENTITY i \"@import 'x.css';\">", body="<style>&i;</style>")) == [
        (4, "CSS `@import` rule")
    ]
    assert svg_problems(subset('<!ENTITY a "x">', body="&a;&nbsp;\n&b;")) == [
        (4, "undeclared entity `&nbsp;`"),
        (5, "undeclared entity `&b;`"),
    ]


@pytest.mark.parametrize(
    ("declarations", "problems"),
    [
        (['<!ENTITY a "x">', '<!ENTITY b "&a;&a;">'], [(1, SUBSET_REFUSED)]),
        (['<!ENTITY b "&#38;a;">'], [(1, SUBSET_REFUSED)]),
        (['<!ENTITY s "&#60;script>alert(1)&#60;/script>">'], [(1, SUBSET_REFUSED)]),
        (['<!ENTITY s "<script>alert(1)</script>">'], [(1, SUBSET_REFUSED)]),
        (['<!ENTITY % p "x">'], [(1, SUBSET_REFUSED)]),
        (['<!ENTITY % p SYSTEM "https://evil.example/x.dtd">', "%p;"], [(1, SUBSET_REFUSED)]),
        (['<!ENTITY e SYSTEM "file:///etc/passwd">'], [(1, SUBSET_REFUSED)]),
        (['<!ENTITY e PUBLIC "-//x//EN" "https://evil.example/e">'], [(1, SUBSET_REFUSED)]),
        (['<!NOTATION n SYSTEM "x">', '<!ENTITY u SYSTEM "x" NDATA n>'], [(1, SUBSET_REFUSED)]),
        (['<!ATTLIST svg onload CDATA "alert(1)">'], [(1, SUBSET_REFUSED)]),
        (["<!ELEMENT svg ANY>"], [(1, SUBSET_REFUSED)]),
        (["<!-- a comment -->"], [(1, SUBSET_REFUSED)]),
        (["<?pi x?>"], [(1, SUBSET_REFUSED)]),
        (['<!ENTITY lt "x">'], [(1, SUBSET_REFUSED)]),
        (['<!ENTITY a "x">', '<!ENTITY a "y">'], [(1, SUBSET_REFUSED)]),
        ([f'<!ENTITY e{i} "x">' for i in range(51)], [(1, "a DOCTYPE with more than 50 entities")]),
        (
            [f'<!ENTITY long "{"x" * 201}">'],
            [(1, "DOCTYPE entity `long` longer than 200 characters")],
        ),
    ],
)
def test_anything_else_in_a_doctype_subset_is_refused(
    declarations: list[str], problems: list[tuple[int, str]]
) -> None:
    """3: only plain general entities; nothing in a refused subset is expanded or read."""
    assert svg_problems(subset(*declarations, body="&a;")) == problems


def test_entity_limits() -> None:
    """3: at most 50 entities of 200 characters, and 1000 references to them."""
    declarations = [f'<!ENTITY e{i} "{"x" * 200}">' for i in range(50)]
    assert svg_problems(subset(*declarations, body="<text>" + "&e0;" * 1000 + "</text>")) == []
    assert svg_problems(subset(*declarations, body="<text>" + "&e0;" * 1001 + "</text>")) == [
        (1, "more than 1000 references to the DOCTYPE's entities")
    ]


def test_entities_never_fetch_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    """3: the external DTD and any external entity are never read, from the network or disk."""
    import builtins
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tried to load {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(builtins, "open", refuse)
    assert svg_problems(ILLUSTRATOR_CLASSIC.encode()) == []
    assert svg_problems(subset('<!ENTITY e SYSTEM "file:///etc/passwd">', body="&e;")) == [
        (1, SUBSET_REFUSED)
    ]


PGF = (
    f'<switch>\n<foreignObject requiredExtensions="{AI_NS}" width="1" height="1">\n{{}}\n'
    "</foreignObject>\n</switch>"
)
PGF_SVG = f'<svg xmlns="{SVG}" xmlns:i="{AI_NS}" xmlns:xlink="{XLINK}">{{}}</svg>'
ONLY_EDITORS = "(only an editor's `prefix:name` elements may be in it)"


@pytest.mark.parametrize(
    ("inside", "problems"),
    [
        ('<i:pgfRef xlink:href="#pgf"/>', []),
        ("<i:pgfRef>\n  <i:x/>\n</i:pgfRef>\n", []),
        ("", []),
        (
            f'<i:pgfRef/><div xmlns="{XHTML}">label</div>',
            [(2, "`<foreignObject>` (HTML labels, as draw.io and Mermaid export them)")],
        ),
        (
            f'<i:pgfRef><h:p xmlns:h="{XHTML}"/></i:pgfRef>',
            [(2, "`<foreignObject>` (HTML labels, as draw.io and Mermaid export them)")],
        ),
        ('<rect width="1"/>', [(2, f"`<foreignObject>` holding `<rect>` {ONLY_EDITORS}")]),
        (
            f'<pgfRef xmlns="{AI_NS}"/>',  # an HTML parser would make it HTML: <iframe xmlns="x">
            [(2, f"`<foreignObject>` holding `<pgfRef>` {ONLY_EDITORS}")],
        ),
        ("<i:pgfRef>a</i:pgfRef>", [(2, f"`<foreignObject>` holding text {ONLY_EDITORS}")]),
        (
            "<i:pgfRef><![CDATA[a><iframe src='https://evil.example'>]]></i:pgfRef>",
            [(2, f"`<foreignObject>` holding a CDATA section {ONLY_EDITORS}")],
        ),
        ("<?i x?>", [(2, f"`<foreignObject>` holding a processing instruction {ONLY_EDITORS}")]),
        ('<i:pgfRef onload="alert(1)"/>', [(3, "event handler `onload=`")]),
        (
            '<i:pgfRef xlink:href="https://e.example/p"/>',
            [(3, 'external reference `xlink:href="https://e.example/p"`')],
        ),
    ],
)
def test_foreign_object_with_only_an_editors_elements(
    inside: str, problems: list[tuple[int, str]]
) -> None:
    """3: Illustrator's `<foreignObject>` holds only its own `<i:pgfRef>`: inert in a browser,
    and still no HTML once inlined in a page (where an HTML parser makes any unprefixed name,
    and what follows a CDATA section's first `>`, HTML)."""
    data = PGF_SVG.format(PGF.format(inside)).encode()
    assert svg_problems(data) == problems
    if not problems:
        assert not active_in_a_browser(data)


def test_what_an_html_parser_makes_of_a_foreign_object_is_active() -> None:
    """3: why an unprefixed element or a CDATA section in a `<foreignObject>` is refused."""
    for inside in [
        '<iframe xmlns="urn:x" src="https://evil.example"/>',
        "<i:x><![CDATA[a><iframe src='https://evil.example'>]]></i:x>",
    ]:
        assert active_in_a_browser(PGF_SVG.format(PGF.format(inside)).encode()), inside


NO_NAMESPACE_ICON = """<svg width="24" height="24" viewBox="0 0 24 24" fill="none"
 stroke="currentColor" stroke-width="2" stroke-linecap="round">
  <circle cx="12" cy="12" r="10"/><path d="M12 6v6l4 2"/>
  <style>.a { fill: url(#g) }</style>
</svg>
"""


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (NO_NAMESPACE_ICON, []),
        (
            f'<svg viewBox="0 0 1 1">\n<h:script xmlns:h="{XHTML}">alert(1)</h:script></svg>',
            [(2, "HTML element `<h:script>`")],
        ),
        # Inert in the file (plain XML), but the same text inlined in a page is an SVG
        # <script>: judged as the SVG element it would be.
        ('<svg viewBox="0 0 1 1">\n<script>alert(1)</script></svg>', [(2, "`<script>` element")]),
        (
            f'<svg viewBox="0 0 1 1"><g xmlns="{SVG}">\n<script>alert(1)</script></g></svg>',
            [(2, "`<script>` element")],
        ),
        ('<svg onload="alert(1)"/>', [(1, "event handler `onload=`")]),
        ('<svg><a href="https://e.example"/></svg>', [(1, "`<a>` link")]),
        (
            '<svg><use href="https://e.example/i.svg#a"/></svg>',
            [(1, 'external reference `href="https://e.example/i.svg#a"`')],
        ),
        (
            "<svg><style>@import url(x.css);</style></svg>",
            [(1, "CSS `@import` rule"), (1, "external reference `url(x.css)`")],
        ),
        ("<html><body/></html>", [(1, "`<html>` element")]),
        (f'<svg xmlns="{SVG}"><g xmlns="">\n<rect/></g></svg>', []),
    ],
    ids=[
        "icon",
        "xhtml-script",
        "script",
        "svg-script",
        "onload",
        "link",
        "use",
        "import",
        "html",
        "reset-namespace",
    ],
)
def test_no_namespace(text: str, problems: list[tuple[int, str]]) -> None:
    """4: a root `<svg>` without `xmlns` (a hand-trimmed icon) passes when, read as SVG, it
    would: so it is inert both as a file (plain XML) and inlined in an HTML page."""
    assert svg_problems(text.encode()) == problems


def test_an_element_in_no_namespace_is_svg_once_inlined() -> None:
    """4: the reason a `<script>` in no namespace is refused: html5lib (an HTML page) runs it."""
    assert active_in_a_browser(b'<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>')
    assert not active_in_a_browser(NO_NAMESPACE_ICON.encode())


INKSCAPE_FLOWED = f"""<svg xmlns="{SVG}" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg8">
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <flowRoot xml:space="preserve" id="flowRoot10"
       style="font-style:normal;font-size:40px;line-height:1.25;font-family:sans-serif;fill:#000000"
       transform="matrix(0.26458333,0,0,0.26458333,10,20)"><flowRegion id="flowRegion12"><rect
           id="rect14" width="300" height="120" x="40" y="60" /></flowRegion><flowPara
         id="flowPara16">Flowed <flowSpan style="font-weight:bold" id="flowSpan18">text</flowSpan
         ></flowPara><flowDiv id="flowDiv20"><flowPara id="flowPara22">more</flowPara></flowDiv
       ></flowRoot>
  </g>
</svg>
"""


def test_inkscape_flowed_text_passes() -> None:
    """5: Inkscape 0.92's flowed text (SVG 1.2 drafts): unknown to browsers, so inert."""
    assert svg_problems(INKSCAPE_FLOWED.encode()) == []
    assert svg_problems(svg('<flowRoot><flowPara onclick="x">a</flowPara></flowRoot>')) == [
        (1, "event handler `onclick=`")
    ]


def test_css_rect_passes() -> None:
    """6: `clip: rect(...)`, the classic visually-hidden rule."""
    css = ".sr-only { position: absolute; clip: rect(0 0 0 0); clip-path: inset(50%) }"
    assert svg_problems(svg(f'<style>{css}</style><rect clip="rect(0, 0, 10px, 10px)"/>')) == []


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            DRAWIO_HTML_LABELS,
            [
                (4, "`<foreignObject>` (HTML labels, as draw.io and Mermaid export them)"),
                (10, "`<a>` link"),
            ],
        ),
        (MERMAID, [(7, "`<foreignObject>` (HTML labels, as draw.io and Mermaid export them)")]),
        (
            PGF_SVG.format('<a xlink:href="https://example.com">\n<text>x</text></a>'),
            [(1, "`<a>` link")],
        ),
        (
            PGF_SVG.format('<image xlink:href="data:image/svg+xml;base64,PHN2Zz4="/>'),
            [
                (
                    1,
                    'embedded SVG image `xlink:href="data:image/svg+xml;base64,PHN2Zz4="`'
                    " (only PNG, JPEG, GIF, WebP or AVIF may be embedded)",
                )
            ],
        ),
        (
            PGF_SVG.format('<image xlink:href="file:///C:/Users/me/Pictures/logo.png"/>'),
            [
                (
                    1,
                    "reference to a file on the author's computer "
                    '`xlink:href="file:///C:/Users/me/Pictures/logo.png"`',
                )
            ],
        ),
    ],
    ids=["drawio-html-labels", "mermaid", "link", "svg-image", "file"],
)
def test_common_exports_still_refused_say_why(text: str, problems: list[tuple[int, str]]) -> None:
    """7: draw.io's and Mermaid's HTML labels, links, embedded SVG and the author's own files
    stay refused, each with a reason that names the common cause."""
    assert svg_problems(text.encode()) == problems


# --- Read differently once inlined in an HTML page: html5lib ends a processing
# instruction, a comment or a DOCTYPE where XML does not, or reads an unprefixed editor's
# element as its own; what follows would be markup.

HTML_READS_DIFFERENTLY: dict[str, tuple[str, list[tuple[int, str]]]] = {
    "pi-with-gt": (
        f'<svg xmlns="{SVG}">\n<?x a><script>alert(1)</script>?></svg>',
        [(2, "processing instruction with `>` in it")],
    ),
    "pi-with-gt-in-prolog": (
        f'<?x a><img src="https://evil.example/x"/>?>\n<svg xmlns="{SVG}"/>',
        [(1, "processing instruction with `>` in it")],
    ),
    "comment-ended-at-once": (
        f'<svg xmlns="{SVG}">\n<!-->a<script>alert(1)</script>--></svg>',
        [(2, "comment that HTML ends early (`<!-->`)")],
    ),
    "comment-ended-at-dash": (
        f'<!--->a<script>alert(1)</script>-->\n<svg xmlns="{SVG}"/>',
        [(1, "comment that HTML ends early (`<!--->`)")],
    ),
    "doctype-system-with-gt": (
        f'<!DOCTYPE svg SYSTEM "a><script>alert(1)</script>">\n<svg xmlns="{SVG}"/>',
        [(1, "DOCTYPE identifier with `>` in it")],
    ),
    "doctype-system-with-gt-and-subset": (
        "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" 'a><script>alert(1)</script>' [\n"
        f'<!ENTITY e "x">]>\n<svg xmlns="{SVG}"/>',
        [(1, "DOCTYPE identifier with `>` in it")],
    ),
    "unprefixed-editor-img": (
        f'<svg xmlns="{SVG}">\n<img xmlns="urn:x" src="https://evil.example/x"/></svg>',
        [(2, "`<img>` in namespace `urn:x` (HTML reads it as its own `<img>`)")],
    ),
    "unprefixed-editor-script": (
        f'<svg xmlns="{SVG}"><metadata>\n<Script xmlns="urn:x">alert(1)</Script></metadata></svg>',
        [(2, "`<Script>` in namespace `urn:x` (HTML reads it as SVG `<script>`)")],
    ),
    "unprefixed-editor-iframe-in-title": (
        f'<svg xmlns="{SVG}"><title><iframe xmlns="urn:x" src="https://evil.example"/></title>'
        "</svg>",
        [(1, "`<iframe>` in namespace `urn:x` (HTML reads it as its own `<iframe>`)")],
    ),
    "unprefixed-editor-a": (
        f'<svg xmlns="{SVG}"><a xmlns="urn:x" href="javascript:alert(1)"><text>hi</text></a></svg>',
        [(1, "`<a>` in namespace `urn:x` (HTML reads it as SVG `<a>`)")],
    ),
}


@pytest.mark.parametrize("name", HTML_READS_DIFFERENTLY)
def test_what_html_ends_or_reads_differently_is_refused(name: str) -> None:
    """8: each is inert as a file (XML) but active in a page (html5lib): refused, one reason."""
    text, problems = HTML_READS_DIFFERENTLY[name]
    assert active_in_a_browser(text.encode())
    assert svg_problems(text.encode()) == problems


def test_comment_that_html_ends_at_bang_is_not_xml() -> None:
    """8: `--!>` ends an HTML comment, but `--` may not be in an XML comment at all."""
    data = f'<svg xmlns="{SVG}"><!--a--!><script>alert(1)</script>--></svg>'.encode()
    assert svg_problems(data) == [(1, "not well-formed XML (invalid token)")]


@pytest.mark.parametrize(
    "text",
    [
        f'<svg xmlns="{SVG}"><?x a?><!-- a > b - > --><!--a->--><!----></svg>',
        f'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd"><svg xmlns="{SVG}"/>',
        f'<svg xmlns="{SVG}" xmlns:i="urn:x"><i:img src="x"/><i:script/><inkscape xmlns="urn:x"/>'
        '<sfw xmlns="urn:x"><slices/><sliceSourceBounds x="0"/></sfw></svg>',
    ],
    ids=["pi-and-comments", "doctype", "editor-elements"],
)
def test_what_html_reads_as_xml_does_passes(text: str) -> None:
    """8: a `>` elsewhere in a comment, prefixed editor's elements and unprefixed ones under
    names neither HTML nor SVG knows (Illustrator's `<sfw>`) are inert in both readings."""
    assert svg_problems(text.encode()) == []
    assert not active_in_a_browser(text.encode())


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
        [(2, "`<foreignObject>` (HTML labels, as draw.io and Mermaid export them)")],
    ),
    "a-javascript": (
        f'<svg xmlns="{SVG}"><a href="javascript:alert(1)"><text>hi</text></a></svg>',
        [(1, "`<a>` link")],
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
        [
            (
                1,
                'embedded SVG image `href="data:image/svg+xml;base64,PHN2Zz4="` (only PNG, JPEG, '
                "GIF, WebP or AVIF may be embedded)",
            )
        ],
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
    "billion-laughs": (BILLION_LAUGHS, [(2, SUBSET_REFUSED)]),
    "attlist-default-handler": (
        f'<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]><svg xmlns="{SVG}"/>',
        [(1, SUBSET_REFUSED)],
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
        subset(*[f'<!ENTITY e{i} "{"x" * 200}">' for i in range(50)], body="&e0;" * 1_000_000),
        subset('<!ENTITY e "' + "x" * 4_000_000 + '">', body="&e;"),
        subset(*['<!ENTITY e "x">'] * 200_000),
        svg("<style>" + "@font-face{src:url(data:font/woff2;base64,AAAA)}" * 50_000 + "</style>"),
        svg("<style>" + "src:url(" * 200_000 + "</style>"),
    ],
    ids=[
        "deep",
        "parens",
        "backslashes",
        "entities",
        "spaces",
        "entity-references",
        "entity-value",
        "entity-declarations",
        "embedded-fonts",
        "font-urls",
    ],
)
def test_worst_cases_are_linear(data: bytes) -> None:
    started = time.perf_counter()
    svg_problems(data)
    assert time.perf_counter() - started < 3


# --- A browser's view: what lxml (XML, as a browser reads image/svg+xml) or html5lib (the
# same text inlined in HTML, where `<SCRIPT>` is a script) sees as active must be refused.

# `<foreignObject>` is only a box: what is in it (HTML, a script, an iframe) is judged itself.
_ACTIVE_TAGS = {"script", "iframe", "object", "embed", "a", "handler", "img"}
_URL_ATTRIBUTES = {"href", f"{{{XLINK}}}href", "src", "action", "formaction", "data", "poster"}
# `url()` loads another file unless it is `#id` or an embedded bitmap or font.
_CSS_LOAD = re.compile(
    r"url\((?!['\"]?(?:#|data:(?:font/|application/(?:x-)?font-|image/(?:png|jpeg|gif|webp|avif)"
    r"[;,])))|@import|image-set\(|image\(",
    re.I,
)
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


class _NoFetch(etree.Resolver):
    """Every external DTD and entity reads as empty: a browser fetches none."""

    def resolve(self, url: str, pubid: str | None, context: object) -> object:
        return self.resolve_string("", context)


def active_in_a_browser(data: bytes) -> bool:
    """An independent, denylist oracle, true when a browser would run or load something:
    the file read as XML by lxml (as a browser reads image/svg+xml: internal entities
    expanded, the internal subset's attribute defaults applied, nothing fetched), or its
    text inlined in an HTML page and read by html5lib (where `<SCRIPT>` is a script, and an
    element in no namespace inside `<svg>` is SVG)."""
    parser = etree.XMLParser(load_dtd=True, attribute_defaults=True, no_network=True)
    parser.resolvers.add(_NoFetch())
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False  # the browser shows an error (and svg_problems reports it anyway)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any("<" in (entity.content or "") for entity in dtd.iterentities()):
        return True  # expands to markup (which lxml, unlike a browser, leaves in no namespace)
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
    # not `<!-->`, which HTML ends at once (refused)
    XML_TEXT.map(lambda text: f"<!--{text.replace('-', '_').lstrip('>')}-->"),
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
        "url(data:font/woff2;base64,d09GMgAB)",
        "url('data:image/svg+xml;base64,PHN2Zz4=')",
        "rect(0 0 0 0)",
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
    "flowRoot",
    "flowPara",
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


def document(root: dict, prolog: str = "", namespaced: bool = True) -> bytes:
    """The drawing's text; `namespaced=False` leaves out `xmlns` (a hand-trimmed icon)."""
    opening = ROOT if namespaced else ROOT.replace(f' xmlns="{SVG}"', "")
    return (prolog + render(root).replace("<svg", opening, 1)).encode()


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
CSS_TARGETS = [
    "https://evil.example/p.png",
    "//evil.example/p",
    "x.png",
    "data:image/svg+xml,x",
    "https://evil.example/Virgil.woff2",
    "file:///C:/Windows/Fonts/x.ttf",
]


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
                "html-reading",
            ]
        )
    )
    if kind == "html-reading":
        tag = draw(st.sampled_from(["script", "img", "iframe", "Script"]))
        payload = f'<{tag} src="https://evil.example/x">alert(1)</{tag}>'
        return draw(
            st.sampled_from(
                [
                    ("prolog", f"<?x a>{payload}?>"),
                    ("prolog", f"<!-->{payload}-->"),
                    ("prolog", f"<!--->{payload}-->"),
                    ("prolog", f"<!DOCTYPE svg SYSTEM 'a>{payload}'>"),
                    ("child", f"<?x a>{payload}?>"),
                    ("child", f"<!-->{payload}-->"),
                    ("child", f'<{tag} xmlns="urn:x" src="https://evil.example/x"/>'),
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
        inside = draw(
            st.sampled_from(
                [
                    f'<body xmlns="{XHTML}"><{tag}>x</{tag}></body>',
                    f'<i:x xmlns:i="urn:x"><body xmlns="{XHTML}"><{tag}>x</{tag}></body></i:x>',
                    f'<{tag} xmlns="urn:x" src="https://evil.example/x"/>',  # HTML when inlined
                    f'<i:x xmlns:i="urn:x"><![CDATA[a><{tag} src="https://evil.example/x">]]></i:x>',
                    f"<{tag}>x</{tag}>",
                ]
            )
        )
        return "child", f'<foreignObject width="9" height="9">{inside}</foreignObject>'
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
                    f'<!ENTITY {entity} "&#60;script&#62;alert(1)&#60;/script&#62;">',
                    f'<!ENTITY {entity} "<g/>">',
                    f'<!ENTITY a "x"><!ENTITY {entity} "{escape(draw(XML_TEXT))}&a;">',
                    f'<!ENTITY {entity} "{"x" * 201}">',
                    f"<!-- {draw(XML_TEXT).replace('-', '_')} -->",
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
    namespaced = draw(st.booleans())
    node = draw(st.sampled_from(nodes_of(root)))
    if kind == "attribute":
        name = markup.partition("=")[0]
        node["attributes"] = [pair for pair in node["attributes"] if pair[0] != name]
        node["raw"] = markup
    else:
        node["children"].insert(draw(st.integers(0, len(node["children"]))), markup)
    return document(root, namespaced=namespaced)


@pytest.mark.fuzz
@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_document())
def test_generated_hostile_svgs_are_refused(data: bytes) -> None:
    problems = svg_problems(data)
    assert problems, data
    assert not [reason for _, reason in problems if reason.startswith("not well-formed")], data


@pytest.mark.fuzz
@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREE, st.sampled_from(["", '<?xml version="1.0"?>\n', ILLUSTRATOR_DOCTYPE]), st.booleans())
def test_generated_plain_drawings_pass(tree: dict, prolog: str, namespaced: bool) -> None:
    data = document(wrap(tree), prolog, namespaced)
    assert svg_problems(data) == [], data
    assert not active_in_a_browser(data), data


@pytest.mark.fuzz
@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.builds(document, MIXED.map(wrap), st.just(""), st.booleans()),
        hostile_document(),
    )
)
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


def test_an_element_inside_title_or_desc_is_refused():
    """`<title>` and `<desc>` are where an HTML parser reads HTML again once the SVG is
    inlined: `<title><image>` would be an HTML `<img>` (found by `make fuzz`). Editors
    write only text there, and an editor's prefixed element stays inert."""
    from masthead.core.svg import svg_problems

    assert svg_problems(b'<svg viewBox="0 0 9 9"><title><image></image></title></svg>') == [
        (
            1,
            "`<image>` inside `<title>` (an HTML parser reads what `<title>` and `<desc>` "
            "hold as HTML)",
        )
    ]
    plain = (
        f'<svg xmlns="{SVG}" xmlns:i="urn:x"><title>A map</title><desc>Lines <i:x/></desc>'
        '<rect width="1" height="1"/></svg>'
    )
    assert svg_problems(plain.encode()) == []
