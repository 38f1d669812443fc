"""The fixed cast every permission test uses, and one entry in each state owned by ``owner``.

- ``owner``: the researcher who files the entries below;
- ``other_researcher``: a signed-up researcher with no relation to them;
- ``moderator``: a member of the moderators group (not staff);
- ``anonymous``: a visitor who has not signed in.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import ModeratorFactory, UserFactory, make_draft, make_published, make_submitted


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def other_researcher(db):
    return UserFactory(username="other")


@pytest.fixture
def moderator(db):
    return ModeratorFactory(username="moderator")


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def draft(owner):
    """A draft by ``owner``: one author, one claim countered."""
    return make_draft(owner, title="A draft nobody else may see")


@pytest.fixture
def submitted(owner):
    """An entry by ``owner`` waiting for a moderator."""
    return make_submitted(owner, title="A submission awaiting review")


@pytest.fixture
def published(owner, moderator):
    """An entry by ``owner``, published by ``moderator`` as version 1."""
    return make_published(owner, moderator, title="A published negative result")
