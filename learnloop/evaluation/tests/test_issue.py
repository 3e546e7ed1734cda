"""Issuing freezes a self-evaluation; corrections need a reason; issued versions are read by
committee members; documents, the evidence pack and the command."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.evaluation import services
from learnloop.evaluation.documents import build_self_evaluation
from learnloop.evaluation.models import IssuedSelfEvaluation
from learnloop.testing.documents import assert_pdf_document, assert_word_document
from learnloop.testing.factories import LearningPointFactory


@pytest.fixture
def issued(world, setup):
    services.judgement_save(judgement=setup.judgement, grade=4, evaluation="Good, and we know it from audits.")
    services.evidence_link(judgement=setup.judgement, kind="learning_point", record=setup.lp)
    return services.self_evaluation_issue(self_evaluation=setup.se, by=world.lead)


def test_issuing_is_for_the_lead_officer(client, world, setup):
    services.drafters_set(self_evaluation=setup.se, users=[world.subgroup_member])
    for user in (world.subgroup_member, world.committee, world.viewer):
        client.force_login(user)
        assert client.post(reverse("evaluation:issue", args=["glen", 2026])).status_code == 404
    assert not IssuedSelfEvaluation.objects.exists()
    client.force_login(world.lead)
    response = client.post(reverse("evaluation:issue", args=["glen", 2026]))
    assert response.status_code == 302
    issued = IssuedSelfEvaluation.objects.get()
    assert issued.version == 1 and issued.issued_by == world.lead and issued.issued_by_name == "Lena Lead"
    assert AuditEntry.objects.filter(detail="Issued self-evaluation 2026, version 1").exists()


def test_the_issued_version_does_not_change_when_the_data_does(client, world, setup, issued):
    client.force_login(world.lead)
    url = reverse("evaluation:issued", args=["glen", 2026, 1])
    before = client.get(url).content.decode()
    pdf_before = client.get(reverse("evaluation:download", args=["glen", 2026, "pdf"]) + "?version=1").content
    assert "4 Good" in before and "Neglect seen late" in before and "Good, and we know it from audits." in before

    services.judgement_save(judgement=setup.judgement, grade=2, evaluation="Rewritten.")
    setup.lp.title = "Renamed since"
    setup.lp.save()
    after = client.get(url).content.decode()
    assert "4 Good" in after and "Neglect seen late" in after and "Renamed since" not in after
    assert "Rewritten." not in after
    text = assert_pdf_document(
        client.get(reverse("evaluation:download", args=["glen", 2026, "pdf"]) + "?version=1").content,
        partnership="Glen Child Protection Committee",
        title="Self-evaluation 2026",
    )
    assert "LP-0001" in text and "Renamed since" not in text and "Rewritten." not in text
    assert pdf_before.startswith(b"%PDF-")
    # The draft moved on.
    assert "2 Weak" in client.get(reverse("evaluation:detail", args=["glen", 2026])).content.decode()
    with pytest.raises(PermissionError):
        issued.save()


def test_a_correction_needs_a_reason_and_both_versions_stay_readable(client, world, setup, issued):
    client.force_login(world.lead)
    services.judgement_save(judgement=setup.judgement, grade=5, evaluation="Corrected.")
    response = client.post(reverse("evaluation:issue", args=["glen", 2026]), {"reason": ""})
    assert "Enter the reason for the correction." in response.content.decode()
    client.post(reverse("evaluation:issue", args=["glen", 2026]), {"reason": "Grade for 2.1 was mistyped."})
    assert IssuedSelfEvaluation.objects.count() == 2
    client.force_login(world.committee)
    first = client.get(reverse("evaluation:issued", args=["glen", 2026, 1])).content.decode()
    second = client.get(reverse("evaluation:issued", args=["glen", 2026, 2])).content.decode()
    assert "4 Good" in first and "5 Very good" in second and "Grade for 2.1 was mistyped." in second


def test_committee_members_read_issued_versions_and_others_do_not(client, world, setup, issued):
    client.force_login(world.committee)
    response = client.get(reverse("evaluation:detail", args=["glen", 2026]))
    assert response.status_code == 302 and response["Location"].endswith("/2026/issued/1/")
    assert client.get(reverse("evaluation:issued", args=["glen", 2026, 1])).status_code == 200
    assert client.get(reverse("evaluation:download", args=["glen", 2026, "docx"])).status_code == 200
    # Never the draft.
    assert client.get(reverse("evaluation:judgement", args=["glen", 2026, "2.1"])).status_code == 404
    assert client.get(reverse("evaluation:download", args=["glen", 2026, "pdf"]) + "?draft=1").status_code == 404
    for user in (world.viewer, world.contributor, world.education_lead, world.outsider):
        client.force_login(user)
        assert client.get(reverse("evaluation:issued", args=["glen", 2026, 1])).status_code == 404
        assert client.get(reverse("evaluation:pack", args=["glen", 2026])).status_code == 404


def test_confidential_evidence_is_counted_not_shown_in_the_issued_version(world, setup):
    secret = LearningPointFactory(
        partnership=world.partnership, number=9, title="Police-only learning", is_confidential=True, agency=world.police
    )
    services.evidence_link(judgement=setup.judgement, kind="learning_point", record=secret)
    issued = services.self_evaluation_issue(self_evaluation=setup.se, by=world.lead)
    item = next(i for i in issued.content["items"] if i["code"] == "2.1")
    assert item["hidden_evidence"] == 1
    assert "Police-only learning" not in str(issued.content)


def test_word_and_pdf_of_the_draft(client, world, setup):
    services.judgement_save(judgement=setup.judgement, grade=4, evaluation="Draft words.")
    client.force_login(world.lead)
    docx = client.get(reverse("evaluation:download", args=["glen", 2026, "docx"]) + "?draft=1")
    document = assert_word_document(
        docx.content, partnership="Glen Child Protection Committee", title="Self-evaluation 2026"
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Draft: not issued" in text and "Draft words." in text
    assert any(p.style.name == "Heading 2" and p.text.startswith("2.1") for p in document.paragraphs)
    pdf = client.get(reverse("evaluation:download", args=["glen", 2026, "pdf"]) + "?draft=1")
    assert "Draft words." in assert_pdf_document(pdf.content, partnership="Glen Child Protection Committee")
    assert (
        AuditEntry.objects.filter(event="export", detail__startswith="Downloaded self-evaluation 2026 (draft)").count()
        == 2
    )


def test_the_evidence_pack_holds_the_documents_every_linked_export_and_a_manifest(client, world, setup, issued):
    client.force_login(world.committee)
    response = client.get(reverse("evaluation:pack", args=["glen", 2026]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        names = set(zf.namelist())
        assert {"self-evaluation-2026.pdf", "self-evaluation-2026.docx", "manifest.csv", "README.txt"} <= names
        assert "evidence/learning-points.csv" in names
        learning = zf.read("evidence/learning-points.csv").decode("utf-8-sig")
        assert "Neglect seen late" in learning and "Reference" in learning.splitlines()[0]
        manifest = zf.read("manifest.csv").decode("utf-8-sig")
        assert "evidence/learning-points.csv,Learning points,1" in manifest
        assert zf.read("self-evaluation-2026.pdf").startswith(b"%PDF-")
    assert AuditEntry.objects.filter(
        detail="Downloaded the inspection evidence pack for self-evaluation 2026 (version 1)"
    ).exists()


def test_the_pack_leaves_out_what_the_reader_may_not_see(client, world, setup):
    secret = LearningPointFactory(
        partnership=world.partnership, number=9, title="Police-only learning", is_confidential=True, agency=world.police
    )
    services.evidence_link(judgement=setup.judgement, kind="learning_point", record=secret)
    services.evidence_link(judgement=setup.judgement, kind="learning_point", record=setup.lp)
    services.drafters_set(self_evaluation=setup.se, users=[world.subgroup_member])
    client.force_login(world.subgroup_member)
    body = b"".join(client.get(reverse("evaluation:pack", args=["glen", 2026]) + "?draft=1").streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        learning = zf.read("evidence/learning-points.csv").decode("utf-8-sig")
    assert "Neglect seen late" in learning and "Police-only learning" not in learning


def test_build_self_evaluation_for_the_reports_command(world, setup, issued):
    lead = world.membership(world.lead)
    assert build_self_evaluation(world.partnership, 2026, "pdf", lead).startswith(b"%PDF-")
    assert b"Neglect seen late" in build_self_evaluation(world.partnership, "2026", "html", lead)
    with pytest.raises(ValueError, match="is not a format"):
        build_self_evaluation(world.partnership, 2026, "odt", lead)


def test_the_command_writes_the_file(world, setup, issued, tmp_path):
    out = tmp_path / "se.docx"
    call_command(
        "build_self_evaluation", "--partnership", "glen", "--year", "2026", "--format", "docx", "--output", str(out)
    )
    assert_word_document(out.read_bytes(), partnership="Glen Child Protection Committee", title="Self-evaluation 2026")


def test_build_report_writes_the_self_evaluation_as_the_committee_reads_it(world, setup, issued, tmp_path):
    out = tmp_path / "se.pdf"
    argv = ["--partnership", "glen", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "pdf"]
    call_command("build_report", "self-evaluation", *argv, "--output", str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError, match="has no self-evaluation for 2019"):
        argv = ["--partnership", "glen", "--from", "2019-01-01", "--to", "2019-12-31", "--format", "pdf"]
        call_command("build_report", "self-evaluation", *argv, "--output", str(out), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partnership", "nowhere", "--year", "2026", "--format", "pdf"], "there is no partnership “nowhere”"),
        (["--partnership", "glen", "--year", "26", "--format", "pdf"], "“26” is not a year"),
        (["--partnership", "glen", "--year", "2026", "--format", "odt"], "“odt” is not a format"),
        (["--partnership", "glen", "--year", "2019", "--format", "pdf"], "has no self-evaluation for 2019"),
        (
            ["--partnership", "glen", "--year", "2026", "--format", "pdf", "--as", "viewer@glen.test"],
            "may read the draft",
        ),
    ],
)
def test_the_command_says_what_is_wrong(world, setup, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_self_evaluation", *args, "--output", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_the_demo_has_a_graded_self_evaluation_with_evidence(db, settings):
    settings.PSEUDONYMISATION_KEY = "test-key-for-the-demo-self-evaluation"
    from learnloop.evaluation.demo import seed
    from learnloop.evaluation.models import Judgement, SelfEvaluation
    from learnloop.partnership.services import partnership_create

    p = partnership_create(slug="demo-se", name="Demo")
    from learnloop.accounts.models import Membership, User

    lead = User.objects.create_user(email="l@demo.test", password="x", full_name="Lead")
    Membership.objects.create(user=lead, partnership=p, role="lead_officer")
    lp = LearningPointFactory(partnership=p, number=1)
    lp.themes.set([p.themes.get(code="neglect")])
    seed(partnership=p, say=lambda _: None)
    seed(partnership=p, say=lambda _: None)  # idempotent
    assert SelfEvaluation.objects.filter(partnership=p).count() == 2
    graded = Judgement.objects.filter(self_evaluation__partnership=p, grade__isnull=False)
    assert graded.count() >= 6 and graded.filter(evidence__isnull=False).exists()
    assert IssuedSelfEvaluation.objects.filter(self_evaluation__partnership=p).count() == 1


def test_the_packs_indicator_figures_obey_disclosure_control_for_the_reader(client, world, setup):
    """2024-Q3 has 4 concerns: the lead officer sees 4; an agency lead drafting sees [c]."""
    from learnloop.dataset.models import Indicator
    from learnloop.dataset.tests.conftest import extract, load

    day_rows = [[f"r{i}", f"C{i}", "concern", "2024-07-15"] for i in range(1, 5)]
    day_rows += [[f"s{i}", f"D{i}", "concern", "2024-04-15"] for i in range(1, 13)]
    loaded = load(world.partnership, extract(day_rows, header=["record_id", "child_id", "event_type", "event_date"]))
    assert loaded.status == "loaded", loaded.problems
    services.evidence_link(judgement=setup.judgement, kind="indicator", record=Indicator.objects.get(code="concerns"))
    services.drafters_set(self_evaluation=setup.se, users=[world.education_lead])

    def q3_row(user) -> list[str]:
        client.force_login(user)
        body = b"".join(client.get(reverse("evaluation:pack", args=["glen", 2026]) + "?draft=1").streaming_content)
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            text = zf.read("evidence/indicators.csv").decode("utf-8-sig")
        return next(line for line in text.splitlines() if "2024-Q3" in line).split(",")

    assert q3_row(world.lead)[4] == "4"
    suppressed = q3_row(world.education_lead)
    assert suppressed[4] == "" and "[c]" in suppressed
