"""/public/surveys/ — the login-free answer page of a survey and its thank-you page."""

from django.urls import path

from . import public

app_name = "survey_public"
urlpatterns = [
    path("<str:token>/", public.answer, name="answer"),
    path("<str:token>/thanks/", public.thanks, name="thanks"),
]
