"""The directory's pages (positions.selectors.DirectoryList): the same employees, in the same
order, with the same count and cells as the filtered queryset read a model at a time, for any
filter, sort and page; the unfiltered count from the total PostgreSQL keeps."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions import kept_counts, selectors, services
from positions.filters import EmployeeDirectoryFilter
from positions.models import Employee, EmployeeCount, Rank
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, give_rank, make_nip

pytestmark = pytest.mark.django_db
_SEQ = itertools.count(300)


@pytest.fixture
def people(org):
    """Employees in every state a row can show: in a unit of an OPD or in an OPD itself, with
    no post, no rank, titles front and back, another status, names sharing a word and a name
    shared by two (the NIP, then the id, breaks the tie)."""
    opd_level = PositionFactory(org_unit=OrgUnitFactory(code="BADAN", name="Badan Contoh"), type="JF", formasi=5)
    in_unit = PositionFactory(org_unit=org["bidang"], title="Pengelola Arsip", formasi=20)

    def person(name, position=None, rank=None, **fields):
        e = EmployeeFactory(nip=make_nip(seq=next(_SEQ)), name=name, **fields)
        if rank:
            give_rank(e, rank, dt.date(2019, 1, 1))
        if position:
            services.assignment_create(employee=e, position=position, start_date=dt.date(2021, 1, 1))
        return e

    return [
        person("Budi Santoso", in_unit, "III/a", front_title="Dr.", back_title="M.Si."),
        person("Santosa Wibowo", opd_level, "II/c"),
        person("Agus Santoso", rank="III/b", back_title="S.E.", status=Employee.Status.RETIRED),
        person("Eko Prasantoso"),
        person("Eko Prasantoso", in_unit),
        person('Siti <Aminah> & "Rahma"', opd_level, "IV/a", status=Employee.Status.LEAVE),
        *(person(f"Warga Santoso {i:02d}", in_unit, "II/a") for i in range(7)),
    ]


def expected_row(e: Employee) -> dict:
    """A row as the page showed it from the model: its stored current rank and position."""
    position = e.current_position
    return {
        "pk": e.pk,
        "nip": e.nip,
        "name": e.name,
        "full_name": e.full_name,
        "rank": e.current_rank.code if e.current_rank else None,
        "position_id": position.pk if position else None,
        "title": position.title if position else None,
        "type": position.type if position else None,
        "opd_name": (position.org_unit.opd or position.org_unit).name if position else None,
        "status_label": e.get_status_display(),
    }


QUERIES = [
    "",
    "ordering=-nip",
    "ordering=nama",
    "ordering=-nama",
    "ordering=status",
    "ordering=lahir",
    "q=santoso",
    "q=SANTOS&ordering=-nip",
    "q=eko prasantoso",
    "q=Warga&status=active",
    "q=%25",
    "q=_",
    "q=198503",
    "q=1985 03",
    "status=retired",
    "position_type=JF",
    "opd=not-a-number",
    "ordering=nonsense",
]


@pytest.mark.parametrize("query", QUERIES)
def test_each_page_shows_the_filtered_employees_in_order_with_their_cells(hr_staff, people, query):
    filterset = EmployeeDirectoryFilter(QueryDict(query), queryset=selectors.employee_directory(hr_staff))
    filtered = filterset.qs
    employees = list(filtered.select_related("current_position__org_unit__opd"))
    listing = selectors.DirectoryList(filtered, search=filterset.name_search())
    assert listing.count() == len(employees)
    for start in range(0, len(employees) + 4, 4):
        page = listing[start : start + 4]
        assert [{key: row[key] for key in expected_row(e)} for row, e in zip(page, employees[start : start + 4])] == [
            expected_row(e) for e in employees[start : start + 4]
        ]
        assert len(page) == len(employees[start : start + 4])


def test_the_directory_page_shows_each_cell(client_for, hr_staff, people, org):
    body = client_for(hr_staff).get(reverse("positions:employee_list")).content.decode()
    budi, santosa, agus, eko = people[:4]
    assert f'<a href="/pegawai/{budi.pk}/">Dr. Budi Santoso, M.Si.</a>' in body
    assert '<td class="small">Pengelola Arsip <span class="text-muted">(JA)</span></td>' in body
    assert '<td class="small">Dinas Contoh</td>' in body  # the OPD of the unit, not the unit
    row = body[body.index(f"/pegawai/{santosa.pk}/") :]
    assert row.index("<td>II/c</td>") < row.index('<td class="small">Badan Contoh</td>') < row.index("</tr>")
    row = body[body.index(f"/pegawai/{agus.pk}/") :].split("</tr>")[0]
    assert "<td>III/b</td>" in row and "Belum ada jabatan" in row and "Pensiun" in row
    row = body[body.index(f"/pegawai/{eko.pk}/") :].split("</tr>")[0]
    assert "<td>—</td>" in row and '<td class="small"></td>' in row
    assert "Siti &lt;Aminah&gt; &amp; &quot;Rahma&quot;" in body


@pytest.mark.skipif(not kept_counts.kept(), reason="PostgreSQL keeps the total")
def test_the_unfiltered_directory_reads_the_kept_total(client_for, hr_staff, people):
    client = client_for(hr_staff)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("positions:employee_list"), {"ordering": "-nip"})
    assert response.context["page"].paginator.count == Employee.objects.count()
    assert EmployeeCount.objects.get(name="employees").n == Employee.objects.count()
    assert not [q for q in ctx.captured_queries if '"__count" FROM "positions_employee"' in q["sql"]]
    filtered = client.get(reverse("positions:employee_list"), {"rank": Rank.objects.get(code="II/a").pk})
    assert filtered.context["page"].paginator.count == 7  # a filtered list is counted
