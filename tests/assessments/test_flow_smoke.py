from assessments.models import Application


def test_a_selection_runs_to_the_proposal(finished):
    ranks = list(Application.objects.filter(vacancy=finished).order_by("final_rank").values_list("name", "final_score"))
    assert len(ranks) == 2
