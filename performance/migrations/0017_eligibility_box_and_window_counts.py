from django.db import migrations, models
from django.db.models import Count


def fill_counts(apps, schema_editor):
    """The nine-box and promotion-window counts of the snapshots there are (eligibility.counts)."""
    Snapshot = apps.get_model("performance", "EligibilitySnapshot")
    Result = apps.get_model("performance", "EligibilityResult")
    Placement = apps.get_model("performance", "TalentPlacement")
    for snapshot in Snapshot.objects.all():
        boxes = Placement.objects.filter(snapshot_id=snapshot.pk).values_list("opd_id", "box").annotate(n=Count("*"))
        windows = (
            Result.objects.filter(
                snapshot_id=snapshot.pk, rule__in=["kp_reguler", "kp_pilihan"], window_date__isnull=False
            )
            .values_list("window_date", "opd_id", "rule")
            .annotate(n=Count("*"))
        )
        box_counts = [[opd, box, n] for opd, box, n in boxes.order_by()]
        window_counts = [[window.isoformat(), opd, rule, n] for window, opd, rule, n in windows.order_by()]
        Snapshot.objects.filter(pk=snapshot.pk).update(
            box_counts=sorted(box_counts, key=lambda row: repr(tuple(row[:-1]))),
            window_counts=sorted(window_counts, key=lambda row: repr(tuple(row[:-1]))),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0016_eligibility_promotion_window_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="eligibilitysnapshot",
            name="box_counts",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="eligibilitysnapshot",
            name="window_counts",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill_counts, migrations.RunPython.noop),
    ]
