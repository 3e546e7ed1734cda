"""Background work: large extracts are checked and loaded outside the request."""

from __future__ import annotations

from django.tasks import task

from learnloop.core.audit import acting_as


@task
def run_journey_import(import_id: int) -> str:
    from learnloop.dataset.importer import journey_import_run
    from learnloop.dataset.models import JourneyImport

    journey_import = JourneyImport.objects.select_related("partnership", "created_by").get(pk=import_id)
    with acting_as(journey_import.created_by):
        journey_import = journey_import_run(journey_import=journey_import)
    return journey_import.status
