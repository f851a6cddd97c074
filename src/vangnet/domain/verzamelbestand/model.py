"""What a verzamelbestand holds: its constants, the records and the file-level fault."""

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from vangnet.domain.errors import DomainError

NAMESPACE: Final = "urn:vangnet:dkd:verzamelbestand:v1"
ROOT_TAG: Final = f"{{{NAMESPACE}}}Verzamelbestand"
BERICHTVERSIE: Final = "GSDDossierReintegratie-v0200"
CLUSTER: Final = "Reintegratie"

HASH_VENSTER: Final = 64 * 1024
"""The trailer must start within this many bytes of the end of the file."""

MAX_ELEMENT_BYTES: Final = 4 * 1024 * 1024
"""A top-level element (Kop, one ClientSuwi, Sluitstuk) that grows beyond this refuses the file."""

MAX_PROLOOG_BYTES: Final = 64 * 1024
"""The XML declaration and comments before the root element may take at most this many bytes."""

SLUITSTUK_MARKER: Final = b"<Sluitstuk"

Foutcode = Literal[
    "geen_xml",
    "leeg",
    "te_groot",
    "dtd_niet_toegestaan",
    "onbekende_versie",
    "ongeldige_kop",
    "geen_sluitstuk",
    "aantal_klopt_niet",
    "hash_klopt_niet",
]


class BestandFout(DomainError):  # noqa: N818 - the name is the Dutch domain term
    """The whole file is refused; ``code`` says why in one word, the message in Dutch."""

    def __init__(self, code: Foutcode, melding: str) -> None:
        super().__init__(melding)
        self.code: Foutcode = code


# ---------------------------------------------------------------------------
# What the file holds
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kop:
    """The header: who delivers, when, which sequence number, in which version and cluster."""

    gemeentecode: str
    aanmaakdatum: date
    volgnummer: int
    berichtversie: str
    cluster: str


@dataclass(frozen=True)
class Bron:
    """A SuwiML source party: CdKolomSuwi, CdPartijSuwi and optionally CdVestigingSuwi."""

    cd_kolom: int
    cd_partij: str
    cd_vestiging: str | None = None


@dataclass(frozen=True)
class Relatie:
    """An AtlRelatie without its provisions (those are in :attr:`Persoon.voorzieningen`)."""

    bron: Bron
    cd_arbeidsvermogen: str | None = None
    cd_doel_rv: str | None = None


@dataclass(frozen=True)
class Voorziening:
    """A ReIntegratievoorziening of the AtlRelatie ``relatie`` (0-based index into Persoon.relaties).

    ``is_lks`` is True when the Loonkostensubsidie element is present; ``perc_loonwaarde``
    then holds its PercLoonwaardeTovWml as CdPositiefNegatief followed by Percentage, each
    part only when present: "+06000", "06000", "+" or "" (both parts are optional).
    """

    relatie: int
    begin: date
    einde: date | None = None
    registratienr: str | None = None
    cd_type: str | None = None
    omschrijving: str | None = None
    perc_loonwaarde: str | None = None
    is_lks: bool = False


@dataclass(frozen=True)
class Persoon:
    """A valid ClientSuwi; ``positie`` is its 1-based place among the records of the file."""

    positie: int
    bsn: str
    voornamen: str | None = None
    voorletters: str | None = None
    voorvoegsel: str | None = None
    achternaam: str | None = None
    geslacht: str | None = None
    geboortedat: str | None = None
    bron: Bron | None = None
    relaties: tuple[Relatie, ...] = ()
    voorzieningen: tuple[Voorziening, ...] = ()

    @property
    def lks_perioden(self) -> tuple[tuple[date, date | None], ...]:
        """(begin, einde) of each loonkostensubsidie provision; einde None means still running."""
        return tuple((v.begin, v.einde) for v in self.voorzieningen if v.is_lks)


@dataclass(frozen=True)
class Afkeuring:
    """A rejected record: where it is, its BSN as found (unchecked, '' when absent), and the first problem.

    ``veld`` is a path within the ClientSuwi such as
    "AtlRelatie[1]/ReIntegratievoorziening[2]/DatERv"; for a problem with the content of an
    element (order, a missing or unknown element, stray text) it names that element, and
    "ClientSuwi" the record itself.
    """

    positie: int
    bsn: str
    veld: str
    reden: str


@dataclass(frozen=True)
class Sluitstuk:
    """The trailer: how many records the file holds and the SHA-256 of the bytes before it."""

    aantal_personen: int
    sha256: str


def _jjjjmmdd(datum: date) -> str:
    """A date as the file writes it: JJJJMMDD."""
    return f"{datum.year:04d}{datum.month:02d}{datum.day:02d}"
