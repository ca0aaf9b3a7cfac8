"""Build every edition of the book, strictly (warnings are errors), into _build/html: the English
edition at its root and each other language's in its folder (mgtables.editions). `make book` runs it
after refreshing what is stale."""

from __future__ import annotations

import sys

from mgtables.book_meta import ROOT
from mgtables.site import EditionBuildFailed, build

if __name__ == "__main__":
    try:
        runs = build(ROOT, ROOT)
    except EditionBuildFailed as failed:
        sys.exit(str(failed))
    for lang, run in runs.items():
        print(f"{lang}: {run.stdout.strip().splitlines()[-1] if run.stdout.strip() else 'built'}")
    print(f"wrote {(ROOT / '_build' / 'html').relative_to(ROOT)}/")
