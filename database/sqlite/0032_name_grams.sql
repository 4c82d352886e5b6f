-- Name search served by an index (issue 18): each entry's name as its pieces of one and two characters, without
-- spaces, ASCII letters in lower case (NameGrams); a search looks up one piece, then checks the whole text with LIKE
-- on the entries found only. Kept by AnnouncementStore with the entries; filled here for the entries already there.
CREATE TABLE EntryNameGram (
    Gram           TEXT    NOT NULL,
    AnnouncementId INTEGER NOT NULL REFERENCES Announcement (Id),
    EntryId        INTEGER NOT NULL REFERENCES AnnouncementEntry (Id),
    PRIMARY KEY (Gram, AnnouncementId, EntryId)
) WITHOUT ROWID;

CREATE INDEX IX_EntryNameGram_Announcement ON EntryNameGram (AnnouncementId);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO EntryNameGram (Gram, AnnouncementId, EntryId)
SELECT DISTINCT g.Gram, g.AnnouncementId, g.EntryId
  FROM (SELECT lower(substr(e.Subject, n.i, w.k)) AS Gram, e.AnnouncementId, e.Id AS EntryId
          FROM AnnouncementEntry e
          JOIN n ON n.i <= length(e.Subject)
          JOIN (SELECT 1 AS k UNION ALL SELECT 2) w ON n.i + w.k - 1 <= length(e.Subject)) g
 WHERE instr(g.Gram, ' ') = 0 AND instr(g.Gram, '　') = 0;
