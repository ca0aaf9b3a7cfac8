"""A valid copy of data/ scaled k times, for measuring how the build's cost grows with the data.

Every collection is copied k times; copy i > 1 renames every record id (and claim key) with the suffix
"-x<i>" and every reference to an id of a renamed collection the same way, following the `ref`s the one
declarative schema declares. The copies are disjoint (their own sources, authorities, foods, figures and
claims), so every rule of the validator still holds. The vocabulary, the editorial parameters (they name
the original authorities), the labelling values, the supplement salts and the composition rows are copied
as they are.

    python benchmarks/scale.py 10 /tmp/data-10x
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from mgtables.book_meta import DATA_DIR
from mgtables.schema import SCHEMA, Collection, Field

# One set of editorial choices, one EU nutrient reference value and one list of supplement salts (one assumed
# salt per form, the form read from the id), whatever the size of the data.
UNSCALED = {"parameters", "labelling_values", "supplement_forms"}


class _Dumper(yaml.CSafeDumper):
    """Writes every value out: the copies share unchanged values (lists, mappings) with the original,
    which yaml would write as anchors and aliases, and the data's reader refuses those."""

    def ignore_aliases(self, data) -> bool:
        return True


def _rename(value, suffix: str):
    if isinstance(value, list):
        return [_rename(v, suffix) for v in value]
    return f"{value}{suffix}" if isinstance(value, str) else value


def _copy(record: dict, fields: tuple[Field, ...], key: str | None, suffix: str) -> dict:
    out = dict(record)
    for f in fields:
        if f.name not in out or out[f.name] is None:
            continue
        if f.name == key or (f.ref and f.ref not in UNSCALED):
            out[f.name] = _rename(out[f.name], suffix)
        elif f.fields and f.kind == "record":
            out[f.name] = _copy(out[f.name], f.fields, None, suffix)
        elif f.fields and f.kind == "records":
            out[f.name] = [_copy(item, f.fields, None, suffix) for item in out[f.name]]
    return out


def scaled(coll: Collection, records: list[dict], k: int) -> list[dict]:
    if coll.name in UNSCALED:
        return records
    copies = list(records)
    for i in range(2, k + 1):
        copies += [_copy(r, coll.fields, coll.key, f"-x{i}") for r in records]
    return copies


def write(k: int, target: Path, source: Path = DATA_DIR) -> Path:
    """Write data/ scaled `k` times into `target` (emptied first); return it."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    for coll in SCHEMA:
        path = target / coll.file
        records = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
        path.write_text(yaml.dump(scaled(coll, records, k), Dumper=_Dumper, allow_unicode=True,
                                  sort_keys=False), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write(int(sys.argv[1]), Path(sys.argv[2])))
