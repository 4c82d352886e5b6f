-- Monitoring households (防止返贫致贫对象): a case opens Proposed when staff record the first risk clue, becomes Monitored
-- when the county decision of a MonitoringInclusion listing it is finalized, and RiskEliminated when a RiskElimination
-- notice is; an eliminated case is kept, with the follow-up visit (回头看) due six months later. A household has at most
-- one open (Proposed or Monitored) case. Risk is staff-only: it may describe health and is never copied to an entry.
CREATE TABLE dbo.MonitoringCase (
    Id               BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_MonitoringCase PRIMARY KEY,
    HouseholdId      BIGINT        NOT NULL CONSTRAINT FK_MonitoringCase_Household REFERENCES dbo.Household (Id),
    Type             VARCHAR(16)   NOT NULL CONSTRAINT CK_MonitoringCase_Type CHECK (Type IN ('UnstableExited', 'MarginalAtRisk', 'SuddenHardship')),
    Risk             NVARCHAR(400) NOT NULL CONSTRAINT CK_MonitoringCase_Risk CHECK (LEN(Risk) >= 1),
    FirstClueDate    DATE          NOT NULL,
    Status           VARCHAR(16)   NOT NULL CONSTRAINT CK_MonitoringCase_Status CHECK (Status IN ('Proposed', 'Monitored', 'RiskEliminated')),
    IncludedDate     DATE          NULL,
    EliminatedDate   DATE          NULL,
    FollowUpDue      DATE          NULL,
    FollowUpDoneDate DATE          NULL,
    CreatedBy        NVARCHAR(64)  NOT NULL,
    CreatedUtc       DATETIME2     NOT NULL,
    Concurrency      BIGINT        NOT NULL CONSTRAINT DF_MonitoringCase_Concurrency DEFAULT 0
);

CREATE UNIQUE INDEX UX_MonitoringCase_OpenPerHousehold ON dbo.MonitoringCase (HouseholdId) WHERE Status IN ('Proposed', 'Monitored');
CREATE INDEX IX_MonitoringCase_Status ON dbo.MonitoringCase (Status, HouseholdId);

-- Every status change of a case, and the finalized announcement that made it.
CREATE TABLE dbo.MonitoringStatusChange (
    Id             BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_MonitoringStatusChange PRIMARY KEY,
    CaseId         BIGINT      NOT NULL CONSTRAINT FK_MonitoringStatusChange_Case REFERENCES dbo.MonitoringCase (Id),
    FromStatus     VARCHAR(16) NOT NULL CONSTRAINT CK_MonitoringStatusChange_From CHECK (FromStatus IN ('Proposed', 'Monitored', 'RiskEliminated')),
    ToStatus       VARCHAR(16) NOT NULL CONSTRAINT CK_MonitoringStatusChange_To CHECK (ToStatus IN ('Proposed', 'Monitored', 'RiskEliminated')),
    AnnouncementId BIGINT      NOT NULL CONSTRAINT FK_MonitoringStatusChange_Announcement REFERENCES dbo.Announcement (Id),
    ChangedUtc     DATETIME2   NOT NULL
);

CREATE INDEX IX_MonitoringStatusChange_Case ON dbo.MonitoringStatusChange (CaseId, Id);

-- What a monitoring entry publishes of the case: its type, never its risk.
ALTER TABLE dbo.AnnouncementEntry ADD MonitoringType VARCHAR(16) NULL
    CONSTRAINT CK_AnnouncementEntry_MonitoringType CHECK (MonitoringType IN ('UnstableExited', 'MarginalAtRisk', 'SuddenHardship'));
