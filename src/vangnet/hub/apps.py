from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The Inlichtingenbureau role: DKD deliveries, verwijsindex, monitor (and later checks and signals)."""

    name = "vangnet.hub"
    verbose_name = _("Hub")
