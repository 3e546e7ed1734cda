"""Reports: the list, a draft for a period, its narrative, issuing and correcting, and downloads
of issued versions (each download audited). Thin: selectors say who sees what, services write."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from learnloop.accounts.models import Membership
from learnloop.core.documents import download
from learnloop.core.lists import Column, ListPage
from learnloop.core.registry import REPORT_KINDS, REPORT_SECTIONS, report_sections
from learnloop.core.scoping import member_required, require
from learnloop.reports import building, selectors, services
from learnloop.reports import render as renderer
from learnloop.reports.building import ReportError
from learnloop.reports.forms import IssueForm, NarrativeForm, PeopleForm, RecommendationForm, ReportCreateForm
from learnloop.reports.models import IssuedVersion, Recommendation, Report

FORMATS = {"html", "docx", "pdf"}


def _list_context(request: HttpRequest, m: Membership, page: object) -> dict[str, object]:
    return {"can_manage": selectors.can_manage(m), "kinds": REPORT_KINDS}


REPORTS = ListPage(
    url_name="reports:list",
    keep=False,
    template="reports/list.html",
    rows=selectors.report_list,
    noun="report",
    what="reports",
    context=_list_context,
    columns=[
        Column("Title", "title"),
        Column("Kind", lambda r: REPORT_KINDS[r.kind].title if r.kind in REPORT_KINDS else r.kind),
        Column("From", "period_start"),
        Column("To", "period_end"),
        Column("Status", "get_status_display"),
    ],
)


@member_required
def report_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(selectors.can_manage(m))
    form = ReportCreateForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = services.report_create(
            partnership=m.partnership,
            kind=data["kind"],
            start=data["period_start"],
            end=data["period_end"],
            meeting=data.get("meeting_date"),
            title=data.get("title", ""),
            by=request.user,
        )
        messages.success(request, f"Draft made: {report.title}.")
        return redirect("reports:detail", m.partnership.slug, report.pk)
    return render(request, "reports/create.html", {"m": m, "form": form})


@member_required
def report_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    report = selectors.report_get(m, pk)
    drafter = selectors.is_drafter(m, report)
    versions = list(selectors.versions_visible(m, report))
    context: dict[str, object] = {
        "m": m,
        "report": report,
        "kind": REPORT_KINDS.get(report.kind),
        "versions": versions,
        "drafter": drafter,
        "can_manage": selectors.can_manage(m),
        "formats_list": [("docx", "Word"), ("pdf", "PDF"), ("html", "HTML")],
    }
    if context["can_manage"]:
        context["people_form"] = _people_form(report)
    if drafter:
        narratives = selectors.current_narratives(report)
        content = building.build_report(report)
        context["draft_html"] = renderer.to_html(content)
        context["narrative_sections"] = [
            (s, narratives.get(s.key, "")) for s in report_sections(report.kind) if s.narrative
        ]
        context["recommendations"] = list(report.recommendations.all())
    return render(request, "reports/detail.html", context)


def _people_form(report: Report, data: object = None) -> PeopleForm:
    initial = {
        "drafters": list(report.drafters.values_list("pk", flat=True)),
        "audience": list(report.audience.values_list("pk", flat=True)),
    }
    return PeopleForm(data, initial=initial, partnership=report.partnership)


@member_required
def report_people(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    """Who drafts the report and who reads it once issued: the lead officer only."""
    report = selectors.report_get(m, pk)
    require(selectors.can_manage(m))
    form = _people_form(report, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_people_set(
                report=report,
                drafters=form.cleaned_data["drafters"],
                audience=form.cleaned_data["audience"],
                by=request.user,
            )
        except ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved who drafts and who reads {report.title}.")
            return redirect("reports:detail", m.partnership.slug, report.pk)
    return render(request, "reports/people.html", {"m": m, "report": report, "people_form": form})


def _filename(report: Report, fmt: str, suffix: str = "") -> str:
    return f"{slugify(report.title)[:80]}{suffix}.{fmt}"


@member_required
def draft_download(request: HttpRequest, m: Membership, pk: int, fmt: str) -> HttpResponse:
    report = selectors.report_get(m, pk)
    require(selectors.is_drafter(m, report) and fmt in FORMATS)
    content = building.build_report(report)
    services.audit.record(
        event=services.AuditEntry.Event.EXPORT,
        obj=report,
        partnership=m.partnership,
        user=request.user,
        detail=f"Downloaded the draft of {report} as {fmt}",
    )
    if fmt == "html":
        return _html_download(content["title"], renderer.to_html(content), _filename(report, "html", "-draft"))
    data = renderer.to_docx(content) if fmt == "docx" else renderer.to_pdf(content)
    return download(data, _filename(report, fmt, "-draft"))


def _html_download(title: str, body: str, filename: str) -> HttpResponse:
    from django.template.loader import render_to_string

    page = render_to_string("reports/standalone.html", {"title": title, "body": body})
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_required
def narrative_edit(request: HttpRequest, m: Membership, pk: int, section: str) -> HttpResponse:
    report = selectors.report_get(m, pk)
    require(selectors.is_drafter(m, report))
    info = REPORT_SECTIONS.get(section)
    if info is None or not info.narrative or report.kind not in info.kinds:
        raise Http404("No such section.")
    current = selectors.current_narratives(report).get(section, "")
    form = NarrativeForm(request.POST or None, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        services.narrative_save(report=report, section=section, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, f"Saved the text of “{info.title}”. Earlier drafts are kept.")
        return redirect("reports:detail", m.partnership.slug, report.pk)
    history = list(selectors.narrative_history(report, section)[:20])
    return render(
        request, "reports/narrative.html", {"m": m, "report": report, "section": info, "form": form, "history": history}
    )


@member_required
def report_issue(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    report = selectors.report_get(m, pk)
    require(selectors.can_manage(m))
    correction = report.status == Report.Status.ISSUED
    form = IssueForm(request.POST or None, correction=correction)
    findings = services.redaction_findings(report) if REPORT_KINDS[report.kind].has_public_version else []
    if request.method == "POST" and form.is_valid():
        try:
            versions = services.report_issue(report=report, by=request.user, reason=form.cleaned_data.get("reason", ""))
        except ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Issued version {versions[0].number} of {report.title}.")
            return redirect("reports:version", m.partnership.slug, report.pk, versions[0].pk)
    return render(
        request,
        "reports/issue.html",
        {"m": m, "report": report, "form": form, "correction": correction, "findings": findings},
    )


@member_required
def recommendation_edit(request: HttpRequest, m: Membership, pk: int, rec: int | None = None) -> HttpResponse:
    report = selectors.report_get(m, pk)
    require(selectors.can_manage(m) and REPORT_KINDS[report.kind].has_recommendations)
    recommendation = None
    initial = {"decision": Recommendation.Decision.AWAITING}
    if rec is not None:
        recommendation = report.recommendations.filter(pk=rec).first()
        if recommendation is None:
            raise Http404("No such recommendation.")
        initial = {
            "text": recommendation.text,
            "decision": recommendation.decision,
            "decision_note": recommendation.decision_note,
            "decided_on": recommendation.decided_on,
        }
    form = RecommendationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.recommendation_save(
            report=report,
            text=data["text"],
            decision=data["decision"],
            note=data.get("decision_note", ""),
            decided_on=data.get("decided_on"),
            recommendation=recommendation,
            by=request.user,
        )
        messages.success(request, "Recommendation saved.")
        return redirect("reports:detail", m.partnership.slug, report.pk)
    return render(
        request, "reports/recommendation.html", {"m": m, "report": report, "form": form, "rec": recommendation}
    )


@member_required
def version_detail(request: HttpRequest, m: Membership, pk: int, version: int) -> HttpResponse:
    report = selectors.report_get(m, pk)
    issued = selectors.version_get(m, report, version)
    others = [v for v in selectors.versions_visible(m, report) if v.pk != issued.pk]
    return render(request, "reports/version.html", {"m": m, "report": report, "version": issued, "others": others})


@member_required
def version_download(request: HttpRequest, m: Membership, pk: int, version: int, fmt: str) -> HttpResponse:
    report = selectors.report_get(m, pk)
    if fmt not in FORMATS:
        raise Http404("No such format.")
    issued: IssuedVersion = selectors.version_get(m, report, version)
    services.version_download_record(version=issued, fmt=fmt, user=request.user)
    suffix = f"-v{issued.number}{'-public' if issued.is_public else ''}"
    if fmt == "html":
        return _html_download(issued.title, issued.html, _filename(report, "html", suffix))
    return download(bytes(issued.docx if fmt == "docx" else issued.pdf), _filename(report, fmt, suffix))
