"""Canonical source names and how two spellings of a source relate (no Django imports).

Outlets spell the same source many ways: `Russian President Vladimir Putin`, `Putin`,
`China's Xinhua news agency`, `Xinhua`. These rules are general English: titles and roles,
leading articles, a possessive country or owner in front, and generic suffixes come off; before
a generic body a country stays, as its adjective (`Russia's Defense Ministry` is the `Russian
Defense Ministry`, not Ukraine's).
"""

import functools
import re
from dataclasses import dataclass

from claims import lexicon as lx
from claims.lexicon import TITLE_WORDS
from claims.naming import normalize_source_name

# Words of a body's name that every country or company has: "defense ministry", "army",
# "state news agency", "foreign affairs committee".
GENERIC_BODY_WORDS = (
    lx.GOVERNMENT_MARKERS
    | lx.ORGANIZATION_NOUNS
    | lx.MEDIA_MARKERS
    | lx._words(
        """
        of for and on the foreign defense defence interior home health finance justice trade
        economy economic education state national federal public security emergency
        emergencies environment energy agriculture transport war affairs central
        """
    )
)

# Generic trailing words of outlet and company names ("Xinhua news agency", "Acme Inc.").
NAME_SUFFIXES = (
    ("news", "agency"),
    ("news", "service"),
    ("state", "news", "agency"),
    ("agency",),
    ("newspaper",),
    ("inc",),
    ("ltd",),
    ("llc",),
    ("plc",),
    ("corp",),
    ("co",),
)

# Kinds whose mentions never stand for one shared source across articles.
UNSHARED_KINDS = frozenset({"anonymous", "unattributed"})

# A word, or a number with its thousands commas ("5,000-word").
_WORD = re.compile(r"[\w’'.-]+(?:,\d[\w’'.-]*)*")
_POSSESSIVE_END = re.compile(r"[’']s?$")
# Nationality adjectives before a title: Russian, Chinese, Turkish, Iraqi, Nepali, Thai.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|an|ese|ish|i|ic|ch)$")


def _bare(word: str) -> str:
    return word.lower().strip(".,")


# Every spelling of an article is keyed several times over (its own keys, those of its joint
# members, the person and media readings): the same few names, again and again.
@functools.lru_cache(maxsize=65536)
def canonical_source_name(name: str, kind: str | None = None) -> str:
    """The name a reviewer files the source under: titles, articles and suffixes stripped.

    Titles come off only for people (or an unknown kind): "General Motors" keeps its first word.

    >>> canonical_source_name("Russian President Vladimir Putin")
    'Vladimir Putin'
    >>> canonical_source_name("China’s Xinhua news agency")
    'Xinhua'
    """
    words = _WORD.findall(name.strip())
    if not words:
        return name.strip()
    # "the", "a": never part of the name.
    while len(words) > 1 and _bare(words[0]) in {"the", "a", "an"}:
        words = words[1:]
    # A possessive owner in front ("China's Xinhua") names where the source belongs, not it;
    # but in front of a generic body it is what tells one from another ("Russia's Defense
    # Ministry" is not Ukraine's), so it stays, and so does the rest.
    if len(words) > 1 and _POSSESSIVE_END.search(words[0]) and words[0][0].isupper():
        if all(_bare(word) in GENERIC_BODY_WORDS for word in words[1:]):
            # "Russia's Defense Ministry" is the "Russian Defense Ministry".
            country = lx.COUNTRY_BY_NAME.get(_POSSESSIVE_END.sub("", words[0]).lower())
            words = [country[1] if country else words[0], *words[1:]]
            return " ".join(words).strip(" ,.")
        words = words[1:]
    # Titles, offices and a nationality in front of them ("Russian Foreign Minister X").
    last_title = -1
    for i, word in enumerate(words[:-1] if kind in (None, "person") else []):
        if _bare(word) in TITLE_WORDS or (
            _DEMONYM.match(word) and i + 1 < len(words) and _bare(words[i + 1]) in TITLE_WORDS
        ):
            last_title = i
        else:
            break
    rest = words[last_title + 1 :]
    # Only strip the titles when a personal name follows: "the Prime Minister" stays as it is,
    # and so does "General SVR channel" (an acronym is no first name).
    if (
        rest
        and rest[0][0].isupper()
        and not rest[0].isupper()
        and _bare(rest[0]) not in TITLE_WORDS
    ):
        words = rest
    lowered = [_bare(w) for w in words]
    for suffix in NAME_SUFFIXES:
        n = len(suffix)
        if len(words) > n and tuple(lowered[-n:]) == suffix:
            words = words[:-n]
            break
    return " ".join(words).strip(" ,.")


# "A and B", "A, B and C"; not the comma of "5,000".
_JOINT = re.compile(r"\s*(?:,\s|\band\b|&)\s*", re.IGNORECASE)


def joint_key(name: str, kind: str | None = None) -> str:
    """The key of a joint source ("Xi Jinping and Russian President Vladimir Putin"): its
    members' canonical names in alphabetical order, so that either order is one source; ""
    for a single source.

    >>> joint_key("Russia and China") == joint_key("China and Russia") == "china and russia"
    True
    """
    members = {
        normalize_source_name(canonical_source_name(member, kind))
        for member in _JOINT.split(name)
        if member.strip()
    }
    members.discard("")
    return " and ".join(sorted(members)) if len(members) > 1 else ""


@functools.lru_cache(maxsize=65536)
def alias_keys(name: str, kind: str | None = None) -> tuple[str, ...]:
    """The lookup keys of a spelling: its canonical name and as written (and, for a joint
    source, its members in a fixed order), without repeats."""
    keys = []
    canonical = canonical_source_name(name, kind)
    for key in (
        normalize_source_name(canonical),
        normalize_source_name(name),
        joint_key(name, kind),
    ):
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def surname(name: str) -> str:
    """The last word of a person's canonical name, the part a second mention keeps."""
    words = normalize_source_name(canonical_source_name(name)).split()
    return words[-1] if words else ""


def is_bare_surname(name: str) -> bool:
    return len(normalize_source_name(canonical_source_name(name)).split()) == 1


@functools.lru_cache(maxsize=65536)  # called for every candidate linking scores
def name_parts(name: str) -> frozenset[str]:
    """The people or bodies a name speaks for: "X and Y" speaks for both."""
    parts = _JOINT.split(normalize_source_name(name))  # a normalized name has no comma left
    return frozenset(p for p in parts if p)


@dataclass(frozen=True)
class SourceMention:
    """What the linker knows of one attribution's source."""

    source_id: int | None
    name: str
    kind: str


# What source_relation gives two sources that overlap ("Xi" in "Xi and Putin", one surname).
OVERLAPPING = 0.75


def source_relation(a: SourceMention | None, b: SourceMention | None) -> float:
    """How strongly two sources suggest the same claim: 1 same, 0.75 overlapping, 0.5 unknown.

    Unknown covers unattributed and anonymous sources: they neither support nor refute.
    Different named sources score 0 but do not block: outlets re-report one another.
    """
    if a is None or b is None or a.kind in UNSHARED_KINDS or b.kind in UNSHARED_KINDS:
        return 0.5
    if a.source_id is not None and a.source_id == b.source_id:
        return 1.0
    if normalize_source_name(a.name) == normalize_source_name(b.name):
        return 1.0
    parts_a, parts_b = name_parts(a.name), name_parts(b.name)
    if parts_a & parts_b:
        return OVERLAPPING
    surnames_a = {p.split()[-1] for p in parts_a if a.kind == "person"}
    surnames_b = {p.split()[-1] for p in parts_b if b.kind == "person"}
    if surnames_a & surnames_b:
        return OVERLAPPING
    return 0.0
