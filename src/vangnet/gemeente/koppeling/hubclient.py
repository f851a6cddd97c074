"""The gemeente's client of the hub's HTTP API: the only way the gemeente side reaches the hub.

Over a socket in production; a test or the demo may pass an httpx transport (for example
``httpx.WSGITransport(app=vangnet.wsgi.application)``) to call the same API in-process. The
address and the API key come from the gemeente's GemeenteKoppeling, or else from the settings
VANGNET_HUB_URL and VANGNET_HUB_API_KEY. Redirects are not followed, and an error never shows
the key.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Any, BinaryIO, Final, Self
from urllib.parse import urljoin
from uuid import UUID

import httpx

from django.conf import settings
from django.utils.translation import gettext as _

from vangnet.api.problems import toelichting
from vangnet.gemeente.koppeling.models import GemeenteKoppeling
from vangnet.organisations.models import Organisatie

TIMEOUT: Final = httpx.Timeout(30.0, read=300.0)
"""A large verzamelbestand takes the hub a while to process before it answers."""
BLOK: Final = 64 * 1024
MAX_RAPPORT_BYTES: Final = 20 * 1024 * 1024
MAX_PAGINAS: Final = 100


class HubFout(Exception):
    """The hub could not be reached, or answered with an error; ``melding`` is Dutch and holds no secret."""

    def __init__(self, melding: str, status_code: int | None = None, body: dict[str, Any] | None = None) -> None:
        super().__init__(melding)
        self.melding = melding
        self.status_code = status_code
        self.body = body or {}


class HubNietIngesteld(HubFout):
    """No address or no API key for this gemeente."""


@dataclass(frozen=True)
class HubAntwoord:
    status_code: int
    body: dict[str, Any]


def instellingen_voor(gemeente: Organisatie) -> tuple[str, str]:
    """(hub_url, api_sleutel) of the gemeente: its koppeling first, then the settings."""
    koppeling = GemeenteKoppeling.objects.filter(gemeente=gemeente).first()
    url = (koppeling.hub_url if koppeling else "") or settings.VANGNET_HUB_URL
    sleutel = (koppeling.api_sleutel if koppeling else "") or settings.VANGNET_HUB_API_KEY
    return url, sleutel


class HubClient:
    def __init__(self, basis_url: str, api_sleutel: str, *, transport: httpx.BaseTransport | None = None) -> None:
        if not basis_url:
            raise HubNietIngesteld(_("Het adres van de hub is niet ingesteld (VANGNET_HUB_URL)."))
        if not api_sleutel:
            raise HubNietIngesteld(
                _("Er is geen API-sleutel voor de hub ingesteld (koppeling van de gemeente of VANGNET_HUB_API_KEY).")
            )
        self.basis_url = basis_url.rstrip("/") + "/"
        self._http = httpx.Client(
            base_url=self.basis_url,
            headers={"X-Api-Key": api_sleutel, "Accept": "application/json", "User-Agent": "vangnet-gemeente"},
            timeout=TIMEOUT,
            follow_redirects=False,
            transport=transport,
        )

    @classmethod
    def voor(cls, gemeente: Organisatie, *, transport: httpx.BaseTransport | None = None) -> "HubClient":
        url, sleutel = instellingen_voor(gemeente)
        return cls(url, sleutel, transport=transport)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *args: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def absoluut(self, pad: str) -> str:
        """A link of the hub's answers (such as /api/v1/...) as a full address."""
        return urljoin(self.basis_url, pad)

    # --- requests ---------------------------------------------------------------------------------

    def _verstuur(self, method: str, pad: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.request(method, pad.lstrip("/"), **kwargs)
        except httpx.TimeoutException:
            raise HubFout(_("De hub antwoordde niet op tijd.")) from None
        except httpx.HTTPError as fout:
            raise HubFout(_("De hub is niet bereikbaar (%(fout)s).") % {"fout": type(fout).__name__}) from None

    def _json(self, antwoord: httpx.Response) -> dict[str, Any]:
        try:
            body = antwoord.json()
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {"items": body}

    def _controleer(self, antwoord: httpx.Response) -> dict[str, Any]:
        body = self._json(antwoord)
        if antwoord.is_success:
            return body
        raise HubFout(foutmelding(antwoord.status_code, body), antwoord.status_code, body)

    def lever_aan(self, bestand: BinaryIO, grootte: int) -> HubAntwoord:
        """POST the verzamelbestand, streamed from ``bestand``; the answer, whatever its status."""

        def blokken() -> Iterator[bytes]:
            bestand.seek(0)
            while blok := bestand.read(BLOK):
                yield blok

        antwoord = self._verstuur(
            "POST",
            "api/v1/dkd/aanleveringen",
            content=blokken(),
            headers={"Content-Type": "application/xml", "Content-Length": str(grootte)},
        )
        return HubAntwoord(antwoord.status_code, self._json(antwoord))

    def laatste_volgnummer(self) -> int:
        """The highest volgnummer the hub processed for this gemeente (0 when none)."""
        # Newest first, and a processed volgnummer is never lower than an earlier one: the first is the highest.
        body = self._controleer(
            self._verstuur("GET", "api/v1/dkd/aanleveringen", params={"status": "verwerkt", "page_size": "1"})
        )
        nummers = [
            int(item["volgnummer"])
            for item in _resultaten(body)
            if item.get("status") == "verwerkt" and isinstance(item.get("volgnummer"), int)
        ]
        return max(nummers, default=0)

    def signaalrapporten(self, *, nieuw: bool = False, van: date | None = None) -> list[dict[str, Any]]:
        """The gemeente's published reports, every page."""
        params: dict[str, str] = {}
        if nieuw:
            params["nieuw"] = "true"
        if van is not None:
            params["van"] = van.isoformat()
        return list(self._alle_items("api/v1/signaalrapporten", params))

    def _alle_items(self, pad: str, params: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """The items of every page of a list, following the hub's own `next` links (never another host)."""
        antwoord = self._verstuur("GET", pad, params=params or {})
        for _pagina in range(MAX_PAGINAS):
            body = self._controleer(antwoord)
            yield from (item for item in _resultaten(body) if isinstance(item, dict))
            volgende = body.get("next")
            if not isinstance(volgende, str) or not volgende:
                return
            if not self.absoluut(volgende).startswith(self.basis_url):
                raise HubFout(_("De hub verwees naar een ander adres; dat wordt niet gevolgd."))
            antwoord = self._verstuur("GET", self.absoluut(volgende))

    def download(self, rapport_id: UUID) -> bytes:
        """The CSV of one report, exactly as published (at most MAX_RAPPORT_BYTES)."""
        try:
            with self._http.stream(
                "GET", f"api/v1/signaalrapporten/{rapport_id}/download", headers={"Accept": "text/csv"}
            ) as antwoord:
                if not antwoord.is_success:
                    antwoord.read()
                    self._controleer(antwoord)
                delen: list[bytes] = []
                grootte = 0
                for blok in antwoord.iter_bytes():
                    grootte += len(blok)
                    if grootte > MAX_RAPPORT_BYTES:
                        raise HubFout(_("Het signaalrapport is groter dan toegestaan."))
                    delen.append(blok)
                return b"".join(delen)
        except httpx.TimeoutException:
            raise HubFout(_("De hub antwoordde niet op tijd.")) from None
        except httpx.HTTPError as fout:
            raise HubFout(_("De hub is niet bereikbaar (%(fout)s).") % {"fout": type(fout).__name__}) from None

    def laatste_verwijsindex_volgnummer(self) -> int:
        """The highest volgnummer of the gemeente's verwijsindex messages at the hub (0 when none)."""
        nummers = [
            item["volgnummer"]
            for item in self._alle_items("api/v1/dkd/verwijsindex/leveringen")
            if isinstance(item.get("volgnummer"), int)
        ]
        return max(nummers, default=0)

    def vervang_verwijsindex(self, volgnummer: int, bsns: list[str]) -> HubAntwoord:
        """PUT the whole verwijsindex (cluster Reintegratie); the answer, whatever its status."""
        antwoord = self._verstuur(
            "PUT", "api/v1/dkd/verwijsindex", json={"volgnummer": volgnummer, "cluster": "Reintegratie", "bsns": bsns}
        )
        return HubAntwoord(antwoord.status_code, self._json(antwoord))

    def verwijs_door(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST a forwarding to the woongemeente (api/v1/doorverwijzingen); raises HubFout when refused."""
        return self._controleer(self._verstuur("POST", "api/v1/doorverwijzingen", json=body))

    def registreer_webhook(self, url: str) -> dict[str, Any]:
        return self._controleer(self._verstuur("POST", "api/v1/webhooks", json={"url": url}))


def _resultaten(body: dict[str, Any]) -> list[Any]:
    """The items of a list answer, paginated ({"results": [...]}) or not."""
    for sleutel in ("results", "items"):
        waarde = body.get(sleutel)
        if isinstance(waarde, list):
            return waarde
    return []


def foutmelding(status_code: int, body: dict[str, Any]) -> str:
    """A Dutch line for an error answer: the problem's detail and field errors when there are any."""
    return _("De hub antwoordde met status %(status)s: %(detail)s") % {
        "status": status_code,
        "detail": toelichting(body) or _("geen toelichting"),
    }
