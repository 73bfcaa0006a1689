"""WeasyPrint fetches nothing but our static files.

User text in the report is escaped, so a URL in an evidence note is printed, never
fetched; and the URL fetcher refuses anything that is not a ``data:`` URL or a file
under ``static/``, so even HTML that names other URLs makes no request and reads no
other file. A local HTTP server counts the requests that get through: none may.
"""

import base64
import builtins
import http.server
import io
import logging
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from assessments.models import Answer
from assessments.reports import context as reports
from assessments.reports import pdf as pdf_module
from assessments.reports.pdf import StaticOnlyURLFetcher, URLRefused, render_pdf, static_base_url
from coprod_grid.models import Activity
from tests.factories import make_assessment

REPORT_CSS = static_base_url() + "css/report.css"
# How the report hands WeasyPrint the Grid drawing (coprod_grid/grid/print_image.py).
GRID_IMAGE_PREFIX = "data:image/svg+xml;base64,"


@pytest.fixture
def server():
    """A local HTTP server on a free port that counts the requests it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], requests
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def opened(monkeypatch):
    """Every path Python opens while the test runs."""
    paths: list[str] = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        paths.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)  # what pathlib's read_bytes calls
    return paths


def test_the_server_counts_requests(server):
    """The control: the counter does see a request that is made."""
    import urllib.request

    port, requests = server
    urllib.request.urlopen(f"http://127.0.0.1:{port}/control", timeout=5).close()
    assert requests == ["/control"]


def test_it_serves_the_print_stylesheet():
    response = StaticOnlyURLFetcher().fetch(REPORT_CSS)

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_it_serves_data_urls():
    response = StaticOnlyURLFetcher().fetch("data:text/plain;base64,aGVsbG8=")

    assert response.read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/x.png",
        "https://127.0.0.1:{port}/x.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://127.0.0.1/etc/passwd",
        static_base_url() + "../pyproject.toml",
        static_base_url() + "css/../../pyproject.toml",
        static_base_url() + "%2e%2e/pyproject.toml",
        static_base_url() + "css/no-such-file.css",
        static_base_url() + "css/",
        "ftp://127.0.0.1/x",
        "javascript:alert(1)",
    ],
)
def test_it_refuses_everything_else(url, server, opened, caplog):
    port, requests = server
    url = url.format(port=port)
    fetcher = StaticOnlyURLFetcher()

    with (
        caplog.at_level(logging.WARNING, logger="assessments.reports.pdf"),
        pytest.raises(URLRefused),
    ):
        fetcher.fetch(url)

    assert fetcher.refused == [url]
    assert "refused" in caplog.text
    assert requests == []
    assert opened == []


def test_it_refuses_a_symlink_out_of_the_static_folder(tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (root / "link.txt").symlink_to(secret)
    (root / "ok.txt").write_text("ok")
    fetcher = StaticOnlyURLFetcher(root=root)

    assert fetcher.fetch((root / "ok.txt").as_uri()).read() == b"ok"
    with pytest.raises(URLRefused):
        fetcher.fetch((root / "link.txt").as_uri())


@pytest.fixture
def hostile_assessment(server):
    port, _ = server
    assessment = make_assessment()
    activity = Activity.objects.active().first()
    note = (
        f'<img src="http://127.0.0.1:{port}/x.png"> '
        f'<a href="file:///etc/passwd">passwd</a> '
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">'
    )
    Answer.objects.create(
        assessment=assessment,
        activity=activity,
        frequency="routine",
        stages=["monitoring"],
        notes=note,
    )
    return assessment, note


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_urls_in_an_evidence_note_are_printed_not_fetched(
    hostile_assessment, server, opened, monkeypatch, caplog
):
    assessment, note = hostile_assessment
    _, requests = server
    fetched: list[str] = []
    real_fetch = StaticOnlyURLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf_module.StaticOnlyURLFetcher, "fetch", recording_fetch)

    with caplog.at_level(logging.WARNING, logger="assessments.reports.pdf"):
        pdf = reports.render_report(assessment)

    assert requests == []
    # The Grid's own drawing, handed to WeasyPrint as an image in a data: URL, and the
    # stylesheet at most (the thread's first render parses it); nothing the note names.
    drawings = [url for url in fetched if url.startswith(GRID_IMAGE_PREFIX)]
    assert len(drawings) == 1
    drawing = base64.b64decode(drawings[0].removeprefix(GRID_IMAGE_PREFIX)).decode()
    assert drawing.startswith("<svg") and 'class="grid-chart__svg"' in drawing
    assert set(fetched) - set(drawings) <= {REPORT_CSS}
    assert "refused" not in caplog.text
    assert "/etc/passwd" not in opened
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    # Printed as text (compared without spaces: the narrow column wraps inside the URL).
    assert "".join(note.split()) in "".join(text.split())


def test_raw_html_naming_other_urls_renders_without_them(server, opened, caplog):
    """Even HTML that is not escaped cannot make the renderer fetch: each refusal is
    logged and the document renders without the resource."""
    port, requests = server
    html = (
        "<!DOCTYPE html><html lang='en-GB'><head><title>t</title>"
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">'
        "<link rel='stylesheet' href='../pyproject.toml'>"
        "</head><body><p>Hello</p>"
        f'<img src="http://127.0.0.1:{port}/x.png" alt="x">'
        '<img src="file:///etc/hostname" alt="y">'
        f"<p style=\"background: url('http://127.0.0.1:{port}/bg.png')\">styled</p>"
        "</body></html>"
    )
    fetcher = StaticOnlyURLFetcher()

    with caplog.at_level(logging.WARNING, logger="assessments.reports.pdf"):
        pdf = render_pdf(html, url_fetcher=fetcher)

    assert pdf.startswith(b"%PDF")
    assert requests == []
    assert set(fetcher.refused) >= {
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/evil.css",
        f"http://127.0.0.1:{port}/x.png",
        "file:///etc/hostname",
        f"http://127.0.0.1:{port}/bg.png",
    }
    assert any(url.endswith("/pyproject.toml") for url in fetcher.refused)
    assert caplog.text.count("refused to fetch") == len(fetcher.refused)
    outside = [
        path
        for path in opened
        if path in ("/etc/passwd", "/etc/hostname") or path.endswith("pyproject.toml")
    ]
    assert outside == []


def test_the_static_folder_is_the_projects(settings):
    assert pdf_module.static_dir() == (Path(settings.BASE_DIR) / "static").resolve()
