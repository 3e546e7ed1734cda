"""Background work for insights: retraining a partnership's theme-suggestion model."""

from __future__ import annotations

from django.tasks import task


@task
def retrain_theme_model(*, partnership_id: int) -> None:
    from learnloop.insights.suggestions import theme_model_train
    from learnloop.partnership.models import Partnership

    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is not None:
        theme_model_train(partnership=partnership)
