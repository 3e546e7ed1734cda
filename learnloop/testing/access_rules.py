"""Who may use each URL: the access matrix, one rule per URL name.

learnloop/core/tests/test_access_matrix.py walks Django's URL resolver and fails for any URL that
has no rule here (or is not exempt below), and for any rule whose URL no longer exists. Then, for
every rule, it asks for the page as each of these people, in the partnership "glen":

    lead, committee, subgroup (a MISE member), agency_lead (Education), contributor (Social
    Work), viewer                          -- the six roles
    anonymous                              -- nobody signed in
    stranger                               -- signed in, a member of no partnership
    other_member                           -- the lead officer of another partnership

with the ids of Glen's own records. Then the members let in ask again with the ids of the same
kind of record in the other partnership, which must answer 404 (ACCESS_MATRIX_FULL=1: everyone
asks, and anyone not signed in is sent to sign in first).

Adding a URL? Add one line to RULES:

    rule("app:name", get=EVERYONE, post=LEAD, ids=lambda r: {"pk": r.thing.pk}),

- `get` / `post`: who is let in (a 200, or a redirect that is not to the sign-in page). Everyone
  else is refused: anonymous is sent to sign in (`signed_out`: the API answers 401), everyone
  else gets `refused` (404 by default, as the app never says that something exists to someone
  who may not see it). `post=None`: the URL is not posted to. `get=None`: the URL takes only
  POST and answers any GET with 405, before asking who is there (which reveals nothing).
- `query`: a query string the page needs (an export's format, say).
- `ids`: the URL's arguments other than the partnership's slug, built from a partnership's
  records (learnloop/testing/access_world.py; add a record there if yours is new).
- An allowed POST is sent with an empty body: the test checks only that the door is open (not a
  403, 404 or 500), not that the form succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from learnloop.testing.access_world import MEMBERS, PRINCIPALS

Ids = Callable[[Any], dict[str, Any]]

NOBODY: frozenset[str] = frozenset()
LEAD = frozenset({"lead"})
EVERYONE = frozenset(MEMBERS)  # every member of the partnership, whatever their role
PUBLIC = frozenset(PRINCIPALS)  # anyone at all, signed in or not
SIGNED_IN = frozenset(PRINCIPALS) - {"anonymous"}  # anyone signed in, member or not

LEAD_MISE = frozenset({"lead", "subgroup"})  # the lead officer and MISE members
RECORDERS = frozenset({"lead", "subgroup", "agency_lead"})
UPDATERS = frozenset({"lead", "subgroup", "contributor"})  # of the Social Work action assigned to the contributor
CHILD_AGENCY = frozenset({"lead", "agency_lead"})  # the tracked child is Education's
CASE_READERS = frozenset({"lead", "subgroup", "contributor"})  # the audit's lead, its MISE lead and the case's reader
DRAFTERS = frozenset(
    {"lead", "subgroup"}
)  # a report or self-evaluation's drafts: the lead officer and the MISE member named to draft
ISSUED_REPORT_READERS = frozenset(
    {"lead", "committee", "agency_lead"}
)  # the annual report's audience is Education's lead
ISSUED_EVALUATION_READERS = frozenset({"lead", "committee", "subgroup"})  # the committee and the people drafting


@dataclass(frozen=True)
class Rule:
    name: str  # namespace:name, as given to reverse()
    get: frozenset[str] | None
    post: frozenset[str] | None
    ids: Ids | None
    refused: int
    signed_out: int | str
    query: str
    note: str


def rule(
    name: str,
    *,
    get: frozenset[str] | set[str] | None,
    post: frozenset[str] | set[str] | None = None,
    ids: Ids | None = None,
    refused: int = 404,
    signed_out: int | str = "sign-in",
    query: str = "",
    note: str = "",
) -> Rule:
    return Rule(
        name,
        None if get is None else frozenset(get),
        None if post is None else frozenset(post),
        ids,
        refused,
        signed_out,
        query,
        note,
    )


def _n(attr: str) -> Ids:
    """The URL takes one record's number within the partnership."""
    return lambda r: {"number": getattr(r, attr).number}


def _pk(attr: str) -> Ids:
    return lambda r: {"pk": getattr(r, attr).pk}


lp, action, review, audit, done_audit = _n("lp"), _n("action"), _n("review"), _n("audit"), _n("done_audit")
view = _n("view")


def se_year(r: Any) -> dict[str, Any]:
    """A self-evaluation is named by its year."""
    return {"year": r.self_evaluation.year}


def judgement(r: Any) -> dict[str, Any]:
    return se_year(r) | {"code": r.framework_item.code}


# URLs the matrix does not cover, and why. Keyed by URL name, or by a path prefix for URLs
# mounted from another library.
EXEMPT_PREFIXES: dict[str, str] = {
    "django-admin/": "Django's own admin site: staff only, guarded by Django's is_staff check, never linked from the service.",
}
EXEMPT: dict[str, str] = {
    "core:health": "The load balancer's health check: open to all and shows nothing but 'ok'.",
    "accounts:password_reset_confirm": "Needs a one-time token from an e-mail; tested in accounts/tests.",
    "accounts:logout": "POST only, for anyone: it signs out whoever asks and sends them to the sign-in page.",
}

# Members of any partnership and national readers read the national view; anyone signed in with
# no membership gets a 404. "other_member" belongs to another partnership, so may read it too.
NATIONAL_READERS = frozenset(MEMBERS) | {"other_member"}

RULES: list[Rule] = [
    # core
    rule("core:start", get=SIGNED_IN, note="The start page: signs people in or sends them to their partnership."),
    rule("core:audit_log", get=LEAD),
    rule("core:sources", get=EVERYONE),
    # accounts and e-mails
    rule("accounts:login", get=PUBLIC, post=PUBLIC),
    rule("accounts:forgotten_password", get=PUBLIC, post=PUBLIC),
    rule("accounts:forgotten_password_sent", get=PUBLIC),
    rule("accounts:two_factor", get=SIGNED_IN),
    rule("accounts:two_factor_verify", get=SIGNED_IN, post=SIGNED_IN),
    rule("accounts:two_factor_set_up", get=SIGNED_IN, post=SIGNED_IN),
    rule("notifications:preferences", get=SIGNED_IN, post=SIGNED_IN),
    # loop
    rule("loop:home", get=EVERYONE),
    rule("loop:loop_health", get=EVERYONE),
    rule("loop:learning_points", get=EVERYONE),
    rule("loop:learning_point_create", get=RECORDERS, post=RECORDERS),
    rule("loop:learning_point", get=EVERYONE, ids=lp),
    rule("loop:learning_point_edit", get=LEAD_MISE, post=LEAD_MISE, ids=lp),
    rule("loop:learning_point_decide", get={"lead", "committee"}, post={"lead", "committee"}, ids=lp),
    rule("loop:action_create", get=RECORDERS, post=RECORDERS, ids=lp),
    rule("loop:actions", get=EVERYONE),
    rule("loop:action", get=EVERYONE, ids=action),
    rule("loop:action_edit", get=LEAD_MISE, post=LEAD_MISE, ids=action),
    rule("loop:action_add_update", get=UPDATERS, post=UPDATERS, ids=action),
    rule("loop:action_status", get=UPDATERS, post=UPDATERS, ids=action),
    rule("loop:evidence_add", get=UPDATERS, post=UPDATERS, ids=action),
    rule("loop:evidence_download", get=EVERYONE, ids=lambda r: {"number": r.action.number, "pk": r.evidence.pk}),
    rule("loop:disseminations", get=EVERYONE),
    rule("loop:dissemination_create", get=RECORDERS, post=RECORDERS),
    rule("loop:dissemination", get=EVERYONE, ids=_pk("dissemination")),
    rule("loop:dissemination_edit", get=LEAD, post=LEAD, ids=_pk("dissemination")),
    rule("loop:briefing_edit", get=LEAD, post=LEAD, ids=_pk("briefing")),
    rule("loop:briefing_export", get=EVERYONE, ids=_pk("briefing")),
    rule("loop:embeddings", get=EVERYONE),
    rule("loop:embedding_create", get=RECORDERS | {"contributor"}, post=RECORDERS | {"contributor"}),
    rule("loop:embedding", get=EVERYONE, ids=_pk("embedding")),
    rule("loop:embedding_edit", get=LEAD, post=LEAD, ids=_pk("embedding")),
    rule("loop:embedding_download", get=EVERYONE, ids=_pk("embedding")),
    rule("loop:impacts", get=EVERYONE),
    rule("loop:impact_create", get=RECORDERS, post=RECORDERS),
    rule("loop:impact", get=EVERYONE, ids=_pk("impact")),
    rule("loop:impact_edit", get=LEAD, post=LEAD, ids=_pk("impact")),
    rule("loop:tracked_children", get=EVERYONE),
    rule("loop:tracked_child_create", get=RECORDERS, post=RECORDERS),
    rule("loop:tracked_child", get=EVERYONE, ids=_pk("child")),
    rule("loop:tracked_child_edit", get=CHILD_AGENCY, post=CHILD_AGENCY, ids=_pk("child")),
    rule("loop:tracked_child_add_entry", get=CHILD_AGENCY, post=CHILD_AGENCY, ids=_pk("child")),
    # partnership settings
    rule("partnership:settings", get=LEAD),
    rule("partnership:members", get=LEAD),
    rule("partnership:member_add", get=LEAD, post=LEAD),
    rule("partnership:member_edit", get=LEAD, post=LEAD, ids=_pk("membership")),
    rule("partnership:member_two_factor_reset", get=None, post=LEAD, ids=_pk("membership")),
    rule("partnership:agency_add", get=LEAD, post=LEAD),
    rule("partnership:agency_edit", get=LEAD, post=LEAD, ids=_pk("police")),
    rule("partnership:subgroup_add", get=LEAD, post=LEAD),
    rule("partnership:subgroup_edit", get=LEAD, post=LEAD, ids=_pk("mise")),
    # themes
    rule("themes:list", get=EVERYONE),
    rule("themes:add", get=LEAD, post=LEAD),
    rule("themes:edit", get=LEAD, post=LEAD, ids=_pk("theme")),
    rule("themes:retire", get=None, post=LEAD, ids=_pk("theme")),
    # reviews
    rule("reviews:list", get=EVERYONE),
    rule("reviews:create", get=LEAD, post=LEAD),
    rule("reviews:overview", get=EVERYONE),
    rule("reviews:settings", get=LEAD, post=LEAD),
    rule("reviews:detail", get=EVERYONE, ids=review),
    rule("reviews:edit", get=LEAD, post=LEAD, ids=review),
    rule("reviews:stage", get=LEAD, post=LEAD, ids=review),
    rule("reviews:go_back", get=LEAD, post=LEAD, ids=review),
    rule("reviews:agency_requests", get=LEAD, post=LEAD, ids=review),
    rule(
        "reviews:agency_return",
        get={"lead", "committee", "agency_lead"},
        post={"lead", "committee", "agency_lead"},
        ids=lambda r: {"number": r.review.number, "pk": r.agency_request.pk},
    ),
    rule("reviews:child_add", get=LEAD, post=LEAD, ids=review),
    rule("reviews:process_add", get=LEAD, post=LEAD, ids=review),
    rule("reviews:process_edit", get=LEAD, post=LEAD, ids=lambda r: {"number": r.review.number, "pk": r.process.pk}),
    rule("reviews:report_upload", get=LEAD, post=LEAD, ids=review),
    rule("reviews:report_download", get=LEAD, ids=lambda r: {"number": r.review.number, "version": r.report.version}),
    rule("reviews:finding_create", get=LEAD, post=LEAD, ids=review),
    rule(
        "reviews:finding_edit",
        get=LEAD,
        post=LEAD,
        ids=lambda r: {"number": r.review.number, "pk": r.review_finding.pk},
    ),
    rule("reviews:recommendation_create", get=LEAD, post=LEAD, ids=review),
    rule(
        "reviews:recommendation_edit",
        get=LEAD,
        post=LEAD,
        ids=lambda r: {"number": r.review.number, "pk": r.recommendation.pk},
    ),
    rule("reviews:action_plan_create", get=None, post=LEAD, ids=review),
    rule("reviews:action_plan_export", get=EVERYONE, ids=lambda r: {"number": r.review.number, "fmt": "docx"}),
    rule("reviews:publication_create", get=LEAD, post=LEAD, ids=review),
    rule("reviews:publication", get=EVERYONE, ids=lambda r: {"number": r.review.number, "pk": r.publication.pk}),
    rule(
        "reviews:publication_edit",
        get=LEAD,
        post=LEAD,
        ids=lambda r: {"number": r.review.number, "pk": r.publication.pk},
    ),
    rule(
        "reviews:publication_accept",
        get=None,
        post=LEAD,
        ids=lambda r: {"number": r.review.number, "pk": r.publication.pk},
    ),
    rule(
        "reviews:publication_transition",
        get=None,
        post=LEAD,
        ids=lambda r: {"number": r.review.number, "pk": r.publication.pk, "to": "ready"},
    ),
    rule(
        "reviews:publication_export",
        get=EVERYONE,
        ids=lambda r: {"number": r.review.number, "pk": r.publication.pk, "fmt": "docx"},
    ),
    # audits
    rule("audits:programme", get=EVERYONE),
    rule("audits:audit_create", get=LEAD_MISE, post=LEAD_MISE),
    rule("audits:tools", get=EVERYONE),
    rule("audits:tool", get=EVERYONE, ids=_pk("tool")),
    rule("audits:question_create", get=LEAD_MISE, post=LEAD_MISE, ids=_pk("tool")),
    rule("audits:question_edit", get=LEAD_MISE, post=LEAD_MISE, ids=lambda r: {"pk": r.tool.pk, "key": r.question.key}),
    rule("audits:audit", get=EVERYONE, ids=audit),
    rule("audits:audit_edit", get=LEAD_MISE, post=LEAD_MISE, ids=audit),
    rule("audits:audit_status", get=None, post=LEAD_MISE, ids=audit),
    rule("audits:reaudit_create", get=LEAD_MISE, post=LEAD_MISE, ids=done_audit),
    rule("audits:case_create", get=LEAD_MISE, post=LEAD_MISE, ids=audit),
    rule("audits:case_lists", get=LEAD_MISE, ids=audit),
    rule(
        "audits:cases_from_list",
        get=LEAD_MISE,
        post=LEAD_MISE,
        ids=lambda r: {"number": r.audit.number, "source_key": "dataset-late-cppm"},
    ),
    rule("audits:case", get=CASE_READERS, ids=lambda r: {"number": r.audit.number, "case_number": r.case.number}),
    rule(
        "audits:case_remove",
        get=LEAD_MISE,
        post=LEAD_MISE,
        ids=lambda r: {"number": r.audit.number, "case_number": r.case.number},
    ),
    rule(
        "audits:reader_assign",
        get=LEAD_MISE,
        post=LEAD_MISE,
        ids=lambda r: {"number": r.audit.number, "case_number": r.case.number},
    ),
    rule(
        "audits:case_moderate",
        get=NOBODY,
        post=NOBODY,
        note="Only while the audit is being moderated; audits/tests/test_views_access.py lets the moderators in.",
        ids=lambda r: {"number": r.audit.number, "case_number": r.case.number},
    ),
    rule(
        "audits:reading",
        get=CASE_READERS,
        post={"contributor"},
        ids=lambda r: {"number": r.audit.number, "pk": r.reading.pk},
    ),
    rule(
        "audits:reading_remove",
        get=None,
        post=LEAD_MISE,
        ids=lambda r: {"number": r.audit.number, "pk": r.reading.pk},
    ),
    rule("audits:results", get=EVERYONE, ids=done_audit),
    rule("audits:results_export", get=EVERYONE, ids=done_audit, query="?export=csv"),
    rule("audits:summary_edit", get=LEAD_MISE, post=LEAD_MISE, ids=done_audit),
    rule("audits:report", get=EVERYONE, ids=lambda r: {"number": r.done_audit.number, "fmt": "docx"}),
    rule("audits:finding_create", get=LEAD_MISE, post=LEAD_MISE, ids=done_audit),
    rule(
        "audits:comparison_attach",
        get=NOBODY,
        post=NOBODY,
        ids=done_audit,
        note="Only a completed re-audit has a comparison to attach (audits/tests/test_results.py).",
    ),
    # dataset
    rule("dataset:index", get=EVERYONE),
    rule("dataset:indicator", get=EVERYONE, ids=lambda r: {"code": "concerns"}),
    rule("dataset:trends", get=EVERYONE),
    rule(
        "dataset:trend_to_learning",
        get=NOBODY,
        post=LEAD_MISE,
        ids=lambda r: {"code": "concerns", "period": "2025-Q1"},
    ),
    rule(
        "dataset:trend_dismiss", get=LEAD_MISE, post=LEAD_MISE, ids=lambda r: {"code": "concerns", "period": "2025-Q1"}
    ),
    rule("dataset:imports", get=LEAD_MISE, post=LEAD_MISE),
    rule("dataset:import_detail", get=LEAD_MISE, ids=_pk("journey_import")),
    rule(
        "dataset:import_accept",
        get=NOBODY,
        post=NOBODY,
        ids=_pk("journey_import"),
        note="Only an import waiting for a decision can be accepted (dataset/tests/test_views.py).",
    ),
    rule(
        "dataset:breakdown_values",
        get=LEAD_MISE,
        post=NOBODY,
        note="A POST maps one unlisted value: without one it is a 404 (dataset/tests/test_vocabulary.py).",
    ),
    rule("dataset:timeliness", get=EVERYONE),
    rule("dataset:population", get=EVERYONE, post=LEAD_MISE),
    rule("dataset:aggregates", get=EVERYONE),
    rule("dataset:aggregate_enter", get=LEAD_MISE, post=LEAD_MISE),
    rule("dataset:aggregate_upload", get=LEAD_MISE, post=LEAD_MISE),
    rule("dataset:aggregate_periods", get=EVERYONE),
    rule("dataset:aggregate_lock", get=NOBODY, post=LEAD_MISE, ids=lambda r: {"period": "2025-Q1"}),
    # voice
    rule("voice:index", get=EVERYONE),
    rule("voice:view_create", get=RECORDERS, post=RECORDERS),
    rule("voice:view", get=EVERYONE, ids=view),
    rule("voice:view_edit", get=LEAD_MISE, post=LEAD_MISE, ids=view),
    rule("voice:flag_pass_on", get=NOBODY, post=NOBODY, ids=view),
    rule("voice:raise_learning", get=LEAD_MISE, post=LEAD_MISE, ids=view),
    rule("voice:events", get=EVERYONE),
    rule("voice:event_create", get=LEAD_MISE, post=LEAD_MISE),
    rule("voice:event", get=EVERYONE, ids=_pk("voice_event")),
    rule("voice:event_edit", get=LEAD_MISE, post=LEAD_MISE, ids=_pk("voice_event")),
    rule("voice:responses", get=EVERYONE),
    rule("voice:response_create", get=LEAD_MISE, post=LEAD_MISE),
    rule("voice:response", get=EVERYONE, ids=_pk("voice_response")),
    rule("voice:response_edit", get=LEAD_MISE, post=LEAD_MISE, ids=_pk("voice_response")),
    rule("voice:published", get=EVERYONE),
    rule("voice:import", get=LEAD_MISE),
    rule("voice:import_upload", get=LEAD_MISE, post=LEAD_MISE, ids=lambda r: {"source": "kobo"}),
    rule(
        "voice:import_check",
        get=NOBODY,
        post=NOBODY,
        ids=lambda r: {"source": "kobo", "token": "not-a-staged-file"},
        note="A staged file is only ever found for the member who uploaded it (voice/tests/test_import_check.py).",
    ),
    rule("voice:import_result", get=LEAD_MISE, ids=_pk("voice_import")),
    rule("voice:settings", get=LEAD, post=LEAD),
    # workforce
    rule("workforce:courses", get=EVERYONE),
    rule("workforce:course_create", get=LEAD, post=LEAD),
    rule("workforce:course", get=EVERYONE, ids=_pk("course")),
    rule("workforce:course_edit", get=LEAD, post=LEAD, ids=_pk("course")),
    rule("workforce:session_create", get=LEAD, post=LEAD, ids=_pk("course")),
    rule("workforce:sessions", get=EVERYONE),
    rule("workforce:session", get=EVERYONE, ids=_pk("session")),
    rule("workforce:session_edit", get=LEAD, post=LEAD, ids=_pk("session")),
    rule("workforce:attendance_edit", get=LEAD, post=LEAD, ids=_pk("session")),
    rule("workforce:attendee_add", get=LEAD, post=LEAD, ids=_pk("session")),
    rule(
        "workforce:attendee_remove",
        get=LEAD,
        post=LEAD,
        ids=lambda r: {"pk": r.session.pk, "attendee": r.attendee.pk},
    ),
    rule("workforce:evaluation_create", get=LEAD, post=LEAD, ids=_pk("session")),
    rule("workforce:evaluation_import", get=LEAD, post=LEAD, ids=_pk("session")),
    rule(
        "workforce:evaluation_import_check",
        get=LEAD,
        post=LEAD,
        ids=lambda r: {"pk": r.session.pk, "token": r.staged_evaluations.token},
        note="Only the member who uploaded the file (here the lead officer) finds it.",
    ),
    rule("workforce:evaluation_raise", get=LEAD, post=LEAD, ids=_pk("evaluation")),
    rule("workforce:review", get=EVERYONE),
    rule("workforce:review_docx", get=EVERYONE),
    rule("workforce:feedback_list", get=EVERYONE),
    rule("workforce:feedback_create", get=LEAD, post=LEAD),
    rule("workforce:feedback", get=EVERYONE, ids=_pk("exercise")),
    rule("workforce:feedback_edit", get=LEAD, post=LEAD, ids=_pk("exercise")),
    rule("workforce:feedback_import", get=LEAD, post=LEAD, ids=_pk("exercise")),
    rule(
        "workforce:feedback_import_check",
        get=LEAD,
        post=LEAD,
        ids=lambda r: {"pk": r.exercise.pk, "token": r.staged_feedback.token},
        note="Only the member who uploaded the file (here the lead officer) finds it.",
    ),
    rule("workforce:feedback_response_create", get=LEAD, post=LEAD, ids=_pk("exercise")),
    rule("workforce:answer_raise", get=LEAD, post=LEAD, ids=_pk("answer")),
    # reach
    rule("reach:overview", get=EVERYONE),
    rule("reach:import", get=LEAD, post=LEAD),
    rule(
        "reach:import_check",
        get=LEAD,
        post=LEAD,
        ids=lambda r: {"token": r.staged_statistics.token},
        note="Only the member who uploaded the file (here the lead officer) finds it.",
    ),
    rule("reach:imports", get=EVERYONE),
    rule("reach:top_pages", get=EVERYONE),
    rule("reach:campaign", get=EVERYONE, ids=_pk("dissemination")),
    rule("reach:campaign_pages", get=LEAD, post=LEAD, ids=_pk("dissemination")),
    rule(
        "reach:campaign_raise",
        get=NOBODY,
        post=NOBODY,
        ids=_pk("dissemination"),
        note="Only a campaign linked to the pages it promoted can raise learning (reach/tests/test_views.py).",
    ),
    # reports: a draft committee paper (the MISE member drafts it), an annual report issued with a
    # public version (Education's lead is its audience) and a draft framework review
    rule(
        "reports:list", get=EVERYONE, note="Every member may read the annual report's public version, so sees the list."
    ),
    rule("reports:create", get=LEAD, post=LEAD),
    rule(
        "reports:detail", get=DRAFTERS, ids=_pk("paper"), note="A draft: the lead officer and the people drafting it."
    ),
    rule(
        "reports:draft_download",
        get=DRAFTERS,
        ids=lambda r: {"pk": r.paper.pk, "fmt": "html"},
        note="HTML, as drawing a PDF takes seconds; the formats share one door (reports/tests/test_reports.py).",
    ),
    rule(
        "reports:narrative",
        get=DRAFTERS,
        post=DRAFTERS,
        ids=lambda r: {"pk": r.paper.pk, "section": "report-summary"},
    ),
    rule(
        "reports:issue",
        get=LEAD,
        post=LEAD,
        ids=_pk("annual"),
        note="The issued annual report: a correction needs a reason, so the empty form is turned away unissued.",
    ),
    rule("reports:people", get=LEAD, post=LEAD, ids=_pk("paper")),
    rule("reports:recommendation_add", get=LEAD, post=LEAD, ids=_pk("framework_review")),
    rule(
        "reports:recommendation_edit",
        get=LEAD,
        post=LEAD,
        ids=lambda r: {"pk": r.framework_review.pk, "rec": r.framework_recommendation.pk},
    ),
    rule(
        "reports:version",
        get=ISSUED_REPORT_READERS,
        ids=lambda r: {"pk": r.annual.pk, "version": r.annual_internal.pk},
        note="The internal version; every member reads the public one (reports/tests/test_reports.py).",
    ),
    rule(
        "reports:version_download",
        get=ISSUED_REPORT_READERS,
        ids=lambda r: {"pk": r.annual.pk, "version": r.annual_internal.pk, "fmt": "docx"},
    ),
    rule(
        "public_report",
        get=PUBLIC,
        ids=lambda r: {"pk": r.annual_public.pk},
        signed_out=404,
        note="No sign-in, while the public page is on: another partnership's public report under Glen's address is a 404.",
    ),
    # the public learning page (Glen's is switched on)
    rule("published:page", get=PUBLIC),
    rule("published:settings", get=LEAD, post=LEAD),
    # self-evaluation: Glen's 2025 self-evaluation, drafted by the MISE member and issued once
    rule("evaluation:index", get=EVERYONE, post=LEAD),
    rule("evaluation:framework", get=EVERYONE),
    rule("evaluation:framework_add", get=LEAD, post=LEAD),
    rule("evaluation:framework_edit", get=LEAD, post=LEAD, ids=_pk("framework_item")),
    rule("evaluation:framework_retire", get=None, post=LEAD, ids=_pk("framework_item")),
    rule(
        "evaluation:detail",
        get=ISSUED_EVALUATION_READERS,
        ids=se_year,
        note="The people drafting see the draft; committee members are sent to the issued version.",
    ),
    rule("evaluation:drafters", get=LEAD, post=LEAD, ids=se_year),
    rule(
        "evaluation:issue",
        get=LEAD,
        post=LEAD,
        ids=se_year,
        note="Already issued: a correction needs a reason, so the empty form is turned away.",
    ),
    rule(
        "evaluation:issued", get=ISSUED_EVALUATION_READERS, ids=lambda r: {"year": r.self_evaluation.year, "version": 1}
    ),
    rule(
        "evaluation:download",
        get=ISSUED_EVALUATION_READERS,
        ids=lambda r: {"year": r.self_evaluation.year, "fmt": "docx"},
    ),
    rule("evaluation:pack", get=ISSUED_EVALUATION_READERS, ids=se_year),
    rule("evaluation:judgement", get=DRAFTERS, post=DRAFTERS, ids=judgement),
    rule(
        "evaluation:evidence_accept",
        get=None,
        post=NOBODY,
        ids=judgement,
        note="A POST links a record it names: without one it is a 404 (evaluation/tests/test_self_evaluation.py).",
    ),
    rule(
        "evaluation:evidence_choose",
        get=DRAFTERS,
        ids=lambda r: judgement(r) | {"kind": "learning_point"},
    ),
    rule(
        "evaluation:evidence_remove",
        get=None,
        post=DRAFTERS,
        ids=lambda r: judgement(r) | {"pk": r.evaluation_evidence.pk},
    ),
    # impact: the lead officer's impact evaluation, its verdict and its evidence
    rule("impact:difference", get=EVERYONE),
    rule("impact:claim", get=EVERYONE, post=LEAD, ids=_pk("impact")),
    rule("impact:evidence_add", get=LEAD, post=LEAD, ids=_pk("impact")),
    rule(
        "impact:evidence_remove", get=None, post=LEAD, ids=lambda r: {"pk": r.impact.pk, "item": r.impact_evidence.pk}
    ),
    # retention
    rule("retention:schedule", get=LEAD, post=LEAD),
    rule("retention:period_edit", get=LEAD, post=LEAD, ids=lambda r: {"key": "tracked_children"}),
    # the API
    rule("api:schema", get=SIGNED_IN, signed_out=401),
    rule("api:indicators", get=EVERYONE, signed_out=401),
    rule("api:indicator_catalogue", get=EVERYONE, signed_out=401),
    rule("api:trends", get=EVERYONE, signed_out=401),
    rule("api:learning_points", get=EVERYONE, signed_out=401),
    rule("api:actions", get=EVERYONE, signed_out=401),
    rule("api:reviews", get=EVERYONE, signed_out=401),
    rule("api:audits", get=EVERYONE, signed_out=401),
    rule("api:audit_results", get=EVERYONE, signed_out=401, ids=done_audit),
    rule("api:themes", get=EVERYONE, signed_out=401),
    rule("api:insights", get=EVERYONE, signed_out=401),
    # the national view's API: exactly who may see the national pages (a national token, too)
    rule("api:national_indicators", get=NATIONAL_READERS, signed_out=401),
    rule("api:national_funnel", get=NATIONAL_READERS, signed_out=401, ids=lambda r: {"code": r.shared_indicator.code}),
    rule("api:national_learning", get=NATIONAL_READERS, signed_out=401),
    rule(
        "api:national_learning_item",
        get=NATIONAL_READERS,
        signed_out=401,
        ids=lambda r: {"kind": "publication", "pk": r.shared_publication.pk},
        note="Glen shares its published summary; the other partnership's is not shared, so it is a 404.",
    ),
    # personal access tokens for the API: each member their own; the lead officer everyone's
    rule("tokens:list", get=EVERYONE),
    rule("tokens:create", get=EVERYONE, post=EVERYONE),
    rule("tokens:revoke", get={"lead", "contributor"}, post={"lead", "contributor"}, ids=lambda r: {"pk": r.token.pk}),
    # API tokens for the national view: anyone who reads it makes their own; only they revoke one here
    rule("national_tokens:list", get=NATIONAL_READERS),
    rule("national_tokens:create", get=NATIONAL_READERS, post=NATIONAL_READERS),
    rule(
        "national_tokens:revoke",
        get={"contributor"},
        post={"contributor"},
        ids=lambda r: {"pk": r.national_token.pk},
        note="The contributor's own national token; the lead officer does not manage national tokens.",
    ),
    # the national view (not under a partnership) and each partnership's sharing
    rule("national:home", get=NATIONAL_READERS),
    rule("national:search", get=NATIONAL_READERS),
    rule(
        "national:item",
        get=NATIONAL_READERS,
        ids=lambda r: {
            "kind": "publication",
            "pk": r.shared_publication.pk if hasattr(r, "shared_publication") else r.publication.pk,
        },
        note="Glen shares its published summary; the other partnership's is not shared, so it is a 404.",
    ),
    rule("national:benchmarks", get=NATIONAL_READERS),
    rule("national:themes", get=NATIONAL_READERS),
    rule("national:benchmark", get=NATIONAL_READERS, ids=lambda r: {"code": r.shared_indicator.code}),
    rule("national_sharing:sharing", get=LEAD),
    rule("national_sharing:share", get=None, post=LEAD),
    rule("national_sharing:withdraw", get=None, post=LEAD, ids=_pk("national_share")),
    # insight across sources
    rule("insights:index", get=EVERYONE),
    rule("insights:matrix", get=EVERYONE),
    rule("insights:records", get=EVERYONE),
    rule("insights:export", get=EVERYONE, note="An export, logged as one."),
    rule("insights:raise", get=None, post=LEAD_MISE, ids=lambda r: {"key": r.finding_key}),
    rule("insights:dismiss", get=LEAD_MISE, post=LEAD_MISE, ids=lambda r: {"key": r.finding_key}),
    rule("insights:acting", get=LEAD_MISE, post=LEAD_MISE, ids=lambda r: {"key": r.finding_key}),
    rule("insights:settings", get=LEAD, post=LEAD),
]
