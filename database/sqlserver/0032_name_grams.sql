-- Name search served by an index (issue 18): each entry's name as its pieces of one and two characters, without
-- spaces, ASCII letters in lower case (NameGrams); a search looks up one piece, then checks the whole text with LIKE
-- on the entries found only. Kept by AnnouncementStore with the entries; filled here for the entries already there.
-- A binary collation: grams are compared as the characters they are, not by a case- or width-insensitive rule.
CREATE TABLE dbo.EntryNameGram (
    Gram           NVARCHAR(4) COLLATE Latin1_General_100_BIN2 NOT NULL,
    AnnouncementId BIGINT NOT NULL CONSTRAINT FK_EntryNameGram_Announcement REFERENCES dbo.Announcement (Id),
    EntryId        BIGINT NOT NULL CONSTRAINT FK_EntryNameGram_Entry REFERENCES dbo.AnnouncementEntry (Id),
    CONSTRAINT PK_EntryNameGram PRIMARY KEY (Gram, AnnouncementId, EntryId)
);

CREATE INDEX IX_EntryNameGram_Announcement ON dbo.EntryNameGram (AnnouncementId);

WITH n AS (SELECT TOP (200) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS i FROM sys.all_columns)
INSERT INTO dbo.EntryNameGram (Gram, AnnouncementId, EntryId)
SELECT DISTINCT g.Gram, g.AnnouncementId, g.EntryId
  FROM (SELECT TRANSLATE(SUBSTRING(e.Subject, n.i, w.k), N'ABCDEFGHIJKLMNOPQRSTUVWXYZ', N'abcdefghijklmnopqrstuvwxyz') COLLATE Latin1_General_100_BIN2 AS Gram,
               e.AnnouncementId, e.Id AS EntryId
          FROM dbo.AnnouncementEntry e
          JOIN n ON n.i <= LEN(e.Subject + N'x') - 1
          CROSS JOIN (VALUES (1), (2)) AS w(k)
         WHERE n.i + w.k - 1 <= LEN(e.Subject + N'x') - 1) g
 WHERE CHARINDEX(N' ', g.Gram) = 0 AND CHARINDEX(N'　', g.Gram) = 0;
