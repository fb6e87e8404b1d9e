"""The registry of fact kinds: the built-ins, then those other packages register.

Built-in kinds are loaded exactly as a plugin kind is: each module has a
`register_kinds(register)` hook, and the collector checks every registration in one
place (a duplicate name, a model whose `kind` default is not the name, a sheet name
Excel would refuse). Other packages add kinds through the `factsheet.kinds` entry
point group; the entry point names a module with that hook or a `KindSpec`.

`FACTSHEET_KIND_PLUGINS` limits which entry points load: unset loads all, an empty
value loads none (the test suite runs sealed like that), "a,b" loads those named.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

from factsheet.errors import KindError
from factsheet.kinds.spec import KindSpec

ENTRY_POINT_GROUP = "factsheet.kinds"
PLUGINS_ENV = "FACTSHEET_KIND_PLUGINS"


def _builtin_modules() -> list[str]:
    """Every module of this package with a `register_kinds` hook: adding a kind is adding its module."""
    import pkgutil

    import factsheet.kinds as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "register_kinds"):
            found.append(module.__name__)
    return found


class _Collector:
    def __init__(self) -> None:
        self.kinds: dict[str, KindSpec[Any]] = {}
        self.origin: dict[str, str] = {}

    def register(self, spec: KindSpec[Any], origin: str) -> None:
        if not isinstance(spec, KindSpec):
            raise KindError(f"{origin}: registered {type(spec).__name__}, not a KindSpec", kind=None)
        if spec.name in self.kinds:
            raise KindError(
                f"{origin}: kind {spec.name!r} is already registered by {self.origin[spec.name]}",
                kind=spec.name,
            )
        declared = spec.model.model_fields.get("kind")
        if declared is None or declared.default != spec.name:
            raise KindError(
                f"{origin}: {spec.model.__name__}.kind must default to {spec.name!r}", kind=spec.name
            )
        if not spec.sheet or len(spec.sheet) > 31 or any(c in spec.sheet for c in "[]:*?/\\"):
            raise KindError(
                f"{origin}: sheet name {spec.sheet!r} is not a valid XLSX sheet name", kind=spec.name
            )
        if spec.roles.figure and spec.roles.figure not in spec.model.model_fields:
            raise KindError(f"{origin}: key figure {spec.roles.figure!r} is not a field", kind=spec.name)
        unknown = [
            name
            for name in (*spec.identity_fields, *spec.undated_identity_fields, *spec.derived_fields)
            if name not in spec.model.model_fields
        ]
        if unknown:
            raise KindError(f"{origin}: identity fields {unknown} are not fields", kind=spec.name)
        self.kinds[spec.name] = spec
        self.origin[spec.name] = origin

    def load(self, target: Any, origin: str) -> None:
        if isinstance(target, KindSpec):
            self.register(target, origin)
            return
        hook: Callable[..., None] | None = getattr(target, "register_kinds", None)
        if hook is None:
            raise KindError(f"{origin}: neither a KindSpec nor a module with register_kinds()", kind=None)
        hook(lambda spec: self.register(spec, origin))


def _wanted_plugins() -> set[str] | None:
    value = os.environ.get(PLUGINS_ENV)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


@functools.cache
def _loaded() -> dict[str, KindSpec[Any]]:
    collector = _Collector()
    for module_name in _builtin_modules():
        module: ModuleType = importlib.import_module(module_name)
        collector.load(module, module_name)
    wanted = _wanted_plugins()
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if wanted is not None and entry.name not in wanted:
            continue
        try:
            target = entry.load()
        except Exception as exc:  # a broken plugin names itself, it does not crash the import
            raise KindError(f"kind plugin {entry.name!r} failed to load: {exc}", kind=entry.name) from exc
        collector.load(target, f"entry point {entry.name!r} ({entry.value})")
    ordered = sorted(collector.kinds.values(), key=lambda spec: (spec.order, spec.name))
    return {spec.name: spec for spec in ordered}


def kinds() -> list[KindSpec[Any]]:
    """Every registered kind, built-ins first, in registration order."""
    return list(_loaded().values())


def names() -> list[str]:
    return list(_loaded())


def get(name: str) -> KindSpec[Any]:
    """The spec of kind `name`; `KindError` for a kind nobody registered."""
    try:
        return _loaded()[name]
    except KeyError:
        raise KindError(f"unknown fact kind {name!r} (known: {', '.join(_loaded())})", kind=name) from None


def loaded_versions() -> dict[str, str]:
    """Each kind's defining module and version: run.json records which kinds made a run."""
    return {spec.name: f"{spec.model.__module__} {spec.version}" for spec in _loaded().values()}


def reset() -> None:
    """Forget the loaded kinds (after installing a plugin in a running process, and in tests)."""
    _loaded.cache_clear()
    from factsheet.kinds import adapters, identity

    adapters.reset()
    identity.clear_caches()
