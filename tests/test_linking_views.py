"""Merge and split from the browser: permissions, the forms, and what they change."""

import pytest
from django.urls import reverse

from claims.models import Attribution, Claim, Review, Source
from claims.services import SourceRef, link_attribution
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_claims():
    survivor, merged = ClaimFactory(), ClaimFactory()
    AttributionFactory(claim=survivor)
    AttributionFactory(claim=merged)
    return survivor, merged


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("claim_merge", "get"),
        ("claim_merge", "post"),
        ("claim_unmerge", "post"),
        ("source_merge", "post"),
        ("source_rename", "post"),
    ],
)
def test_viewers_get_403(client, viewer, name, method):
    client.force_login(viewer)
    target = SourceFactory() if name.startswith("source") else ClaimFactory()
    response = getattr(client, method)(reverse(name, args=[target.pk]))
    assert response.status_code == 403


def test_viewers_cannot_split(client, viewer):
    client.force_login(viewer)
    attribution = AttributionFactory()
    assert client.post(reverse("attribution_split", args=[attribution.pk])).status_code == 403


def test_merge_page_suggests_similar_claims(client, reviewer):
    for body in (
        "Lopez said the river bridge will reopen on Monday.",
        "Lopez said the river bridge reopens Monday.",
    ):
        article = ArticleFactory(body=body)
        start = body.index("the river")
        link_attribution(
            article=article,
            statement=body[start:-1],
            source=SourceRef("Ana Lopez", "person"),
            content_span=(start, len(body) - 1),
        )
    # Force two claims apart, then ask for suggestions from one of them.
    first = Claim.objects.order_by("pk").first()
    other = ClaimFactory(statement="the river bridge reopens on Monday")
    client.force_login(reviewer)
    response = client.get(reverse("claim_merge", args=[other.pk]))
    assert response.status_code == 200
    assert f"Merge into #{first.pk}" in response.text


def test_reviewer_merges_and_unmerges_from_the_browser(client, reviewer, two_claims):
    survivor, merged = two_claims
    client.force_login(reviewer)
    response = client.post(
        reverse("claim_merge", args=[merged.pk]), {"survivor": survivor.pk, "note": "same"}
    )
    assert response.status_code == 302 and response.url == survivor.get_absolute_url()
    assert Claim.objects.get(pk=merged.pk).merged_into == survivor
    assert survivor.reviews.get().kind == Review.Kind.MERGE
    response = client.post(reverse("claim_unmerge", args=[merged.pk]))
    assert response.status_code == 302
    assert Claim.objects.get(pk=merged.pk).merged_into is None


def test_merging_into_itself_shows_the_error(client, reviewer, two_claims):
    _, merged = two_claims
    client.force_login(reviewer)
    response = client.post(
        reverse("claim_merge", args=[merged.pk]), {"survivor": merged.pk}, follow=True
    )
    assert "cannot be merged into itself" in response.text


def test_reviewer_splits_an_attribution_off(client, reviewer):
    claim = ClaimFactory()
    AttributionFactory(claim=claim)
    leaving = AttributionFactory(claim=claim)
    client.force_login(reviewer)
    assert client.get(reverse("attribution_split", args=[leaving.pk])).status_code == 200
    response = client.post(reverse("attribution_split", args=[leaving.pk]), {"note": "other event"})
    new_claim = Attribution.objects.get(pk=leaving.pk).claim
    assert new_claim != claim and response.url == new_claim.get_absolute_url()


def test_reviewer_merges_and_renames_sources(client, reviewer):
    survivor, merged = SourceFactory(name="Ana Lopez"), SourceFactory(name="A. Lopez")
    said = AttributionFactory(source=merged)
    client.force_login(reviewer)
    client.post(reverse("source_merge", args=[merged.pk]), {"survivor": survivor.pk})
    assert Attribution.objects.get(pk=said.pk).source == survivor
    assert not Source.objects.filter(pk=merged.pk).exists()
    client.post(reverse("source_rename", args=[survivor.pk]), {"name": "Ana María Lopez"})
    assert Source.objects.get(pk=survivor.pk).name == "Ana María Lopez"
