"""Demo data: a fictional partnership with a whole learning loop, for trying LearnLoop out.

Everything is written through the services, as a user would write it. All dates are relative to
today, so the demo always has overdue, amber and green actions. Places, people and children are
fictional; children are only ever "Child A", "a 4-year-old" and so on.

Running it again changes nothing: if the demo partnership exists it is left alone, and only the
demo sign-ins are checked (created if missing, password reset to the demo password if changed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.accounts.services import membership_create, user_get_or_create
from learnloop.core import registry
from learnloop.core.audit import acting_as
from learnloop.loop import services
from learnloop.loop.models import (
    Action,
    Dissemination,
    Embedding,
    Impact,
    LearningPoint,
    SevenMinuteBriefing,
    TrackedChild,
)
from learnloop.partnership.models import Agency, Partnership, Subgroup
from learnloop.partnership.services import partnership_create
from learnloop.themes.models import Theme

DEMO_SLUG = "demo"
DEMO_NAME = "Glenmoray Child Protection Committee"
OTHER_SLUG = "other"
OTHER_NAME = "Ardnish Child Protection Committee"
DEMO_PASSWORD = "learnloop-demo"

INTRANET = "https://intranet.glenmoray.example"
WEBSITE = "https://www.glenmoray-cpc.example"

# Short keys for the default agencies that partnership_create adds.
AGENCIES = {
    "SW": "Social Work",
    "ED": "Education",
    "POL": "Police Scotland",
    "NHS": "NHS Health",
    "SCRA": "Children's Reporter (SCRA)",
    "TS": "Third Sector",
}
ALL_AGENCIES = tuple(AGENCIES)


# People ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    key: str
    label: str
    email: str
    full_name: str
    job_title: str
    role: str
    agency: str | None = None
    subgroups: tuple[str, ...] = ()


DEMO_PEOPLE: tuple[Person, ...] = (
    Person(
        "lead",
        "Lead officer",
        "lead@demo.learnloop.test",
        "Morag Kinnear",
        "Lead Officer, Child Protection Committee",
        Role.LEAD_OFFICER,
        "SW",
    ),
    Person(
        "committee",
        "Committee member",
        "committee@demo.learnloop.test",
        "Alasdair Rennie",
        "Nurse Consultant, Child Protection",
        Role.COMMITTEE_MEMBER,
        "NHS",
    ),
    Person(
        "subgroup",
        "Subgroup member (MISE, JLD)",
        "subgroup@demo.learnloop.test",
        "Fiona Baird",
        "Learning and Development Officer",
        Role.SUBGROUP_MEMBER,
        "SW",
        ("MISE", "JLD"),
    ),
    Person(
        "edu_lead",
        "Agency lead (Education)",
        "agency-lead@demo.learnloop.test",
        "Catriona Lennox",
        "Quality Improvement Officer, Education",
        Role.AGENCY_LEAD,
        "ED",
    ),
    Person(
        "police_lead",
        "Agency lead (Police Scotland)",
        "police-lead@demo.learnloop.test",
        "Euan Strachan",
        "Detective Inspector, Public Protection Unit",
        Role.AGENCY_LEAD,
        "POL",
    ),
    Person(
        "contributor",
        "Contributor (Social Work)",
        "contributor@demo.learnloop.test",
        "Iona McPhail",
        "Team Manager, Children and Families",
        Role.CONTRIBUTOR,
        "SW",
    ),
    Person(
        "health",
        "Contributor (NHS Health)",
        "health@demo.learnloop.test",
        "Kirsty Dunbar",
        "Health Visiting Team Lead",
        Role.CONTRIBUTOR,
        "NHS",
    ),
    Person(
        "viewer",
        "Viewer",
        "viewer@demo.learnloop.test",
        "Graham Tulloch",
        "Locality Reporter Manager",
        Role.VIEWER,
        "SCRA",
    ),
)

OTHER_PEOPLE: tuple[Person, ...] = (
    Person(
        "lead",
        "Lead officer (Ardnish)",
        "lead@other.learnloop.test",
        "Shona Ritchie",
        "Lead Officer, Child Protection Committee",
        Role.LEAD_OFFICER,
        "SW",
    ),
)


# Learning points -------------------------------------------------------------------------------

APPROVED = "approved"
AWAITING = "awaiting"
NOT_APPROVED = "not_approved"
GOOD = LearningPoint.Kind.GOOD_PRACTICE
IMPROVE = LearningPoint.Kind.IMPROVEMENT


@dataclass(frozen=True)
class LP:
    key: str
    days_ago: int
    source_type: str
    kind: str
    title: str
    description: str
    source_title: str
    themes: tuple[str, ...]
    agencies: tuple[str, ...]
    subgroup: str | None
    approval: str = APPROVED
    reason: str = ""
    confidential_agency: str | None = None
    source_url: str = ""
    by: str = "lead"


LEARNING_POINTS: tuple[LP, ...] = (
    LP(
        "chron_ird",
        690,
        "review",
        IMPROVE,
        "Chronologies not shared before the IRD",
        "Chronologies were not shared between health visiting and social work before the IRD. The IRD for a "
        "7-month-old went ahead on police and social work information only; the health visiting chronology, which "
        "showed missed appointments and an earlier unexplained bruise, was not seen until the CPPM.",
        "Learning Review LR-01: a 7-month-old with a head injury",
        ("chronologies", "information_sharing", "babies_pre_birth"),
        ("SW", "NHS", "POL"),
        "LRS",
        source_url=f"{INTRANET}/cpc/learning-reviews/lr-01",
    ),
    LP(
        "father_invisible",
        680,
        "review",
        IMPROVE,
        "Mother's new partner not assessed",
        "The mother's new partner had lived in the household for five months but was not recorded in any agency's "
        "assessment, and no checks were made on him at the IRD. Staff spoke only to the mother.",
        "Learning Review LR-01: a 7-month-old with a head injury",
        ("risk_assessment", "professional_curiosity", "domestic_abuse"),
        ("SW", "POL", "NHS"),
        "LRS",
    ),
    LP(
        "hv_persistence",
        670,
        "review",
        GOOD,
        "Health visitor's persistence kept a baby seen",
        "When the family stopped answering the door, the health visitor arranged joint visits with the family nurse "
        "and told her team lead within a week. The baby stayed seen through months when other services had lost "
        "contact.",
        "Learning Review LR-01: a 7-month-old with a head injury",
        ("professional_curiosity", "escalation", "babies_pre_birth", "good_practice"),
        ("NHS",),
        "LRS",
    ),
    LP(
        "audit_voice",
        640,
        "audit",
        IMPROVE,
        "Children's views missing from CPPM reports",
        "A multi-agency audit of 15 case files found that in 9 the child's own views were not recorded in the report "
        "to the initial CPPM. Where a child was too young to speak, there was rarely any description of their day.",
        "Multi-agency case file audit: the voice of the child (15 cases)",
        ("voice_of_child", "planning_and_review"),
        ("SW", "ED", "NHS"),
        "MISE",
        by="subgroup",
    ),
    LP(
        "audit_plans",
        630,
        "audit",
        IMPROVE,
        "Child protection plans list services, not changes for the child",
        "Plans in the same audit listed the services to be provided rather than what needed to change for the "
        "child, so core groups could not tell whether things were getting better.",
        "Multi-agency case file audit: the voice of the child (15 cases)",
        ("planning_and_review", "multi_agency_working"),
        ("SW", "ED", "NHS"),
        "MISE",
        by="subgroup",
    ),
    LP(
        "dataset_rereg",
        600,
        "dataset",
        IMPROVE,
        "Re-registrations within 18 months rising",
        "The minimum dataset showed that 14% of the year's registrations were of children de-registered in the "
        "previous 18 months, well above our usual level. Most were registered for neglect.",
        "Minimum dataset, quarterly report to MISE",
        ("neglect", "planning_and_review"),
        ("SW", "NHS", "ED"),
        "MISE",
        by="subgroup",
    ),
    LP(
        "voice_momo",
        590,
        "voice",
        GOOD,
        "Young people value sending their views before a CPPM",
        "Young people aged 12 to 16 told the 'Having your say' focus group that sending a Mind of My Own statement "
        "before their CPPM meant they did not have to repeat themselves in front of a room of adults.",
        "'Having your say' focus group, secondary schools",
        ("voice_of_child", "good_practice"),
        ("SW", "TS"),
        "PIC",
    ),
    LP(
        "workforce_da",
        575,
        "workforce",
        IMPROVE,
        "Staff unsure how to use the domestic abuse risk checklist",
        "The annual training review found that many education and health staff were not confident using the "
        "domestic abuse risk indicator checklist, or knowing when a case should go to MARAC.",
        "Annual training review",
        ("domestic_abuse", "risk_assessment"),
        ("ED", "NHS"),
        "JLD",
        by="subgroup",
    ),
    LP(
        "external_neglect",
        560,
        "external",
        IMPROVE,
        "Cumulative neglect missed when each incident is judged alone",
        "National learning from reviews shows neglect is missed when each concern is judged on its own. Our own "
        "cases show the same: five low-level concerns about a 4-year-old over a year were each closed separately.",
        "Care Inspectorate national overview of learning reviews",
        ("neglect", "chronologies", "risk_assessment"),
        ("SW", "ED", "NHS"),
        "LRS",
    ),
    LP(
        "inspection_escalation",
        545,
        "inspection",
        IMPROVE,
        "The escalation procedure is rarely used",
        "The joint inspection found staff rarely used the procedure for resolving professional differences. "
        "Disagreements about whether a CPPM was needed were left unresolved for weeks.",
        "Joint inspection of services for children at risk of harm",
        ("escalation", "multi_agency_working"),
        ("SW", "POL", "NHS", "ED"),
        "LRS",
    ),
    LP(
        "website_worried",
        530,
        "website",
        IMPROVE,
        "People cannot quickly find how to report a concern",
        "The 'Worried about a child?' page is the most visited on the website, but half of visitors leave within "
        "ten seconds. The phone numbers were at the bottom of a long page.",
        "Public protection website figures",
        ("information_sharing",),
        ("SW",),
        "PIC",
        source_url=f"{WEBSITE}/worried-about-a-child",
    ),
    LP(
        "school_absence",
        515,
        "dataset",
        IMPROVE,
        "Registered children missing school without the lead professional knowing",
        "Matching the register against school attendance showed 11 registered children with attendance below 80% "
        "last term. In most cases the school had not told the lead professional.",
        "Minimum dataset with education attendance data",
        ("not_in_school", "information_sharing"),
        ("ED", "SW"),
        "MISE",
        by="subgroup",
    ),
    LP(
        "ird_good",
        500,
        "review",
        GOOD,
        "An IRD within three hours of a disclosure at school",
        "A guidance teacher, police and social work held an IRD within three hours of a 13-year-old's disclosure, "
        "agreed a joint interview for the next morning and kept the young person told of each step.",
        "Learning Review LR-03 (effective practice)",
        ("multi_agency_working", "voice_of_child", "good_practice"),
        ("ED", "POL", "SW"),
        "LRS",
    ),
    LP(
        "police_da_delay",
        490,
        "review",
        IMPROVE,
        "Delay in sharing a domestic abuse incident with social work",
        "A single-agency review found that a domestic abuse incident in the household of a 3-year-old was not shared "
        "with social work for 9 days, because the concern report was queued for quality assurance.",
        "Police Scotland single-agency review",
        ("domestic_abuse", "information_sharing"),
        ("POL",),
        "LRS",
        confidential_agency="POL",
        by="police_lead",
    ),
    LP(
        "pre_birth_late",
        470,
        "review",
        IMPROVE,
        "Pre-birth referrals too late for a CPPM before 28 weeks",
        "Two referrals for unborn babies of mothers using drugs came from maternity after 30 weeks' gestation, so "
        "the pre-birth CPPM could not be held before 28 weeks as the national guidance expects.",
        "Learning Review LR-02 (pre-birth)",
        ("babies_pre_birth", "parental_substance_use"),
        ("NHS", "SW"),
        "LRS",
    ),
    LP(
        "audit_supervision",
        455,
        "audit",
        GOOD,
        "Reflective supervision records show clear analysis",
        "The social work supervision audit found that in teams using the new reflective supervision template, 8 of "
        "10 records showed analysis of risk and a clear plan, against 3 of 10 elsewhere.",
        "Social work supervision audit",
        ("leadership_supervision", "good_practice"),
        ("SW",),
        "MISE",
        by="subgroup",
    ),
    LP(
        "voice_young_carers",
        440,
        "voice",
        IMPROVE,
        "Young carers said nobody asked about home",
        "Young carers told us that school staff noticed they were tired and late, but nobody asked what was "
        "happening at home, where they were looking after a parent with poor mental health.",
        "Young carers' group consultation",
        ("voice_of_child", "professional_curiosity", "parental_mental_health"),
        ("ED", "TS"),
        "PIC",
    ),
    LP(
        "disability_comm",
        425,
        "external",
        IMPROVE,
        "Disabled children not given communication support at interview",
        "Research and our own sample of IRDs show that disabled children who communicate without speech are rarely "
        "interviewed. The IRD often records 'no disclosure' without arranging communication support.",
        "National research on disabled children and child protection",
        ("disability", "voice_of_child"),
        ("POL", "SW", "ED"),
        "JLD",
        by="subgroup",
    ),
    LP(
        "workforce_curiosity",
        410,
        "workforce",
        IMPROVE,
        "Parents' explanations accepted without checking",
        "Feedback from multi-agency training showed staff often accept a parent's explanation of an injury or "
        "absence without checking it with another agency or with the child.",
        "Multi-agency training feedback",
        ("professional_curiosity", "disguised_compliance"),
        ALL_AGENCIES,
        "JLD",
        by="subgroup",
    ),
    LP(
        "edu_logs",
        395,
        "audit",
        IMPROVE,
        "Wellbeing concerns not passed to the school's Child Protection Coordinator",
        "Education's own audit found that in two primary schools, wellbeing concerns were logged but not passed to "
        "the Child Protection Coordinator. A concern about a 6-year-old was not acted on for three weeks.",
        "Education single-agency audit of child protection records",
        ("information_sharing", "neglect"),
        ("ED",),
        "MISE",
        confidential_agency="ED",
        by="edu_lead",
    ),
    LP(
        "adult_mh",
        380,
        "review",
        IMPROVE,
        "Adult mental health services left out of the CPPM",
        "The mother's community psychiatric nurse knew she planned to stop her medication, but was not invited to "
        "the CPPM and was not part of the core group.",
        "Learning Review LR-02 (pre-birth)",
        ("parental_mental_health", "information_sharing", "multi_agency_working"),
        ("NHS", "SW"),
        "LRS",
    ),
    LP(
        "core_groups_good",
        365,
        "inspection",
        GOOD,
        "Core groups well attended and focused on the child",
        "Inspectors found core groups were well attended by health, education and social work, and that the child's "
        "plan was discussed at every meeting.",
        "Joint inspection of services for children at risk of harm",
        ("multi_agency_working", "planning_and_review", "good_practice"),
        ("SW", "ED", "NHS"),
        "MISE",
    ),
    LP(
        "cppm_28_days",
        350,
        "dataset",
        IMPROVE,
        "Fewer initial CPPMs held within 28 days",
        "The share of initial CPPMs held within 28 days of the IRD fell to 71% last quarter, from 85% a year "
        "earlier. Most delays were waiting for a chair.",
        "Minimum dataset, quarterly report to MISE",
        ("planning_and_review",),
        ("SW",),
        "MISE",
        by="subgroup",
    ),
    LP(
        "online_harm",
        335,
        "external",
        IMPROVE,
        "Online risks missing from assessments of teenagers",
        "National learning on exploitation shows that online contact with adults is often the first sign. Our "
        "assessments of young people aged 13 to 16 rarely asked about their online life.",
        "National learning on child sexual and criminal exploitation",
        ("risks_outside_family", "risk_assessment"),
        ("POL", "ED", "SW"),
        "JLD",
        by="subgroup",
    ),
    LP(
        "safe_sleep_good",
        320,
        "website",
        GOOD,
        "Safe sleep pages reached new parents",
        "After the safe sleep campaign, visits to the safe sleep page rose from about 40 a month to over 600, most "
        "from mobile phones in the evening.",
        "Public protection website figures",
        ("babies_pre_birth", "good_practice"),
        ("NHS",),
        "PIC",
        source_url=f"{WEBSITE}/safe-sleep",
    ),
    LP(
        "transfer_in",
        305,
        "other",
        IMPROVE,
        "Chronology lost when a registered child moved into the area",
        "A family with a child on another area's register moved to Glenmoray. The transfer CPPM was six weeks late "
        "because the receiving team never got the chronology.",
        "Notification from a neighbouring committee",
        ("transitions", "chronologies", "information_sharing"),
        ("SW", "NHS", "ED"),
        "LRS",
    ),
    LP(
        "disguised",
        290,
        "review",
        IMPROVE,
        "Parents' cooperation hid continuing neglect",
        "The parents attended every core group and agreed every action, but the 9-year-old's school attendance, "
        "weight and hygiene did not improve in 14 months on the register.",
        "Learning Review LR-04",
        ("disguised_compliance", "neglect", "professional_curiosity"),
        ("SW", "ED", "NHS"),
        "LRS",
        source_url=f"{WEBSITE}/learning-reviews/lr-04-summary",
    ),
    LP(
        "audit_ird_record",
        270,
        "audit",
        IMPROVE,
        "IRD records do not say why information was not shared",
        "An audit of 20 IRD records found that where an agency did not share information, the record never said "
        "why, as GIRFEC information-sharing guidance expects.",
        "Multi-agency audit of IRD records (20 cases)",
        ("information_sharing",),
        ("POL", "SW", "NHS"),
        "MISE",
        by="subgroup",
    ),
    LP(
        "voice_parents",
        255,
        "voice",
        IMPROVE,
        "Parents did not understand what the CPPM decided",
        "Parents told the family support service that they left CPPMs not knowing what had been decided or what "
        "they had to do next. Several did not receive the record for over a month.",
        "Family support service feedback",
        ("planning_and_review", "multi_agency_working"),
        ("SW", "TS"),
        "PIC",
    ),
    LP(
        "training_good",
        240,
        "workforce",
        GOOD,
        "Multi-agency training builds working relationships",
        "In the evaluation of multi-agency courses, 92% of staff said they now knew who to call in another agency, "
        "and several described resolving a case faster because of a contact made on the course.",
        "Multi-agency training evaluation",
        ("multi_agency_working", "good_practice"),
        ALL_AGENCIES,
        "JLD",
        by="subgroup",
    ),
    LP(
        "interpreters",
        220,
        "external",
        IMPROVE,
        "Family members used as interpreters at key meetings",
        "A relative interpreted for a mother whose first language is Polish during the IRD home visit. National "
        "reviews name this as a recurring risk: the child's and mother's accounts may not be heard.",
        "National Collection of Case Reviews",
        ("race_culture_faith", "voice_of_child"),
        ("SW", "POL", "NHS"),
        "JLD",
        by="subgroup",
    ),
    LP(
        "huddle_good",
        200,
        "other",
        GOOD,
        "A daily huddle for new concerns speeds up decisions",
        "In the pilot locality, education, health visiting and social work meet for 15 minutes each morning to "
        "look at new wellbeing concerns. Decisions that took days are now made the same day.",
        "Locality pilot report",
        ("multi_agency_working", "information_sharing", "good_practice"),
        ("SW", "ED", "NHS"),
        "MISE",
        by="subgroup",
    ),
    LP(
        "inspection_leadership",
        180,
        "inspection",
        IMPROVE,
        "Chief officers lack a clear view of outcomes for children",
        "Inspectors found chief officers received activity figures but little about whether children were safer. "
        "The committee's reports did not link learning to outcomes.",
        "Joint inspection of services for children at risk of harm",
        ("leadership_supervision",),
        ("SW", "POL", "NHS", "ED"),
        "MISE",
    ),
    LP(
        "under_1",
        150,
        "dataset",
        IMPROVE,
        "More babies under 1 registered for neglect",
        "Registrations of babies under 1 for neglect have been above the average for seven quarters running, a "
        "shift in the trend chart that needs explaining.",
        "Minimum dataset trend chart",
        ("babies_pre_birth", "neglect"),
        ("NHS", "SW"),
        "MISE",
        by="subgroup",
    ),
    LP(
        "alcohol",
        120,
        "review",
        IMPROVE,
        "Parental alcohol use minimised in assessments",
        "In two recent reviews, a parent's drinking was described as 'social' in assessments, although police and "
        "A&E records showed repeated incidents when the children were in their care.",
        "Learning Review LR-05",
        ("parental_substance_use", "risk_assessment", "professional_curiosity"),
        ("SW", "NHS", "POL"),
        "LRS",
        approval=AWAITING,
    ),
    LP(
        "safety_link",
        60,
        "voice",
        IMPROVE,
        "Out-of-hours Safety Link alerts went to an unmonitored inbox",
        "A 14-year-old used the Mind of My Own Safety Link on a Saturday night. The alert went to a day-team inbox "
        "and was read on Monday morning. The young person was safe, but it could have been otherwise.",
        "Mind of My Own service report",
        ("voice_of_child", "information_sharing"),
        ("SW", "TS"),
        "PIC",
        approval=AWAITING,
    ),
    LP(
        "neglect_toolkit",
        45,
        "audit",
        IMPROVE,
        "The neglect toolkit used in only a third of neglect registrations",
        "An audit of 24 registrations for neglect found the shared neglect toolkit completed in 8. Where it was "
        "used, plans were more specific.",
        "Multi-agency audit of neglect registrations (24 cases)",
        ("neglect", "risk_assessment"),
        ("SW", "NHS", "ED"),
        "MISE",
        approval=AWAITING,
        by="subgroup",
    ),
    LP(
        "new_staff_ird",
        30,
        "workforce",
        IMPROVE,
        "Newly qualified staff unsure of their part in an IRD",
        "Newly qualified social workers and health visitors told the training review they did not know what was "
        "expected of them when asked to contribute to an IRD.",
        "Workforce survey of newly qualified staff",
        ("leadership_supervision", "multi_agency_working"),
        ("SW", "NHS", "ED"),
        "JLD",
        approval=AWAITING,
        by="subgroup",
    ),
    LP(
        "concern_other",
        20,
        "dataset",
        IMPROVE,
        "Concerns at registration recorded as 'other' in 30% of cases",
        "Nearly a third of registrations this quarter record the main concern as 'other', which hides the pattern "
        "of concerns the committee needs to see.",
        "Minimum dataset data quality check",
        ("planning_and_review",),
        ("SW",),
        "MISE",
        approval=AWAITING,
        by="subgroup",
    ),
    LP(
        "car_park",
        70,
        "other",
        IMPROVE,
        "Staff feel unsafe leaving the family centre after dark",
        "Staff at the family centre raised that the car park lighting has failed and they feel unsafe leaving "
        "after evening contact sessions.",
        "Staff feedback",
        ("leadership_supervision",),
        ("SW",),
        None,
        approval=NOT_APPROVED,
        reason="This is a building safety matter for the council's estates team, not learning for the partnership. "
        "It has been passed to them and to the centre manager.",
    ),
)


# Actions ---------------------------------------------------------------------------------------

NS = Action.Status.NOT_STARTED
IP = Action.Status.IN_PROGRESS
DONE = Action.Status.COMPLETED
EMB = Action.Status.EMBEDDED
IMP = Action.Status.IMPACT_EVALUATED


@dataclass(frozen=True)
class Act:
    key: str
    lp: str
    title: str
    due: int  # days from today; negative is in the past
    status: str
    agency: str | None
    subgroup: str | None
    person: str | None
    success: str
    updates: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()
    done: int | None = None  # days from today it was completed


ACTIONS: tuple[Act, ...] = (
    Act(
        "a01",
        "chron_ird",
        "Add the health chronology to the IRD checklist for every child under 5",
        -560,
        IMP,
        "SW",
        "LRS",
        "contributor",
        "Re-audit shows the health chronology seen before the IRD decision in at least 80% of IRDs for under-5s.",
        ("Draft checklist agreed with health visiting and police leads.", "Checklist v3.2 issued to all IRD chairs."),
        (("IRD checklist v3.2", f"{INTRANET}/child-protection/ird-checklist-v3-2"),),
        done=-575,
    ),
    Act(
        "a02",
        "chron_ird",
        "Give health visitors read access to the shared chronology system",
        -300,
        IP,
        "NHS",
        None,
        "health",
        "Every health visiting team can read the shared chronology for children on the register.",
        (
            "Information governance approved the data sharing agreement.",
            "Go-live delayed by the health board's system upgrade; new date being agreed with eHealth.",
        ),
    ),
    Act(
        "a03",
        "father_invisible",
        "Check every adult in the household at the IRD, with a prompt in the IRD record",
        -520,
        EMB,
        "POL",
        "LRS",
        "police_lead",
        "The IRD record names and checks every adult in the household in a sample audit of 20 IRDs.",
        ("New 'adults in the household' section added to the IRD form.",),
        (("IRD recording form with 'adults in the household' section", f"{INTRANET}/police/ird-form-2"),),
        done=-525,
    ),
    Act(
        "a04",
        "father_invisible",
        "Run a practice session on working with fathers and male carers",
        -450,
        DONE,
        None,
        "JLD",
        "subgroup",
        "At least 60 staff from three agencies attend, and 75% say they will change how they engage men.",
        ("Session booked for 3 dates; places split across agencies.",),
        (("Slides and attendance list: 'Seeing the men'", f"{INTRANET}/jld/seeing-the-men"),),
        done=-462,
    ),
    Act(
        "a05",
        "hv_persistence",
        "Write the joint-visit approach into the health visiting 'no access' guideline",
        -500,
        EMB,
        "NHS",
        None,
        "health",
        "The guideline is in use and supervision records show it applied for families with repeated no access.",
        ("Guideline redrafted with the family nurse partnership.",),
        (("Health visiting 'no access' guideline", f"{INTRANET}/nhs/hv-no-access-guideline"),),
        done=-505,
    ),
    Act(
        "a06",
        "audit_voice",
        "Add 'What the child told us and what their day is like' to the CPPM report template",
        -480,
        IMP,
        "SW",
        "MISE",
        "contributor",
        "Re-audit finds the child's views or daily experience in at least 80% of CPPM reports.",
        ("Template drafted with two young people from the 'Having your say' group.",),
        (("CPPM report template (child's voice section)", f"{INTRANET}/child-protection/cppm-report-template"),),
        done=-490,
    ),
    Act(
        "a07",
        "audit_voice",
        "Offer Mind of My Own to every child aged 8 and over before their CPPM",
        -200,
        DONE,
        "SW",
        "PIC",
        "contributor",
        "Mind of My Own statements received before at least half of CPPMs for children aged 8 and over.",
        ("Workers trained in all three area teams.", "Offer now part of the CPPM invitation letter."),
        (("Mind of My Own usage report", f"{INTRANET}/child-protection/momo-usage"),),
        done=-215,
    ),
    Act(
        "a08",
        "audit_plans",
        "Train core group chairs to write outcomes for the child, not lists of services",
        -400,
        EMB,
        "SW",
        "JLD",
        "subgroup",
        "Re-audit shows plans with measurable outcomes for the child in at least 70% of cases.",
        ("Two workshops held for 18 chairs.",),
        (("Workshop materials: outcome-focused plans", f"{INTRANET}/jld/outcome-focused-plans"),),
        done=-395,
    ),
    Act(
        "a09",
        "dataset_rereg",
        "Review every re-registration within 18 months at MISE and report the themes",
        -420,
        IMP,
        None,
        "MISE",
        "subgroup",
        "Re-registrations within 18 months back below 10% of registrations within a year.",
        ("First quarterly review done: 7 cases, 6 for neglect.", "Themes report sent to the committee."),
        (("MISE re-registration themes report", f"{INTRANET}/cpc/mise/re-registration-themes"),),
        done=-425,
    ),
    Act(
        "a10",
        "dataset_rereg",
        "Require a neglect toolkit review before any de-registration for neglect",
        -30,
        IP,
        "SW",
        None,
        "contributor",
        "Every de-registration for neglect has a neglect toolkit review in the month before.",
        ("Agreed by the service manager; procedure wording with the policy team.",),
    ),
    Act(
        "a11",
        "voice_momo",
        "Extend Mind of My Own to young people in the family support service",
        60,
        IP,
        "TS",
        "PIC",
        None,
        "Young people in the family support service send statements before their reviews.",
        ("Licences agreed; staff training planned.",),
    ),
    Act(
        "a12",
        "workforce_da",
        "Add the domestic abuse risk checklist to the multi-agency training calendar",
        -380,
        IMP,
        "ED",
        "JLD",
        "subgroup",
        "At least 75% of staff who attend say they are confident using the checklist.",
        ("Four sessions run for education and health staff.",),
        (("Training calendar and session evaluations", f"{INTRANET}/jld/da-checklist-sessions"),),
        done=-422,
    ),
    Act(
        "a13",
        "workforce_da",
        "Every school Child Protection Coordinator to complete the MARAC referral e-learning",
        10,
        IP,
        "ED",
        None,
        "edu_lead",
        "All 58 Child Protection Coordinators have completed the module.",
        ("31 of 58 coordinators have completed it.", "41 of 58 completed; reminders sent to the rest."),
    ),
    Act(
        "a14",
        "external_neglect",
        "Adopt one neglect toolkit across health, education and social work",
        -250,
        EMB,
        "SW",
        "LRS",
        "contributor",
        "The toolkit is used in every registration for neglect.",
        ("Toolkit chosen and adapted; launched at the practitioner forum.",),
        (("Glenmoray neglect toolkit", f"{INTRANET}/child-protection/neglect-toolkit"),),
        done=-260,
    ),
    Act(
        "a15",
        "inspection_escalation",
        "Relaunch the escalation procedure with a one-page flowchart",
        -400,
        DONE,
        "SW",
        "LRS",
        "lead",
        "Staff survey shows at least 70% know how to escalate a professional difference.",
        ("Flowchart agreed by the committee.",),
        (("Resolving professional differences: flowchart", f"{INTRANET}/cpc/escalation-flowchart"),),
        done=-410,
    ),
    Act(
        "a16",
        "inspection_escalation",
        "Record every escalation and its outcome, and report numbers to MISE",
        -15,
        NS,
        None,
        "MISE",
        "subgroup",
        "MISE receives a quarterly count of escalations by agency and outcome.",
    ),
    Act(
        "a17",
        "website_worried",
        "Move the phone numbers to the top of the 'Worried about a child?' page",
        -470,
        DONE,
        None,
        "PIC",
        None,
        "Fewer than 25% of visitors leave the page within ten seconds.",
        ("Page rewritten and tested with two parents.",),
        (("Page before and after the change", f"{WEBSITE}/worried-about-a-child"),),
        done=-468,
    ),
    Act(
        "a18",
        "school_absence",
        "Schools tell the lead professional within 2 days when attendance falls below 90%",
        -90,
        EMB,
        "ED",
        None,
        "edu_lead",
        "Lead professionals are told of every registered child whose attendance falls below 90%.",
        ("Protocol agreed with head teachers.",),
        (("Attendance protocol for registered children", f"{INTRANET}/education/attendance-protocol"),),
        done=-95,
    ),
    Act(
        "a19",
        "school_absence",
        "Add the attendance of registered children to the MISE dataset report",
        5,
        IP,
        "ED",
        "MISE",
        "subgroup",
        "MISE sees attendance of registered children every quarter.",
        ("Education data team has built the extract; testing with one quarter's data.",),
    ),
    Act(
        "a20",
        "ird_good",
        "Use the three-hour IRD as a case study at the police and social work training day",
        -350,
        DONE,
        "POL",
        "JLD",
        "police_lead",
        "The case study is delivered and rated useful by most attendees.",
        ("Case study written with the guidance teacher.",),
        (("Case study and feedback summary", f"{INTRANET}/jld/ird-case-study"),),
        done=-332,
    ),
    Act(
        "a21",
        "police_da_delay",
        "Stop queuing domestic abuse concern reports involving children for quality checks",
        -400,
        IMP,
        "POL",
        None,
        "police_lead",
        "Median time from incident to sharing with social work is 1 day or less.",
        ("Process changed in the Concern Hub.",),
        (("Concern Hub process note", f"{INTRANET}/police/concern-hub-process"),),
        done=-405,
    ),
    Act(
        "a22",
        "police_da_delay",
        "Audit a sample of domestic abuse concern reports for time taken to share",
        8,
        NS,
        "POL",
        None,
        "police_lead",
        "Audit of 30 reports done and reported to the agency lead.",
    ),
    Act(
        "a23",
        "pre_birth_late",
        "Agree with maternity that pre-birth concerns are referred by 20 weeks' gestation",
        -320,
        EMB,
        "NHS",
        "LRS",
        "health",
        "Every pre-birth CPPM is held before 28 weeks' gestation.",
        ("Pathway agreed with the maternity and substance use services.",),
        (("Maternity pre-birth referral pathway", f"{INTRANET}/nhs/pre-birth-pathway"),),
        done=-330,
    ),
    Act(
        "a24",
        "pre_birth_late",
        "Set up a monthly pre-birth planning meeting with maternity and substance use services",
        -100,
        IP,
        "SW",
        None,
        "contributor",
        "Every pregnancy with a concern is discussed by 20 weeks.",
        ("Terms of reference drafted.", "First two meetings held; substance use service not yet attending."),
    ),
    Act(
        "a25",
        "audit_supervision",
        "Roll out the reflective supervision template to all children and families teams",
        -200,
        IMP,
        "SW",
        None,
        "contributor",
        "Re-audit finds analysis of risk and a clear plan in at least 80% of supervision records.",
        ("Template introduced in the remaining four teams.",),
        (("Reflective supervision template", f"{INTRANET}/social-work/reflective-supervision-template"),),
        done=-210,
    ),
    Act(
        "a26",
        "voice_young_carers",
        "Add a question about caring at home to the school wellbeing check",
        30,
        IP,
        "ED",
        None,
        "edu_lead",
        "Every secondary school asks the question and refers young carers to support.",
        ("Question agreed with the young carers' service.",),
    ),
    Act(
        "a27",
        "voice_young_carers",
        "Young carers' service to run a session for guidance staff",
        -60,
        NS,
        "TS",
        "JLD",
        None,
        "Guidance staff in every secondary school attend the session.",
    ),
    Act(
        "a28",
        "disability_comm",
        "Agree how IRDs arrange communication support for disabled children",
        12,
        IP,
        "POL",
        "JLD",
        "police_lead",
        "Every IRD for a disabled child records how the child's communication needs will be met.",
        ("Speech and language therapy have agreed to advise IRDs.",),
    ),
    Act(
        "a29",
        "disability_comm",
        "Commission training on communicating with disabled children for interviewers",
        90,
        NS,
        None,
        "JLD",
        "subgroup",
        "All joint interviewers complete the training within a year.",
    ),
    Act(
        "a30",
        "workforce_curiosity",
        "Add professional curiosity and disguised compliance to the core course",
        -300,
        DONE,
        None,
        "JLD",
        "subgroup",
        "The module is part of every core multi-agency course.",
        ("Module written and piloted.",),
        (("Core course module: professional curiosity", f"{INTRANET}/jld/core-course-curiosity"),),
        done=-310,
    ),
    Act(
        "a31",
        "edu_logs",
        "Retrain the coordinators in the two schools and check their logs monthly",
        -120,
        DONE,
        "ED",
        None,
        "edu_lead",
        "Monthly checks find every concern passed on the same day for six months.",
        ("Retraining done; monthly checks started.",),
        (("Log check record", f"{INTRANET}/education/cp-log-checks"),),
        done=-125,
    ),
    Act(
        "a32",
        "edu_logs",
        "Audit wellbeing logs in every primary school",
        -20,
        IP,
        "ED",
        None,
        "edu_lead",
        "Every primary school audited and any gaps followed up.",
        ("24 of 35 schools audited.",),
    ),
    Act(
        "a33",
        "adult_mh",
        "Invite adult mental health services to the CPPM where a parent is known to them",
        -250,
        DONE,
        "SW",
        None,
        "contributor",
        "Adult mental health attends or sends a report to every CPPM where a parent is open to them.",
        ("Invitation list changed in the CPPM procedures.",),
        (("CPPM procedures, invitation list", f"{INTRANET}/child-protection/cppm-procedures"),),
        done=-240,
    ),
    Act(
        "a34",
        "adult_mh",
        "Adult mental health staff to complete the child protection level 2 course",
        45,
        IP,
        "NHS",
        None,
        "health",
        "90% of adult mental health staff have completed level 2.",
        ("62% completed so far.",),
    ),
    Act(
        "a35",
        "cppm_28_days",
        "CPPM chairs to check weekly every IRD awaiting an initial CPPM",
        -150,
        IMP,
        "SW",
        "MISE",
        "contributor",
        "At least 85% of initial CPPMs held within 28 days.",
        ("Weekly tracker set up and shared with chairs.",),
        (("CPPM tracker", f"{INTRANET}/child-protection/cppm-tracker"),),
        done=-160,
    ),
    Act(
        "a36",
        "online_harm",
        "Add questions about online life to the assessment framework for teenagers",
        3,
        IP,
        "SW",
        "JLD",
        "contributor",
        "Assessments of young people aged 13 and over ask about their online life.",
        ("Questions drafted with Police Scotland's cybercrime team.",),
    ),
    Act(
        "a37",
        "online_harm",
        "Brief secondary school staff on online exploitation and how to report it",
        -45,
        IP,
        "POL",
        None,
        "police_lead",
        "Every secondary school has had the briefing.",
        ("Briefing delivered in 3 of 8 secondary schools.",),
    ),
    Act(
        "a38",
        "safe_sleep_good",
        "Repeat the safe sleep campaign each winter with maternity and health visiting",
        120,
        NS,
        "NHS",
        "PIC",
        "health",
        "Page visits in the campaign month at least match last year's.",
    ),
    Act(
        "a39",
        "transfer_in",
        "Agree with neighbouring committees how chronologies go with a registered child who moves",
        -60,
        IP,
        "SW",
        "LRS",
        "lead",
        "Transfer CPPMs held on time, with the chronology, for every child who moves in.",
        ("Draft protocol sent to three neighbouring committees.", "Two have agreed; waiting for the third."),
    ),
    Act(
        "a40",
        "disguised",
        "Review Child B's plan against outcomes for the child, and share what changed",
        -30,
        IMP,
        "SW",
        "LRS",
        "lead",
        "Core groups for neglect measure change for the child, not the parents' attendance.",
        ("Child B's plan rewritten around three measures.",),
        (("Anonymised plan before and after", f"{INTRANET}/cpc/lrs/child-b-plan"),),
        done=-60,
    ),
    Act(
        "a41",
        "disguised",
        "Core groups to track three measurable outcomes for the child at every meeting",
        20,
        IP,
        "SW",
        None,
        "contributor",
        "Audit shows measurable outcomes reviewed at every core group for children registered for neglect.",
        ("Core group agenda changed.",),
    ),
    Act(
        "a42",
        "audit_ird_record",
        "Add 'information not shared, and why' to the IRD record",
        -10,
        IP,
        "POL",
        "MISE",
        "police_lead",
        "Every IRD record says what was not shared and why.",
        ("Change requested to the IRD form; awaiting the system supplier.",),
    ),
    Act(
        "a43",
        "voice_parents",
        "Send parents a plain-language letter after every CPPM",
        25,
        IP,
        "SW",
        "PIC",
        "contributor",
        "Parents receive a letter within 5 working days of every CPPM.",
        ("Letter drafted and checked by two parents.",),
    ),
    Act(
        "a44",
        "training_good",
        "Keep at least half of the places on core courses multi-agency",
        -90,
        DONE,
        None,
        "JLD",
        "subgroup",
        "Each core course has staff from at least three agencies.",
        ("Booking rules changed.",),
        (("Course booking rules", f"{INTRANET}/jld/booking-rules"),),
        done=-100,
    ),
    Act(
        "a45",
        "huddle_good",
        "Evaluate the daily huddle pilot after six months",
        14,
        NS,
        None,
        "MISE",
        "subgroup",
        "Evaluation report to the committee with a decision on roll-out.",
    ),
    Act(
        "a46",
        "inspection_leadership",
        "Produce a quarterly outcomes report for the Chief Officers Group",
        -40,
        IP,
        "SW",
        "MISE",
        "lead",
        "Chief officers receive an outcomes report each quarter.",
        ("Report format agreed with the chair.",),
    ),
    Act(
        "a47",
        "under_1",
        "MISE deep dive into last year's registrations of babies under 1 for neglect",
        7,
        IP,
        None,
        "MISE",
        "subgroup",
        "Deep dive reported to the committee with recommendations.",
        ("12 of 19 case files read.",),
    ),
    Act(
        "a48",
        "under_1",
        "Offer the enhanced health visiting pathway to every baby after a pre-birth CPPM",
        60,
        NS,
        "NHS",
        None,
        "health",
        "Every baby subject to a pre-birth CPPM is on the enhanced pathway.",
    ),
    Act(
        "a49",
        "alcohol",
        "Use the alcohol screening tool in every parenting assessment",
        75,
        NS,
        "SW",
        None,
        "contributor",
        "Audit shows the screening tool used in every parenting assessment.",
    ),
    Act(
        "a50",
        "safety_link",
        "Route out-of-hours Safety Link alerts to the standby social work service",
        4,
        IP,
        "SW",
        "PIC",
        "contributor",
        "Every out-of-hours alert is read within an hour.",
        ("Interim: standby service checks the inbox every two hours.",),
    ),
    Act(
        "a51",
        "neglect_toolkit",
        "Neglect toolkit refresher in every area team",
        100,
        NS,
        None,
        "JLD",
        "subgroup",
        "Every area team has had the refresher.",
    ),
)


# Embedding, impact, tracked children, sharing ----------------------------------------------------


@dataclass(frozen=True)
class Emb:
    key: str
    kind: str
    agency: str
    days_ago: int
    description: str
    actions: tuple[str, ...]
    url: str = ""


EMBEDDINGS: tuple[Emb, ...] = (
    Emb(
        "ird_policy",
        Embedding.Kind.POLICY,
        "SW",
        570,
        "The revised IRD checklist (v3.2) requires the health visiting or school nursing chronology for every "
        "child under 5 before the IRD decision is made.",
        ("a01",),
        f"{INTRANET}/child-protection/ird-checklist-v3-2",
    ),
    Emb(
        "police_brief",
        Embedding.Kind.TEAM_MEETING,
        "POL",
        500,
        "Public Protection Unit team briefings covered the new household checks; sergeants check them in the "
        "daily IRD review.",
        ("a03",),
    ),
    Emb(
        "hv_supervision",
        Embedding.Kind.SUPERVISION,
        "NHS",
        480,
        "Health visitor supervision now reviews every family with two or more 'no access' visits.",
        ("a05",),
    ),
    Emb(
        "cppm_template",
        Embedding.Kind.POLICY,
        "SW",
        470,
        "The new CPPM report template, with the child's voice section, is the only template on the system.",
        ("a06",),
        f"{INTRANET}/child-protection/cppm-report-template",
    ),
    Emb(
        "mise_team",
        Embedding.Kind.TEAM_MEETING,
        "SW",
        400,
        "Area team meetings look at every planned de-registration against the neglect toolkit before the review CPPM.",
        ("a09",),
    ),
    Emb(
        "cg_joint",
        Embedding.Kind.JOINT_WORKING,
        "SW",
        380,
        "Core group chairs from social work, health visiting and education review each outcome together at the "
        "start of every core group.",
        ("a08",),
    ),
    Emb(
        "police_joint",
        Embedding.Kind.JOINT_WORKING,
        "POL",
        380,
        "A daily call between the police Concern Hub and social work goes through every domestic abuse incident "
        "involving children from the last 24 hours.",
        ("a21",),
    ),
    Emb(
        "edu_da",
        Embedding.Kind.TEAM_MEETING,
        "ED",
        360,
        "Head teachers' cluster meetings now include a standing item on the domestic abuse risk checklist and "
        "recent MARAC referrals.",
        ("a12",),
    ),
    Emb(
        "maternity",
        Embedding.Kind.POLICY,
        "NHS",
        300,
        "The maternity pre-birth referral pathway sets referral by 20 weeks' gestation for every pregnancy with a "
        "child protection concern.",
        ("a23",),
        f"{INTRANET}/nhs/pre-birth-pathway",
    ),
    Emb(
        "neglect_joint",
        Embedding.Kind.JOINT_WORKING,
        "NHS",
        240,
        "Health visitors and social workers complete the neglect toolkit together before the first core group.",
        ("a14",),
    ),
    Emb(
        "sw_supervision",
        Embedding.Kind.SUPERVISION,
        "SW",
        180,
        "Every children and families team uses the reflective supervision template; managers' own supervision "
        "checks its use.",
        ("a25",),
    ),
    Emb(
        "cppm_tracker",
        Embedding.Kind.TEAM_MEETING,
        "SW",
        130,
        "Area team meetings review the CPPM tracker every week.",
        ("a35",),
    ),
    Emb(
        "edu_policy",
        Embedding.Kind.POLICY,
        "ED",
        70,
        "The attendance protocol for registered children is part of Education's child protection procedures.",
        ("a18",),
        f"{INTRANET}/education/attendance-protocol",
    ),
    Emb(
        "outcomes_joint",
        Embedding.Kind.JOINT_WORKING,
        "ED",
        45,
        "Guidance teachers bring attendance, weight and wellbeing measures to every core group for children "
        "registered for neglect, and review them with health and social work.",
        ("a40",),
    ),
)


@dataclass(frozen=True)
class Child:
    label: str
    agency: str
    reference: str
    age_band: str
    why: str
    difference: str
    learning_points: tuple[str, ...]
    entries: tuple[tuple[int, str], ...]  # (days ago, what happened)


TRACKED_CHILDREN: tuple[Child, ...] = (
    Child(
        "Child A",
        "SW",
        "SW-2024-0173",
        "1-4",
        "The child at the centre of Learning Review LR-01: a 7-month-old whose IRD went ahead without the health "
        "visiting chronology. Tracked to see whether the changes to IRD checks made a difference.",
        "Had the health visiting chronology been shared at the first IRD, the missed appointments and the earlier "
        "unexplained bruise would have been seen, and a medical examination arranged on the first day rather than "
        "after 11 days. The mother's partner would have been checked at the IRD.",
        ("chron_ird", "father_invisible", "hv_persistence"),
        (
            (
                700,
                "Concern from the emergency department about a bruise to the ear. IRD held the same day on police "
                "and social work information; no health chronology. Medical examination 11 days later.",
            ),
            (
                400,
                "New concern from a neighbour. IRD held the next working day; the health visiting chronology and "
                "checks on every adult in the household were part of the decision.",
            ),
            (
                120,
                "Review CPPM: Child A, now aged 2, removed from the register. Developmental checks up to date; "
                "support continues through the child's plan.",
            ),
        ),
    ),
    Child(
        "Child B",
        "ED",
        "ED-2025-0042",
        "5-10",
        "A 9-year-old registered for neglect for 14 months while the parents attended every meeting and nothing "
        "changed for the child (Learning Review LR-04). De-registered, then re-registered within a year.",
        "If the plan had measured change for Child B rather than the parents' attendance at meetings, the lack of "
        "progress would have been seen within six months, not fourteen, and the early de-registration and "
        "re-registration would not have happened.",
        ("disguised", "dataset_rereg", "school_absence"),
        (
            (280, "Re-registered for neglect at the initial CPPM. School attendance 71% last term."),
            (150, "Core group now measures attendance, weight and dental care. Attendance 88% this term."),
            (
                30,
                "Review CPPM: weight within the expected range, dental treatment done, attendance 93%. Child B "
                "told the worker through Mind of My Own that 'mornings are better now'.",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Imp:
    key: str
    title: str
    method: str
    days_ago: int
    before: str
    after: str
    conclusion: str
    learning_points: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    tracked_child: str | None = None


IMPACTS: tuple[Imp, ...] = (
    Imp(
        "reaudit_ird",
        "Re-audit: health chronology seen before the IRD decision",
        Impact.Method.REAUDIT,
        400,
        "Health chronology seen before the decision in 4 of 20 IRDs for children under 5 (20%).",
        "Health chronology seen before the decision in 16 of 20 IRDs for children under 5 (80%).",
        "The checklist has made the difference expected. The remaining gaps were out-of-hours IRDs; the standby "
        "service now has access to the chronology.",
        ("chron_ird",),
        ("a01",),
    ),
    Imp(
        "reaudit_voice",
        "Re-audit: the child's views in CPPM reports",
        Impact.Method.REAUDIT,
        300,
        "The child's views or daily experience recorded in 6 of 15 CPPM reports (40%).",
        "Recorded in 13 of 15 CPPM reports (87%); for babies, 4 of 5 reports described the baby's day.",
        "The template works. The two reports without the child's views were written on the old template, which "
        "has now been withdrawn.",
        ("audit_voice",),
        ("a06",),
    ),
    Imp(
        "indicator_rereg",
        "Re-registrations within 18 months",
        Impact.Method.INDICATOR,
        200,
        "14.0% of registrations in the year before the change were re-registrations within 18 months.",
        "8.6% in the four quarters after; the trend chart shows a sustained shift below the old average.",
        "Reviewing de-registrations against the neglect toolkit appears to have reduced early de-registration. "
        "MISE will keep watching the indicator.",
        ("dataset_rereg",),
        ("a09",),
    ),
    Imp(
        "feedback_da",
        "Staff confidence with the domestic abuse risk checklist",
        Impact.Method.FEEDBACK,
        250,
        "38% of 112 education and health staff said they were confident using the checklist.",
        "81% of 96 staff who attended said they were confident; 74% at the 3-month follow-up survey.",
        "Confidence has risen and mostly lasted. MARAC referrals from schools rose from 2 to 9 in the same period.",
        ("workforce_da",),
        ("a12",),
    ),
    Imp(
        "indicator_police",
        "Time to share domestic abuse concern reports with social work",
        Impact.Method.INDICATOR,
        280,
        "Median 6 days from incident to sharing; longest 14 days.",
        "Median 1 day; longest 3 days, over a weekend.",
        "Removing the quality-check queue has ended the delay. The daily triage call keeps it that way.",
        ("police_da_delay",),
        ("a21",),
    ),
    Imp(
        "reaudit_supervision",
        "Re-audit of reflective supervision records",
        Impact.Method.REAUDIT,
        60,
        "Analysis of risk and a clear plan in 3 of 10 records outside the pilot teams.",
        "Analysis of risk and a clear plan in 17 of 20 records across all teams (85%).",
        "The template is now standard practice. Staff say supervision helps them think about the child.",
        ("audit_supervision",),
        ("a25",),
    ),
    Imp(
        "indicator_cppm",
        "Initial CPPMs held within 28 days",
        Impact.Method.INDICATOR,
        40,
        "71% of initial CPPMs within 28 days of the IRD in the quarter identified.",
        "88% in the latest quarter, the third quarter in a row above 85%.",
        "The weekly tracker has restored timeliness. Remaining delays are recorded with a manager's agreement.",
        ("cppm_28_days",),
        ("a35",),
    ),
    Imp(
        "tracked_a",
        "Child A: did the IRD changes make a difference?",
        Impact.Method.TRACKED_CHILD,
        90,
        "At the first IRD, no health chronology and no checks on the adults in the household; medical examination "
        "after 11 days.",
        "At the second IRD, the health chronology and household checks informed the decision the next working day.",
        "For Child A the changes from LR-01 made a clear difference to the speed and quality of the decision.",
        ("chron_ird", "father_invisible"),
        (),
        "Child A",
    ),
    Imp(
        "tracked_b",
        "Child B: plans that measure change for the child",
        Impact.Method.TRACKED_CHILD,
        25,
        "14 months on the register with no change in attendance, weight or hygiene; de-registered and re-registered.",
        "Attendance 71% to 93%; weight within the expected range; dental treatment done; Child B says mornings "
        "are better.",
        "Measuring outcomes for the child showed progress, and its absence, within months. Core groups for neglect "
        "now use the same approach.",
        ("disguised",),
        ("a40",),
        "Child B",
    ),
    Imp(
        "other_escalation",
        "Practitioners' accounts of using the escalation procedure",
        Impact.Method.OTHER,
        15,
        "Inspectors found the procedure rarely used; no escalations recorded.",
        "Eleven escalations in six months; staff describe the flowchart as clear and managers as supportive.",
        "The relaunch has made escalation normal practice. Recording the outcome of each escalation is still to do.",
        ("inspection_escalation",),
        ("a15",),
    ),
)


@dataclass(frozen=True)
class Share:
    kind: str
    title: str
    days_ago: int
    description: str
    learning_points: tuple[str, ...]
    audience: tuple[str, ...]
    people_reached: int | None = None
    reach: tuple[tuple[str, int], ...] = ()
    briefing: tuple[str, ...] = ()  # the seven parts of a 7-minute briefing


K = Dissemination.Kind

DISSEMINATIONS: tuple[Share, ...] = (
    Share(
        K.BRIEFING_EVENT,
        "Multi-agency briefing: learning from LR-01",
        600,
        "Three lunchtime briefings for front-line staff and managers on the findings of LR-01.",
        ("chron_ird", "father_invisible", "hv_persistence"),
        ("SW", "NHS", "POL", "ED"),
        142,
        (("SW", 58), ("NHS", 41), ("POL", 23), ("ED", 20)),
    ),
    Share(
        K.SEVEN_MINUTE,
        "Chronologies before the IRD",
        550,
        "Presented by team leaders at team meetings; agencies recorded how they used it.",
        ("chron_ird", "external_neglect"),
        ("SW", "NHS", "POL", "ED", "TS"),
        310,
        (("SW", 96), ("NHS", 88), ("POL", 41), ("ED", 64), ("TS", 21)),
        (
            "A 7-month-old was admitted to hospital with a head injury. The IRD was held on police and social work "
            "information; the health visiting chronology was not seen until the CPPM.",
            "A chronology shows patterns no single incident does. Missed appointments and an earlier unexplained "
            "bruise were on record, and would have changed the IRD decision.",
            "The IRD checklist (v3.2) now asks for the health visiting or school nursing chronology for every "
            "child under 5.",
            "Out of hours, the standby social worker can ask the on-call health visiting manager for the chronology.",
            "National learning: neglect and cumulative harm are missed when each concern is judged on its own.",
            "Ask: what does the chronology show? Who else knows this child? Record what you asked for and when.",
            "Read the checklist, discuss this briefing at your next team meeting, and record how your team used it.",
        ),
    ),
    Share(
        K.SEVEN_MINUTE,
        "Disguised compliance",
        240,
        "Briefing from LR-04 for core group members.",
        ("disguised", "workforce_curiosity"),
        ("SW", "ED", "NHS"),
        185,
        (("SW", 74), ("ED", 69), ("NHS", 42)),
        (
            "A 9-year-old was on the register for 14 months. The parents attended every core group and agreed every "
            "action, but nothing changed for the child.",
            "Cooperation with professionals is not the same as change for the child. Plans that measure attendance "
            "at meetings hide continuing harm.",
            "Measure what matters for the child: attendance, weight, health appointments, what the child says.",
            "Look for a pattern of agreement without change, and for the child's account being different.",
            "Use the neglect toolkit at every review, and compare with the last one.",
            "Be curious and respectfully sceptical; it is fine to check what you are told.",
            "At your next core group, ask: what has changed for the child since the last meeting, and how do we know?",
        ),
    ),
    Share(
        K.TRAINING,
        "Domestic abuse risk checklist and MARAC referrals",
        420,
        "Four half-day sessions for education and health staff.",
        ("workforce_da",),
        ("ED", "NHS", "SW"),
        96,
        (("ED", 54), ("NHS", 31), ("SW", 11)),
    ),
    Share(
        K.TRAINING,
        "Seeing the men: working with fathers and male carers",
        460,
        "Practice session for front-line staff from three agencies.",
        ("father_invisible",),
        ("SW", "NHS", "POL"),
        68,
        (("SW", 35), ("NHS", 22), ("POL", 11)),
    ),
    Share(
        K.CAMPAIGN,
        "Safe sleep winter campaign",
        310,
        "Posters in GP surgeries and pharmacies, leaflets from health visitors and a short film.",
        ("safe_sleep_good",),
        ("NHS", "TS"),
        4800,
        (("NHS", 120), ("TS", 35)),
    ),
    Share(
        K.SOCIAL_MEDIA,
        "'Worried about a child?' posts with the new phone numbers",
        460,
        "A month of posts on the council's social media pages pointing to the rewritten page.",
        ("website_worried",),
        (),
        12500,
    ),
    Share(
        K.PUBLICATION,
        "Published summary of Learning Review LR-04",
        200,
        "Executive summary published on the public protection website with the committee's response.",
        ("disguised",),
        ALL_AGENCIES,
    ),
    Share(
        K.ANNUAL_REPORT,
        "Glenmoray CPC annual report",
        100,
        "The committee's annual report on how well children are protected, with learning and its impact.",
        (
            "chron_ird",
            "audit_voice",
            "dataset_rereg",
            "voice_momo",
            "ird_good",
            "core_groups_good",
            "training_good",
            "huddle_good",
        ),
        ALL_AGENCIES,
    ),
    Share(
        K.OTHER,
        "Workshop at the head teachers' conference",
        380,
        "A workshop on attendance of registered children and the domestic abuse checklist.",
        ("school_absence", "workforce_da"),
        ("ED",),
        64,
        (("ED", 64),),
    ),
    Share(
        K.BRIEFING_EVENT,
        "Police and social work briefing: the three-hour IRD",
        330,
        "The effective-practice review presented by the staff involved.",
        ("ird_good",),
        ("POL", "SW"),
        63,
        (("POL", 35), ("SW", 28)),
    ),
)


# Ardnish: a second, small partnership, so that records from another committee exist but never show.

OTHER_LEARNING_POINTS: tuple[LP, ...] = (
    LP(
        "bruising",
        200,
        "review",
        IMPROVE,
        "Bruising in babies who are not yet mobile not always referred",
        "Bruising in a 4-month-old was explained by the parents and not referred to the paediatrician, against "
        "the bruising protocol for babies who are not yet mobile.",
        "Ardnish Learning Review 1",
        ("babies_pre_birth", "professional_curiosity"),
        ("NHS", "SW"),
        "LRS",
    ),
    LP(
        "kinship",
        90,
        "voice",
        GOOD,
        "Family group decision making kept children with relatives",
        "Families told us that family group decision making meetings let them find safe care within the family.",
        "Family feedback survey",
        ("voice_of_child", "good_practice"),
        ("SW",),
        "PIC",
        approval=AWAITING,
    ),
)


# Seeding ---------------------------------------------------------------------------------------


def seed_demo(stdout: TextIO | None = None) -> str:
    """Build the demo partnerships if they are missing, and return the sign-ins to print."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    with transaction.atomic():
        if Partnership.objects.filter(slug=DEMO_SLUG).exists():
            say(f"{DEMO_NAME} already exists; checking the demo sign-ins only.")
            _ensure_people(Partnership.objects.get(slug=DEMO_SLUG), DEMO_PEOPLE)
        else:
            _build_demo(say)
        demo_partnership = Partnership.objects.get(slug=DEMO_SLUG)
        with acting_as(User.objects.get(email=DEMO_PEOPLE[0].email)):
            for seeder in registry.DEMO_SEEDERS:
                seeder(partnership=demo_partnership, say=say)
        if Partnership.objects.filter(slug=OTHER_SLUG).exists():
            say(f"{OTHER_NAME} already exists; checking its sign-in only.")
            _ensure_people(Partnership.objects.get(slug=OTHER_SLUG), OTHER_PEOPLE)
        else:
            _build_other(say)
    return sign_in_table()


def sign_in_table() -> str:
    people = (*DEMO_PEOPLE, *OTHER_PEOPLE)
    width = max(len(p.label) for p in people) + 2
    lines = [f"Demo sign-ins (password for all: {DEMO_PASSWORD})"]
    lines += [f"  {p.label:<{width}}{p.email}" for p in people]
    return "\n".join(lines)


def _ensure_people(partnership: Partnership, people: tuple[Person, ...], by: Any = None) -> dict[str, User]:
    """Each person is a member with the demo password; only what is missing or changed is written."""
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    subgroups = {s.short_name: s for s in Subgroup.objects.filter(partnership=partnership)}
    users: dict[str, User] = {}
    for person in people:
        membership = Membership.objects.filter(partnership=partnership, user__email__iexact=person.email).first()
        if membership is None:
            membership = membership_create(
                partnership=partnership,
                email=person.email,
                full_name=person.full_name,
                job_title=person.job_title,
                role=person.role,
                agency=agencies.get(AGENCIES[person.agency]) if person.agency else None,
                subgroups=[subgroups[s] for s in person.subgroups if s in subgroups],
                by=by,
                invite_base_url=None,
            )
        user = membership.user
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[person.key] = user
    return users


class _Context:
    """Lookups for one partnership while it is being seeded."""

    def __init__(self, partnership: Partnership, users: dict[str, User]) -> None:
        self.partnership = partnership
        self.users = users
        self.today = timezone.localdate()
        self.agencies = {key: Agency.objects.get(partnership=partnership, name=name) for key, name in AGENCIES.items()}
        self.subgroups = {s.short_name: s for s in Subgroup.objects.filter(partnership=partnership)}
        self.themes = {t.code: t for t in Theme.objects.filter(partnership=partnership)}
        self.lps: dict[str, LearningPoint] = {}
        self.actions: dict[str, Action] = {}
        self.children: dict[str, TrackedChild] = {}

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def agency(self, key: str | None) -> Agency | None:
        return self.agencies[key] if key else None

    def subgroup(self, key: str | None) -> Subgroup | None:
        return self.subgroups[key] if key else None


def _build_demo(say: Any) -> None:
    first = DEMO_PEOPLE[0]
    lead, _ = user_get_or_create(email=first.email, full_name=first.full_name, job_title=first.job_title)
    with acting_as(lead):
        partnership = partnership_create(slug=DEMO_SLUG, name=DEMO_NAME, by=lead)
        users = _ensure_people(partnership, DEMO_PEOPLE, by=lead)
        ctx = _Context(partnership, users)
        _add_learning_points(ctx, LEARNING_POINTS)
        _add_tracked_children(ctx)
        _add_actions(ctx)
        _add_embeddings(ctx)
        _add_impacts(ctx)
        _move_actions_on(ctx)
        _add_disseminations(ctx)
    say(
        f"Created {DEMO_NAME}: {len(ctx.lps)} learning points, {len(ctx.actions)} actions, "
        f"{len(DISSEMINATIONS)} disseminations, {len(EMBEDDINGS)} embedding records, {len(IMPACTS)} impact "
        f"evaluations and {len(ctx.children)} tracked children."
    )


def _build_other(say: Any) -> None:
    first = OTHER_PEOPLE[0]
    lead, _ = user_get_or_create(email=first.email, full_name=first.full_name, job_title=first.job_title)
    with acting_as(lead):
        partnership = partnership_create(slug=OTHER_SLUG, name=OTHER_NAME, by=lead)
        users = _ensure_people(partnership, OTHER_PEOPLE, by=lead)
        ctx = _Context(partnership, users)
        _add_learning_points(ctx, OTHER_LEARNING_POINTS, decided_by="lead")
    say(f"Created {OTHER_NAME}: {len(ctx.lps)} learning points.")


def _add_learning_points(ctx: _Context, specs: tuple[LP, ...], decided_by: str = "committee") -> None:
    for spec in specs:
        identified = ctx.day(-spec.days_ago)
        by = ctx.users[spec.by] if spec.by in ctx.users else ctx.users["lead"]
        lp = LearningPoint(
            partnership=ctx.partnership,
            title=spec.title,
            description=spec.description,
            kind=spec.kind,
            source_type=spec.source_type,
            source_title=spec.source_title,
            source_date=identified - dt.timedelta(days=7),
            source_url=spec.source_url,
            date_identified=identified,
            subgroup=ctx.subgroup(spec.subgroup),
            agency=ctx.agency(spec.confidential_agency),
            is_confidential=spec.confidential_agency is not None,
        )
        lp = services.learning_point_save(
            learning_point=lp,
            themes=[ctx.themes[code] for code in spec.themes],
            agencies=[ctx.agencies[key] for key in spec.agencies],
            by=by,
        )
        if spec.approval != AWAITING:
            services.learning_point_decide(
                learning_point=lp, approve=spec.approval == APPROVED, reason=spec.reason, by=ctx.users[decided_by]
            )
        ctx.lps[spec.key] = lp


def _add_tracked_children(ctx: _Context) -> None:
    lead = ctx.users["lead"]
    for spec in TRACKED_CHILDREN:
        child = services.tracked_child_save(
            tracked_child=TrackedChild(
                partnership=ctx.partnership,
                agency=ctx.agencies[spec.agency],
                local_case_reference=spec.reference,
                label=spec.label,
                age_band=spec.age_band,
                why_tracked=spec.why,
                difference_learning_would_have_made=spec.difference,
            ),
            learning_points=[ctx.lps[key] for key in spec.learning_points],
            by=lead,
        )
        for days_ago, text in spec.entries:
            services.tracked_child_add_entry(tracked_child=child, date=ctx.day(-days_ago), text=text, by=lead)
        ctx.children[spec.label] = child


def _add_actions(ctx: _Context) -> None:
    for spec in ACTIONS:
        action = Action(
            learning_point=ctx.lps[spec.lp],
            title=spec.title,
            owner_agency=ctx.agency(spec.agency),
            owner_subgroup=ctx.subgroup(spec.subgroup),
            owner_person=ctx.users[spec.person] if spec.person else None,
            due_date=ctx.day(spec.due),
            success_measure=spec.success,
        )
        ctx.actions[spec.key] = services.action_save(action=action, by=ctx.users["lead"])


def _add_embeddings(ctx: _Context) -> None:
    for spec in EMBEDDINGS:
        services.embedding_save(
            embedding=Embedding(
                partnership=ctx.partnership,
                kind=spec.kind,
                agency=ctx.agencies[spec.agency],
                date=ctx.day(-spec.days_ago),
                description=spec.description,
                url=spec.url,
            ),
            actions=[ctx.actions[key] for key in spec.actions],
            by=ctx.users["lead"],
        )


def _add_impacts(ctx: _Context) -> None:
    for spec in IMPACTS:
        services.impact_save(
            impact=Impact(
                partnership=ctx.partnership,
                title=spec.title,
                method=spec.method,
                date=ctx.day(-spec.days_ago),
                before=spec.before,
                after=spec.after,
                conclusion=spec.conclusion,
                tracked_child=ctx.children[spec.tracked_child] if spec.tracked_child else None,
            ),
            learning_points=[ctx.lps[key] for key in spec.learning_points],
            actions=[ctx.actions[key] for key in spec.actions],
            by=ctx.users["lead"],
        )


def _move_actions_on(ctx: _Context) -> None:
    """Walk each action through its stages in order, with progress notes and evidence on the way."""
    order = [str(s) for s in Action.ORDER]
    for spec in ACTIONS:
        action = ctx.actions[spec.key]
        by = ctx.users[spec.person] if spec.person else ctx.users["lead"]
        target = order.index(spec.status)
        if target >= order.index(IP):
            services.action_set_status(action=action, status=IP, by=by)
        for text in spec.updates:
            services.action_add_update(action=action, text=text, by=by)
        for description, url in spec.evidence:
            services.evidence_add(action=action, description=description, url=url, by=by)
        for status in order[order.index(DONE) : target + 1]:
            services.action_set_status(action=action, status=status, by=by)
        if spec.done is not None and action.is_done:
            # The service stamps today; the demo's history needs the day it was really done.
            action.completed_on = ctx.day(spec.done)
            services.action_save(action=action, by=by)


def _add_disseminations(ctx: _Context) -> None:
    lead = ctx.users["lead"]
    for spec in DISSEMINATIONS:
        dissemination = services.dissemination_save(
            dissemination=Dissemination(
                partnership=ctx.partnership,
                kind=spec.kind,
                title=spec.title,
                date=ctx.day(-spec.days_ago),
                description=spec.description,
                people_reached=spec.people_reached,
            ),
            audience_agencies=[ctx.agencies[key] for key in spec.audience],
            learning_points=[ctx.lps[key] for key in spec.learning_points],
            reach={ctx.agencies[key]: people for key, people in spec.reach},
            by=lead,
        )
        if spec.briefing:
            parts = dict(zip((name for name, _ in SevenMinuteBriefing.PARTS), spec.briefing, strict=True))
            services.briefing_save(briefing=SevenMinuteBriefing(dissemination=dissemination, **parts), by=lead)
