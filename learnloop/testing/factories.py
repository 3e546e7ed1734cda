"""factory_boy factories, one per model, for tests and benchmarks."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.loop import models as loop
from learnloop.partnership.models import Agency, Partnership, Subgroup
from learnloop.themes.models import Theme


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n} Child Protection Committee")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.OTHER


class SubgroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subgroup

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Subgroup {n}")
    short_name = factory.Sequence(lambda n: f"SG{n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    partnership = factory.SubFactory(PartnershipFactory)
    code = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.VIEWER


class LearningPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = loop.LearningPoint

    partnership = factory.SubFactory(PartnershipFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Learning {n}")
    description = "Chronologies were not shared before the inter-agency referral discussion."
    kind = loop.LearningPoint.Kind.IMPROVEMENT
    source_type = loop.SourceType.REVIEW
    date_identified = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = loop.Action

    learning_point = factory.SubFactory(LearningPointFactory)
    partnership = factory.SelfAttribute("learning_point.partnership")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner_agency = factory.SubFactory(AgencyFactory, partnership=factory.SelfAttribute("..partnership"))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    success_measure = "Re-audit shows chronologies shared in 9 of 10 cases."


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = loop.Evidence

    action = factory.SubFactory(ActionFactory)
    partnership = factory.SelfAttribute("action.partnership")
    description = "Minutes of the team meeting"
    url = "https://intranet.example.test/minutes"


class DisseminationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = loop.Dissemination

    partnership = factory.SubFactory(PartnershipFactory)
    kind = loop.Dissemination.Kind.BRIEFING_EVENT
    title = factory.Sequence(lambda n: f"Briefing {n}")
    date = factory.LazyFunction(timezone.localdate)


class EmbeddingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = loop.Embedding

    partnership = factory.SubFactory(PartnershipFactory)
    kind = loop.Embedding.Kind.POLICY
    agency = factory.SubFactory(AgencyFactory, partnership=factory.SelfAttribute("..partnership"))
    date = factory.LazyFunction(timezone.localdate)
    description = "The chronology protocol now requires sharing before every IRD."


class ImpactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = loop.Impact

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Re-audit {n}")
    method = loop.Impact.Method.REAUDIT
    date = factory.LazyFunction(timezone.localdate)
    before = "4 of 10 cases"
    after = "9 of 10 cases"
    conclusion = "Practice improved."


class TrackedChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = loop.TrackedChild

    partnership = factory.SubFactory(PartnershipFactory)
    agency = factory.SubFactory(AgencyFactory, partnership=factory.SelfAttribute("..partnership"))
    local_case_reference = factory.Sequence(lambda n: f"SW-2025-{n:04d}")
    label = factory.Sequence(lambda n: f"Child {n}")
    age_band = loop.AgeBand.AGE_5_10
    why_tracked = "Neglect over several years before registration."
