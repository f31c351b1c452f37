"""`read_document`: path (and optionally text or format) → Document, or one ReadError.

Reading never lets anything but `ReadError` out: OS errors, undecodable bytes, binary
junk, empty input and any exception a parser raises all become a ReadError whose
one-line message names the path (and the line, when known).
"""

from __future__ import annotations

from harness.docmodel import Document
from harness.errors import ReadError
from harness.readers.detect import detect_format
from harness.readers.registry import READERS
from harness.readers.source import check_text, decode, load


def read_document(path: str, text: str | None = None, fmt: str | None = None) -> Document:
    """Read ``path`` (or the given ``text`` for it) as ``fmt`` (detected when None)."""
    text = decode(path, load(path)) if text is None else check_text(path, text)
    if fmt is None:
        fmt = detect_format(text, path)
    reader = READERS.get(fmt)
    if reader is None:
        raise ReadError(path=path, reason=f"unknown format {fmt!r} (known: {', '.join(sorted(READERS))})")
    try:
        return reader(text, path)
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(path=path, reason=f"cannot read as {fmt}: nesting too deep") from None
    except Exception as exc:
        line = getattr(exc, "line", None) or getattr(exc, "lineno", None)
        reason = " ".join(str(exc).split()) or "no details"
        raise ReadError(path=path, line=line if isinstance(line, int) else None,
                        reason=f"cannot read as {fmt}: {type(exc).__name__}: {reason}") from exc
