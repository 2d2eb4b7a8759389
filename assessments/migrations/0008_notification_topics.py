"""Notifications sent before they carried a topic: find their selection from the dedup key
(every selection notice has one), so a finished selection's notices are marked done like new
ones. Their text stays as it was stored (sent before message keys; shown as sent)."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

# dedup key prefix -> the model its id names, and how to reach the vacancy from it.
PREFIXES = {
    "application-submitted-": ("Application", "vacancy_id"),
    "administration-announced-": ("Vacancy", "pk"),
    "vacancy-proposed-": ("Vacancy", "pk"),
    "stage-open-": ("Stage", "vacancy_id"),
    "stage-announced-": ("Stage", "vacancy_id"),
    "scoring-reminder-": ("Stage", "vacancy_id"),
    "objection-answered-": ("Objection", "application__vacancy_id"),
}


def set_topics(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    Vacancy = apps.get_model("assessments", "Vacancy")
    for prefix, (model_name, path) in PREFIXES.items():
        model = apps.get_model("assessments", model_name)
        rows = list(Notification.objects.filter(topic="", dedup_key__startswith=prefix).values_list("pk", "dedup_key"))
        ids = {pk: key[len(prefix) :].split("-")[0] for pk, key in rows}
        vacancy_of = dict(
            model.objects.filter(pk__in=[int(i) for i in ids.values() if i.isdigit()]).values_list("pk", path)
        )
        for pk, object_id in ids.items():
            vacancy_id = vacancy_of.get(int(object_id)) if object_id.isdigit() else None
            if vacancy_id:
                Notification.objects.filter(pk=pk).update(topic=f"vacancy:{vacancy_id}")
    finished = Vacancy.objects.filter(Q(status="appointed") | Q(status="cancelled")).values_list("pk", flat=True)
    Notification.objects.filter(topic__in=[f"vacancy:{pk}" for pk in finished], done_at__isnull=True).update(
        done_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_constraint_messages"),
        ("core", "0007_notification_keys"),
    ]

    operations = [migrations.RunPython(set_topics, migrations.RunPython.noop)]
