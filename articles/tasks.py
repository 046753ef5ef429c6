"""Background jobs (procrastinate, in the app's PostgreSQL database; run `manage.py procrastinate
worker` on as many machines as you like).

`extract_article` is idempotent: running it again replaces the article's automatic attributions
and nothing else, so a retry after a crash or a failure cannot double anything.
"""

import logging

from django.conf import settings
from django.db import close_old_connections
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.jobs import Status

from articles import services

logger = logging.getLogger(__name__)

EXTRACTION_QUEUE = "extraction"


def _attempts_note(attempt: int) -> str:
    total = settings.ARTICLES_EXTRACTION_RETRIES + 1
    if attempt < total:
        return f"attempt {attempt} of {total}; it will be retried"
    return (
        f"attempt {attempt} of {total}; giving up (extract it again from the article's page, "
        "or with `manage.py reextract`)"
    )


@app.task(
    name="extract_article",
    queue=EXTRACTION_QUEUE,
    pass_context=True,
    retry=RetryStrategy(
        max_attempts=settings.ARTICLES_EXTRACTION_RETRIES,
        exponential_wait=4,
    ),
)
def extract_article(context, article_id: int) -> int:
    """Extract one article's attributions and store them; returns how many were stored."""
    # Sync jobs run in worker threads that keep Django connections between jobs: drop dead ones.
    close_old_connections()
    try:
        created = services.extract_now(article_id=article_id)
    except Exception as error:
        close_old_connections()  # the failure may have been the connection itself
        note = _attempts_note(context.job.attempts + 1)
        try:
            services.record_extraction_failure(
                article_id=article_id, error=f"{type(error).__name__}: {error} ({note})"
            )
        except Exception:
            logger.exception("could not record the extraction failure of article %s", article_id)
        raise  # procrastinate retries per the strategy above
    finally:
        close_old_connections()
    return len(created)


@app.periodic(cron=settings.ARTICLES_STALLED_JOBS_CRON)
@app.task(name="retry_stalled_jobs", queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp: int) -> None:
    """Put back in the queue the jobs of workers that stopped beating (killed, machine lost).

    A job that keeps killing its worker (say, memory) fails after as many tries as a job that
    raises, and its article shows why.
    """
    manager = context.app.job_manager
    silent_for = settings.PROCRASTINATE_WORKER_DEFAULTS["stalled_worker_timeout"]
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=silent_for):
        if job.attempts < settings.ARTICLES_EXTRACTION_RETRIES:
            logger.warning("retrying job %s (%s): its worker stopped", job.id, job.task_name)
            await manager.retry_job(job)
            continue
        logger.error("job %s (%s) stalled on its last attempt: failed", job.id, job.task_name)
        await manager.finish_job(job, status=Status.FAILED, delete_job=False)
        if job.task_name == extract_article.name:
            await _record_stall(job.task_kwargs["article_id"], job.attempts + 1)


async def _record_stall(article_id: int, attempt: int) -> None:
    from asgiref.sync import sync_to_async

    await sync_to_async(services.record_extraction_failure)(
        article_id=article_id,
        error=f"the worker stopped during extraction ({_attempts_note(attempt)})",
    )
