from django.urls import path

from . import public

app_name = "public"
urlpatterns = [
    path("schools/<str:school_code>/", public.school_page, name="school"),
    path("schools/<str:school_code>/thanks/", public.thanks, name="thanks"),
    path("schools/<str:school_code>/sign/", public.sign, name="sign"),
    path("schools/<str:school_code>/photo/", public.photo, name="photo"),
    path("complaints/lookup/", public.complaint_lookup, name="complaint_lookup"),
]
