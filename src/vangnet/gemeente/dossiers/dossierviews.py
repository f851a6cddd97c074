"""The dossier page and the work on it: tasks, deadlines, documents, contacts, interventions, medical notes.

Access: a user with ``casemanagement`` sees and works in the re-integration file; a user with
``medisch`` sees the medical compartment; a user with neither gets 403. The dossier is always
looked up through ``scope()``: another gemeente's dossier is a 404, and a leverancier's users find
only the dossiers assigned to their organisation. Every change goes through
vangnet.gemeente.dossiers.services; a POST that succeeds redirects back to the section it changed.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vangnet.domain.bsn import mask_bsn
from vangnet.domain.dossierplan import afronding
from vangnet.domain.interventies import STANDAARDTARIEVEN, bedrag
from vangnet.gemeente.dossiers.constants import DocumentSoort, InterventieSoort
from vangnet.gemeente.dossiers.doorverwijzing import doorverwijzingen_bij, verwijs_door
from vangnet.gemeente.dossiers.export import dossier_export
from vangnet.gemeente.dossiers.forms import (
    AfrondenForm,
    CasemanagerForm,
    ContactmomentForm,
    DocumentForm,
    DoorverwijzingForm,
    InterventieForm,
    InterventieWijzigenForm,
    LeverancierForm,
    MedischeNotitieForm,
    ReintegratieverslagForm,
    VerplaatsenForm,
)
from vangnet.gemeente.dossiers.models import Document, Dossier, Interventie, Taak, Termijnwijziging
from vangnet.gemeente.dossiers.reintegratieverslag import ONDERDELEN, Oordeel, stel_samen, verslag_html, verslag_pdf
from vangnet.gemeente.dossiers.reintegratieverslag import bestandsnaam as verslag_bestandsnaam
from vangnet.gemeente.dossiers.services import (
    DossierFout,
    leg_contact_vast,
    mag_medisch,
    mag_reintegratiedossier,
    mag_toewijzen,
    medische_notitiedata,
    medische_notities,
    registreer_interventie,
    rond_taak_af,
    verplaats_termijn,
    voeg_document_toe,
    voeg_medische_notitie_toe,
    wijs_casemanager_toe,
    wijs_leverancier_toe,
    wijzig_interventie,
)
from vangnet.organisations.constants import Product
from vangnet.organisations.scoping import Caller, caller_from_request, scope
from vangnet.portal.csv import csv_response


def toegang(request: HttpRequest) -> Caller:
    """A caller who may open dossiers at all: casemanagement (the file) or medisch (the compartment)."""
    caller = caller_from_request(request)
    if caller is None or not (caller.may(Product.CASEMANAGEMENT) or caller.may(Product.MEDISCH)):
        raise PermissionDenied(_("U heeft geen machtiging voor casemanagement of het medisch dossier."))
    return caller


def _reintegratie(request: HttpRequest) -> Caller:
    caller = toegang(request)
    if not mag_reintegratiedossier(caller):
        raise PermissionDenied(_("U heeft geen machtiging voor casemanagement."))
    return caller


def _dossier(caller: Caller, id: Any) -> Dossier:
    dossiers = scope(Dossier.objects.select_related("casemanager", "bron", "gemeente", "leverancier"), caller)
    return get_object_or_404(dossiers, uuid=id)


def _naar(dossier: Dossier, anker: str) -> HttpResponse:
    return redirect(reverse("gemeente:dossier", kwargs={"id": dossier.uuid}) + f"#{anker}")


def _fout_in_form(form: Any, fout: DossierFout) -> None:
    veld = fout.veld if fout.veld in form.fields else None
    form.add_error(veld, fout.melding)


# --- the dossier page ----------------------------------------------------------------------------


@login_required
@require_GET
def dossier(request: HttpRequest, id: str) -> HttpResponse:
    caller = toegang(request)
    return _pagina(request, caller, _dossier(caller, id))


def _pagina(request: HttpRequest, caller: Caller, dossier: Dossier, status: int = 200, **forms: Any) -> HttpResponse:
    vandaag = timezone.localdate()
    context: dict[str, Any] = {
        "dossier": dossier,
        "bsn_gemaskeerd": mask_bsn(dossier.bsn),
        "periodes": dossier.ziekteperiodes.order_by("eerste_ao_dag"),
        "vandaag": vandaag,
        "mag_reintegratie": mag_reintegratiedossier(caller),
        "mag_medisch": mag_medisch(caller),
        "mag_toewijzen": mag_toewijzen(caller, dossier),
        "medische_data": medische_notitiedata(dossier),
    }
    if context["mag_reintegratie"]:
        taken = list(Taak.objects.filter(dossier=dossier).select_related("document").order_by("uiterlijk", "id"))
        for taak in taken:
            taak.status_vandaag = taak.status_op(vandaag)  # type: ignore[attr-defined]
        interventies = list(dossier.interventies.select_related("leverancier", "vastgelegd_door"))
        context.update(
            taken=taken,
            aantal_te_laat=len([taak for taak in taken if taak.status_op(vandaag) == "te_laat"]),
            wijzigingen=Termijnwijziging.objects.filter(taak__dossier=dossier).select_related("taak", "door"),
            documenten=dossier.documenten.select_related("geupload_door"),
            contactmomenten=dossier.contactmomenten.select_related("vastgelegd_door"),
            laatste_contact=dossier.contactmomenten.order_by("-datum").values_list("datum", flat=True).first(),
            interventies=interventies,
            totale_kosten=bedrag(sum((i.kosten for i in interventies), Decimal("0.00"))),
            standaardtarieven=[
                (InterventieSoort(soort).label, tarief.deskundige, bedrag(tarief.uurtarief))
                for soort, tarief in STANDAARDTARIEVEN.items()
            ],
            document_form=forms.get("document_form") or DocumentForm(),
            contact_form=forms.get("contact_form") or ContactmomentForm(initial={"datum": vandaag}),
            interventie_form=forms.get("interventie_form") or InterventieForm(initial={"begindatum": vandaag}),
        )
    if context["mag_medisch"]:
        context.update(
            notities=medische_notities(caller, dossier),
            notitie_form=forms.get("notitie_form") or MedischeNotitieForm(initial={"datum": vandaag}),
        )
    if context["mag_reintegratie"]:
        context["doorverwijzingen"] = doorverwijzingen_bij(caller, dossier)
    if context["mag_toewijzen"]:
        context.update(
            doorverwijzing_form=forms.get("doorverwijzing_form") or DoorverwijzingForm(gemeente=dossier.gemeente),
            casemanager_form=forms.get("casemanager_form")
            or CasemanagerForm(gemeente=dossier.gemeente, initial={"casemanager": dossier.casemanager}),
            leverancier_form=forms.get("leverancier_form")
            or LeverancierForm(initial={"leverancier": dossier.leverancier}),
        )
    return render(request, "gemeente/dossier.html", context, status=status)


# --- tasks ---------------------------------------------------------------------------------------


def _taak(dossier: Dossier, taak_id: Any) -> Taak:
    return get_object_or_404(
        Taak.objects.select_related("dossier", "document", "gedaan_door"), dossier=dossier, uuid=taak_id
    )


def _taakpagina(
    request: HttpRequest,
    dossier: Dossier,
    taak: Taak,
    afronden_form: AfrondenForm | None = None,
    verplaatsen_form: VerplaatsenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    vandaag = timezone.localdate()
    taak.status_vandaag = taak.status_op(vandaag)  # type: ignore[attr-defined]
    return render(
        request,
        "gemeente/taak.html",
        {
            "dossier": dossier,
            "bsn_gemaskeerd": mask_bsn(dossier.bsn),
            "taak": taak,
            "eis": afronding(taak.stap),
            "afronden_form": afronden_form or AfrondenForm(taak=taak, initial={"datum": vandaag}),
            "verplaatsen_form": verplaatsen_form or VerplaatsenForm(initial={"nieuw_uiterlijk": taak.uiterlijk}),
            "wijzigingen": taak.wijzigingen.select_related("door"),
        },
        status=status,
    )


@login_required
@require_GET
def taak(request: HttpRequest, id: str, taak_id: str) -> HttpResponse:
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    return _taakpagina(request, gevonden, _taak(gevonden, taak_id))


@login_required
@require_POST
def taak_afronden(request: HttpRequest, id: str, taak_id: str) -> HttpResponse:
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    te_doen = _taak(gevonden, taak_id)
    form = AfrondenForm(request.POST, request.FILES, taak=te_doen)
    if form.is_valid():
        try:
            rond_taak_af(caller, te_doen, form.gegevens())
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            messages.success(request, _("%(taak)s is afgerond.") % {"taak": te_doen.omschrijving})
            return _naar(gevonden, "taken")
    return _taakpagina(request, gevonden, te_doen, afronden_form=form, status=400)


@login_required
@require_POST
def taak_verplaatsen(request: HttpRequest, id: str, taak_id: str) -> HttpResponse:
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    te_doen = _taak(gevonden, taak_id)
    form = VerplaatsenForm(request.POST)
    if form.is_valid():
        try:
            verplaats_termijn(
                caller,
                te_doen,
                form.cleaned_data["nieuw_uiterlijk"],
                form.cleaned_data["motivatie"],
                overleg_met_vangnetter=form.cleaned_data["overleg_met_vangnetter"],
            )
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            messages.success(
                request,
                _("De termijn van %(taak)s is verplaatst naar %(datum)s.")
                % {"taak": te_doen.omschrijving, "datum": form.cleaned_data["nieuw_uiterlijk"].strftime("%d-%m-%Y")},
            )
            return _naar(gevonden, "taken")
    return _taakpagina(request, gevonden, te_doen, verplaatsen_form=form, status=400)


# --- documents -----------------------------------------------------------------------------------


@login_required
@require_POST
def document_toevoegen(request: HttpRequest, id: str) -> HttpResponse:
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = voeg_document_toe(
                caller,
                gevonden,
                form.cleaned_data["soort"],
                form.cleaned_data["bestand"],
                form.cleaned_data["omschrijving"],
            )
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            messages.success(request, _("Document %(naam)s is toegevoegd.") % {"naam": document.bestandsnaam})
            return _naar(gevonden, "documenten")
    return _pagina(request, caller, gevonden, status=400, document_form=form)


@login_required
@require_GET
def document(request: HttpRequest, id: str, document_id: str) -> FileResponse:
    """The file itself, only to a caller who may read this dossier's re-integration file."""
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    return document_response(
        get_object_or_404(scope(Document.objects.all(), caller), dossier=gevonden, uuid=document_id)
    )


def document_response(document: Document) -> FileResponse:
    try:
        bestand = document.bestand.open("rb")
    except FileNotFoundError:
        raise Http404(_("Het bestand van dit document is niet gevonden.")) from None
    response = FileResponse(bestand, as_attachment=True, filename=document.bestandsnaam, content_type=document.mime)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- contactmomenten, interventions --------------------------------------------------------------


@login_required
@require_POST
def contactmoment_toevoegen(request: HttpRequest, id: str) -> HttpResponse:
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    form = ContactmomentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            leg_contact_vast(caller, gevonden, data["datum"], data["kanaal"], data["met_wie"], data["samenvatting"])
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            messages.success(request, _("Het contactmoment is vastgelegd."))
            return _naar(gevonden, "contactmomenten")
    return _pagina(request, caller, gevonden, status=400, contact_form=form)


@login_required
@require_POST
def interventie_toevoegen(request: HttpRequest, id: str) -> HttpResponse:
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    form = InterventieForm(request.POST)
    if form.is_valid():
        try:
            interventie = registreer_interventie(caller, gevonden, form.gegevens())
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            messages.success(
                request,
                _("De interventie is vastgelegd: %(kosten)s euro.") % {"kosten": bedrag(interventie.kosten)},
            )
            return _naar(gevonden, "interventies")
    return _pagina(request, caller, gevonden, status=400, interventie_form=form)


@login_required
def interventie(request: HttpRequest, id: str, interventie_id: str) -> HttpResponse:
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    item = get_object_or_404(
        Interventie.objects.select_related("leverancier", "vastgelegd_door", "gewijzigd_door"),
        dossier=gevonden,
        uuid=interventie_id,
    )
    beginwaarden = {"status": item.status, "uren": item.uren, "uurtarief": item.uurtarief, "einddatum": item.einddatum}
    form = InterventieWijzigenForm(request.POST or None, initial=beginwaarden)
    if request.method == "POST" and form.is_valid():
        try:
            wijzig_interventie(caller, item, **form.cleaned_data)
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            messages.success(request, _("De interventie is bijgewerkt."))
            return _naar(gevonden, "interventies")
    return render(
        request,
        "gemeente/interventie.html",
        {"dossier": gevonden, "bsn_gemaskeerd": mask_bsn(gevonden.bsn), "interventie": item, "form": form,
         "kosten": bedrag(item.kosten)},
        status=400 if form.errors else 200,
    )  # fmt: skip


# --- medical compartment -------------------------------------------------------------------------


@login_required
@require_POST
def medische_notitie_toevoegen(request: HttpRequest, id: str) -> HttpResponse:
    caller = toegang(request)
    if not mag_medisch(caller):
        raise PermissionDenied(_("Alleen een arts met de machtiging medisch kan medische notities schrijven."))
    gevonden = _dossier(caller, id)
    form = MedischeNotitieForm(request.POST)
    if form.is_valid():
        try:
            voeg_medische_notitie_toe(caller, gevonden, form.cleaned_data["datum"], form.cleaned_data["tekst"])
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            messages.success(request, _("De medische notitie is vastgelegd."))
            return _naar(gevonden, "medisch")
    return _pagina(request, caller, gevonden, status=400, notitie_form=form)


# --- assignment ----------------------------------------------------------------------------------


def _toewijzer(request: HttpRequest, id: str) -> tuple[Caller, Dossier]:
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    if not mag_toewijzen(caller, gevonden):
        raise PermissionDenied(_("Alleen de gemeente van het dossier kan toewijzen."))
    return caller, gevonden


@login_required
@require_POST
def casemanager_toewijzen(request: HttpRequest, id: str) -> HttpResponse:
    caller, gevonden = _toewijzer(request, id)
    form = CasemanagerForm(request.POST, gemeente=gevonden.gemeente)
    if form.is_valid():
        try:
            wijs_casemanager_toe(caller, gevonden, form.cleaned_data["casemanager"])
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            messages.success(request, _("De casemanager is bijgewerkt."))
            return _naar(gevonden, "toewijzing")
    return _pagina(request, caller, gevonden, status=400, casemanager_form=form)


@login_required
@require_POST
def leverancier_toewijzen(request: HttpRequest, id: str) -> HttpResponse:
    caller, gevonden = _toewijzer(request, id)
    form = LeverancierForm(request.POST)
    if form.is_valid():
        try:
            wijs_leverancier_toe(caller, gevonden, form.cleaned_data["leverancier"])
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            messages.success(request, _("De leverancier is bijgewerkt."))
            return _naar(gevonden, "toewijzing")
    return _pagina(request, caller, gevonden, status=400, leverancier_form=form)


@login_required
@require_POST
def doorverwijzen(request: HttpRequest, id: str) -> HttpResponse:
    caller, gevonden = _toewijzer(request, id)
    form = DoorverwijzingForm(request.POST, gemeente=gevonden.gemeente)
    if form.is_valid():
        try:
            verwijzing = verwijs_door(caller, gevonden, form.cleaned_data["naar_gemeente"], form.cleaned_data["reden"])
        except DossierFout as fout:
            _fout_in_form(form, fout)
        else:
            melding = _("Het dossier is via de hub doorverwezen naar %(gemeente)s.")
            messages.success(request, melding % {"gemeente": verwijzing.naar_gemeente.naam})
            return _naar(gevonden, "doorverwijzing")
    return _pagina(request, caller, gevonden, status=400, doorverwijzing_form=form)


# --- export --------------------------------------------------------------------------------------


@login_required
@require_GET
def export(request: HttpRequest, id: str) -> StreamingHttpResponse:
    """The dossier as CSV: the re-integration file; medical notes in full only for ``medisch``."""
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    kop, rijen = dossier_export(caller, gevonden)
    return csv_response(f"dossier-{gevonden.uuid}.csv", kop, rijen)


# --- re-integratieverslag ------------------------------------------------------------------------


@login_required
def reintegratieverslag(request: HttpRequest, id: str) -> HttpResponse:
    """GET: the form for what the dossier does not hold; POST: the PDF (and, if asked, kept as a document)."""
    caller = _reintegratie(request)
    gevonden = _dossier(caller, id)
    vandaag = timezone.localdate()
    form = ReintegratieverslagForm(request.POST or None, initial={"datum_oordeel": vandaag})
    if request.method == "POST" and form.is_valid():
        gegevens = {k: v for k, v in form.cleaned_data.items() if k != "bewaren"}
        verslag = stel_samen(gevonden, Oordeel(**gegevens), vandaag)
        pdf = verslag_pdf(verslag_html(verslag))
        naam = verslag_bestandsnaam(gevonden, vandaag)
        if form.cleaned_data["bewaren"]:
            try:
                voeg_document_toe(
                    caller,
                    gevonden,
                    DocumentSoort.REINTEGRATIEVERSLAG,
                    ContentFile(pdf, name=naam),
                    _("Gegenereerd re-integratieverslag"),
                )
            except DossierFout as fout:
                _fout_in_form(form, fout)
        if not form.errors:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{naam}"'
            response["Cache-Control"] = "private, no-store"
            return response
    voorlopig = stel_samen(gevonden, Oordeel(), vandaag)
    return render(
        request,
        "gemeente/reintegratieverslag_form.html",
        {"dossier": gevonden, "bsn_gemaskeerd": mask_bsn(gevonden.bsn), "form": form, "verslag": voorlopig,
         "onderdelen": ONDERDELEN},
        status=400 if form.errors else 200,
    )  # fmt: skip
