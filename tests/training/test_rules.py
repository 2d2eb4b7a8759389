"""Competency-development rules, one row per boundary."""

from decimal import Decimal

import pytest

from training import rules


@pytest.mark.parametrize(
    ("level", "now", "next_step"),
    [
        ("pelaksana", "", "PKP"),
        ("terampil", "", "PKP"),
        ("ahli_pertama", "", "PKP"),
        ("pengawas", "PKP", "PKA"),
        ("ahli_muda", "", "PKA"),
        ("administrator", "PKA", "PKN_II"),
        ("ahli_madya", "", "PKN_II"),
        ("jpt_pratama", "PKN_II", ""),
        ("ahli_utama", "", ""),
    ],
)
def test_leadership_training_for_the_level_and_the_next_one(level, now, next_step):
    assert rules.leadership_required_for(level) == now
    assert rules.leadership_for_next_level(level) == next_step


@pytest.mark.parametrize(
    ("jp", "share", "on_target"),
    [
        (Decimal("0"), 0, False),
        (Decimal("19.9"), 99, False),  # the bar shows 100 % only when the target is met
        (Decimal("19.8"), 99, False),
        (Decimal("20"), 100, True),
        (Decimal("45"), 100, True),
        (Decimal("10"), 50, False),
    ],
)
def test_jp_against_the_yearly_target(jp, share, on_target):
    assert rules.jp_share(jp) == share
    assert rules.on_target(jp) is on_target


@pytest.mark.parametrize(
    ("correct", "total", "score", "passes_at_70"),
    [(0, 4, 0, False), (2, 3, 67, False), (7, 10, 70, True), (3, 4, 75, True), (1, 8, 13, False), (0, 0, 0, False)],
)
def test_quiz_score_and_pass_mark(correct, total, score, passes_at_70):
    assert rules.quiz_score(correct, total) == score
    assert rules.quiz_passed(score, 70) is passes_at_70


@pytest.mark.parametrize(("month", "due"), [(1, False), (6, False), (7, True), (12, True)])
def test_reminders_run_from_july(month, due):
    assert rules.reminder_due(month) is due


def test_certificate_codes_are_three_groups_of_four_from_the_unambiguous_alphabet_and_use_all_of_it():
    import re

    from training.models import _certificate_code

    codes = [_certificate_code() for _ in range(400)]
    assert all(re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", c) for c in codes)
    assert len(set(codes)) == len(codes)
    # 4,800 letters drawn: every one of the 32 turns up (a bias towards a few would not).
    assert set("".join(codes).replace("-", "")) == set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
