"""Simultaneous writes on real PostgreSQL: reviews of one claim (none lost, none silently
overwritten), and workers filing one new source name (one source)."""

import threading

import pytest
from django.db import connection, transaction

from claims.models import Claim, Review, Source, SourceAlias, SourceKind
from claims.services import (
    SourceRef,
    StaleReview,
    link_attribution,
    resolve_source,
    review_claim,
)
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tests.test_crash_safety import connect, wait_for

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


def _store_by_link(name: str, day: str):
    article = ArticleFactory(body=f"{name} said on {day} that the bridge would reopen.")
    attribution = link_attribution(
        article=article,
        statement="the bridge would reopen",
        source=SourceRef(name=name, kind=SourceKind.PERSON, start=0, end=len(name)),
    )
    return attribution.source


def _store_by_resolve(name: str, day: str):
    return resolve_source(name=name, kind=SourceKind.PERSON)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("store", [_store_by_link, _store_by_resolve], ids=["job", "resolve"])
def test_two_workers_filing_one_new_name_at_once_make_one_source(store):
    """The second worker looked the spelling up before the first committed it: its INSERT of
    the aliases waits for the first to commit, then takes the first worker's source."""
    first_stored, release = threading.Event(), threading.Event()
    results, errors = {}, []

    def first():
        try:
            with transaction.atomic():
                results["first"] = store("Anna Berg", "Monday")
                first_stored.set()
                assert release.wait(30)
        except Exception as exc:
            errors.append(exc)
        finally:
            first_stored.set()
            connection.close()

    def second():
        try:
            assert first_stored.wait(30)
            with transaction.atomic():
                results["second"] = store("Anna Berg", "Tuesday")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    with connect(autocommit=True) as probe:
        wait_for(
            lambda: probe.execute(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO %claims_sourcealias%'"
            ).fetchone(),
            "the second worker to wait for the first one's aliases",
            timeout=30,
        )
    release.set()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert results["second"].pk == results["first"].pk
    assert list(Source.objects.values_list("name", flat=True)) == ["Anna Berg"]
    assert set(SourceAlias.objects.values_list("source_id", flat=True)) == {results["first"].pk}
