from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.gemeente.constants import DossierStatus


class SignaalimportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Signaalrapport"),
        help_text=_(
            "Het CSV-bestand zoals gedownload bij het Inlichtingenbureau (Re-integratie_signaalrapport). "
            "Scheidingsteken ; of , en datums als DD-MM-JJJJ of JJJJ-MM-DD worden allebei gelezen."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain", "class": "utrecht-file-input"}),
    )


class DossierFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *DossierStatus.choices],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    te_laat = forms.BooleanField(label=_("Alleen met te late taken"), required=False)
