"""The BM25 postings table, laid out for each database (the model is unmanaged)."""

from django.db import migrations


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE TABLE knowledge_posting (term varchar(120) NOT NULL, passage_id bigint NOT NULL, "
            "weight double precision NOT NULL)")
        schema_editor.execute(
            "CREATE INDEX knowledge_posting_term ON knowledge_posting (term) INCLUDE (passage_id, weight)")
        schema_editor.execute("CREATE INDEX knowledge_posting_passage ON knowledge_posting (passage_id)")
    else:  # SQLite (and any other: plain table + index)
        if vendor == "sqlite":
            schema_editor.execute(
                "CREATE TABLE knowledge_posting (term varchar(120) NOT NULL, passage_id bigint NOT NULL, "
                "weight real NOT NULL, PRIMARY KEY (term, passage_id)) WITHOUT ROWID")
        else:
            schema_editor.execute(
                "CREATE TABLE knowledge_posting (term varchar(120) NOT NULL, passage_id bigint NOT NULL, "
                "weight real NOT NULL, PRIMARY KEY (term, passage_id))")
        schema_editor.execute("CREATE INDEX knowledge_posting_passage ON knowledge_posting (passage_id)")


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE knowledge_posting")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
