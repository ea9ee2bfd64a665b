from django.core.management.base import BaseCommand, CommandError

from articles.desk import takedown_images
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Give the image of stories taken off the site new addresses, deleting the files at the old ones: what a "
        "takedown does, for one the media folder refused (its log line and the desk's message name the story)."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+", type=int, help="the stories' ids")

    def handle(self, *args, ids, **options):
        for pk in ids:
            story = Article.objects.filter(pk=pk).first()
            if story is None:
                raise CommandError(f"There is no story {pk}.")
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
