"""The demo once claimed "88% in the latest quarter" while the dataset showed 42.3% and 47.8%,
both a special cause for concern. Now its claims are checked: one agrees, one is flagged."""

from __future__ import annotations

import io

from django.core.management import call_command

from learnloop.accounts.models import Membership
from learnloop.dataset.models import Indicator
from learnloop.dataset.selectors import figures_for
from learnloop.impact.checks import AGREES, CONTRADICTED
from learnloop.impact.selectors import impact_claims
from learnloop.loop.models import Impact


def test_the_demo_shows_a_claim_that_agrees_and_one_that_is_flagged(db):
    call_command("seed_demo", stdout=io.StringIO())
    lead = Membership.objects.get(partnership__slug="demo", role="lead_officer", user__email="lead@demo.learnloop.test")
    cppm = Indicator.objects.get(code="cppm_initial_within_28d_pct")
    figures = {
        f.period.label: f for f in figures_for(lead.partnership_id, indicators=[cppm], suppressed=False)[0].figures
    }
    assert (figures["2025-Q3"].value, figures["2025-Q4"].value) == (42.3, 47.8)
    assert figures["2025-Q3"].point.label == figures["2025-Q4"].point.label == "special_cause_concern"
    assert not Impact.objects.filter(after__contains="88%").exists()

    committee = Membership.objects.filter(partnership__slug="demo", role="committee_member").first()
    for reader in (lead, committee):
        claims = {c.impact.title: c for c in impact_claims(lead.partnership, reader)}
        timeliness = claims["Initial CPPMs held within 28 days"]
        assert timeliness.result.status == AGREES
        reading = timeliness.evidence[0].reading
        assert (reading.before_text, reading.after_text, reading.finding) == ("75.9%", "47.8%", "worse")
        flagged = claims["Re-registrations within 18 months"].result
        assert flagged.status == CONTRADICTED
        assert flagged.message == "The evaluation says improved; the linked figures show no change."
