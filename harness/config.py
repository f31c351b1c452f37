"""Project configuration: ``harness.toml`` in the working folder (all keys optional).

    [extract]
    paths = ["seeds"]        # what `harness extract` reads when given no PATHS
    out = "specs"            # where specs go
    cache = ".harness-cache" # content-hash cache of per-file facts ("" turns it off)

    [providers]              # non-AWS services: service name → provider (specs/<provider>/<service>.json)
    modelarts = "otc"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from harness.errors import UsageError

CONFIG_FILE = "harness.toml"


@dataclass(frozen=True, slots=True)
class Config:
    paths: tuple[str, ...] = ("seeds",)
    out: str = "specs"
    cache: str = ".harness-cache"
    providers: dict[str, str] = field(default_factory=dict)


def load(path: str | Path = CONFIG_FILE) -> Config:
    p = Path(path)
    if not p.exists():
        return Config()
    try:
        data = tomllib.loads(p.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(reason=f"{p}: cannot read configuration: {exc}") from None
    default = Config()
    extract = data.get("extract", {})
    providers = data.get("providers", {})
    if not isinstance(extract, dict) or not isinstance(providers, dict):
        raise UsageError(reason=f"{p}: [extract] and [providers] must be tables")
    return Config(
        paths=tuple(extract.get("paths", default.paths)),
        out=str(extract.get("out", default.out)),
        cache=str(extract.get("cache", default.cache)),
        providers={str(k): str(v) for k, v in providers.items()},
    )
