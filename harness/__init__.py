"""harness: documentation-conformance test harness.

Documents → readers → document model → extractors → specs → checks → targets → results → reports.
"""

__version__ = "0.1.0"
