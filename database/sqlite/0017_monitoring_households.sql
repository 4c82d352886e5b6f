-- Monitoring households (防止返贫致贫对象): a case opens Proposed when staff record the first risk clue, becomes Monitored
-- when the county decision of a MonitoringInclusion listing it is finalized, and RiskEliminated when a RiskElimination
-- notice is; an eliminated case is kept, with the follow-up visit (回头看) due six months later. A household has at most
-- one open (Proposed or Monitored) case. Risk is staff-only: it may describe health and is never copied to an entry.
CREATE TABLE MonitoringCase (
    Id               INTEGER PRIMARY KEY AUTOINCREMENT,
    HouseholdId      INTEGER NOT NULL REFERENCES Household (Id),
    Type             TEXT    NOT NULL CHECK (Type IN ('UnstableExited', 'MarginalAtRisk', 'SuddenHardship')),
    Risk             TEXT    NOT NULL CHECK (length(Risk) BETWEEN 1 AND 400),
    FirstClueDate    TEXT    NOT NULL,
    Status           TEXT    NOT NULL CHECK (Status IN ('Proposed', 'Monitored', 'RiskEliminated')),
    IncludedDate     TEXT    NULL,
    EliminatedDate   TEXT    NULL,
    FollowUpDue      TEXT    NULL,
    FollowUpDoneDate TEXT    NULL,
    CreatedBy        TEXT    NOT NULL,
    CreatedUtc       TEXT    NOT NULL,
    Concurrency      INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX UX_MonitoringCase_OpenPerHousehold ON MonitoringCase (HouseholdId) WHERE Status IN ('Proposed', 'Monitored');
CREATE INDEX IX_MonitoringCase_Status ON MonitoringCase (Status, HouseholdId);

-- Every status change of a case, and the finalized announcement that made it.
CREATE TABLE MonitoringStatusChange (
    Id             INTEGER PRIMARY KEY AUTOINCREMENT,
    CaseId         INTEGER NOT NULL REFERENCES MonitoringCase (Id),
    FromStatus     TEXT    NOT NULL CHECK (FromStatus IN ('Proposed', 'Monitored', 'RiskEliminated')),
    ToStatus       TEXT    NOT NULL CHECK (ToStatus IN ('Proposed', 'Monitored', 'RiskEliminated')),
    AnnouncementId INTEGER NOT NULL REFERENCES Announcement (Id),
    ChangedUtc     TEXT    NOT NULL
);

CREATE INDEX IX_MonitoringStatusChange_Case ON MonitoringStatusChange (CaseId, Id);

-- What a monitoring entry publishes of the case: its type, never its risk.
ALTER TABLE AnnouncementEntry ADD COLUMN MonitoringType TEXT NULL CHECK (MonitoringType IN ('UnstableExited', 'MarginalAtRisk', 'SuddenHardship'));
