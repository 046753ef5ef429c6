"""The dashboard's two slow lists, made cheap per request.

- Sources with the most doubtful claims read `claims_source_track_record`, a materialized view of
  each source's distinct claims by status, refreshed in the background (`claims.track_records`:
  a procrastinate periodic task and `manage.py refresh_track_records`). Its unique index lets
  REFRESH ... CONCURRENTLY run without blocking readers; `claims_viewrefresh` says when it ran.
- "Stated as fact while disputed or unverified" walks articles newest first and probes each for
  appearances with no source and no hedge (a few percent of all attributions): partial indexes
  on article (the walk) and on claim (when few claims have the status, the planner starts there).
  Their predicate is the one `claims.framing` writes (`hedges = '{}'`), so the planner can use them.
"""

import django.db.models.deletion
from django.db import migrations, models

VIEW = "claims_source_track_record"

CREATE_VIEW = f"""
CREATE MATERIALIZED VIEW {VIEW} AS
SELECT pair.source_id,
       (count(*) FILTER (WHERE claim.status = 'unverified'))::int AS n_unverified,
       (count(*) FILTER (WHERE claim.status = 'disputed'))::int AS n_disputed,
       (count(*) FILTER (WHERE claim.status = 'verified'))::int AS n_verified,
       (count(*) FILTER (WHERE claim.status IN ('unverified', 'disputed')))::int AS n_doubtful
FROM (SELECT DISTINCT source_id, claim_id FROM claims_attribution
      WHERE source_id IS NOT NULL) AS pair
JOIN claims_claim AS claim ON claim.id = pair.claim_id
GROUP BY pair.source_id
"""

FLAT_FACT = "source_id IS NULL AND hedges = '{}'"
INDEXES = {
    "source_track_record_pk": f"UNIQUE INDEX source_track_record_pk ON {VIEW} (source_id)",
    "source_track_record_rank": (
        f"INDEX source_track_record_rank ON {VIEW} (n_disputed DESC, n_doubtful DESC)"
    ),
    "attribution_flat_fact_article_web": (
        f"INDEX attribution_flat_fact_article_web ON claims_attribution (article_id)"
        f" WHERE {FLAT_FACT}"
    ),
    "attribution_flat_fact_claim_web": (
        f"INDEX attribution_flat_fact_claim_web ON claims_attribution (claim_id) WHERE {FLAT_FACT}"
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0007_claim_attribution_count'),
    ]

    operations = [
        migrations.CreateModel(
            name='SourceTrackRecord',
            fields=[
                ('source', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='track_record', serialize=False, to='claims.source')),
                ('n_unverified', models.IntegerField()),
                ('n_disputed', models.IntegerField()),
                ('n_verified', models.IntegerField()),
                ('n_doubtful', models.IntegerField(help_text='Unverified or disputed claims.')),
            ],
            options={
                'db_table': 'claims_source_track_record',
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='ViewRefresh',
            fields=[
                ('view', models.CharField(max_length=63, primary_key=True, serialize=False)),
                ('refreshed_at', models.DateTimeField(help_text='Start of the refreshing transaction: the figures are at least this recent.')),
            ],
        ),
        migrations.RunSQL(CREATE_VIEW, reverse_sql=f"DROP MATERIALIZED VIEW IF EXISTS {VIEW}"),
        *(
            migrations.RunSQL(f"CREATE {target}", reverse_sql=f"DROP INDEX IF EXISTS {name}")
            for name, target in INDEXES.items()
        ),
        migrations.RunSQL(
            f"INSERT INTO claims_viewrefresh (view, refreshed_at) VALUES ('{VIEW}', now())",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
