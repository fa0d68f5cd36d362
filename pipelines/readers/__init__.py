"""Readers of the formats lgkg ingests besides plain text: PDF, HTML and Word.

Each reader takes the file's bytes (and its name, for error messages) and
returns ``(text, SourceMeta)``: text laid out as paragraphs separated by blank
lines (headings as Markdown ``#`` lines) that :func:`pipelines.normalize.normalize`
then repairs like any ``.txt`` file, and what the file says about itself.
They raise :class:`pipelines.ingest.IngestError` with a one-line message.
"""
