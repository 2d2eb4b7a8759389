from django.db import migrations

from positions.reference import ensure_reference_data


def seed(apps, schema_editor):
    ensure_reference_data(apps.get_model("positions", "Rank"), apps.get_model("positions", "Competency"))


class Migration(migrations.Migration):
    dependencies = [("positions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
