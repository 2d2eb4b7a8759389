"""core.rows.read_all: several set-based reads in one pipeline give what each read alone gives."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from positions.models import Employee, RankHistory
from semarang_asn.core.rows import Read, read, read_all
from tests.factories import EmployeeFactory, make_nip
from training.models import JpYearTotal


def test_read_all_gives_each_read_as_values_list_would_and_logs_each_statement(db):
    people = [EmployeeFactory(nip=make_nip(seq=900 + i)) for i in range(3)]
    ids = sorted(e.pk for e in people)
    JpYearTotal.objects.create(employee=people[0], year=2026, jp=Decimal("12.5"))
    by_id = Employee.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "nip", "birth_date")
    with CaptureQueriesContext(connection) as ctx:
        got = read_all(
            {
                "people": Read(by_id, lambda rows: {pk: (nip, birth) for pk, nip, birth in rows}),
                "nothing": Read(Employee.objects.filter(pk__in=[]).values_list("pk")),  # no statement
                "raw": Read("SELECT COUNT(*) FROM positions_employee WHERE id IN (%s, %s)", list, ids[:2]),
                "amounts": Read(JpYearTotal.objects.values_list("employee_id", "jp")),
                "ranks": Read(RankHistory.objects.filter(tmt__lte=dt.date(2000, 1, 1)).values_list("employee_id")),
            }
        )
    assert len(ctx.captured_queries) == 4
    assert got["people"] == {pk: (nip, birth) for pk, nip, birth in by_id}
    assert got["nothing"] == []
    assert got["raw"] == [(2,)]
    assert got["amounts"] == [(people[0].pk, Decimal("12.5"))]
    assert got["ranks"] == []
    assert read(Read(by_id, len)) == 3


def test_read_all_converts_as_the_orm_does(db):
    """A Decimal column comes back as the field converts it, on SQLite too."""
    JpYearTotal.objects.create(employee=EmployeeFactory(nip=make_nip(seq=910)), year=2026, jp=Decimal("7"))
    (jp,) = read(Read(JpYearTotal.objects.values_list("jp")))[0]
    assert isinstance(jp, Decimal) and jp == Decimal("7")
