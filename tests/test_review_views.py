"""Reviewing from the browser: verdicts, stale forms, permissions, assignment, bulk, queue."""

import pytest
from django.urls import reverse

from claims.models import Claim, Review
from claims.services import assign_claim, bulk_review, review_claim
from tests.factories import AttributionFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def review_url(claim):
    return reverse("claim_review", args=[claim.pk])


def test_reviewer_sees_form_carrying_the_version(reviewer_client):
    claim = ClaimFactory(version=4)
    html = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert 'name="expected_version" value="4"' in html and "Save review" in html


def test_viewer_sees_no_review_controls(client, viewer):
    client.force_login(viewer)
    claim = AttributionFactory().claim
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Save review" not in html and "expected_version" not in html
    assert "Assign" not in html
    html = client.get("/claims/").content.decode()
    assert "bulk-review" not in html and 'name="claims"' not in html


def test_viewer_gets_403_on_every_write(client, viewer, reviewer):
    client.force_login(viewer)
    claim = ClaimFactory()
    posts = {
        review_url(claim): {"status": "verified", "expected_version": 0},
        reverse("claim_assign", args=[claim.pk]): {"assignee": reviewer.pk},
        reverse("bulk_review"): {"claims": [claim.pk], "status": "verified"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    claim.refresh_from_db()
    assert claim.version == 0 and claim.assigned_to is None and not Review.objects.exists()


def test_reviewer_disputes_with_note_and_evidence(reviewer_client, reviewer):
    claim = ClaimFactory()
    response = reviewer_client.post(
        review_url(claim),
        {
            "status": "disputed",
            "note": "No independent confirmation.",
            "evidence": "https://factcheck.example/a Our check\nhttp://archive.example/b",
            "expected_version": 0,
        },
    )
    assert response.status_code == 302 and response.url == claim.get_absolute_url()
    review = claim.reviews.get()
    assert (review.reviewer, review.status_after) == (reviewer, "disputed")
    assert review.evidence == [
        {"url": "https://factcheck.example/a", "title": "Our check"},
        {"url": "http://archive.example/b", "title": ""},
    ]
    html = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "No independent confirmation." in html and ">Our check</a>" in html


def test_disputing_without_a_note_is_refused(reviewer_client):
    claim = ClaimFactory()
    response = reviewer_client.post(
        review_url(claim), {"status": "disputed", "note": " ", "expected_version": 0}
    )
    assert response.status_code == 400
    assert "A note is required when disputing" in response.content.decode()
    assert not Review.objects.exists()


def test_javascript_evidence_link_is_refused(reviewer_client):
    claim = ClaimFactory()
    response = reviewer_client.post(
        review_url(claim),
        {"status": "verified", "evidence": "javascript:alert(1)", "expected_version": 0},
    )
    assert response.status_code == 400 and "Not an http(s) link" in response.content.decode()
    assert not Review.objects.exists()


def test_stale_submit_is_refused_and_shows_the_newer_review(reviewer_client):
    claim = ClaimFactory()
    other = UserFactory(username="colleague", role="reviewer")
    review_claim(
        claim=claim,
        status="verified",
        reviewer=other,
        note="Confirmed by the ministry.",
        expected_version=0,
    )
    response = reviewer_client.post(
        review_url(claim), {"status": "disputed", "note": "Looks wrong", "expected_version": 0}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone reviewed this claim while you were reading it" in html
    assert "colleague" in html and "Confirmed by the ministry." in html
    # The fresh form carries the new version and keeps what the reviewer typed.
    assert 'name="expected_version" value="1"' in html and "Looks wrong" in html
    claim.refresh_from_db()
    assert claim.status == "verified" and claim.reviews.count() == 1


def test_assign_to_a_reviewer_and_to_me(reviewer_client, reviewer):
    claim = ClaimFactory()
    colleague = UserFactory(username="colleague", role="reviewer")
    url = reverse("claim_assign", args=[claim.pk])
    assert reviewer_client.post(url, {"assignee": colleague.pk}).status_code == 302
    claim.refresh_from_db()
    assert claim.assigned_to == colleague
    reviewer_client.post(url, {"assignee": "me"})
    claim.refresh_from_db()
    assert claim.assigned_to == reviewer
    reviewer_client.post(url, {"assignee": ""})
    claim.refresh_from_db()
    assert claim.assigned_to is None


def test_claims_cannot_be_assigned_to_a_viewer(reviewer_client, viewer):
    claim = ClaimFactory()
    reviewer_client.post(reverse("claim_assign", args=[claim.pk]), {"assignee": viewer.pk})
    claim.refresh_from_db()
    assert claim.assigned_to is None
    with pytest.raises(Exception, match="cannot review"):
        assign_claim(claim=claim, assignee=viewer, assigned_by=viewer)


def test_my_queue_lists_claims_assigned_to_me(reviewer_client, reviewer):
    mine = ClaimFactory(statement="Assigned to me", assigned_to=reviewer)
    ClaimFactory(statement="Someone else's", assigned_to=UserFactory(role="reviewer"))
    html = reviewer_client.get("/queue/?queue=mine").content.decode()
    assert "Assigned to me" in html and "Someone else" not in html
    assert f"{mine.get_absolute_url()}?queue=mine" in html
    html = reviewer_client.get("/claims/?assigned=me").content.decode()
    assert "Assigned to me" in html and "Someone else" not in html


def test_review_from_the_queue_moves_to_the_next_claim(reviewer_client):
    most = ClaimFactory(statement="Most repeated")
    for _ in range(3):
        AttributionFactory(claim=most)
    middle = AttributionFactory().claim
    AttributionFactory(claim=middle)
    last = AttributionFactory().claim
    html = reviewer_client.get(f"{most.get_absolute_url()}?queue=all").content.decode()
    assert f'href="{middle.get_absolute_url()}?queue=all" data-key-next' in html
    response = reviewer_client.post(
        review_url(most), {"status": "verified", "expected_version": 0, "queue": "all"}
    )
    assert response.url == f"{middle.get_absolute_url()}?queue=all"
    response = reviewer_client.post(
        review_url(middle), {"status": "verified", "expected_version": 0, "queue": "all"}
    )
    assert response.url == f"{last.get_absolute_url()}?queue=all"
    response = reviewer_client.post(
        review_url(last), {"status": "verified", "expected_version": 0, "queue": "all"}
    )
    assert response.url == "/queue/?queue=all"


def test_bulk_review_writes_one_review_per_claim(reviewer_client, reviewer):
    claims = [ClaimFactory() for _ in range(3)]
    untouched = ClaimFactory()
    review_claim(claim=claims[0], status="verified", reviewer=reviewer, expected_version=0)
    response = reviewer_client.post(
        reverse("bulk_review"),
        {
            "claims": [c.pk for c in claims],
            "status": "disputed",
            "note": "Same debunked rumour.",
            "evidence": "https://factcheck.example/rumour",
            "next": "/claims/?status=unverified",
        },
    )
    assert response.status_code == 302 and response.url == "/claims/?status=unverified"
    for claim in claims:
        claim.refresh_from_db()
        latest = claim.reviews.order_by("-pk").first()
        assert claim.status == "disputed" and latest.note == "Same debunked rumour."
        assert latest.evidence == [{"url": "https://factcheck.example/rumour", "title": ""}]
    assert Review.objects.count() == 4
    assert Claim.objects.get(pk=untouched.pk).version == 0


def test_bulk_dispute_without_note_changes_nothing(reviewer_client):
    claims = [ClaimFactory() for _ in range(2)]
    reviewer_client.post(
        reverse("bulk_review"), {"claims": [c.pk for c in claims], "status": "disputed"}
    )
    assert not Review.objects.exists()


def test_bulk_review_never_redirects_off_site(reviewer_client):
    claim = ClaimFactory()
    response = reviewer_client.post(
        reverse("bulk_review"),
        {"claims": [claim.pk], "status": "verified", "next": "https://evil.example/"},
    )
    assert response.url == "/claims/"


def test_bulk_review_service_is_all_or_nothing(reviewer):
    claims = [ClaimFactory() for _ in range(3)]
    with pytest.raises(Exception, match="note"):
        bulk_review(claims=claims, status="disputed", reviewer=reviewer, note="")
    assert not Review.objects.exists()
    reviews = bulk_review(claims=claims, status="verified", reviewer=reviewer, note="ok")
    assert len(reviews) == 3 and {r.claim_id for r in reviews} == {c.pk for c in claims}


def test_reviewer_sees_selection_boxes_in_the_claims_table(reviewer_client):
    claim = ClaimFactory()
    html = reviewer_client.get("/claims/").content.decode()
    assert f'name="claims" value="{claim.pk}" form="bulk-review"' in html
    assert 'id="bulk-review"' in html
