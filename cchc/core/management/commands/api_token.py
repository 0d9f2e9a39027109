from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cchc.core.models import ApiToken


class Command(BaseCommand):
    help = "Tạo khóa API cho người dùng"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **opts):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng {username}")
        self.stdout.write(ApiToken.objects.create(user=user, label="cli").key)
