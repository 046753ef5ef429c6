"""Merging claims, splitting an attribution off, and undoing both; every review is kept."""

import logging

import pytest
from django.core.exceptions import ValidationError

from claims.models import Attribution, Claim, Review
from claims.services import (
    SourceRef,
    link_attribution,
    merge_claims,
    review_claim,
    split_attribution,
    unmerge,
)
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def _reviewed(claim, reviewer, status="disputed"):
    review_claim(
        claim=claim,
        status=status,
        reviewer=reviewer,
        note="checked",
        expected_version=claim.version,
    )
    claim.refresh_from_db()
    return claim


def test_merge_moves_attributions_and_records_a_merge_on_the_survivor(reviewer, caplog):
    survivor, merged = ClaimFactory(), ClaimFactory()
    kept = AttributionFactory(claim=survivor)
    moved = AttributionFactory.create_batch(2, claim=merged)
    _reviewed(merged, reviewer)
    with caplog.at_level(logging.INFO, logger="claims.services"):
        review = merge_claims(
            survivor=survivor, merged=merged, reviewer=reviewer, note="same quote"
        )
    merged.refresh_from_db()
    assert merged.merged_into == survivor
    assert set(survivor.attributions.all()) == {kept, *moved}
    assert review.claim == survivor and review.kind == Review.Kind.MERGE
    assert f"#{merged.pk}" in review.note and "same quote" in review.note
    # The merged claim's own verdict stays where it was written.
    assert merged.reviews.filter(kind=Review.Kind.REVIEW).count() == 1
    assert any("merged claim" in r.message for r in caplog.records)


def test_a_claim_cannot_be_merged_into_itself_or_twice(reviewer):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    with pytest.raises(ValidationError):
        merge_claims(survivor=a, merged=a, reviewer=reviewer)
    merge_claims(survivor=a, merged=b, reviewer=reviewer)
    with pytest.raises(ValidationError):
        merge_claims(survivor=c, merged=b, reviewer=reviewer)
    with pytest.raises(ValidationError):
        merge_claims(survivor=b, merged=c, reviewer=reviewer)


def test_unmerge_moves_back_only_what_the_merge_moved(reviewer):
    survivor, merged = ClaimFactory(), ClaimFactory()
    kept = AttributionFactory(claim=survivor)
    moved = AttributionFactory(claim=merged)
    merge_claims(survivor=survivor, merged=merged, reviewer=reviewer)
    later = AttributionFactory(claim=survivor)  # linked after the merge: stays
    review = unmerge(merged=merged, reviewer=reviewer)
    merged.refresh_from_db()
    assert merged.merged_into is None
    assert list(merged.attributions.all()) == [moved]
    assert set(survivor.attributions.all()) == {kept, later}
    assert review.kind == Review.Kind.SPLIT and review.claim == survivor
    # Both entries stay in the history: reviews are append-only.
    assert list(survivor.reviews.values_list("kind", flat=True)) == ["split", "merge"]


def test_unmerge_refuses_a_claim_that_was_not_merged(reviewer):
    with pytest.raises(ValidationError):
        unmerge(merged=ClaimFactory(), reviewer=reviewer)


def test_split_gives_the_attribution_its_own_unverified_claim(reviewer):
    claim = _reviewed(ClaimFactory(), reviewer, status="verified")
    stays = AttributionFactory(claim=claim)
    leaves = AttributionFactory(claim=claim)
    new_claim = split_attribution(attribution=leaves, reviewer=reviewer, note="different event")
    leaves.refresh_from_db()
    assert leaves.claim == new_claim and new_claim.status == "unverified"
    assert list(claim.attributions.all()) == [stays]
    assert claim.reviews.filter(kind=Review.Kind.SPLIT).get().note.endswith("different event")
    assert new_claim.reviews.filter(kind=Review.Kind.SPLIT).exists()
    assert Claim.objects.get(pk=claim.pk).status == "verified"


def test_split_takes_the_attributions_own_wording_as_statement(reviewer):
    article = ArticleFactory(body="Lopez said the bridge will reopen on Monday.")
    first = link_attribution(
        article=article,
        statement="the bridge will reopen on Monday",
        source=SourceRef("Ana Lopez", "person"),
    )
    second = AttributionFactory(claim=first.claim)
    new_claim = split_attribution(attribution=first, reviewer=reviewer)
    assert new_claim.statement == "the bridge will reopen on Monday"
    assert second.claim.attributions.count() == 1


def test_the_only_attribution_cannot_be_split_off(reviewer):
    with pytest.raises(ValidationError):
        split_attribution(attribution=AttributionFactory(), reviewer=reviewer)


def test_a_split_is_undone_by_merging_back(reviewer):
    claim = ClaimFactory()
    AttributionFactory(claim=claim)
    leaves = AttributionFactory(claim=claim)
    new_claim = split_attribution(attribution=leaves, reviewer=reviewer)
    merge_claims(survivor=claim, merged=new_claim, reviewer=reviewer)
    assert Attribution.objects.get(pk=leaves.pk).claim == claim
    assert list(claim.reviews.values_list("kind", flat=True)) == ["merge", "split"]


def test_a_merge_is_undone_by_unmerge_and_redone_by_merge(reviewer):
    survivor, merged = ClaimFactory(), ClaimFactory()
    moved = AttributionFactory(claim=merged)
    merge_claims(survivor=survivor, merged=merged, reviewer=reviewer)
    unmerge(merged=merged, reviewer=reviewer)
    merge_claims(survivor=survivor, merged=merged, reviewer=reviewer)
    assert Attribution.objects.get(pk=moved.pk).claim == survivor
    unmerge(merged=merged, reviewer=reviewer)
    assert Attribution.objects.get(pk=moved.pk).claim == merged


def test_merge_and_split_records_name_the_claim_and_attributions_they_moved(reviewer):
    survivor = AttributionFactory().claim
    merged_attribution = AttributionFactory()
    merged = merged_attribution.claim
    record = merge_claims(survivor=survivor, merged=merged, reviewer=reviewer, note="Same quote.")
    assert record.related_claim == merged
    assert record.moved_attributions == [merged_attribution.pk]
    undo = unmerge(merged=merged, reviewer=reviewer)
    assert undo.related_claim == merged and undo.moved_attributions == [merged_attribution.pk]
