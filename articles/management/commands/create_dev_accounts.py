from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError

PASSWORD = "newsroom-dev"
ACCOUNTS = {"reporter": "Reporters", "editor": "Editors", "publisher": "Publishers"}


class Command(BaseCommand):
    help = "Development only: create a reporter, an editor and a publisher account with a known password."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refused: these accounts have a public password; run with DJANGO_DEBUG=1 only.")
        for username, group in ACCOUNTS.items():
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            if created:
                user.set_password(PASSWORD)
                user.save()
            user.groups.set([Group.objects.get(name=group)])
        names = ", ".join(ACCOUNTS)
        self.stdout.write(self.style.SUCCESS(f"Development accounts: {names}; password '{PASSWORD}' for each."))
