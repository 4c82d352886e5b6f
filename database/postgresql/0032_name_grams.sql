-- Name search served by an index (issue 18): each entry's name as its pieces of one and two characters, without
-- spaces, ASCII letters in lower case (NameGrams); a search looks up one piece, then checks the whole text with LIKE
-- on the entries found only. Kept by AnnouncementStore with the entries; filled here for the entries already there.
-- COLLATE "C": grams are compared as the code points they are.
CREATE TABLE EntryNameGram (
    Gram           VARCHAR(4) COLLATE "C" NOT NULL,
    AnnouncementId BIGINT NOT NULL CONSTRAINT FK_EntryNameGram_Announcement REFERENCES Announcement (Id),
    EntryId        BIGINT NOT NULL CONSTRAINT FK_EntryNameGram_Entry REFERENCES AnnouncementEntry (Id),
    CONSTRAINT PK_EntryNameGram PRIMARY KEY (Gram, AnnouncementId, EntryId)
);

CREATE INDEX IX_EntryNameGram_Announcement ON EntryNameGram (AnnouncementId);

INSERT INTO EntryNameGram (Gram, AnnouncementId, EntryId)
SELECT DISTINCT g.Gram, g.AnnouncementId, g.EntryId
  FROM (SELECT translate(substr(e.Subject, n.i, w.k), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS Gram,
               e.AnnouncementId, e.Id AS EntryId
          FROM AnnouncementEntry e
          JOIN generate_series(1, 200) AS n(i) ON n.i <= char_length(e.Subject)
          JOIN (VALUES (1), (2)) AS w(k) ON n.i + w.k - 1 <= char_length(e.Subject)) g
 WHERE strpos(g.Gram, ' ') = 0 AND strpos(g.Gram, '　') = 0;
