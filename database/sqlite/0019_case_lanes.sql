-- Two lanes (issue 15): every case has a stored Lane (it starts from the category and changes when an inspector takes
-- a case over or hands it over), a misconduct case its Disposition and the moments its named complainant was told of
-- the acceptance and the result, every case the moment it closed; a second appeal goes to the district's review
-- office, a new queue owned by the new ReviewOfficer role. SQLite cannot alter a CHECK, so Objection (Queue) and
-- StaffUser (Role) are rebuilt under their own names as 0015 rebuilt Announcement: rows copied aside, table dropped
-- and created again, rows back with their ids, the AUTOINCREMENT high-water mark kept; defer_foreign_keys lets the
-- references from ObjectionEvent, ObjectionAttachment, Recusal, ConflictDeclaration and StaffSession dangle until the
-- rows are back (checked at commit).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE Objection_copy AS SELECT * FROM Objection;
CREATE TABLE Objection_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'Objection';

DROP TABLE Objection;

CREATE TABLE Objection (
    Id                INTEGER PRIMARY KEY AUTOINCREMENT,
    CaseNumber        TEXT    NULL UNIQUE,
    AnnouncementId    INTEGER NOT NULL REFERENCES Announcement (Id),
    EntryId           INTEGER NULL REFERENCES AnnouncementEntry (Id),
    Category          TEXT    NOT NULL CHECK (Category IN ('WronglyIncluded', 'WronglyExcluded', 'InaccurateInformation', 'Favouritism',
                                                           'MisuseOfFunds', 'FalseExit', 'Other')),
    Text              TEXT    NOT NULL,
    TextHash          TEXT    NOT NULL,
    Anonymous         INTEGER NOT NULL,
    IdentityCipher    TEXT    NULL,
    Channel           TEXT    NOT NULL CHECK (Channel IN ('Web', 'Phone', 'InPerson', 'Letter')),
    EnteredBy         TEXT    NULL,
    ReceiptHash       TEXT    NOT NULL UNIQUE,
    State             TEXT    NOT NULL,
    Queue             TEXT    NOT NULL CHECK (Queue IN ('Township', 'District', 'DisciplineInspection', 'ReviewOffice')),
    QueueRegionCode   TEXT    NOT NULL REFERENCES Region (Code),
    LikelyDuplicate   INTEGER NOT NULL DEFAULT 0,
    ReceivedUtc       TEXT    NOT NULL,
    Concurrency       INTEGER NOT NULL DEFAULT 0,
    AssignedTo        TEXT    NULL,
    Outcome           TEXT    NULL CHECK (Outcome IN ('Upheld', 'PartiallyUpheld', 'NotUpheld')),
    RepliedUtc        TEXT    NULL,
    HouseholdId       INTEGER NULL REFERENCES Household (Id),
    RoutedToDistrict  INTEGER NOT NULL DEFAULT 0,
    Lane              TEXT    NOT NULL DEFAULT 'Administrative' CHECK (Lane IN ('Administrative', 'Misconduct')),
    Disposition       TEXT    NULL CHECK (Disposition IN ('TalkOrLetterInquiry', 'PreliminaryVerification', 'HeldForLater', 'Concluded')),
    AcceptanceToldUtc TEXT    NULL,
    ResultToldUtc     TEXT    NULL,
    ClosedUtc         TEXT    NULL
);

INSERT INTO Objection (Id, CaseNumber, AnnouncementId, EntryId, Category, Text, TextHash, Anonymous, IdentityCipher, Channel, EnteredBy,
                       ReceiptHash, State, Queue, QueueRegionCode, LikelyDuplicate, ReceivedUtc, Concurrency, AssignedTo, Outcome,
                       RepliedUtc, HouseholdId, RoutedToDistrict, Lane)
SELECT Id, CaseNumber, AnnouncementId, EntryId, Category, Text, TextHash, Anonymous, IdentityCipher, Channel, EnteredBy,
       ReceiptHash, State, Queue, QueueRegionCode, LikelyDuplicate, ReceivedUtc, Concurrency, AssignedTo, Outcome,
       RepliedUtc, HouseholdId, RoutedToDistrict,
       CASE WHEN Category IN ('Favouritism', 'MisuseOfFunds') THEN 'Misconduct' ELSE 'Administrative' END
  FROM Objection_copy
 ORDER BY Id;

UPDATE sqlite_sequence
   SET seq = max(seq, (SELECT seq FROM Objection_sequence))
 WHERE name = 'Objection' AND EXISTS (SELECT 1 FROM Objection_sequence);

DROP TABLE Objection_copy;
DROP TABLE Objection_sequence;

CREATE INDEX IX_Objection_Announcement ON Objection (AnnouncementId, EntryId);
CREATE INDEX IX_Objection_Queue ON Objection (Queue, QueueRegionCode, State);
CREATE INDEX IX_Objection_Duplicate ON Objection (AnnouncementId, TextHash, ReceivedUtc);

-- Open misconduct cases belong to discipline inspection: one a township's or the district's queue holds moves to
-- the district's inspection queue, unassigned. A state of the old single machine the misconduct lane does not have
-- (escalated, decided) becomes "under investigation": the inspector closes it with a disposition.
UPDATE Objection
   SET Queue = 'DisciplineInspection',
       QueueRegionCode = CASE WHEN Queue = 'Township' THEN (SELECT r.ParentCode FROM Region r WHERE r.Code = Objection.QueueRegionCode) ELSE QueueRegionCode END,
       AssignedTo = NULL,
       Concurrency = Concurrency + 1
 WHERE Lane = 'Misconduct' AND State <> 'Closed' AND Queue IN ('Township', 'District');

UPDATE Objection
   SET State = 'UnderInvestigation', Concurrency = Concurrency + 1
 WHERE Lane = 'Misconduct' AND State IN ('Escalated', 'Decided', 'Appealed');

-- An open administrative case that an appeal sent to discipline inspection under the old rule was a second appeal
-- (复核): it goes to the district's review office, unassigned.
UPDATE Objection
   SET Queue = 'ReviewOffice', AssignedTo = NULL, Concurrency = Concurrency + 1
 WHERE Lane = 'Administrative' AND State <> 'Closed' AND Queue = 'DisciplineInspection';

CREATE TABLE StaffUser_copy AS SELECT * FROM StaffUser;
CREATE TABLE StaffUser_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'StaffUser';

DROP TABLE StaffUser;

CREATE TABLE StaffUser (
    Id              INTEGER PRIMARY KEY AUTOINCREMENT,
    UserName        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    DisplayName     TEXT    NOT NULL,
    PasswordHash    TEXT    NOT NULL,
    Role            TEXT    NOT NULL CHECK (Role IN ('VillageClerk', 'TownshipReviewer', 'DistrictReviewer', 'DisciplineInspector', 'ReviewOfficer', 'Administrator')),
    RegionCode      TEXT    NOT NULL REFERENCES Region (Code),
    HomeVillageCode TEXT    NULL REFERENCES Region (Code),
    IsActive        INTEGER NOT NULL DEFAULT 1,
    FailedSignIns   INTEGER NOT NULL DEFAULT 0,
    LockedUntilUtc  TEXT    NULL,
    CreatedUtc      TEXT    NOT NULL,
    SecurityStamp   TEXT    NOT NULL DEFAULT ''
);

INSERT INTO StaffUser (Id, UserName, DisplayName, PasswordHash, Role, RegionCode, HomeVillageCode, IsActive, FailedSignIns, LockedUntilUtc,
                       CreatedUtc, SecurityStamp)
SELECT Id, UserName, DisplayName, PasswordHash, Role, RegionCode, HomeVillageCode, IsActive, FailedSignIns, LockedUntilUtc,
       CreatedUtc, SecurityStamp
  FROM StaffUser_copy
 ORDER BY Id;

UPDATE sqlite_sequence
   SET seq = max(seq, (SELECT seq FROM StaffUser_sequence))
 WHERE name = 'StaffUser' AND EXISTS (SELECT 1 FROM StaffUser_sequence);

DROP TABLE StaffUser_copy;
DROP TABLE StaffUser_sequence;
