from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    """The gemeente's LKS register: persons, employers, LKS periods, sick reports, and the SOAP answer to the hub."""

    name = "vangnet.gemeente.register"
    # The label of the app before it moved here (vangnet.gemeente_lks): its tables, migration history
    # and content types keep their names, so an existing database carries over unchanged.
    label = "gemeente_lks"
    verbose_name = _("Gemeente: LKS-register")
