"""Only the lead officer sees and changes the retention schedule; everyone else gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.retention.models import RetentionOverride, RetentionSettings

NOT_ALLOWED = ["committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer", "outsider"]


def _urls():
    return [
        reverse("retention:schedule", args=["glen"]),
        reverse("retention:period_edit", args=["glen", "tracked_children"]),
    ]


def test_the_lead_officer_sees_each_kind_its_default_and_what_is_due(client, world):
    client.force_login(world.lead)
    response = client.get(reverse("retention:schedule", args=["glen"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tracked children and their stories" in page
    assert "6 years, then anonymised" in page
    assert 'id="kind-audit_log"' in page and "Due now" in page
    assert reverse("retention:period_edit", args=["glen", "voice_views"]) in page
    assert reverse("retention:period_edit", args=["glen", "sign_in_records"]) not in page
    settings_page = client.get(reverse("partnership:settings", args=["glen"])).content.decode()
    assert reverse("retention:schedule", args=["glen"]) in settings_page


@pytest.mark.parametrize("who", NOT_ALLOWED)
def test_no_other_role_and_no_other_partnership_may_see_or_change_it(client, world, who):
    client.force_login(getattr(world, who))
    for url in _urls():
        assert client.get(url).status_code == 404
        assert client.post(url, {"months": "1", "action": "anonymise"}).status_code == 404
    assert not RetentionOverride.objects.exists()
    assert not RetentionSettings.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client, world):
    for url in _urls():
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response["Location"]


def test_the_other_partnership_s_lead_officer_changes_only_their_own(client, world):
    client.force_login(world.outsider)
    response = client.post(
        reverse("retention:period_edit", args=["other", "tracked_children"]), {"months": "24", "action": "anonymise"}
    )
    assert response.status_code == 302
    assert RetentionOverride.objects.get().partnership == world.other_partnership


def test_the_lead_officer_changes_a_period_and_an_action(client, world):
    client.force_login(world.lead)
    url = reverse("retention:period_edit", args=["glen", "workforce_evaluations"])
    page = client.get(url).content.decode()
    assert 'value="36"' in page and "Delete" in page
    response = client.post(url, {"months": "12", "action": "delete"})
    assert response.status_code == 302
    override = RetentionOverride.objects.get(partnership=world.partnership)
    assert (override.kind, override.months, override.action) == ("workforce_evaluations", 12, "delete")
    page = client.get(reverse("retention:schedule", args=["glen"])).content.decode()
    assert "1 year, then deleted" in page
    client.post(url, {"months": "36", "action": "anonymise"})  # the default again
    assert not RetentionOverride.objects.exists()


def test_bad_input_is_explained(client, world):
    client.force_login(world.lead)
    url = reverse("retention:period_edit", args=["glen", "audit_log"])
    page = client.post(url, {"months": "12", "action": "delete"}).content.decode()
    assert "Enter at least 72 months (6 years)" in page
    page = client.post(url, {"months": "six", "action": "delete"}).content.decode()
    assert "Enter a whole number of months" in page
    url = reverse("retention:period_edit", args=["glen", "workforce_evaluations"])
    page = client.post(url, {"months": "12", "action": "shred"}).content.decode()
    assert "Choose one of the actions listed" in page
    assert not RetentionOverride.objects.exists()
    # A kind with one action offers no choice: a posted action is ignored.
    url = reverse("retention:period_edit", args=["glen", "voice_views"])
    client.post(url, {"months": "12", "action": "delete"})
    assert RetentionOverride.objects.get().action == ""
    assert client.get(reverse("retention:period_edit", args=["glen", "sign_in_records"])).status_code == 404
    assert client.get(reverse("retention:period_edit", args=["glen", "no_such_kind"])).status_code == 404


def test_the_lead_officer_turns_the_former_member_setting_off(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("retention:schedule", args=["glen"]), {})
    assert response.status_code == 302
    assert RetentionSettings.objects.get(partnership=world.partnership).former_members_shown_by_role is False


def test_the_page_counts_what_is_due_now(client, world):
    import datetime as dt

    from django.utils import timezone

    from learnloop.loop.models import TrackedChild
    from learnloop.testing.factories import TrackedChildFactory

    old = TrackedChildFactory(partnership=world.partnership, agency=world.social_work)
    TrackedChildFactory(partnership=world.partnership, agency=world.social_work)
    TrackedChild.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=7 * 365))
    client.force_login(world.lead)
    page = client.get(reverse("retention:schedule", args=["glen"])).content.decode()
    row = page.split('id="kind-tracked_children"', 1)[1].split("</tr>", 1)[0]
    assert 'govuk-table__cell--numeric">1</td>' in row
