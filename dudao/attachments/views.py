"""Scoped downloads: ``/files/<id>/`` (the file; images inline, others as attachment, with the
original name) and ``/files/<id>/thumb/``. Whoever may view the owner may fetch; anybody else gets
404; anonymous users go to the login page — unless the owner type makes the file public
(``public_file``, e.g. a published publication's file). Nothing under MEDIA_ROOT has a public URL."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.common.parity import ui_action
from dudao.common.views import flash_errors

from . import selectors, services

INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


def _accel_redirect(f, name: str, mime: str, inline: bool) -> HttpResponse | None:
    """Behind nginx (``DUDAO_X_ACCEL_PREFIX``, deploy/nginx/dudao.conf): the checked request answers
    with ``X-Accel-Redirect`` and nginx sends the file from its ``internal`` location, so no
    worker is held while a large file goes out. Only for files on the local file system."""
    prefix = settings.DUDAO_X_ACCEL_PREFIX
    if not prefix or not isinstance(getattr(f, "storage", None), FileSystemStorage) or not f.name:
        return None
    if not f.storage.exists(f.name):
        raise Http404
    response = HttpResponse(content_type=mime)
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(f.name.lstrip("/"))
    response["Content-Disposition"] = content_disposition_header(not inline, name)
    return response


def file_response(f, name: str, mime: str, *, inline: bool | None = None) -> HttpResponse:
    """A download with the original (UTF-8, RFC 5987) name, ``nosniff`` and a sandboxing CSP."""
    if inline is None:
        inline = mime in INLINE_TYPES and mime.startswith("image/")
    response = _accel_redirect(f, name, mime, inline)
    if response is None:
        try:
            handle = f.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=0"
    return response


def _fetch(request, pk):
    """The attachment, or None when an anonymous visitor should sign in first."""
    try:
        return selectors.attachment_for_user_or_404(request.user, pk)
    except Http404:
        if request.user.is_authenticated:
            raise
        return None


def download(request, pk):
    att = _fetch(request, pk)
    if att is None:
        return redirect_to_login(request.get_full_path())
    return file_response(att.file, att.name, att.mime_type)


def thumb(request, pk):
    att = _fetch(request, pk)
    if att is None:
        return redirect_to_login(request.get_full_path())
    if not att.thumbnail:
        raise Http404
    return file_response(att.thumbnail, att.name.rsplit(".", 1)[0] + ".jpg", "image/jpeg", inline=True)


@ui_action(api="dudao_attachments_api_delete")
@login_required
@require_POST
def delete(request, pk):
    """Remove a file (the uploader or the owner's office, while the owner's step is open) and go
    back to the page it was shown on."""
    att = selectors.attachment_for_user_or_404(request.user, pk)
    owner = att.owner
    try:
        services.attachment_delete(actor=request.user, attachment=att)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("已删除附件“%(n)s”") % {"n": att.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = owner.get_absolute_url() if hasattr(owner, "get_absolute_url") else "/"
    return redirect(target)
