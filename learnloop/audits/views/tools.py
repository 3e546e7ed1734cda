"""Audit tools: the list, one tool's sections and questions, and editing a question."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.audits import selectors, services
from learnloop.audits.forms import QuestionForm
from learnloop.audits.permissions import can_manage_audits
from learnloop.core.scoping import member_required, require


@member_required
def tool_list(request: HttpRequest, m: Membership) -> HttpResponse:
    if can_manage_audits(m):
        services.tools_seed(partnership=m.partnership, by=request.user)
    return render(
        request,
        "audits/tool_list.html",
        {"m": m, "tools": selectors.tool_list(m), "can_manage": can_manage_audits(m)},
    )


@member_required
def tool_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    tool = selectors.tool_get(m, pk)
    sections, questions = selectors.tool_questions(tool)
    grouped = [(s, [q for q in questions if q.section_id == s.pk]) for s in sections]
    return render(
        request,
        "audits/tool_detail.html",
        {
            "m": m,
            "tool": tool,
            "sections": grouped,
            "in_use": services.tool_in_use(tool),
            "can_edit": can_manage_audits(m) and tool.is_current,
            "audits": list(tool.audits.order_by("-number")),
        },
    )


@member_required
def question_edit(request: HttpRequest, m: Membership, pk: int, key: str | None = None) -> HttpResponse:
    tool = selectors.tool_get(m, pk)
    require(can_manage_audits(m) and tool.is_current)
    question = None
    if key is not None:
        question = tool.questions.select_related("section").filter(key=key).first()
        if question is None:
            raise Http404
    initial = {}
    if question is not None:
        initial = {
            "section": question.section.number,
            "text": question.text,
            "guidance": question.guidance,
            "answer_type": question.answer_type,
            "themes": list(question.themes.all()),
        }
    form = QuestionForm(request.POST or None, membership=m, tool=tool, question=question, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        in_use = services.tool_in_use(tool)
        try:
            saved = services.question_save(
                tool=tool,
                key=key,
                section_number=data["section"],
                text=data["text"],
                guidance=data["guidance"],
                answer_type=data["answer_type"],
                themes=data["themes"],
                by=request.user,
            )
        except services.AuditError as error:
            form.add_error(None, str(error))
        else:
            if in_use:
                messages.success(
                    request,
                    f"Saved as version {saved.tool.version}. Audits that used version {tool.version} keep it, "
                    "with their results.",
                )
            else:
                messages.success(request, f"Question {saved.reference} saved.")
            return redirect(saved.tool)
    return render(request, "audits/question_form.html", {"m": m, "form": form, "tool": tool, "question": question})
