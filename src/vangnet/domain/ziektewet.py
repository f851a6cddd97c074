"""UWV's deadlines on the Ziektewet claim of someone who fell ill out of service.

How vangnet reads them:

- The assessment of the claim (beoordeling): a decision within six weeks of the day the
  employer's report arrived, which UWV may extend once by four weeks, giving the reason
  (Algemene wet bestuursrecht art. 4:13 and 4:14). Counted as days: report + 42 (+ 28).
- The other deadlines are sick weeks, counted from the eerste AO-dag with the arithmetic and
  table of :mod:`vangnet.domain.poortwachter` ("week N" is the last day of week N):
  the eerstejaars ZW-beoordeling (EZWb) in week 52 (Ziektewet art. 19aa), UWV's letter that a
  WIA application is possible by week 89 (Wet WIA art. 64), the application itself by week 93,
  and the end of the waiting time and of the benefit in week 104.
- The letters are made some weeks ahead: the EZWb invitation from week 46, the WIA letter
  from week 87, so each is out before its deadline when the daily run works.
- A report is refused when the eerste AO-dag lies after the report (no sickness yet), more
  than 4 weeks after the end of employment (then it is no "ziek uit dienst"), or when the
  waiting time had already ended on the day of the report.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from vangnet.domain.errors import DomainError
from vangnet.domain.poortwachter import NIEUW_ZIEKTEGEVAL_DAGEN, STAPPEN, WACHTTIJD_WEKEN, einde_week

Termijnsoort = Literal["beoordeling", "ezwb", "wia_brief", "einde_wachttijd"]

BEOORDELING_WEKEN = 6
VERLENGING_WEKEN = 4
_WEEK_VAN = {definitie.stap: definitie.week for definitie in STAPPEN}
EZWB_WEEK = _WEEK_VAN["ezwb"]
WIA_AANVRAAG_WEEK = _WEEK_VAN["wia_aanvraag"]
WIA_BRIEF_WEEK = 89
EZWB_BRIEF_VANAF_WEEK = 46
WIA_BRIEF_VANAF_WEEK = 87


class ZiektewetError(DomainError):
    """A report or a change of a claim that contradicts the Ziektewet's dates."""


@dataclass(frozen=True)
class Termijn:
    """One of UWV's deadlines on a claim."""

    soort: Termijnsoort
    omschrijving: str
    uiterlijk: date
    week: int | None
    grondslag: str


def beoordelingstermijn(datum_melding: date, verlengd: bool = False) -> date:
    """The last day for the decision on the claim: six weeks after the report, four more when extended."""
    weken = BEOORDELING_WEKEN + (VERLENGING_WEKEN if verlengd else 0)
    return datum_melding + timedelta(weeks=weken)


def einde_wachttijd(eerste_ao_dag: date) -> date:
    """The last day of week 104: the Ziektewet benefit ends, a WIA benefit may start the next day."""
    return einde_week(eerste_ao_dag, WACHTTIJD_WEKEN)


def termijnen(eerste_ao_dag: date, datum_melding: date, verlengd: bool = False) -> list[Termijn]:
    """UWV's deadlines on the claim, by date."""
    rijen = [
        Termijn(
            "beoordeling",
            "Beoordeling Ziektewet-aanvraag" + (" (verlengd)" if verlengd else ""),
            beoordelingstermijn(datum_melding, verlengd),
            None,
            "Awb art. 4:13 en 4:14",
        ),
        Termijn(
            "ezwb",
            "Eerstejaars ZW-beoordeling (EZWb)",
            einde_week(eerste_ao_dag, EZWB_WEEK),
            EZWB_WEEK,
            "Ziektewet art. 19aa",
        ),
        Termijn(
            "wia_brief",
            "Brief over de WIA-aanvraag",
            einde_week(eerste_ao_dag, WIA_BRIEF_WEEK),
            WIA_BRIEF_WEEK,
            "Wet WIA art. 64",
        ),
        Termijn(
            "einde_wachttijd",
            "Einde wachttijd en Ziektewet-uitkering",
            einde_wachttijd(eerste_ao_dag),
            WACHTTIJD_WEKEN,
            "Ziektewet art. 29; Wet WIA art. 23",
        ),
    ]
    return sorted(rijen, key=lambda termijn: termijn.uiterlijk)


def volgende_termijn(rijen: Sequence[Termijn], afgerond: Collection[str]) -> Termijn | None:
    """The earliest deadline not yet met; a deadline that passed stays next until it is met."""
    open_termijnen = [termijn for termijn in rijen if termijn.soort not in afgerond]
    return min(open_termijnen, key=lambda termijn: termijn.uiterlijk, default=None)


def is_te_laat(uiterlijk: date | None, vandaag: date) -> bool:
    """A deadline is late from the day after its last day."""
    return uiterlijk is not None and uiterlijk < vandaag


def wia_aanvraag_uiterlijk(eerste_ao_dag: date) -> date:
    """The last day to apply for WIA: week 93 (Wet WIA art. 64)."""
    return einde_week(eerste_ao_dag, WIA_AANVRAAG_WEEK)


def ezwb_brief_vanaf(eerste_ao_dag: date) -> date:
    """From this day the EZWb invitation is made: the day after week 45, the first day of week 46."""
    return einde_week(eerste_ao_dag, EZWB_BRIEF_VANAF_WEEK - 1) + timedelta(days=1)


def wia_brief_vanaf(eerste_ao_dag: date) -> date:
    """From this day the WIA letter is made: the first day of week 87."""
    return einde_week(eerste_ao_dag, WIA_BRIEF_VANAF_WEEK - 1) + timedelta(days=1)


def controleer_ziekmelding(eerste_ao_dag: date, datum_einde_arbeidsverhouding: date, datum_melding: date) -> None:
    """Refuse a report of "ziek uit dienst" whose dates cannot be a Ziektewet claim."""
    if eerste_ao_dag > datum_melding:
        raise ZiektewetError(
            f"De eerste AO-dag ({eerste_ao_dag:%d-%m-%Y}) ligt na de datum van de melding "
            f"({datum_melding:%d-%m-%Y}): meld pas wie al ziek is."
        )
    if (eerste_ao_dag - datum_einde_arbeidsverhouding).days > NIEUW_ZIEKTEGEVAL_DAGEN:
        raise ZiektewetError(
            f"De eerste AO-dag ({eerste_ao_dag:%d-%m-%Y}) ligt meer dan 4 weken na het einde van de "
            f"arbeidsverhouding ({datum_einde_arbeidsverhouding:%d-%m-%Y}): dat is geen ziek uit dienst."
        )
    einde = einde_wachttijd(eerste_ao_dag)
    if datum_melding > einde:
        raise ZiektewetError(
            f"De wachttijd van 104 weken eindigde al op {einde:%d-%m-%Y}: er is geen Ziektewet-uitkering meer "
            "om aan te vragen."
        )


def controleer_einde_uitkering(eerste_ao_dag: date, datum_einde: date) -> None:
    """The benefit cannot end before it began, nor after the end of the waiting time."""
    if datum_einde < eerste_ao_dag:
        raise ZiektewetError(
            f"De datum einde uitkering ({datum_einde:%d-%m-%Y}) ligt vóór de eerste AO-dag ({eerste_ao_dag:%d-%m-%Y})."
        )
    einde = einde_wachttijd(eerste_ao_dag)
    if datum_einde > einde:
        raise ZiektewetError(
            f"De datum einde uitkering ({datum_einde:%d-%m-%Y}) ligt na het einde van de wachttijd "
            f"({einde:%d-%m-%Y}): daar eindigt de uitkering uiterlijk."
        )
