from django.db import migrations, models

# The directory's search (``name__icontains`` / ``nip__icontains``: UPPER(col) LIKE '%word%')
# read every employee; a trigram index on the same expressions serves it on PostgreSQL. SQLite
# (tests, the embedded default) has no such index and scans its small tables.
TRIGRAM_INDEXES = {
    "employee_name_trgm": "UPPER((name)::text) gin_trgm_ops",
    "employee_nip_trgm": "UPPER((nip)::text) gin_trgm_ops",
}


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON positions_employee USING gin ({expression})")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("positions", "0004_employee_current_fields"),
    ]

    operations = [
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
        # Seat counts per position (bezetting, Plt) are counted from this index alone.
        migrations.RemoveIndex(model_name="assignment", name="positions_a_positio_5ef3d9_idx"),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["position", "kind", "start_date", "end_date"], name="assignment_seat_count"),
        ),
    ]
