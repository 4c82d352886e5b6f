-- Deleting a draft's entries (every publication replaces them) checks each deleted entry against the tables that refer
-- to it; without an index on their EntryId that is a scan of each per entry: publishing 5,000 entries took 11 s on
-- SQLite and 22 s on PostgreSQL beside 1,000,000 households (issue 18).
CREATE INDEX IX_EntryNameGram_Entry ON EntryNameGram (EntryId);
CREATE INDEX IX_AnnouncementDrop_Entry ON AnnouncementDrop (EntryId);
