from django.db import migrations


def install(apps, schema_editor):
    """The employee triggers keep the number of employees too (the directory's total); fill it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from positions import kept_counts

    with schema_editor.connection.cursor() as cursor:
        for statement in kept_counts.install_sql():
            cursor.execute(statement)
        kept_counts.rebuild(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("positions", "0007_employee_name_order"),
    ]

    # Reversing leaves the triggers counting one figure more, which nothing reads then.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
