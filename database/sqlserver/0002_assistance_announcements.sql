ALTER TABLE dbo.Household ADD AssurancesMet BIT NULL;

-- The public office phone of a township government or the district discipline inspection commission.
ALTER TABLE dbo.Region ADD OfficePhone VARCHAR(30) NULL;

CREATE TABLE dbo.AssistanceMeasure (
    Id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_AssistanceMeasure PRIMARY KEY,
    HouseholdId BIGINT        NOT NULL CONSTRAINT FK_AssistanceMeasure_Household REFERENCES dbo.Household (Id),
    Kind        VARCHAR(30)   NOT NULL CONSTRAINT CK_AssistanceMeasure_Kind CHECK (Kind IN ('Industry', 'Employment', 'Relocation', 'Education', 'Health', 'HousingRenovation',
                                                                                         'EcologicalCompensation', 'SocialSecurity', 'MicroCredit', 'SkillsTraining')),
    CadreId     BIGINT        NULL CONSTRAINT FK_AssistanceMeasure_Cadre REFERENCES dbo.Cadre (Id),
    Funds       DECIMAL(14,2) NOT NULL CONSTRAINT DF_AssistanceMeasure_Funds DEFAULT 0,
    StartDate   DATE          NOT NULL,
    EndDate     DATE          NULL,
    Status      VARCHAR(12)   NOT NULL CONSTRAINT CK_AssistanceMeasure_Status CHECK (Status IN ('Planned', 'InProgress', 'Completed')),
    Outcome     NVARCHAR(400) NULL
);

CREATE INDEX IX_AssistanceMeasure_Household ON dbo.AssistanceMeasure (HouseholdId);

CREATE TABLE dbo.Project (
    Id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Project PRIMARY KEY,
    VillageCode   VARCHAR(14)   NOT NULL CONSTRAINT FK_Project_Village REFERENCES dbo.Region (Code),
    Name          NVARCHAR(200) NOT NULL,
    Amount        DECIMAL(14,2) NOT NULL,
    Implementer   NVARCHAR(200) NOT NULL,
    Beneficiaries INT           NOT NULL,
    Year          INT           NOT NULL
);

CREATE INDEX IX_Project_Village ON dbo.Project (VillageCode);

CREATE TABLE dbo.Announcement (
    Id                BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Announcement PRIMARY KEY,
    Kind              VARCHAR(20)   NOT NULL CONSTRAINT CK_Announcement_Kind CHECK (Kind IN ('Identification', 'Exit', 'AssistancePlan', 'FundsAndProjects')),
    Stage             VARCHAR(20)   NOT NULL CONSTRAINT CK_Announcement_Stage CHECK (Stage IN ('VillagePublicity', 'TownshipPublicity', 'DistrictNotice')),
    Status            VARCHAR(12)   NOT NULL CONSTRAINT CK_Announcement_Status CHECK (Status IN ('Draft', 'Published', 'Closed', 'Finalized', 'Withdrawn', 'Superseded')),
    RegionCode        VARCHAR(14)   NOT NULL CONSTRAINT FK_Announcement_Region REFERENCES dbo.Region (Code),
    Title             NVARCHAR(200) NOT NULL,
    Year              INT           NOT NULL,
    Version           INT           NOT NULL CONSTRAINT DF_Announcement_Version DEFAULT 1,
    PreviousVersionId BIGINT        NULL CONSTRAINT FK_Announcement_PreviousVersion REFERENCES dbo.Announcement (Id),
    PreviousStageId   BIGINT        NULL CONSTRAINT FK_Announcement_PreviousStage REFERENCES dbo.Announcement (Id),
    PeriodStart       DATE          NULL,
    PeriodEnd         DATE          NULL,
    ContentHash       CHAR(64)      NULL,
    EntryCount        INT           NOT NULL CONSTRAINT DF_Announcement_EntryCount DEFAULT 0,
    CreatedBy         NVARCHAR(64)  NOT NULL,
    CreatedUtc        DATETIME2     NOT NULL,
    PublishedUtc      DATETIME2     NULL,
    FinalizedUtc      DATETIME2     NULL,
    StatusReason      NVARCHAR(500) NULL,
    Concurrency       BIGINT        NOT NULL CONSTRAINT DF_Announcement_Concurrency DEFAULT 0
);

CREATE INDEX IX_Announcement_Region ON dbo.Announcement (RegionCode, Status);
CREATE INDEX IX_Announcement_Status ON dbo.Announcement (Status, PeriodEnd);

CREATE TABLE dbo.AnnouncementEntry (
    Id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_AnnouncementEntry PRIMARY KEY,
    AnnouncementId  BIGINT        NOT NULL CONSTRAINT FK_AnnouncementEntry_Announcement REFERENCES dbo.Announcement (Id),
    Position        INT           NOT NULL,
    HouseholdId     BIGINT        NULL CONSTRAINT FK_AnnouncementEntry_Household REFERENCES dbo.Household (Id),
    ProjectId       BIGINT        NULL CONSTRAINT FK_AnnouncementEntry_Project REFERENCES dbo.Project (Id),
    GroupName       NVARCHAR(50)  NULL,
    Subject         NVARCHAR(200) NOT NULL,
    Size            INT           NULL,
    Attribute       VARCHAR(30)   NULL,
    Cause           VARCHAR(20)   NULL,
    IncomePerCapita DECIMAL(12,2) NULL,
    AssurancesMet   BIT           NULL,
    Measures        NVARCHAR(400) NULL,
    Cadre           NVARCHAR(100) NULL,
    Amount          DECIMAL(14,2) NULL,
    Implementer     NVARCHAR(200) NULL,
    Beneficiaries   INT           NULL,
    Withdrawn       BIT           NOT NULL CONSTRAINT DF_AnnouncementEntry_Withdrawn DEFAULT 0,
    WithdrawnReason NVARCHAR(500) NULL,
    CONSTRAINT CK_AnnouncementEntry_Subject CHECK (HouseholdId IS NOT NULL OR ProjectId IS NOT NULL)
);

CREATE INDEX IX_AnnouncementEntry_Announcement ON dbo.AnnouncementEntry (AnnouncementId, Position);
CREATE INDEX IX_AnnouncementEntry_Subject ON dbo.AnnouncementEntry (Subject);
