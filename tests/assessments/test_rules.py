from decimal import Decimal as D

import pytest

from assessments import rules
from assessments.rules import Candidate, CommitteeRule

JPT = CommitteeRule(minimum=5, maximum=9, internal_max_pct=D("45"))


@pytest.mark.parametrize(
    ("weights", "valid"),
    [
        (["15", "25", "15", "15", "30"], True),
        (["20", "30", "50"], True),
        (["33.33", "33.33", "33.34"], True),
        (["33.33", "33.33", "33.33"], False),  # 99.99
        (["50", "50.01"], False),
        (["100"], True),
        (["100", "0"], False),  # a stage with no weight is not a stage
        ([], False),
        (["60", "60", "-20"], False),
    ],
)
def test_stage_weights_must_total_exactly_one_hundred(weights, valid):
    assert rules.weights_are_valid([D(w) for w in weights]) is valid


@pytest.mark.parametrize(
    ("size", "internal", "ok"),
    [
        (5, 2, True),  # 40 %
        (5, 3, False),  # 60 %
        (7, 3, True),  # 42.9 %
        (7, 4, False),  # 57 %
        (9, 4, True),  # 44.4 %
        (9, 5, False),
        (4, 1, False),  # even and too small
        (6, 2, False),  # even
        (3, 1, False),  # too small
        (11, 4, False),  # too large
        (5, 0, True),
    ],
)
def test_committee_composition_rule_for_jpt(size, internal, ok):
    assert (rules.committee_problems(size=size, internal=internal, rule=JPT) == []) is ok


def test_a_configured_non_jpt_rule_may_allow_three_members():
    rule = CommitteeRule(minimum=3, maximum=9, internal_max_pct=D("70"))
    assert rules.committee_problems(size=3, internal=2, rule=rule) == []
    assert rules.committee_problems(size=3, internal=3, rule=rule) != []


@pytest.mark.parametrize(
    ("values", "mean", "spread"),
    [
        (["80", "70", "75"], "75.00", "10"),
        (["80", "81"], "80.50", "1"),
        (["66.67", "66.67", "66.66"], "66.67", "0.01"),
        (["100"], "100.00", "0"),
        (["70", "71", "71"], "70.67", "1"),  # 70.666… rounds half up to 70.67
    ],
)
def test_stage_result_is_the_mean_of_submitted_scores(values, mean, spread):
    assert rules.mean([D(v) for v in values]) == D(mean)
    assert rules.spread([D(v) for v in values]) == D(spread)


WEIGHTS = {"administration": D("20"), "competency": D("30"), "interview": D("50")}


@pytest.mark.parametrize(
    ("results", "final"),
    [
        ({"administration": "80", "competency": "70", "interview": "90"}, "82.00"),  # 16 + 21 + 45
        ({"administration": "60", "competency": "60", "interview": "60"}, "60.00"),
        ({"administration": "75.50", "competency": "80.25", "interview": "68.75"}, "73.55"),  # 15.1+24.075+34.375
        ({"administration": "100", "competency": "0", "interview": "0"}, "20.00"),
    ],
)
def test_final_score_is_the_weighted_sum_of_stage_results(results, final):
    assert rules.final_score({k: D(v) for k, v in results.items()}, WEIGHTS) == D(final)


def _cand(key, seq, adm, comp, interview):
    return Candidate(
        key=key,
        registration_seq=seq,
        stage_results={"administration": D(adm), "competency": D(comp), "interview": D(interview)},
    )


@pytest.mark.parametrize(
    ("candidates", "order"),
    [
        # No tie: the higher final score wins.
        ([_cand("A", 1, 80, 70, 60), _cand("B", 2, 80, 70, 90)], ["B", "A"]),
        # Equal finals (72.00 each): the higher interview wins.
        ([_cand("A", 1, 90, 70, 66), _cand("B", 2, 60, 70, 78)], ["B", "A"]),
        # Equal finals (73.00) and interviews: the higher competency wins.
        ([_cand("A", 1, 70, 80, 70), _cand("B", 2, 85, 70, 70)], ["A", "B"]),
        # Equal everywhere: the earlier registration wins.
        ([_cand("A", 2, 70, 70, 70), _cand("B", 1, 70, 70, 70)], ["B", "A"]),
        # Three-way: one clear winner, then a tie broken by interview.
        (
            [_cand("A", 1, 90, 70, 66), _cand("B", 2, 60, 70, 78), _cand("C", 3, 100, 100, 100)],
            ["C", "B", "A"],
        ),
    ],
)
def test_ranking_and_tie_breaks(candidates, order):
    ranked = rules.rank_candidates(candidates, WEIGHTS)
    assert [c.key for c in ranked] == order
    assert [c.rank for c in ranked] == list(range(1, len(order) + 1))


def test_tie_break_candidates_really_tie_on_the_final_score():
    a, b = _cand("A", 1, 90, 70, 66), _cand("B", 2, 60, 70, 78)
    rules.rank_candidates([a, b], WEIGHTS)
    assert a.final == b.final == D("72.00")
    c, d = _cand("A", 1, 70, 80, 70), _cand("B", 2, 85, 70, 70)
    rules.rank_candidates([c, d], WEIGHTS)
    assert c.final == d.final == D("73.00")


def test_the_tie_break_rule_is_written_in_words():
    text = rules.tie_break_text()
    assert "Wawancara akhir" in text
    assert "Asesmen kompetensi" in text
    assert "nomor pendaftaran" in text
