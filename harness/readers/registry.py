"""The readers, by format name: the one place a new format joins."""

from __future__ import annotations

from collections.abc import Callable

from harness.docmodel import Document
from harness.readers import html, markdown, rst

Reader = Callable[[str, str], Document]
"""(text, path) → Document."""

READERS: dict[str, Reader] = {
    "markdown": markdown.read,
    "rst": rst.read,
    "html": html.read,
}
