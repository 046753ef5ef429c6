"""Indexes that let the claims table count appearance-level filters without reading attributions.

The table's filters on appearances (source kind, outlet, hedged, direct, dates) are one EXISTS
over claims_attribution; the paginator's COUNT must settle it for every candidate claim. With only
single-column indexes, PostgreSQL read the whole 1M-row table (a parallel seq scan, ~150 ms on the
bench). These composite indexes let it start from the few sources or articles that match and
reach the claims by index-only scans:

- (source_id, claim_id): "source kind X" walks X's sources, then their claims.
- (article_id, claim_id) INCLUDE (direct, hedges): "outlet Y" (or a date range) walks Y's
  articles, then their claims, checking hedged/direct from the index alone.

And the status filter's index now carries assigned_to_id, so "verified and assigned to nobody"
counts from the index without visiting the claims' rows.

Raw SQL, as in 0003: these serve the pages only and the data model does not need to know them.
"""

from django.db import migrations

INDEXES = {
    "attribution_source_claim_web": "claims_attribution (source_id, claim_id)",
    "attribution_article_claim_web": (
        "claims_attribution (article_id, claim_id) INCLUDE (direct, hedges)"
    ),
    "claim_status_created_assigned_web": (
        "claims_claim (status, created_at DESC, id DESC) INCLUDE (assigned_to_id)"
        " WHERE merged_into_id IS NULL"
    ),
}

# Superseded by claim_status_created_assigned_web (same keys, one more column carried).
OLD_STATUS_INDEX = (
    "claim_status_created_web",
    "claims_claim (status, created_at DESC, id DESC) WHERE merged_into_id IS NULL",
)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_linking_wording"),
    ]

    operations = [
        *(
            migrations.RunSQL(
                f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
                reverse_sql=f"DROP INDEX IF EXISTS {name}",
            )
            for name, target in INDEXES.items()
        ),
        migrations.RunSQL(
            f"DROP INDEX IF EXISTS {OLD_STATUS_INDEX[0]}",
            reverse_sql=f"CREATE INDEX IF NOT EXISTS {OLD_STATUS_INDEX[0]} ON {OLD_STATUS_INDEX[1]}",
        ),
    ]
