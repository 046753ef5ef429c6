"""Synonyms for cross-article linking, from WordNet: "no boundaries" meets "no limits".

The table (`claims/data/synonyms.tsv.gz`, built by `claims/data/build_synonyms.py`) pairs
words that share one of their most frequent WordNet senses. It ships with the code: nothing is
downloaded at run time.
"""

import functools
import gzip

from django.conf import settings

# Plural and verb endings, undone to find a word's dictionary form: (ending, replacement).
_ENDINGS = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ied", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
)


@functools.cache
def _table(path: str) -> dict[str, frozenset[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return {
            word: frozenset(others.split())
            for word, others in (line.rstrip("\n").split("\t") for line in lines)
        }


@functools.lru_cache(maxsize=100_000)
def _lookup(path: str, word: str) -> frozenset[str]:
    table = _table(path)
    if word in table:
        return table[word]
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and (base := word[: -len(ending)] + replacement) in table:
            return table[base]
    return frozenset()


def synonyms(word: str, table: str | None = None) -> frozenset[str]:
    """The words that share a common sense with `word` (case-folded), or none. `table`: the
    table's path, CLAIMS_LINK_SYNONYMS by default; empty for none."""
    table = settings.CLAIMS_LINK_SYNONYMS if table is None else table
    return _lookup(table, word) if table else frozenset()
