"""Text helpers shared by extractors: sentences with their lines, citations, name forms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from harness.docmodel import Block, Cell, CodeBlock, Document, ListBlock, Paragraph, Section, Table
from harness.extract.facts import Cite

CITE_MAX = 300
"""Longest citation text kept; longer sentences are cut at a word boundary with "…"."""

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z0-9\"'(\[`])")
"""A sentence's end mark and the space after it; the sentence ends after the mark (``m.start() + 1``).
The mark is matched, not looked behind at, so that the search can skip ahead to the next mark."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of running text, with where it stands."""

    text: str
    """Whitespace folded to single spaces."""
    line: int
    """Source line where the sentence starts."""
    paragraph: Paragraph
    trail: tuple[Section, ...]
    """Enclosing sections, outermost first."""
    offset: int
    """Offset of the sentence in the paragraph's text."""


def clean(text: str) -> str:
    """Whitespace runs folded to one space, ends stripped (``str.split`` splits on what ``\\s`` matches)."""
    return " ".join(text.split())


def cite(doc: Document | str, line: int, text: str) -> Cite:
    """A citation of ``text`` at ``line`` of ``doc`` (text trimmed and bounded)."""
    path = doc if isinstance(doc, str) else doc.path
    words = clean(text)
    if len(words) > CITE_MAX:
        words = words[:CITE_MAX].rsplit(" ", 1)[0] + "…"
    if not isinstance(doc, str):
        line = _settle(doc, line, words)
    return Cite(path=path, line=line, text=words)


def _settle(doc: Document, line: int, words: str) -> int:
    """The source line that holds ``words``: code recovered from one glued source line (a numbered
    listing pasted without breaks) is several code lines but one source line, so a line counted in the
    code may run past the words, or past the end of the file."""
    count = len(doc.lines)
    probe = words[:24]
    if 0 < line <= count and (not probe or _holds(doc.lines[line - 1], probe)):
        return line
    for back in range(1, 4):
        candidate = min(line, count + 1) - back
        if 0 < candidate <= count and probe and _holds(doc.lines[candidate - 1], probe):
            return candidate
    return max(1, min(line, count))


def _holds(raw: str, probe: str) -> bool:
    """``probe in clean(raw)`` for a cleaned ``probe``. Found in ``raw`` as it is (and not ending in a space,
    which the end of ``raw`` may lose), it is in ``clean(raw)`` too: its single spaces stand between
    non-spaces, and folding keeps them; only otherwise is ``raw`` cleaned."""
    if probe in raw and not probe.endswith(" "):
        return True
    return probe in clean(raw)


def cite_line(doc: Document, line: int) -> Cite:
    """A citation of the whole source line ``line``."""
    return cite(doc, line, doc.source_line(line))


_SPLIT: dict[int, tuple[Paragraph, list[tuple[str, int, int]]]] = {}
"""id(paragraph) → (paragraph, its sentences): every extractor splits the same paragraphs."""


def _split(p: Paragraph) -> list[tuple[str, int, int]]:
    cached = _SPLIT.get(id(p))
    if cached is not None and cached[0] is p:
        return cached[1]
    if len(_SPLIT) > 20000:
        _SPLIT.clear()
    text = p.text
    found: list[tuple[str, int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        chunk = text[start:m.start() + 1]
        if chunk.strip():
            off = start + (len(chunk) - len(chunk.lstrip()))
            found.append((clean(chunk), p.line_of(off), off))
        start = m.end()
    chunk = text[start:]
    if chunk.strip():
        off = start + (len(chunk) - len(chunk.lstrip()))
        found.append((clean(chunk), p.line_of(off), off))
    _SPLIT[id(p)] = (p, found)
    return found


def split_sentences(p: Paragraph, trail: tuple[Section, ...] = ()) -> Iterator[Sentence]:
    for text, line, off in _split(p):
        yield Sentence(text, line, p, trail, off)


def paragraphs(doc: Document) -> Iterator[tuple[tuple[Section, ...], Paragraph]]:
    for trail, block in doc.walk():
        if isinstance(block, Paragraph):
            yield trail, block


def sentences(doc: Document) -> Iterator[Sentence]:
    for trail, p in paragraphs(doc):
        yield from split_sentences(p, trail)


def code_blocks(doc: Document) -> Iterator[tuple[tuple[Section, ...], CodeBlock]]:
    for trail, block in doc.walk():
        if isinstance(block, CodeBlock):
            yield trail, block


def tables(doc: Document) -> Iterator[tuple[tuple[Section, ...], Table]]:
    for trail, block in doc.walk():
        if isinstance(block, Table):
            yield trail, block


def lists(doc: Document) -> Iterator[tuple[tuple[Section, ...], ListBlock]]:
    for trail, block in doc.walk():
        if isinstance(block, ListBlock):
            yield trail, block


def is_label(p: Paragraph) -> bool:
    """A bold-only short paragraph used as a heading (``**Request Syntax**``, ``<p><b>Status</b></p>``)."""
    text = p.text.strip()
    if len(text) >= 60 or text.endswith("."):
        return False
    strong = False
    for run in p.inlines:  # every run with text is strong, and there is one (most paragraphs fail at the first)
        if run.kind != "strong":
            if run.text.strip():
                return False
        elif not strong and run.text.strip():
            strong = True
    return strong


_LABELLED: tuple[Document, list[tuple[tuple[Section, ...], str | None, Block]]] | None = None
"""The last document `labelled` walked, and what it gave (the parameter and output extractors both ask)."""


def labelled(doc: Document) -> Iterator[tuple[tuple[Section, ...], str | None, Block]]:
    """`Document.walk` plus the text of the latest label paragraph since the last section began."""
    global _LABELLED
    if _LABELLED is None or _LABELLED[0] is not doc:
        _LABELLED = (doc, list(_labelled(doc)))
    return iter(_LABELLED[1])


def _labelled(doc: Document) -> Iterator[tuple[tuple[Section, ...], str | None, Block]]:
    label: str | None = None
    for trail, block in doc.walk():
        if isinstance(block, Section):
            label = None
        elif isinstance(block, Paragraph) and is_label(block):
            label = block.text.strip()
        yield trail, label, block


def first_paragraph(blocks: tuple[Block, ...]) -> Paragraph | None:
    for b in blocks:
        if isinstance(b, Paragraph) and b.text.strip():
            return b
    return None


def cell_paragraph(cell: Cell) -> Paragraph | None:
    return first_paragraph(cell.blocks)


# ---- name forms --------------------------------------------------------------------------

_WORD_SEPARATORS = re.compile(r"[_\-\s]+")
_CAMEL_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def camel_words(name: str) -> list[str]:
    """"StopWidgetVersion" → ["Stop", "Widget", "Version"]; also splits on _ - and spaces."""
    return list(_camel_words(name))


@lru_cache(maxsize=65536)
def _camel_words(name: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in _WORD_SEPARATORS.split(name):
        out.extend(w for w in _CAMEL_SPLIT.split(part) if w)
    return tuple(out)


def snake(name: str) -> str:
    return "_".join(w.lower() for w in camel_words(name))


def kebab(name: str) -> str:
    return "-".join(w.lower() for w in camel_words(name))


@lru_cache(maxsize=65536)
def pascal(name: str) -> str:
    """"stop_widget_version" / "stop-widget-version" / "stopWidgetVersion" → "StopWidgetVersion"."""
    return "".join(w[:1].upper() + w[1:] for w in camel_words(name))


def lower_camel(name: str) -> str:
    p = pascal(name)
    return p[:1].lower() + p[1:]


_DOUBLE = re.compile(r"([bfgklmnprtz])\1$")
_ADD_E = re.compile(r"(?:[^aeiou][aou]|[^aeiou]e)[tvkzcgr]$|(?:[^aeiou]i[vkzcg]|writ|cit|vit|at|iz|ys|ur|dl|bl|rv|rg|ng|eas|os|as|aps|ars|urs|ens|ps)$")
_KEEP = re.compile(r"(?:er|en|on|ain|oin|ist|ess|ert|ort|ect|ach|ow|ay|ey|oy|al|il|el|ong|ang|ung|ing|eat|oat|uat)$")
_IRREGULAR = {"us": "use", "describ": "describe", "scal": "scale", "renam": "rename", "cancell": "cancel",
              "shar": "share", "mov": "move", "sav": "save", "mak": "make", "tak": "take", "remov": "remove",
              "chang": "change", "arrang": "arrange", "manag": "manage", "merg": "merge", "purg": "purge",
              "creat": "create", "updat": "update", "delet": "delete", "complet": "complete"}


def base_verb(gerund: str) -> str:
    """"Stopping" → "Stop", "Creating" → "Create", "Querying" → "Query", "Obtaining" → "Obtain".

    English has no rule that always works; a few common irregular stems are listed in `_IRREGULAR`.
    """
    word = gerund
    if not word.lower().endswith("ing") or len(word) <= 5:
        return word
    stem = word[:-3]
    low = stem.lower()
    if low in _IRREGULAR:
        return stem[0] + _IRREGULAR[low][1:]
    if _DOUBLE.search(low) and not low.endswith(("ll", "ss", "zz")):
        return stem[:-1]
    if _KEEP.search(low):
        return stem
    if _ADD_E.search(low):
        return stem + "e"
    return stem
