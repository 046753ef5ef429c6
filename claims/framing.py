"""Framing drift: how each article framed one claim, and the articles that state a doubtful
claim as fact. Selectors (read-only querysets) for the claim page and the dashboard."""

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from claims import lexicon
from claims.extraction import verb_forms
from claims.models import Attribution, Claim, ReviewStatus

# A claim reviewers disputed, or have not verified yet, should not be told as plain fact.
DOUBTFUL_STATUSES = (ReviewStatus.UNVERIFIED, ReviewStatus.DISPUTED)

_HEDGED = Q(hedges__len__gt=0)
# No source and no hedge. `hedges = '{}'` (the column is never NULL) rather than ~_HEDGED:
# it is the predicate of the partial indexes the dashboard's list walks (migration 0008).
_FLAT_FACT = Q(source__isnull=True, hedges=[])
# The source rejects the claim ("a claim Kyiv denied"), as the extractor's cues word it.
_DENIAL_CUES = sorted(
    {f for base in lexicon.DENIALS for form in verb_forms(base) for f in (form, form.capitalize())}
)
_DENIED = Q(cue__in=_DENIAL_CUES)


def _with_framing(attributions: QuerySet) -> QuerySet:
    return attributions.select_related("article", "source", "via", "claim").annotate(
        hedged=Case(
            When(_HEDGED, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        stated_as_fact=Case(
            When(_FLAT_FACT, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        denied=Case(
            When(_DENIED, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    )


def claim_framings(claim: Claim) -> QuerySet:
    """Each appearance of the claim with its framing: the source it is pinned on (`source`,
    and `via` for whom that source cites), the `cue`, `hedges`, and the flags `hedged`,
    `stated_as_fact` (no source, no hedge) and `denied` (the source rejects the claim). Oldest
    article first, so drift reads in order."""
    return _with_framing(Attribution.objects.filter(claim=claim)).order_by(
        "article__published_on", "article__imported_at", "content_start"
    )


def stated_as_fact_while_doubtful() -> QuerySet:
    """Attributions that assert, with no source and no hedge, a claim reviewers disputed or
    left unverified: the dashboard's "stated as fact while unverified/disputed" list, disputed
    first, then newest article first."""
    return (
        _with_framing(Attribution.objects.filter(_FLAT_FACT))
        .filter(claim__status__in=DOUBTFUL_STATUSES, claim__merged_into__isnull=True)
        .order_by(_DISPUTED_FIRST, "-article__imported_at", "-pk")
    )


def latest_stated_as_fact_while_doubtful(limit: int = 10) -> list[Attribution]:
    """The first `limit` rows of `stated_as_fact_while_doubtful()`, fetched one status at a time.

    Ordered on the status first, one query must join and sort every doubtful flat statement
    (0.4 s at a million attributions); one status at a time, PostgreSQL walks the articles
    newest first through a partial index and stops after `limit` rows (or, when few claims have
    the status, starts from those claims).
    """
    rows: list[Attribution] = []
    with transaction.atomic(), connection.cursor() as cursor:
        # A parallel plan did not stop the walk early: its workers read to the end of their
        # shares (0.47 s instead of 22 ms at a million attributions with 2,000 disputed
        # claims). SET LOCAL ends with the transaction: this block's, or the caller's.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        for status in (ReviewStatus.DISPUTED, ReviewStatus.UNVERIFIED):
            rows += (
                stated_as_fact_while_doubtful()
                .filter(claim__status=status)
                # The list shows titles and statements: not whole article texts.
                .defer("article__body", "article__raw", "claim__search")
                .order_by("-article__imported_at", "-pk")[: limit - len(rows)]
            )
            if len(rows) >= limit:
                break
    return rows


# Disputed before unverified: asserting what reviewers found false is the graver framing.
_DISPUTED_FIRST = Case(
    When(claim__status=ReviewStatus.DISPUTED, then=Value(0)), default=Value(1)
).asc()
