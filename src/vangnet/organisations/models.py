import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vangnet.organisations.constants import PRODUCTS_BY_TYPE, OrganisatieType, Product


class Organisatie(models.Model):
    """A party in the chain: a gemeente, UWV, the hub or a leverancier."""

    # Scoping (vangnet.organisations.scoping): the field that names the owning organisation.
    organisatie_field = "id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=OrganisatieType.choices)
    gemeentecode = models.CharField(
        _("gemeentecode"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        help_text=_("CBS-code van de gemeente, bijvoorbeeld GM0363. Alleen voor gemeenten."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["type", "naam"]
        constraints = [
            models.CheckConstraint(
                name="gemeentecode_alleen_voor_gemeente",
                condition=(
                    Q(type=OrganisatieType.GEMEENTE, gemeentecode__isnull=False)
                    | (~Q(type=OrganisatieType.GEMEENTE) & Q(gemeentecode__isnull=True))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.gemeentecode})" if self.gemeentecode else self.naam

    @property
    def is_hub(self) -> bool:
        return self.type == OrganisatieType.HUB

    def available_products(self) -> tuple[str, ...]:
        return PRODUCTS_BY_TYPE[self.type]


class ProductMachtiging(models.Model):
    """One product; users and API keys hold machtigingen by linking to these rows."""

    code = models.CharField(_("code"), max_length=40, primary_key=True, choices=Product.choices)

    class Meta:
        verbose_name = _("machtiging")
        verbose_name_plural = _("machtigingen")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(Product(self.code).label)


class Gebruiker(AbstractUser):
    """A person who logs in to the portal, always on behalf of one organisation."""

    organisatie_field = "organisatie_id"

    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="gebruikers",
        null=True,
        blank=True,
        help_text=_("Leeg alleen voor technische beheerders zonder toegang tot het portaal."),
    )
    machtigingen = models.ManyToManyField(
        ProductMachtiging, verbose_name=_("machtigingen"), blank=True, related_name="gebruikers"
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["username"]


class ApiSleutel(models.Model):
    """An API key of an organisation. Only a hash is stored; the key is shown once."""

    organisatie_field = "organisatie_id"

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.CASCADE, related_name="api_sleutels"
    )
    naam = models.CharField(_("naam"), max_length=200, help_text=_("Waarvoor de sleutel dient."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    sleutel_hash = models.CharField(_("hash van de sleutel"), max_length=64, editable=False)
    machtigingen = models.ManyToManyField(
        ProductMachtiging, verbose_name=_("machtigingen"), blank=True, related_name="api_sleutels"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        Gebruiker, verbose_name=_("aangemaakt door"), on_delete=models.SET_NULL, null=True, blank=True
    )
    laatst_gebruikt_op = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["organisatie", "naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.ingetrokken_op is None
