"""The words of employees' names PostgreSQL keeps (positions.name_words) always equal the
employee table, whoever writes; and a directory search counted from them counts exactly the
employees the search lists."""

import itertools

import pytest
from django.db import connection
from django.http import QueryDict

from positions import name_words, selectors
from positions.filters import EmployeeDirectoryFilter
from positions.models import Employee, NameWord
from tests.factories import EmployeeFactory, make_nip

_SEQ = itertools.count(400)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not name_words.kept(), reason="PostgreSQL keeps the words (triggers)"),
]


def grouped() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(name_words.GROUPED)
        return dict(cursor.fetchall())


def kept() -> dict[str, int]:
    assert not NameWord.objects.filter(n__lt=0).exists()
    return dict(NameWord.objects.filter(n__gt=0).values_list("word", "n"))


NAMES = [
    "Budi Santoso",
    "Santoso Santoso",  # a word twice: the employee counts once
    "  Agus   Santosa ",  # spaces before, between and after
    "Eko Prasantoso",
    "dewi lestari",
    "Çağlar Ñúñez",
    "Siti_Aminah 100%",
]


def person(name: str, **fields) -> Employee:
    return EmployeeFactory(**{"nip": make_nip(seq=next(_SEQ)), "name": name, **fields})


def test_the_kept_words_follow_every_kind_of_write(hr_staff):
    people = [person(name) for name in NAMES]
    assert kept() == grouped() and kept()["SANTOSO"] == 2  # "Santoso Santoso" once
    Employee.objects.bulk_create(
        [EmployeeFactory.build(nip=make_nip(seq=900 + i), name=f"Warga Santoso {i}") for i in range(3)]
    )
    assert kept() == grouped()
    people[0].name = "Budi Santosa"
    people[0].save()  # one word changes, one stays
    assert kept() == grouped()
    Employee.objects.filter(pk__in=[people[1].pk, people[2].pk]).update(name="Agus Santosa")
    assert kept() == grouped()
    Employee.objects.filter(pk=people[3].pk).update(status=Employee.Status.RETIRED)  # no name changed
    assert kept() == grouped()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {name_words.EMPLOYEE} SET name = UPPER(name) WHERE id = %s", [people[4].pk])
        cursor.execute(f"DELETE FROM {name_words.EMPLOYEE} WHERE id = %s", [people[5].pk])
    assert kept() == grouped()
    people[6].delete()
    Employee.objects.filter(name__startswith="Warga").delete()
    assert kept() == grouped()


def test_rebuild_repairs_words_that_drifted():
    person("Budi Santoso")
    NameWord.objects.filter(word="SANTOSO").update(n=99)
    NameWord.objects.create(word="HILANG", n=2)
    name_words.rebuild()
    assert kept() == grouped()


TEXTS = [
    "Santoso",  # one word holds it (with "Santoso Santoso" counted once)
    "santosa",
    "SANTOS",  # several words hold it: counted by the plain query
    "prasantoso",
    "toso",
    "ñúñ",
    "ÇAĞ",
    "Lestari",
    "Zzz",  # no word
    "1985",  # the NIP (digits: the NIP-prefix search, not this count)
    "1985x",
    "0314",
    "%",
    "_",
    "Siti_",
    "100%",
    "\\",
    "Budi Santoso",  # a space: the plain query
    "i",
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_search_counts_the_employees_it_lists(hr_staff, text):
    for name in NAMES:
        person(name, status=Employee.Status.LEAVE if "Eko" in name else Employee.Status.ACTIVE)
    person("Orang Lain", nip="199003142015021314")  # whose NIP only holds "0314"
    for query in (QueryDict(mutable=True), QueryDict("status=active", mutable=True)):
        query["q"] = text
        filterset = EmployeeDirectoryFilter(query, queryset=selectors.employee_directory(hr_staff))
        listing = selectors.DirectoryList(filterset.qs, search=filterset.name_search())
        assert listing.count() == filterset.qs.count() == len(listing[0:100])
