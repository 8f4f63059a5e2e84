"""The reader registry: format name → reader, filled through the plugin hook (``plugin``).

Built-in readers register through the same hook as plugins: the module
``rashomon.ingest.readers`` implements ``register_readers`` and is listed in the
``rashomon.plugins`` entry-point group, where a third-party package lists its own module.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata

import pluggy

from . import readers
from .plugin import ENTRY_POINT_GROUP, PROJECT, ReaderHooks, ReaderSpec

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ReaderRegistry:
    """Readers by format name and by extension; later registrations win."""

    _by_name: dict[str, ReaderSpec] = field(default_factory=dict)
    _by_extension: dict[str, str] = field(default_factory=dict)

    def register(self, spec: ReaderSpec) -> None:
        """Add (or replace) a reader and claim its extensions."""
        self._by_name[spec.name] = spec
        for extension in spec.extensions:
            self._by_extension[extension.lower()] = spec.name

    def names(self) -> list[str]:
        """The registered format names, sorted."""
        return sorted(self._by_name)

    def extensions(self) -> list[str]:
        """Every extension some reader claims."""
        return sorted(self._by_extension)

    def get(self, name: str) -> ReaderSpec | None:
        """The reader of a format name, or of an extension given as the format (``.csv``)."""
        key = name.lower()
        if key in self._by_name:
            return self._by_name[key]
        extension = key if key.startswith(".") else f".{key}"
        found = self._by_extension.get(extension)
        return self._by_name[found] if found else None

    def for_filename(self, filename: str) -> ReaderSpec | None:
        """The reader claiming the longest matching ending of a file name, if any."""
        lowered = filename.lower()
        matches = [ext for ext in self._by_extension if lowered.endswith(ext)]
        if not matches:
            return None
        return self._by_name[self._by_extension[max(matches, key=len)]]

    def sniff(self, head: bytes) -> ReaderSpec | None:
        """The first reader, by priority, that recognises these leading bytes."""
        for spec in sorted(self._by_name.values(), key=lambda s: (s.priority, s.name)):
            if spec.sniff is not None and spec.sniff(head):
                return spec
        return None


def plugin_manager(extra: Iterable[object] = ()) -> pluggy.PluginManager:
    """A plugin manager with the built-in readers, the entry-point plugins and ``extra``.

    A plugin that fails to import is logged and left out, so one broken package does not
    stop ingestion.
    """
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(ReaderHooks)
    manager.register(readers, name="builtin_readers")
    for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            plugin = entry_point.load()
        except Exception as exc:  # noqa: BLE001 - any plugin bug must not stop a run
            log.warning("Plugin %s could not be loaded: %s", entry_point.name, exc)
            continue
        if manager.is_registered(plugin):
            continue
        try:
            manager.register(plugin, name=entry_point.name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            log.warning("Plugin %s could not be registered: %s", entry_point.name, exc)
    for plugin in extra:
        manager.register(plugin)
    return manager


def build_registry(extra: Iterable[object] = ()) -> ReaderRegistry:
    """A registry filled from every plugin's ``register_readers`` hook."""
    registry = ReaderRegistry()
    manager = plugin_manager(extra)
    # pluggy calls the most recently registered plugin first; reverse so later plugins win.
    for specs in reversed(manager.hook.register_readers()):
        for spec in specs:
            registry.register(spec)
    return registry


@cache
def default_registry() -> ReaderRegistry:
    """The registry of built-in and installed plugin readers, built once per process."""
    return build_registry()
