"""The dashboard's doubtful sources: per-source counts in a materialized view, refreshed in the
background, with the dashboard saying when; a source's own page stays live."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from procrastinate.contrib.django import app

from claims import selectors, track_records
from claims.models import Attribution, Claim, ReviewStatus, Source, ViewRefresh
from claims.services import review_claim
from claims.tasks import refresh_track_records
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory


def ranked():
    return [(s.name, s.n_disputed, s.n_doubtful) for s in selectors.sources_most_doubtful()]


@pytest.mark.django_db
def test_a_new_dispute_shows_on_the_dashboard_after_the_next_refresh(reviewer):
    source = SourceFactory(name="Ministry")
    first, second = ClaimFactory(), ClaimFactory()
    AttributionFactory(claim=first, source=source)
    AttributionFactory(claim=second, source=source)
    track_records.refresh_now()
    assert ranked() == [("Ministry", 0, 2)]

    review_claim(claim=first, status="disputed", reviewer=reviewer, note="No.", expected_version=0)
    # The dashboard reads the last count; the source's own page counts live.
    assert ranked() == [("Ministry", 0, 2)]
    assert selectors.source_profile(source).by_status[ReviewStatus.DISPUTED] == 1

    track_records.refresh_now()
    assert ranked() == [("Ministry", 1, 2)]
    review_claim(claim=second, status="verified", reviewer=reviewer, expected_version=0)
    track_records.refresh_now()
    assert ranked() == [("Ministry", 1, 1)]


@pytest.mark.django_db
def test_doubtful_sources_rank_disputed_then_doubtful_then_name():
    def source_with(name, *statuses):
        source = SourceFactory(name=name)
        for status in statuses:
            claim = ClaimFactory(status=status)
            # Twice in two articles: a claim counts once per source.
            AttributionFactory(claim=claim, source=source)
            AttributionFactory(claim=claim, source=source)
        return source

    source_with("Bravo", "unverified", "unverified", "unverified")
    source_with("Alpha", "disputed", "unverified")
    source_with("Charlie", "disputed", "verified")
    source_with("Delta", "unverified", "unverified", "unverified")
    source_with("Echo", "verified")
    track_records.refresh_now()
    assert ranked() == [
        ("Alpha", 1, 2),
        ("Charlie", 1, 1),
        ("Bravo", 0, 3),
        ("Delta", 0, 3),
    ]


@pytest.mark.django_db
def test_track_records_match_the_live_count_of_every_source():
    sources = [SourceFactory() for _ in range(4)]
    claims = [ClaimFactory(status=s) for s in ReviewStatus.values for _ in range(3)]
    for i, claim in enumerate(claims):
        AttributionFactory(claim=claim, source=sources[i % 4])
        AttributionFactory(claim=claim, source=sources[(i * 3) % 4], via=sources[i % 2])
    AttributionFactory(claim=claims[0], source=None)
    track_records.refresh_now()
    for source in Source.objects.select_related("track_record"):
        live = selectors.source_profile(source).by_status
        record = source.track_record
        assert (record.n_unverified, record.n_disputed, record.n_verified) == (
            live["unverified"],
            live["disputed"],
            live["verified"],
        )
        assert record.n_doubtful == live["unverified"] + live["disputed"]


@pytest.mark.django_db
def test_dashboard_says_when_sources_were_counted(client, viewer):
    client.force_login(viewer)
    AttributionFactory(source=SourceFactory(name="Counted Source"))
    ViewRefresh.objects.all().delete()
    html = client.get("/").content.decode()
    assert "Not counted yet" in html and "Counted Source" not in html

    out = io.StringIO()
    call_command("refresh_track_records", stdout=out)
    assert "refreshed track records" in out.getvalue()
    counted_at = ViewRefresh.objects.get(view=track_records.VIEW).refreshed_at
    html = client.get("/").content.decode()
    section = html[html.index("Sources with the most doubtful") : html.index("Stated as fact")]
    assert "Counted Source" in section
    assert f'datetime="{counted_at.isoformat()}"' in section
    assert "own page counts live" in section


def test_a_worker_refreshes_the_track_records_periodically():
    crons = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert crons["refresh_track_records"] == settings.CLAIMS_TRACK_RECORDS_CRON
    assert refresh_track_records.queueing_lock == "refresh_track_records"


@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_recounts(reviewer):
    # Outside a test transaction: the task closes stale connections, as in a worker.
    attribution = AttributionFactory(source=SourceFactory(name="Task Source"))
    review_claim(
        claim=attribution.claim,
        status="disputed",
        reviewer=reviewer,
        note="No.",
        expected_version=0,
    )
    refresh_track_records(timestamp=0)
    assert ranked() == [("Task Source", 1, 1)]
    # Leave the view empty: a transactional test's flush does not reach it.
    Attribution.objects.all().delete()
    track_records.refresh_now()
    assert not Claim.objects.filter(attributions__isnull=False).exists()
    assert ranked() == []
