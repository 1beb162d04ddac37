"""/api/v1/corps/contacts — fixed contacts (C10): 市督学定点联系县 and 学校视导员, list (filters), create,
end; the Excel export is the list page's (``/inspectors/contacts/?export=xlsx``). ``contacts`` holds the rules."""

import datetime

from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictDate, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import contacts
from .choices import ContactKind
from .models import FixedContact, Inspector

router = Router(tags=["督学队伍"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class FixedContactOut(Schema):
    id: int
    inspector_id: Id
    inspector_name: str
    office_name: str
    kind: str
    county_code: str | None = None
    school_id: Id | None = None
    target_name: str
    duties: str
    start_date: datetime.date
    end_date: datetime.date | None = None

    @staticmethod
    def resolve_inspector_name(obj):
        return obj.inspector.name

    @staticmethod
    def resolve_office_name(obj):
        return obj.inspector.office.name

    @staticmethod
    def resolve_county_code(obj):
        return obj.county.code if obj.county_id else None

    @staticmethod
    def resolve_target_name(obj):
        return obj.target_name


class FixedContactIn(StrictSchema):
    inspector_id: Id
    kind: ContactKind
    county_code: str | None = Field(None, max_length=12, description="定点联系的县（区）代码（kind=county）")
    school_id: Id | None = Field(None, description="视导员联系的学校（kind=school）")
    duties: str = Field(..., max_length=2000)
    start_date: StrictDate
    end_date: StrictDate | None = None


class FixedContactEndIn(StrictSchema):
    end_date: StrictDate


def _filtered(request, kind, inspector_id, current):
    qs = contacts.contacts_for_user(request.auth, kind=kind, current_on=timezone.localdate() if current else None)
    if inspector_id:
        qs = qs.filter(inspector=get_for_user_or_invalid(Inspector, request.auth, "inspector_id", pk=inspector_id))
    return qs


@router.get("/contacts", response={200: list[FixedContactOut], **ERRORS},
            summary="定点联系（市督学定点联系县、学校视导员；current=true 只列当前有效的）")
@paginate(BoundedPagination)
def list_contacts(request, kind: ContactKind | None = None, inspector_id: Id | None = None, current: bool = False):
    return _filtered(request, kind, inspector_id, current)


@router.post("/contacts", response={201: FixedContactOut, **ERRORS}, summary="安排定点联系（定点联系县或学校视导员）")
def create_contact(request, payload: FixedContactIn):
    user, data = request.auth, payload.model_dump()
    inspector = get_for_user_or_invalid(Inspector.objects.select_related("office__region"), user, "inspector_id",
                                        pk=data.pop("inspector_id"))
    code, school_id = data.pop("county_code"), data.pop("school_id")
    county = get_for_user_or_invalid(Region, user, "county_code", code=code) if code else None
    school = get_for_user_or_invalid(Unit.objects.select_related("region"), user, "school_id",
                                     pk=school_id) if school_id else None
    contact = contacts.contact_create(actor=user, inspector=inspector, county=county, school=school, **data)
    return Status(201, contacts.contacts_for_user(user).get(pk=contact.pk))


@router.post("/contacts/{int:contact_id}/end", response={200: FixedContactOut, **ERRORS}, summary="结束定点联系")
def end_contact(request, contact_id: Id, payload: FixedContactEndIn):
    contact = get_for_user_or_404(FixedContact, request.auth, "view", pk=contact_id)
    contacts.contact_end(actor=request.auth, contact=contact, end_date=payload.end_date)
    return contacts.contacts_for_user(request.auth).get(pk=contact.pk)


