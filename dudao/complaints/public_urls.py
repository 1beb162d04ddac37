"""/public/ — a school's public page with the report/complaint form, the thank-you page and the
complainant's lookup (this app), with the school's printable sign and its inspector's photo
(``dudao.inspectors.public``); the portal's public pages are beside them (``portal.public_urls``)."""

from django.urls import path

from dudao.inspectors import public as inspectors_public

from . import public

app_name = "public"
urlpatterns = [
    path("schools/<str:school_code>/", public.school_page, name="school"),
    path("schools/<str:school_code>/thanks/", public.thanks, name="thanks"),
    path("schools/<str:school_code>/sign/", inspectors_public.sign, name="sign"),
    path("schools/<str:school_code>/photo/", inspectors_public.photo, name="photo"),
    path("complaints/lookup/", public.complaint_lookup, name="complaint_lookup"),
]
