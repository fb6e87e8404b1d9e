"""factsheet: news articles in; typed, source-checked facts and briefing sheets out.

The data flows ingest -> extract -> validate -> reconcile -> render/export, each
stage a subpackage talking to the next through the models in `factsheet.models`.
"""

__version__ = "0.1.0"
