"""Re-importing a corrected file corrects the flags it set: a flag nobody acted on is removed, a
flag someone acted on is kept and marked for review, a new flag is added; each change recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.voice import services
from learnloop.voice.importers import FORMATS, ImportOptions, views_check, views_import
from learnloop.voice.models import SafetyFlag, Source, View
from learnloop.voice.tests.test_importers import TODAY

MAPPING = {"key": "Statement ID", "date": "Date sent", "text": "Statement", "unsafe": "Safety flag"}
HEAD = b"Statement ID,Date sent,Statement,Safety flag\n"
# The first file flags S1 and S2 by mistake; the corrected file flags S3 instead.
FIRST = (
    HEAD
    + b"S1,2026-01-12,I like my school.,Yes\nS2,2026-01-13,My worker is kind.,Yes\nS3,2026-01-14,Home is hard.,No\n"
)
CORRECTED = (
    HEAD + b"S1,2026-01-12,I like my school.,No\nS2,2026-01-13,My worker is kind.,No\nS3,2026-01-14,Home is hard.,Yes\n"
)


def _kwargs(world, content):
    return {
        "partnership": world.partnership,
        "source": Source.MIND_OF_MY_OWN,
        "filename": "corrected.csv",
        "content": content,
        "mapping": MAPPING,
        "options": ImportOptions(),
        "today": TODAY,
    }


def _view(key_row: str) -> View:
    return View.objects.get(summary__startswith=key_row)


@pytest.fixture
def first_import(world):
    views_import(by=world.lead, **_kwargs(world, FIRST))
    assert SafetyFlag.objects.filter(partnership=world.partnership).count() == 2


def test_the_check_lists_flags_to_add_remove_and_keep(world, first_import):
    # Someone passed on the flag on S2 (row 3); nobody has acted on S1's (row 2).
    flag = SafetyFlag.objects.get(view=_view("My worker"))
    services.safety_flag_pass_on(
        flag=flag, passed_on_to="Duty team", passed_on_date=dt.date(2026, 1, 20), by=world.lead, today=TODAY
    )
    check = views_check(**_kwargs(world, CORRECTED))
    assert check.flagged == [4]
    assert check.unflagged == [2]
    assert check.unflag_kept == [3]
    assert (check.new, check.changed, check.unchanged) == (0, 3, 0)


def test_a_flag_nobody_acted_on_is_removed_and_recorded(world, first_import):
    batch = views_import(by=world.lead, **_kwargs(world, CORRECTED))
    school = _view("I like")
    assert not school.feels_unsafe and not SafetyFlag.objects.filter(view=school).exists()
    assert any("Row 2: the flag on" in n and "was removed" in n for n in batch.notes)
    assert AuditEntry.objects.filter(
        object_id=str(school.pk), event=AuditEntry.Event.UPDATE, detail__contains="Safety flag removed"
    ).exists()


def test_a_flag_someone_acted_on_is_kept_for_review(world, first_import):
    flag = SafetyFlag.objects.get(view=_view("My worker"))
    services.safety_flag_pass_on(
        flag=flag, passed_on_to="Duty team", passed_on_date=dt.date(2026, 1, 20), by=world.lead, today=TODAY
    )
    batch = views_import(by=world.lead, **_kwargs(world, CORRECTED))
    flag.refresh_from_db()
    assert flag.view.feels_unsafe and flag.is_passed_on
    assert flag.no_longer_raised_at is not None and flag.no_longer_raised_by == batch
    assert any("Row 3" in n and "no longer raised by the data: review" in n for n in batch.notes)
    # Importing the same corrected file again changes nothing more.
    again = views_check(**_kwargs(world, CORRECTED))
    assert (again.changed, again.unchanged, again.unflag_kept) == (0, 3, [])


def test_a_new_flag_is_added_and_the_lead_told(world, first_import, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = views_import(by=world.lead, **_kwargs(world, CORRECTED))
    home = _view("Home is")
    assert home.feels_unsafe and SafetyFlag.objects.filter(view=home).exists()
    assert batch.unsafe_flags == 1
    assert any(home.reference in m.subject for m in mailoutbox)


def test_the_check_page_shows_the_changes_and_the_view_the_review(client, world, first_import):
    flag = SafetyFlag.objects.get(view=_view("My worker"))
    services.safety_flag_pass_on(
        flag=flag, passed_on_to="Duty team", passed_on_date=dt.date(2026, 1, 20), by=world.lead, today=TODAY
    )
    client.force_login(world.lead)
    url = reverse("voice:import_upload", args=["glen", Source.MIND_OF_MY_OWN])
    form = {f"map_{k}": "" for k in FORMATS[Source.MIND_OF_MY_OWN].defaults}
    form |= {f"map_{k}": v for k, v in MAPPING.items()} | {"given_by": "child", "consent": "partnership"}
    response = client.post(url, {**form, "file": SimpleUploadedFile("corrected.csv", CORRECTED, "text/csv")})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response.url).content.decode()
    assert "Flags to be removed" in page and 'id="check-unflagged"' in page
    assert "Flags kept for review" in page and "row 3" in page
    assert "Rows that will be flagged" in page and "row 4 of the file" in page
    client.post(response.url, {"accept": "all"})
    detail = client.get(reverse("voice:view", args=["glen", flag.view.number])).content.decode()
    assert "No longer raised by the data: review" in detail
