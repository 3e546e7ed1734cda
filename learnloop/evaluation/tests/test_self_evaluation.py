"""Grading, evidence and its suggestions, and who may see a draft."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from learnloop.evaluation import services
from learnloop.evaluation.models import EvidenceLink, SelfEvaluation
from learnloop.loop.models import LearningPoint
from learnloop.testing.factories import LearningPointFactory


def _urls(year=2026, code="2.1"):
    return [
        reverse("evaluation:detail", args=["glen", year]),
        reverse("evaluation:judgement", args=["glen", year, code]),
        reverse("evaluation:evidence_choose", args=["glen", year, code, "learning_point"]),
        reverse("evaluation:download", args=["glen", year, "pdf"]) + "?draft=1",
        reverse("evaluation:pack", args=["glen", year]) + "?draft=1",
    ]


def test_the_lead_officer_starts_a_self_evaluation_with_every_gradable_item(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("evaluation:index", args=["glen"]), {"year": "2026"})
    assert response.status_code == 302
    se = SelfEvaluation.objects.get(partnership=world.partnership, year=2026)
    assert se.judgements.count() == 9  # 4 quality indicators and 5 key questions; domains are headings
    response = client.post(reverse("evaluation:index", args=["glen"]), {"year": "2026"})
    assert "There is already a self-evaluation for 2026." in response.content.decode()


@pytest.mark.parametrize("who", ["committee", "subgroup_member", "viewer", "contributor"])
def test_only_the_lead_officer_starts_one(client, world, who):
    client.force_login(getattr(world, who))
    assert client.post(reverse("evaluation:index", args=["glen"]), {"year": "2026"}).status_code == 404
    assert not SelfEvaluation.objects.exists()


def test_the_lead_officer_and_the_people_drafting_see_the_draft(client, world, setup):
    client.force_login(world.lead)
    for url in _urls():
        assert client.get(url).status_code == 200, url
    client.force_login(world.subgroup_member)
    for url in _urls():
        assert client.get(url).status_code == 404, url
    services.drafters_set(self_evaluation=setup.se, users=[world.subgroup_member])
    for url in _urls():
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["committee", "viewer", "contributor", "education_lead", "outsider"])
def test_nobody_else_learns_a_draft_exists(client, world, setup, who):
    client.force_login(getattr(world, who))
    for url in _urls():
        assert client.get(url).status_code == 404, url
    index = client.get(reverse("evaluation:index", args=["glen"]))
    if who != "outsider":
        assert "Self-evaluation 2026" not in index.content.decode()
    else:
        assert index.status_code == 404


def test_the_lead_officer_names_the_people_drafting(client, world, setup):
    client.force_login(world.lead)
    response = client.post(
        reverse("evaluation:drafters", args=["glen", 2026]), {"drafters": [world.subgroup_member.pk]}
    )
    assert response.status_code == 302
    assert list(setup.se.drafters.all()) == [world.subgroup_member]
    client.force_login(world.subgroup_member)
    assert client.get(reverse("evaluation:drafters", args=["glen", 2026])).status_code == 404


def test_grade_and_evaluation_are_saved(client, world, setup):
    client.force_login(world.lead)
    url = reverse("evaluation:judgement", args=["glen", 2026, "2.1"])
    response = client.post(url, {"grade": "4", "evaluation": "Children say they are listened to."})
    assert response.status_code == 302
    setup.judgement.refresh_from_db()
    assert setup.judgement.grade == 4 and setup.judgement.evaluation == "Children say they are listened to."
    assert "4 Good" in client.get(reverse("evaluation:detail", args=["glen", 2026])).content.decode()


def test_a_grade_off_the_scale_is_refused(client, world, setup):
    client.force_login(world.lead)
    response = client.post(reverse("evaluation:judgement", args=["glen", 2026, "2.1"]), {"grade": "7"})
    assert response.status_code == 200
    setup.judgement.refresh_from_db()
    assert setup.judgement.grade is None


def test_records_sharing_a_theme_are_suggested_and_linked_only_when_accepted(client, world, setup):
    other = LearningPointFactory(partnership=world.partnership, title="Unrelated", number=2)
    client.force_login(world.lead)
    url = reverse("evaluation:judgement", args=["glen", 2026, "2.1"])
    page = client.get(url).content.decode()
    assert "Neglect seen late" in page and "Shares a theme: Neglect and cumulative harm" in page
    assert "Unrelated" not in page
    assert not EvidenceLink.objects.exists()

    response = client.post(
        reverse("evaluation:evidence_accept", args=["glen", 2026, "2.1"]),
        {"kind": "learning_point", "record_id": setup.lp.pk, "origin": "theme"},
    )
    assert response.status_code == 302
    link = EvidenceLink.objects.get()
    assert link.record == setup.lp and link.origin == "theme" and link.judgement == setup.judgement
    assert other.pk != link.record_id


def test_records_linked_to_the_evidence_are_suggested(client, world, setup):
    from learnloop.testing.factories import ImpactFactory

    impact = ImpactFactory(partnership=world.partnership, title="Neglect re-audit")
    impact.learning_points.add(setup.lp)
    # 5.3 carries no themes: the impact is suggested only because it is linked to the evidence.
    judgement = setup.se.judgements.get(item__code="5.3")
    services.evidence_link(judgement=judgement, kind="learning_point", record=setup.lp)
    client.force_login(world.lead)
    page = client.get(reverse("evaluation:judgement", args=["glen", 2026, "5.3"])).content.decode()
    assert "Neglect re-audit" in page and "Linked to LP-0001" in page


def test_chosen_evidence_is_linked_and_removed(client, world, setup):
    client.force_login(world.lead)
    choose = reverse("evaluation:evidence_choose", args=["glen", 2026, "5.3", "learning_point"])
    assert "Neglect seen late" in client.get(choose).content.decode()
    client.post(
        reverse("evaluation:evidence_accept", args=["glen", 2026, "5.3"]),
        {"kind": "learning_point", "record": [setup.lp.pk]},
    )
    link = EvidenceLink.objects.get(judgement__item__code="5.3")
    assert link.origin == "chosen"
    client.post(reverse("evaluation:evidence_remove", args=["glen", 2026, "5.3", link.pk]))
    assert not EvidenceLink.objects.exists()


def test_a_record_the_member_may_not_see_cannot_be_linked(client, world, setup):
    hidden = LearningPointFactory(partnership=world.partnership, number=3, is_confidential=True, agency=world.police)
    theirs = LearningPointFactory(partnership=world.other_partnership, number=1)
    services.drafters_set(self_evaluation=setup.se, users=[world.subgroup_member])
    client.force_login(world.subgroup_member)
    url = reverse("evaluation:evidence_accept", args=["glen", 2026, "2.1"])
    assert client.post(url, {"kind": "learning_point", "record_id": hidden.pk}).status_code == 404
    assert client.post(url, {"kind": "learning_point", "record_id": theirs.pk}).status_code == 404
    assert client.post(url, {"kind": "nonsense", "record_id": setup.lp.pk}).status_code == 404
    assert not EvidenceLink.objects.exists()


def test_last_years_grade_and_evidence_are_shown_beside_this_years(client, world, setup):
    last = services.self_evaluation_create(partnership=world.partnership, year=2025)
    judgement = last.judgements.get(item__code="2.1")
    services.judgement_save(judgement=judgement, grade=3, evaluation="Adequate last year.")
    services.evidence_link(judgement=judgement, kind="learning_point", record=setup.lp)
    client.force_login(world.lead)
    detail = client.get(reverse("evaluation:detail", args=["glen", 2026])).content.decode()
    assert "Grade in 2025" in detail and "3 Adequate" in detail
    page = client.get(reverse("evaluation:judgement", args=["glen", 2026, "2.1"])).content.decode()
    assert "In 2025" in page and "Adequate last year." in page and "LP-0001 Neglect seen late" in page


def test_evidence_link_counts_on_the_link_model(setup):
    services.evidence_link(judgement=setup.judgement, kind="learning_point", record=setup.lp)
    services.evidence_link(judgement=setup.judgement, kind="learning_point", record=setup.lp)
    link = EvidenceLink.objects.get()
    assert link.record_type == ContentType.objects.get_for_model(LearningPoint)
