"""File the joint-source key ("Xi Jinping and Vladimir Putin" = "Vladimir Putin and Xi
Jinping") for the spellings stored before it existed. A key another source owns already stays
with it: two sources stored apart remain apart until a reviewer merges them."""

from django.db import migrations

from claims.sources import joint_key


def file_joint_keys(apps, schema_editor):
    SourceAlias = apps.get_model("claims", "SourceAlias")
    new = {}
    for alias in SourceAlias.objects.select_related("source").iterator():
        key = joint_key(alias.alias, alias.source.kind)
        if key:
            new.setdefault(key, SourceAlias(source=alias.source, alias=alias.alias, normalized=key))
    SourceAlias.objects.bulk_create(new.values(), ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_wording_search_without_pending_list")]

    operations = [migrations.RunPython(file_joint_keys, migrations.RunPython.noop)]
