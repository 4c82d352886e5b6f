-- The entries' grams are the name search's index, not facts of their own: AnnouncementStore writes and deletes them with
-- their entries in the same transaction, grams first. Their two foreign keys cost each of the ~22,000 grams of a
-- 5,000-entry publication two lookups (about 0.26 s of its 0.44 s on PostgreSQL, issue 18), and the index on EntryId
-- was there only for the key's check when an entry is deleted.
ALTER TABLE dbo.EntryNameGram DROP CONSTRAINT FK_EntryNameGram_Announcement;
ALTER TABLE dbo.EntryNameGram DROP CONSTRAINT FK_EntryNameGram_Entry;
DROP INDEX IX_EntryNameGram_Entry ON dbo.EntryNameGram;
