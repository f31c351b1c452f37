"""Reading request/response samples: JSON, or the Python literal syntax of boto3's reference pages.

boto3 pages write ``response = client.op(Name='string')`` for a request and
``{'Status': 'A'|'B', 'When': datetime(2015, 1, 1)}`` for a response; `python_sample` keeps the
first of each ``|`` alternative, turns ``datetime(…)`` into an ISO string and reads the literal
(a call's keyword arguments for a request).
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from collections.abc import Callable
from typing import Any

_ATOM = r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|True|False|None|-?\d+(?:\.\d+)?"""
ALTERNATIVES = re.compile(rf"(?P<first>{_ATOM})(?:\s*\|\s*(?:{_ATOM}|\{{\.\.\.\}}|\[\.\.\.\]))+")
DATETIME = re.compile(r"datetime\([^()]*\)")

Reading = tuple[Any, str | None]
"""(value, None) or (None, why the sample cannot be read)."""


def json_sample(code: str) -> Reading:
    try:
        return json.loads(code), None
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg} at line {exc.lineno})"


def python_sample(code: str) -> Reading:
    text = ALTERNATIVES.sub(lambda m: m.group("first"), DATETIME.sub("'2015-01-01T00:00:00Z'", code))
    try:
        body = ast.parse(textwrap.dedent(text).strip()).body
        if len(body) != 1 or not isinstance(body[0], (ast.Expr, ast.Assign)):
            return None, "not a single Python literal or call"
        node = body[0].value
        if isinstance(node, ast.Call):
            return {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}, None
        return ast.literal_eval(node), None
    except (SyntaxError, ValueError, TypeError) as exc:
        return None, f"not a Python literal ({type(exc).__name__})"


READERS: dict[str, Callable[[str], Reading]] = {"json": json_sample, "python": python_sample}
"""Sample language → reader; other languages try each reader in turn."""


def read_sample(code: str, language: str) -> Reading:
    reader = READERS.get(language.lower())
    if reader is not None:
        return reader(code)
    value, why = json_sample(code)
    if why is None:
        return value, None
    value, other = python_sample(code)
    return (value, None) if other is None else (None, why)
