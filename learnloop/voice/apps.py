from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "learnloop.voice"
    label = "voice"

    def ready(self) -> None:
        from learnloop.core.registry import (
            Source,
            register_demo_seeder,
            register_evidence_kind,
            register_home_panel,
            register_source,
            register_themed_records,
        )
        from learnloop.voice import report_sections

        report_sections.register()
        from learnloop.voice.ingest import register as register_importers

        register_importers()
        from learnloop.voice.demo import seed_voice
        from learnloop.voice.home import safety_flags_panel, whats_new_panel
        from learnloop.voice.impact_evidence import VIEWS_EVIDENCE
        from learnloop.voice.themed import PROVIDER

        register_source(
            Source(
                key="voice",
                title="Voice of children and families",
                description=(
                    "Views from Mind of My Own, “Having your say”, focus groups and surveys; safety flags; "
                    "and “you said, we did” responses published back to children and families."
                ),
                url_name="voice:index",
                order=40,
            )
        )
        register_home_panel(safety_flags_panel)
        register_home_panel(whats_new_panel)
        register_demo_seeder(seed_voice)
        register_evidence_kind(VIEWS_EVIDENCE)
        register_themed_records(PROVIDER)
