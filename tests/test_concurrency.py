"""Simultaneous reviews of one claim on real PostgreSQL: none lost, none silently overwritten."""

import threading

import pytest
from django.db import connection

from claims.models import Claim, Review
from claims.services import StaleReview, review_claim
from tests.factories import ClaimFactory, UserFactory

REVIEWERS = 12
ROUNDS = 3


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reviews_are_all_kept_or_refused_with_a_conflict():
    claim = ClaimFactory()
    reviewers = [UserFactory(role="reviewer") for _ in range(REVIEWERS)]
    accepted, refused, errors = [], [], []
    lock = threading.Lock()

    def review(reviewer, status):
        try:
            for _ in range(ROUNDS):
                # Each reviewer reads the claim, then races everyone else to submit.
                version = Claim.objects.get(pk=claim.pk).version
                barrier.wait()
                try:
                    result = review_claim(
                        claim=Claim.objects.get(pk=claim.pk),
                        status=status,
                        reviewer=reviewer,
                        note=f"{reviewer.username} says {status}",
                        expected_version=version,
                    )
                    with lock:
                        accepted.append(result.pk)
                except StaleReview as conflict:
                    assert conflict.latest is not None
                    with lock:
                        refused.append(reviewer.pk)
        except Exception as exc:  # surfaced below: a thread's assertion must fail the test
            errors.append(exc)
        finally:
            connection.close()

    barrier = threading.Barrier(REVIEWERS)
    statuses = ["verified", "disputed", "unverified"]
    threads = [
        threading.Thread(target=review, args=(r, statuses[i % 3])) for i, r in enumerate(reviewers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    assert len(accepted) + len(refused) == REVIEWERS * ROUNDS
    # Everyone read the same version each round, so exactly one per round wins.
    assert len(accepted) == ROUNDS
    history = list(Review.objects.filter(claim=claim).order_by("created_at", "pk"))
    assert sorted(r.pk for r in history) == sorted(accepted)
    claim.refresh_from_db()
    assert claim.version == ROUNDS
    assert claim.status == history[-1].status_after
    # The history chains: each review starts from the status the previous one set.
    for before, after in zip(history, history[1:], strict=False):
        assert after.status_before == before.status_after
