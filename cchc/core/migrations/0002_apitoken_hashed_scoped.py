import hashlib

from django.db import migrations, models


def hash_existing(apps, schema_editor):
    """Tokens issued before hashing keep working: their plain key becomes its hash (scope write, as before)."""
    ApiToken = apps.get_model("core", "ApiToken")
    for t in ApiToken.objects.all():
        ApiToken.objects.filter(pk=t.pk).update(key_hash=hashlib.sha256(t.key.encode()).hexdigest(),
                                                prefix=t.key[:6], scope="write")


class Migration(migrations.Migration):

    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AddField("apitoken", "key_hash", models.CharField(editable=False, max_length=64, null=True)),
        migrations.AddField("apitoken", "prefix", models.CharField(blank=True, editable=False, max_length=16,
                                                                   verbose_name="tiền tố")),
        migrations.AddField("apitoken", "scope", models.CharField(
            choices=[("read", "Chỉ đọc"), ("write", "Đọc và ghi")], default="read", max_length=5,
            verbose_name="phạm vi")),
        migrations.AddField("apitoken", "expires_at", models.DateTimeField(blank=True, null=True,
                                                                           verbose_name="hết hạn")),
        migrations.AddField("apitoken", "last_used_at", models.DateTimeField(blank=True, null=True,
                                                                             verbose_name="dùng lần cuối")),
        migrations.RunPython(hash_existing, migrations.RunPython.noop),
        migrations.RemoveField("apitoken", "key"),
        migrations.AlterField("apitoken", "key_hash", models.CharField(editable=False, max_length=64, unique=True)),
    ]
