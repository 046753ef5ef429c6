"""Background extraction: queued with the import, run by a worker, failures recorded and retried."""

import pytest
from django.db import connection, transaction

from articles import services
from articles.models import Article
from articles.services import import_text, request_extraction
from claims import extraction
from claims.models import Attribution
from tests.jobs import extraction_jobs, job_tables, run_worker  # noqa: F401 (a fixture)

STORY = (
    "Minister denies bridge report\n\n"
    "PORT ELLIS (Example News) – The transport minister said on Monday that the bridge was "
    "safe.\n\n"
    "“There is no crack,” she told reporters, adding that engineers had inspected it twice.\n"
)
OTHER_STORY = STORY.replace("bridge", "tunnel")


def transactional(test):
    """Committed for real, as a worker (another connection) must see it; job tables emptied."""
    return pytest.mark.usefixtures("job_tables")(pytest.mark.django_db(transaction=True)(test))


@pytest.mark.django_db
def test_importing_an_article_queues_its_extraction():
    article = import_text(text=STORY).article

    [job] = extraction_jobs(article.pk)
    assert (job.status, job.queue_name, job.args) == (
        "todo",
        "extraction",
        {"article_id": article.pk},
    )
    assert article.extraction_state == Article.ExtractionState.PENDING


@pytest.mark.django_db
def test_importing_the_same_text_again_queues_no_second_job():
    article = import_text(text=STORY).article
    again = import_text(text=STORY)

    assert not again.created
    assert extraction_jobs(article.pk).count() == 1


@pytest.mark.django_db
def test_asking_again_while_a_job_waits_queues_no_duplicate():
    article = import_text(text=STORY).article

    assert request_extraction(article=article) is False
    assert extraction_jobs(article.pk).count() == 1
    # The refused duplicate did not poison the surrounding transaction.
    assert Article.objects.filter(pk=article.pk).exists()


@transactional
def test_an_import_rolled_back_leaves_no_article_and_no_job():
    with pytest.raises(RuntimeError), transaction.atomic():
        import_text(text=STORY)
        assert extraction_jobs().count() == 1  # queued inside the transaction…
        raise RuntimeError("the request failed after the import")

    assert not Article.objects.exists()
    assert not extraction_jobs().exists()  # …and gone with it
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs")
        assert cursor.fetchone() == (0,)

    committed = import_text(text=STORY).article  # the same import, committed, keeps its job
    assert extraction_jobs(committed.pk).count() == 1


@transactional
def test_a_worker_extracts_queued_articles():
    articles = [import_text(text=text).article for text in (STORY, OTHER_STORY)]

    run_worker()

    for article in articles:
        article.refresh_from_db()
        assert article.extraction_state == Article.ExtractionState.DONE
        assert article.extractor_version == extraction.EXTRACTOR_VERSION
        assert article.attributions.filter(origin=Attribution.Origin.AUTOMATIC).count() >= 2
        assert list(extraction_jobs(article.pk).values_list("status", flat=True)) == ["succeeded"]


@transactional
def test_a_job_run_twice_leaves_one_set_of_attributions():
    article = import_text(text=STORY).article
    run_worker()
    first = sorted(article.attributions.values_list("content_start", "content_end"))

    request_extraction(article=article)
    run_worker()

    assert sorted(article.attributions.values_list("content_start", "content_end")) == first
    assert extraction_jobs(article.pk).filter(status="succeeded").count() == 2


@transactional
def test_a_failing_extraction_is_shown_on_the_article_and_retried_a_bounded_number_of_times(
    monkeypatch, settings
):
    calls = []

    def broken(text, nlp=None):
        calls.append(text)
        raise ValueError("the parser ran out of memory")

    monkeypatch.setattr(extraction, "extract", broken)
    article = import_text(text=STORY).article
    total = settings.ARTICLES_EXTRACTION_RETRIES + 1

    for attempt in range(1, total + 1):
        run_worker()
        article.refresh_from_db()
        assert article.extraction_state == Article.ExtractionState.FAILED
        assert "ValueError: the parser ran out of memory" in article.extraction_error
        assert f"attempt {attempt} of {total}" in article.extraction_error
        # Skip the back-off wait rather than sleep through it.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
    run_worker()  # nothing left to retry

    assert len(calls) == total
    assert "giving up" in article.extraction_error
    [job] = extraction_jobs(article.pk)
    assert (job.status, job.attempts) == ("failed", total)

    # Fixed (here: the real extractor back), `reextract` starts afresh and clears the error.
    monkeypatch.undo()
    request_extraction(article=article)
    run_worker()
    article.refresh_from_db()
    assert article.extraction_state == Article.ExtractionState.DONE
    assert article.extraction_error == ""


@transactional
def test_a_job_for_an_article_deleted_since_does_nothing():
    article = import_text(text=STORY).article
    Article.objects.filter(pk=article.pk).delete()

    run_worker()

    assert extraction_jobs(article.pk).get().status == "succeeded"


@transactional
def test_a_worker_keeps_its_database_connection_from_one_job_to_the_next(monkeypatch):
    """A new PostgreSQL connection for every job (a backend forked, its caches warmed) took 7 %
    of the ingest bench's CPU: with the default settings a healthy connection is kept for
    CONN_MAX_AGE seconds."""
    backends = []
    extract_now = services.extract_now

    def recording_backend(**kwargs):
        created = extract_now(**kwargs)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backends.append(cursor.fetchone()[0])
        return created

    monkeypatch.setattr(services, "extract_now", recording_backend)
    for n in range(3):
        import_text(text=STORY.replace("Monday", f"day {n}"))

    run_worker()

    assert len(backends) == 3
    assert len(set(backends)) == 1
