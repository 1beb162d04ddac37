"""The OpenAPI document names each schema component after its class: two schema classes with the
same name in different API modules silently overwrite each other's component, so responses stop
matching the published schema. Every schema class name must be unique across the API."""

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import dudao


def _api_modules():
    for info in pkgutil.walk_packages(dudao.__path__, "dudao."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf.startswith("api") or leaf.endswith("_api") or leaf == "schemas":
            yield importlib.import_module(info.name)


def test_schema_class_names_are_unique():
    seen = defaultdict(set)
    for module in _api_modules():
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, Schema) and obj.__module__ == module.__name__:
                seen[name].add(module.__name__)
    clashes = {name: sorted(mods) for name, mods in seen.items() if len(mods) > 1}
    assert not clashes, f"schema classes with the same name in several modules: {clashes}"
