-- A collection as memdrill wrote it at schema version 1 (before the
-- indexes and deck_files of version 2), with two cards, one retired, and
-- a review: tests/cli/t-cards-collection.sh migrates it.
CREATE TABLE decks(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, path TEXT, meta TEXT);
CREATE TABLE cards(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, deck_id INTEGER NOT NULL REFERENCES decks(id), section TEXT, ord INTEGER, question TEXT NOT NULL, answer TEXT NOT NULL, level INTEGER, lab TEXT, tags TEXT, source TEXT, line INTEGER, hash TEXT, retired INTEGER NOT NULL DEFAULT 0);
CREATE TABLE card_state(card_id INTEGER PRIMARY KEY REFERENCES cards(id), state INTEGER NOT NULL DEFAULT 0, step INTEGER NOT NULL DEFAULT 0, due INTEGER, stability REAL, difficulty REAL, last_review INTEGER, reps INTEGER NOT NULL DEFAULT 0, lapses INTEGER NOT NULL DEFAULT 0, queue INTEGER NOT NULL DEFAULT 0, buried_until INTEGER, leech INTEGER NOT NULL DEFAULT 0);
CREATE TABLE revlog(id INTEGER PRIMARY KEY, card_id INTEGER NOT NULL REFERENCES cards(id), time INTEGER NOT NULL, rating INTEGER NOT NULL, state INTEGER NOT NULL, elapsed_days INTEGER, scheduled_days INTEGER, stability REAL, difficulty REAL, duration_ms INTEGER);
CREATE TABLE lab_runs(id INTEGER PRIMARY KEY, lab TEXT NOT NULL, time INTEGER NOT NULL, mode TEXT NOT NULL, verdict TEXT NOT NULL, duration_ms INTEGER);
CREATE INDEX card_state_due ON card_state(state, due);
CREATE INDEX card_state_new ON card_state(state) WHERE state = 0;
CREATE INDEX revlog_card ON revlog(card_id, time);
CREATE INDEX revlog_time ON revlog(time);
CREATE INDEX cards_order ON cards(source, ord);
CREATE INDEX cards_deck ON cards(deck_id, ord);
CREATE INDEX lab_runs_lab ON lab_runs(lab, time);
INSERT INTO decks VALUES(1, 'Old deck', '/old/deck.md', NULL);
INSERT INTO cards VALUES(1, 'old-one', 1, '1. Old', 0, 'Old question one?',
	'Old answer.', 1, NULL, NULL, '/old/deck.md', 3, '0000000000000001', 0);
INSERT INTO cards VALUES(2, 'old-two', 1, '1. Old', 1, 'Old question two?',
	'Gone.', 1, NULL, NULL, '/old/deck.md', 9, '0000000000000002', 1);
INSERT INTO card_state(card_id, state, due, stability, difficulty,
	last_review, reps) VALUES(1, 2, 1700000000, 5.0, 5.0, 1690000000, 1);
INSERT INTO card_state(card_id) VALUES(2);
INSERT INTO revlog VALUES(1, 1, 1690000000000, 3, 0, 0, 5, 5.0, 5.0, 8000);
PRAGMA user_version = 1;
