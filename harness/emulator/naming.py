"""The naming conventions the emulator reads a spec with; the only place that knows how APIs name things.

Operations are ``Verb`` + ``Noun`` (``StopWidgetBuildCreation`` → ``Stop``, ``WidgetBuildCreation``);
a resource ``X`` is identified by an input named like ``xArn`` / ``XId`` / ``x_id`` / ``<tail of X>_id``;
states fall into families by their words (``FAILED`` is a failure, ``STOPPING`` belongs to stopping,
``DELETING`` removes the resource) and a state is transient when its last word says it is under way.
"""

from __future__ import annotations

import re

ACTIONS = {"Create": "create", "Start": "create", "Describe": "describe", "Get": "describe",
           "List": "list", "Delete": "delete"}
"""Verb → what the operation does to its resource when the spec names it in no state machine."""

ID_SUFFIXES = ("arn", "id", "name")
"""Identifier suffixes, preferred first."""

PAGING = ("token", "maxresults", "limit", "offset", "marker")
"""Folded input names that page a listing and never filter it."""

_TRANSIENT_WORDS = frozenset({"PENDING", "PROGRESS", "QUEUED", "SUBMITTED", "REQUESTED", "SCHEDULED"})
_STEADY_ING = frozenset({"RUNNING", "EXISTING", "MISSING"})
_FAMILIES = (("fail", ("FAIL",)), ("delete", ("DELET",)), ("stop", ("STOP", "CANCEL", "ABORT")))


def words(name: str) -> list[str]:
    """``WidgetBuild`` / ``widget_build`` / ``widget-build`` → ["Widget", "Build"]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w[:1].upper() + w[1:] for w in re.split(r"[\s_\-]+", spaced) if w]


def snake(name: str) -> str:
    return "_".join(w.lower() for w in words(name))


def kebab(name: str) -> str:
    return "-".join(w.lower() for w in words(name))


def lower_camel(name: str) -> str:
    parts = words(name)
    return (parts[0].lower() + "".join(parts[1:])) if parts else name


def fold(name: str) -> str:
    """Case and separators removed: ``Widget_Build-Arn`` → ``widgetbuildarn``."""
    return re.sub(r"[\s_\-]+", "", name).lower()


def split_operation(name: str) -> tuple[str, str]:
    """``StopWidgetBuildCreation`` → (``Stop``, ``WidgetBuildCreation``)."""
    parts = words(name)
    return (parts[0], "".join(parts[1:])) if parts else ("", "")


def singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def id_names(resource: str) -> tuple[str, ...]:
    """Folded names an identifier of ``resource`` may have, most specific first."""
    parts = words(resource)
    tails = ["".join(parts[i:]).lower() for i in range(len(parts))]
    return tuple(tail + suffix for tail in tails for suffix in ID_SUFFIXES)


def is_identifier(name: str) -> bool:
    """``ProjectArn``, ``job_id``, ``widgetId``: a name that identifies something."""
    return fold(name).endswith(("arn", "id")) and len(fold(name)) > 3


def is_paging(name: str) -> bool:
    folded = fold(name)
    return any(folded.endswith(p) or folded.startswith(p) for p in PAGING)


def model_name(service: str, resource: str) -> str:
    """moto's state-manager spelling, e.g. ``batch::job``."""
    return f"{service}::{snake(resource)}"


def state_words(state: str) -> list[str]:
    return [w for w in re.split(r"[\s_\-]+", state.upper()) if w]


def family(state: str) -> str:
    """"fail" | "delete" | "stop" | "normal": which path of a lifecycle a state lies on."""
    found = state_words(state)
    for name, stems in _FAMILIES:
        if any(w.startswith(stem) for w in found for stem in stems):
            return name
    return "normal"


def is_transient(state: str) -> bool:
    """True when the words say the resource is on its way somewhere (PENDING, IN_PROGRESS, STOPPING)."""
    found = state_words(state)
    if not found:
        return False
    last = found[-1]
    return last in _TRANSIENT_WORDS or (last.endswith("ING") and last not in _STEADY_ING)
