"""Criteria of eligibility results stored once per distinct content (shared between results
and snapshots); the derived tables lose their database-level foreign key to the snapshot."""

import hashlib
import json
import uuid

import django.db.models.deletion
from django.db import migrations, models


def _key(criteria) -> uuid.UUID:
    text = json.dumps(criteria, separators=(",", ":"), default=str)
    return uuid.UUID(bytes=hashlib.md5(text.encode(), usedforsecurity=False).digest())


def move_criteria(apps, schema_editor):
    Result = apps.get_model("performance", "EligibilityResult")
    Criteria = apps.get_model("performance", "EligibilityCriteria")
    known: set[uuid.UUID] = set()
    batch = []
    for result in Result.objects.only("pk", "criteria").iterator(chunk_size=5000):
        key = _key(result.criteria)
        if key not in known:
            known.add(key)
            Criteria.objects.create(id=key, criteria=result.criteria)
        result.criteria_set_id = key
        batch.append(result)
        if len(batch) >= 5000:
            Result.objects.bulk_update(batch, ["criteria_set"])
            batch = []
    Result.objects.bulk_update(batch, ["criteria_set"])


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0004_constraint_messages"),
    ]

    operations = [
        migrations.CreateModel(
            name="EligibilityCriteria",
            fields=[
                ("id", models.UUIDField(editable=False, primary_key=True, serialize=False)),
                ("criteria", models.JSONField(default=list, verbose_name="kriteria dan masukan")),
            ],
            options={
                "verbose_name": "kriteria kelayakan",
                "verbose_name_plural": "kriteria kelayakan",
            },
        ),
        migrations.AddField(
            model_name="eligibilityresult",
            name="criteria_set",
            field=models.ForeignKey(
                null=True,
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="performance.eligibilitycriteria",
            ),
        ),
        migrations.RunPython(move_criteria, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="eligibilityresult",
            name="criteria_set",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="performance.eligibilitycriteria",
            ),
        ),
        migrations.RemoveField(
            model_name="eligibilityresult",
            name="criteria",
        ),
    ] + [
        migrations.AlterField(
            model_name=model,
            name=name,
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=name == "opd",
                blank=name == "opd",
                on_delete={
                    "snapshot": django.db.models.deletion.CASCADE,
                    "employee": django.db.models.deletion.CASCADE,
                    "opd": django.db.models.deletion.SET_NULL,
                }[name],
                related_name="+",
                to={
                    "snapshot": "performance.eligibilitysnapshot",
                    "employee": "positions.employee",
                    "opd": "positions.orgunit",
                }[name],
            ),
        )
        for model in ("eligibilityresult", "talentplacement")
        for name in ("snapshot", "employee", "opd")
    ]
