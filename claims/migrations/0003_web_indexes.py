"""Indexes behind the claims table's sorts and filters.

Raw SQL rather than Meta.indexes: claims/models.py belongs to the data model, and indexes that
only serve the pages can be added or dropped here without touching it (the autodetector does not
see them, so makemigrations stays quiet). CONCURRENTLY is left out: it cannot run in a migration's
transaction, and these tables are small until a deployment grows them.
"""

from django.db import migrations

INDEXES = {
    # Default order of the live claims, with a tie-breaker so pages never overlap. Partial, so
    # the page's ids come from an index-only scan however deep the page (see PageFiguresMixin).
    "claim_created_id_web": (
        "claims_claim (created_at DESC, id DESC) WHERE merged_into_id IS NULL"
    ),
    # Status filter with the default order.
    "claim_status_created_web": (
        "claims_claim (status, created_at DESC, id DESC) WHERE merged_into_id IS NULL"
    ),
    # "Last review" sort.
    "claim_reviewed_at_web": "claims_claim (status_changed_at DESC NULLS LAST, id DESC)",
    # Queue: claims assigned to a reviewer.
    "claim_assigned_status_web": "claims_claim (assigned_to_id, status) WHERE assigned_to_id IS NOT NULL",
    # Hedged / direct-quote filters: only the (fewer) matching appearances are indexed.
    "attribution_hedged_web": "claims_attribution (claim_id) WHERE hedges <> '{}'",
    "attribution_direct_web": "claims_attribution (claim_id) WHERE direct",
    # Articles table and recent imports.
    "article_imported_id_web": "articles_article (imported_at DESC, id DESC)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_roles"),
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
