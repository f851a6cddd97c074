from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Let op hoofdletters."),
        "inactive": _("Dit account is geblokkeerd. Neem contact op met de beheerder van uw organisatie."),
    }

    username = forms.CharField(
        label=_("Gebruikersnaam"),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "username",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={
                "autocomplete": "current-password",
                "class": "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--password",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No autofocus: it would skip the skip link and surprise screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
