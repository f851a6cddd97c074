from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulatieConfig(AppConfig):
    """The national simulation of the chain, and the auditor that compares the three parties afterwards."""

    name = "vangnet.simulatie"
    verbose_name = _("Simulatie")
