"""Crash safety: a worker killed in the middle of an extraction loses nothing and doubles nothing.

A real worker process (`manage.py procrastinate worker`) is killed with SIGKILL, once while it
parses and once inside the transaction that replaces the attributions. A second worker finds
the job stalled (its worker stopped beating), puts it back in the queue and runs it; the
article ends with exactly one complete set of attributions.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from articles.models import Article
from articles.services import extract_now, import_text, request_extraction
from claims.models import Attribution, Claim, Source
from tests.jobs import extraction_jobs, job_tables  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Anna Berg", "Tomas Keller", "Ruth Okafor", "Li Wen", "Marta Silva"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
# Short beats and a stalled-job check every second, so the test waits seconds, not minutes.
FAST_RECOVERY = {
    "WORKER_HEARTBEAT_SECONDS": "0.5",
    "WORKER_STALLED_AFTER_SECONDS": "2",
    "ARTICLES_STALLED_JOBS_CRON": "* * * * * *",
}


def long_article() -> str:
    """About 80 kB and 900 attributions: seconds to parse and seconds to store."""
    paragraphs = [
        f"The transport minister {NAMES[i % 5]} said on {DAYS[i // 5 % 5]} that bridge number "
        f"{i} was safe. “There is no crack in span {i},” she told reporters, adding that "
        f"engineers had inspected it {i % 7 + 2} times. A Telegram channel, citing an insider, "
        f"claimed the mayor of district {i} would resign."
        for i in range(300)
    ]
    return "Bridges of the city\n\n" + "\n\n".join(paragraphs)


def start_worker(log: Path) -> subprocess.Popen:
    env = {**os.environ, **FAST_RECOVERY}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.worker_process", connection.settings_dict["NAME"]],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, what: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def snapshot(article):
    """The article's attributions as the extractor sees them, and the rows they hang on."""
    rows = list(
        Attribution.objects.filter(article=article).values_list(
            "content_start", "content_end", "source__name", "via__name", "cue"
        )
    )
    return sorted(rows, key=repr), Claim.objects.count(), Source.objects.count()


def connect(**options):
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        **options,
    )


def kill_while_parsing(article, worker):
    wait_for(
        lambda: Article.objects.get(pk=article.pk).extraction_state == "running",
        "the worker to start the job",
    )
    time.sleep(0.5)
    worker.send_signal(signal.SIGKILL)


def kill_while_saving(article, worker):
    """Hold one of the claims the job must delete: its transaction stops there, half done."""
    claim_id = Claim.objects.filter(attributions__article=article).values_list("pk", flat=True)[0]
    # The probe needs its own connection: pg_stat_activity is frozen for a transaction's life.
    with connect() as blocker, connect(autocommit=True) as probe:
        blocker.execute("SELECT 1 FROM claims_claim WHERE id = %s FOR UPDATE", [claim_id])

        def job_waits_on_the_claim():
            return probe.execute(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                # Deleting the old attributions already touches the claim (the count trigger).
                "AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM \"claims_%'"
            ).fetchone()

        wait_for(job_waits_on_the_claim, "the job to block inside its transaction")
        # Its old attributions are being deleted (uncommitted), its new ones not yet written.
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        blocker.rollback()


@pytest.mark.slow
@pytest.mark.usefixtures("job_tables")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kill", [kill_while_parsing, kill_while_saving], ids=lambda f: f.__name__)
def test_a_worker_killed_mid_job_leaves_one_complete_set_of_attributions(kill, tmp_path):
    article = import_text(text=long_article()).article
    extract_now(article_id=article.pk)  # a complete set, as from an earlier run
    complete = snapshot(article)
    assert len(complete[0]) > 500
    for job in extraction_jobs(article.pk):  # the import's job: done already
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s", [job.id]
            )
    request_extraction(article=article)  # e.g. after an extractor upgrade
    [job] = extraction_jobs(article.pk).filter(status="todo")

    log = tmp_path / "workers.log"
    first = start_worker(log)
    try:
        kill(article, first)
        first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL

        # Dead mid-job: the job is still "doing" and the article keeps its earlier set whole.
        assert extraction_jobs(article.pk).get(pk=job.id).status == "doing"
        assert snapshot(article) == complete

        second = start_worker(log)
        try:
            wait_for(
                lambda: extraction_jobs(article.pk).get(pk=job.id).status == "succeeded",
                "the stalled job to be retried and finish",
            )
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    retried = extraction_jobs(article.pk).get(pk=job.id)
    assert retried.attempts == 2  # the killed run, and the one the stalled-job check queued
    assert "retrying job" in log.read_text()
    article.refresh_from_db()
    assert article.extraction_state == Article.ExtractionState.DONE
    assert article.extraction_error == ""
    # One complete set: the same attributions, claims and sources, nothing doubled or lost.
    assert snapshot(article) == complete, log.read_text()[-3000:]
