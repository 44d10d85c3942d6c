"""A flipchart's photos as slides of their own, each before the transcription.

The photo is shown as large as the 16:9 page allows, on its own slide before
the flipchart's transcription: beside the transcription it would be a
thumbnail too small to read the handwriting, and the transcription's
columns would lose the width they need. Its text alternative is the
transcription itself (the chart's sections and notes, in order), so a
reader who cannot see the photo reads what is on it.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from ontwerptafel.errors import NotInPackageError, PackageError, PhotoRefusedError, Problem
from ontwerptafel.package.model import Flipchart, Package
from ontwerptafel.package.photos import PHOTOS_TABLE, located, report_image
from ontwerptafel.views.model import Column, NoteView, plain
from ontwerptafel.views.slides import PhotoSlide


def transcription(heading: str, columns: tuple[Column, ...] | list[Column]) -> str:
    """The chart's text in reading order: its heading, each section's label
    and its notes (sub-notes after their note), as one line for ``alt``."""
    parts = [heading]

    def walk(notes: tuple[NoteView, ...]) -> None:
        for n in notes:
            text = plain(n.text)
            if n.above_line:
                text = f"{n.above_line} {text}"
            parts.append(text)
            walk(n.children)

    for column in columns:
        if column.label:
            parts.append(f"{column.label}:")
        walk(column.notes)
    return " ".join(p.strip() for p in parts if p.strip())


def photo_slides(
    package: Package,
    chart: Flipchart,
    meta: str,
    columns: tuple[Column, ...] | list[Column],
    labels: Mapping[str, str],
) -> list[PhotoSlide]:
    """One slide per photo of ``chart``, in their order (none for a chart
    without photos, so a session without photos renders as before)."""
    photos = package.photos(chart.flipchart_id)
    if not photos:
        return []
    if package.folder is None:
        msg = f"{chart.flipchart_id} has photos, but the package's folder is not known"
        raise NotInPackageError([Problem(f"data/{PHOTOS_TABLE}.csv", msg)])
    alt = f"{labels['photo_alt']} {transcription(chart.heading, columns)}"
    out = []
    for photo in photos:
        # located() again: the report reads only a file of the package's own
        try:
            path = located(package.folder, photo.path)
            data, width, height = report_image(path, photo.media_type)
        except PhotoRefusedError as e:
            where = Problem(f"data/{PHOTOS_TABLE}.csv", e.message, field=e.field)
            raise PackageError([where]) from None
        encoded = base64.b64encode(data).decode("ascii")
        credit = labels["photo_credit"].format(
            photographer=photo.photographer, licence=photo.licence
        )
        out.append(
            PhotoSlide(
                heading=chart.heading,
                meta=f"{meta} · {labels['photo_kicker']}",
                flipchart=chart.order,
                ident=photo.photo_id,
                chart=chart.flipchart_id,
                src=f"data:{photo.media_type};base64,{encoded}",
                media_type=photo.media_type,
                width=width,
                height=height,
                alt=alt,
                credit=credit,
            )
        )
    return out
