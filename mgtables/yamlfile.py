"""Read a YAML file so that every mapping remembers its line and nothing is lost on the way.

Plain YAML loading keeps the last of two equal keys and hides the first; here a repeated key is an
error. A date that cannot exist (2025-02-30) becomes an InvalidDate for the validator to report
with its record, instead of an exception without a place.

The files are edited by hand, so a file may be anything: binary, in another encoding, a directory,
huge, nested thousands deep (libyaml's composer recurses and crashes the interpreter) or an alias bomb
(a few hundred bytes that expand to gigabytes). Each is refused with a YamlError before it is parsed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

LINE = "__line__"
MAX_BYTES = 10_000_000  # the largest file of data/ is about 210 KB; room for ten times the data (benchmarks/scale.py)
MAX_DEPTH = 20  # the data nest 4 deep
QUOTE_LENGTH = 60  # a value quoted in an error message is cut to this many characters


@dataclass(frozen=True)
class InvalidDate:
    text: str


class YamlError(ValueError):
    """A file that cannot be read, is not valid YAML, or repeats a key; `line` where it is known."""

    def __init__(self, reason: str, line: int | None = None, file: str = ""):
        self.reason, self.line, self.file = reason, line, file
        where = f"{file}: " if file else ""
        super().__init__(f"{where}line {line}: {reason}" if line else f"{where}{reason}")


class Items(list):
    """A YAML sequence that remembers the line of each item, to report an item that is not a record."""

    lines: list[int]


def quote(value) -> str:
    """`value` as repr() writes it, cut short: an error message quotes data, and data may be huge."""
    text = repr(value)
    return text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH] + "...(cut)"


# libyaml's parser (CSafeLoader) reads the dataset several times faster than the pure-Python one.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, str):
            raise YamlError(f"key {quote(key)} is not a text; a field name must be a word",
                            key_node.start_mark.line + 1)
        if key in seen:
            raise YamlError(f"key {quote(key)} appears twice in one record", key_node.start_mark.line + 1)
        seen.add(key)
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> Items:
    items = Items(loader.construct_sequence(node, deep=True))
    items.lines = [item.start_mark.line + 1 for item in node.value]
    return items


def _timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return InvalidDate(node.value)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _text(path: Path) -> str:
    """The file's text, or a YamlError saying why it is not a text file one may parse."""
    if path.is_dir():
        raise YamlError("is a directory, not a file")
    with path.open("rb") as file:
        content = file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise YamlError(f"is more than the {MAX_BYTES} bytes a data file may have", content.count(b"\n") + 1)
    if b"\0" in content:
        line = content[:content.index(b"\0")].count(b"\n") + 1
        raise YamlError("a NUL byte: this is a binary file, not YAML text", line)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[:exc.start].count(b"\n") + 1
        raise YamlError(f"byte {content[exc.start]:#04x} is not UTF-8; save the file as UTF-8", line) from None


def _check_shape(text: str) -> None:
    """Refuse aliases and deep nesting, from the parser's events (which neither build nor recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlError("anchors and aliases (&name, *name) are not allowed; write the value out", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(f"nested more than {MAX_DEPTH} deep", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read(path: Path):
    """The parsed content of `path`, each mapping with its line number under LINE, each sequence an Items."""
    try:
        text = _text(path)
        _check_shape(text)
        return yaml.load(text, Loader=_Loader)
    except OSError as exc:
        raise YamlError(f"cannot be read: {exc.strerror}", file=path.name) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YamlError(f"not valid YAML: {_cut(str(exc))}", mark.line + 1 if mark else None, path.name) from exc
    except YamlError as exc:
        raise YamlError(exc.reason, exc.line, path.name) from exc


def _cut(message: str, limit: int = 400) -> str:
    return message if len(message) <= limit else message[:limit] + "...(cut)"


def is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
