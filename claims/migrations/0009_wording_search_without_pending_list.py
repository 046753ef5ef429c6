import django.contrib.postgres.indexes
from django.db import migrations

# Changing a storage parameter in place keeps the index (RemoveIndex/AddIndex would rebuild
# it); the pending list is emptied now.


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_source_track_record"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER INDEX wording_search_gin SET (fastupdate = off);"
                    " SELECT gin_clean_pending_list('wording_search_gin');",
                    reverse_sql="ALTER INDEX wording_search_gin RESET (fastupdate);",
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="wording", name="wording_search_gin"),
                migrations.AddIndex(
                    model_name="wording",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fastupdate=False, fields=["search"], name="wording_search_gin"
                    ),
                ),
            ],
        ),
    ]
