"""The one door through which WeasyPrint may read: report/ files and the report's photos."""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ontwerptafel.assets import REPORT_DIR


def _fetcher_class() -> type:
    """The locked fetcher, built lazily so importing this module stays cheap."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LockedFetcher(URLFetcher):  # type: ignore[misc]
        """Serves files under one folder and nothing else: no http, no data:
        but the photos the view embedded (``images``, by their exact URI),
        no redirects, no path that resolves (through ``..`` or a symlink)
        outside. Every request is recorded, so a test can see what was asked.
        """

        def __init__(self, assets: Path, images: Mapping[str, str] | None = None) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.assets = assets.resolve()
            self.images = dict(images or {})
            self.requests: list[str] = []
            self.refused: list[str] = []

        def local_path(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return None
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if not path.is_relative_to(self.assets) or not path.is_file():
                return None
            return path

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.requests.append(url)
            if url in self.images:  # made by views.photos from a file of the package
                data = base64.b64decode(url.partition(",")[2], validate=True)
                return URLFetcherResponse(url, data, headers={"Content-Type": self.images[url]})
            path = self.local_path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"refused {url}: only files under report/ are served")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": kind}
            )

    return LockedFetcher


def locked_fetcher(assets: Path = REPORT_DIR, images: Mapping[str, str] | None = None) -> Any:
    """A WeasyPrint URL fetcher that serves only files under ``assets`` (and
    the data: URIs of ``images``, URI -> media type)."""
    return _fetcher_class()(assets, images)
