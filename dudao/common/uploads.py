"""Uploaded files are bounded while they stream in (``FILE_UPLOAD_HANDLERS``): a multipart request
whose declared length exceeds ``DUDAO_MAX_UPLOAD_MB``, or one file that grows past
``DUDAO_MAX_FILE_MB``, stops the parse with ``RequestDataTooBig`` (413 on the API, 400 on a page)
before anything reaches a service or storage. The per-purpose limits (region settings
``attachments.max_*_mb``, at most ``DUDAO_MAX_FILE_MB``) are checked by the services after this."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

MB = 1024 * 1024


def max_file_bytes() -> int:
    return settings.DUDAO_MAX_FILE_MB * MB


def max_upload_bytes() -> int:
    return settings.DUDAO_MAX_UPLOAD_MB * MB


class BoundedUploadHandler(FileUploadHandler):
    """Counts the bytes of each file and of the whole request and passes them on unchanged to the
    next handlers (memory for small files, a temporary file for the rest)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.total = 0
        if content_length and content_length > max_upload_bytes():
            raise RequestDataTooBig(f"multipart body of {content_length} bytes over DUDAO_MAX_UPLOAD_MB")
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file_bytes = 0

    def receive_data_chunk(self, raw_data, start):
        self.file_bytes += len(raw_data)
        self.total = getattr(self, "total", 0) + len(raw_data)
        if self.file_bytes > max_file_bytes():
            raise RequestDataTooBig("uploaded file over DUDAO_MAX_FILE_MB")
        if self.total > max_upload_bytes():
            raise RequestDataTooBig("uploaded files over DUDAO_MAX_UPLOAD_MB")
        return raw_data

    def file_complete(self, file_size):
        return None
