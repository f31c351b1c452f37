"""The lifecycle tests use the live tests' fakes and helpers (`tests/live/_live_support.py`)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "live"))

from _live_support import FIXTURES, Fake, load_spec, run_checks, serve

__all__ = ["FIXTURES", "Fake", "load_spec", "run_checks", "serve"]
