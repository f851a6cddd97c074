"""The checks of one verwijsindex message: every entry on its own, duplicates and contradictions rejected."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vangnet.domain.bsn import synthetic_bsn
from vangnet.domain.verwijsindex import (
    AfgekeurdeVerwijzing,
    controleer_lijst,
    controleer_mutaties,
    reden_ongeldig,
)

GOED = synthetic_bsn(1)


@pytest.mark.parametrize(
    ("waarde", "reden"),
    [
        (GOED, None),
        ("999990018", "Dit BSN voldoet niet aan de elfproef."),
        ("000000000", "BSN mag niet uit alleen nullen bestaan."),
        ("12345678", "Een BSN heeft 9 cijfers, maar dit heeft er 8."),
        ("1234567890", "Een BSN heeft 9 cijfers, maar dit heeft er 10."),
        ("", "BSN ontbreekt."),
        (f"{GOED[:3]}.{GOED[3:6]}.{GOED[6:]}", "Een BSN is negen cijfers, zonder spaties, punten of streepjes."),
        ("9999a0019", "BSN mag alleen cijfers bevatten, maar bevat 'a'."),
        (999990019, "Een BSN is tekst van negen cijfers, geen getal of ander type."),
        (None, "Een BSN is tekst van negen cijfers, geen getal of ander type."),
        ("٩٩٩٩٩٠٠١٩", "BSN mag alleen cijfers bevatten, maar bevat '٩'."),  # Arabic-Indic digits are no BSN
    ],
)
def test_reden_ongeldig(waarde, reden):
    assert reden_ongeldig(waarde) == reden


def test_a_list_keeps_the_first_occurrence_and_rejects_the_rest_with_their_position():
    controle = controleer_lijst("bsns", [GOED, "999990018", GOED, synthetic_bsn(2), 12])
    assert controle.geldig == (GOED, synthetic_bsn(2))
    assert controle.afgekeurd == (
        AfgekeurdeVerwijzing("bsns", 2, "999990018", "Dit BSN voldoet niet aan de elfproef."),
        AfgekeurdeVerwijzing("bsns", 3, GOED, "Dit BSN staat al in bsns, op positie 1."),
        AfgekeurdeVerwijzing("bsns", 5, "12", "Een BSN is tekst van negen cijfers, geen getal of ander type."),
    )


def test_a_bsn_in_both_mutation_lists_is_rejected_in_both():
    erbij, eraf = controleer_mutaties([synthetic_bsn(3), GOED], [synthetic_bsn(4), synthetic_bsn(5), GOED])
    assert erbij.geldig == (synthetic_bsn(3),)
    assert eraf.geldig == (synthetic_bsn(4), synthetic_bsn(5))
    assert [(a.lijst, a.positie) for a in (*erbij.afgekeurd, *eraf.afgekeurd)] == [("toevoegen", 2), ("verwijderen", 3)]
    assert erbij.afgekeurd[0].reden.startswith("Dit BSN staat ook in verwijderen, op positie 3;")


def test_a_rejected_value_is_shown_cut_short():
    [afgekeurd] = controleer_lijst("bsns", ["9" * 500]).afgekeurd
    assert len(afgekeurd.bsn) == 40


@given(st.lists(st.one_of(st.sampled_from([synthetic_bsn(i) for i in range(5)]), st.text(max_size=12)), max_size=30))
def test_every_entry_is_either_kept_once_or_rejected(waarden):
    controle = controleer_lijst("bsns", waarden)
    assert len(controle.geldig) == len(set(controle.geldig))
    assert len(controle.geldig) + len(controle.afgekeurd) == len(waarden)
    assert [a.positie for a in controle.afgekeurd] == sorted(a.positie for a in controle.afgekeurd)
