"""Each file picker offers the files its field takes, and the field checks them."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from learnloop.dataset.forms import AggregateUploadForm, ExtractUploadForm
from learnloop.loop.forms import EvidenceForm
from learnloop.reach.forms import StatisticsImportForm
from learnloop.reviews.forms import ReportVersionForm
from learnloop.workforce.forms import SurveyImportForm


def accept_of(form, name: str = "file") -> str:
    html = Template("{% govuk_field field %}").render(Context({"field": form[name]}))
    return html.split('accept="', 1)[1].split('"', 1)[0]


def test_import_pickers_offer_the_files_they_import():
    assert accept_of(StatisticsImportForm()) == ".csv,.tsv,.txt,.zip"
    assert accept_of(SurveyImportForm()) == ".csv,.tsv,.txt,.xlsx"
    assert accept_of(ExtractUploadForm()) == ".csv,.txt,.xlsx"
    assert accept_of(AggregateUploadForm()) == ".csv,.txt,.xlsx"


def test_evidence_pickers_offer_evidence_and_a_draft_report_only_pdf_or_word():
    evidence = accept_of(EvidenceForm()).split(",")
    assert {".pdf", ".docx", ".xlsx", ".png", ".jpg"} <= set(evidence) and ".csv" not in evidence
    assert accept_of(ReportVersionForm()) == ".doc,.docx,.pdf"


def test_a_draft_report_that_is_an_image_is_refused_by_its_content():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    form = ReportVersionForm(data={}, files={"file": SimpleUploadedFile("report.png", png)})
    assert not form.is_valid()
    assert "must be a PDF or a Word file" in str(form.errors["file"])
