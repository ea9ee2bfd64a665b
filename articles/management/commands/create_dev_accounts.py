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
        kept = []
        for username, group in ACCOUNTS.items():
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            if created:
                user.set_password(PASSWORD)
                user.save()
            elif not user.check_password(PASSWORD):
                kept.append(username)  # someone's own account by that name: never given a role it did not have
                continue
            user.groups.set([Group.objects.get(name=group)])
        names = ", ".join(name for name in ACCOUNTS if name not in kept)
        if names:
            self.stdout.write(self.style.SUCCESS(f"Development accounts: {names}; password '{PASSWORD}' for each."))
        if kept:
            self.stdout.write(f"Left as they are, with their own passwords: {', '.join(kept)}.")
