"""Text → records: the extraction stages of lgkg.

ingest → normalize → articles → sentences → mentions (places, organizations,
people, programs) → entities (resolve) → relations. No RDF here: the stages
produce the plain records of :mod:`kg.model`.
"""
