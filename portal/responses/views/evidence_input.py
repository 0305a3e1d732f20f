"""Files attached in a section form: checked, stored or refused with a message; removal."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from portal.questionnaires.definition import QuestionType, Section
from portal.responses import evidence
from portal.responses.forms import field_name
from portal.responses.models import Response
from portal.responses.services import ResponseState
from portal.responses.uploads import (
    ACCEPTED_EXTENSIONS,
    ZIP_MAX_UNCOMPRESSED,
    UploadRejected,
    inspect_upload,
)
from portal.responses.views.section_page import size_text


def store_uploads(response: Response, state: ResponseState, sec: Section) -> list[tuple[str, str]]:
    """Store the files attached to the section's evidence questions; the errors, by field."""
    errors = []
    config = current_app.config
    limit = int(config["UPLOAD_MAX_BYTES"])
    for q in sec.questions:
        if q.type is not QuestionType.EVIDENCE:
            continue
        name = field_name(q.id)
        files = [
            f for f in request.files.getlist(name) if isinstance(f, FileStorage) and f.filename
        ]
        if not files:
            continue
        if q.id not in state.visible:
            errors.append((name, _("This question does not apply given your answers, so the "
                                   "file was not kept.")))
            continue
        for upload in files:
            data = upload.stream.read(limit + 1)
            try:
                accepted = inspect_upload(
                    upload.filename or "",
                    data,
                    max_bytes=limit,
                    max_entries=int(config["UPLOAD_ZIP_MAX_ENTRIES"]),
                    max_uncompressed=int(
                        config.get("UPLOAD_ZIP_MAX_UNCOMPRESSED", ZIP_MAX_UNCOMPRESSED)
                    ),
                )
                evidence.add_file(current_user, response, q.id, accepted, data)
            except UploadRejected as exc:
                errors.append((name, upload_message(exc, upload.filename or "")))
            except evidence.TooManyFiles:
                errors.append((name, _("This question already has as many files as it can "
                                       "take. Remove one first.")))
    return errors


def upload_message(exc: UploadRejected, filename: str) -> str:
    p = exc.params
    if exc.code == "extension":
        return _("%(file)s: files of this type cannot be uploaded. Upload one of: %(accepted)s.",
                 file=filename, accepted=", ".join(ACCEPTED_EXTENSIONS))
    if exc.code == "too_large":
        return _("%(file)s is larger than %(size)s. Upload a smaller file.", file=filename,
                 size=size_text(int(p.get("limit", 0))))  # type: ignore[call-overload]
    if exc.code == "empty":
        return _("%(file)s is empty.", file=filename)
    if exc.code in ("zip_entries", "zip_size", "encrypted"):
        return _("%(file)s cannot be opened safely (too large when unpacked, too many parts, "
                 "or password-protected).", file=filename)
    if exc.code == "mismatch":
        return _("%(file)s does not contain what its name says (a .%(ext)s file). Save it "
                 "again in that format and upload it.", file=filename, ext=p.get("extension"))
    return _("The file needs a name.")


def remove_file(response: Response, file_id: str) -> None:
    found = evidence.file_of_response(response.id, int(file_id)) if file_id.isdigit() else None
    if found is not None:
        evidence.remove_file(current_user, response, found)
