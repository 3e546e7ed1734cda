from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.accounts.roles import Role
from learnloop.accounts.services import MembershipError, membership_create
from learnloop.partnership.models import Agency, Partnership


class Command(BaseCommand):
    help = "Add a person to a partnership (operators use it for the first lead officer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--agency", help="The agency's name, exactly as in the partnership.")
        parser.add_argument("--password", help="Set this password (otherwise set one with changepassword).")

    def handle(self, *args: Any, **o: Any) -> None:
        partnership = Partnership.objects.filter(slug=o["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership with the slug '{o['partnership']}'.")
        agency = None
        if o.get("agency"):
            agency = Agency.objects.filter(partnership=partnership, name=o["agency"]).first()
            if agency is None:
                raise CommandError(f"No agency called '{o['agency']}' in {partnership}.")
        if o["role"] in {Role.AGENCY_LEAD, Role.CONTRIBUTOR} and agency is None:
            raise CommandError("Agency leads and contributors need --agency.")
        try:
            membership = membership_create(
                partnership=partnership, email=o["email"], full_name=o["name"], role=o["role"], agency=agency
            )
        except MembershipError as error:
            raise CommandError(str(error)) from error
        if o.get("password"):
            membership.user.set_password(o["password"])
            membership.user.save()
        self.stdout.write(self.style.SUCCESS(f"Added {membership}."))
