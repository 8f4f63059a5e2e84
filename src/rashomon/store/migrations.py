"""The versioned schema: each migration brings the database one version forward.

``PRAGMA user_version`` holds the version a database is at. Migrations only ever append:
a released migration is never edited, a change is a new one.
"""

from __future__ import annotations

V1 = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    outlet TEXT,
    published TEXT,
    title TEXT,
    language TEXT,
    text TEXT NOT NULL,
    analyzed INTEGER NOT NULL DEFAULT 1,
    record_hash TEXT NOT NULL,
    source TEXT,
    stored_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);

-- One row per canonical actor across the corpus; ``key`` is kb.canonical_key(name).
CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT,
    country TEXT,
    sector TEXT,
    role TEXT,
    code TEXT
);
CREATE INDEX actors_country ON actors(country);
CREATE TABLE actor_aliases (
    actor_id INTEGER NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
-- Roles as an article states them, with the article's date: roles over time.
CREATE TABLE actor_roles (
    actor_id INTEGER NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    date TEXT,
    PRIMARY KEY (actor_id, role, article_id)
);

-- The article's own actor records (local ids a1, a2, …), linked to the canonical actor.
CREATE TABLE article_actors (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES actors(id),
    name TEXT NOT NULL,
    type TEXT,
    country TEXT,
    sector TEXT,
    role TEXT,
    code TEXT,
    PRIMARY KEY (article_id, local_id)
);
CREATE INDEX article_actors_actor ON article_actors(actor_id);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    local_actor TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    speaker TEXT,
    speaker_actor_id INTEGER REFERENCES actors(id),
    speaker_text TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    content TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    direct INTEGER NOT NULL,
    cue TEXT,
    channel TEXT,
    via TEXT NOT NULL DEFAULT '[]',
    negated INTEGER NOT NULL DEFAULT 0,
    UNIQUE (article_id, idx)
);
CREATE INDEX statements_speaker ON statements(speaker_actor_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    context TEXT NOT NULL DEFAULT '[]',
    cameo TEXT,
    actor TEXT,
    recipient TEXT,
    actor_id INTEGER REFERENCES actors(id),
    recipient_id INTEGER REFERENCES actors(id),
    negated INTEGER NOT NULL DEFAULT 0,
    modality TEXT,
    date TEXT,
    location TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    trigger TEXT NOT NULL,
    attributed_to INTEGER,
    UNIQUE (article_id, idx)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_actor ON events(actor_id);
CREATE INDEX events_recipient ON events(recipient_id);

CREATE VIRTUAL TABLE statements_fts USING fts5(
    content, speaker_text, content='statements', content_rowid='id'
);
CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts(rowid, content, speaker_text)
    VALUES (new.id, new.content, new.speaker_text);
END;
CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, content, speaker_text)
    VALUES ('delete', old.id, old.content, old.speaker_text);
END;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    start TEXT,
    "end" TEXT,
    n_articles INTEGER NOT NULL,
    n_outlets INTEGER NOT NULL,
    n_speakers INTEGER NOT NULL,
    n_conflicts INTEGER NOT NULL,
    n_agreements INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_end ON stories("end");
CREATE TABLE story_articles (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles(article_id);
CREATE TABLE comparisons (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    topic TEXT NOT NULL,
    a_article TEXT NOT NULL,
    a_statement INTEGER,
    a_event INTEGER,
    b_article TEXT NOT NULL,
    b_statement INTEGER,
    b_event INTEGER,
    explanation TEXT NOT NULL,
    PRIMARY KEY (story_id, idx)
);
-- Plain serialised state of incremental jobs (the story grouper), by name.
CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# Listings show statements and events newest first; sorting tens of thousands of joined
# rows per request was too slow, so each row carries its date, with an index to walk.
V2 = """
ALTER TABLE statements ADD COLUMN published TEXT;
UPDATE statements SET published = (
    SELECT a.published FROM articles a WHERE a.id = statements.article_id
);
CREATE INDEX statements_published ON statements(published DESC, article_id, idx);
ALTER TABLE events ADD COLUMN occurred TEXT;
UPDATE events SET occurred = coalesce(
    date, (SELECT a.published FROM articles a WHERE a.id = events.article_id)
);
CREATE INDEX events_occurred ON events(occurred DESC, article_id, idx);
"""

# Listing events of one type (the search page, /api/events?type=) sorted every event of
# that type by date, and the home page sorted every story by size; the first two indexes
# give the rows in order. Ranking actors by mentions counts each actor's mentions through
# its articles; the last two answer that from the indexes alone.
V3 = """
CREATE INDEX events_type_occurred ON events(type, occurred DESC, article_id, idx);
CREATE INDEX stories_size ON stories(n_articles DESC, n_outlets DESC, "end" DESC, id);
CREATE INDEX mentions_local ON mentions(article_id, local_actor);
CREATE INDEX article_actors_actor_local ON article_actors(actor_id, article_id, local_id);
"""

# Re-running an ingest skips articles stored before from the same input by the same
# pipeline, so each article keeps the hash of what it was analysed from. V3's
# events_type_occurred index makes V1's events_type redundant.
V4 = """
ALTER TABLE articles ADD COLUMN input_hash TEXT;
DROP INDEX events_type;
"""

# The corpus pass joins spellings of one person (diacritics, middle names, titles, given-name
# variants, lone family names) under one actor; each join is kept with its reason and the
# article that wrote the name, for `rashomon actors --merge-report`.
V_ACTOR_MERGES = """
CREATE TABLE actor_merges (
    actor_id INTEGER NOT NULL REFERENCES actors(id),
    name TEXT NOT NULL,
    reason TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, name, article_id)
);
CREATE INDEX actor_merges_article ON actor_merges(article_id);
"""

# `rashomon check` reads every article's sentences as embeddings: they are computed once,
# when the article is stored, one row per article (spans and vectors packed as arrays), so
# that a claim is answered without running the encoder over the corpus. Comparisons carry
# the score of their label.
V_SENTENCE_VECTORS = """
CREATE TABLE sentence_vectors (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    n INTEGER NOT NULL,
    spans BLOB NOT NULL,
    vectors BLOB NOT NULL,
    centroid BLOB NOT NULL
);
ALTER TABLE comparisons ADD COLUMN score REAL;
"""

# Events say whether the lexicon or the embedding fallback coded them, and how sure the
# fallback was; events stored before were all coded by the lexicon.
EVENT_SOURCE = """
ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT 'lexicon';
ALTER TABLE events ADD COLUMN confidence REAL;
"""

# Story grouping keeps its state per article, in indexed rows, so that a run reads only the
# rows its articles touch (the state used to be one JSON value read and written whole).
# ``grouping_articles`` has no foreign key on purpose: a row that outlives its article (or
# whose ``record_hash`` no longer matches it) is exactly what the next run must regroup.
GROUPING_SCHEMA = """
CREATE TABLE IF NOT EXISTS grouping_articles (
    article_id TEXT PRIMARY KEY,
    record_hash TEXT NOT NULL,
    day INTEGER,
    published TEXT,
    story_id TEXT,
    copy_of TEXT,
    meta TEXT NOT NULL,
    terms BLOB NOT NULL,
    weights BLOB NOT NULL,
    minhash BLOB NOT NULL,
    embedding BLOB
);
CREATE INDEX IF NOT EXISTS grouping_articles_story ON grouping_articles(story_id);
-- Candidate keys (canonical actors, distinctive terms) by the day of the article's event.
CREATE TABLE IF NOT EXISTS grouping_keys (
    key TEXT NOT NULL,
    day INTEGER,
    article_id TEXT NOT NULL,
    weight REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS grouping_keys_lookup ON grouping_keys(key, day);
CREATE INDEX IF NOT EXISTS grouping_keys_article ON grouping_keys(article_id);
-- Scored candidate pairs (a < b); stories are re-clustered from these.
CREATE TABLE IF NOT EXISTS grouping_edges (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    score REAL NOT NULL,
    copy INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS grouping_edges_b ON grouping_edges(b);
-- Document frequencies of hashed terms, for TF-IDF weights.
CREATE TABLE IF NOT EXISTS grouping_terms (
    term INTEGER PRIMARY KEY,
    df INTEGER NOT NULL
);
-- Stories whose membership changed and whose records are not rebuilt yet.
CREATE TABLE IF NOT EXISTS grouping_dirty (
    story_id TEXT PRIMARY KEY
);
"""

V_STORY_GROUPING = GROUPING_SCHEMA + """
ALTER TABLE story_articles ADD COLUMN copy_of TEXT;
DELETE FROM state WHERE key = 'story_grouper';
"""

# `rashomon watch`: each source's health for `watch --status`, and what each fetched URL
# looked like last time (validators for conditional GET, the feed's stamp, a content
# hash) so that an unchanged URL is not fetched or analysed again.
WATCH = """
CREATE TABLE IF NOT EXISTS watch_sources (
    url TEXT PRIMARY KEY,
    kind TEXT,
    last_attempt TEXT,
    last_success TEXT,
    last_error TEXT,
    last_error_at TEXT,
    etag TEXT,
    last_modified TEXT,
    rounds INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    items_seen INTEGER NOT NULL DEFAULT 0,
    articles_stored INTEGER NOT NULL DEFAULT 0,
    items_failed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS watch_items (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    stamp TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    article_id TEXT,
    fetched_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS watch_items_source ON watch_items(source);
"""

# Reads under load, at 20,000 articles: the articles of one outlet were all read and
# sorted by date (with their counts) to show 50 (12 ms; the first index walks them in
# order, 0.3 ms); statements of a speaker walked the whole date index testing each row
# (16 ms; with the second, SQLite unions the speaker's rows from two indexes, 2.7 ms); and
# names and aliases, matched case-insensitively, were looked up by scanning their tables.
READ_INDEXES = """
CREATE INDEX IF NOT EXISTS articles_outlet_published ON articles(outlet, published DESC, id);
CREATE INDEX IF NOT EXISTS statements_speaker_text ON statements(speaker_text COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS actors_name_nocase ON actors(name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS actor_aliases_alias_nocase ON actor_aliases(alias COLLATE NOCASE);
"""

# Listing actors by how often they are mentioned counted every mention of every actor on
# each request (35 of its 42 ms at 20,000 articles). Each actor's total is kept instead,
# by triggers, so that every writer keeps it without knowing of it. A mention counts for
# the canonical actor its article's actor row links it to; the triggers on both tables
# give the same totals whichever of the two a cascading delete empties first.
ACTOR_MENTION_COUNTS = """
CREATE TABLE IF NOT EXISTS actor_mentions (
    actor_id INTEGER PRIMARY KEY,
    n INTEGER NOT NULL
);
INSERT INTO actor_mentions (actor_id, n)
    SELECT aa.actor_id, count(*) FROM article_actors aa JOIN mentions m
        ON m.article_id = aa.article_id AND m.local_actor = aa.local_id
    GROUP BY aa.actor_id;
CREATE TRIGGER IF NOT EXISTS actor_mentions_mention_ai AFTER INSERT ON mentions BEGIN
    INSERT INTO actor_mentions (actor_id, n)
        SELECT actor_id, 1 FROM article_actors
        WHERE article_id = new.article_id AND local_id = new.local_actor
    ON CONFLICT (actor_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS actor_mentions_mention_ad AFTER DELETE ON mentions BEGIN
    UPDATE actor_mentions SET n = n - 1 WHERE actor_id IN (
        SELECT actor_id FROM article_actors
        WHERE article_id = old.article_id AND local_id = old.local_actor);
END;
CREATE TRIGGER IF NOT EXISTS actor_mentions_actor_ai AFTER INSERT ON article_actors BEGIN
    INSERT INTO actor_mentions (actor_id, n)
        SELECT new.actor_id, count(*) FROM mentions
        WHERE article_id = new.article_id AND local_actor = new.local_id
    ON CONFLICT (actor_id) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER IF NOT EXISTS actor_mentions_actor_ad AFTER DELETE ON article_actors BEGIN
    UPDATE actor_mentions SET n = n - (
        SELECT count(*) FROM mentions
        WHERE article_id = old.article_id AND local_actor = old.local_id)
    WHERE actor_id = old.actor_id;
END;
CREATE TRIGGER IF NOT EXISTS actor_mentions_actor_au
AFTER UPDATE OF article_id, local_id, actor_id ON article_actors BEGIN
    UPDATE actor_mentions SET n = n - (
        SELECT count(*) FROM mentions
        WHERE article_id = old.article_id AND local_actor = old.local_id)
    WHERE actor_id = old.actor_id;
    INSERT INTO actor_mentions (actor_id, n)
        SELECT new.actor_id, count(*) FROM mentions
        WHERE article_id = new.article_id AND local_actor = new.local_id
    ON CONFLICT (actor_id) DO UPDATE SET n = n + excluded.n;
END;
"""

# Story grouping hashes terms into a larger space: term indices stored before mean other
# words now. Forget the grouping state; the next `analyze` or `regroup` groups every analysed
# article again (its stories are rebuilt from the stored analyses, nothing is re-parsed).
V_GROUPING_TERMS = """
DELETE FROM grouping_edges;
DELETE FROM grouping_keys;
DELETE FROM grouping_terms;
DELETE FROM grouping_articles;
DELETE FROM state WHERE key = 'grouping_docs';
"""

# `rashomon check` reads the words and lemmas of each candidate article (the configured
# model's tagger and lemmatizer): they are stored beside the sentence index, one packed row
# per article, so a check parses no article; articles indexed before are parsed when checked.
PASSAGE_WORDS = """
CREATE TABLE IF NOT EXISTS passage_words (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    words BLOB NOT NULL
);
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V_ACTOR_MERGES, V_SENTENCE_VECTORS,
                                EVENT_SOURCE, V_STORY_GROUPING, WATCH, READ_INDEXES,
                                ACTOR_MENTION_COUNTS, V_GROUPING_TERMS, PASSAGE_WORDS)
SCHEMA_VERSION = len(MIGRATIONS)
