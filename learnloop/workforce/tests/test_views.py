"""Every page and export, for the allowed, the read-only, another agency and another partnership."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.loop.models import LearningPoint
from learnloop.testing.documents import assert_word_document, link
from learnloop.testing.queries import count_queries
from learnloop.workforce import services
from learnloop.workforce.models import Attendee, Evaluation, FeedbackAnswer, FeedbackExercise, Session
from learnloop.workforce.tests.conftest import sample

EVERYONE = ["lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer", "jld"]
RUNNERS = ["lead", "jld"]


@pytest.fixture
def records(world, training):
    outcome = training.course.outcomes.first()
    evaluation = services.evaluation_save(
        session=training.session,
        scores={outcome: (2, 4)},
        agency=world.police,
        comments="More on exploitation.",
        by=world.lead,
    )
    exercise = services.feedback_exercise_save(
        exercise=FeedbackExercise(
            partnership=world.partnership, kind="survey", title="Staff survey", date=dt.date(2026, 1, 5)
        ),
        themes=[],
    )
    response = services.feedback_response_save(
        exercise=exercise, answers=[("What helps?", "Joint visits")], by=world.lead
    )
    named = services.session_save(
        session=Session(
            course=training.course, date=dt.date(2026, 5, 1), trainer="T", mode="online", places=10, keeps_names=True
        )
    )
    attendee = services.attendee_add(session=named, agency=world.police, name="Pat Register")
    return {
        "evaluation": evaluation,
        "exercise": exercise,
        "answer": response.answers.first(),
        "named": named,
        "attendee": attendee,
    }


def _user(world, training, who):
    return training.jld if who == "jld" else getattr(world, who)


def _url(name, training, r, slug="glen"):
    args = {
        "courses": [],
        "course_create": [],
        "sessions": [],
        "review": [],
        "review_docx": [],
        "feedback_list": [],
        "feedback_create": [],
        "course": [training.course.pk],
        "course_edit": [training.course.pk],
        "session_create": [training.course.pk],
        "session": [training.session.pk],
        "session_edit": [training.session.pk],
        "attendance_edit": [training.session.pk],
        "attendee_add": [r["named"].pk],
        "attendee_remove": [r["named"].pk, r["attendee"].pk],
        "evaluation_create": [training.session.pk],
        "evaluation_import": [training.session.pk],
        "evaluation_raise": [r["evaluation"].pk],
        "feedback": [r["exercise"].pk],
        "feedback_edit": [r["exercise"].pk],
        "feedback_import": [r["exercise"].pk],
        "feedback_response_create": [r["exercise"].pk],
        "answer_raise": [r["answer"].pk],
    }[name]
    return reverse(f"workforce:{name}", args=[slug, *args])


CASES = [
    ("courses", EVERYONE),
    ("course", EVERYONE),
    ("sessions", EVERYONE),
    ("session", EVERYONE),
    ("review", EVERYONE),
    ("review_docx", EVERYONE),
    ("feedback_list", EVERYONE),
    ("feedback", EVERYONE),
    ("course_create", RUNNERS),
    ("course_edit", RUNNERS),
    ("session_create", RUNNERS),
    ("session_edit", RUNNERS),
    ("attendance_edit", RUNNERS),
    ("attendee_add", RUNNERS),
    ("attendee_remove", RUNNERS),
    ("evaluation_create", RUNNERS),
    ("evaluation_import", RUNNERS),
    ("evaluation_raise", RUNNERS),
    ("feedback_create", RUNNERS),
    ("feedback_edit", RUNNERS),
    ("feedback_import", RUNNERS),
    ("feedback_response_create", RUNNERS),
    ("answer_raise", RUNNERS),
]


@pytest.mark.parametrize(("name", "allowed"), CASES)
def test_access(client, world, training, records, name, allowed):
    address = _url(name, training, records)
    for who in EVERYONE:
        client.force_login(_user(world, training, who))
        status = client.get(address).status_code
        assert status == (200 if who in allowed else 404), f"{name} as {who}: {status}"
    client.force_login(world.outsider)
    assert client.get(address).status_code == 404


def test_named_attendees_only_for_lead_and_jld(client, world, training, records):
    address = _url("session", training, {**records, "named": records["named"]}).replace(
        f"/sessions/{training.session.pk}/", f"/sessions/{records['named'].pk}/"
    )
    client.force_login(world.lead)
    assert "Pat Register" in client.get(address).content.decode()
    assert AuditEntry.objects.filter(event=AuditEntry.Event.VIEW_CONFIDENTIAL).exists()
    for who in ("viewer", "committee", "police_lead", "subgroup_member"):
        client.force_login(getattr(world, who))
        body = client.get(address).content.decode()
        assert "Pat Register" not in body and "Police Scotland" in body


@pytest.mark.parametrize("page", ["courses", "sessions", "feedback_list", "course"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_are_audited_and_scoped(client, world, training, records, page, fmt):
    client.force_login(world.viewer)
    response = client.get(_url(page, training, records) + f"?export={fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT).count() == 1
    client.force_login(world.outsider)
    assert client.get(_url(page, training, records) + f"?export={fmt}").status_code == 404


def test_feedback_export_and_review_word_document(client, world, training, records):
    client.force_login(world.viewer)
    body = client.get(_url("feedback", training, records) + "?export=csv").content.decode()
    assert "Joint visits" in body
    response = client.get(_url("review_docx", training, records) + "?year=2025")
    from docx import Document

    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Annual training review, 1 April 2025 to 31 March 2026" in text
    assert "Gaps against recurring practice themes" in text


def test_lead_records_a_session_attendance_and_an_evaluation_then_raises_learning(client, world, training):
    client.force_login(training.jld)
    course = training.course
    response = client.post(
        reverse("workforce:session_create", args=["glen", course.pk]),
        {
            "date_day": "9",
            "date_month": "6",
            "date_year": "2026",
            "trainer": "Ann",
            "mode": "in_person",
            "venue": "",
            "places": "12",
        },
    )
    assert "Give the venue of an in-person session." in response.content.decode()
    assert response.context["form"]["trainer"].value() == "Ann"
    response = client.post(
        reverse("workforce:session_create", args=["glen", course.pk]),
        {"date_day": "9", "date_month": "6", "date_year": "2026", "trainer": "Ann", "mode": "online", "places": "12"},
    )
    session = Session.objects.get(trainer="Ann")
    assert response.status_code == 302
    client.post(reverse("workforce:attendance_edit", args=["glen", session.pk]), {f"agency_{world.police.pk}": "4"})
    assert session.attendance.get().count == 4
    o1, o2 = course.outcomes.all()
    response = client.post(
        reverse("workforce:evaluation_create", args=["glen", session.pk]),
        {f"before_{o1.pk}": "2", f"after_{o1.pk}": "", "comments": ""},
    )
    assert "Give confidence after the course as well" in response.content.decode()
    client.post(
        reverse("workforce:evaluation_create", args=["glen", session.pk]),
        {
            "agency": world.police.pk,
            f"before_{o1.pk}": "2",
            f"after_{o1.pk}": "5",
            "comments": "Want more on online harm",
        },
    )
    evaluation = Evaluation.objects.get(session=session)
    response = client.get(reverse("workforce:evaluation_raise", args=["glen", evaluation.pk]))
    assert response.context["form"]["title"].value() == "Want more on online harm"
    response = client.post(
        reverse("workforce:evaluation_raise", args=["glen", evaluation.pk]),
        {"title": "Online harm", "description": "Want more on online harm", "kind": "improvement"},
    )
    lp = LearningPoint.objects.get(title="Online harm")
    assert response.url == lp.get_absolute_url()
    page = client.get(lp.get_absolute_url()).content.decode()
    assert "Raised from an evaluation" in page and "Want more on online harm" in page


def test_import_page_reports_bad_rows_and_loads_nothing(client, world, training):
    client.force_login(world.lead)
    upload = SimpleUploadedFile("eval.csv", sample("evaluation_kobo_bad.csv"), content_type="text/csv")
    response = client.post(
        reverse("workforce:evaluation_import", args=["glen", training.session.pk]), {"source": "kobo", "file": upload}
    )
    assert response.status_code == 302
    body = client.get(response.url).content.decode()
    assert "Check the file before importing it" in body and "Fire and Rescue" in body
    assert "Import the 1 good response and leave out the 2 bad rows" in body
    assert not Evaluation.objects.exists()
    upload = SimpleUploadedFile("eval.exe", b"MZ\x90\x00\x03\x00\x00\x00", content_type="application/octet-stream")
    response = client.post(
        reverse("workforce:evaluation_import", args=["glen", training.session.pk]), {"source": "kobo", "file": upload}
    )
    assert "is not a CSV or an Excel workbook" in response.content.decode()


def test_feedback_import_view_and_answer_raise(client, world, training, records):
    client.force_login(world.lead)
    exercise = records["exercise"]
    upload = SimpleUploadedFile("forms.xlsx", sample("feedback_ms_forms.xlsx"))
    response = client.post(
        reverse("workforce:feedback_import", args=["glen", exercise.pk]), {"source": "ms_forms", "file": upload}
    )
    assert response.status_code == 302 and not FeedbackAnswer.objects.filter(answer="More time for questions")
    client.post(response.url, {"accept": "all"})
    answer = FeedbackAnswer.objects.get(answer="More time for questions")
    client.post(
        reverse("workforce:answer_raise", args=["glen", answer.pk]),
        {"title": "Briefings need time for questions", "description": answer.answer, "kind": "improvement"},
    )
    lp = LearningPoint.objects.get(title="Briefings need time for questions")
    assert lp.source_record == answer and lp.agencies.get() == world.police
    page = client.get(reverse("workforce:feedback", args=["glen", exercise.pk])).content.decode()
    assert lp.reference in page


def test_home_panel_for_lead_and_jld_only(client, world, training, records):
    client.force_login(training.jld)
    assert "Training and workforce feedback" in client.get(reverse("loop:home", args=["glen"])).content.decode()
    client.force_login(world.viewer)
    assert "Training and workforce feedback" not in client.get(reverse("loop:home", args=["glen"])).content.decode()


def _add(world, training, n):
    outcome = training.course.outcomes.first()
    for i in range(n):
        s = services.session_save(
            session=Session(course=training.course, date=dt.date(2026, 1, 1 + i), trainer="T", mode="online", places=10)
        )
        services.attendance_set(session=s, counts={world.police: 2, world.education: 3})
        services.evaluation_save(session=s, scores={outcome: (2, 3)}, agency=world.police, comments="ok")
        e = services.feedback_exercise_save(
            exercise=FeedbackExercise(
                partnership=world.partnership, kind="survey", title=f"S{i}", date=dt.date(2026, 1, 1)
            ),
            themes=world.partnership.themes.all()[:2],
        )
        services.feedback_response_save(exercise=e, answers=[("Q", "A"), ("R", "B")])


@pytest.mark.parametrize("name", ["courses", "sessions", "feedback_list", "course", "review", "session"])
def test_query_counts_do_not_grow_with_rows(client, world, training, name):
    client.force_login(world.lead)
    from types import SimpleNamespace

    dummy = SimpleNamespace(pk=0)
    records = {"evaluation": dummy, "exercise": dummy, "answer": dummy, "named": dummy, "attendee": dummy}
    _add(world, training, 2)
    address = _url(name, training, records)
    few = count_queries(client, address)
    _add(world, training, 6)
    assert count_queries(client, address) == few


def test_feedback_page_querycount_queries(client, world, training):
    client.force_login(world.lead)
    exercise = services.feedback_exercise_save(
        exercise=FeedbackExercise(partnership=world.partnership, kind="survey", title="Big", date=dt.date(2026, 1, 1)),
        themes=[],
    )
    for _ in range(2):
        services.feedback_response_save(exercise=exercise, answers=[("Q", "A")], agency=world.police)
    address = reverse("workforce:feedback", args=["glen", exercise.pk])
    few = count_queries(client, address)
    for _ in range(6):
        services.feedback_response_save(exercise=exercise, answers=[("Q", "A"), ("R", "B")], agency=world.police)
    assert count_queries(client, address) == few


def test_attendee_remove_posts(client, world, training, records):
    client.force_login(world.lead)
    client.post(_url("attendee_remove", training, records))
    assert not Attendee.objects.exists()


def test_review_word_link_gives_the_house_document(client, world, training, records):
    client.force_login(world.viewer)
    page = client.get(_url("review", training, records) + "?year=2025").content.decode()
    content = client.get(link(page, r"/review\.docx\?year=2025$")).content
    title = "Annual training review, 1 April 2025 to 31 March 2026"
    document = assert_word_document(content, partnership=world.partnership.name, title=title)
    assert "Glen Child Protection Committee" not in [p.text for p in document.paragraphs]  # in the header instead
