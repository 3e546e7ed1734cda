"""Embedding and impact: an agency records its own practice change; impact stays with the
recorders; a member who may not act is told who can; each refused status names its own need."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.loop import services
from learnloop.loop.models import Action, Embedding
from learnloop.testing.factories import (
    ActionFactory,
    EmbeddingFactory,
    EvidenceFactory,
    ImpactFactory,
    LearningPointFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(world):
    """A social work action named to the (social work) contributor, completed with evidence."""
    lp = LearningPointFactory(partnership=world.partnership, title="Chronologies not shared")
    action = ActionFactory(
        learning_point=lp, owner_agency=world.social_work, owner_person=world.contributor, status="completed"
    )
    EvidenceFactory(action=action)
    return action


def embedding_data(world, action, agency=None):
    today = timezone.localdate()
    return {
        "kind": Embedding.Kind.SUPERVISION,
        "agency": (agency or world.social_work).pk,
        "date_day": str(today.day),
        "date_month": str(today.month),
        "date_year": str(today.year),
        "description": "Chronologies are now discussed in every supervision.",
        "actions": [action.pk],
    }


def test_a_contributor_records_embedding_for_their_agencys_action_and_marks_it_embedded(client, world, own):
    client.force_login(world.contributor)
    page = client.get(reverse("loop:action_status", args=["glen", own.number])).content.decode()
    assert "Record embedding for this action" in page
    response = client.post(reverse("loop:embedding_create", args=["glen"]), embedding_data(world, own))
    assert response.status_code == 302
    embedding = Embedding.objects.get(actions=own)
    assert embedding.created_by == world.contributor and embedding.agency == world.social_work
    response = client.post(reverse("loop:action_status", args=["glen", own.number]), {"status": "embedded"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == Action.Status.EMBEDDED
    # They may correct their own record afterwards.
    assert client.get(reverse("loop:embedding_edit", args=["glen", embedding.pk])).status_code == 200


def test_a_contributor_is_offered_only_their_agency_and_its_actions(client, world, own):
    other = ActionFactory(learning_point=own.learning_point, owner_agency=world.police, title="Police action")
    client.force_login(world.contributor)
    page = client.get(reverse("loop:embedding_create", args=["glen"])).content.decode()
    assert own.reference in page and other.reference not in page
    assert world.social_work.name in page and world.police.name not in page
    # Another agency's action, or another agency, is refused.
    response = client.post(reverse("loop:embedding_create", args=["glen"]), embedding_data(world, other))
    assert response.status_code == 200 and not Embedding.objects.exists()
    response = client.post(
        reverse("loop:embedding_create", args=["glen"]), embedding_data(world, own, agency=world.police)
    )
    assert response.status_code == 200 and not Embedding.objects.exists()
    data = embedding_data(world, own)
    del data["actions"]
    response = client.post(reverse("loop:embedding_create", args=["glen"]), data)
    assert "Tick at least one of your agency" in response.content.decode() and not Embedding.objects.exists()


def test_a_contributor_of_another_agency_may_not_record_embedding_for_the_action(client, world, own):
    other = User.objects.create_user(email="edu-worker@glen.test", password="x", full_name="Eve Education")
    Membership.objects.create(user=other, partnership=world.partnership, role=Role.CONTRIBUTOR, agency=world.education)
    client.force_login(other)
    response = client.post(reverse("loop:embedding_create", args=["glen"]), embedding_data(world, own))
    assert response.status_code == 200 and not Embedding.objects.exists()
    response = client.post(
        reverse("loop:embedding_create", args=["glen"]), embedding_data(world, own, agency=world.education)
    )
    assert response.status_code == 200 and not Embedding.objects.exists()


def test_a_viewer_may_not_record_embedding_and_a_contributor_may_not_edit_anothers_record(client, world, own):
    client.force_login(world.viewer)
    assert client.get(reverse("loop:embedding_create", args=["glen"])).status_code == 404
    assert client.post(reverse("loop:embedding_create", args=["glen"]), embedding_data(world, own)).status_code == 404
    record = EmbeddingFactory(partnership=world.partnership, agency=world.social_work, created_by=world.lead)
    client.force_login(world.contributor)
    assert client.get(reverse("loop:embedding_edit", args=["glen", record.pk])).status_code == 404


def test_impact_stays_with_the_recorders_and_the_page_says_who_can_and_how_to_ask(client, world, own):
    client.force_login(world.contributor)
    assert client.get(reverse("loop:impact_create", args=["glen"])).status_code == 404
    page = client.get(reverse("loop:action_status", args=["glen", own.number])).content.decode()
    assert 'id="who-can-record-impact"' in page and 'id="who-can-record-embedding"' not in page
    assert "mailto:lead@glen.test" in page and "Lena Lead" in page
    assert "add a progress update" in page


def test_a_contributor_named_on_another_agencys_action_is_told_who_can_record_embedding(client, world, own):
    police = ActionFactory(
        learning_point=own.learning_point, owner_agency=world.police, owner_person=world.contributor, status="completed"
    )
    EvidenceFactory(action=police)
    client.force_login(world.contributor)
    for address in (
        reverse("loop:action_status", args=["glen", police.number]),
        reverse("loop:action", args=["glen", police.number]),
    ):
        page = client.get(address).content.decode()
        assert 'id="who-can-record-embedding"' in page
        assert world.police.name in page
        assert "Pat Police" in page and "Lena Lead" in page
    response = client.post(reverse("loop:action_status", args=["glen", police.number]), {"status": "embedded"})
    page = response.content.decode()
    assert "An action can only be marked embedded once it has an embedding record linked to it." in page
    assert 'id="who-can-record-embedding"' in page


# Each refused status names its own requirement -----------------------------------------------


def test_completed_names_evidence(world):
    action = ActionFactory(learning_point=LearningPointFactory(partnership=world.partnership))
    with pytest.raises(services.LoopError) as refused:
        services.action_set_status(action=action, status="completed", by=world.lead)
    assert str(refused.value) == "An action can only be marked completed once it has at least one piece of evidence."


def test_embedded_names_the_embedding_record(world, own):
    with pytest.raises(services.LoopError) as refused:
        services.action_set_status(action=own, status="embedded", by=world.lead)
    assert str(refused.value) == "An action can only be marked embedded once it has an embedding record linked to it."


def test_impact_evaluated_names_the_impact_evaluation_not_the_embedded_message(world, own):
    with pytest.raises(services.LoopError) as refused:
        services.action_set_status(action=own, status="impact_evaluated", by=world.lead)
    message = str(refused.value)
    assert message.startswith(
        "An action can only be marked impact evaluated once it has an impact evaluation linked to it."
    )
    assert "marked embedded" not in message and "It also needs an embedding record linked to it." in message
    # With the impact evaluation linked but no embedding, it says what is still missing.
    impact = ImpactFactory(partnership=world.partnership, date=dt.date(2026, 1, 1))
    impact.actions.add(own)
    with pytest.raises(services.LoopError) as refused:
        services.action_set_status(action=own, status="impact_evaluated", by=world.lead)
    assert "marked impact evaluated" in str(refused.value) and "embedding record" in str(refused.value)


def test_the_status_page_shows_the_impact_message_for_impact_evaluated(client, world, own):
    embedding = EmbeddingFactory(partnership=world.partnership, agency=world.social_work)
    embedding.actions.add(own)
    client.force_login(world.contributor)
    response = client.post(reverse("loop:action_status", args=["glen", own.number]), {"status": "impact_evaluated"})
    page = response.content.decode()
    assert "An action can only be marked impact evaluated once it has an impact evaluation linked to it." in page
    assert "once it has an embedding record" not in page
