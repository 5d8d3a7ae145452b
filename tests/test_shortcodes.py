"""Other generators' syntax in post bodies (issue #14, point 3): Hugo shortcodes, Liquid
tags and values, MDX import lines and components become Markdown or HTML; unknown ones
are left out with a warning at their file line, and none reaches a page, a card, a
description, a feed or JSON-LD as raw syntax. Code keeps them as written."""

from __future__ import annotations

import json
import time

import feedparser
import pytest
from conftest import check_json, examples, problem_lines
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from masthead.core import shortcodes
from masthead.core.catalogue import Settings, parse_post
from masthead.core.code import prose
from masthead.core.problems import DEFAULT_LEVELS, Level
from masthead.core.shortcodes import translate

YT = '<iframe src="https://www.youtube-nocookie.com/embed/{}" title="{}" allowfullscreen></iframe>'
UNKNOWN_FIX = "replace it with Markdown or HTML"


def out(body: str, page: dict | None = None) -> str:
    return translate(body, page).markdown


def found(body: str, page: dict | None = None) -> list[tuple[str, int, str, str]]:
    return [(f.code, f.line, f.message, f.fix) for f in translate(body, page).findings]


def raw_syntax(markdown: str) -> list[str]:
    """Openers of other generators' syntax left outside code."""
    view = prose(markdown)
    return [s for s in ("{{<", "{{%", "{%") if s in view]


# -- Hugo ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{< youtube w7Ft2ymGmfc >}}", YT.format("w7Ft2ymGmfc", "YouTube video")),
        ('{{< youtube id="w7Ft2ymGmfc" title="Our talk" >}}', YT.format("w7Ft2ymGmfc", "Our talk")),
        (
            "Watch {{< youtube w7Ft2ymGmfc >}} now.",
            "Watch " + YT.format("w7Ft2ymGmfc", "YouTube video") + " now.",
        ),
        (
            "{{< vimeo 146022717 >}}",
            '<iframe src="https://player.vimeo.com/video/146022717" title="Vimeo video" '
            "allowfullscreen></iframe>",
        ),
        (
            '{{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}',
            '<blockquote class="twitter-tweet"><a href="https://twitter.com/SanDiegoZoo/status/'
            '1453110110599868418">A post by @SanDiegoZoo on X</a></blockquote>',
        ),
        (
            "{{< tweet 877500564405444608 >}}",
            '<blockquote class="twitter-tweet"><a href="https://twitter.com/i/status/'
            '877500564405444608">A post on X</a></blockquote>',
        ),
        (
            "{{< gist spf13 7896402 >}}",
            "[View the code on GitHub Gist](https://gist.github.com/spf13/7896402)",
        ),
        (
            '{{< figure src="/img/x.png" caption="A bridge at dusk" alt="The bridge" >}}',
            "![The bridge](/img/x.png) *A bridge at dusk*",
        ),
        (
            '{{< figure src="/img/x.png" title="Dusk" link="/big.png" >}}',
            "[![](/img/x.png)](/big.png) ***Dusk***",
        ),
        ('{{< figure src="/img/my x.png" alt="A [b]" >}}', "![A \\[b\\]](/img/my%20x.png)"),
        (
            '{{< highlight go "linenos=table,hl_lines=2" >}}\nfunc main() {}\n{{< /highlight >}}',
            "```go\nfunc main() {}\n```",
        ),
        (
            "{{< highlight md >}}\n```\nx\n```\n{{< /highlight >}}",
            "````md\n```\nx\n```\n````",
        ),
        ("Run {{< highlight sh >}}ls -l{{< /highlight >}} first.", "Run `ls -l` first."),
        ('See [the post]({{< ref "other-post.md" >}}).', "See [the post](other-post.md)."),
        ('See [it]({{< relref "/posts/other#part" >}}).', "See [it](other.md#part)."),
        ('[x]: {{< ref "blog/bundle/index.md" >}}', "[x]: bundle.md"),
        ('Also {{< relref "other.md" >}}.', "Also [other](other.md)."),
        ("{{< comment >}}\nnotes to self\n{{< /comment >}}\nText.", "\n\n\nText."),
    ],
    ids=[
        "youtube",
        "youtube-named",
        "youtube-inline",
        "vimeo",
        "tweet",
        "tweet-id-only",
        "gist",
        "figure",
        "figure-title-link",
        "figure-as-image",
        "highlight",
        "highlight-holding-a-fence",
        "highlight-on-one-line",
        "ref-in-link",
        "relref-with-anchor",
        "ref-definition-bundle",
        "relref-alone",
        "comment",
    ],
)
def test_known_hugo_shortcodes(body, expected):
    result = translate(body)
    assert result.markdown == expected
    assert result.findings == []


def test_an_unknown_hugo_shortcode_is_left_out_with_a_warning():
    body = "Intro.\n\n{{< instagram BWNjjyYFxVx >}}\n\nAfter."
    assert out(body) == "Intro.\n\n\n\nAfter."
    assert found(body) == [
        (
            "shortcode-unknown",
            2,
            "the Hugo shortcode {{< instagram >}} has no equivalent here; it is left out of "
            "the page",
            UNKNOWN_FIX,
        )
    ]


def test_a_paired_unknown_shortcode_keeps_its_content():
    body = "{{% notice warning %}}\nBack up **first**.\n{{% /notice %}}"
    assert out(body) == "\nBack up **first**.\n"
    assert found(body) == [
        (
            "shortcode-unknown",
            0,
            "the Hugo shortcode {{% notice %}} has no equivalent here; it is left out of the "
            "page and its content is kept",
            UNKNOWN_FIX,
        )
    ]


def test_nested_shortcodes_are_each_translated():
    body = (
        "{{< tabs >}}\n{{< tab name=a >}}\n{{< youtube abcdefghijk >}}\n{{< /tab >}}\n{{< /tabs >}}"
    )
    assert out(body) == "\n\n" + YT.format("abcdefghijk", "YouTube video") + "\n\n"
    assert [(code, line) for code, line, _, _ in found(body)] == [
        ("shortcode-unknown", 0),
        ("shortcode-unknown", 1),
    ]


def test_hugo_escapes_show_the_shortcode_as_text():
    # In prose as inert text; in code as the shortcode itself (Hugo reads code too).
    body = "Write {{</* youtube ID */>}}.\n\n`{{%/* notice */%}}`\n\n```\n{{</* figure */>}}\n```"
    assert out(body) == (
        "Write &#123;&#123;&lt; youtube ID &gt;&#125;&#125;.\n\n`{{% notice %}}`\n\n"
        "```\n{{< figure >}}\n```"
    )
    assert found(body) == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("{{< youtube >}}", ("{{< youtube >}}", "video id")),
        ('{{< youtube id="a b" >}}', ("{{< youtube >}}", "video id")),
        ("{{< vimeo abc >}}", ("{{< vimeo >}}", "video id")),
        ("{{< tweet user=x id=abc >}}", ("{{< tweet >}}", "post id")),
        ("{{< figure alt=x >}}", ("{{< figure >}}", "image source")),
        ('{{< ref "" >}}', ("{{< ref >}}", "post to link to")),
    ],
    ids=["youtube", "youtube-bad-id", "vimeo", "tweet", "figure", "ref"],
)
def test_a_known_shortcode_without_what_it_needs_is_left_out(body, problem):
    shown, missing = problem
    [(code, line, message, _)] = found(body)
    assert out(body) == ""
    assert (code, line) == ("shortcode-invalid", 0)
    assert message == f"the Hugo shortcode {shown} has no {missing}; it is left out of the page"


def test_the_fix_for_a_missing_video_id():
    assert found("{{< youtube >}}")[0][3] == (
        "give it the video's id (from its address, e.g. `w7Ft2ymGmfc`)"
    )


# -- Liquid ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '{% include image.html url="/assets/x.png" description="A map" %}',
            "![A map](/assets/x.png)",
        ),
        (
            '{% include figure.html image="/x.png" alt="Map" caption="The old map" %}',
            "![Map](/x.png) *The old map*",
        ),
        (
            "{% highlight ruby linenos %}\ndef hi\n  puts '{{ x }}'\nend\n{% endhighlight %}",
            "```ruby\ndef hi\n  puts '{{ x }}'\nend\n```",
        ),
        (
            "{% highlight liquid %}\n{% raw %}{{ page.title }}{% endraw %}\n{% endhighlight %}",
            "```liquid\n{{ page.title }}\n```",
        ),
        ("{% codeblock lang:js %}\nx()\n{% endcodeblock %}", "```js\nx()\n```"),
        ("![Map]({{ site.baseurl }}/assets/map.png)", "![Map](/assets/map.png)"),
        ('<img src="{{ site.url }}{{ site.baseurl }}/a.png">', '<img src="/a.png">'),
        ('![Map]({{ "/assets/map.png" | relative_url }})', "![Map](/assets/map.png)"),
        ("# {{ page.title }}", "# Fish &amp; chips"),
        ("By {{ page.author.name }}.", "By Ann."),
        ("{{ page.title | escape }}", "Fish &amp; chips"),
        ("{{ page.nothing }}", ""),
        (
            "{% raw %}Write {{ page.title }} or {% if %}.{% endraw %}",
            "Write &#123;&#123; page.title }} or &#123;% if %}.",
        ),
        ("{% youtube w7Ft2ymGmfc %}", YT.format("w7Ft2ymGmfc", "YouTube video")),
        (
            '{% youtube "https://www.youtube.com/watch?v=w7Ft2ymGmfc" %}',
            YT.format("w7Ft2ymGmfc", "YouTube video"),
        ),
        (
            "{% vimeo 1234 %}",
            '<iframe src="https://player.vimeo.com/video/1234" title="Vimeo video" '
            "allowfullscreen></iframe>",
        ),
        (
            "{% gist parkr/931c1c8d465a04042403 %}",
            "[View the code on GitHub Gist](https://gist.github.com/parkr/931c1c8d465a04042403)",
        ),
        (
            "{% twitter https://twitter.com/jekyllrb/status/1234567 %}",
            '<blockquote class="twitter-tweet"><a href="https://twitter.com/jekyllrb/status/'
            '1234567">A post by @jekyllrb on X</a></blockquote>',
        ),
        ("[Next]({% link _posts/2016-07-26-name.md %})", "[Next](2016-07-26-name.md)"),
        ("[Old]({% post_url 2010-07-21-name %})", "[Old](2010-07-21-name.md)"),
        ("See {% post_url 2010-07-21-name %}.", "See [2010-07-21-name](2010-07-21-name.md)."),
        ("{% comment %}\nTODO\n{% endcomment %}Text", "\n\nText"),
    ],
    ids=[
        "include-image",
        "include-figure",
        "highlight",
        "highlight-with-raw",
        "hexo-codeblock",
        "baseurl",
        "url-baseurl",
        "relative-url",
        "page-title",
        "page-nested",
        "page-escaped",
        "page-missing",
        "raw",
        "youtube",
        "youtube-url",
        "vimeo",
        "gist",
        "twitter",
        "link",
        "post-url",
        "post-url-alone",
        "comment",
    ],
)
def test_known_liquid(body, expected):
    page = {"title": "Fish & chips", "author": {"name": "Ann"}}
    result = translate(body, page)
    assert result.markdown == expected
    assert result.findings == []


@pytest.mark.parametrize(
    ("body", "expected", "message", "fix"),
    [
        (
            "{% include footer.html %}",
            "",
            "the Liquid tag {% include footer.html %} has no equivalent here; it is left out "
            "of the page",
            UNKNOWN_FIX,
        ),
        (
            "{% if page.x %}Shown{% endif %}",
            "Shown",
            "the Liquid tag {% if %} has no equivalent here; it is left out of the page and "
            "its content is kept",
            UNKNOWN_FIX,
        ),
        (
            "Built by {{ site.title }}.",
            "Built by .",
            "the Liquid value {{ site.title }} has no equivalent here; it is left out of the page",
            "write the text it stands for",
        ),
        (
            "{% highlight ruby %}\nx = 1\n",
            "\nx = 1\n",
            "the Liquid tag {% highlight %} is never closed with {% endhighlight %}; it is "
            "left out of the page",
            "add {% endhighlight %} where its content ends",
        ),
        (
            "Text {% endif %}",
            "Text ",
            "the Liquid tag {% endif %} closes nothing; it is left out of the page",
            "remove it",
        ),
        (
            "100{% of it",
            "100 of it",
            "`{%` starts a Liquid tag that nothing closes; it is left out of the page",
            "end the tag with `%}`, or write the text in a code span",
        ),
    ],
    ids=["include", "if", "value", "unclosed-highlight", "orphan-end", "unclosed-opener"],
)
def test_unknown_and_broken_liquid(body, expected, message, fix):
    result = translate(body)
    assert result.markdown == expected
    assert [(f.message, f.fix) for f in result.findings] == [(message, fix)]


def test_a_go_template_in_prose_is_text_as_for_hugo():
    assert translate("Use {{ .Title }} in layouts.") == translate("Use {{ .Title }} in layouts.")
    assert out("Use {{ .Title }} in layouts.") == "Use {{ .Title }} in layouts."
    assert found("Use {{ .Title }} in layouts.") == []


def test_a_page_value_is_text_never_syntax():
    page = {"title": "{{< youtube x >}} <b>{% if %}"}
    assert out("{{ page.title }}", page) == (
        "&#123;&#123;&lt; youtube x &gt;&#125;&#125; &lt;b&gt;&#123;% if %&#125;"
    )


def test_raw_in_code_is_dropped_and_raw_text_is_kept():
    body = "```liquid\n{% raw %}{{ page.title }}{% endraw %}\n```\n\n`{% raw %}{{ x }}{% endraw %}`"
    assert out(body) == "```liquid\n{{ page.title }}\n```\n\n`{{ x }}`"


def test_past_fifty_findings_one_says_how_many_more():
    result = translate("{{< instagram x >}}\n" * 60)
    assert result.markdown == "\n" * 60
    assert [f.line for f in result.findings] == list(range(51))
    assert result.findings[-1] == shortcodes.Finding(
        "shortcode-unknown",
        50,
        "10 more Hugo shortcodes, Liquid tags or MDX components from this line on are left "
        "out of the page or changed",
        "fix the ones listed first, then check the post again",
    )


# -- MDX -------------------------------------------------------------------------------------
MDX = """\
import {
  Callout,
} from '../components/callout'
import YouTube from "@/components/youtube";

export const meta = {
  title: 'Hello',
}

# Hello

<YouTube videoId="w7Ft2ymGmfc" />

<Callout type="info">
Read **this**.
</Callout>

<Tweet id="1453110110599868418"/>
<CodePen hash="PNaGbb" user="someone" title="A pen" />
<Chart data={[1, 2]} />
{/* a note for editors */}
"""


def test_an_mdx_body():
    result = translate(MDX)
    assert result.markdown == (
        "\n" * 9
        + "# Hello\n\n"
        + YT.format("w7Ft2ymGmfc", "YouTube video")
        + "\n\n\nRead **this**.\n\n\n"
        + '<blockquote class="twitter-tweet"><a href="https://twitter.com/i/status/'
        + '1453110110599868418">A post on X</a></blockquote>\n'
        + '<iframe src="https://codepen.io/someone/embed/PNaGbb" title="A pen" '
        + "allowfullscreen></iframe>\n\n\n"
    )
    assert result.markdown.count("\n") == MDX.count("\n")
    assert [(f.code, f.line, f.message) for f in result.findings] == [
        (
            "mdx-import",
            0,
            "the MDX import and export lines at the top of the post are left out of the page",
        ),
        (
            "shortcode-unknown",
            13,
            "the MDX component <Callout> has no equivalent here; it is left out of the page "
            "and its content is kept",
        ),
        (
            "shortcode-unknown",
            19,
            "the MDX component <Chart> has no equivalent here; it is left out of the page",
        ),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<Youtube id="abc123" />', YT.format("abc123", "YouTube video")),
        ("<YouTube videoId='abc123'/>", YT.format("abc123", "YouTube video")),
        ('<LiteYouTubeEmbed id={"abc123"} title="Demo" />', YT.format("abc123", "Demo")),
        (
            '<YouTube url="https://youtu.be/w7Ft2ymGmfc" />',
            YT.format("w7Ft2ymGmfc", "YouTube video"),
        ),
        ('<YouTube\n  id="abc123"\n/>', YT.format("abc123", "YouTube video") + "\n\n"),
        ('<Image src="/a.png" alt="A" width={600} />', "![A](/a.png)"),
    ],
    ids=["youtube", "youtube-videoid", "lite-expression", "url", "multi-line", "image"],
)
def test_known_components(body, expected):
    result = translate(body)
    assert result.markdown == expected and result.findings == []


def test_html_in_capitals_and_other_text_are_not_components():
    for body in ("<B>bold</B> and <IMG SRC=x.png>", "<John@example.com>", "a < B and C > d"):
        assert out(body) == body and found(body) == []


def test_import_lines_only_count_at_the_top():
    body = "Text first.\n\nimport X from 'x'\n"
    assert out(body) == body and found(body) == []
    # Prose that starts with the word is not an import line.
    assert out("import this, said the poet.\n") == "import this, said the poet.\n"


# -- code is code ----------------------------------------------------------------------------
def test_code_keeps_the_syntax_as_written():
    body = (
        '```go\n{{< youtube x >}}\n{% include a.html %}\n<YouTube id="y" />\n```\n\n'
        "Inline `{{< instagram x >}}` and `{% if %}` stay.\n\n"
        "<!-- {{< instagram x >}} -->\n\n"
        "    {{< youtube x >}} in an indented block\n"
        "    {% if %}\n"
    )
    assert translate(body) == shortcodes.Translation(body, [])


# -- lines -----------------------------------------------------------------------------------
def test_lines_of_findings_are_file_lines_in_a_post():
    raw = (
        b"---\ntitle: T\ndate: 2024-01-01\n---\n\nimport X from 'x'\n\nOne.\n\n"
        b"{{< instagram x >}}\n\n{% include nav.html %}\n"
    )
    parsed = parse_post(raw, "x.md", Settings())
    assert [(f.code, f.line) for f in parsed.findings if f.code in shortcodes.CODES] == [
        ("mdx-import", 6),
        ("shortcode-unknown", 10),
        ("shortcode-unknown", 12),
    ]
    # Lines do not move: the summary is the first paragraph, the page's lines the file's.
    assert parsed.meta.summary == "One."
    assert parsed.markdown_line + parsed.body.lstrip("\n").split("\n").index("One.") == 8


def test_the_summary_never_shows_raw_syntax():
    raw = (
        b"---\ntitle: T\ndate: 2024-01-01\n---\n"
        b"{{< instagram x >}}Our trip to {{% mark %}}Lisbon{{% /mark %}}, {{ site.title }}"
        b"{% if x %} with <Badge>friends</Badge>{% endif %}.\n"
    )
    parsed = parse_post(raw, "x.md", Settings())
    assert parsed.meta.summary == "Our trip to Lisbon, with friends."


def test_the_option_turns_translation_off():
    raw = b"---\ntitle: T\ndate: 2024-01-01\nsummary: S.\n---\n{{< instagram x >}}\n"
    parsed = parse_post(raw, "x.md", Settings(shortcodes=False))
    assert parsed.body == "{{< instagram x >}}\n" and parsed.findings == []
    from masthead.frontmatter.config import FrontMatterConfig
    from masthead.frontmatter.plugin import settings_from

    options = FrontMatterConfig()
    options.load_dict({"shortcodes": False})
    assert not options.validate()[0]
    assert settings_from(options).shortcodes is False
    assert settings_from(FrontMatterConfig()).shortcodes is True


def test_the_codes_have_levels():
    assert {code: DEFAULT_LEVELS[code] for code in shortcodes.CODES} == {
        "shortcode-unknown": Level.WARN,
        "shortcode-invalid": Level.WARN,
        "mdx-import": Level.INFO,
    }


# -- generated bodies ------------------------------------------------------------------------
_KNOWN = [
    "{{< youtube w7Ft2ymGmfc >}}",
    '{{< youtube id="abc" >}}',
    '{{< tweet user="x" id="123" >}}',
    "{{< gist u 1a2b >}}",
    "{{< vimeo 42 >}}",
    '{{< figure src="/img/x.png" caption="C" alt="A" >}}',
    '[x]({{< ref "post.md" >}})',
    '{{< relref "x" >}}',
    "{{< highlight go >}}\nx := 1\n{{< /highlight >}}",
    "{% highlight ruby %}\nputs 1\n{% endhighlight %}",
    '{% include image.html url="/a.png" %}',
    "{{ site.baseurl }}/x.png",
    "{{ page.title }}",
    "{% raw %}{{ a }}{% endraw %}",
    "{% youtube ID %}",
    "{% post_url 2010-07-21-name %}",
    '<Youtube id="abc" />',
    '<YouTube videoId="abc"/>',
    '<Tweet id="5"/>',
    "{{</* escaped */>}}",
    "{/* note */}",
]
_ODD = [
    "{{< instagram x >}}",
    "{{% notice %}}",
    "{{% /notice %}}",
    "{{< /x >}}",
    "{{<",
    "{{%",
    "{%",
    "{{",
    "}}",
    "%}",
    ">}}",
    "{{< youtube",
    "{% highlight %}",
    "{% endhighlight %}",
    "{% raw %}",
    "{% endraw %}",
    "{% if x %}",
    "{% endif %}",
    "{{ site.title }}",
    "{{ .Title }}",
    "<Callout>",
    "</Callout>",
    "<Chart a={{b: 1}} />",
    "<Foo",
    '"',
    "'",
    "{",
    "}",
    "<",
    ">",
    "/*",
    "*/",
    "import X from 'x'",
    "export const a = {",
    "```",
    "~~~",
    "`",
    "<!--",
    "-->",
    "    ",
]
_PROSE = st.sampled_from(["Some prose.", "x", "a *b* c", "[l](u)", "# H", "- item", "> q", ""])
_SEPARATORS = st.sampled_from(["", " ", "\n", "\n\n"])


_PIECES = st.sampled_from(_KNOWN + _ODD)


@st.composite
def bodies(draw) -> str:
    parts = draw(st.lists(st.one_of(_PIECES, _PROSE), max_size=30))
    separators = draw(st.lists(_SEPARATORS, min_size=len(parts), max_size=len(parts)))
    body = "".join(p + s for p, s in zip(parts, separators, strict=True))
    if draw(st.booleans()):  # huge: the same text many times
        body *= draw(st.integers(2, 2_000 // (len(body) + 1) + 2))
    return body


NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]


@settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(body=bodies())
def test_any_body_is_translated_with_no_raw_syntax_left(body):
    result = translate(body, {"title": "T {{< x >}}"})
    assert raw_syntax(result.markdown) == []
    # Line breaks are never taken away (a fence mid-line adds one).
    assert result.markdown.count("\n") >= body.count("\n")
    if "highlight" not in body and "codeblock" not in body:
        assert result.markdown.count("\n") == body.count("\n")
    for finding in result.findings:
        assert 0 <= finding.line <= body.count("\n")
        assert finding.code in shortcodes.CODES and finding.message and finding.fix
    # Read again, nothing raw is left either.
    assert raw_syntax(out(result.markdown)) == []


@settings(max_examples=examples(200), deadline=None)
@given(
    body=st.lists(
        st.one_of(st.sampled_from(_KNOWN), _PROSE, st.just("```\n{{< x >}}\n```")), max_size=12
    ).map("\n\n".join)
)
def test_well_formed_bodies_translate_once_for_all(body):
    once = out(body, {"title": "T"})
    assert out(once, {"title": "T"}) == once
    assert found(body, {"title": "T"}) == []


@pytest.mark.fuzz
@settings(max_examples=examples(20), deadline=None, phases=NO_SHRINK)
@given(
    unit=st.lists(st.sampled_from(_KNOWN + _ODD), min_size=1, max_size=3).map("".join),
    separator=_SEPARATORS,
)
def test_a_huge_hostile_body_is_translated_at_once(unit, separator):
    body = ((unit + separator) * (250_000 // (len(unit) + len(separator))))[:250_000]
    start = time.perf_counter()
    result = translate(body)
    # A hang detector, not a speed target (those live in bench/): linear work on 250 KB
    # takes well under a second even on a loaded VM, where `make fuzz` once measured
    # 2 s; anything quadratic would take minutes.
    assert time.perf_counter() - start < 10
    assert raw_syntax(result.markdown) == []


# -- real builds -----------------------------------------------------------------------------
HUGO_POST = """\
---
title: Lisbon
date: 2024-03-01
tags: [travel]
---
{{< instagram BWNjjyYFxVx >}}Our trip to {{% mark %}}Lisbon{{% /mark %}}
was {{< relref "jekyll.md" >}} fun.

{{< youtube w7Ft2ymGmfc >}}

{{< figure src="/images/tram.png" caption="The 28 tram" alt="A yellow tram" >}}

{{< highlight go >}}
fmt.Println("{{< youtube x >}}")
{{< /highlight >}}

```text
{{< youtube w7Ft2ymGmfc >}} and {% include a.html %}
```
"""
JEKYLL_POST = """\
---
title: Porto
date: 2024-02-01
tags: [travel]
---
{% include image.html url="/images/tram.png" description="A tram in Porto" %}

{{ page.title }} in {% raw %}{{ winter }}{% endraw %}, {{ site.tagline }} and more.

{% highlight ruby %}
puts "{% raw %}{{ x }}{% endraw %}"
{% endhighlight %}
"""
MDX_POST = """\
---
title: Faro
date: 2024-01-01
tags: [travel]
---
import Youtube from '../components/youtube'

<Youtube id="w7Ft2ymGmfc" />

<Callout type="tip">
Faro has <Badge>sun</Badge> all year.
</Callout>
"""
RAW = ("{{<", "{{%", "{%", "{{", "import ", "<Youtube", "<Callout", "<Badge")


def _ours(lines: list[str]) -> list[str]:
    """The messages of core/shortcodes.py among others."""
    kinds = ("Hugo shortcode", "Liquid", "MDX")
    return [m for m in lines if any(f": the {kind}" in m for kind in kinds)]


def test_a_blog_of_three_generators_builds_with_no_raw_syntax(full_site, capsys):
    site = full_site
    site.image("images/tram.png", (800, 600))
    site.post("hugo.md", HUGO_POST)
    site.post("jekyll.md", JEKYLL_POST)
    site.post("faro.md", MDX_POST)
    built = site.build()
    assert built.error is None
    messages = _ours(built.messages())
    assert messages == [
        "docs/blog/posts/faro.md:6: the MDX import and export lines at the top of the post "
        "are left out of the page; nothing to do; the components the post uses are "
        "translated, or reported where it uses them",
        "docs/blog/posts/faro.md:10: the MDX component <Callout> has no equivalent here; it is "
        f"left out of the page and its content is kept; {UNKNOWN_FIX}",
        "docs/blog/posts/faro.md:11: the MDX component <Badge> has no equivalent here; it is "
        f"left out of the page and its content is kept; {UNKNOWN_FIX}",
        "docs/blog/posts/hugo.md:6: the Hugo shortcode {{< instagram >}} has no equivalent "
        f"here; it is left out of the page; {UNKNOWN_FIX}",
        "docs/blog/posts/hugo.md:6: the Hugo shortcode {{% mark %}} has no equivalent here; "
        f"it is left out of the page and its content is kept; {UNKNOWN_FIX}",
        "docs/blog/posts/jekyll.md:8: the Liquid value {{ site.tagline }} has no equivalent "
        "here; it is left out of the page; write the text it stands for",
    ]
    # `masthead check` says the same.
    checked = problem_lines(check_json(site.root, capsys))
    assert _ours(checked) == messages

    descriptions = {
        "blog/2024/03/01/lisbon/": "Our trip to Lisbon was jekyll fun.",
        "blog/2024/02/01/porto/": "Porto in {{ winter }}, and more.",
        "blog/2024/01/01/faro/": "Faro has sun all year.",
    }
    feed = feedparser.parse((built.site / "blog/feed.xml").read_bytes())
    feed_text = {e.link.split("/", 3)[3]: e.description for e in feed.entries}
    cards = [c.get_text() for c in built.html("blog/index.html").select(".masthead-card__summary")]
    assert cards == list(descriptions.values())
    for url, description in descriptions.items():
        page = built.html(url + "index.html")
        seen = {
            "description": page.find("meta", attrs={"name": "description"})["content"],
            "og": page.find("meta", property="og:description")["content"],
            "feed": feed_text["repo/" + url],
        }
        [script] = page.head.find_all("script", attrs={"type": "application/ld+json"})
        [post] = [n for n in json.loads(script.string)["@graph"] if n["@type"] == "BlogPosting"]
        seen["json-ld"] = post["description"]
        assert set(seen.values()) == {description}, url
        article = page.select_one("article")
        for code in article.select("pre, code"):
            code.extract()
        shown = article.get_text(" ")
        if url.endswith("porto/"):  # `{% raw %}{{ winter }}{% endraw %}` shows `{{ winter }}`
            assert "in {{ winter }}," in shown
            shown = shown.replace("{{ winter }}", "")
        assert [raw for raw in RAW if raw in shown] == [], url

    lisbon = built.html("blog/2024/03/01/lisbon/index.html")
    tram = lisbon.select_one("article img[alt='A yellow tram']")
    assert tram is not None and tram.find_next("em").get_text() == "The 28 tram"
    assert lisbon.select_one("article p a[href]")["href"] == "../../../02/01/porto/"
    codes = [c.get_text() for c in lisbon.select("article pre code")]
    assert codes == [
        'fmt.Println("{{< youtube x >}}")\n',
        "{{< youtube w7Ft2ymGmfc >}} and {% include a.html %}\n",
    ]
    assert "language-go" in lisbon.select_one("article pre code")["class"]
    porto = built.html("blog/2024/02/01/porto/index.html")
    assert porto.select_one("article img[alt='A tram in Porto']") is not None
    assert [c.get_text() for c in porto.select("article pre code")] == ['puts "{{ x }}"\n']


def test_embeds_reach_the_page_as_html_and_the_option_turns_it_off(site):
    site.plugin_options(sanitize=False)
    site.post(
        "hugo.md",
        "---\ntitle: V\ndate: 2024-03-01\nsummary: S.\n---\n{{< youtube w7Ft2ymGmfc >}}\n",
    )
    built = site.build(strict=True)
    page = built.html("blog/2024/03/01/v/index.html")
    frame = page.select_one("article iframe")
    assert frame.attrs == {
        "src": "https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc",
        "title": "YouTube video",
        "allowfullscreen": "",
    }
    site.plugin_options(shortcodes=False)
    built = site.build(strict=True)
    page = built.html("blog/2024/03/01/v/index.html")
    assert page.select_one("article iframe") is None
    assert "{{< youtube w7Ft2ymGmfc >}}" in page.select_one("article").get_text()


def test_eleventy_url_filter_and_image_shortcode():
    """Eleventy's `{{ "/x/" | url }}` is the path; `{% image "src" "alt" %}` an image."""
    from masthead.core.shortcodes import translate

    out = translate(
        'See [it]({{ "/2015/09/03/x/" | url }}).\n\n{% image "a/x.jpg" "A map" %}\n', {}
    )
    assert out.markdown == "See [it](/2015/09/03/x/).\n\n![A map](a/x.jpg)\n"
    assert out.findings == []


def test_mdx_fence_headers_become_superfences_options():
    """```ts title="a.ts" {3,8} showLineNumbers is MDX's; superfences reads the block as
    code only in its own words, so the header is rewritten (same lines) and what is in
    the block is never read as MDX."""
    from masthead.core.shortcodes import translate

    body = (
        '```tsx title="a.tsx" {1,3-4} showLineNumbers\nimport X from "y"\n<Image src="x"/>\n```\n'
    )
    out = translate(body, {})
    assert out.markdown.split("\n")[0] == '``` tsx title="a.tsx" hl_lines="1 3-4" linenums="1"'
    assert out.markdown.split("\n")[1:] == body.split("\n")[1:]
    assert out.findings == []
    assert translate("```py\nx\n```\n", {}).markdown == "```py\nx\n```\n"
