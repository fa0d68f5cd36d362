"""The pipeline over a corpus: files in, :class:`kg.model.Corpus` records out.

Each file goes ingest → normalize → articles → sentences → mentions →
entities → relations on its own (:func:`extract_file`), so files can be
processed in any order or in parallel; :func:`merge` then joins the per-file
records into one corpus with canonical entities and deterministic order.
A file that cannot be read becomes a one-line failure, never an abort.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.model import Corpus, DocumentRecord, EntityRecord, MentionRecord, RelationRecord, SentenceRecord
from pipelines import articles as art
from pipelines.divisions import divisions
from pipelines.lexicon import table
from pipelines.docmeta import SourceMeta, merge_meta, with_bylines
from pipelines.ingest import IngestError, RawDocument, clean_text, discover, display_path, read_document
from pipelines.nlp import get_nlp
from pipelines.normalize import normalize
from pipelines.relations import find_relations, main_actor, sentence_of
from pipelines.resolve import (
    apply_split, division_entity, entity_key, merge_entities, place_entity, rekey, split_based, split_homonyms, split_places,
)


def extract_text(raw_text: str, source_path: str, meta: SourceMeta | None = None) -> Corpus:
    """Extract records from one file's text; ``source_path`` names the document, ``meta`` is what its reader found."""
    norm = normalize(clean_text(raw_text))  # no control characters or lone surrogates reach the graph
    text = norm.text
    out = Corpus()
    arts = art.split_articles(text, norm.page_starts)
    file_id = source_path
    info = merge_meta(text, meta)  # title, date, publication, edition of the file
    date = info.date
    about = {"publication": info.publication, "edition": info.edition, "media_type": info.media_type}
    if len(arts) == 1:
        docs = [(file_id, 0, len(text), info.title)]
        out.documents.append(DocumentRecord(file_id, source_path, text, info.title, date, **about))
    else:
        out.documents.append(DocumentRecord(file_id, source_path, text, info.title, date, **about))
        docs = [(f"{file_id}#{i + 1}", a.start, a.end, a.title) for i, a in enumerate(arts)]
        for doc_id, a, b, title in docs:
            out.documents.append(DocumentRecord(doc_id, source_path, text[a:b], title, date, part_of=file_id, start=a, **about))
    for doc_id, a, b, _title in docs:
        _extract_article(doc_id, text[a:b], out)
    with_bylines(out, info.authors)
    return out


def _extract_article(doc_id: str, text: str, out: Corpus) -> None:
    doc = get_nlp()(text)
    sentences = doc.user_data["lgkg_sentences"]
    cands = doc.user_data["lgkg_candidates"]
    out.sentences.extend(SentenceRecord(doc_id, s.index, s.start, s.end, s.text) for s in sentences)

    keys: dict[int, str] = {}
    for c in cands:
        key = entity_key(c)
        keys[id(c)] = key
        e = out.entities.get(key)
        if e is None:
            e = place_entity(c) if c.etype == "Place" else EntityRecord(key, c.etype, c.name, {c.name})
            out.entities[key] = e
        surface = text[c.start:c.end]
        e.aliases.update(a for a in (*c.aliases, surface) if a and "\n" not in a)
        sent = sentence_of(sentences, c.start)
        out.mentions.append(MentionRecord(doc_id, sent, c.start, c.end, surface, c.etype, key))

    facts = find_relations(text, sentences, cands, main_actor(cands, text))
    for f in facts:
        s_key = keys[id(f.subject)]
        if f.predicate == "authorOf":
            out.relations.append(RelationRecord(s_key, "authorOf", doc_id, doc_id, f.sentence))
            continue
        o_key = keys.get(id(f.object)) if f.object is not None else _named(f, out)
        if o_key and o_key != s_key:
            out.relations.append(RelationRecord(s_key, f.predicate, o_key, doc_id, f.sentence, f.title))
    _gazetteer_parents(out, {keys[id(c)] for c in cands if c.etype == "Place"}, doc_id, facts, keys)


def _named(f, out: Corpus) -> str | None:
    """Key of an entity named by a fact but not mentioned: a parent organization or a place."""
    name = f.object_name
    if not name:
        return None
    if f.predicate == "subOrganizationOf":
        key = EntityRecord.make_key("Organization", name)
        out.entities.setdefault(key, EntityRecord(key, "Organization", name, {name}))
        return key
    countries = dict(table("countries_regions"))
    if countries.get(name) == "country":
        key = EntityRecord.make_key("Place", name)
        out.entities.setdefault(key, EntityRecord(key, "Place", name, {name}, "country"))
        return key
    divs = divisions().lookup(name)
    for key, e in out.entities.items():
        if e.etype == "Place" and e.name == name:
            return key
    if len(divs) == 1:
        e = division_entity(divs[0])
        out.entities.setdefault(e.key, e)
        return e.key
    return None


def _gazetteer_parents(out: Corpus, place_keys: set[str], doc_id: str, facts, keys) -> None:
    """Parents from the official divisions for every coded place, up the whole chain."""
    d = divisions()
    has_parent = {keys[id(f.subject)] for f in facts if f.predicate == "locatedIn"}
    todo = sorted(place_keys)
    seen = set()
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        e = out.entities[key]
        div = d.by_key.get(e.ident or "")
        if div is None:
            continue
        parent = d.parent(div)
        if parent is None:
            continue
        pe = division_entity(parent)
        out.entities.setdefault(pe.key, pe)
        if key not in has_parent:
            out.relations.append(RelationRecord(key, "locatedIn", pe.key))
        todo.append(pe.key)


def extract_file(path: Path, root: Path | None) -> Corpus:
    """Extract one file; an unreadable one gives a Corpus with a single failure line."""
    try:
        raw: RawDocument = read_document(path, root)
    except IngestError as exc:
        return Corpus(failures=[str(exc)])
    try:
        return extract_text(raw.text, raw.source_path, raw.meta)
    except Exception as exc:  # one bad file must not stop the corpus
        problem = " ".join(str(exc).split())[:200]  # one line
        return Corpus(failures=[f"{display_path(path)}: extraction failed ({type(exc).__name__}: {problem})"])


def merge(parts: Iterable[Corpus]) -> Corpus:
    """Join per-file records; merge entities across files; sort everything deterministically."""
    out = Corpus()
    for part in parts:
        out.documents.extend(part.documents)
        out.sentences.extend(part.sentences)
        out.mentions.extend(part.mentions)
        out.relations.extend(part.relations)
        out.failures.extend(part.failures)
        for key, e in part.entities.items():
            have = out.entities.get(key)
            if have is None:
                out.entities[key] = EntityRecord(key, e.etype, e.name, set(e.aliases), e.level, e.code, e.lon, e.lat, e.ident)
            else:
                have.aliases |= e.aliases
    remap = merge_entities(out.entities)
    for old, new in remap.items():
        out.entities[new].aliases |= out.entities.pop(old).aliases
    if remap:
        rekey(out, lambda key, _doc: remap.get(key, key), remap)
    places = split_places(out)  # homonymous uncoded places first, then what is based in them, then people
    apply_split(out, places)
    apply_split(out, split_based(out, places))
    apply_split(out, split_homonyms(out))
    out.documents.sort(key=lambda d: d.doc_id)
    out.sentences.sort(key=lambda s: (s.doc_id, s.index))
    out.mentions.sort(key=lambda m: (m.doc_id, m.start, m.end, m.etype))
    out.relations = sorted(set(out.relations), key=lambda r: (r.subject, r.predicate, r.object, r.doc_id or "", r.sentence or -1, r.title or ""))
    out.entities = dict(sorted(out.entities.items()))
    return out


def extract_corpus(inputs: Iterable[str | os.PathLike], progress: Callable[[Iterable], Iterable] | None = None) -> Corpus:
    """Run the pipeline over files and folders; ``progress`` wraps the file iterator (e.g. tqdm)."""
    files = list(discover(inputs))
    it = progress(files) if progress else files
    return merge(extract_file(path, root) for path, root in it)
