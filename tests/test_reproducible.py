"""Two builds from the same sources give the same site, byte for byte: every file under _build/html.

The first build is the session's (`built_book`); the second (`second_book`, made alongside it) goes
into another temporary directory, so an absolute output path, a date, a random id or an unordered set
written into any page or asset would show up here.

Nothing is excluded. Two clean builds were compared file by file, including Sphinx's build metadata:
.buildinfo holds only hashes of the configuration and the tags (no date, no path), _sources/ holds
copies of the source files, and searchindex.js, objects.inv, the notebooks' images (named by content hash)
and the downloads (tables/, data/) are all identical. Should a file ever need to be
excluded, it goes in BUILD_METADATA below with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

BUILD_METADATA: dict[str, str] = {}  # path under _build/html -> why it may differ between two builds


def _files(html: Path) -> dict[str, Path]:
    files = {p.relative_to(html).as_posix(): p for p in html.rglob("*") if p.is_file()}
    return {name: path for name, path in sorted(files.items()) if name not in BUILD_METADATA}


def _first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at byte {at}: {a[max(0, at - 80):at + 80]!r} != {b[max(0, at - 80):at + 80]!r}"


def test_two_builds_give_identical_files(built_book, second_book):
    first, second = _files(built_book), _files(second_book)

    assert sorted(first) == sorted(second)
    differing = {name: _first_difference(first[name].read_bytes(), second[name].read_bytes())
                 for name in first if first[name].read_bytes() != second[name].read_bytes()}
    assert differing == {}


def test_buildinfo_holds_hashes_and_no_path(built_book):
    """What the docstring says of .buildinfo, checked: two comment lines and two hashes, nothing else."""
    lines = (built_book / ".buildinfo").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == [
        line for line in lines if re.fullmatch(r"(config|tags): [0-9a-f]{32}", line)]
    assert not any("/" in line for line in lines if not line.startswith("#"))
