"""Per-source track records for the dashboard, counted in the background.

Ranking sources by their doubtful claims counts distinct claims over every attribution: about a
second at a million attributions, too slow for a page everyone opens. So the counts live in a
materialized view (`claims_source_track_record`, migration 0008) that a procrastinate periodic
task (`claims.tasks.refresh_track_records`, every `CLAIMS_TRACK_RECORDS_CRON`) and
`manage.py refresh_track_records` refresh. REFRESH ... CONCURRENTLY computes the new counts from
one snapshot and swaps in the changed rows, so readers never wait and never see half a refresh,
and the writers (extraction, reviews) take no extra lock at all. The dashboard says how old the
counts are; a source's own page still counts live.

The benchmarks call `refresh(cursor)` on a plain psycopg cursor after their fill, so this module
imports nothing from Django at load time: the load benchmark runs under gevent, whose monkey
patching trips over Django's lazy settings object.
"""

VIEW = "claims_source_track_record"


def refresh(cursor) -> None:
    """Recount the view and record when; run it inside one transaction."""
    # now() is the transaction's start, before the refresh takes its snapshot: the counts are at
    # least as recent as the time recorded.
    cursor.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {VIEW}")
    cursor.execute(
        "INSERT INTO claims_viewrefresh (view, refreshed_at) VALUES (%s, now())"
        " ON CONFLICT (view) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at",
        [VIEW],
    )


def refresh_now() -> None:
    """Recount every source's track record (about a second at a million attributions)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        refresh(cursor)
