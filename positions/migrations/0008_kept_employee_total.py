from django.db import migrations

from semarang_asn.core import statement_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("positions", "0007_employee_name_order"),
    ]

    # The employee triggers keep the number of employees too (the directory's total); fill it.
    # Reversing leaves the triggers counting one figure more, which nothing reads then.
    operations = [statement_triggers.migration("positions.kept_counts", reversible=False)]
