"""Framing drift selectors: per-article framing, and doubtful claims stated as fact."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article
from claims.framing import (
    claim_framings,
    latest_stated_as_fact_while_doubtful,
    stated_as_fact_while_doubtful,
)
from claims.models import ReviewStatus
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_each_article_shows_source_cue_and_hedge():
    claim = ClaimFactory()
    channel, insider = SourceFactory(kind="social_media"), SourceFactory(kind="anonymous")
    cited = AttributionFactory(claim=claim, source=channel, via=insider, cue="said")
    hedged = AttributionFactory(claim=claim, source=None, cue="reportedly", hedges=["reportedly"])
    flat = AttributionFactory(claim=claim, source=None, cue="")
    denied = AttributionFactory(claim=claim, source=SourceFactory(), cue="denied")
    rows = {a.pk: a for a in claim_framings(claim)}
    assert rows[cited.pk].via == insider and not rows[cited.pk].hedged
    assert rows[hedged.pk].hedged and not rows[hedged.pk].stated_as_fact
    assert rows[flat.pk].stated_as_fact
    assert rows[denied.pk].denied and not rows[cited.pk].denied


@pytest.mark.parametrize(
    ("status", "listed"),
    [
        (ReviewStatus.UNVERIFIED, True),
        (ReviewStatus.DISPUTED, True),
        (ReviewStatus.VERIFIED, False),
    ],
)
def test_flat_assertions_of_doubtful_claims_are_listed(status, listed):
    flat = AttributionFactory(claim=ClaimFactory(status=status), source=None, hedges=[])
    assert (flat in stated_as_fact_while_doubtful()) is listed


def test_hedged_or_attributed_statements_are_not_listed():
    claim = ClaimFactory(status=ReviewStatus.DISPUTED)
    AttributionFactory(claim=claim, source=None, hedges=["allegedly"])
    AttributionFactory(claim=claim)
    assert not stated_as_fact_while_doubtful().exists()


def test_the_dashboards_list_is_the_head_of_the_full_list_disputed_first():
    """Fetched one status at a time, yet the same rows in the same order as the one query."""
    now = timezone.now()
    statuses = ["disputed", "unverified", "disputed", "unverified", "verified", "unverified"]
    expected_disputed, expected_unverified = [], []
    for age, status in enumerate(statuses):
        flat = AttributionFactory(claim=ClaimFactory(status=status), source=None, hedges=[])
        Article.objects.filter(pk=flat.article_id).update(imported_at=now - timedelta(hours=age))
        {"disputed": expected_disputed, "unverified": expected_unverified}.get(status, []).append(
            flat
        )
    # Two flat statements in one article: the newer attribution first.
    same_article = AttributionFactory(
        claim=ClaimFactory(status="unverified"),
        article=expected_unverified[0].article,
        source=None,
        hedges=[],
    )
    expected_unverified.insert(0, same_article)
    # Not listed: hedged, attributed, or a claim merged into another.
    AttributionFactory(claim=ClaimFactory(status="disputed"), source=None, hedges=["reportedly"])
    AttributionFactory(claim=ClaimFactory(status="disputed"))
    survivor = ClaimFactory(status="unverified")
    AttributionFactory(
        claim=ClaimFactory(status="disputed", merged_into=survivor), source=None, hedges=[]
    )

    everything = list(stated_as_fact_while_doubtful())
    assert everything == expected_disputed + expected_unverified
    for limit in range(len(everything) + 2):
        assert latest_stated_as_fact_while_doubtful(limit) == everything[:limit], limit


@pytest.mark.parametrize("status", [ReviewStatus.DISPUTED, ReviewStatus.UNVERIFIED])
def test_each_status_can_walk_the_flat_statement_indexes(status):
    """The ORM's "no source, no hedge" must imply the partial indexes' predicate (migration
    0008), or PostgreSQL would read every attribution instead."""
    AttributionFactory(claim=ClaimFactory(status=status), source=None, hedges=[])
    query = (
        stated_as_fact_while_doubtful()
        .filter(claim__status=status)
        .order_by("-article__imported_at", "-pk")[:10]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = query.explain()
    assert "attribution_flat_fact_" in plan, plan
