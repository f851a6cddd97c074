from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GemeenteConfig(AppConfig):
    """The gemeente: signaalrapporten in, a dossier with Poortwachter tasks per vangnetter."""

    name = "vangnet.gemeente"
    verbose_name = _("Gemeente")
