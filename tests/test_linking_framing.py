"""Framing drift selectors: per-article framing, and doubtful claims stated as fact."""

import pytest

from claims.framing import claim_framings, stated_as_fact_while_doubtful
from claims.models import ReviewStatus
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_each_article_shows_source_cue_and_hedge():
    claim = ClaimFactory()
    channel, insider = SourceFactory(kind="social_media"), SourceFactory(kind="anonymous")
    cited = AttributionFactory(claim=claim, source=channel, via=insider, cue="said")
    hedged = AttributionFactory(claim=claim, source=None, cue="reportedly", hedges=["reportedly"])
    flat = AttributionFactory(claim=claim, source=None, cue="")
    rows = {a.pk: a for a in claim_framings(claim)}
    assert rows[cited.pk].via == insider and not rows[cited.pk].hedged
    assert rows[hedged.pk].hedged and not rows[hedged.pk].stated_as_fact
    assert rows[flat.pk].stated_as_fact


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
