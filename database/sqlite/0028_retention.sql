-- Retention and purge (issue 16): a closed case's complainant identity and attachments, a decided report's reporter
-- identity and the encrypted ID and phone numbers of a household that left the programme are deleted after their
-- retention time (Features/Retention); the keyed hashes stay. Each row keeps the moment it was purged, so staff pages
-- say what was deleted and when. A household keeps the moment it left the programme (Exited or Removed).
-- SQLite cannot drop a NOT NULL, so Household is rebuilt under its own name as 0019 rebuilt Objection: rows copied
-- aside, table dropped and created again, rows back with their ids, the AUTOINCREMENT high-water mark kept;
-- defer_foreign_keys lets the references from AssistanceMeasure, AnnouncementEntry, Objection, ConflictDeclaration,
-- HouseholdStatusChange and MonitoringCase dangle until the rows are back (checked at commit).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE Household_copy AS SELECT * FROM Household;
CREATE TABLE Household_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'Household';

DROP TABLE Household;

CREATE TABLE Household (
    Id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    GroupCode           TEXT    NOT NULL REFERENCES Region (Code),
    VillageCode         TEXT    NOT NULL REFERENCES Region (Code),
    TownshipCode        TEXT    NOT NULL REFERENCES Region (Code),
    HeadName            TEXT    NOT NULL,
    Size                INTEGER NOT NULL CHECK (Size BETWEEN 1 AND 30),
    Attribute           TEXT    NOT NULL CHECK (Attribute IN ('General', 'MinimumLivingAllowance', 'ExtremePovertySupport')),
    Cause               TEXT    NOT NULL CHECK (Cause IN ('Illness', 'Disability', 'Education', 'Disaster', 'LackOfLand', 'LackOfWater',
                                                          'LackOfSkills', 'LackOfLabour', 'LackOfCapital', 'PoorTransport', 'LackOfDrive')),
    Status              TEXT    NOT NULL CHECK (Status IN ('Applicant', 'Identified', 'Exited', 'Returned', 'Removed')),
    IdentifiedYear      INTEGER NULL,
    ExitYear            INTEGER NULL,
    IncomePerCapita     NUMERIC NOT NULL DEFAULT 0,
    IdNumberCipher      TEXT    NULL,
    IdNumberHash        TEXT    NOT NULL UNIQUE,
    PhoneCipher         TEXT    NULL,
    CreatedUtc          TEXT    NOT NULL,
    UpdatedUtc          TEXT    NOT NULL,
    AssurancesMet       INTEGER NULL,
    FlaggedForNextRound INTEGER NOT NULL DEFAULT 0,
    LeftProgrammeUtc    TEXT    NULL,
    IdNumberPurgedUtc   TEXT    NULL
);

INSERT INTO Household (Id, GroupCode, VillageCode, TownshipCode, HeadName, Size, Attribute, Cause, Status, IdentifiedYear, ExitYear,
                       IncomePerCapita, IdNumberCipher, IdNumberHash, PhoneCipher, CreatedUtc, UpdatedUtc, AssurancesMet, FlaggedForNextRound)
SELECT Id, GroupCode, VillageCode, TownshipCode, HeadName, Size, Attribute, Cause, Status, IdentifiedYear, ExitYear,
       IncomePerCapita, IdNumberCipher, IdNumberHash, PhoneCipher, CreatedUtc, UpdatedUtc, AssurancesMet, FlaggedForNextRound
  FROM Household_copy
 ORDER BY Id;

UPDATE sqlite_sequence
   SET seq = max(seq, (SELECT seq FROM Household_sequence))
 WHERE name = 'Household' AND EXISTS (SELECT 1 FROM Household_sequence);

DROP TABLE Household_copy;
DROP TABLE Household_sequence;

CREATE INDEX IX_Household_Village ON Household (VillageCode, Status);
CREATE INDEX IX_Household_Township ON Household (TownshipCode, Status);
CREATE INDEX IX_Household_HeadName ON Household (HeadName);

-- A household out of the programme left when the finalized notice moved it there; one that came in already Exited (an
-- import) left at the latest at the end of its exit year (Asia/Shanghai), and no later than it came in.
UPDATE Household
   SET LeftProgrammeUtc = COALESCE(
           (SELECT MAX(c.ChangedUtc) FROM HouseholdStatusChange c WHERE c.HouseholdId = Household.Id AND c.ToStatus = Household.Status),
           CASE WHEN Status = 'Exited' AND ExitYear IS NOT NULL THEN min(printf('%04d-12-31 16:00:00', ExitYear), CreatedUtc) END,
           CreatedUtc)
 WHERE Status IN ('Exited', 'Removed');

ALTER TABLE Objection ADD COLUMN IdentityPurgedUtc TEXT NULL;
ALTER TABLE Report ADD COLUMN IdentityPurgedUtc TEXT NULL;

-- Cases closed before 0019 have no ClosedUtc; their retention runs from the moment their timeline says they closed.
UPDATE Objection
   SET ClosedUtc = COALESCE(
           (SELECT MAX(e.CreatedUtc) FROM ObjectionEvent e WHERE e.ObjectionId = Objection.Id AND e.Kind = 'StateChanged' AND e.State = 'Closed'),
           RepliedUtc, ReceivedUtc)
 WHERE State = 'Closed' AND ClosedUtc IS NULL;
