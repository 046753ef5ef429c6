"""Model constraints and the review audit rules, against real PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from articles.services import import_article
from claims.models import Claim, Review, ReviewStatus, SourceKind
from claims.services import (
    Evidence,
    StaleReview,
    add_attribution,
    resolve_source,
    review_claim,
)
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_same_text_is_never_stored_twice():
    first = import_article(body="The mayor said the bridge is safe.", title="A")
    again = import_article(body="  the mayor said   the bridge is SAFE. ", title="B")
    assert first.created and not again.created
    assert again.article == first.article


def test_same_url_is_never_stored_twice():
    first = import_article(body="One text.", title="A", url="https://news.example/a")
    again = import_article(body="Another text.", title="A", url="https://news.example/a")
    assert not again.created and again.article == first.article


def test_database_refuses_a_duplicate_url():
    ArticleFactory(url="https://news.example/x")
    with pytest.raises(IntegrityError):
        ArticleFactory(url="https://news.example/x")


def test_many_articles_may_have_no_url():
    ArticleFactory(url="")
    ArticleFactory(url="")


def test_database_refuses_a_backwards_span():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        ClaimFactory().attributions.create(article=article, content_start=5, content_end=2)


def test_attribution_span_must_lie_inside_the_article():
    article = ArticleFactory(body="Short text.")
    with pytest.raises(ValidationError):
        add_attribution(article=article, statement="x", source=None, content_span=(0, 500))


def test_spellings_of_a_source_resolve_to_one_source():
    one = resolve_source(name="The Kremlin", kind=SourceKind.GOVERNMENT)
    two = resolve_source(name="kremlin", kind=SourceKind.GOVERNMENT)
    assert one == two


def test_anonymous_sources_are_never_shared():
    one = resolve_source(name="an insider", kind=SourceKind.ANONYMOUS)
    two = resolve_source(name="an insider", kind=SourceKind.ANONYMOUS)
    assert one != two


def test_review_sets_status_and_appends_history(reviewer):
    claim = ClaimFactory()
    review = review_claim(
        claim=claim,
        status=ReviewStatus.VERIFIED,
        reviewer=reviewer,
        note="Checked.",
        expected_version=0,
    )
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.status_changed_by) == ("verified", 1, reviewer)
    assert (review.status_before, review.status_after) == ("unverified", "verified")


def test_reviewer_cannot_overwrite_a_newer_review(reviewer):
    claim = ClaimFactory()
    first = review_claim(claim=claim, status="verified", reviewer=reviewer, expected_version=0)
    with pytest.raises(StaleReview) as refused:
        review_claim(
            claim=claim, status="disputed", reviewer=reviewer, note="No.", expected_version=0
        )
    assert refused.value.latest == first
    claim.refresh_from_db()
    assert claim.status == "verified" and claim.reviews.count() == 1


def test_disputing_needs_a_note(reviewer):
    with pytest.raises(ValidationError):
        review_claim(claim=ClaimFactory(), status="disputed", reviewer=reviewer, expected_version=0)


def test_evidence_links_must_be_http(reviewer):
    claim = ClaimFactory()
    with pytest.raises(ValidationError):
        review_claim(
            claim=claim,
            status="verified",
            reviewer=reviewer,
            expected_version=0,
            evidence=[Evidence(url="javascript:alert(1)")],
        )
    assert not Review.objects.exists()


def test_reviews_cannot_be_updated_or_deleted_even_with_raw_sql(reviewer):
    review = review_claim(
        claim=ClaimFactory(), status="verified", reviewer=reviewer, expected_version=0
    )
    for sql in (
        "UPDATE claims_review SET note = 'rewritten' WHERE id = %s",
        "DELETE FROM claims_review WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="reviews_are_append_only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [review.pk])
    review.refresh_from_db()
    assert review.note == ""


def test_a_claim_with_reviews_cannot_be_deleted(reviewer):
    claim = ClaimFactory()
    review_claim(claim=claim, status="verified", reviewer=reviewer, expected_version=0)
    with pytest.raises(Exception, match="protected"):
        claim.delete()
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_claim_search_vector_is_generated():
    claim = ClaimFactory(statement="Engineers found a crack in the bridge")
    assert Claim.objects.filter(search="cracks").get() == claim


def test_admin_enters_a_claim_by_hand_and_it_shows_like_an_extracted_one(client, admin_user):
    article = ArticleFactory(body="The mayor said the bridge would reopen on Monday.")
    claim = ClaimFactory(statement="the bridge would reopen on Monday")
    source = resolve_source(name="Mayor", kind=SourceKind.PERSON)
    client.force_login(admin_user)
    response = client.post(
        "/admin/claims/attribution/add/",
        {
            "claim": claim.pk,
            "article": article.pk,
            "source": source.pk,
            "cue": "said",
            "origin": "manual",
            "hedges": "",
            "content_text": "the bridge would reopen on Monday",
            "source_text": "The mayor",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    attribution = claim.attributions.get()
    assert attribution.origin == "manual"
    assert article.body[attribution.content_start : attribution.content_end] == claim.statement
    assert article.body[attribution.source_start : attribution.source_end] == "The mayor"
    assert client.get(f"/claims/{claim.pk}/").status_code == 200


def test_the_database_counts_each_claims_attributions(reviewer):
    from claims.services import merge_claims, split_attribution

    first, second = AttributionFactory(), AttributionFactory()
    AttributionFactory(claim=first.claim)
    counts = lambda: [Claim.objects.get(pk=a.claim_id).n_attributions for a in (first, second)]  # noqa: E731
    assert counts() == [2, 1]
    merge_claims(survivor=first.claim, merged=second.claim, reviewer=reviewer)
    assert Claim.objects.get(pk=first.claim_id).n_attributions == 3
    assert Claim.objects.get(pk=second.claim_id).n_attributions == 0
    new_claim = split_attribution(attribution=first, reviewer=reviewer)
    assert new_claim.attributions.count() == Claim.objects.get(pk=new_claim.pk).n_attributions == 1
    first.article.delete()
    assert Claim.objects.get(pk=new_claim.pk).n_attributions == 0
