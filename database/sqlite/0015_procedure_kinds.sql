-- Announcement kinds are defined by the procedures in configuration: the Kind CHECK holds every AnnouncementKind,
-- now with MonitoringInclusion and RiskElimination. SQLite cannot alter a CHECK, so the table is rebuilt under the
-- same name. Foreign keys are on and cannot be turned off inside the migration's transaction, and renaming the table
-- would rewrite the other tables' REFERENCES to the new name; instead the rows are copied aside, the table is dropped
-- and created again, and the rows come back with their ids. defer_foreign_keys lets the references from
-- AnnouncementEntry, AnnouncementDrop, Objection and HouseholdStatusChange dangle until the rows are back; they are
-- checked at commit. The AUTOINCREMENT high-water mark is kept, so no id is ever handed out twice.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE Announcement_copy AS SELECT * FROM Announcement;
CREATE TABLE Announcement_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'Announcement';

DROP TABLE Announcement;

CREATE TABLE Announcement (
    Id                INTEGER PRIMARY KEY AUTOINCREMENT,
    Kind              TEXT    NOT NULL CHECK (Kind IN ('Identification', 'Exit', 'AssistancePlan', 'FundsAndProjects', 'MonitoringInclusion', 'RiskElimination')),
    Stage             TEXT    NOT NULL CHECK (Stage IN ('VillagePublicity', 'TownshipPublicity', 'DistrictNotice')),
    Status            TEXT    NOT NULL CHECK (Status IN ('Draft', 'Published', 'Closed', 'Finalized', 'Withdrawn', 'Superseded')),
    RegionCode        TEXT    NOT NULL REFERENCES Region (Code),
    Title             TEXT    NOT NULL,
    Year              INTEGER NOT NULL,
    Version           INTEGER NOT NULL DEFAULT 1,
    PreviousVersionId INTEGER NULL REFERENCES Announcement (Id),
    PreviousStageId   INTEGER NULL REFERENCES Announcement (Id),
    PeriodStart       TEXT    NULL,
    PeriodEnd         TEXT    NULL,
    ContentHash       TEXT    NULL,
    EntryCount        INTEGER NOT NULL DEFAULT 0,
    CreatedBy         TEXT    NOT NULL,
    CreatedUtc        TEXT    NOT NULL,
    PublishedUtc      TEXT    NULL,
    FinalizedUtc      TEXT    NULL,
    StatusReason      TEXT    NULL,
    Concurrency       INTEGER NOT NULL DEFAULT 0,
    RevisionReason    TEXT    NULL
);

INSERT INTO Announcement (Id, Kind, Stage, Status, RegionCode, Title, Year, Version, PreviousVersionId, PreviousStageId,
                          PeriodStart, PeriodEnd, ContentHash, EntryCount, CreatedBy, CreatedUtc, PublishedUtc, FinalizedUtc,
                          StatusReason, Concurrency, RevisionReason)
SELECT Id, Kind, Stage, Status, RegionCode, Title, Year, Version, PreviousVersionId, PreviousStageId,
       PeriodStart, PeriodEnd, ContentHash, EntryCount, CreatedBy, CreatedUtc, PublishedUtc, FinalizedUtc,
       StatusReason, Concurrency, RevisionReason
  FROM Announcement_copy
 ORDER BY Id;

UPDATE sqlite_sequence
   SET seq = max(seq, (SELECT seq FROM Announcement_sequence))
 WHERE name = 'Announcement' AND EXISTS (SELECT 1 FROM Announcement_sequence);

DROP TABLE Announcement_copy;
DROP TABLE Announcement_sequence;

CREATE INDEX IX_Announcement_Region ON Announcement (RegionCode, Status);
CREATE INDEX IX_Announcement_Status ON Announcement (Status, PeriodEnd);
