"""Sharing, embedding, impact evaluations and tracked children for the demo partnership."""

from __future__ import annotations

from learnloop.loop.demo.specs import (
    ALL_AGENCIES,
    INTRANET,
    Child,
    Emb,
    Imp,
    K,
    Share,
)
from learnloop.loop.models import (
    Embedding,
    Impact,
)

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
        "Before the weekly tracker began, timeliness was inside its usual range (the linked indicator shows the "
        "quarter).",
        "The last two quarters fell below the lower process limit: a special cause for concern (the linked "
        "indicator shows the figures).",
        "The weekly tracker has not restored timeliness on its own: meetings slipped when two chairs left. MISE "
        "has asked the committee to agree interim chairing and will re-check the next quarter.",
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
