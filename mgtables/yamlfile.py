"""Read a YAML file so that every mapping remembers its line and nothing is lost on the way.

Plain YAML loading keeps the last of two equal keys and hides the first; here a repeated key is an
error. A date that cannot exist (2025-02-30) becomes an InvalidDate for the validator to report
with its record, instead of an exception without a place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

LINE = "__line__"


@dataclass(frozen=True)
class InvalidDate:
    text: str


class YamlError(ValueError):
    """A file that is not valid YAML, or that repeats a key."""


# libyaml's parser (CSafeLoader) reads the dataset several times faster than the pure-Python one.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise YamlError(f"line {key_node.start_mark.line + 1}: key {key!r} appears twice in one record")
        seen.add(key)
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


def _timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return InvalidDate(node.value)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def read(path: Path):
    """The parsed content of `path`, each mapping with its line number under LINE."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise YamlError(f"{path.name}: not valid YAML: {exc}") from exc
    except YamlError as exc:
        raise YamlError(f"{path.name}: {exc}") from exc


def is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
