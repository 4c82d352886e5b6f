-- Year-round reports (反映 / 申报): a household at risk, one left out, or a household reporting itself, at any time and
-- tied to no announcement. Routed to the township of the village; a home visit and a decision each have a clock.
CREATE TABLE dbo.Report (
    Id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Report PRIMARY KEY,
    CaseNumber      NVARCHAR(30)   NULL,
    ReceiptHash     CHAR(64)       NOT NULL CONSTRAINT UQ_Report_Receipt UNIQUE,
    VillageCode     VARCHAR(14)    NOT NULL CONSTRAINT FK_Report_Village REFERENCES dbo.Region (Code),
    Kind            VARCHAR(12)    NOT NULL CONSTRAINT CK_Report_Kind CHECK (Kind IN ('AtRisk', 'LeftOut', 'SelfReport')),
    Subject         NVARCHAR(50)   NOT NULL,
    Text            NVARCHAR(MAX)  NOT NULL,
    Anonymous       BIT            NOT NULL,
    IdentityCipher  NVARCHAR(2000) NULL,
    Consent         BIT            NOT NULL,
    State           VARCHAR(10)    NOT NULL CONSTRAINT CK_Report_State CHECK (State IN ('Received', 'Visited', 'Included', 'Refused')),
    QueueRegionCode VARCHAR(14)    NOT NULL CONSTRAINT FK_Report_QueueRegion REFERENCES dbo.Region (Code),
    AssignedTo      NVARCHAR(64)   NULL,
    VisitedUtc      DATETIME2      NULL,
    DecidedUtc      DATETIME2      NULL,
    RefusalReason   NVARCHAR(MAX)  NULL,
    ReceivedUtc     DATETIME2      NOT NULL,
    Concurrency     BIGINT         NOT NULL CONSTRAINT DF_Report_Concurrency DEFAULT 0
);

CREATE UNIQUE INDEX UX_Report_CaseNumber ON dbo.Report (CaseNumber) WHERE CaseNumber IS NOT NULL;
CREATE INDEX IX_Report_Queue ON dbo.Report (QueueRegionCode, State);

-- What happened to a report, in order: received, visited, included or refused (the refusal with its reason).
CREATE TABLE dbo.ReportEvent (
    Id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_ReportEvent PRIMARY KEY,
    ReportId   BIGINT        NOT NULL CONSTRAINT FK_ReportEvent_Report REFERENCES dbo.Report (Id),
    Kind       VARCHAR(10)   NOT NULL CONSTRAINT CK_ReportEvent_Kind CHECK (Kind IN ('Received', 'Visited', 'Included', 'Refused')),
    Text       NVARCHAR(MAX) NULL,
    Actor      NVARCHAR(64)  NULL,
    CreatedUtc DATETIME2     NOT NULL
);

CREATE INDEX IX_ReportEvent_Report ON dbo.ReportEvent (ReportId, Id);
