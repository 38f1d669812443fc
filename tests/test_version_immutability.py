"""A published version is a citation target: the database itself refuses to rewrite or delete it."""

import pytest
from django.db import DatabaseError, connection, transaction

from registry.models import Version
from tests.factories import make_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(owner, moderator):
    return Version.objects.get(entry=make_published(owner, moderator))


def refused(write) -> None:
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        write()


@pytest.mark.parametrize("route", [
    "queryset update of the snapshot", "queryset update of the hash", "queryset update of the change note",
    "bulk update", "raw SQL update", "queryset delete", "raw SQL delete",
])
def test_the_database_refuses_every_route_to_rewrite_or_delete_a_version(version, route):
    writes = {
        "queryset update of the snapshot": lambda: Version.objects.filter(pk=version.pk).update(snapshot={"x": 1}),
        "queryset update of the hash": lambda: Version.objects.filter(pk=version.pk).update(sha256="0" * 64),
        "queryset update of the change note": lambda: Version.objects.filter(pk=version.pk).update(change_note="x"),
        "bulk update": lambda: Version.objects.bulk_update([_changed(version.pk)], ["snapshot"]),
        "raw SQL update": lambda: _raw("UPDATE registry_version SET sha256 = %s WHERE id = %s", ["f" * 64, version.pk]),
        "queryset delete": lambda: Version.objects.filter(pk=version.pk).delete(),
        "raw SQL delete": lambda: _raw("DELETE FROM registry_version WHERE id = %s", [version.pk]),
    }

    refused(writes[route])

    stored = Version.objects.get(pk=version.pk)
    assert (stored.snapshot, stored.sha256, stored.change_note) == (version.snapshot, version.sha256,
                                                                   version.change_note)


def test_save_refuses_too(version):
    version.change_note = "rewritten"
    with pytest.raises(ValueError, match="immutable"):
        version.save()


def test_a_deleted_user_leaves_their_versions_in_place(version, moderator):
    # created_by may still become NULL: the snapshot, hash and note stay as they were.
    author = version.created_by
    author.delete()

    stored = Version.objects.get(pk=version.pk)
    assert stored.created_by is None and stored.sha256 == version.sha256


def _changed(pk):
    copy = Version.objects.get(pk=pk)
    copy.snapshot = {"rewritten": True}
    return copy


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db(transaction=True)
def test_flush_empties_a_database_holding_versions_and_keeps_the_guards(owner, moderator):
    from django.core.management import call_command

    make_published(owner, moderator)

    call_command("flush", interactive=False, verbosity=0)

    assert not Version.objects.exists()
    owner2 = type(owner).objects.create(username="again")
    moderator2 = type(moderator).objects.create(username="mod-again", is_staff=True)
    version = Version.objects.get(entry=make_published(owner2, moderator2))
    refused(lambda: Version.objects.filter(pk=version.pk).delete())
