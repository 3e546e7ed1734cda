from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.partnership.models import Partnership
from learnloop.partnership.services import partnership_create


class Command(BaseCommand):
    help = "Create an empty partnership with the standard subgroups, agencies and themes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Short name used in addresses, for example 'glenmoray'.")
        parser.add_argument("name", help="The committee's name, for example 'Glenmoray Child Protection Committee'.")
        parser.add_argument("--no-agencies", action="store_true", help="Do not add the six standard agencies.")

    def handle(self, *args: Any, slug: str, name: str, no_agencies: bool, **options: Any) -> None:
        if Partnership.objects.filter(slug=slug).exists():
            raise CommandError(f"A partnership with the slug '{slug}' already exists.")
        partnership = partnership_create(slug=slug, name=name, with_default_agencies=not no_agencies)
        self.stdout.write(self.style.SUCCESS(f"Created {partnership.name} ({partnership.slug})."))
