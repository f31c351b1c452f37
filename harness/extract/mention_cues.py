"""What the words around a name say it is: an operation called, a data type, a term of a list.

A name shaped like an operation (``StartWidgetExport``) is not always one: prose names data types
("a list of ``WidgetExportEntry`` objects"), status values and field names in lists of terms
("``DeletePending`` - the deletion is pending"), IAM actions in lists a permission sentence
introduces, and operations of other services. These cues read the words next to the name and the
list it heads; `operations` uses them to drop a mention or to make it weak (a spelling of an
operation known otherwise, never a new one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from harness.docmodel import Block, ListBlock, Paragraph, Section, Table

CALL_BEFORE = re.compile(
    r"\b(?:call|calls|called|calling|invoke|invokes|invoking|use|uses|using|via|run|runs|running|"
    r"send|sends|sending|make|makes|making|submit|submits|(?:response|result|output)s?\s+(?:from|of))"
    r"\s+(?:the\s+|an?\s+)?"
    r"(?:[A-Z][A-Za-z0-9]+\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+))*$")
"""Words before a name that call it: "call ``StartWidgetExport``", "use the ``ListWidgets`` and …", "the
response from ``PutWidget``"."""

CALL_AFTER = re.compile(
    r"^\W{0,2}(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)\W{0,2}[A-Z][A-Za-z0-9]+\W{0,2})*"
    r"\s*(?:API|APIs|operations?|actions?|calls?|requests?|responses?|methods?|commands?)\b")
"""Words after a name that make it an operation: "``ListWidgets`` operation", "the ``A`` and ``B`` APIs"."""

TYPE_AFTER = re.compile(
    r"^\W{0,2}\s*(?:objects?|structures?|elements?|data\s+types?|entr(?:y|ies)|shapes?|records?|instances?\s+of)\b"
    r"|^\.[A-Za-z]")
"""Words after a name that make it a data type: "a list of ``WidgetEntry`` objects", "``WidgetSpec.size``"."""

_TERMS_INTRO_IAM = re.compile(r"\b(?:permissions?|polic(?:y|ies)|grants?|IAM\s+actions?)\b", re.IGNORECASE)


def is_call(before: str, after: str) -> bool:
    """Whether the words around a name call it an operation."""
    return bool(CALL_BEFORE.search(before) or CALL_AFTER.match(after))


def names_a_type(after: str) -> bool:
    return bool(TYPE_AFTER.match(after))


def list_heads(blocks: tuple[Block, ...]) -> Iterator[tuple[Paragraph | None, list[Paragraph]]]:
    """(the paragraph introducing a list, the item paragraphs that open with a term in code or bold) for every
    list under ``blocks``: "``DeletePending`` - …", "**RoleArn** The ARN of …"."""
    prev: Paragraph | None = None
    for block in blocks:
        if isinstance(block, ListBlock):
            heads = []
            for item in block.items:
                first = next((b for b in item.blocks if isinstance(b, Paragraph)), None)
                if first is not None and _head(first) is not None:
                    heads.append(first)
                yield from list_heads(item.blocks)
            yield prev, heads
        elif isinstance(block, Section):
            yield from list_heads(block.blocks)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from list_heads(cell.blocks)
        prev = block if isinstance(block, Paragraph) else None


def _head(p: Paragraph) -> str | None:
    runs = [r for r in p.inlines if r.text.strip()]
    if runs and runs[0].kind in {"code", "strong"} and p.text.lstrip().startswith(runs[0].text.strip()):
        return runs[0].text.strip()
    return None


def term_heads(blocks: tuple[Block, ...], is_operation: Callable[[str], bool]) -> tuple[set[int], set[int]]:
    """Ids of item paragraphs whose head term is not an operation, and of those whose head is an IAM action.

    A list whose items open with terms names one kind of thing: when some of its terms cannot be operation
    names (``Failed``, ``RoleArn``, ``DBSubnetGroups``), none of them is an operation (``DeletePending``,
    ``FilterPolicy`` there are values and fields). A list a permission sentence introduces names actions."""
    not_ops: set[int] = set()
    actions: set[int] = set()
    for intro, heads in list_heads(blocks):
        if not heads:
            continue
        names = [_head(p) or "" for p in heads]
        if len(heads) >= 2 and not all(is_operation(n) for n in names):
            not_ops |= {id(p) for p in heads}
        elif intro is not None and _TERMS_INTRO_IAM.search(intro.text.strip().rsplit(". ", 1)[-1]):
            actions |= {id(p) for p in heads}
    return not_ops, actions
