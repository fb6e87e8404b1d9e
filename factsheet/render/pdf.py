"""HTML to PDF with WeasyPrint, fetching nothing an article could name.

WeasyPrint's default fetcher reads local files and URLs named in the HTML (and
`<link rel=attachment>` embeds them). Article text is escaped anyway; on top of
that this fetcher refuses every URL except `data:` and files inside the template
folders, so a hostile article cannot pull /etc/passwd or call out.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import URLFetcher


class RefusedURL(ValueError):
    pass


class BundledOnlyFetcher(URLFetcher):
    """Serves `data:` URLs and files under the allowed folders; refuses anything else."""

    def __init__(self, allowed_dirs: list[Path]) -> None:
        super().__init__(timeout=1, allow_redirects=False)
        self.allowed = [d.resolve() for d in allowed_dirs]
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if any(path.is_relative_to(d) for d in self.allowed) and path.is_file():
                return super().fetch(url, headers)
        self.refused.append(url)
        raise RefusedURL(f"refused to fetch {url}")


def html_to_pdf(html: str, base_dir: Path, allowed_dirs: list[Path]) -> tuple[bytes, list[str]]:
    """Render `html` to PDF bytes; also return the URLs that were refused."""
    fetcher = BundledOnlyFetcher(allowed_dirs)
    document = HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher)
    pdf = document.write_pdf()
    return pdf, fetcher.refused
