"""Pages of eligibility, talent and succession: access per role, content, constant queries."""

import datetime as dt

import pytest
from django.urls import reverse

from performance import rules as perf
from performance.eligibility import counts, rules, services
from performance.models import EligibilityResult, EligibilitySnapshot, Successor, TalentPlacement
from positions import services as position_services
from positions.models import Rank, RankHistory
from semarang_asn.core.models import AuditEvent

from .test_eligibility_services import _bulk_people, closed_annual

pytestmark = pytest.mark.django_db


@pytest.fixture
def eligible(employee_record):
    """The employee meets the regular promotion rule for the next window."""
    closed_annual(2024, {employee_record: perf.BAIK})
    closed_annual(2025, {employee_record: perf.BAIK})
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2020, 1, 1))
    services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    return employee_record


def test_kelayakan_saya_shows_each_rule_its_reason_and_next_step(client_for, employee, eligible):
    response = client_for(employee).get(reverse("performance:eligibility_mine"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kenaikan pangkat reguler" in page
    assert "Periode 1 Desember 2026" in page
    assert "JP lagi tahun ini" in page  # no JP yet this year: the next step names what is missing
    assert "Langkah berikutnya" in page


def test_kelayakan_saya_dates_its_results_and_shows_the_current_placement_only(
    client_for, employee, eligible, django_assert_num_queries
):
    old = EligibilitySnapshot.objects.get(is_current=True)
    _place(eligible, 2, old.pk)
    snapshot = services.eligibility_recompute_all(on=dt.date(2026, 11, 29))
    _place(eligible, 7, snapshot.pk, score="3.10")
    client = client_for(employee)
    client.get(reverse("performance:eligibility_mine"))
    with django_assert_num_queries(5):  # session, user; results with their snapshot, placement, history
        page = client.get(reverse("performance:eligibility_mine")).content.decode()
    assert f"Dihitung per 29 November 2026, aturan versi {snapshot.rule_set.version}" in page
    assert "Kotak 7 tahun" in page and "skor potensi 3,10" in page
    assert "Kotak 2 tahun" not in page


def test_kelayakan_saya_dates_the_snapshot_of_an_employee_without_results(client_for, employee, eligible):
    snapshot = EligibilitySnapshot.objects.get(is_current=True)
    EligibilityResult.objects.filter(snapshot=snapshot, employee=eligible).delete()
    page = client_for(employee).get(reverse("performance:eligibility_mine")).content.decode()
    assert f"Dihitung per 28 November 2026, aturan versi {snapshot.rule_set.version}" in page
    assert "Kenaikan pangkat reguler" not in page.split("Riwayat kelayakan")[0]
    EligibilitySnapshot.objects.filter(pk=snapshot.pk).update(is_current=False)
    page = client_for(employee).get(reverse("performance:eligibility_mine")).content.decode()
    assert "Kelayakan belum pernah dihitung" in page


def test_kelayakan_saya_requires_login(anonymous):
    response = anonymous.get(reverse("performance:eligibility_mine"))
    assert response.status_code == 302


def test_a_user_without_an_employee_record_gets_a_sensible_page(client_for, official):
    response = client_for(official).get(reverse("performance:eligibility_mine"))
    assert response.status_code == 200
    assert "tidak terhubung dengan data pegawai" in response.content.decode()


def test_an_employee_cannot_see_anothers_eligibility(client_for, employee, other_employee_record, eligible):
    url = reverse("performance:eligibility_employee", args=[other_employee_record.pk])
    assert client_for(employee).get(url).status_code == 403
    page = client_for(employee).get(reverse("performance:eligibility_mine")).content.decode()
    assert other_employee_record.nip not in page


def test_hr_sees_any_employees_eligibility(client_for, hr_staff, eligible):
    response = client_for(hr_staff).get(reverse("performance:eligibility_employee", args=[eligible.pk]))
    assert response.status_code == 200
    assert eligible.nip in response.content.decode()


@pytest.mark.parametrize(
    "name", ["promotion_list", "nine_box", "succession", "promotion_export_csv", "box_list", "merit"]
)
def test_hr_pages_refuse_employees_and_supervisors(client_for, employee, supervisor, name):
    url = {
        "promotion_export_csv": reverse("performance:promotion_export", args=["csv"]),
        "box_list": reverse("performance:box_list", args=[9]),
        "merit": reverse("dashboard:merit"),
    }.get(name) or reverse(f"performance:{name}")
    assert client_for(employee).get(url).status_code == 403
    assert client_for(supervisor).get(url).status_code == 403


def test_the_promotion_list_shows_the_eligible_per_window_and_opd(client_for, hr_staff, eligible, org):
    client = client_for(hr_staff)
    page = client.get(reverse("performance:promotion_list"), {"window": "2026-12-01", "opd": org["opd"].pk})
    assert eligible.nip in page.content.decode()
    other = client.get(reverse("performance:promotion_list"), {"window": "2027-02-01"})
    assert eligible.nip not in other.content.decode()


def test_the_promotion_export_is_formula_safe_csv(client_for, hr_staff, eligible):
    eligible.name = "=HYPERLINK(1)"
    eligible.save()
    response = client_for(hr_staff).get(reverse("performance:promotion_export", args=["csv"]))
    body = response.content.decode("utf-8-sig")
    assert eligible.nip in body
    assert "'=HYPERLINK(1)" in body


def test_the_promotion_list_uses_the_same_queries_at_two_sizes(client_for, hr_staff, org, supervisor_employee):
    client = client_for(hr_staff)
    _bulk_people(org, 5, 0)
    services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    EligibilityResult.objects.filter(rule=rules.KP_REGULER).update(status=rules.MET, window_date=dt.date(2026, 12, 1))
    _recount()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("performance:promotion_list"))
    _bulk_people(org, 60, 5)
    services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    EligibilityResult.objects.filter(rule=rules.KP_REGULER).update(status=rules.MET, window_date=dt.date(2026, 12, 1))
    _recount()
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("performance:promotion_list"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_paged_promotion_list_is_the_sorted_list_page_by_page_with_any_filter(org, supervisor_employee):
    """PromotionList reads a page from the few (window, OPD name) runs it falls in: every page,
    with every filter, holds exactly the rows of the whole sorted list's slice (two OPDs with
    one name interleave their employees; rows without an OPD sort where the database puts them)."""
    from django.core.paginator import Paginator

    from performance.eligibility import selectors
    from tests.factories import OrgUnitFactory

    ids = _bulk_people(org, 36, 0)
    services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    twins = [OrgUnitFactory(code=f"KEM{i}", name="Kecamatan Kembar") for i in (1, 2)]
    opds = [org["opd"], *twins, OrgUnitFactory(code="ANB", name="Badan Awal"), None]
    windows = [dt.date(2026, 12, 1), dt.date(2027, 2, 1), dt.date(2027, 4, 1)]
    for i, pk in enumerate(ids):
        EligibilityResult.objects.filter(employee_id=pk, rule__in=selectors.PROMOTION_RULES).update(
            window_date=windows[i % 3], opd=opds[i % 5], status=rules.MET
        )
    EligibilityResult.objects.filter(employee_id__in=ids[::4], rule=rules.KP_REGULER).update(rule=rules.KP_PILIHAN)
    EligibilityResult.objects.filter(employee_id=ids[0]).update(window_date=None)
    groups = selectors.promotion_groups(_recount())
    assert selectors.promotion_windows(groups) == selectors.promotion_windows() == windows
    for filters in (
        {},
        {"window": "2027-02-01"},
        {"opd_id": twins[1].pk},
        {"rule": rules.KP_PILIHAN},
        {"window": "2026-12-01", "opd_id": org["opd"].pk, "rule": rules.KP_REGULER},
    ):
        whole = list(selectors.promotion_list(**filters))
        paged = Paginator(selectors.PromotionList(groups, **filters), 7)
        assert paged.count == len(whole) > 0, filters
        rows = [row for number in paged.page_range for row in paged.page(number).object_list]
        assert [row.pk for row in rows] == [row.pk for row in whole], filters


def _recount():
    """The current snapshot's stored counts recounted after a test wrote its rows directly."""
    snapshot = EligibilitySnapshot.objects.get(is_current=True)
    counts.refresh(snapshot)
    return snapshot


def _place(employee, box, snapshot_pk, score="4.50", level="administrator"):
    TalentPlacement.objects.create(
        snapshot_id=snapshot_pk,
        employee=employee,
        level=level,
        year=2025,
        predikat=perf.SANGAT_BAIK,
        performance_level=perf.ABOVE,
        potential_score=score,
        potential_level=rules.HIGH,
        box=box,
    )
    _recount()


def test_the_nine_box_counts_open_their_lists(client_for, hr_staff, eligible, other_employee_record):
    snapshot = services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    _place(eligible, 9, snapshot.pk)
    _place(other_employee_record, 9, snapshot.pk)
    client = client_for(hr_staff)
    grid = client.get(reverse("performance:nine_box"))
    cells = {c["box"]: c["n"] for row in grid.context["box"]["grid"] for c in row["cells"]}
    assert cells[9] == 2 and sum(cells.values()) == 2
    listing = client.get(reverse("performance:box_list", args=[9])).content.decode()
    assert eligible.nip in listing and other_employee_record.nip in listing
    assert client.get(reverse("performance:box_list", args=[10])).status_code == 404


def test_succession_ranks_talent_pool_candidates_and_hr_marks_a_successor(client_for, hr_staff, org, kabid):
    services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    snapshot = services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    _place(kabid, 8, snapshot.pk)
    # the Kabid (Administrator) is a candidate for the head's JPT Pratama post
    client = client_for(hr_staff)
    page = client.get(reverse("performance:succession_position", args=[org["head"].pk]))
    assert [c["employee"].pk for c in page.context["candidates"]] == [kabid.pk]
    assert page.context["candidates"][0]["lacks"]  # what they still lack is listed
    url = reverse("performance:successor_mark", args=[org["head"].pk])
    refused = client.post(url, {"employee": kabid.pk, "reason": ""})
    assert refused.status_code == 400 and not Successor.objects.exists()
    done = client.post(url, {"employee": kabid.pk, "reason": "Kotak 8, JPM tinggi"})
    assert done.status_code == 302
    assert Successor.objects.get().employee == kabid
    assert AuditEvent.objects.filter(action="succession.mark", actor=hr_staff).exists()


def test_only_talent_pool_candidates_can_be_marked(client_for, hr_staff, org, kabid):
    services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    response = client_for(hr_staff).post(
        reverse("performance:successor_mark", args=[org["head"].pk]), {"employee": kabid.pk, "reason": "x"}
    )
    assert response.status_code == 400
    assert not Successor.objects.exists()


def test_a_non_key_position_has_no_succession_page(client_for, hr_staff, org):
    response = client_for(hr_staff).get(reverse("performance:succession_position", args=[org["staff"].pk]))
    assert response.status_code == 404


def test_a_rank_added_later_changes_the_next_rank_after_recompute(employee_record):
    services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    position_services.rank_history_add(
        employee=employee_record, rank=Rank.objects.get(code="III/b"), tmt=dt.date(2024, 4, 1)
    )
    services.eligibility_recompute_employees(employee_ids=[employee_record.pk], on=dt.date(2026, 11, 28))
    result = EligibilityResult.objects.get(employee=employee_record, rule=rules.KP_REGULER)
    assert result.target == "III/c"


def test_hr_unmarks_a_successor_with_a_reason_audited(client_for, hr_staff, org, kabid):
    mark = services.successor_mark(actor=hr_staff, position=org["head"], employee=kabid, reason="Kotak 8")
    client = client_for(hr_staff)
    url = reverse("performance:successor_unmark", args=[org["head"].pk, mark.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert Successor.objects.exists()
    assert client.post(url, {"reason": "Mutasi ke OPD lain"}).status_code == 302
    assert not Successor.objects.exists()
    assert AuditEvent.objects.filter(action="succession.unmark", reason="Mutasi ke OPD lain").exists()


def test_the_succession_list_shows_each_key_post_with_its_holder_page_by_page(client_for, hr_staff, org, kabid):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from performance.eligibility import views
    from tests.factories import PositionFactory

    head = org["head"].assignments.get().employee
    client = client_for(hr_staff)
    client.get(reverse("performance:succession"))  # the first request of a session reads more
    with CaptureQueriesContext(connection) as small:
        first = client.get(reverse("performance:succession")).content.decode()
    assert "Kepala Dinas Contoh" in first and "Kepala Bidang Satu" in first
    assert head.full_name in first and kabid.full_name in first  # each post shows its holder
    assert "badge-vacant" not in first
    assert "Pengolah Data" not in first  # not a key post
    # Two more pages of vacant key posts: no page costs more queries, every post shows once.
    for i in range(2 * views.PAGE_SIZE):
        PositionFactory(code=f"P-K{i:03}", org_unit=org["opd"], type="JA", level="administrator", kelas_jabatan=12)
    shown = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as big:
            page = client.get(reverse("performance:succession"), {"page": number})
        assert len(big) <= len(small)  # a page without holders reads no employee
        shown += [p.pk for p in page.context["page"].object_list]
    assert len(shown) == len(set(shown)) == 2 * views.PAGE_SIZE + 2
    assert page.content.decode().count("badge-vacant") == 1  # the last page: one vacant post and the Kabid's
    assert kabid.full_name in page.content.decode()
