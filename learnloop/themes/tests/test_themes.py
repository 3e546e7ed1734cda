from __future__ import annotations

from django.urls import reverse

from learnloop.loop.forms import LearningPointForm
from learnloop.testing.factories import LearningPointFactory
from learnloop.themes.models import Theme


def test_each_partnership_gets_the_seeded_themes(world):
    assert Theme.objects.filter(partnership=world.partnership).count() == 21
    assert Theme.objects.filter(partnership=world.partnership, code="voice_of_child").exists()


def test_lead_officer_adds_renames_and_retires_a_theme(client, world):
    client.force_login(world.lead)
    client.post(reverse("themes:add", args=["glen"]), {"name": "Young carers", "description": "Children who care"})
    theme = Theme.objects.get(partnership=world.partnership, name="Young carers")
    client.post(
        reverse("themes:edit", args=["glen", theme.pk]), {"name": "Young carers and siblings", "description": ""}
    )
    theme.refresh_from_db()
    assert theme.name == "Young carers and siblings"
    lp = LearningPointFactory(partnership=world.partnership)
    lp.themes.add(theme)
    client.post(reverse("themes:retire", args=["glen", theme.pk]))
    theme.refresh_from_db()
    assert theme.is_retired
    # A retired theme stays on old records, is still offered on the record that has it, but not on new ones.
    assert theme in lp.themes.all()
    lead = world.membership(world.lead)
    assert theme not in LearningPointForm(membership=lead).fields["themes"].queryset
    assert theme in LearningPointForm(membership=lead, instance=lp).fields["themes"].queryset
    client.post(reverse("themes:retire", args=["glen", theme.pk]), {"restore": "1"})
    theme.refresh_from_db()
    assert not theme.is_retired


def test_duplicate_theme_name_is_refused_clearly(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("themes:add", args=["glen"]), {"name": "Neglect and cumulative harm"})
    assert "There is already a theme called" in response.content.decode()


def test_others_cannot_change_themes(client, world):
    theme = Theme.objects.filter(partnership=world.partnership).first()
    for user in (world.committee, world.viewer, world.outsider):
        client.force_login(user)
        assert client.post(reverse("themes:retire", args=["glen", theme.pk])).status_code == 404
    theme.refresh_from_db()
    assert not theme.is_retired
