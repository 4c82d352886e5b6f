-- The staff household list at province size (issue 18). Its order (township, village, group, head's name, id) is an
-- index, so a page is found by seeking the row after the last one shown (keyset paging), at any depth; and the head's
-- name is searched through its one- and two-character pieces (NameGrams), as the announcements' entries are (0032).
-- Kept by HouseholdStore, which writes a household's grams with it (names do not change); filled here for those there.
CREATE INDEX IX_Household_List ON Household (TownshipCode, VillageCode, GroupCode, HeadName, Id);

CREATE TABLE HouseholdNameGram (
    Gram        TEXT    NOT NULL,
    HouseholdId INTEGER NOT NULL REFERENCES Household (Id),
    PRIMARY KEY (Gram, HouseholdId)
) WITHOUT ROWID;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT INTO HouseholdNameGram (Gram, HouseholdId)
SELECT DISTINCT g.Gram, g.HouseholdId
  FROM (SELECT lower(substr(h.HeadName, n.i, w.k)) AS Gram, h.Id AS HouseholdId
          FROM Household h
          JOIN n ON n.i <= length(h.HeadName)
          JOIN (SELECT 1 AS k UNION ALL SELECT 2) w ON n.i + w.k - 1 <= length(h.HeadName)) g
 WHERE instr(g.Gram, ' ') = 0 AND instr(g.Gram, '　') = 0;
