"""`ReportData` → one self-contained HTML page, through the Jinja2 templates in ``templates/``.

The page loads nothing: the CSS and JavaScript in ``assets/`` are read here and inlined, and a
Content-Security-Policy forbids every other load. The script is allowed by its SHA-256 hash, so even an
injected ``<script>`` or ``onerror=`` attribute would not run; all data is escaped by Jinja2's
autoescaping in any case, links point only at in-page anchors, and the one JSON data island has
``<``, ``>`` and ``&`` written as ``\\u003c``-style escapes so it can never close its ``<script>``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from harness.report.model import VERDICT_LABELS, ReportData
from harness.report.prepare import as_json_meta
from harness.report.sources import anchor

_FRAGMENT_SAFE = "!$&'()*+,;=:@/?-._~"
"""Characters a URL fragment may carry as they are (RFC 3986); everything else is percent-encoded."""


def fragment(anchor: str) -> str:
    """``#`` and ``anchor`` percent-encoded: an in-page link that can never be anything else."""
    return "#" + quote(anchor, safe=_FRAGMENT_SAFE)


def text(value: object) -> Markup:
    """``value`` escaped for an HTML text node — never for an attribute value.

    In text only ``&`` and ``<`` (and, for good measure, ``>``) can change meaning; leaving quotes alone
    keeps JSON readable and the page small (autoescaping writes every ``"`` as ``&#34;``).
    """
    s = str(value)
    return Markup(s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def json_island(value: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                          ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)


def asset(name: str) -> str:
    return resources.files("harness.report").joinpath("assets", name).read_text("utf-8")


def csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0") if value < 100 else "100"


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.1f}"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("harness.report", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["frag"] = fragment
    env.filters["island"] = json_island
    env.filters["t"] = text
    env.filters["pct"] = _pct
    env.filters["secs"] = _seconds
    env.globals["VERDICT_LABELS"] = VERDICT_LABELS
    env.globals["src_anchor"] = anchor
    return env


def render(data: ReportData) -> str:
    """The page."""
    script = asset("report.js")
    if "</script" in script.lower():
        raise ValueError("report.js must not contain '</script'")
    template = environment().get_template("index.html.j2")
    return template.render(data=data, css=Markup(asset("report.css")), script=Markup(script), csp=csp(script),
                           meta=as_json_meta(data))
