"""Readers: documents (Markdown, reStructuredText, HTML) → `harness.docmodel.Document`.

    read_document(path, text=None, fmt=None)   load → detect → READERS[fmt](text, path)
    detect_format(text, path)                  score-based, from content; extension breaks ties
    READERS                                    format name → reader(text, path)

Modules: `source` (bytes → text, line look-ups), `detect`, `registry`, `load`, one
module per format (`markdown`, `rst` with `rst_sphinx`, `html` with `html_recover`),
and the shared `inlines` and `sections` helpers. Readers depend on `harness.docmodel`
and `harness.errors` only.
"""

from __future__ import annotations

from harness.readers.detect import detect_format
from harness.readers.load import read_document
from harness.readers.registry import READERS, Reader

__all__ = ["READERS", "Reader", "detect_format", "read_document"]
