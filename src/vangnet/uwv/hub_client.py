"""UWV's client of the hub's HTTP API: the LKS-toets and the meldingen. The only way UWV reaches the hub.

Over a socket in production (``VANGNET_HUB_URL`` with the key ``VANGNET_UWV_HUB_API_KEY``); a
demo or simulation in one process passes an httpx transport (``httpx.WSGITransport``) instead, so
the same code runs either way.

Errors are sorted by what UWV should do next:

- :class:`HubOnbereikbaar`: no usable answer (no connection, a time-out, 5xx, 401/403, garbled
  JSON). Nothing is known to have happened; try again later.
- A melding answered 503 is ``tijdelijk`` (the hub's LKS-toets was ``onbekend``): try again
  after ``opnieuw_na``.
- A melding answered 400, 409 or 422 is ``geweigerd``: sending it again will not help.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Any, Self
from uuid import UUID

import httpx

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from vangnet.api.problems import toelichting

TIMEOUT_SECONDEN = 15.0
GEWEIGERD = frozenset({400, 409, 422})


class HubOnbereikbaar(Exception):
    """The hub gave no usable answer; the message says why, without personal data."""

    def __init__(self, reden: str, status_code: int | None = None) -> None:
        super().__init__(reden)
        self.reden = reden
        self.status_code = status_code


@dataclass(frozen=True)
class Toetsantwoord:
    bsn: str
    lks_betaald: str  # ja, nee, onbekend
    gemeentecode: str = ""
    gemeentenaam: str = ""
    reden: str = ""
    opnieuw_na: datetime | None = None


@dataclass(frozen=True)
class Meldingantwoord:
    status_code: int
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def geaccepteerd(self) -> bool:
        return self.status_code in (200, 201)

    @property
    def tijdelijk(self) -> bool:
        return self.status_code == 503

    @property
    def hub_id(self) -> UUID | None:
        waarde = self.body.get("id")
        try:
            return UUID(str(waarde)) if waarde else None
        except ValueError:
            return None

    @property
    def gemeente(self) -> tuple[str, str]:
        gemeente = self.body.get("gemeente") or {}
        return str(gemeente.get("code") or ""), str(gemeente.get("naam") or "")

    @property
    def opnieuw_na(self) -> datetime | None:
        waarde = self.body.get("opnieuw_na")
        return parse_datetime(waarde) if isinstance(waarde, str) else None

    @property
    def reden(self) -> str:
        return toelichting(self.body)


class HubClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = TIMEOUT_SECONDEN,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + "/api/v1",
            headers={"X-Api-Key": api_key, "Accept": "application/json, application/problem+json"},
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def lks_toetsen(self, vragen: Sequence[tuple[str, date]]) -> list[Toetsantwoord]:
        """One answer per (bsn, datum einde arbeidsverhouding), in the same order."""
        if not vragen:
            return []
        body = [{"bsn": bsn, "datum_einde_arbeidsverhouding": datum.isoformat()} for bsn, datum in vragen]
        response = self._post("/lks-toetsen", body)
        if response.status_code != 200:
            raise HubOnbereikbaar(_fout("LKS-toets", response), response.status_code)
        antwoorden = _json(response)
        if not isinstance(antwoorden, list) or len(antwoorden) != len(vragen):
            raise HubOnbereikbaar(_("De hub gaf op de LKS-toets een antwoord van een onverwachte vorm."), 200)
        return [_toetsantwoord(antwoord) for antwoord in antwoorden]

    def lks_toets(self, bsn: str, datum_einde_arbeidsverhouding: date) -> Toetsantwoord:
        (antwoord,) = self.lks_toetsen([(bsn, datum_einde_arbeidsverhouding)])
        return antwoord

    def stuur_melding(self, inhoud: dict[str, Any]) -> Meldingantwoord:
        """The hub's answer when it is one of the documented ones; HubOnbereikbaar otherwise."""
        response = self._post("/meldingen", inhoud)
        if response.status_code in (200, 201, 503) or response.status_code in GEWEIGERD:
            body = _json(response)
            if not isinstance(body, dict):
                raise HubOnbereikbaar(_("De hub gaf op de melding een antwoord van een onverwachte vorm."))
            return Meldingantwoord(response.status_code, body)
        raise HubOnbereikbaar(_fout("melding", response), response.status_code)

    def _post(self, pad: str, body: Any) -> httpx.Response:
        try:
            return self._http.post(pad, json=body)
        except httpx.TimeoutException:
            raise HubOnbereikbaar(_("De hub antwoordde niet op tijd.")) from None
        except httpx.HTTPError as fout:
            raise HubOnbereikbaar(
                _("De hub is niet bereikbaar (%(soort)s).") % {"soort": type(fout).__name__}
            ) from None


_IN_PROCESS: ContextVar[httpx.BaseTransport | None] = ContextVar("uwv_hub_transport", default=None)


@contextmanager
def hub_in_process(transport: httpx.BaseTransport) -> Iterator[None]:
    """Inside this block the configured client reaches the hub through ``transport`` (a simulation in one
    process), also where UWV's own API calls it (a claim reported over the API is checked at once)."""
    token = _IN_PROCESS.set(transport)
    try:
        yield
    finally:
        _IN_PROCESS.reset(token)


def hub_client(transport: httpx.BaseTransport | None = None) -> HubClient:
    """The client configured in the settings; pass a transport to reach the hub in-process."""
    return HubClient(
        settings.VANGNET_HUB_URL, settings.VANGNET_UWV_HUB_API_KEY, transport=transport or _IN_PROCESS.get()
    )


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise HubOnbereikbaar(
            _("De hub gaf een antwoord dat geen JSON is (HTTP %(status)s).") % {"status": response.status_code},
            response.status_code,
        ) from None


def _fout(wat: str, response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    tekst = _("De hub beantwoordde de %(wat)s met HTTP %(status)s.") % {"wat": wat, "status": response.status_code}
    return f"{tekst} {toelichting(body)}".strip()


def _toetsantwoord(antwoord: Any) -> Toetsantwoord:
    if not isinstance(antwoord, dict) or antwoord.get("lks_betaald") not in ("ja", "nee", "onbekend"):
        raise HubOnbereikbaar(_("De hub gaf op de LKS-toets een antwoord van een onverwachte vorm."), 200)
    gemeente = antwoord.get("gemeente") or {}
    opnieuw_na = antwoord.get("opnieuw_na")
    return Toetsantwoord(
        bsn=str(antwoord.get("bsn") or ""),
        lks_betaald=antwoord["lks_betaald"],
        gemeentecode=str(gemeente.get("code") or ""),
        gemeentenaam=str(gemeente.get("naam") or ""),
        reden=str(antwoord.get("reden") or ""),
        opnieuw_na=parse_datetime(opnieuw_na) if isinstance(opnieuw_na, str) else None,
    )
