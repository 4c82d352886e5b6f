ALTER TABLE Objection ADD COLUMN AssignedTo TEXT NULL;
ALTER TABLE Objection ADD COLUMN Outcome TEXT NULL CHECK (Outcome IN ('Upheld', 'PartiallyUpheld', 'NotUpheld'));
ALTER TABLE Objection ADD COLUMN RepliedUtc TEXT NULL;
ALTER TABLE Objection ADD COLUMN HouseholdId INTEGER NULL REFERENCES Household (Id);

ALTER TABLE AnnouncementEntry ADD COLUMN NeedsCorrection INTEGER NOT NULL DEFAULT 0;
ALTER TABLE Household ADD COLUMN FlaggedForNextRound INTEGER NOT NULL DEFAULT 0;

-- A staff user's declared conflict of interest with a household.
CREATE TABLE ConflictDeclaration (
    Id          INTEGER PRIMARY KEY AUTOINCREMENT,
    StaffUserId INTEGER NOT NULL REFERENCES StaffUser (Id),
    HouseholdId INTEGER NOT NULL REFERENCES Household (Id),
    Reason      TEXT    NOT NULL,
    CreatedUtc  TEXT    NOT NULL,
    UNIQUE (StaffUserId, HouseholdId)
);

-- A staff user who recused themselves from a case may not be assigned it again.
CREATE TABLE Recusal (
    Id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ObjectionId INTEGER NOT NULL REFERENCES Objection (Id),
    UserName    TEXT    NOT NULL,
    Reason      TEXT    NOT NULL,
    CreatedUtc  TEXT    NOT NULL,
    UNIQUE (ObjectionId, UserName)
);

-- The tamper-evident audit trail: Hash = SHA-256(PreviousHash || canonical event).
CREATE TABLE AuditEvent (
    Id           INTEGER PRIMARY KEY AUTOINCREMENT,
    Kind         TEXT NOT NULL,
    Actor        TEXT NULL,
    Subject      TEXT NULL,
    Data         TEXT NOT NULL,
    CreatedUtc   TEXT NOT NULL,
    PreviousHash TEXT NOT NULL,
    Hash         TEXT NOT NULL
);
