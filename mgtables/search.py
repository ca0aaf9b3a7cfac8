"""Index entries for the book's search box: the English and Dutch words a reader may look a subject up by,
placed where the chapter treats it.

Sphinx's search lands on the page for a word of the text, but on the very place for an index entry (the
entry's anchor), and it matches an entry only when the search is at least half as long as the entry; so
the entries are single names ("citraat" as well as "magnesiumcitraat"). The chapters give the words from
the data (food names, supplement forms, vocabulary labels); a notebook shows them with show_index, whose
output the book reads as MyST (nb_render_markdown_format in _config.yml), so they become Sphinx index
entries and nothing shows on the page.
"""

from __future__ import annotations

import re

from IPython.display import Markdown, display

# An index directive's entries are separated by commas and its sub-entries by semicolons.
SEPARATORS = re.compile(r"[,;]\s*")
ANCHOR = '<span class="mg-index-anchor"></span>'  # where a search result for the entries lands


def index_markdown(terms) -> str:
    """The MyST index directive for `terms`, each once, in alphabetical order."""
    entries = sorted({SEPARATORS.sub(" ", t).strip() for t in terms if t and t.strip()}, key=str.lower)
    if not entries:
        return ""
    # The entries' target id goes to the node after the directive; an output's own box drops it, so an empty
    # paragraph holds it (mgtables.css gives it no height).
    return "```{index} " + ", ".join(entries) + "\n```\n" + ANCHOR + "\n"


def show_index(terms) -> None:
    display(Markdown(index_markdown(terms)))
