"""The build's execution cache is dropped whenever data/ or mgtables/ change, and kept otherwise."""

from __future__ import annotations

from dataclasses import replace

from mgtables import sphinx
from mgtables.book_meta import meta


def test_cache_is_kept_while_inputs_are_unchanged_and_dropped_when_they_change(tmp_path, monkeypatch):
    cache = tmp_path / ".jupyter_cache"
    assert sphinx.drop_stale_cache(cache) is True  # first build: nothing to trust
    (cache / "executed.txt").write_text("outputs")
    assert sphinx.drop_stale_cache(cache) is False
    assert (cache / "executed.txt").exists()

    monkeypatch.setattr(sphinx, "inputs_digest", lambda: "data changed")
    assert sphinx.drop_stale_cache(cache) is True
    assert not (cache / "executed.txt").exists()


def test_digest_follows_file_content(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "figures.yaml").write_text("- id: a\n")
    monkeypatch.setattr(sphinx, "DATA_DIR", data)
    monkeypatch.setattr(sphinx, "PACKAGE_DIR", tmp_path / "empty")
    before = sphinx.inputs_digest()
    assert sphinx.inputs_digest() == before
    (data / "figures.yaml").write_text("- id: b\n")
    assert sphinx.inputs_digest() != before


def test_digest_follows_the_version_and_the_table_numbers(monkeypatch):
    """Every caption and citation carries the book's version and the table's number: a change to
    either must make the cached outputs and the downloads stale."""
    before = sphinx.inputs_digest()
    placements = dict(sphinx.placements())
    first, second = sorted(placements)[:2]
    placements[first], placements[second] = placements[second], placements[first]
    monkeypatch.setattr(sphinx, "placements", lambda: placements)
    assert sphinx.inputs_digest() != before
    monkeypatch.undo()
    monkeypatch.setattr(sphinx, "meta", lambda: replace(meta(), version="99.0.0"))
    assert sphinx.inputs_digest() != before
