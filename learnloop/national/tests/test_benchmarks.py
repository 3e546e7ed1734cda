"""The funnel plot page and the national_benchmark command place every partnership correctly."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from learnloop.core.disclosure import MARK
from learnloop.national import limits
from learnloop.national.models import NationalShare, ShareKind
from learnloop.national.tests.conftest import INDICATOR

pytestmark = pytest.mark.django_db


def _rows() -> dict[str, dict[str, str]]:
    out = io.StringIO()
    call_command("national_benchmark", INDICATOR, "--year", "2025", "--format", "csv", stdout=out)
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert reader.fieldnames == [
        "partnership",
        "value",
        "numerator",
        "denominator",
        "national_value",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "position",
    ]
    return {row["partnership"]: row for row in reader}


def test_the_command_places_every_sharing_partnership(world, national) -> None:
    rows = _rows()
    glen, other, third = (
        rows["Glen Child Protection Committee"],
        rows["Other Child Protection Committee"],
        rows["Third Child Protection Committee"],
    )
    # National: (160 + 100 + 4) / (200 + 200 + 8) = 264 / 408
    national_percent = 100 * 264 / 408
    assert float(glen["national_value"]) == pytest.approx(national_percent, abs=0.005)
    expected = limits.percent_limits(200, national_percent)
    assert float(glen["upper_998"]) == pytest.approx(expected.upper_998, abs=0.005)
    assert (glen["value"], glen["numerator"], glen["denominator"]) == ("80.00", "160", "200")
    assert glen["position"] == "above_998"
    assert other["position"] == "below_998"
    assert all(third[c] == MARK for c in ("value", "numerator", "denominator", "lower_95", "position"))


def test_a_withdrawn_indicator_leaves_the_benchmark_at_once(world, national) -> None:
    NationalShare.objects.get(partnership=national.third, kind=ShareKind.INDICATOR).delete()
    share = NationalShare.objects.get(partnership=world.other_partnership, kind=ShareKind.INDICATOR)
    from learnloop.national.services import share_withdraw

    share_withdraw(share=share, by=world.outsider)
    assert list(_rows()) == ["Glen Child Protection Committee"]


def test_an_unshared_indicator_is_refused_by_name(world, national) -> None:
    with pytest.raises(CommandError, match="concerns"):
        call_command("national_benchmark", "concerns", "--year", "2025")


def test_the_page_highlights_your_partnership_and_names_the_outliers(client, world, national) -> None:
    client.force_login(world.outsider)
    page = client.get(reverse("national:benchmark", args=[INDICATOR]), {"year": 2025}).content.decode()
    assert "Other Child Protection Committee (50.0%) is below the 99.8% limit." in page
    assert "Glen Child Protection Committee (80.0%) is above the 99.8% limit." in page
    assert page.count("Yours") == 1
    assert "<svg" in page and 'role="img"' in page
    assert MARK in page


def test_the_national_role_sees_every_partnership_and_none_as_its_own(client, world, national) -> None:
    client.force_login(national.reader)
    page = client.get(reverse("national:benchmark", args=[INDICATOR])).content.decode()
    assert "Yours" not in page
    for name in ("Glen", "Other", "Third"):
        assert f"{name} Child Protection Committee" in page
