"""Calibration per unit (an OPD by default, a Bidang/Bagian when configured) and the seat a
rater rates from. Existing rows: the unit is the OPD, as calibration was per OPD."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def units_are_opds(apps, schema_editor):
    apps.get_model("performance", "Evaluation").objects.update(unit=F("opd"))
    apps.get_model("performance", "UnitCalibration").objects.update(unit=F("opd"))


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0001_initial"),
        ("positions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                help_text="OPD, atau Bidang/Bagian bila kalibrasi per Bidang/Bagian (pengaturan saat siklus dibuka).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="positions.orgunit",
                verbose_name="unit kalibrasi",
            ),
        ),
        migrations.AddField(
            model_name="evaluation",
            name="rater_position",
            field=models.ForeignKey(
                blank=True,
                help_text="Kursi yang membuat penilai menjadi penilai; kosong bila BKPP menetapkannya.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="positions.position",
                verbose_name="jabatan pejabat penilai",
            ),
        ),
        migrations.AddField(
            model_name="unitcalibration",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="positions.orgunit",
                verbose_name="unit",
            ),
        ),
        migrations.RunPython(units_are_opds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="unitcalibration",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="positions.orgunit",
                verbose_name="unit",
            ),
        ),
        migrations.RemoveConstraint(model_name="unitcalibration", name="one_calibration_per_cycle_opd"),
        migrations.AddConstraint(
            model_name="unitcalibration",
            constraint=models.UniqueConstraint(fields=("cycle", "unit"), name="one_calibration_per_cycle_unit"),
        ),
        migrations.AlterModelOptions(
            name="unitcalibration",
            options={
                "ordering": ["opd__name", "unit__name"],
                "verbose_name": "kalibrasi unit",
                "verbose_name_plural": "kalibrasi unit",
            },
        ),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(fields=["cycle", "unit"], name="performance_cycle_i_7ed89f_idx"),
        ),
    ]
