"""The home page names each shared theme once, with the partnerships sharing it, in a fixed
number of queries however many share."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learnloop.national import services
from learnloop.national.models import ShareKind
from learnloop.partnership.services import partnership_create

pytestmark = pytest.mark.django_db


def test_each_shared_theme_is_named_once_with_who_shares_it(client, world, national) -> None:
    for p in (world.partnership, world.other_partnership):
        services.share_kind(partnership=p, kind=ShareKind.THEME, by=None)
    name = world.partnership.themes.exclude(code="planted-theme").order_by("name").first().name
    assert world.other_partnership.themes.filter(name=name).exists()
    client.force_login(national.reader)
    page = client.get(reverse("national:home")).content.decode()
    assert page.count(f'<th scope="row" class="govuk-table__header">{name}</th>') == 1
    assert "2: Glen Child Protection Committee, Other Child Protection Committee" in page
    assert "PLANTED-THEME" in page  # Glen now shares all its themes, this one too


def test_the_queries_do_not_grow_with_the_partnerships_sharing(client, world, national) -> None:
    services.share_kind(partnership=world.partnership, kind=ShareKind.THEME, by=None)
    client.force_login(national.reader)
    client.get(reverse("national:home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("national:home"))
    for n in range(4):
        more = partnership_create(slug=f"more-{n}", name=f"More {n} Child Protection Committee")
        services.share_kind(partnership=more, kind=ShareKind.THEME, by=None)
    with CaptureQueriesContext(connection) as five:
        page = client.get(reverse("national:home")).content.decode()
    assert len(five) == len(one)
    assert "More 3 Child Protection Committee" in page
