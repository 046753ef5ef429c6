"""Helpers for tests that run procrastinate jobs on the real PostgreSQL."""

import threading

import pytest
from django.db import connection, connections
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from articles.tasks import EXTRACTION_QUEUE

PROCRASTINATE_TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
)


def empty_job_tables():
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(PROCRASTINATE_TABLES)} CASCADE")


@pytest.fixture
def job_tables():
    """Transactional tests flush only Django-managed tables; procrastinate's are not."""
    empty_job_tables()
    yield
    empty_job_tables()


def run_worker(**options):
    """Run one worker in this process until the queue is empty, as `procrastinate worker` would
    (its own psycopg connection, jobs in worker threads), minus signal handlers.

    In a thread of its own: the worker needs an event loop, and the test thread may already
    run one (Playwright's, after a browser test)."""
    failure = []

    def work():
        try:
            with app.replace_connector(app.connector.get_worker_connector()):
                app.run_worker(
                    wait=False,
                    queues=[EXTRACTION_QUEUE],
                    listen_notify=False,
                    install_signal_handlers=False,
                    **options,
                )
        except BaseException as error:  # re-raised in the test's thread
            failure.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, name="procrastinate-worker")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def extraction_jobs(article_id=None):
    jobs = ProcrastinateJob.objects.filter(task_name="extract_article")
    if article_id is not None:
        jobs = jobs.filter(args__article_id=article_id)
    return jobs
