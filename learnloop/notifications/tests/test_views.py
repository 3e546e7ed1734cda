"""The e-mail settings page: one's own settings only, reachable from every page's header."""

from __future__ import annotations

from learnloop.notifications.models import Kind, Notification, NotificationPreference
from learnloop.notifications.services import digest_only_for, notification_send

URL = "/account/e-mails/"


def test_signed_out_people_are_sent_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    response = client.post(URL, {"choice": "digest"})
    assert response.status_code == 302 and not NotificationPreference.objects.exists()


def test_everyone_signed_in_reaches_it_from_the_header(client, world):
    client.force_login(world.viewer)
    home = client.get("/p/glen/").content.decode()
    assert f'href="{URL}"' in home
    page = client.get(URL).content.decode()
    assert "Which e-mails do you want?" in page and "None yet." in page


def test_choosing_the_summary_only_changes_ones_own_setting_only(client, world):
    client.force_login(world.contributor)
    response = client.post(URL, {"choice": "digest"}, follow=True)
    assert "You will get only the weekly summary." in response.content.decode()
    assert digest_only_for(world.contributor) and not digest_only_for(world.lead)
    client.post(URL, {"choice": "all"})
    assert not digest_only_for(world.contributor)


def test_a_missing_choice_is_an_error_on_the_page(client, world):
    client.force_login(world.contributor)
    page = client.post(URL, {}).content.decode()
    assert "There is a problem" in page and "Choose which e-mails you want" in page


def test_the_page_lists_only_ones_own_emails(client, world):
    for user, subject in ((world.contributor, "Mine"), (world.outsider, "Someone else's")):
        notification_send(
            recipient=user,
            partnership_id=user.memberships.get().partnership_id,
            kind=Kind.ACTION_ASSIGNED,
            subject_key="action:1",
            subject=subject,
            body="x",
        )
    client.force_login(world.contributor)
    page = client.get(URL).content.decode()
    assert "Mine" in page and "Someone else&#x27;s" not in page and "Someone else's" not in page
    assert Notification.objects.count() == 2
