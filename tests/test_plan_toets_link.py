"""The verbeterplan behind the collegiale toets: recommendations become measures that fit."""

from __future__ import annotations

from dialogs.plan.document import MAX_TITLE
from dialogs.plan.toets_link import shorten


def test_a_long_recommendation_is_cut_at_a_word_and_marked():
    words = "Leg met de woningcorporaties vast wie welke signalen deelt, " * 5
    title = shorten(words)
    assert len(title) <= MAX_TITLE
    assert title.endswith("…")
    assert words.startswith(title[:-1])
    assert not title[:-1].endswith((" ", ","))


def test_a_short_recommendation_stays_as_it_is():
    assert shorten("  Maak   een analyse.  ") == "Maak een analyse."
