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


@task
def warm_charts(partnership_id: int) -> str:
    """Draw the partnership's dashboard charts after its data changed, so the first reader after
    an import does not wait for them: by quarter (the page's default), with and without small
    numbers shown. Other period kinds are drawn by their first reader."""
    from learnloop.dataset import selectors
    from learnloop.dataset.computation import cached_facts

    indicators = list(selectors.indicator_list())
    drawn = 0
    for kind in ("quarter",):
        for suppressed in (False, True):
            drawn += len(selectors.panels_for(partnership_id, kind=kind, indicators=indicators, suppressed=suppressed))
    # The monthly facts too, for a view across partnerships (`compute_many(..., cached=True)`).
    cached_facts([partnership_id])
    return f"{drawn} charts"
