from django.db import models
from django.utils.translation import gettext_lazy as _


class Bron(models.TextChoices):
    """How a signaalrapport reached the gemeente."""

    HUB = "hub", _("Opgehaald bij de hub")
    UPLOAD = "upload", _("Geüpload in het portaal")
    API = "api", _("API")
    CLI = "cli", _("Opdrachtregel")


class DossierStatus(models.TextChoices):
    UITKERING = "uitkering", _("Ziektewetuitkering loopt")
    BEGELEIDING_NAAR_WERK = "begeleiding_naar_werk", _("Begeleiding naar werk")


class TaakStatus(models.TextChoices):
    """`te_laat` is never stored: it is an open task past its deadline, worked out on the day asked."""

    OPEN = "open", _("Open")
    GEDAAN = "gedaan", _("Gedaan")
    TE_LAAT = "te_laat", _("Te laat")
    BIJ_EX_WERKGEVER = "bij_ex_werkgever", _("Bij ex-werkgever")
    NVT = "nvt", _("Niet van toepassing")


class Verantwoordelijke(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    UWV = "uwv", _("UWV")
    EX_WERKGEVER = "ex_werkgever", _("Ex-werkgever")


class DocumentSoort(models.TextChoices):
    PROBLEEMANALYSE = "probleemanalyse", _("Probleemanalyse")
    PLAN_VAN_AANPAK = "plan_van_aanpak", _("Plan van aanpak")
    EVALUATIE = "evaluatie", _("Evaluatie")
    REINTEGRATIEVERSLAG = "reintegratieverslag", _("Re-integratieverslag (gemeente)")
    REINTEGRATIEVERSLAG_EX_WERKGEVER = "reintegratieverslag_ex_werkgever", _("Re-integratieverslag van de ex-werkgever")
    ADVIES_BEDRIJFSARTS = "advies_bedrijfsarts", _("Advies bedrijfsarts")
    ADVIES_ARBEIDSDESKUNDIGE = "advies_arbeidsdeskundige", _("Advies arbeidsdeskundige")
    OVERIG = "overig", _("Overig")


class Kanaal(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    EMAIL = "email", _("E-mail")
    GESPREK = "gesprek", _("Gesprek")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    VIDEO = "video", _("Videobellen")


class InterventieSoort(models.TextChoices):
    JOBCOACHING = "jobcoaching", _("Jobcoaching")
    WERKPLEKAANPASSING = "werkplekaanpassing", _("Werkplekaanpassing")
    TWEEDE_SPOORTRAJECT = "tweede_spoortraject", _("Tweede-spoortraject")
    SCHOLING = "scholing", _("Scholing")
    ARBEIDSDESKUNDIG_ONDERZOEK = "arbeidsdeskundig_onderzoek", _("Arbeidsdeskundig onderzoek")
    BEDRIJFSARTS = "bedrijfsarts", _("Consult bedrijfsarts")
    CASEMANAGEMENT = "casemanagement", _("Casemanagement")
    LOOPBAANONDERZOEK = "loopbaanonderzoek", _("Loopbaanonderzoek")
    OVERIG = "overig", _("Overig")


class InterventieStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    LOPEND = "lopend", _("Lopend")
    AFGEROND = "afgerond", _("Afgerond")
    AFGEBROKEN = "afgebroken", _("Afgebroken")
