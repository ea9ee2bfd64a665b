from django.core.management.base import BaseCommand, CommandError

from articles.desk import takedown_images
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Give the image of stories taken off the site new addresses, deleting the files at the old ones: what a "
        "takedown does, for one the media folder refused (its log line and the desk's message name the story); "
        "without ids, for every takedown whose move has not been made."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "ids", nargs="*", type=int, help="the stories' ids (default: every story whose takedown still owes it)"
        )

    def handle(self, *args, ids, **options):
        owed = not ids
        if owed:
            ids = list(
                Article.objects.filter(image_urls_owed_at__isnull=False).order_by("pk").values_list("pk", flat=True)
            )
            if not ids:
                self.stdout.write("No takedown owes its image new addresses.")
                return
        for pk in ids:
            story = Article.objects.filter(pk=pk).first()
            if story is None:
                raise CommandError(f"There is no story {pk}.")
            if story.is_live and owed:
                Article.objects.filter(pk=pk).update(image_urls_owed_at=None)
                self.stdout.write(f"Story {pk} is on the site again: its image keeps its addresses.")
                continue
            if story.is_live:
                raise CommandError(f"Story {pk} is on the site: readers' links to its image must keep working.")
            try:
                renamed = takedown_images.retire(pk)
            except OSError as error:
                raise CommandError(
                    f"Story {pk}: the media folder still refuses ({error}); fix {takedown_images.folder(pk)} first."
                ) from error
            self.stdout.write(
                self.style.SUCCESS(f"Story {pk}: its image's old addresses answer no more.")
                if renamed
                else f"Story {pk} has no image renditions."
            )
