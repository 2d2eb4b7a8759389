"""Serving a private upload after the view has checked who is asking. There is no public
/media/ route; this is the one way to hand a stored file to a browser, with HTTP Range
support so a video can be seeked in."""

from __future__ import annotations

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _chunks(handle, start: int, length: int):
    handle.seek(start)
    remaining = length
    try:
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def private_file_response(request, fieldfile, *, content_type: str, as_attachment: bool = False, filename: str = ""):
    """The whole file (200) or the asked byte range (206); an unsatisfiable range gets 416."""
    filename = filename or fieldfile.name.rsplit("/", 1)[-1]
    size = fieldfile.size
    match = RANGE_RE.match(request.headers.get("Range", "").strip())
    if not match or (not match.group(1) and not match.group(2)):
        response = FileResponse(
            fieldfile.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    else:  # "bytes=-N": the last N bytes
        start = max(size - int(last), 0)
        end = size - 1
    if start >= size or end < start:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    length = end - start + 1
    response = StreamingHttpResponse(
        _chunks(fieldfile.open("rb"), start, length), status=206, content_type=content_type
    )
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    disposition = "attachment" if as_attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
