from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_skp_counts(apps, schema_editor):
    """The counts of the existing evaluations from their rows (as performance.skp_counts)."""
    Evaluation = apps.get_model("performance", "Evaluation")
    HasilKerja = apps.get_model("performance", "HasilKerja")

    def count(rows):
        counted = rows.filter(evaluation=OuterRef("pk")).order_by().values("evaluation").annotate(n=Count("*"))
        return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)

    Evaluation.objects.filter(hasil_kerja__isnull=False).distinct().update(
        skp_rows=count(HasilKerja.objects.all()),
        skp_realised=count(HasilKerja.objects.exclude(realisation="")),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0006_evaluation_count_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="skp_rows",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.AddField(
            model_name="evaluation",
            name="skp_realised",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.RunPython(fill_skp_counts, migrations.RunPython.noop),
    ]
