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
