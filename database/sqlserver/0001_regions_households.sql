-- Regions: district > township > village use their 12-digit national division codes; a village group has no
-- national code, so it extends its village's code with a two-digit group number (14 digits).
CREATE TABLE dbo.Region (
    Code       VARCHAR(14)   NOT NULL CONSTRAINT PK_Region PRIMARY KEY,
    ParentCode VARCHAR(14)   NULL CONSTRAINT FK_Region_Parent REFERENCES dbo.Region (Code),
    Level      VARCHAR(10)   NOT NULL CONSTRAINT CK_Region_Level CHECK (Level IN ('District', 'Township', 'Village', 'Group')),
    Name       NVARCHAR(100) NOT NULL,
    NameEn     NVARCHAR(100) NOT NULL,
    CONSTRAINT CK_Region_Code CHECK ((Level = 'Group' AND LEN(Code) = 14) OR (Level <> 'Group' AND LEN(Code) = 12))
);

CREATE INDEX IX_Region_Parent ON dbo.Region (ParentCode);

CREATE TABLE dbo.Household (
    Id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Household PRIMARY KEY,
    GroupCode       VARCHAR(14)   NOT NULL CONSTRAINT FK_Household_Group REFERENCES dbo.Region (Code),
    VillageCode     VARCHAR(14)   NOT NULL CONSTRAINT FK_Household_Village REFERENCES dbo.Region (Code),
    TownshipCode    VARCHAR(14)   NOT NULL CONSTRAINT FK_Household_Township REFERENCES dbo.Region (Code),
    HeadName        NVARCHAR(50)  NOT NULL,
    Size            INT           NOT NULL CONSTRAINT CK_Household_Size CHECK (Size BETWEEN 1 AND 30),
    Attribute       VARCHAR(30)   NOT NULL CONSTRAINT CK_Household_Attribute CHECK (Attribute IN ('General', 'MinimumLivingAllowance', 'ExtremePovertySupport')),
    Cause           VARCHAR(20)   NOT NULL CONSTRAINT CK_Household_Cause CHECK (Cause IN ('Illness', 'Disability', 'Education', 'Disaster', 'LackOfLand', 'LackOfWater',
                                                                                         'LackOfSkills', 'LackOfLabour', 'LackOfCapital', 'PoorTransport', 'LackOfDrive')),
    Status          VARCHAR(12)   NOT NULL CONSTRAINT CK_Household_Status CHECK (Status IN ('Applicant', 'Identified', 'Exited', 'Returned', 'Removed')),
    IdentifiedYear  INT           NULL,
    ExitYear        INT           NULL,
    IncomePerCapita DECIMAL(12,2) NOT NULL CONSTRAINT DF_Household_Income DEFAULT 0,
    IdNumberCipher  VARCHAR(400)  NOT NULL,
    IdNumberHash    CHAR(64)      NOT NULL CONSTRAINT UQ_Household_IdNumberHash UNIQUE,
    PhoneCipher     VARCHAR(400)  NULL,
    CreatedUtc      DATETIME2     NOT NULL,
    UpdatedUtc      DATETIME2     NOT NULL
);

CREATE INDEX IX_Household_Village ON dbo.Household (VillageCode, Status);
CREATE INDEX IX_Household_Township ON dbo.Household (TownshipCode, Status);
CREATE INDEX IX_Household_HeadName ON dbo.Household (HeadName);

CREATE TABLE dbo.Cadre (
    Id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Cadre PRIMARY KEY,
    Name         NVARCHAR(50)  NOT NULL,
    Role         VARCHAR(20)   NOT NULL CONSTRAINT CK_Cadre_Role CHECK (Role IN ('FirstSecretary', 'WorkTeamMember', 'ResponsibleCadre')),
    Organisation NVARCHAR(100) NOT NULL,
    VillageCode  VARCHAR(14)   NULL CONSTRAINT FK_Cadre_Village REFERENCES dbo.Region (Code),
    OfficePhone  VARCHAR(30)   NULL
);

CREATE INDEX IX_Cadre_Village ON dbo.Cadre (VillageCode);

CREATE TABLE dbo.StaffUser (
    Id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_StaffUser PRIMARY KEY,
    UserName        NVARCHAR(64)  NOT NULL CONSTRAINT UQ_StaffUser_UserName UNIQUE,
    DisplayName     NVARCHAR(100) NOT NULL,
    PasswordHash    VARCHAR(200)  NOT NULL,
    Role            VARCHAR(20)   NOT NULL CONSTRAINT CK_StaffUser_Role CHECK (Role IN ('VillageClerk', 'TownshipReviewer', 'DistrictReviewer', 'DisciplineInspector', 'Administrator')),
    RegionCode      VARCHAR(14)   NOT NULL CONSTRAINT FK_StaffUser_Region REFERENCES dbo.Region (Code),
    HomeVillageCode VARCHAR(14)   NULL CONSTRAINT FK_StaffUser_HomeVillage REFERENCES dbo.Region (Code),
    IsActive        BIT           NOT NULL CONSTRAINT DF_StaffUser_IsActive DEFAULT 1,
    FailedSignIns   INT           NOT NULL CONSTRAINT DF_StaffUser_Failed DEFAULT 0,
    LockedUntilUtc  DATETIME2     NULL,
    CreatedUtc      DATETIME2     NOT NULL
);
