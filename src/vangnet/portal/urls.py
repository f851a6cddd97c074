from django.contrib.auth import views as auth_views
from django.urls import path

from vangnet.portal import views
from vangnet.portal.forms import LoginForm

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisatie/", views.organisatie, name="organisatie"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
]
