"""Importers for Mind of My Own, KoboToolbox and LimeSurvey exports."""

from learnloop.voice.importers.importer import (
    ImportOptions,
    ImportRejected,
    RowProblem,
    views_check,
    views_import,
    views_prepare,
)
from learnloop.voice.importers.sources import FORMATS

__all__ = ["FORMATS", "ImportOptions", "ImportRejected", "RowProblem", "views_check", "views_import", "views_prepare"]
