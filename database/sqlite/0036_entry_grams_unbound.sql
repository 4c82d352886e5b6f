-- The entries' grams are the name search's index, not facts of their own: AnnouncementStore writes and deletes them with
-- their entries in the same transaction, grams first. Their two foreign keys cost each of the ~22,000 grams of a
-- 5,000-entry publication two lookups (about 0.26 s of its 0.44 s on PostgreSQL, issue 18), and the index on EntryId
-- was there only for the key's check when an entry is deleted. SQLite cannot drop a foreign key: the table is built again.
CREATE TABLE EntryNameGram_New (
    Gram           TEXT    NOT NULL,
    AnnouncementId INTEGER NOT NULL,
    EntryId        INTEGER NOT NULL,
    PRIMARY KEY (Gram, AnnouncementId, EntryId)
) WITHOUT ROWID;

INSERT INTO EntryNameGram_New (Gram, AnnouncementId, EntryId)
SELECT Gram, AnnouncementId, EntryId FROM EntryNameGram;

DROP TABLE EntryNameGram;

ALTER TABLE EntryNameGram_New RENAME TO EntryNameGram;

CREATE INDEX IX_EntryNameGram_Announcement ON EntryNameGram (AnnouncementId);
