"""The database table of the "reports" cache (rendered PDFs, shared by every process:
settings.CACHES), made by ``createcachetable`` so that ``migrate`` alone sets up a
database."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    table = schema_editor.quote_name(settings.REPORT_CACHE_TABLE)
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_history_and_soft_delete")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
