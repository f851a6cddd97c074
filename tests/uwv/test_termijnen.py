"""The deadlines of a claim, to the day: stored at registration, moved by UWV's actions and the daily run.

Eerste AO-dag Monday 2 March 2026, report Wednesday 15 April 2026. By hand: decision by 27 May
2026 (+ 6 weeks), extended 24 June; EZWb week 52 = 28 February 2027; WIA letter week 89 =
14 November 2027, made from 25 October 2027 (week 87); EZWb invitation from 11 January 2027
(week 46); end of the waiting time week 104 = 27 February 2028.
"""

from datetime import date

import pytest
import time_machine
from tests.uwv.conftest import ziekmelding

from vangnet.uwv import models
from vangnet.uwv.claims import (
    ClaimGeweigerd,
    beslis,
    registreer_ezwb,
    registreer_ziekmelding,
    termijnoverzicht,
    verleng_beoordeling,
)
from vangnet.uwv.constants import Bron
from vangnet.uwv.models import Ziektewetclaim
from vangnet.uwv.verwerking import verwerk

EERSTE_AO_DAG = date(2026, 3, 2)
MELDING = date(2026, 4, 15)


def op(dag: str):
    return time_machine.travel(f"{dag} 09:00 +01:00", tick=False)


@pytest.fixture
def claim(uwv):
    with op("2026-04-15"):
        melding = ziekmelding(einde=date(2026, 3, 31), eerste_ao_dag=EERSTE_AO_DAG, melding=MELDING)
        return registreer_ziekmelding(uwv, melding, bron=Bron.PORTAAL).claim


def volgende(claim: Ziektewetclaim) -> tuple[str, date | None]:
    claim.refresh_from_db()
    return claim.volgende_termijn, claim.volgende_uiterlijk


def test_registration_stores_every_deadline(claim):
    assert (claim.beoordeling_uiterlijk, claim.ezwb_uiterlijk, claim.wia_brief_uiterlijk, claim.einde_wachttijd) == (
        date(2026, 5, 27), date(2027, 2, 28), date(2027, 11, 14), date(2028, 2, 27)
    )  # fmt: skip
    assert volgende(claim) == ("beoordeling", date(2026, 5, 27))


@pytest.mark.parametrize(("vandaag", "te_laat"), [(date(2026, 5, 27), 0), (date(2026, 5, 28), 1)])
def test_a_claim_is_late_from_the_day_after_its_deadline(claim, vandaag, te_laat):
    assert models.te_laat(Ziektewetclaim.objects.all(), vandaag).count() == te_laat
    regels = {regel.soort: regel for regel in termijnoverzicht(claim, vandaag)}
    assert regels["beoordeling"].te_laat is bool(te_laat)
    assert not regels["ezwb"].te_laat


def test_the_assessment_is_extended_once_on_its_last_day_at_the_latest(claim):
    with pytest.raises(ClaimGeweigerd, match="reden"):
        verleng_beoordeling(claim, "  ", date(2026, 5, 27))
    verleng_beoordeling(claim, "Medisch advies van de behandelaar nodig.", date(2026, 5, 27))
    assert volgende(claim) == ("beoordeling", date(2026, 6, 24))
    assert claim.reden_verlenging == "Medisch advies van de behandelaar nodig."
    with pytest.raises(ClaimGeweigerd, match="maar één keer"):
        verleng_beoordeling(claim, "Nog eens.", date(2026, 6, 1))


def test_extending_after_the_deadline_is_refused(claim):
    with pytest.raises(ClaimGeweigerd, match="27-05-2026 verstreken"):
        verleng_beoordeling(claim, "Te laat bedacht.", date(2026, 5, 28))
    assert volgende(claim) == ("beoordeling", date(2026, 5, 27))


def test_a_decision_moves_on_to_the_ezwb_and_the_ezwb_to_the_wia_letter(claim):
    beslis(claim, True, date(2026, 5, 20))
    assert volgende(claim) == ("ezwb", date(2027, 2, 28))
    with pytest.raises(ClaimGeweigerd, match="al beslist"):
        beslis(claim, False, date(2026, 5, 21))
    registreer_ezwb(claim, date(2027, 2, 20), date(2027, 2, 22))
    assert volgende(claim) == ("wia_brief", date(2027, 11, 14))


def test_a_refusal_ends_the_claim(claim):
    beslis(claim, False, date(2026, 5, 20))
    claim.refresh_from_db()
    assert (claim.status, claim.datum_einde_uitkering, claim.reden_einde) == ("beeindigd", date(2026, 5, 20), "anders")
    assert volgende(claim) == ("", None)


def test_the_ezwb_invitation_is_made_from_the_first_day_of_week_46(claim):
    beslis(claim, True, date(2026, 5, 20))
    with op("2027-01-10"):
        assert verwerk().brieven == 0
    with op("2027-01-11"):
        assert verwerk().brieven == 1
        assert verwerk().brieven == 0  # once
    brief = claim.brieven.get(type="ezwb")
    assert brief.datum == date(2027, 1, 11)
    assert "uiterlijk op 28 februari 2027" in brief.html
    assert volgende(claim) == ("ezwb", date(2027, 2, 28))  # the letter is not the EZWb itself


def test_the_wia_letter_is_made_from_week_87_and_meets_its_deadline(claim):
    beslis(claim, True, date(2026, 5, 20))
    registreer_ezwb(claim, date(2027, 2, 20), date(2027, 2, 22))
    with op("2027-10-24"):
        verwerk()
    assert not claim.brieven.filter(type="wia").exists()
    with op("2027-10-25"):
        verwerk()
    brief = claim.brieven.get(type="wia")
    assert "uiterlijk aan op 12 december 2027" in brief.html  # week 93
    assert "27 februari 2028" in brief.html
    assert volgende(claim) == ("einde_wachttijd", date(2028, 2, 27))


def test_the_benefit_ends_by_itself_after_week_104(claim):
    with op("2028-02-27"):
        assert verwerk().beeindigd == 0
    with op("2028-02-28"):
        assert verwerk().beeindigd == 1
    claim.refresh_from_db()
    assert (claim.status, claim.datum_einde_uitkering, claim.reden_einde) == (
        "beeindigd", date(2028, 2, 27), "maximumduur"
    )  # fmt: skip
    # Only the undecided assessment is left.
    assert volgende(claim) == ("beoordeling", date(2026, 5, 27))
