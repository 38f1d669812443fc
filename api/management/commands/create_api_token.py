"""``manage.py create_api_token USERNAME [--name NAME]``: make an API token; its key is the last line printed."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.models import ApiToken


class Command(BaseCommand):
    help = "Make a named API token for a user and print its key (the only time it is shown) as the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default=None, help="What the token is for (default: 'cli-<timestamp>').")

    def handle(self, *args, username, name, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
        name = name or f"cli-{timezone.now():%Y%m%d-%H%M%S}"
        try:
            token, key = ApiToken.issue(user=user, name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stderr.write(f"Token {token.name!r} for {username}. Keep the key secret; it is not shown again.")
        self.stdout.write(key)
