"""Which files a dossier accepts: PDF, DOCX, ODT and images, recognised by their content.

The name's extension must match what the bytes are: a renamed executable is no PDF. DOCX and
ODT are ZIP packages; only their table of contents and the ODT ``mimetype`` entry are read, never
their compressed contents.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from vangnet.domain.errors import DomainError

MAX_DOCUMENTGROOTTE = 20 * 1024 * 1024


class DocumentFout(DomainError):
    """The file cannot be kept in the dossier (Dutch message for the user)."""


@dataclass(frozen=True)
class Bestandstype:
    code: str
    naam: str
    mime: str
    extensies: tuple[str, ...]


PDF = Bestandstype("pdf", "PDF", "application/pdf", (".pdf",))
DOCX = Bestandstype(
    "docx", "Word (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
ODT = Bestandstype("odt", "OpenDocument-tekst (ODT)", "application/vnd.oasis.opendocument.text", (".odt",))
PNG = Bestandstype("png", "PNG-afbeelding", "image/png", (".png",))
JPEG = Bestandstype("jpeg", "JPEG-afbeelding", "image/jpeg", (".jpg", ".jpeg"))
TIFF = Bestandstype("tiff", "TIFF-afbeelding", "image/tiff", (".tif", ".tiff"))

BESTANDSTYPEN: tuple[Bestandstype, ...] = (PDF, DOCX, ODT, PNG, JPEG, TIFF)
TOEGESTANE_EXTENSIES: tuple[str, ...] = tuple(ext for t in BESTANDSTYPEN for ext in t.extensies)

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ONVEILIG = re.compile(r"[^\w .()+-]")


def herken_bestand(bestandsnaam: str, inhoud: bytes, max_grootte: int = MAX_DOCUMENTGROOTTE) -> Bestandstype:
    """The type of an uploaded file, from its content; raises DocumentFout when it is not accepted."""
    if not inhoud:
        raise DocumentFout("Het bestand is leeg.")
    if len(inhoud) > max_grootte:
        raise DocumentFout(
            f"Het bestand is groter dan {max_grootte // (1024 * 1024)} MB; verklein het of lever het in delen aan."
        )
    extensie = _extensie(bestandsnaam)
    verwacht = next((t for t in BESTANDSTYPEN if extensie in t.extensies), None)
    if verwacht is None:
        raise DocumentFout(
            "Dit soort bestand wordt niet bewaard. Toegestaan zijn PDF, DOCX, ODT en afbeeldingen (PNG, JPEG, TIFF)."
        )
    gevonden = _inhoudstype(inhoud)
    if gevonden != verwacht:
        raise DocumentFout(
            f"De inhoud van het bestand is geen {verwacht.naam}, zoals de naam zegt. Sla het opnieuw op als "
            f"{verwacht.naam} of kies het goede bestand."
        )
    return verwacht


def veilige_bestandsnaam(bestandsnaam: str, max_lengte: int = 120) -> str:
    """The file's own name without a path or odd characters, for showing and downloading."""
    naam = bestandsnaam.replace("\\", "/").rsplit("/", 1)[-1]
    naam = unicodedata.normalize("NFC", naam)
    naam = "".join(teken for teken in naam if unicodedata.category(teken)[0] != "C")
    naam = _ONVEILIG.sub("_", naam).strip(" .")
    if len(naam) > max_lengte:
        stam, punt, extensie = naam.rpartition(".")
        naam = f"{stam[: max_lengte - len(extensie) - 1]}.{extensie}" if punt and len(extensie) <= 5 else naam
        naam = naam[:max_lengte]
    return naam or "document"


def _extensie(bestandsnaam: str) -> str:
    naam = bestandsnaam.strip().lower()
    return naam[naam.rfind(".") :] if "." in naam else ""


def _inhoudstype(inhoud: bytes) -> Bestandstype | None:
    if inhoud.startswith(b"%PDF-"):
        return PDF
    if inhoud.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if inhoud.startswith(b"\xff\xd8\xff"):
        return JPEG
    if inhoud.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if inhoud.startswith(b"PK\x03\x04"):
        return _kantoordocument(inhoud)
    return None


def _kantoordocument(inhoud: bytes) -> Bestandstype | None:
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as pakket:
            namen = set(pakket.namelist())
            if "mimetype" in namen:
                with pakket.open("mimetype") as mimetype:
                    if mimetype.read(len(_ODT_MIMETYPE) + 1).strip() == _ODT_MIMETYPE:
                        return ODT
                return None
            if "[Content_Types].xml" in namen and "word/document.xml" in namen:
                return DOCX
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return None
    return None
