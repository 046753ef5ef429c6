"""Background jobs of the claims app (procrastinate; any `manage.py procrastinate worker` runs
them, `make run` starts one)."""

from django.conf import settings
from django.db import close_old_connections
from procrastinate.contrib.django import app

from claims import track_records


@app.periodic(cron=settings.CLAIMS_TRACK_RECORDS_CRON)
@app.task(name="refresh_track_records", queueing_lock="refresh_track_records")
def refresh_track_records(timestamp: int) -> None:
    """Recount the dashboard's per-source track records (see `claims.track_records`).

    The queueing lock keeps at most one refresh waiting: if one outlasts the period (a slow
    database), the next ticks do not pile up behind it.
    """
    # Sync jobs run in worker threads that keep Django connections between jobs: drop dead ones.
    close_old_connections()
    try:
        track_records.refresh_now()
    finally:
        close_old_connections()
