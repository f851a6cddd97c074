"""Documents are accepted by what their bytes are, and only when the name says the same."""

import io
import zipfile

import pytest

from vangnet.domain.documenten import (
    DOCX,
    JPEG,
    ODT,
    PDF,
    PNG,
    TIFF,
    DocumentFout,
    herken_bestand,
    veilige_bestandsnaam,
)

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def zip_met(bestanden: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as pakket:
        for naam, inhoud in bestanden.items():
            pakket.writestr(naam, inhoud)
    return buffer.getvalue()


DOCX_BYTES = zip_met({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT_BYTES = zip_met({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


@pytest.mark.parametrize(
    ("naam", "inhoud", "type_"),
    [
        ("probleemanalyse.pdf", PDF_BYTES, PDF),
        ("PLAN.PDF", PDF_BYTES, PDF),
        ("scan.png", PNG_BYTES, PNG),
        ("foto.jpg", JPEG_BYTES, JPEG),
        ("foto.jpeg", JPEG_BYTES, JPEG),
        ("scan.tif", b"II*\x00" + b"\x00" * 16, TIFF),
        ("verslag.docx", DOCX_BYTES, DOCX),
        ("verslag.odt", ODT_BYTES, ODT),
    ],
)
def test_accepted_types(naam, inhoud, type_):
    assert herken_bestand(naam, inhoud) == type_


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("virus.exe", b"MZ\x90\x00", "Dit soort bestand wordt niet bewaard"),
        ("pagina.html", b"<html></html>", "Dit soort bestand wordt niet bewaard"),
        ("zonder-extensie", PDF_BYTES, "Dit soort bestand wordt niet bewaard"),
        ("virus.pdf", b"MZ\x90\x00", "De inhoud van het bestand is geen PDF"),
        ("plaatje.pdf", PNG_BYTES, "De inhoud van het bestand is geen PDF"),
        ("document.pdf", b"", "Het bestand is leeg."),
        ("nep.docx", zip_met({"iets.txt": b"x"}), "geen Word (DOCX)"),
        ("odt-als.docx", ODT_BYTES, "geen Word (DOCX)"),
        ("docx-als.odt", DOCX_BYTES, "geen OpenDocument-tekst (ODT)"),
        ("kapot.docx", b"PK\x03\x04 niet echt een zip", "geen Word (DOCX)"),
        ("spreadsheet.odt", zip_met({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "geen OpenDoc"),
    ],
)
def test_refused_files(naam, inhoud, melding):
    with pytest.raises(DocumentFout, match=melding.replace("(", r"\(").replace(")", r"\)")):
        herken_bestand(naam, inhoud)


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(DocumentFout, match="groter dan 1 MB"):
        herken_bestand("groot.pdf", PDF_BYTES + b"0" * (1024 * 1024), max_grootte=1024 * 1024)
    assert herken_bestand("precies.pdf", PDF_BYTES, max_grootte=len(PDF_BYTES)) == PDF


@pytest.mark.parametrize(
    ("naam", "veilig"),
    [
        ("C:\\Users\\km\\Probleemanalyse Jan.pdf", "Probleemanalyse Jan.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("plan\x00\r\nvan aanpak.pdf", "planvan aanpak.pdf"),
        ('"quoted";name.pdf', "_quoted__name.pdf"),
        ("évaluatie.odt", "évaluatie.odt"),
        ("...", "document"),
        ("", "document"),
        ("a" * 200 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_safe_file_names(naam, veilig):
    assert veilige_bestandsnaam(naam) == veilig
