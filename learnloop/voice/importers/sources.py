"""The three export formats: which columns each needs, and their fixed keys.

- Mind of My Own: no published schema, so every column is mapped once and saved.
- KoboToolbox: questions are mapped (by label or XML name; a group path such as
  `group_views/what_said` also matches `what_said`); `_uuid` is the key and
  `_submission_time` the default date.
- LimeSurvey: question codes are mapped (`Q1`, `Q2_SQ001`, `Q2[SQ001]`); the key is the
  survey id with the response `id`; an empty `submitdate` is an incomplete response.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from learnloop.ingest import surveys
from learnloop.voice.models import Source


@dataclass(frozen=True)
class MappedField:
    name: str
    label: str
    hint: str = ""
    required: bool = False


COMMON = [
    MappedField("text", "What they said", "The column with the child's or family member's words.", required=True),
    MappedField("given_by", "Who gave it", "Child or young person, parent, carer or other family member."),
    MappedField("age", "Age or age band"),
    MappedField("consent", "Consent to share", "No, yes, publish summary or publish words."),
    MappedField("unsafe", "Feels unsafe", "Yes or no, or a safety flag such as “Safety Link”."),
    MappedField(
        "unsafe_answers",
        "Answers that mean unsafe",
        "The answers in that column that mean the child feels unsafe, separated by commas. Needed when the "
        "question asks whether a child feels safe: for “Do you feel safe?” write “No, Not sure”.",
    ),
    MappedField("sentiment", "Positive, negative or mixed", "Also happy, ok or sad."),
    MappedField(
        "answers",
        "Answers in the survey's own words",
        "What an answer means in LearnLoop's words, separated by “;”: for example “16+ = 16-17; Share within "
        "partnership = yes; other_family = parent”. Kept with the mapping for the next import.",
    ),
    MappedField("themes", "Themes", "Names or codes of the partnership's practice themes, separated by ; or ,."),
    MappedField("child_reference", "Child reference", "Pseudonymised on import: the raw reference is never stored."),
    MappedField(
        "names",
        "Columns that hold a name",
        "Separate several with commas. Never stored: used only to remove the name wherever it appears in the text.",
    ),
]


@dataclass(frozen=True)
class ExportFormat:
    source: str
    title: str
    description: str
    fields: list[MappedField]
    defaults: dict[str, str]
    key_column: str = ""  # fixed by the format; empty when mapped
    needs_survey: bool = False
    needs_survey_id: bool = False
    fixed_columns: list[str] = field(default_factory=list)


FORMATS: dict[str, ExportFormat] = {
    Source.MIND_OF_MY_OWN: ExportFormat(
        source=Source.MIND_OF_MY_OWN,
        title="Mind of My Own",
        description="A CSV of statements from the Mind of My Own Service portal (apps One and Express).",
        fields=[
            MappedField(
                "key",
                "Statement ID",
                "Makes the import safe to repeat. If the export has none, leave it blank: each row's content is used.",
            ),
            MappedField("date", "Date", "The date the statement was sent.", required=True),
            MappedField("app", "App", "One or Express."),
            MappedField("statement_type", "Statement type or scenario"),
            MappedField("team", "Team"),
            *COMMON,
        ],
        defaults={
            "key": "Statement ID",
            "date": "Date sent",
            "app": "App",
            "statement_type": "Statement type",
            "team": "Team",
            "text": "Statement",
            "given_by": "",
            "age": "Age",
            "consent": "",
            "unsafe": "Safety flag",
            "sentiment": "Wellbeing",
            "themes": "Themes",
            "child_reference": "Young person ID",
            "names": "",
        },
    ),
    Source.KOBO: ExportFormat(
        source=Source.KOBO,
        title="KoboToolbox",
        description="A CSV (“;” or “,” separated) or Excel (.xlsx) export of a KoboToolbox form.",
        fields=[MappedField("date", "Date", "Leave as _submission_time unless the form asks the date."), *COMMON],
        defaults={"date": surveys.KOBO_DATE, "names": ""},
        key_column=surveys.KOBO_KEY,
        needs_survey=True,
        fixed_columns=[surveys.KOBO_KEY, surveys.KOBO_DATE],
    ),
    Source.LIMESURVEY: ExportFormat(
        source=Source.LIMESURVEY,
        title="LimeSurvey",
        description="A CSV export of responses with question codes as headings. Incomplete responses are left out.",
        fields=[MappedField("date", "Date", "Leave as submitdate unless the survey asks the date."), *COMMON],
        defaults={"date": surveys.LIMESURVEY_DATE, "names": ""},
        key_column=surveys.LIMESURVEY_KEY,
        needs_survey=True,
        needs_survey_id=True,
        fixed_columns=[surveys.LIMESURVEY_KEY, surveys.LIMESURVEY_DATE],
    ),
}
