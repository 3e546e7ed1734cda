"""Services and selectors: flags, passing on, "you said, we did" timeliness, learning points."""

from __future__ import annotations

import datetime as dt

import pytest

from learnloop.loop.models import LearningPoint, SourceType
from learnloop.notifications.models import Kind, Notification
from learnloop.voice import selectors, services
from learnloop.voice.filters import ViewFilter
from learnloop.voice.models import Consent, Response, SafetyFlag, View
from learnloop.voice.services import VoiceError
from learnloop.voice.tests.conftest import make_view


def test_an_unsafe_view_is_flagged_at_once_to_the_lead_officer_and_the_agency_lead(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        view = make_view(world, feels_unsafe=True, agency=world.police, consent=Consent.NONE)
    flag = SafetyFlag.objects.get(view=view)
    assert flag.notified == "lead@glen.test; police@glen.test"
    # One e-mail each, recorded so that it is sent once (and retried if the mail server is down).
    assert sorted(m.to[0] for m in mailoutbox) == ["lead@glen.test", "police@glen.test"]
    assert "Follow your local child protection procedures" in mailoutbox[0].body
    assert Notification.objects.filter(kind=Kind.SAFETY_FLAG, subject_key=f"flag:{flag.pk}", status="sent").count() == 2
    # On their home pages (and nobody else's).
    assert [f.view for f in selectors.flags_awaiting(world.membership(world.lead))] == [view]
    assert [f.view for f in selectors.flags_awaiting(world.membership(world.police_lead))] == [view]
    assert selectors.flags_awaiting(world.membership(world.education_lead)) == []
    assert selectors.flags_awaiting(world.membership(world.subgroup_member)) == []
    # Saving again raises nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        services.view_save(view=view, by=world.lead)
    assert SafetyFlag.objects.count() == 1 and len(mailoutbox) == 2


def test_passing_on_records_who_and_when(world):
    view = make_view(world, feels_unsafe=True, agency=world.police, date=dt.date(2026, 2, 1))
    flag = view.safety_flag
    with pytest.raises(VoiceError, match="in the future"):
        services.safety_flag_pass_on(
            flag=flag,
            passed_on_to="Duty team",
            passed_on_date=dt.date(2026, 2, 3),
            by=world.police_lead,
            today=dt.date(2026, 2, 2),
        )
    with pytest.raises(VoiceError, match="Say who"):
        services.safety_flag_pass_on(
            flag=flag, passed_on_to=" ", passed_on_date=dt.date(2026, 2, 1), by=world.police_lead
        )
    services.safety_flag_pass_on(
        flag=flag, passed_on_to="Police concern hub", passed_on_date=dt.date(2026, 2, 1), by=world.police_lead
    )
    flag.refresh_from_db()
    assert (flag.passed_on_to, flag.passed_on_by, flag.passed_on_date) == (
        "Police concern hub",
        world.police_lead,
        dt.date(2026, 2, 1),
    )
    assert flag.passed_on_at is not None
    assert selectors.flags_awaiting(world.membership(world.lead)) == []
    with pytest.raises(VoiceError, match="already"):
        services.safety_flag_pass_on(flag=flag, passed_on_to="Again", passed_on_date=dt.date(2026, 2, 1), by=world.lead)


def _respond(world, views, on, status=Response.Status.DONE):
    return services.response_save(
        response=Response(
            partnership=world.partnership,
            you_said="You said",
            we_did="We did",
            who="Team",
            responded_on=on,
            status=status,
        ),
        views=views,
        by=world.lead,
    )


def test_share_of_views_answered_within_the_target(world):
    """Target 28 days; today 1 March 2026.

    A 1 Jan, answered 20 Jan (19 days)      -> on time
    B 1 Jan, answered 29 Jan (28 days)      -> on time (the 28th day counts)
    C 1 Jan, answered 30 Jan (29 days)      -> late
    D 10 Jan, no response, due 7 Feb        -> overdue
    E 20 Feb, no response, due 20 Mar       -> not yet due, not counted
    F 25 Feb, answered 26 Feb               -> on time
    Counted 5 (A, B, C, D, F); on time 3; share 3/5 = 60%.
    """
    a, b, c, d, e, f = (
        make_view(world, date=day)
        for day in [dt.date(2026, 1, 1)] * 3 + [dt.date(2026, 1, 10), dt.date(2026, 2, 20), dt.date(2026, 2, 25)]
    )
    _respond(world, [a], dt.date(2026, 1, 20))
    _respond(world, [b], dt.date(2026, 1, 29), status=Response.Status.PLANNED)
    _respond(world, [c], dt.date(2026, 1, 30))
    _respond(world, [f], dt.date(2026, 2, 26))
    _respond(world, [a], dt.date(2026, 2, 28))  # a second, later response does not make A late
    m = world.membership(world.viewer)
    result = selectors.timeliness(m, today=dt.date(2026, 3, 1))
    assert (result.views, result.counted, result.on_time, result.late, result.overdue, result.not_yet_due) == (
        6,
        5,
        3,
        1,
        1,
        1,
    )
    assert result.share == pytest.approx(0.6)
    # The lead officer moves the target to 14 days.
    services.voice_settings_update(partnership=world.partnership, response_target_days=14, by=world.lead)
    result = selectors.timeliness(m, today=dt.date(2026, 3, 1))
    # A 19 days late; B 28 late; C 29 late; D overdue; E due 6 Mar, not yet; F 1 day on time -> 1/5.
    assert (result.on_time, result.late, result.overdue, result.not_yet_due) == (1, 3, 1, 1)
    assert result.share == pytest.approx(0.2)
    # A period: views given in January only -> A, B, C, D -> on time 0 of 4.
    january = selectors.timeliness(m, dt.date(2026, 1, 1), dt.date(2026, 1, 31), today=dt.date(2026, 3, 1))
    assert (january.views, january.counted, january.on_time) == (4, 4, 0)
    assert e.date == dt.date(2026, 2, 20)


def test_no_views_gives_no_share(world):
    assert selectors.timeliness(world.membership(world.lead), today=dt.date(2026, 3, 1)).share is None


def test_responses_are_checked(world):
    view = make_view(world, date=dt.date(2026, 1, 10))
    with pytest.raises(VoiceError, match="at least one view"):
        _respond(world, [], dt.date(2026, 1, 20))
    with pytest.raises(VoiceError, match="before the views"):
        _respond(world, [view], dt.date(2026, 1, 9))
    with pytest.raises(VoiceError, match="e-mail address"):
        services.response_save(
            response=Response(
                partnership=world.partnership,
                you_said="Ask jo@example.com",
                we_did="x",
                who="y",
                responded_on=dt.date(2026, 1, 20),
            ),
            views=[view],
            by=world.lead,
        )
    assert Response.objects.count() == 0


def test_a_view_with_identifying_details_is_refused(world):
    with pytest.raises(VoiceError, match="a postcode"):
        make_view(world, summary="Lives at IV2 3AB")
    assert View.objects.count() == 0


def test_what_members_see(world, voice):
    everyone = set(selectors.views_visible(world.membership(world.lead)))
    assert everyone == {voice.shared, voice.unconsented, voice.unsafe}
    assert set(selectors.views_visible(world.membership(world.education_lead))) == everyone
    # The unsafe view is hidden from all but the lead officer and Education's lead.
    for who in ("committee", "subgroup_member", "police_lead", "contributor", "viewer"):
        assert set(selectors.views_visible(world.membership(getattr(world, who)))) == {voice.shared, voice.unconsented}

    # Searching never matches text the member may not read.
    def search(who, words):
        m = world.membership(who)
        return list(ViewFilter({"q": words}, selectors.view_list(m), membership=m).qs)

    assert search(world.viewer, "bus driver") == []
    assert search(world.education_lead, "bus driver") == [voice.unconsented]
    assert selectors.views_visible(world.membership(world.outsider)).count() == 0


def test_published_holds_only_consented_words(world, voice):
    items = selectors.published(world.membership(world.viewer))
    assert len(items) == 1
    assert items[0].quotes == ["Nobody explains the words."]


def test_a_view_raises_a_learning_point_keeping_its_link(world, voice):
    lp = services.learning_point_from_view(
        view=voice.shared,
        title="Explain the words used in meetings",
        description="Young people do not understand meeting jargon.",
        kind=LearningPoint.Kind.IMPROVEMENT,
        by=world.lead,
        today=dt.date(2026, 2, 1),
    )
    assert lp.source_type == SourceType.VOICE and lp.source_record == voice.shared
    assert lp.source_date == dt.date(2026, 1, 5) and lp.date_identified == dt.date(2026, 2, 1)
    assert lp.subgroup.short_name == "PIC" and not lp.is_confidential
    assert "Youth panel" in lp.source_title
    restricted = services.learning_point_from_view(
        view=voice.unsafe, title="Weekend safety", description="Learning.", kind="improvement", by=world.lead
    )
    assert restricted.is_confidential and restricted.agency == world.education
    related = selectors.view_detail_related(world.membership(world.lead), voice.shared)
    assert related["learning_points"] == [lp]
    new = selectors.whats_new(world.membership(world.lead))
    assert new["new_views"] == 3 and lp in new["learning"]
