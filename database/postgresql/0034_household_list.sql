-- The staff household list at province size (issue 18). Its order (township, village, group, head's name, id) is an
-- index, so a page is found by seeking the row after the last one shown (keyset paging), at any depth; and the head's
-- name is searched through its one- and two-character pieces (NameGrams), as the announcements' entries are (0032).
-- Kept by HouseholdStore, which writes a household's grams with it (names do not change); filled here for those there.
-- COLLATE "C": grams are compared as the code points they are.
CREATE INDEX IX_Household_List ON Household (TownshipCode, VillageCode, GroupCode, HeadName, Id);

CREATE TABLE HouseholdNameGram (
    Gram        VARCHAR(4) COLLATE "C" NOT NULL,
    HouseholdId BIGINT NOT NULL CONSTRAINT FK_HouseholdNameGram_Household REFERENCES Household (Id),
    CONSTRAINT PK_HouseholdNameGram PRIMARY KEY (Gram, HouseholdId)
);

INSERT INTO HouseholdNameGram (Gram, HouseholdId)
SELECT DISTINCT g.Gram, g.HouseholdId
  FROM (SELECT translate(substr(h.HeadName, n.i, w.k), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS Gram,
               h.Id AS HouseholdId
          FROM Household h
          JOIN generate_series(1, 50) AS n(i) ON n.i <= char_length(h.HeadName)
          JOIN (VALUES (1), (2)) AS w(k) ON n.i + w.k - 1 <= char_length(h.HeadName)) g
 WHERE strpos(g.Gram, ' ') = 0 AND strpos(g.Gram, '　') = 0;
