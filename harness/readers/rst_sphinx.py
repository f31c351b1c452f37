"""Sphinx syntax for plain docutils: roles, directives and the nodes they make.

Nothing here is fatal or dropped. Every role reads as a `sphinx_role` node carrying
an inline kind and a target (``:ref:`Table 1 <label>``` → link "Table 1" → "label";
``:py:class:`~a.B``` → code "B" → "a.B"), and every directive keeps its content:

=====================================  =================================================
directives                             node made
=====================================  =================================================
`OBJECT_TYPES` (``py:method``…)        `desc` (objtype, signature) + parsed body
`TITLED` (``seealso``, ``tab``…)       `titled` (title, name, tab) + parsed body
`TRANSPARENT` (``only``, ``tabs``)     ``container`` + parsed body
``code-block``/``code``/…              ``literal_block`` (language, caption, exact line)
`LITERAL` (``graphviz``, ``mermaid``)  ``literal_block``, language = directive name
``toctree``                            ``bullet_list`` of links, one per entry
`IGNORED` (``highlight``, ``index``)   nothing
any other unknown name                 ``container``: argument paragraph + parsed body
=====================================  =================================================

Roles and directives are registered with docutils (whose registries are global) at
import, and `register_unknown` adds a generic handler for any other name a text uses.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

from docutils import nodes, utils
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.languages import en


class sphinx_role(nodes.Inline, nodes.TextElement):
    """A role's visible text; attributes ``kind`` (an INLINE_KINDS value) and ``target``."""


class desc(nodes.General, nodes.Element):
    """An object description (``.. py:method:: sig``); attributes ``objtype``, ``signature``."""


class titled(nodes.General, nodes.Element):
    """A titled block (``seealso``, ``versionadded``, ``tab``); attributes ``title``, ``name``, ``tab``."""


# ── roles ─────────────────────────────────────────────────────────────────────

ROLE_KINDS: dict[str, str] = {
    **dict.fromkeys(("ref", "doc", "numref", "download", "term", "any", "keyword", "eq"), "link"),
    **dict.fromkeys(("class", "meth", "func", "attr", "mod", "exc", "obj", "data", "const", "member",
                     "type", "var", "macro", "struct", "enum", "samp", "file", "kbd", "command",
                     "program", "option", "envvar", "token", "regexp", "makevar", "mimetype"), "code"),
    **dict.fromkeys(("guilabel", "menuselection", "dfn"), "strong"),
    **dict.fromkeys(("abbr", "newsgroup", "index"), "text"),
}
"""Role name (without domain) → inline kind. Unlisted names: "code" with a domain, else "text"."""

_DISPLAY: dict[str, Callable[[str], str]] = {
    "abbr": lambda t: re.sub(r"\s*\(.*\)\s*$", "", t, flags=re.DOTALL) or t,
    "guilabel": lambda t: t.replace("&&", "\0").replace("&", "").replace("\0", "&"),
}
"""Role name → how its visible text is derived from the role text."""

_TITLED_TARGET = re.compile(r"^(.+?)\s*<([^<>]+)>\s*$", re.DOTALL)


def role_kind(name: str) -> str:
    base = name.rsplit(":", 1)[-1]
    return ROLE_KINDS.get(name) or ROLE_KINDS.get(base) or ("code" if ":" in name else "text")


def sphinx_role_fn(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                   options: dict | None = None, content: list | None = None) -> tuple[list, list]:
    """Generic role: ``title <target>`` or ``target`` (``~`` shortens, ``!`` suppresses the link)."""
    name = name.lower()
    clean = utils.unescape(text)
    match = _TITLED_TARGET.match(clean)
    if match:
        display, target = match.group(1), match.group(2).strip()
    else:
        display = target = clean.lstrip("!")
        if display.startswith("~"):
            target = display[1:]
            display = target.rsplit(".", 1)[-1]
    display = _DISPLAY.get(name.rsplit(":", 1)[-1], lambda t: t)(display)
    kind = role_kind(name)
    node = sphinx_role(rawtext, display, kind=kind, target=target if kind in ("link", "code") else None)
    made: list = [node]
    lost = rawtext.count("\n") - display.count("\n")
    if lost > 0:
        made.append(nodes.Text("\n" * lost))
    return made, []


# ── directives ────────────────────────────────────────────────────────────────


class _AnyOption(dict):
    """An option spec that accepts every option (as a string)."""

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        return directives.unchanged


def any_options() -> dict:
    return _AnyOption(name=directives.unchanged, **{"class": directives.class_option})


def content_line(directive: Directive, index: int = 0) -> int:
    """1-based source line of the directive's ``index``-th content line."""
    try:
        return directive.content.items[index][1] + 1
    except (IndexError, TypeError):
        return directive.lineno + 1


class _Base(Directive):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = any_options()

    def parse_into(self, node: nodes.Element) -> list[nodes.Node]:
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class ObjectDirective(_Base):
    def run(self) -> list[nodes.Node]:
        signature = "\n".join(s.strip() for s in " ".join(self.arguments).splitlines())
        return self.parse_into(desc(objtype=self.name, signature=signature))


class TitledDirective(_Base):
    optional_arguments = 2
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        name = self.name.lower()
        title_of, tab = TITLED[name]
        argument = " ".join(self.arguments).strip()
        node = titled(title=title_of(argument), name=name, tab=tab)
        made = self.parse_into(node)
        if argument and name in ("versionadded", "versionchanged", "deprecated"):
            rest = argument.split(None, 1)[1:]
            if rest:
                inl, _ = self.state.inline_text(rest[0], self.lineno)
                node.insert(0, nodes.paragraph(rest[0], "", *inl))
                node[0].line = self.lineno
        return made


class TransparentDirective(_Base):
    def run(self) -> list[nodes.Node]:
        return self.parse_into(nodes.container())


class UnknownDirective(_Base):
    """Any directive nobody registered: its argument as a paragraph, then its content."""

    def run(self) -> list[nodes.Node]:
        node = nodes.container(classes=[self.name])
        if self.arguments and self.arguments[0].strip():
            inl, _ = self.state.inline_text(self.arguments[0], self.lineno)
            para = nodes.paragraph(self.arguments[0], "", *inl)
            para.line = self.lineno
            node += para
        return self.parse_into(node)


class IgnoredDirective(_Base):
    def run(self) -> list[nodes.Node]:
        return []


class CodeDirective(_Base):
    """``code-block``, ``sourcecode``, ``code``: a literal block with its language and exact line."""

    def run(self) -> list[nodes.Node]:
        lines = list(self.content)
        first = 0
        while first < len(lines) and not lines[first].strip():
            first += 1
        code = textwrap.dedent("\n".join(lines[first:])).rstrip()
        node = nodes.literal_block(code, code)
        node["language"] = self.language()
        node["caption"] = self.options.get("caption")
        node.source = self.state_machine.get_source_and_line(self.lineno)[0]
        node.line = content_line(self, first) if lines else self.lineno
        return [node]


    def language(self) -> str | None:
        return self.arguments[0].strip() if self.arguments and self.arguments[0].strip() else None


class LiteralDirective(CodeDirective):
    """Diagrams and grammars (``graphviz``, ``mermaid``…): code whose language is the directive's name."""

    def language(self) -> str | None:
        return self.name.lower()


class TocTreeDirective(_Base):
    """``toctree``: a bullet list with one link per entry (missing pages are fine)."""

    def run(self) -> list[nodes.Node]:
        listing = nodes.bullet_list()
        listing.line = self.lineno
        for index, entry in enumerate(self.content):
            entry = entry.strip()
            if not entry:
                continue
            match = _TITLED_TARGET.match(entry)
            title, target = (match.group(1), match.group(2).strip()) if match else (entry, entry)
            para = nodes.paragraph(entry, "", sphinx_role(entry, title, kind="link", target=target))
            para.line = content_line(self, index)
            item = nodes.list_item("", para)
            item.line = para.line
            listing += item
        return [listing]


OBJECT_TYPES = ("method", "function", "class", "attribute", "module", "exception", "data", "staticmethod",
                "classmethod", "decorator", "decoratormethod", "property", "object", "describe", "member",
                "type", "macro", "var", "struct", "enum", "enumerator", "union", "option", "envvar")
DOMAINS = ("py", "js", "c", "cpp", "rst", "std")
TITLED: dict[str, tuple[Callable[[str], str], bool]] = {
    "seealso": (lambda a: "See also", False),
    "versionadded": (lambda a: f"New in version {a.split()[0] if a else ''}".strip(), False),
    "versionchanged": (lambda a: f"Changed in version {a.split()[0] if a else ''}".strip(), False),
    "deprecated": (lambda a: f"Deprecated since version {a.split()[0] if a else ''}".strip(), False),
    "tab": (lambda a: a, True),
    "group-tab": (lambda a: a, True),
    "code-tab": (lambda a: a, True),
}
"""Directive → (title from its argument, is a tab)."""
TRANSPARENT = ("only", "tabs", "ifconfig", "rst-class", "cssclass", "hlist", "centered", "glossary", "acks",
               "autosummary")
IGNORED = ("highlight", "index", "sectionauthor", "moduleauthor", "codeauthor", "currentmodule",
           "py:currentmodule", "tabularcolumns", "default-domain", "literalinclude", "automodule", "autoclass",
           "autofunction", "automethod", "autoattribute")
"""Directives with nothing to read here (settings, or content from files, which is never read)."""
CODE = ("code-block", "sourcecode", "code")
LITERAL = ("graphviz", "digraph", "graph", "uml", "plantuml", "mermaid", "productionlist")

DIRECTIVES: dict[str, type[Directive]] = {
    **{f"{d}:{t}": ObjectDirective for d in DOMAINS for t in OBJECT_TYPES},
    **dict.fromkeys(OBJECT_TYPES[:12], ObjectDirective),
    **dict.fromkeys(TITLED, TitledDirective),
    **dict.fromkeys(TRANSPARENT, TransparentDirective),
    **dict.fromkeys(IGNORED, IgnoredDirective),
    **dict.fromkeys(CODE, CodeDirective),
    **dict.fromkeys(LITERAL, LiteralDirective),
    "toctree": TocTreeDirective,
}
"""Directive name → class registered with docutils. As in Sphinx, bare ``class`` is ``py:class``
(docutils' own ``class`` directive is reachable as ``rst-class``, read as transparent)."""

_DIRECTIVE_NAME = re.compile(r"\.\.[ \t]+(\w[\w:.+-]*)[ \t]*::")
_ROLE_NAME = re.compile(r":(\w[\w:.+-]*):`")


def _known_directive(name: str) -> bool:
    return name in directives._directives or name in en.directives


def _known_role(name: str) -> bool:
    return name in roles._roles or name in en.roles


def register_unknown(text: str) -> None:
    """Give every role and directive name used in ``text`` a handler, so none is an error."""
    if ".." in text:
        for name in set(_DIRECTIVE_NAME.findall(text)):
            name = name.lower()
            if not _known_directive(name):
                domain_type = name.rsplit(":", 1)[-1]
                cls = ObjectDirective if ":" in name and domain_type in OBJECT_TYPES else UnknownDirective
                directives.register_directive(name, cls)
    if ":`" in text:
        for name in set(_ROLE_NAME.findall(text)):
            name = name.lower()
            if not _known_role(name):
                roles.register_local_role(name, sphinx_role_fn)


def register_all() -> None:
    for name, cls in DIRECTIVES.items():
        directives.register_directive(name, cls)
    for name in ROLE_KINDS:
        roles.register_local_role(name, sphinx_role_fn)
    for domain in DOMAINS:
        for name in ROLE_KINDS:
            roles.register_local_role(f"{domain}:{name}", sphinx_role_fn)


register_all()
