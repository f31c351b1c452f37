"""The "botocore" target: the service and waiter models of the installed botocore.

Models are loaded once per process per service (`functools.lru_cache` over one shared session),
because every check of every spec asks for them. Tests hand a `BotocoreModel` modified models
(``BotocoreModel(models={"rekognition": ServiceModel(data)})``) to show a check failing from the model side.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

import botocore
import botocore.session
from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.model import ServiceModel
from botocore.session import Session
from botocore.waiter import WaiterModel

from harness.errors import SpecError
from harness.spec.model import Spec


@lru_cache(maxsize=1)
def session() -> Session:
    """The one botocore session of this process."""
    return botocore.session.get_session()


@lru_cache(maxsize=1)
def available_services() -> frozenset[str]:
    return frozenset(session().get_available_services())


@cache
def service_model(name: str) -> ServiceModel:
    """The installed model of ``name``; raises `UnknownServiceError` for a name botocore does not know."""
    return session().get_service_model(name)


@cache
def waiter_model(name: str) -> WaiterModel | None:
    """The installed waiters of ``name``, or None when the service defines none."""
    try:
        return session().get_waiter_model(name)
    except (DataNotFoundError, UnknownServiceError):
        return None


class BotocoreModel:
    """Checks specs against botocore's models; no network, no credentials."""

    kind = "botocore"

    def __init__(self, models: Mapping[str, ServiceModel] | None = None,
                 waiters: Mapping[str, WaiterModel | None] | None = None) -> None:
        self.name = f"botocore=={botocore.__version__}"
        self._models = dict(models or {})
        self._waiters = dict(waiters or {})

    def check_spec(self, spec: Spec, path: str) -> None:
        name = spec.service.botocore_service
        if name is None or name in self._models or name in available_services():
            return
        raise SpecError(path=path, field="service.botocore_service",
                        reason=f"unknown botocore service {name!r} (not in the installed botocore "
                        f"{botocore.__version__})")

    def model(self, name: str | None) -> ServiceModel | None:
        """The service model for a spec's ``botocore_service``; None when the spec names none."""
        if name is None:
            return None
        if name in self._models:
            return self._models[name]
        if name not in available_services():
            return None
        return service_model(name)

    def waiters(self, name: str | None) -> WaiterModel | None:
        if name is None:
            return None
        if name in self._waiters:
            return self._waiters[name]
        return waiter_model(name) if name in available_services() else None

    def close(self) -> None:
        return None
