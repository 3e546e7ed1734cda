"""Theme suggestions: a model trained on the partnership's own tagged records.

TF-IDF of words and pairs of words, then one logistic regression a theme (one-vs-rest). A
theme is suggested when its probability is at least SUGGEST_AT, or when its own words (from the
theme taxonomy's name and description) are in the text; best first, at most MAX_SUGGESTIONS.
With fewer than MIN_TRAINING tagged records there is no model and only the words are matched. Suggestions are only offered;
nothing is ticked for the user. Figures: bench/theme_suggestions.py.

The fitted model is stored in the database (ThemeModel), so every process and machine uses the
same one; a background task retrains it when RETRAIN_AFTER new tagged records have arrived.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import joblib
from django.db import transaction
from django.utils import timezone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from learnloop.insights.models import ThemeModel
from learnloop.themes.models import Theme

MIN_TRAINING = 30  # tagged records before a model is trained
MIN_PER_THEME = 3  # a theme needs this many examples to be learned
RETRAIN_AFTER = 20  # new tagged records before the model is trained again
SUGGEST_AT = 0.5
TAXONOMY_AT = 0.25
MAX_SUGGESTIONS = 4
STOP = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "has",
    "have",
    "in",
    "into",
    "is",
    "it",
    "its",
    "not",
    "of",
    "on",
    "or",
    "so",
    "that",
    "the",
    "their",
    "them",
    "they",
    "this",
    "to",
    "was",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "with",
    "without",
    "all",
    "any",
    "about",
    "after",
    "before",
    "between",
}


def _words(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in STOP}


class Model:
    """The fitted pipeline and the themes it knows (their codes, in the binariser's order)."""

    def __init__(self, pipeline: Any, codes: list[str]) -> None:
        self.pipeline = pipeline
        self.codes = codes

    def scores(self, text: str) -> dict[str, float]:
        probabilities = self.pipeline.predict_proba([text])[0]
        return {code: float(p) for code, p in zip(self.codes, probabilities, strict=True)}


def fit(texts: Sequence[str], labels: Sequence[Sequence[str]]) -> Model | None:
    counts: dict[str, int] = {}
    for row in labels:
        for code in row:
            counts[code] = counts.get(code, 0) + 1
    kept = sorted(code for code, n in counts.items() if n >= MIN_PER_THEME)
    if len(texts) < MIN_TRAINING or len(kept) < 2:
        return None
    binariser = MultiLabelBinarizer(classes=kept)
    y = binariser.fit_transform([[c for c in row if c in kept] for row in labels])
    pipeline = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, stop_words="english"),
        OneVsRestClassifier(LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000)),
    )
    pipeline.fit(list(texts), y)
    return Model(pipeline, kept)


def taxonomy_scores(text: str, themes: Sequence[tuple[str, str, str]]) -> dict[str, float]:
    """The share of a theme's own words (name and description) found in the text."""
    words = _words(text)
    scores = {}
    for code, name, description in themes:
        theme_words = _words(f"{name} {description}")
        name_words = _words(name)
        if not theme_words:
            continue
        hits = len(words & theme_words)
        if name_words and name_words <= words:
            hits += len(theme_words)  # the whole name is in the text
        scores[code] = hits / len(theme_words)
    return scores


def predict(model: Model | None, text: str, themes: Sequence[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """[(code, why)] best first: the model's themes at SUGGEST_AT or more, then any theme whose
    own words are in the text (the taxonomy fallback, used for every theme: on the labelled
    sample the two together beat either alone)."""
    names = {code: name for code, name, _ in themes}
    ranked: list[tuple[float, str, str]] = []
    if model is not None:
        for code, p in model.scores(text).items():
            if p >= SUGGEST_AT and code in names:
                ranked.append((p, code, f"like records tagged with it before ({p:.0%})"))
    chosen = {code for _, code, _ in ranked}
    for code, share in taxonomy_scores(text, themes).items():
        if share >= TAXONOMY_AT and code not in chosen:
            ranked.append((share / 2, code, "its own words are in the text"))
    ranked.sort(key=lambda r: -r[0])
    return [(code, why) for _, code, why in ranked[:MAX_SUGGESTIONS]]


# Storage -------------------------------------------------------------------------------------


def dump(model: Model) -> bytes:
    buffer = io.BytesIO()
    joblib.dump({"pipeline": model.pipeline, "codes": model.codes}, buffer)
    return buffer.getvalue()


def load(stored: ThemeModel | None) -> Model | None:
    if stored is None:
        return None
    data = joblib.load(io.BytesIO(bytes(stored.model)))
    return Model(data["pipeline"], data["codes"])


def training_records(partnership: Any) -> list[tuple[str, tuple[str, ...]]]:
    """Every tagged record of the partnership with words, from every source (read as the lead
    officer would: the model is the partnership's own and suggests only theme names)."""
    from learnloop.accounts.models import Membership
    from learnloop.accounts.roles import Role
    from learnloop.core import registry

    reader = Membership(partnership=partnership, role=Role.LEAD_OFFICER)
    return [(r.text, r.themes) for r in registry.themed_records(reader, None, None) if r.themes and r.text.strip()]


@transaction.atomic
def theme_model_train(*, partnership: Any) -> ThemeModel | None:
    """Train the partnership's model on its tagged records and store it (or remove it when
    there are too few)."""
    rows = training_records(partnership)
    model = fit([t for t, _ in rows], [list(labels) for _, labels in rows])
    if model is None:
        ThemeModel.objects.filter(partnership=partnership).delete()
        return None
    stored, _ = ThemeModel.objects.update_or_create(
        partnership=partnership,
        defaults={
            "model": dump(model),
            "records": len(rows),
            "trained_on": tagged_count(partnership),
            "themes": model.codes,
            "trained_at": timezone.now(),
        },
    )
    return stored


def tagged_count(partnership: Any) -> int:
    from learnloop.loop.models import LearningPoint

    return LearningPoint.objects.filter(partnership=partnership, themes__isnull=False).distinct().count()


def suggest(m: Any, text: str) -> list[tuple[str, str, str]]:
    """[(code, name, why)] for the text, best first; asks for retraining when it is due."""
    if not text.strip():
        return []
    themes = list(
        Theme.objects.filter(partnership_id=m.partnership_id, retired_at__isnull=True).values_list(
            "code", "name", "description"
        )
    )
    stored = ThemeModel.objects.filter(partnership_id=m.partnership_id).first()
    due = (stored is None and tagged_count(m.partnership) >= MIN_TRAINING) or (
        stored is not None and tagged_count(m.partnership) >= stored.trained_on + RETRAIN_AFTER
    )
    if due:
        from learnloop.insights.tasks import retrain_theme_model

        transaction.on_commit(lambda: retrain_theme_model.enqueue(partnership_id=m.partnership_id))
    names = {code: name for code, name, _ in themes}
    return [(code, names[code], why) for code, why in predict(load(stored), text, themes)]
