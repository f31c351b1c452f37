"""Which language a code block is written in.

Three sources, in order of trust:

1. the language the block declares (``python``, ``bash``…), folded by `DECLARED`; ``text`` and the like declare
   nothing;
2. its content, when the content is data with an unmistakable form (`DATA_DETECTORS`: JSON, an HTTP message, a
   boto3 dict literal, XML), which beats a tab title because a tab (``AWS CLI``) also holds the command's output;
3. the title of the tab it sits in (`TITLE_LANGUAGES`: ``SDK for Python (Boto3)`` → python);
4. its content as code (`CODE_DETECTORS`: a shell command, then the program language with most marker hits);

else ``text``. Every test is a precompiled regex or one ``json.loads``, so detection is linear in the code's size.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

UNDECLARED = frozenset({"", "text", "txt", "plain", "plaintext", "none", "code", "default", "output"})
"""Declared languages that say nothing about the content."""

DECLARED = {
    "bash": "shell", "sh": "shell", "shell": "shell", "console": "shell", "zsh": "shell", "shell-session": "shell",
    "shellsession": "shell", "terminal": "shell", "cmd": "shell", "bat": "shell", "ps": "powershell",
    "powershell": "powershell", "ps1": "powershell", "py": "python", "python": "python", "python3": "python",
    "pycon": "python", "ipython": "python", "js": "javascript", "javascript": "javascript", "node": "javascript",
    "nodejs": "javascript", "ts": "typescript", "typescript": "typescript", "java": "java", "json": "json",
    "json5": "json", "jsonc": "json", "jsonl": "json", "http": "http", "yaml": "yaml", "yml": "yaml", "xml": "xml",
    "html": "html", "cs": "csharp", "c#": "csharp", "csharp": "csharp", "go": "go", "golang": "go", "rb": "ruby",
    "ruby": "ruby", "php": "php", "kotlin": "kotlin", "kt": "kotlin", "rust": "rust", "rs": "rust", "swift": "swift",
    "cpp": "cpp", "c++": "cpp", "sql": "sql", "ini": "ini", "toml": "toml", "csv": "csv",
}
"""Declared spelling (lowercase) → language."""

SDK_LANGUAGES = frozenset({"python", "java", "javascript", "typescript", "csharp", "go", "ruby", "php", "kotlin",
                           "rust", "swift", "cpp"})
"""Program languages: a block in one of these is SDK code (or plain code), never a data sample."""

TITLE_LANGUAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), lang) for p, lang in (
    (r"python|boto3", "python"),
    (r"javascript|node\.?js|\bjs\b", "javascript"),
    (r"typescript", "typescript"),
    (r"\bjava\b", "java"),
    (r"\.net\b|c#|csharp", "csharp"),
    (r"\bgo(?:lang)?\b", "go"),
    (r"\bruby\b", "ruby"),
    (r"\bphp\b", "php"),
    (r"\bkotlin\b", "kotlin"),
    (r"\brust\b", "rust"),
    (r"\bswift\b", "swift"),
    (r"c\+\+", "cpp"),
    (r"powershell", "powershell"),
    (r"\bcli\b|\bshell\b|\bbash\b|terminal|command line", "shell"),
    (r"\bjson\b", "json"),
    (r"\bya?ml\b", "yaml"),
    (r"\bxml\b", "xml"),
))
"""Tab or caption title → language; first match wins (``SDK for JavaScript`` before ``Java``)."""

# ── data forms ────────────────────────────────────────────────────────────────

_PLACEHOLDER = re.compile(r'"(?:[^"\\\n]|\\.)*"'  # a string: kept as it is
                          r"|\b(?:number|boolean|string|integer|long|double|float|timestamp|blob)\b"  # → 0
                          r"|,(?=\s*[}\]])", re.IGNORECASE)  # a trailing comma → dropped
_ELLIPSIS_LINE = re.compile(r"^\s*(?:\.{3,}|…)\s*$")
HTTP_REQUEST = re.compile(r"^(?P<method>GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS)[ \t]+(?P<url>(?:https?://|/|\{)\S*)"
                          r"(?:[ \t].*)?$")
"""A request line; what follows the URL (``HTTP/1.1``, or a query the docs broke with a space) is not checked."""
HTTP_STATUS = re.compile(r"^HTTP/\d(?:\.\d)?[ \t]+\d{3}\b")
_PY_DATA = re.compile(r"""^[ \t]*[\[{]?[ \t]*'[^'\n]*'[ \t]*:""", re.MULTILINE)
_XML = re.compile(r"\s*<[?!A-Za-z]")


def _fix_placeholder(m: re.Match[str]) -> str:
    token = m.group(0)
    if token[0] == '"':
        return token
    return "" if token == "," else "0"


def parses_as_json(code: str) -> bool:
    """Whether ``code`` is JSON, strictly or nearly.

    Strict JSON (a scalar only when it is a string or ``null``/``true``/``false``); JSON whose values are AWS type
    placeholders (``"n": number``) or that has trailing commas; JSON Lines (one document per line, where a line of
    dots means "more records"). Elisions inside a document (``...,``) and comments are not JSON.
    """
    text = code.strip()
    if text[:1] == '"' or text in ("null", "true", "false"):
        return _strict(text)
    if text[:1] not in ("{", "["):
        return False
    for attempt in (text, _PLACEHOLDER.sub(_fix_placeholder, text)):
        try:
            json.loads(attempt)
            return True
        except (ValueError, RecursionError):
            pass
    return _json_lines(_PLACEHOLDER.sub(_fix_placeholder, text))


def _strict(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _json_lines(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip() and not _ELLIPSIS_LINE.match(line)]
    if len(lines) < 2:
        return False
    try:
        for line in lines:
            json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def first_line(code: str) -> str:
    for line in code.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _json(code: str) -> bool:
    return parses_as_json(code)


def _http(code: str) -> bool:
    line = first_line(code)
    return bool(HTTP_REQUEST.match(line) or HTTP_STATUS.match(line))


def _python_data(code: str) -> bool:
    """A boto3 dict literal: ``{ 'Status': 'A'|'B' }``."""
    return code.lstrip()[:1] in ("{", "[") and bool(_PY_DATA.search(code))


def _xml(code: str) -> bool:
    return bool(_XML.match(code))


DATA_DETECTORS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("json", _json),
    ("http", _http),
    ("python", _python_data),
    ("xml", _xml),
)
"""Content forms that decide the language whatever the tab says; first match wins."""

# ── code forms ────────────────────────────────────────────────────────────────

_COMMENT = re.compile(r"^\s*(?:#|//|$)")
SHELL_COMMAND = re.compile(r"^[ \t]*(?:\$[ \t]*|>[ \t]*)?(?:aws|curl)[ \t]+\S", re.MULTILINE)
_SHELL_LINE = re.compile(r"^[ \t]*(?:\$[ \t]*)?(?:aws|curl|pip3?|export|sudo|cd|mkdir|chmod|wget|npm|mvn|"
                         r"python3? -m)[ \t]+\S|^#!/(?:usr/)?bin/(?:env )?(?:ba|z)?sh|^[ \t]*--[a-z][a-z0-9-]*(?:\s|$)")

_STRONG, _WEAK = 2, 1

CODE_MARKERS: dict[str, tuple[tuple[re.Pattern[str], int], ...]] = {
    lang: tuple((re.compile(p, re.MULTILINE), weight) for p, weight in patterns) for lang, patterns in {
        "python": ((r"^[ \t]*import [\w.]+(?: as \w+)?[ \t]*$", _STRONG), (r"^[ \t]*from [\w.]+ import ", _STRONG),
                   (r"^[ \t]*def \w+\(.*\)[ \t]*:", _STRONG), (r"\bboto3\.", _STRONG),
                   (r"^[ \t]*\w+\s*=\s*\w+\.[a-z0-9]+_[a-z0-9_]+\(", _STRONG), (r"\bprint\(", _WEAK),
                   (r"^[ \t]*(?:if|for|while|with|try|except|elif|else)\b[^;{\n]*:[ \t]*$", _WEAK),
                   (r"\bself\.", _WEAK),
                   (r"\b(?:None|True|False)\b", _WEAK)),
        "java": ((r"\bpublic\s+(?:static\s+)?(?:final\s+)?(?:class|void|int|String|boolean|[A-Z]\w*)\b", _STRONG),
                 (r"^[ \t]*import\s+[\w.]+\*?;", _STRONG), (r"\.builder\(\)", _STRONG),
                 (r"\bSystem\.(?:out|err|exit)", _STRONG), (r"^[ \t]*package\s+[\w.]+;", _STRONG),
                 (r"\b(?:String|int|long|boolean)\s+\w+\s*=", _WEAK), (r"\bthrows\s+\w+", _WEAK),
                 (r"\bnew\s+[A-Z]\w*(?:<.*?>)?\(", _WEAK), (r";[ \t]*$", _WEAK)),
        "javascript": ((r"^[ \t]*import\s*\{", _STRONG), (r"\brequire\(", _STRONG), (r"@aws-sdk/", _STRONG),
                       (r"\bconsole\.log\(", _STRONG), (r"^[ \t]*(?:export\s+)?(?:const|let)\s+\w+", _WEAK),
                       (r"=>", _WEAK), (r"\bawait\s", _WEAK), (r"^[ \t]*export\s", _WEAK)),
        "csharp": ((r"^[ \t]*using\s+[A-Z][\w.]*;", _STRONG), (r"\bnamespace\s+\w", _STRONG),
                   (r"\bConsole\.Write", _STRONG), (r"\bvar\s+\w+\s*=\s*new\s", _WEAK), (r"\basync\s+Task\b", _WEAK)),
        "go": ((r"^[ \t]*package\s+\w+[ \t]*$", _STRONG), (r"^[ \t]*func\s+", _STRONG), (r"\bfmt\.Print", _STRONG),
               (r":=", _WEAK)),
    }.items()
}
"""Program language → (marker, weight); the language with the highest total of distinct markers present wins
(ties: dict order)."""

MIN_SCORE = 2
"""Weight a block's markers must reach before its content alone names a program language: one strong marker, or
two weak ones."""


def _shell(code: str) -> str | None:
    for line in code.splitlines():
        if not _COMMENT.match(line):
            return "shell" if SHELL_COMMAND.match(line) else None
    return None


def _program(code: str) -> str | None:
    best, hits = None, 0
    for lang, markers in CODE_MARKERS.items():
        n = sum(weight for marker, weight in markers if marker.search(code))
        if n > hits and n >= MIN_SCORE:
            best, hits = lang, n
    return best


def _any_shell(code: str) -> str | None:
    return "shell" if _SHELL_LINE.search(code) else None


CODE_DETECTORS: tuple[Callable[[str], str | None], ...] = (_shell, _program, _any_shell)
"""Content → program language, tried in order after the tab title."""


# ── the decision ──────────────────────────────────────────────────────────────


def declared(language: str | None) -> str | None:
    """The declared language folded to one spelling, or None when it declares nothing."""
    low = (language or "").strip().lower()
    if low in UNDECLARED:
        return None
    return DECLARED.get(low, low)


def from_title(title: str | None) -> str | None:
    if not title:
        return None
    for pattern, lang in TITLE_LANGUAGES:
        if pattern.search(title):
            return lang
    return None


def language_of(code: str, language: str | None, title: str | None) -> str:
    """The language of a block: declared, data form, tab title, code form, else "text"."""
    found = declared(language)
    if found:
        return found
    for lang, test in DATA_DETECTORS:
        if test(code):
            return lang
    found = from_title(title)
    if found:
        return found
    for detect in CODE_DETECTORS:
        found = detect(code)
        if found:
            return found
    return "text"


def is_python_data(code: str) -> bool:
    return _python_data(code)
