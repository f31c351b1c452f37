"""One root for every error the harness raises on purpose.

    HarnessError                 exit 2 unless a subclass says otherwise
      ├─ UsageError              bad command line or configuration
      ├─ ReadError               a document cannot be read or parsed
      ├─ SpecError               a spec file is unreadable or fails the schema
      └─ TargetError             a target cannot be started or reached

Each subclass is only a message template (``fmt``) filled from keyword arguments,
so messages stay uniform: ``ReadError(path="a.md", line=3, reason="…")``.
Conformance failures are results, never exceptions.
"""

from __future__ import annotations

from typing import Any


class HarnessError(Exception):
    fmt = "{reason}"
    exit_code = 2

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        super().__init__(self.fmt.format(**kwargs))


class UsageError(HarnessError):
    fmt = "usage: {reason}"


class ReadError(HarnessError):
    fmt = "{where}: {reason}"

    def __init__(self, *, path: str, reason: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(where=where, reason=reason, path=path, line=line)


class SpecError(HarnessError):
    fmt = "{where}: {reason}"

    def __init__(self, *, path: str, reason: str, field: str | None = None) -> None:
        where = f"{path} [{field}]" if field else path
        super().__init__(where=where, reason=reason, path=path, field=field)


class TargetError(HarnessError):
    fmt = "target {target}: {reason}"
