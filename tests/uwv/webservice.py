"""Gemeente DKD webservices for the hub in the UWV tests: reachable or not, switched by the test.

In a module of its own, so that the hub (which loads the class by its dotted name) and the test
share one class and its switch.
"""

from datetime import date

from vangnet.domain.lks import LksPeriode
from vangnet.hub.constants import Uitkomst
from vangnet.hub.dkd.webservice import WebserviceAntwoord


class Gemeentewebservice:
    """Answers with an LKS period only while ``bereikbaar``."""

    bereikbaar = False

    def vraag(self, instelling, bsn):
        if not Gemeentewebservice.bereikbaar:
            return WebserviceAntwoord(Uitkomst.TIMEOUT, melding="Geen antwoord binnen 5 seconden")
        return WebserviceAntwoord(Uitkomst.OK, (LksPeriode("", date(2025, 3, 1), None),))


class EenKeerBereikbaar(Gemeentewebservice):
    """Answers once, then times out (until ``blijft_bereikbaar``): the hub's second toets is onbekend."""

    blijft_bereikbaar = False

    def vraag(self, instelling, bsn):
        antwoord = super().vraag(instelling, bsn)
        if not EenKeerBereikbaar.blijft_bereikbaar:
            Gemeentewebservice.bereikbaar = False
        return antwoord
