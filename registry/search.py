"""Full-text search over entries, on each database engine's own index.

One function, :func:`search_entries`, serves the search page, the reviewer lookup and the API.

- PostgreSQL: a generated, weighted ``tsvector`` column ``registry_entry.search_vector`` (title A,
  summary B, body C, the denormalised ``search_text`` D) with a GIN index; queries go through
  ``websearch_to_tsquery('english', ...)``, ranked by ``ts_rank``, excerpted by ``ts_headline``.
- SQLite: an external-content FTS5 table ``registry_entry_fts`` over the same four columns of the
  *public* entries (a view; see ``registry.search_index``: drafts must not move bm25's statistics), kept
  in step by triggers on ``registry_entry``; ranked by ``bm25`` with the same order of weights, excerpted
  by ``snippet()``. User input never reaches ``MATCH`` raw: it is read the way ``websearch_to_tsquery``
  reads it (words, "quoted phrases", ``or``, ``-word``) and every term is re-quoted.

Both structures are created by migration ``0002_search_index`` (SQLite's remade by ``0005``); the
``Entry`` model knows nothing of them, so it stays the same on both engines.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Case, Expression, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import mark_safe

from registry import identifiers
from registry.models import Entry, Evidence, Paper

FTS_TABLE = "registry_entry_fts"
PG_VECTOR_COLUMN = "search_vector"
PG_INDEX = "registry_entry_search_gin"

# Longer input is cut: nobody types more, and it bounds the cost of a hostile query.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 32

# Private-use characters mark matches in the engine's excerpt; they become <mark> after escaping.
_START, _STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# SQLite bm25 column weights in FTS table order (title, summary, body, search_text): the same order
# as PostgreSQL's A > B > C > D.
_BM25_WEIGHTS = "10.0, 4.0, 2.0, 1.0"

# PostgreSQL's English stop-word list (tsearch_data/english.stop), applied on SQLite too so that the
# same query means the same thing on both engines ("the robustness of bert" needs neither "the" nor "of").
ENGLISH_STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
hers herself it its itself they them their theirs themselves what which who whom this that these
those am is are was were be been being have has had having do does did doing a an the and but if or
because as until while of at by for with about against between into through during before after
above below to from up down in out on off over under again further then once here there when where
why how all any both each few more most other some such no nor not only own same so than too very s
t can will just don should now
""".split())


def clean_query(q) -> str:
    """User input as text a database accepts: no NUL or control characters, no lone surrogates, bounded."""
    if q is None:
        return ""
    text = str(q).encode("utf-8", "ignore").decode("utf-8")
    text = _CONTROL.sub(" ", text)
    return text[:MAX_QUERY_LENGTH].strip()


def search_entries(q: str | None, queryset: QuerySet | None = None) -> QuerySet:
    """Entries of ``queryset`` (default: published ones) matching ``q``, annotated with ``rank`` and ``snippet``.

    ``rank`` is a float, higher is better. ``snippet`` is an excerpt with the entry's text HTML-escaped and
    the matches wrapped in ``<mark>``, safe to ``mark_safe``. Blank ``q`` returns ``queryset`` unchanged.
    Never raises for any string.
    """
    if queryset is None:
        queryset = Entry.objects.published()
    text = clean_query(q)
    if not text:
        return queryset
    by_paper = _search_by_identifier(text, queryset)
    if by_paper is not None:
        return by_paper
    if connection.vendor == "postgresql":
        return _search_postgresql(text, queryset)
    return _search_sqlite(text, queryset)


def _search_by_identifier(text: str, queryset: QuerySet) -> QuerySet | None:
    """A query that is a paper identifier (any kind, any form) lists the entries against that paper and
    those whose source paper it is; None if it is no identifier or names no paper in the catalogue."""
    try:
        ident = identifiers.parse_paper_identifier(text)
    except identifiers.IdentifierError:
        return None
    paper = Paper.objects.accepted().by_identifier(ident).first()
    if paper is None:
        return None
    against = Evidence.objects.filter(claim__paper=paper).values("entry_id")
    return queryset.filter(Q(pk__in=against) | Q(source_paper=paper)).annotate(
        rank=Value(1.0, output_field=FloatField()), snippet=Value("", output_field=SnippetField()),
    )


def order_by_relevance(queryset: QuerySet) -> QuerySet:
    """Best match first (needs the ``rank`` of :func:`search_entries`), then newest."""
    if "rank" not in queryset.query.annotations:
        return queryset.order_by(F("published_at").desc(nulls_last=True), "-pk")
    return queryset.order_by(F("rank").desc(nulls_last=True), F("published_at").desc(nulls_last=True), "-pk")


# --------------------------------------------------------------------------- excerpts


def render_snippet(raw: str | None) -> str:
    """An engine's excerpt (matches between private-use markers) as escaped HTML with <mark> around matches."""
    if not raw:
        return ""
    html = escape(raw)
    html = _MARKED.sub(r"<mark>\1</mark>", html)
    # Safe: every character of the entry's text was escaped above; only our <mark> tags are markup.
    return mark_safe(html.replace(_START, "").replace(_STOP, ""))


class SnippetField(TextField):
    """Output type of the excerpt annotation: turns the engine's raw excerpt into safe HTML as it is read."""

    def from_db_value(self, value, expression, connection):
        return render_snippet(value)


# --------------------------------------------------------------------------- PostgreSQL


class _EntryColumn(Expression):
    """A column of ``registry_entry`` that the model does not declare, under whatever alias the query gives it.

    Built on the entry's primary-key column so that Django relabels it like any other column when the
    query becomes a subquery.
    """

    def __init__(self, column: str, output_field):
        super().__init__(output_field=output_field)
        self.column = column
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        alias = getattr(self.pk, "alias", None) or Entry._meta.db_table
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []


# A run of "-" (with only blanks or characters websearch_to_tsquery skips between them) is a chain of nested
# NOTs, and PostgreSQL's parser stack holds 32: "tsquery stack too small". Two NOTs cancel, so a run is
# read as one "-" or none, as websearch_to_tsquery itself would read it.
_NOT_RUN = re.compile(r"-(?:[\s!&|()<]*-)+")


def websearch_text(text: str) -> str:
    """``text`` as ``websearch_to_tsquery`` may take it: no chain of negations, at most ``MAX_TERMS`` words."""
    text = _NOT_RUN.sub(lambda run: "-" if run.group().count("-") % 2 else " ", text)
    return " ".join(text.split()[: MAX_TERMS * 2])


def _search_postgresql(text: str, queryset: QuerySet) -> QuerySet:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField

    query = SearchQuery(websearch_text(text), config="english", search_type="websearch")
    vector = _EntryColumn(PG_VECTOR_COLUMN, SearchVectorField())

    def headline(document):
        return SearchHeadline(
            document, query, config="english", start_sel=_START, stop_sel=_STOP,
            max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ",
        )

    # The excerpt comes from the prose (summary and body, cut where ts_headline stays cheap) when the
    # match is there, else from the linked claims' text (authors, papers, benchmarks) if it is there;
    # a match in the title alone (shown anyway) gets the start of the summary.
    prose = headline(_Concat(F("summary"), F("body")))
    linked = headline(_Concat(F("search_text")))
    snippet = Case(
        When(GreaterThan(StrIndex(prose, Value(_START)), 0), then=prose),
        When(GreaterThan(StrIndex(linked, Value(_START)), 0), then=linked),
        default=headline(_Concat(F("summary"))),
        output_field=SnippetField(),
    )
    return (
        queryset.alias(_search_vector=vector)
        .filter(_search_vector=query)
        .annotate(rank=SearchRank(vector, query), snippet=snippet)
    )


class _Concat(Expression):
    """Several text columns, each cut to its first 20,000 characters, one paragraph each, as one text."""

    output_field = TextField()

    def __init__(self, *exprs):
        super().__init__()
        self.exprs = list(exprs)

    def get_source_expressions(self):
        return self.exprs

    def set_source_expressions(self, exprs):
        self.exprs = list(exprs)

    def as_sql(self, compiler, connection):
        parts, params = [], []
        for expr in self.exprs:
            sql, p = compiler.compile(expr)
            parts.append(f"left(COALESCE({sql}, ''), 20000)")
            params.extend(p)
        return "(" + " || E'\\n' || ".join(parts) + ")", params


# --------------------------------------------------------------------------- SQLite

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


def fts5_match_expression(text: str) -> tuple[str, str]:
    """Translate web-search syntax into an FTS5 MATCH string whose every term is quoted.

    Returns ``(positive, negative)``: ``positive`` selects the matches (may be empty if the query only
    excludes), ``negative`` the terms to exclude when nothing else was asked for. As in
    ``websearch_to_tsquery``: adjacent terms are ANDed, ``or`` separates alternatives and binds loosest,
    ``-term`` excludes, ``"..."`` is a phrase, punctuation is ignored and stop words are dropped.
    """
    groups: list[tuple[list[str], list[str]]] = [([], [])]
    terms = 0
    for match in _TOKEN.finditer(text):
        if terms >= MAX_TERMS:
            break
        if match.group(3) is not None:
            token = match.group(3)
            if token.lower() == "or":
                if groups[-1][0] or groups[-1][1]:
                    groups.append(([], []))
                continue
            negate = token.startswith("-") and len(token) > 1
            body = token[1:] if negate else token
        else:
            negate = bool(match.group(1))
            body = match.group(2)
        words = [w for w in _WORD.findall(body) if w.lower() not in ENGLISH_STOP_WORDS]
        if not words:
            continue
        # \w+ never holds a double quote, so the phrase needs no escaping; FTS5 reads it as a phrase.
        phrase = '"' + " ".join(words) + '"'
        groups[-1][1 if negate else 0].append(phrase)
        terms += 1

    alternatives, only_negative = [], []
    for positive, negative in groups:
        if positive:
            clause = "(" + " AND ".join(positive) + ")"
            if negative:
                clause = f"({clause} NOT ({' OR '.join(negative)}))"
            alternatives.append(clause)
        elif negative:
            only_negative.extend(negative)
    if alternatives:
        return " OR ".join(alternatives), ""
    return "", " OR ".join(only_negative)


class _FtsValue(Expression):
    """A per-entry value from the FTS5 table for one MATCH expression (a correlated subquery on rowid)."""

    def __init__(self, function_sql: str, match: str, output_field):
        super().__init__(output_field=output_field)
        self.function_sql = function_sql
        self.match = match
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        sql = (
            f"(SELECT {self.function_sql} FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = {pk_sql})"
        )
        return sql, [self.match, *pk_params]


def _fts_snippet_of(column: int) -> str:
    return f"snippet({FTS_TABLE}, {column}, '{_START}', '{_STOP}', ' … ', 32)"


# The excerpt comes from the summary (column 1) or the body (2) when the match is there, else from the
# linked claims' text (3); a match in the title alone (shown anyway) gets the start of the summary.
_FTS_SNIPPET = "CASE " + " ".join(
    f"WHEN instr({_fts_snippet_of(column)}, '{_START}') > 0 THEN {_fts_snippet_of(column)}" for column in (1, 2, 3)
) + f" ELSE {_fts_snippet_of(1)} END"


def _fts_rowids(match: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])


def _search_sqlite(text: str, queryset: QuerySet) -> QuerySet:
    positive, negative = fts5_match_expression(text)
    if negative:
        # Only exclusions ("-word"): everything without those words, as websearch_to_tsquery does.
        return queryset.exclude(pk__in=_fts_rowids(negative)).annotate(
            rank=Value(0.0, output_field=FloatField()), snippet=Value("", output_field=TextField())
        )
    if not positive:
        return queryset.none().annotate(
            rank=Value(0.0, output_field=FloatField()), snippet=Value("", output_field=TextField())
        )
    return queryset.filter(pk__in=_fts_rowids(positive)).annotate(
        rank=_FtsValue(f"-bm25({FTS_TABLE}, {_BM25_WEIGHTS})", positive, FloatField()),
        snippet=_FtsValue(_FTS_SNIPPET, positive, SnippetField()),
    )


# --------------------------------------------------------------------------- exact phrases


def match_any_phrase(phrases: list[str], queryset: QuerySet | None = None) -> QuerySet:
    """Entries of ``queryset`` (default: published) containing any of ``phrases`` as a phrase; no ranking.

    For machine-made phrases such as identifiers, so no query syntax is read and nothing is cut.
    """
    if queryset is None:
        queryset = Entry.objects.published()
    phrases = [clean_query(p) for p in phrases]
    phrases = [p for p in phrases if p]
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVectorField

        if not phrases:
            return queryset.none()
        query = SearchQuery(phrases[0], config="english", search_type="phrase")
        for phrase in phrases[1:]:
            query |= SearchQuery(phrase, config="english", search_type="phrase")
        return queryset.alias(_search_vector=_EntryColumn(PG_VECTOR_COLUMN, SearchVectorField())).filter(
            _search_vector=query
        )
    quoted = ['"' + " ".join(words) + '"' for words in (_WORD.findall(p) for p in phrases) if words]
    if not quoted:
        return queryset.none()
    return queryset.filter(pk__in=_fts_rowids(" OR ".join(quoted)))
