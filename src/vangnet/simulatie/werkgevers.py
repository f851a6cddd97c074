"""Employers report "ziek uit dienst" to UWV over UWV's API, as an employers' portal does.

``POST /api/v1/uwv/ziekmeldingen`` goes through the simulation's in-process transport with UWV's
API key ``werkgeversportaal``. UWV registers the claim and, in the same request, asks the hub's
LKS-toets and sends the melding (``uwv.verwerking.verwerk_claim``). Inside the run that client of
UWV's reaches the hub in-process as well (:meth:`Werkgeversportaal.actief`), with UWV's own key.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import httpx

from django.test import override_settings

from vangnet.api.problems import toelichting
from vangnet.organisations.constants import Product
from vangnet.organisations.models import Organisatie
from vangnet.organisations.services import create_api_key
from vangnet.uwv.claims import Ziekmelding
from vangnet.uwv.hub_client import hub_in_process
from vangnet.uwv.models import Ziektewetclaim

SLEUTELNAAM: Final = "werkgeversportaal"
PAD: Final = "/api/v1/uwv/ziekmeldingen"


class ZiekmeldingGeweigerd(Exception):
    """UWV did not accept the report; ``reden`` is UWV's own (Dutch) explanation."""

    def __init__(self, reden: str) -> None:
        super().__init__(reden)
        self.reden = reden


class Werkgeversportaal:
    def __init__(self, transport: httpx.BaseTransport, adres: str) -> None:
        self._transport = transport
        self._adres = adres.rstrip("/")
        self._sleutel = ""
        self._uwv_sleutel = ""

    def richt_in(self, uwv: Organisatie, uwv_sleutel: str) -> None:
        """The portal's key at UWV; ``uwv_sleutel`` is UWV's own key at the hub."""
        self._sleutel = create_api_key(uwv, SLEUTELNAAM, [Product.LKS_TOETS]).plain_key
        self._uwv_sleutel = uwv_sleutel

    @contextmanager
    def actief(self) -> Iterator[None]:
        """While the days run, UWV's configured hub client uses the in-process transport and UWV's key."""
        with (
            override_settings(VANGNET_HUB_URL=self._adres, VANGNET_UWV_HUB_API_KEY=self._uwv_sleutel),
            hub_in_process(self._transport),
        ):
            yield

    def meld(self, melding: Ziekmelding) -> int:
        """The pk of the claim UWV made (or had: the same report again); ZiekmeldingGeweigerd otherwise."""
        body = {
            "bsn": melding.bsn,
            "werkgever": {"naam": melding.werkgever_naam, "loonheffingennummer": melding.loonheffingennummer},
            "datum_einde_arbeidsverhouding": melding.datum_einde_arbeidsverhouding.isoformat(),
            "datum_eerste_ao_dag": melding.datum_eerste_ao_dag.isoformat(),
            "datum_melding": melding.datum_melding.isoformat(),
        }
        headers = {"X-Api-Key": self._sleutel, "Accept": "application/json, application/problem+json"}
        with httpx.Client(base_url=self._adres, transport=self._transport, headers=headers) as client:
            antwoord = client.post(PAD, json=body)
        if antwoord.status_code not in (200, 201):
            raise ZiekmeldingGeweigerd(_reden(antwoord))
        claim_id = antwoord.json()["id"]
        # The simulation plays UWV too: its decisions later need the claim itself.
        return int(Ziektewetclaim.objects.values_list("pk", flat=True).get(uuid=claim_id))


def _reden(antwoord: httpx.Response) -> str:
    try:
        body = antwoord.json()
    except ValueError:
        body = None
    return f"{toelichting(body) or 'Geen toelichting.'} (HTTP {antwoord.status_code})"
