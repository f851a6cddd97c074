"""Dossiers to work in: the three signals of tests.gemeente.dossiers.bestanden, imported on 2026-03-20."""

import io
import zipfile

import pytest
from tests.gemeente.dossiers.bestanden import BSN_1, DRIE_SIGNALEN, rapport

from django.core.files.uploadedfile import SimpleUploadedFile

from vangnet.gemeente.dossiers.constants import Bron
from vangnet.gemeente.dossiers.models import Dossier
from vangnet.gemeente.dossiers.signaalintake import importeer_signaalrapport
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.scoping import Caller, caller_for_user
from vangnet.organisations.services import ensure_organisatie

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(naam: str = "probleemanalyse.pdf", inhoud: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")


def docx(naam: str = "plan.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as pakket:
        pakket.writestr("[Content_Types].xml", "<Types/>")
        pakket.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(naam, buffer.getvalue())


def caller_van(gebruiker) -> Caller:
    caller = caller_for_user(gebruiker)
    assert caller is not None
    return caller


@pytest.fixture
def leverancier(db):
    return ensure_organisatie("Arbodienst Voorbeeld", OrganisatieType.LEVERANCIER)


@pytest.fixture
def importeer(db):
    def run(gemeente, rijen=DRIE_SIGNALEN, naam: str = "rapport.csv"):
        return importeer_signaalrapport(gemeente, rapport(rijen), naam, Bron.CLI).signaalimport

    return run


@pytest.fixture
def dossier_a(gemeente_a, importeer) -> Dossier:
    """BSN_1's dossier at gemeente A: eerste AO-dag 2026-03-02, overname 2026-03-10, imported 2026-03-20."""
    importeer(gemeente_a)
    return Dossier.objects.get(gemeente=gemeente_a, bsn=BSN_1)


@pytest.fixture
def dossier_b(gemeente_b, importeer) -> Dossier:
    importeer(gemeente_b)
    return Dossier.objects.get(gemeente=gemeente_b, bsn=BSN_1)
