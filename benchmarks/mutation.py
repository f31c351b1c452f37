"""Mutation score: does verify against the reference emulator kill every mutant?

    python benchmarks/mutation.py [--specs DIR] [--jobs N] [--only NAME ...]

Runs ``harness verify --target reference`` once (the baseline) and ``--target reference:MUTANT`` for every
mutant in `harness.emulator.mutants.MUTANTS`, as subprocesses, ``--jobs`` at a time. A mutant is **killed**
when at least one check's verdict is "fail" against it and "pass" against the unmutated reference; the first
such check (in result order) is shown, with its family, and whether a check of the family meant to catch the
mutant (`mutants.CATCHING_CHECKS`) is among the killers.

Exit 0 when every mutant is killed (and the baseline has no fail or error), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.emulator.mutants import CATCHING_CHECKS, MUTANTS

CHECK_TIMEOUT = 10
"""Seconds per check: the emulator is in-process and steps states on demand, so only a mutant that never
settles (which a check then fails) uses more than a fraction of it."""

Verdicts = dict[str, tuple[str, str]]
"""Check id → (verdict, check family)."""


@dataclass(frozen=True, slots=True)
class Score:
    """What one mutant run showed."""

    mutant: str
    family: str
    """The family meant to catch it (`Mutant.family`)."""
    killers: tuple[tuple[str, str], ...]
    """(check id, check family) of every check that fails against the mutant and passes on the baseline."""

    @property
    def killed(self) -> bool:
        return bool(self.killers)

    @property
    def by_family(self) -> bool:
        """A check of the family meant to catch it is among the killers."""
        return any(check in CATCHING_CHECKS.get(self.family, ()) for _, check in self.killers)


def verify(specs: str, target: str, workers: int = 0) -> Verdicts:
    """Run ``harness verify`` in a subprocess; every result's verdict and family by check id."""
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "harness", "verify", specs, "--target", target, "--out", out, "-n", str(workers),
               "--check-timeout", str(CHECK_TIMEOUT)]
        subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
        path = Path(out) / "results.json"
        if not path.exists():
            return {}
        results = json.loads(path.read_text())["results"]
    return {r["id"]: (r["verdict"], r["check"]) for r in results}


def killers(baseline: Mapping[str, tuple[str, str]], mutated: Mapping[str, tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((cid, check) for cid, (verdict, check) in mutated.items()
                 if verdict == "fail" and baseline.get(cid, ("", ""))[0] == "pass")


def score(specs: str, names: Iterable[str], jobs: int = 2) -> tuple[Verdicts, list[Score]]:
    names = list(names)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        base = pool.submit(verify, specs, "reference")
        runs = {n: pool.submit(verify, specs, f"reference:{n}") for n in names}
        baseline = base.result()
        return baseline, [Score(n, MUTANTS[n].family, killers(baseline, runs[n].result())) for n in names]


def table(scores: Sequence[Score]) -> str:
    rows = [("mutant", "family", "killed", "first failing check", "its family", "by family")]
    for s in scores:
        first = s.killers[0] if s.killers else ("-", "-")
        rows.append((s.mutant, s.family, "yes" if s.killed else "NO", first[0], first[1],
                     "yes" if s.by_family else "no"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", default="specs", help="specs to verify (default: specs)")
    parser.add_argument("--jobs", type=int, default=2, help="verify runs at a time (default: 2)")
    parser.add_argument("--only", nargs="*", help="these mutants only")
    args = parser.parse_args(argv)
    names = args.only or list(MUTANTS)
    baseline, scores = score(args.specs, names, args.jobs)
    bad = sorted(cid for cid, (verdict, _) in baseline.items() if verdict in ("fail", "error"))
    print(table(scores))
    killed = sum(s.killed for s in scores)
    print(f"\nmutation score: {killed}/{len(scores)} killed ({100 * killed / max(1, len(scores)):.0f}%), "
          f"{sum(s.by_family for s in scores)} by the family meant to catch them")
    if not baseline:
        print("baseline run produced no results")
    for cid in bad:
        print(f"baseline {baseline[cid][0]}: {cid}")
    return 0 if baseline and not bad and killed == len(scores) else 1


if __name__ == "__main__":
    sys.exit(main())
