-- The staff household list at province size (issue 18). Its order (township, village, group, head's name, id) is an
-- index, so a page is found by seeking the row after the last one shown (keyset paging), at any depth; and the head's
-- name is searched through its one- and two-character pieces (NameGrams), as the announcements' entries are (0032).
-- Kept by HouseholdStore, which writes a household's grams with it (names do not change); filled here for those there.
-- A binary collation: grams are compared as the characters they are, not by a case- or width-insensitive rule.
CREATE INDEX IX_Household_List ON dbo.Household (TownshipCode, VillageCode, GroupCode, HeadName, Id);

CREATE TABLE dbo.HouseholdNameGram (
    Gram        NVARCHAR(4) COLLATE Latin1_General_100_BIN2 NOT NULL,
    HouseholdId BIGINT NOT NULL CONSTRAINT FK_HouseholdNameGram_Household REFERENCES dbo.Household (Id),
    CONSTRAINT PK_HouseholdNameGram PRIMARY KEY (Gram, HouseholdId)
);

WITH n AS (SELECT TOP (50) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS i FROM sys.all_columns)
INSERT INTO dbo.HouseholdNameGram (Gram, HouseholdId)
SELECT DISTINCT g.Gram, g.HouseholdId
  FROM (SELECT TRANSLATE(SUBSTRING(h.HeadName, n.i, w.k), N'ABCDEFGHIJKLMNOPQRSTUVWXYZ', N'abcdefghijklmnopqrstuvwxyz') COLLATE Latin1_General_100_BIN2 AS Gram,
               h.Id AS HouseholdId
          FROM dbo.Household h
          JOIN n ON n.i <= LEN(h.HeadName + N'x') - 1
          CROSS JOIN (VALUES (1), (2)) AS w(k)
         WHERE n.i + w.k - 1 <= LEN(h.HeadName + N'x') - 1) g
 WHERE CHARINDEX(N' ', g.Gram) = 0 AND CHARINDEX(N'　', g.Gram) = 0;
