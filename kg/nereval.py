"""General NER check: score lgkg's recognizers on a character-level BIO file.

A BIO file holds one character and its tag per line (separated by a space
or a tab) and a blank line between sentences; tags are ``O`` or
``<prefix>-<type>`` with prefix ``B``/``I`` (also ``M``/``E``/``S`` of the
BMES/BIOES schemes) and type ``PER``, ``LOC`` or ``ORG``.

Each sentence is rebuilt as text and run, on its own, through what the build
runs on a file: :func:`pipelines.normalize.normalize`, then the spaCy
pipeline of :func:`pipelines.nlp.get_nlp`; its candidates are mapped back to
the sentence's characters and to BIO types (Person → PER, Place → LOC,
Organization → ORG; Programs are not scored). Spans are compared exactly
(type, start and end) and scored per type and micro-averaged.

Two adjustments make lgkg's output comparable with a flat tagging:

- lgkg keeps nested spans of different types (昌邑区 inside 昌邑区委组织部 is
  a place and part of an organization); BIO cannot, so only the outermost
  spans are kept: the longest span wins and any span overlapping it is
  dropped (:func:`outermost`).
- Place pronouns (我省, 我市, from ``pipelines/data/place_pronouns.tsv``) are
  references resolved from context, not names, and are never scored.

The files are for evaluation only: nothing is learned or mined from them.

>>> spans_from_tags(["B-ORG", "I-ORG", "O", "B-PER", "I-PER"])
[Span(start=0, end=2, label='ORG'), Span(start=3, end=5, label='PER')]
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.evaluate import Score

#: lgkg entity type → BIO type (Program has no BIO counterpart).
ETYPE_TO_LABEL = {"Person": "PER", "Place": "LOC", "Organization": "ORG"}
#: jieba.posseg part-of-speech flag → BIO type (the baseline).
JIEBA_TO_LABEL = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
LABELS = ("PER", "LOC", "ORG")
SYSTEMS = ("lgkg", "jieba")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int  # character offsets into the sentence
    end: int
    label: str  # PER, LOC, ORG


@dataclass(frozen=True, slots=True)
class BioSentence:
    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class SpanError:
    sentence: int  # index of the sentence in the file
    span: Span
    surface: str
    context: str  # the sentence, the span in 【】
    kind: str  # "missed" (in the gold only) or "spurious" (predicted only)
    cause: str  # "type" (same span, other type), "boundary" (overlaps a same-type span), "overlap" (another type), "none"


@dataclass(slots=True)
class NerReport:
    path: str
    system: str
    sentences: int
    chars: int
    seconds: float
    scores: dict[str, Score]
    errors: list[SpanError] = field(default_factory=list)

    @property
    def micro(self) -> Score:
        s = Score()
        for sc in self.scores.values():
            s.tp, s.fp, s.fn = s.tp + sc.tp, s.fp + sc.fp, s.fn + sc.fn
        return s


# ------------------------------------------------------------------ reading
def spans_from_tags(tags: Sequence[str]) -> list[Span]:
    """Spans of a sentence's tag sequence (BIO, IOB1, BMES or BIOES).

    Parameters
    ----------
    tags : sequence of str
        One tag per character: ``O`` or ``<B|I|M|E|S>-<TYPE>``.

    Returns
    -------
    list of Span
        In order. An ``I``/``M``/``E`` tag that does not continue a span of
        its type starts a new one (as conlleval does).

    Raises
    ------
    ValueError
        On a tag that is not of this form.
    """
    out: list[Span] = []
    start, label = None, None

    def close(end: int) -> None:
        nonlocal start, label
        if start is not None:
            out.append(Span(start, end, label))
        start, label = None, None

    for i, tag in enumerate(tags):
        if tag == "O":
            close(i)
            continue
        prefix, sep, typ = tag.partition("-")
        if not sep or not typ or prefix not in "BIMES" or len(prefix) != 1:
            raise ValueError(f"bad tag {tag!r}")
        if prefix in "BS" or label != typ:
            close(i)
            start, label = i, typ
        if prefix in "ES":
            close(i + 1)
    close(len(tags))
    return out


def read_bio(path: str | os.PathLike) -> list[BioSentence]:
    """The sentences of a BIO file, with their gold spans.

    Parameters
    ----------
    path : path
        UTF-8 text: ``<char><space or tab><tag>`` per line, blank lines between sentences.

    Returns
    -------
    list of BioSentence

    Raises
    ------
    ValueError
        Naming the file and line, if the file cannot be read or a line is malformed.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{p}: cannot read ({exc.__class__.__name__}: {exc})") from None
    out: list[BioSentence] = []
    chars: list[str] = []
    tags: list[str] = []
    first = 0

    def flush() -> None:
        if chars:
            try:
                spans = spans_from_tags(tags)
            except ValueError as exc:
                raise ValueError(f"{p}: sentence at line {first}: {exc}") from None
            out.append(BioSentence("".join(chars), tuple(spans)))
        chars.clear()
        tags.clear()

    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            flush()
            continue
        parts = line.split()
        if len(parts) == 1 and line[0].isspace():  # the character is itself a space (U+3000 …)
            parts = [line[0], parts[0]]
        if len(parts) != 2 or len(parts[0]) != 1:
            raise ValueError(f"{p}:{n}: expected '<character> <tag>', got {line!r}")
        if not chars:
            first = n
        chars.append(parts[0])
        tags.append(parts[1])
    flush()
    if not out:
        raise ValueError(f"{p}: no sentences")
    return out


# ------------------------------------------------------------------ systems
def outermost(spans: Iterable[Span]) -> list[Span]:
    """Flatten nested or crossing spans: the longest wins, spans overlapping a kept one are dropped.

    >>> outermost([Span(0, 3, "LOC"), Span(0, 7, "ORG"), Span(8, 10, "PER")])
    [Span(start=0, end=7, label='ORG'), Span(start=8, end=10, label='PER')]
    """
    kept: list[Span] = []
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.label)):
        if all(s.end <= k.start or s.start >= k.end for k in kept):
            kept.append(s)
    return sorted(kept)


def lgkg_spans(texts: Sequence[str], batch_size: int = 256) -> list[list[Span]]:
    """lgkg's flat PER/LOC/ORG spans of each text, each text read as a document of its own.

    Parameters
    ----------
    texts : sequence of str
    batch_size : int
        Texts handed to ``nlp.pipe`` at a time.

    Returns
    -------
    list of list of Span
        Offsets into the given texts (normalization is undone); place
        pronouns and Programs left out; nested spans flattened by :func:`outermost`.
    """
    from pipelines.lexicon import table
    from pipelines.nlp import get_nlp
    from pipelines.normalize import normalize

    pronouns = {row[0] for row in table("place_pronouns")}
    norms = [normalize(t) for t in texts]
    out: list[list[Span]] = []
    for norm, doc in zip(norms, get_nlp().pipe((n.text for n in norms), batch_size=batch_size)):
        spans = []
        for c in doc.user_data["lgkg_candidates"]:
            label = ETYPE_TO_LABEL.get(c.etype)
            surface = norm.text[c.start:c.end]
            if label is None or c.end <= c.start or not c.name or surface in pronouns:
                continue
            start, end = norm.original_span(c.start, c.end)
            spans.append(Span(start, end, label))
        out.append(outermost(spans))
    return out


def jieba_spans(texts: Sequence[str]) -> list[list[Span]]:
    """The baseline: every word jieba.posseg tags nr/ns/nt, as PER/LOC/ORG.

    Parameters
    ----------
    texts : sequence of str

    Returns
    -------
    list of list of Span
    """
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    out: list[list[Span]] = []
    for text in texts:
        spans, pos = [], 0
        for w in pseg.cut(text):
            label = JIEBA_TO_LABEL.get(w.flag)
            if label:
                spans.append(Span(pos, pos + len(w.word), label))
            pos += len(w.word)
        out.append(spans)
    return out


# ------------------------------------------------------------------ scoring
def _context(text: str, span: Span, width: int = 20) -> str:
    a, b = max(0, span.start - width), min(len(text), span.end + width)
    return f"{text[a:span.start]}【{text[span.start:span.end]}】{text[span.end:b]}"


def _cause(span: Span, others: set[Span]) -> str:
    """How a missed or spurious span relates to the other side's spans."""
    overlapping = [o for o in others if o.start < span.end and span.start < o.end]
    if any(o.start == span.start and o.end == span.end for o in overlapping):
        return "type"  # same span, other type
    if any(o.label == span.label for o in overlapping):
        return "boundary"  # same type, other boundaries
    if overlapping:
        return "overlap"  # overlaps a span of another type (a place inside an organization, …)
    return "none"


def score(sentences: Sequence[BioSentence], predicted: Sequence[Sequence[Span]]) -> tuple[dict[str, Score], list[SpanError]]:
    """Exact-match scores per type, and every missed and spurious span.

    Parameters
    ----------
    sentences : sequence of BioSentence
        The gold.
    predicted : sequence of sequence of Span
        One list per sentence.

    Returns
    -------
    scores : dict
        ``{"PER": Score, "LOC": Score, "ORG": Score}`` (plus any other gold or predicted type).
    errors : list of SpanError
    """
    scores = {label: Score() for label in LABELS}
    errors: list[SpanError] = []
    for i, (sent, pred) in enumerate(zip(sentences, predicted, strict=True)):
        gold, guess = set(sent.spans), set(pred)
        for s in gold | guess:
            sc = scores.setdefault(s.label, Score())
            if s in gold and s in guess:
                sc.tp += 1
            elif s in gold:
                sc.fn += 1
                errors.append(SpanError(i, s, sent.text[s.start:s.end], _context(sent.text, s), "missed", _cause(s, guess)))
            else:
                sc.fp += 1
                errors.append(SpanError(i, s, sent.text[s.start:s.end], _context(sent.text, s), "spurious", _cause(s, gold)))
    errors.sort(key=lambda e: (e.sentence, e.span, e.kind))
    return scores, errors


def evaluate_bio(path: str | os.PathLike, system: str = "lgkg") -> NerReport:
    """Run a system over every sentence of a BIO file and score its PER/LOC/ORG spans.

    Parameters
    ----------
    path : path
        The BIO file.
    system : {"lgkg", "jieba"}
        lgkg's recognizers, or the jieba.posseg nr/ns/nt baseline.

    Returns
    -------
    NerReport
        ``seconds`` is the time spent tagging (loading the pipeline excluded).

    Raises
    ------
    ValueError
        If the file cannot be read or parsed, or the system is unknown.
    """
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r} (choose from {', '.join(SYSTEMS)})")
    sentences = read_bio(path)
    texts = [s.text for s in sentences]
    if system == "lgkg":
        from pipelines.nlp import get_nlp

        get_nlp()("吉林省长春市。")  # load the pipeline and its tables outside the timing
        run = lgkg_spans
    else:
        jieba_spans(["吉林省长春市。"])
        run = jieba_spans
    t0 = time.perf_counter()
    predicted = run(texts)
    seconds = time.perf_counter() - t0
    scores, errors = score(sentences, predicted)
    return NerReport(str(path), system, len(sentences), sum(map(len, texts)), seconds, scores, errors)


def error_patterns(errors: Iterable[SpanError], top: int = 20) -> list[tuple[tuple[str, str, str, str], int]]:
    """The most frequent kinds of error: (kind, type, cause, last character of the span) with counts.

    The last character is the head of most Chinese names (省, 县, 部, 委, 国),
    so it groups errors by the rule that would fix them.
    """
    counts = Counter((e.kind, e.span.label, e.cause, e.surface[-1:]) for e in errors)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def format_report(report: NerReport, errors: int = 0) -> str:
    """The table of scores; with ``errors``, that many error patterns and sample spans; ``micro F1 X`` last."""
    lines = [f"{report.path}: {report.sentences} sentences, {report.chars} characters, system {report.system}",
             f"{'type':<6}{'gold':>7}{'pred':>7}{'tp':>7}{'fp':>7}{'fn':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    rows = [(label, report.scores[label]) for label in sorted(report.scores, key=lambda x: (x not in LABELS, LABELS.index(x) if x in LABELS else 0, x))]
    for label, s in [*rows, ("micro", report.micro)]:
        lines.append(f"{label:<6}{s.tp + s.fn:>7}{s.tp + s.fp:>7}{s.tp:>7}{s.fp:>7}{s.fn:>7}"
                     f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
    if errors > 0:
        lines.append("")
        lines.append(f"most frequent errors (kind, type, cause, last character): top {errors}")
        for (kind, label, cause, last), n in error_patterns(report.errors, errors):
            lines.append(f"{n:>6}  {kind:<8} {label:<4} {cause:<9} …{last}")
        for kind in ("missed", "spurious"):
            sample = [e for e in report.errors if e.kind == kind][:errors]
            lines.append("")
            lines.append(f"{kind} (first {len(sample)} of {sum(e.kind == kind for e in report.errors)}):")
            for e in sample:
                lines.append(f"  {e.span.label:<4} {e.cause:<9} {e.surface}\t{e.context}")
    rate = report.chars / report.seconds if report.seconds > 0 else float("inf")
    lines.append("")
    lines.append(f"tagging time {report.seconds:.1f} s ({rate:,.0f} characters/s)")
    lines.append(f"micro F1 {report.micro.f1:.3f}")
    return "\n".join(lines)
