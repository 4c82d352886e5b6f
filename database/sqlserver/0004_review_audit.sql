ALTER TABLE dbo.Objection ADD AssignedTo NVARCHAR(64) NULL,
    Outcome VARCHAR(20) NULL CONSTRAINT CK_Objection_Outcome CHECK (Outcome IN ('Upheld', 'PartiallyUpheld', 'NotUpheld')),
    RepliedUtc DATETIME2 NULL,
    HouseholdId BIGINT NULL CONSTRAINT FK_Objection_Household REFERENCES dbo.Household (Id);

ALTER TABLE dbo.AnnouncementEntry ADD NeedsCorrection BIT NOT NULL CONSTRAINT DF_AnnouncementEntry_NeedsCorrection DEFAULT 0;
ALTER TABLE dbo.Household ADD FlaggedForNextRound BIT NOT NULL CONSTRAINT DF_Household_Flagged DEFAULT 0;

-- A staff user's declared conflict of interest with a household.
CREATE TABLE dbo.ConflictDeclaration (
    Id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_ConflictDeclaration PRIMARY KEY,
    StaffUserId BIGINT        NOT NULL CONSTRAINT FK_Conflict_StaffUser REFERENCES dbo.StaffUser (Id),
    HouseholdId BIGINT        NOT NULL CONSTRAINT FK_Conflict_Household REFERENCES dbo.Household (Id),
    Reason      NVARCHAR(500) NOT NULL,
    CreatedUtc  DATETIME2     NOT NULL,
    CONSTRAINT UQ_Conflict UNIQUE (StaffUserId, HouseholdId)
);

-- A staff user who recused themselves from a case may not be assigned it again.
CREATE TABLE dbo.Recusal (
    Id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Recusal PRIMARY KEY,
    ObjectionId BIGINT        NOT NULL CONSTRAINT FK_Recusal_Objection REFERENCES dbo.Objection (Id),
    UserName    NVARCHAR(64)  NOT NULL,
    Reason      NVARCHAR(500) NOT NULL,
    CreatedUtc  DATETIME2     NOT NULL,
    CONSTRAINT UQ_Recusal UNIQUE (ObjectionId, UserName)
);

-- The tamper-evident audit trail: Hash = SHA-256(PreviousHash || canonical event).
CREATE TABLE dbo.AuditEvent (
    Id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_AuditEvent PRIMARY KEY,
    Kind         VARCHAR(40)   NOT NULL,
    Actor        NVARCHAR(64)  NULL,
    Subject      NVARCHAR(100) NULL,
    Data         NVARCHAR(MAX) NOT NULL,
    CreatedUtc   DATETIME2     NOT NULL,
    PreviousHash CHAR(64)      NOT NULL,
    Hash         CHAR(64)      NOT NULL
);
