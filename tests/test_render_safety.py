"""Hostile article text is escaped everywhere and the PDF renderer fetches nothing."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from typing import ClassVar

from pypdf import PdfReader

from factsheet.pipeline import RunOptions, run

HOSTILE_TITLE = '<link rel="attachment" href="file:///etc/passwd"><img src="http://127.0.0.1:{port}/x.png">'
HOSTILE_BODY = (
    "Officials said at least 12 people were killed in <b>Kherson</b> on Monday "
    '<link rel="attachment" href="file:///etc/passwd"> '
    '<img src="http://127.0.0.1:{port}/pixel.png"> <script>alert(1)</script>.\n'
)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self):
        _Recorder.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_hostile_article_embeds_no_file_and_makes_no_request(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "evil.md").write_text(
            "---\ntitle: '" + HOSTILE_TITLE.format(port=port).replace("'", "''") + "'\n"
            f"url: http://127.0.0.1:{port}/article\npublished: 2025-08-05\n---\n"
            + HOSTILE_BODY.format(port=port),
            encoding="utf-8",
        )
        result = run([folder], RunOptions(out=tmp_path / "out", briefing_date=dt.date(2025, 8, 5)))
    finally:
        server.shutdown()
    assert _Recorder.hits == []
    assert [f.count for f in result.briefing.published_facts() if f.kind == "casualty"] == [12]
    reader = PdfReader(result.out_dir / "briefing.pdf")
    assert reader.attachments == {}
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "root:x:0:0" not in text
    assert '<linkrel="attachment"' in "".join(text.split())  # shown as text, not obeyed
    markdown = (result.out_dir / "briefing.md").read_text(encoding="utf-8")
    # The quote's extent depends on the parse (the port number in the text varies), so check
    # markup that is always quoted: the <b> around the place name and the title's <link>.
    assert "<script>" not in markdown and "<link" not in markdown and "<b>" not in markdown
    assert "&lt;b&gt;Kherson&lt;/b&gt;" in markdown and "&lt;link rel=" in markdown


def test_markdown_filters_escape_for_the_place_each_value_lands():
    from factsheet.render.markdown import md_code, md_link, md_text

    assert md_link("https://example.org/a b?q=<x>") == "<https://example.org/a%20b?q=%3Cx%3E>"
    for foreign in ("javascript:alert(1)", "JaVaScRiPt:x", "file:///etc/passwd", "data:text/html,x", "//h/x"):
        assert not md_link(foreign).startswith("<"), foreign
    assert md_code("a`b") == "``a`b``" and md_code("`x") == "`` `x ``"
    assert md_code("a|b", cell=True) == "`a\\|b`"
    assert md_text("![i](http://h/x) <img>") == "!\\[i\\](http://h/x) &lt;img&gt;"
    assert md_text("# h") == "\\# h" and md_text("1. x") == "1\\. x" and md_text("> q") == "&gt; q"
    assert md_text("a\x1bb\x00\nc") == "a\u241bb\u2400 c"
