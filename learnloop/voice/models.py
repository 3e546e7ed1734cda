"""The voice of children and families: views, the events that gather them, safety flags and
"you said, we did" responses.

No child's name is ever stored. Identifiers from source systems arrive pseudonymised (HMAC,
see pseudonymise.py); free text goes through the redaction check (redaction.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse

from learnloop.core.models import TimeStampedModel
from learnloop.core.text import mid_sentence
from learnloop.loop.models import AgeBand


class VoiceSettings(TimeStampedModel):
    """The partnership's own rules for voice: how soon a view should have a response."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="voice_settings"
    )
    response_target_days = models.PositiveSmallIntegerField(
        "Target for a response, in days",
        default=28,
        help_text="A view should have a “you said, we did” response within this many days of being given.",
    )

    class Meta:
        verbose_name = "voice settings"
        verbose_name_plural = "voice settings"

    def __str__(self) -> str:
        return f"Voice settings for {self.partnership}"


class Channel(models.TextChoices):
    MIND_OF_MY_OWN = "mind_of_my_own", "Mind of My Own statement"
    HAVING_YOUR_SAY = "having_your_say", "“Having your say” form"
    FOCUS_GROUP = "focus_group", "Focus group"
    SURVEY = "survey", "Survey"
    COMPLAINT_COMPLIMENT = "complaint_compliment", "Complaint or compliment"
    OTHER = "other", "Other"


class VoiceEvent(TimeStampedModel):
    """A focus group, survey or consultation that gathers many views at once."""

    class Kind(models.TextChoices):
        FOCUS_GROUP = "focus_group", "Focus group"
        SURVEY = "survey", "Survey"
        CONSULTATION = "consultation", "Consultation or engagement event"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="voice_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    date = models.DateField(help_text="The day it was held, or the day a survey opened.")
    description = models.TextField("About the event", blank=True, help_text="Who took part and how. No names.")
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="voice_events"
    )

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind", "title"], name="voice_event_unique_title")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({mid_sentence(self.get_kind_display())}, {self.date:%-d %b %Y})"

    def get_absolute_url(self) -> str:
        return reverse("voice:event", args=[self.partnership.slug, self.pk])

    @property
    def channel(self) -> str:
        return Channel.FOCUS_GROUP if self.kind == self.Kind.FOCUS_GROUP else Channel.SURVEY


class GivenBy(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    FAMILY = "family", "Other family member"


class Consent(models.TextChoices):
    NOT_RECORDED = "not_recorded", "Not asked or not recorded"
    NONE = "none", "Did not agree to share"
    PARTNERSHIP = "partnership", "Agreed to share within the partnership"
    PUBLISH_SUMMARY = "publish_summary", "Agreed to publish a summary, without identifying details"
    PUBLISH_WORDS = "publish_words", "Agreed to publish their own words, without identifying details"


# Consent that lets every member of the partnership read what was said.
SHARED_CONSENT = {Consent.PARTNERSHIP, Consent.PUBLISH_SUMMARY, Consent.PUBLISH_WORDS}
PUBLISHABLE_CONSENT = {Consent.PUBLISH_SUMMARY, Consent.PUBLISH_WORDS}


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    MIXED = "mixed", "Mixed"


class Source(models.TextChoices):
    RECORDED = "recorded", "Recorded in LearnLoop"
    MIND_OF_MY_OWN = "mind_of_my_own", "Mind of My Own export"
    KOBO = "kobo", "KoboToolbox export"
    LIMESURVEY = "limesurvey", "LimeSurvey export"


class View(TimeStampedModel):
    """What one child, young person or family member said, with their consent to share it."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="voice_views")
    number = models.PositiveIntegerField(editable=False)
    event = models.ForeignKey(VoiceEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="views")
    channel = models.CharField(max_length=30, choices=Channel.choices)
    given_by = models.CharField("Who gave it", max_length=20, choices=GivenBy.choices)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    date = models.DateField("Date given")
    summary = models.TextField("What they said", help_text="A summary in plain words. No names or other details.")
    quote = models.TextField(
        "Their own words", blank=True, help_text="Only where they agreed their words may be shared. No names."
    )
    consent = models.CharField("Consent to share", max_length=20, choices=Consent.choices)
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="voice_views")
    sentiment = models.CharField("Positive, negative or mixed", max_length=10, choices=Sentiment.choices, blank=True)
    feels_unsafe = models.BooleanField(
        "Says a child feels unsafe",
        default=False,
        help_text="The lead officer and the agency lead are told at once.",
    )
    agency = models.ForeignKey(
        "partnership.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voice_views",
        verbose_name="agency",
        help_text="The agency the view was given to or is about. Its agency lead sees restricted views.",
    )
    subgroup = models.ForeignKey(
        "partnership.Subgroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voice_views",
        verbose_name="subgroup responsible",
    )
    # Where it came from: a pseudonymous key makes imports idempotent; a pseudonymous child
    # reference lets views from the same child be counted together without knowing who.
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.RECORDED)
    source_key = models.CharField(max_length=64, blank=True, editable=False)
    child_reference = models.CharField(max_length=64, blank=True, editable=False)
    source_detail = models.CharField(max_length=200, blank=True, help_text="For example, the app and scenario.")
    team = models.CharField(max_length=200, blank=True)
    import_batch = models.ForeignKey(
        "voice.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="views"
    )

    loop_source_template = "voice/_loop_source.html"

    class Meta:
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="voice_view_unique_number"),
            models.UniqueConstraint(
                fields=["partnership", "source", "source_key"],
                condition=~models.Q(source_key=""),
                name="voice_view_unique_source_key",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "date"], name="voice_view_partnership_date")]

    def __str__(self) -> str:
        # Never the text: this appears wherever the view is linked, for any member.
        return f"{self.reference}: {self.get_channel_display()}, {self.date:%-d %b %Y}"

    @property
    def reference(self) -> str:
        return f"V-{self.number:04d}"

    def get_absolute_url(self) -> str:
        return reverse("voice:view", args=[self.partnership.slug, self.number])

    @property
    def is_restricted(self) -> bool:
        """Seen only by the lead officer and the agency lead: unsafe, or said without consent."""
        return self.feels_unsafe or self.consent not in SHARED_CONSENT

    @property
    def publishable_summary(self) -> bool:
        return not self.feels_unsafe and self.consent in PUBLISHABLE_CONSENT

    @property
    def publishable_quote(self) -> bool:
        return not self.feels_unsafe and self.consent == Consent.PUBLISH_WORDS and bool(self.quote)


class SafetyFlag(TimeStampedModel):
    """A view that says a child feels unsafe, raised to the lead officer and the agency lead.

    LearnLoop is not where the child protection response happens: it records that the view
    was passed on under local child protection procedures, by whom and when.
    """

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    view = models.OneToOneField(View, on_delete=models.CASCADE, related_name="safety_flag")
    raised_at = models.DateTimeField()
    notified = models.TextField(blank=True, help_text="The e-mail addresses told when it was raised.")
    passed_on_at = models.DateTimeField(null=True, blank=True)
    passed_on_date = models.DateField("Date passed on", null=True, blank=True)
    passed_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    passed_on_to = models.CharField("Who it was passed to", max_length=300, blank=True)
    note = models.TextField(blank=True)
    # A corrected import that no longer says the child feels unsafe, when someone had already acted
    # on the flag: kept, never removed silently, and marked for review.
    no_longer_raised_at = models.DateTimeField("No longer raised by the data", null=True, blank=True)
    no_longer_raised_by = models.ForeignKey(
        "voice.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"Safety flag on {self.view.reference}"

    @property
    def is_passed_on(self) -> bool:
        return self.passed_on_at is not None


class Response(TimeStampedModel):
    """“You said, we did”: what the partnership changed in answer to one or many views."""

    class Status(models.TextChoices):
        PLANNED = "planned", "We will"
        IN_PROGRESS = "in_progress", "We are doing it"
        DONE = "done", "We did"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="voice_responses")
    you_said = models.TextField(
        "You said", help_text="What children and families told us, in words they would use. No names or details."
    )
    we_did = models.TextField("We did", help_text="What changed, or will change, because of it.")
    who = models.CharField("Who is doing it", max_length=200, help_text="A team, service or agency. Not a person.")
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="voice_responses"
    )
    responded_on = models.DateField("Date of the response", help_text="When the partnership gave this response.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    views = models.ManyToManyField(View, related_name="responses")

    class Meta:
        ordering = ["-responded_on", "-id"]

    def __str__(self) -> str:
        first_line = self.you_said.strip().splitlines()[0] if self.you_said.strip() else ""
        return f"You said: {first_line[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("voice:response", args=[self.partnership.slug, self.pk])


class ColumnMapping(TimeStampedModel):
    """Which column of a source's export holds which part of a view, saved once per source."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices)
    columns = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "source"], name="voice_mapping_one_per_source")]

    def __str__(self) -> str:
        return f"Column mapping for {self.get_source_display()}"


class ImportBatch(TimeStampedModel):
    """One import of an export file: what was read, what was added and what was already there."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices)
    filename = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    survey_id = models.CharField(max_length=60, blank=True)
    event = models.ForeignKey(VoiceEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rows_read = models.PositiveIntegerField(default=0)
    views_added = models.PositiveIntegerField(default=0)
    already_imported = models.PositiveIntegerField(default=0)
    incomplete_skipped = models.PositiveIntegerField(default=0)
    unsafe_flags = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True, help_text="Things the importer wants the person to know.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("voice:import_result", args=[self.partnership.slug, self.pk])


def response_due(view_date: dt.date, target_days: int) -> dt.date:
    return view_date + dt.timedelta(days=target_days)
