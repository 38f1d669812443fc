"""The benchmark command runs on both engines, leaves nothing behind and prints its ratios."""

import io
import re

import pytest
from django.core.management import call_command

from registry.models import Entry


@pytest.mark.django_db
def test_the_benchmark_prints_ratios_and_rolls_back():
    out = io.StringIO()
    call_command("bench", small=3, large=12, repeat=1, stdout=out)
    text = out.getvalue()
    assert "entries (small -> large): 3 -> 12" in text
    assert re.search(r"full-text search time, large/small corpus: [\d.]+x for 4\.0x the entries", text)
    # Query counts do not grow with the page size or the corpus: the ratios are exactly 1.
    assert re.search(r"API list queries, page of 50 / page of 1: (\d+)/\1 = 1\.00", text)
    assert re.search(r"search page queries, large / small corpus: (\d+)/\1 = 1\.00", text)
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_the_benchmark_refuses_sizes_in_the_wrong_order():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("bench", small=10, large=5, stdout=io.StringIO())
