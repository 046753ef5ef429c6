"""Cross-article linking: the existing claim a new attribution states, or none.

Two steps. Candidate search asks PostgreSQL, through the GIN full-text index of every stored
wording, for the earlier wordings that share the most english stems with the new one
(four-letter prefixes, so "boundless" meets "boundaries"; rare words alone, common ones in
pairs). pg_trgm similarity was tried there too and left out: on a million wordings one `%`
search took 1-10 s, and the prefixes already catch the variant spellings it was for. Then
each candidate is scored in Python by rules a reviewer can read back:

    score = overlap + jaccard + source_weight * source_relation

`overlap` is the share of the shorter wording's terms found in the other (a short headline
paraphrase inside a long quote still counts, but one word in common never does), `jaccard`
the share of all terms in common (a word also meets its WordNet synonyms), and
`source_relation` 1 for the same source, 0.75 for overlapping ones ("Xi" in "Xi and Putin"),
0.5 when either side is unnamed, 0 otherwise. Words an outlet puts in quotation marks are the
speaker's own, so a wording that quotes words another one quotes too scores at least
CLAIMS_LINK_QUOTE_SCORE: a quote of CLAIMS_LINK_QUOTE_ANY_SOURCE_WORDS content words or more
found verbatim in the other's quoted words (a direct quotation, or its own quotation marks),
whoever each outlet credits; a shorter one only in a direct quotation of the same or an
overlapping source (“ugly” in Putin's "have recently taken an ugly shape"), since a word or
two recurs in a speaker's other statements. Inside one article, content spans that overlap
are one claim (a report of a report: "state media said Xi said X"), and two different spans of
one sentence are never one claim. The thresholds are settings, calibrated on the seeds by
`manage.py evaluate_linking`.
"""

import functools
import itertools
import logging
import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connection, transaction

from claims.models import Claim, Source
from claims.sources import OVERLAPPING, SourceMention, source_relation
from claims.synonyms import synonyms

logger = logging.getLogger(__name__)

# Function words carry no claim; negations stay ("no limits" is not "limits").
_STOP_WORDS = """
    a an the and or but of to in on at for with by from as is are was were be been being this
    that these those it its their his her our your we they he she i you them us him me my than
    then there here which who whom whose what when where while would will could should can may
    might shall do does did have has had having also into over under about after before during
    such so very more most other some any each all both only just even ever own same too
    although though since yet already because however whether
    """
# Verbs of saying and knowing report a claim; they are not what it states ("the crack had been
# known" is not "the mayor had known about the crack").
_STOP_WORDS += """
    say says said saying tell tells told telling know knows knew known think thinks thought
    believe believes believed
    """
STOP_WORDS = frozenset(_STOP_WORDS.split())
# Truncating words to their first five letters is a crude stemmer that also joins derived
# words ("boundaries"/"boundless", "friendship"/"friendly") that suffix stemmers keep apart.
TERM_LENGTH = 5
# How many of a wording's common terms the candidate search pairs up.
PAIRED_TERMS = 4
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A fragment in quotation marks: “…”, "…" or ‘…’ (a ’ before a letter is an apostrophe).
_QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]|‘([^‘’]+)’(?!\w)")


def _verbatim(text: str) -> str:
    """Every word of a text, in order, case-folded, space-delimited: for verbatim matching."""
    return f" {' '.join(_WORD.findall(text.casefold().replace('’', "'")))} "


def _words(text: str) -> list[str]:
    words = (
        word[:-2] if word.endswith(("'s", "’s")) else word
        for word in _WORD.findall(text.casefold())
    )
    return [word for word in words if word not in STOP_WORDS]


@dataclass(frozen=True)
class Terms:
    """A wording's terms (its content words, case-folded and truncated: what overlap counts),
    every term they reach through WordNet synonyms (themselves included), and, for each term
    reached, which of the wording's own terms reach it. Also its words in order (`verbatim`)
    and the fragments it quotes, each with its number of content words."""

    own: frozenset[str]
    related: frozenset[str]
    reached_by: dict[str, frozenset[str]]
    verbatim: str = ""
    quotes: tuple[tuple[str, int], ...] = ()


def terms(text: str) -> frozenset[str]:
    """A wording's terms."""
    return _terms(text, settings.CLAIMS_LINK_SYNONYMS).own


# The same stored wordings come back as candidates again and again; their terms are reused.
@functools.lru_cache(maxsize=50_000)
def _terms(text: str, table: str) -> Terms:
    reached_by: dict[str, set[str]] = {}
    own = set()
    for word in _words(text):
        term = word[:TERM_LENGTH]
        own.add(term)
        for reached in {term, *(other[:TERM_LENGTH] for other in synonyms(word, table))}:
            reached_by.setdefault(reached, set()).add(term)
    quotes = {}
    for match in _QUOTED.finditer(text):
        fragment = match.group(1) or match.group(2)
        if content_words := len(_words(fragment)):
            quotes[_verbatim(fragment)] = content_words
    return Terms(
        own=frozenset(own),
        related=frozenset(reached_by),
        reached_by={reached: frozenset(by) for reached, by in reached_by.items()},
        verbatim=_verbatim(text),
        quotes=tuple(quotes.items()),
    )


@dataclass(frozen=True)
class Mention:
    """One attribution as the linker sees it: its wording, source and place in an article."""

    text: str
    source: SourceMention | None
    article_id: int | None = None
    sentence_span: tuple[int, int] | None = None
    content_span: tuple[int, int] | None = None
    claim_id: int | None = None
    direct: bool = False  # the whole wording is a direct quotation
    terms: Terms = field(default=None, compare=False)  # from the text

    def __post_init__(self):
        if self.terms is None:
            object.__setattr__(self, "terms", _terms(self.text, settings.CLAIMS_LINK_SYNONYMS))


@dataclass(frozen=True)
class LinkScore:
    """Why a wording was (or was not) taken for the same claim; `str()` explains it."""

    total: float
    overlap: float = 0.0
    jaccard: float = 0.0
    source: float = 0.0
    shared: frozenset[str] = frozenset()
    rule: str = ""
    quote: str = ""  # the quoted words found verbatim in the other wording, when they decided

    def __str__(self):
        if self.rule:  # a rule, not a score, decided
            return self.rule if math.isinf(self.total) else f"{self.total:.2f} ({self.rule})"
        parts = (
            f"overlap {self.overlap:.2f} + jaccard {self.jaccard:.2f} + source {self.source:.2f}"
        )
        if self.quote:
            parts = f"quotes “{self.quote.strip()}” (words alone: {parts})"
        return f"{self.total:.2f} = {parts}; shared: {', '.join(sorted(self.shared))}"


SAME_PASSAGE = LinkScore(total=float("inf"), rule="it overlaps another appearance in this article")
SAME_SENTENCE_APART = LinkScore(total=float("-inf"), rule="another span of the same sentence")


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return bool(a and b and a[0] < b[1] and b[0] < a[1])


def _similarity(a: Mention, b: Mention) -> tuple[float, float, frozenset[str]]:
    """overlap and jaccard of two wordings' terms, a term meeting its synonyms too."""
    a_terms, b_terms = a.terms, b.terms
    # A term of one is shared when the other reaches it, or when it reaches one of the
    # other's terms: set operations on the terms in common, not a loop over every term.
    a_met = a_terms.own & b_terms.related
    b_met = b_terms.own & a_terms.related
    if not a_met and not b_met:
        return 0.0, 0.0, frozenset()
    a_hits = a_met.union(*(a_terms.reached_by[t] for t in b_met))
    b_hits = b_met.union(*(b_terms.reached_by[t] for t in a_met))
    shared = min(len(a_hits), len(b_hits))
    n_a, n_b = len(a_terms.own), len(b_terms.own)
    if shared < min(2, max(n_a, n_b)):
        # One word in common is not a claim in common: "the claim" is not what every text
        # using that word states. Two one-word wordings may still be the same.
        return 0.0, 0.0, a_hits | b_hits
    return shared / min(n_a, n_b), shared / (n_a + n_b - shared), a_hits | b_hits


def _quoted_in(a: Mention, b: Mention, source: float) -> str:
    """Words one wording quotes that the other quotes too, when they count (see the module
    docstring), or "". A long quote counts whoever is credited, since outlets pin one quote on
    different sources; a word or two only against the same source's own sentence."""
    any_source = settings.CLAIMS_LINK_QUOTE_ANY_SOURCE_WORDS
    for quoting, other in ((a, b), (b, a)):
        if not quoting.terms.quotes:
            continue  # most wordings quote nothing: no list of the other's words to build
        spoken = [other.terms.verbatim] if other.direct else [q for q, _ in other.terms.quotes]
        for fragment, content_words in quoting.terms.quotes:
            if content_words < any_source and not (other.direct and source >= OVERLAPPING):
                continue
            if any(fragment in words for words in spoken):
                return fragment
    return ""


def score(new: Mention, old: Mention, *, source_weight: float | None = None) -> LinkScore:
    """How strongly `old` states the same claim as `new` (pure: no database)."""
    if new.article_id is not None and new.article_id == old.article_id:
        if _overlaps(new.content_span, old.content_span):
            return SAME_PASSAGE
        if new.sentence_span and new.sentence_span == old.sentence_span:
            return SAME_SENTENCE_APART
    if not new.terms.own or not old.terms.own:
        return LinkScore(total=0.0)
    if source_weight is None:
        source_weight = settings.CLAIMS_LINK_SOURCE_WEIGHT
    overlap, jaccard, shared = _similarity(new, old)
    source = source_relation(new.source, old.source)
    total = overlap + jaccard + source_weight * source
    quote, quote_score = "", settings.CLAIMS_LINK_QUOTE_SCORE
    if total < quote_score:
        quote = _quoted_in(new, old, source)
        total = quote_score if quote else total
    return LinkScore(
        total=total,
        overlap=overlap,
        jaccard=jaccard,
        source=source,
        shared=shared,
        quote=quote,
    )


def _creation_order(claim_id: int) -> tuple[bool, int]:
    """Claims by age. A batch's claims not stored yet carry negative ids (its first new claim
    -1, the next -2): they will be stored after every claim that exists."""
    return (claim_id < 0, abs(claim_id))


def best_claim(new: Mention, candidates: Iterable[Mention]) -> tuple[int | None, LinkScore]:
    """The candidates' claim that scores highest, if it reaches the threshold.

    A claim is as close as its closest wording, unless one of its wordings is ruled out
    (another span of the same sentence): then the whole claim is.
    """
    by_claim: dict[int, LinkScore] = {}
    blocked: set[int] = set()
    for old in candidates:
        result = score(new, old)
        if result is SAME_SENTENCE_APART:
            blocked.add(old.claim_id)
        elif old.claim_id not in by_claim or result.total > by_claim[old.claim_id].total:
            by_claim[old.claim_id] = result
    ranked = sorted(
        ((s, c) for c, s in by_claim.items() if c not in blocked),
        key=lambda item: (-item[0].total, _creation_order(item[1])),
    )
    if ranked and ranked[0][0].total >= settings.CLAIMS_LINK_THRESHOLD:
        return ranked[0][1], ranked[0][0]
    return None, ranked[0][0] if ranked else LinkScore(total=0.0)


# --- Candidate search in PostgreSQL ---------------------------------------------------------

_SEARCH_SQL = """
WITH wanted AS MATERIALIZED (
    SELECT n, to_tsquery('simple', tsquery) AS tsquery,
           to_tsquery('simple', rank_tsquery) AS rank_tsquery,
           to_tsquery('simple', nullif(synonym_tsquery, '')) AS synonym_tsquery
      FROM unnest(%(tsqueries)s::text[], %(rank_tsqueries)s::text[],
                  %(synonym_tsqueries)s::text[])
           WITH ORDINALITY AS w(tsquery, rank_tsquery, synonym_tsquery, n)
     WHERE tsquery IS NOT NULL
),
batch AS MATERIALIZED (
    SELECT n, to_tsvector('english', text) AS search
      FROM unnest(%(texts)s::text[]) WITH ORDINALITY AS t(text, n)
),
hits AS (
    -- Each new wording's closest stored wordings: found by the rare words, ranked by all of
    -- them; ties go to the earliest, so the same data always gives the same candidates.
    SELECT wanted.n, false AS by_synonym, best.rank, best.attribution_id, NULL::bigint AS earlier
      FROM wanted CROSS JOIN LATERAL (
           SELECT attribution_id, ts_rank(search, wanted.rank_tsquery) AS rank
             FROM claims_wording
            WHERE search @@ wanted.tsquery
            ORDER BY rank DESC, attribution_id
            LIMIT %(limit)s) AS best
    UNION ALL
    -- And the closest by its words' synonyms alone: "no boundaries" finds "no limits".
    SELECT wanted.n, true, best.rank, best.attribution_id, NULL
      FROM wanted CROSS JOIN LATERAL (
           SELECT attribution_id, ts_rank(search, wanted.synonym_tsquery) AS rank
             FROM claims_wording
            WHERE wanted.synonym_tsquery IS NOT NULL AND search @@ wanted.synonym_tsquery
            ORDER BY rank DESC, attribution_id
            LIMIT %(synonym_limit)s) AS best
    UNION ALL
    -- The batch's earlier wordings each new one would find once they are stored, and how
    -- the search would rank them (the stored vector is this same to_tsvector).
    SELECT wanted.n, false, ts_rank(batch.search, wanted.rank_tsquery), NULL, batch.n
      FROM wanted JOIN batch ON batch.n < wanted.n AND batch.search @@ wanted.tsquery
    UNION ALL
    SELECT wanted.n, true, ts_rank(batch.search, wanted.synonym_tsquery), NULL, batch.n
      FROM wanted JOIN batch ON batch.n < wanted.n AND batch.search @@ wanted.synonym_tsquery
    UNION ALL
    -- The article's stored attributions: the span rules pick among them.
    SELECT NULL, false, NULL, id, NULL FROM claims_attribution WHERE article_id = %(article_id)s
)
SELECT hits.n, hits.by_synonym, hits.rank, hits.earlier, a.id, a.claim_id, c.merged_into_id,
       coalesce(w.text, c.statement), a.source_id, s.name, s.kind, a.article_id,
       a.sentence_start, a.sentence_end, a.content_start, a.content_end, a.direct
  FROM hits
  LEFT JOIN claims_attribution a ON a.id = hits.attribution_id
  LEFT JOIN claims_claim c ON c.id = a.claim_id
  LEFT JOIN claims_wording w ON w.attribution_id = a.id
  LEFT JOIN claims_source s ON s.id = a.source_id
"""


def _search_form(lexeme: str) -> str:
    """How a stored word is searched: the first four letters of its english stem as a prefix,
    which also meets related words ("friendship" and "friendly" both start "frie",
    "boundless" and "boundari" both "boun"); a shorter stem whole."""
    return lexeme if len(lexeme) < TERM_LENGTH - 1 else f"{lexeme[: TERM_LENGTH - 1]}:*"


def _search_forms(*texts: str) -> list[list[str]]:
    """The search forms of the english stems PostgreSQL stores for each text (one query), so
    the search asks for what is there. Only plain stems: one with punctuation would need
    quoting in a tsquery."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n, lexeme FROM unnest(%s::text[]) WITH ORDINALITY AS t(text, n),"
            " unnest(to_tsvector('english', t.text))",
            [list(texts)],
        )
        out: list[list[str]] = [[] for _ in texts]
        for n, lexeme in cursor.fetchall():
            if lexeme.isalnum():
                out[n - 1].append(_search_form(lexeme))
        return out


@dataclass
class _LexemeStats:
    """How many wordings hold the commonest stored words, from PostgreSQL's own ANALYZE
    statistics of the search column (no table of our own to keep up to date)."""

    rows_by_prefix: dict[str, float]
    floor: float  # wordings holding the rarest listed word
    total: float  # wordings in all
    read_at: float


_stats: _LexemeStats | None = None


def _lexeme_stats() -> _LexemeStats:
    global _stats
    if _stats is None or time.monotonic() - _stats.read_at > settings.CLAIMS_LINK_STATS_SECONDS:
        rows_by_prefix: dict[str, float] = {}
        floor = total = 0.0
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples"
                "  FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename"
                " WHERE s.tablename = 'claims_wording' AND s.attname = 'search'"
            )
            row = cursor.fetchone()
        if row and row[0]:
            lexemes, freqs, total = row
            floor = min(freqs[: len(lexemes)]) * total
            for lexeme, freq in zip(lexemes, freqs, strict=False):
                # Counted under its search form; prefixes add up all the stems they meet.
                key = _search_form(lexeme)
                rows_by_prefix[key] = rows_by_prefix.get(key, 0.0) + freq * total
        _stats = _LexemeStats(rows_by_prefix, floor, max(total, 1.0), time.monotonic())
    return _stats


def _tsquery(forms: list[str], synonym_forms: list[str] = ()) -> tuple[str, str]:
    """What to ask the full-text index for: the scoring step, not the search, decides.

    Search forms are taken rarest first, alone, while the wordings they match add up to at
    most CLAIMS_LINK_MAX_POSTINGS; the next commonest are searched in pairs (both must match)
    while the budget lasts, since one near-universal word would make PostgreSQL rank half the
    table. A restatement keeps most words, so it still shares a rare one or a pair. Every
    form still counts in the ranking, and every word in the score. The synonyms' forms make a
    second query, alone, with what is left of the budget ("" when nothing is).
    """
    stats = _lexeme_stats()

    def rows(prefix: str) -> float:
        # A word missing from the statistics is rarer than every word listed there.
        return stats.rows_by_prefix.get(prefix, stats.floor)

    prefixes = sorted(set(forms), key=lambda p: (rows(p), p))
    alone, budget = [], settings.CLAIMS_LINK_MAX_POSTINGS
    for prefix in prefixes:
        if rows(prefix) > budget:
            break
        alone.append(prefix)
        budget -= rows(prefix)
    clauses = list(alone)
    # Pairs of commoner words while the budget lasts. Words of one phrase travel together,
    # so a pair may match as many wordings as its rarer word: count that, not a product.
    common = prefixes[len(alone) : len(alone) + PAIRED_TERMS]
    pairs = sorted(itertools.combinations(common, 2), key=lambda ab: (rows(ab[1]), rows(ab[0])))
    for a, b in pairs:
        at_most = min(rows(a), rows(b))
        if clauses and at_most > budget:
            break
        clauses.append(f"({a} & {b})")
        budget -= at_most
    if not clauses:
        clauses = [common[0]]
    others = []
    for prefix in sorted(set(synonym_forms) - set(forms), key=lambda p: (rows(p), p)):
        if rows(prefix) > budget:
            break
        others.append(prefix)
        budget -= rows(prefix)
    return " | ".join(clauses), " | ".join(others)


def _span(start, end) -> tuple[int, int] | None:
    return (start, end) if start is not None and end is not None else None


def _near(new: Mention, old: Mention) -> bool:
    """Where the span rules apply: the same sentence, or overlapping content, in one article."""
    same_sentence = new.sentence_span is not None and new.sentence_span == old.sentence_span
    return same_sentence or _overlaps(new.content_span, old.content_span)


STORED, EARLIER = 0, 1  # where a candidate wording is: stored, or earlier in the batch


@dataclass
class Search:
    """What one candidate search found for a batch of new wordings of one article, in order.

    `candidates(n, earlier)` gives the n-th wording the candidates it would get if the batch's
    wordings before it were stored already: the closest by rank among the stored wordings and
    those earlier ones, plus the article's wordings that the span rules concern.
    """

    new: list[Mention]
    searched: list[bool]  # False: only stop words, nothing to search or score on
    stored: dict[int, Mention]  # attribution id -> a stored wording found
    # Per new wording, found by its words and by its synonyms: (rank, (STORED, attribution id)
    # or (EARLIER, its index in the batch)).
    by_words: list[list[tuple[float, tuple[int, int]]]]
    by_synonyms: list[list[tuple[float, tuple[int, int]]]]
    in_article: list[int]  # the article's stored attributions
    merged_into: dict[int, int]  # claim id -> the claim it was merged into

    def candidates(
        self, n: int, earlier: list[Mention], names: dict[int, str] | None = None
    ) -> list[Mention]:
        """`earlier` are the batch's wordings before the n-th, with their claims; `names` the
        sources' names as now stored, when they changed since the search."""
        if not self.searched[n]:
            return []
        chosen: dict[tuple[int, int], Mention] = {}
        for hits, limit in (
            (self.by_words[n], settings.CLAIMS_LINK_CANDIDATES),
            (self.by_synonyms[n], settings.CLAIMS_LINK_SYNONYM_CANDIDATES),
        ):
            # Earlier wordings of the batch would be stored after every wording found, so
            # they lose ties (EARLIER sorts after STORED).
            for _, (where, key) in sorted(hits, key=lambda hit: (-hit[0], hit[1]))[:limit]:
                chosen[where, key] = self.stored[key] if where == STORED else earlier[key]
        new = self.new[n]
        for pk in self.in_article:
            if _near(new, self.stored[pk]):
                chosen.setdefault((STORED, pk), self.stored[pk])
        for j, old in enumerate(earlier):
            if _near(new, old):
                chosen.setdefault((EARLIER, j), old)
        return [_renamed(old, names) for old in chosen.values()]


def _renamed(old: Mention, names: dict[int, str] | None) -> Mention:
    source = old.source
    if not names or source is None or names.get(source.source_id, source.name) == source.name:
        return old
    return replace(
        old, source=SourceMention(source.source_id, names[source.source_id], source.kind)
    )


def search(new: list[Mention]) -> Search:
    """One candidate search for wordings of one article (or of none): two queries in all."""
    article_ids = {m.article_id for m in new}
    if len(article_ids) > 1:
        raise ValueError("One search serves the wordings of one article.")
    # Synonyms are searched too: "no boundaries" must find the claim worded "no limits".
    others = [" ".join(o for word in _words(m.text) for o in synonyms(word)) for m in new]
    found_forms = _search_forms(*(m.text for m in new), *others)
    forms, synonym_forms = found_forms[: len(new)], found_forms[len(new) :]
    synonym_forms = [sorted(set(s) - set(f)) for f, s in zip(forms, synonym_forms, strict=True)]
    found = Search(
        new=new,
        searched=[bool(f) for f in forms],
        stored={},
        by_words=[[] for _ in new],
        by_synonyms=[[] for _ in new],
        in_article=[],
        merged_into={},
    )
    if not any(found.searched):
        return found
    queries = [_tsquery(f, s) if f else None for f, s in zip(forms, synonym_forms, strict=True)]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # Checking many prefixes row by row is far slower than PostgreSQL's cost model
        # thinks: below a few hundred thousand wordings it would scan the table, not the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            _SEARCH_SQL,
            {
                "tsqueries": [q[0] if q else None for q in queries],
                "rank_tsqueries": [" | ".join(sorted(set(f))) for f in forms],
                "synonym_tsqueries": [q[1] if q else "" for q in queries],
                "texts": [m.text for m in new],
                "limit": settings.CLAIMS_LINK_CANDIDATES,
                "synonym_limit": settings.CLAIMS_LINK_SYNONYM_CANDIDATES,
                "article_id": article_ids.pop(),
            },
        )
        rows = cursor.fetchall()
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
    for row in rows:
        n, by_synonym, rank, earlier, pk, claim_id, merged_into, text = row[:8]
        source_id, name, kind, article_id, s_start, s_end, c_start, c_end, direct = row[8:]
        hits = (found.by_synonyms if by_synonym else found.by_words)[n - 1] if n else None
        if earlier is not None:
            hits.append((rank, (EARLIER, earlier - 1)))
            continue
        if pk not in found.stored:
            found.stored[pk] = Mention(
                text=text,
                source=SourceMention(source_id, name, kind) if source_id else None,
                article_id=article_id,
                sentence_span=_span(s_start, s_end),
                content_span=_span(c_start, c_end),
                claim_id=claim_id,
                direct=direct,
            )
            if merged_into is not None:
                found.merged_into[claim_id] = merged_into
        if n is None:
            found.in_article.append(pk)
        else:
            hits.append((rank, (STORED, pk)))
    return found


def candidate_mentions(new: Mention) -> list[Mention]:
    """Earlier wordings that may state the same claim, with their sources and places."""
    return search([new]).candidates(0, [])


def survivor(claim: Claim) -> Claim:
    """The claim a merged-away claim now lives on in (itself when never merged)."""
    seen = set()
    while claim.merged_into_id is not None and claim.pk not in seen:
        seen.add(claim.pk)
        claim = Claim.objects.get(pk=claim.merged_into_id)
    return claim


def find_claim(
    *,
    statement: str,
    source: Source | None,
    article=None,
    content_span: tuple[int, int] | None = None,
    sentence_span: tuple[int, int] | None = None,
) -> tuple[Claim | None, LinkScore]:
    """The existing claim that states `statement`, and the score that chose it (or None)."""
    new = Mention(
        text=statement,
        source=SourceMention(source.pk, source.name, source.kind) if source else None,
        article_id=article.pk if article is not None else None,
        sentence_span=sentence_span,
        content_span=content_span,
    )
    claim_id, result = best_claim(new, candidate_mentions(new))
    if claim_id is None:
        return None, result
    return survivor(Claim.objects.get(pk=claim_id)), result


def claim_for(
    *,
    statement: str,
    source: Source | None,
    article=None,
    content_span: tuple[int, int] | None = None,
    sentence_span: tuple[int, int] | None = None,
) -> Claim:
    """The canonical claim stating `statement`: an existing one when it scores high enough,
    else a new claim with this wording as its statement. Never a merged-away claim."""
    claim, result = find_claim(
        statement=statement,
        source=source,
        article=article,
        content_span=content_span,
        sentence_span=sentence_span,
    )
    if claim is not None:
        logger.info("Linked %r to claim %s: %s", statement[:80], claim.pk, result)
        return claim
    claim = Claim.objects.create(statement=statement)
    logger.debug("New claim %s for %r (best candidate %s)", claim.pk, statement[:80], result)
    return claim


def similar_claims(claim: Claim, *, limit: int = 10) -> list[tuple[Claim, LinkScore]]:
    """Other live claims whose wordings resemble this claim's statement, best first: the
    merge suggestions a reviewer confirms or ignores (no threshold, no span rules)."""
    new = Mention(text=claim.statement, source=None)
    best: dict[int, LinkScore] = {}
    for old in candidate_mentions(new):
        if old.claim_id == claim.pk:
            continue
        result = score(new, old)
        if old.claim_id not in best or result.total > best[old.claim_id].total:
            best[old.claim_id] = result
    live = Claim.objects.filter(pk__in=best, merged_into__isnull=True).in_bulk()
    ranked = sorted(
        ((live[pk], s) for pk, s in best.items() if pk in live), key=lambda item: -item[1].total
    )
    return ranked[:limit]
