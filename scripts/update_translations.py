"""Bring the prose catalogues of every edition up to date with the English pages (`make translations`).

Sphinx's gettext builder writes one template (.pot) per page from the English book; sphinx-intl merges
each into book/locale/<lang>/LC_MESSAGES/<page>.po, keeping what is translated, adding new paragraphs
untranslated and marking changed ones fuzzy. The languages are those of mgtables' own catalogues, so a
language has both or neither. Translate the new and fuzzy entries, then `make book`;
tests/test_editions.py fails while any entry is missing, fuzzy or stale.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mgtables.book_meta import ROOT
from mgtables.i18n import languages

BIN = Path(sys.executable).parent
POT_DIR = ROOT / "_build" / "gettext" / "_build" / "gettext"


def write_templates(source: Path = ROOT, output: Path = ROOT / "_build" / "gettext") -> Path:
    """The .pot templates of the English pages of the book in `source`; their folder."""
    subprocess.run([str(BIN / "jupyter-book"), "build", str(source), "--builder", "custom",
                    "--custom-builder", "gettext", "--path-output", str(output), "--quiet"], check=True)
    return output / "_build" / "gettext"


if __name__ == "__main__":
    pots = write_templates()
    for lang in languages()[1:]:
        subprocess.run([str(BIN / "sphinx-intl"), "update", "--pot-dir", str(pots),
                        "--locale-dir", str(ROOT / "book" / "locale"), "--language", lang,
                        "--line-width", "-1"], check=True)
