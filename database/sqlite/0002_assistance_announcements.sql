ALTER TABLE Household ADD COLUMN AssurancesMet INTEGER NULL;

-- The public office phone of a township government or the district discipline inspection commission.
ALTER TABLE Region ADD COLUMN OfficePhone TEXT NULL;

CREATE TABLE AssistanceMeasure (
    Id          INTEGER PRIMARY KEY AUTOINCREMENT,
    HouseholdId INTEGER NOT NULL REFERENCES Household (Id),
    Kind        TEXT    NOT NULL CHECK (Kind IN ('Industry', 'Employment', 'Relocation', 'Education', 'Health', 'HousingRenovation',
                                                 'EcologicalCompensation', 'SocialSecurity', 'MicroCredit', 'SkillsTraining')),
    CadreId     INTEGER NULL REFERENCES Cadre (Id),
    Funds       NUMERIC NOT NULL DEFAULT 0,
    StartDate   TEXT    NOT NULL,
    EndDate     TEXT    NULL,
    Status      TEXT    NOT NULL CHECK (Status IN ('Planned', 'InProgress', 'Completed')),
    Outcome     TEXT    NULL
);

CREATE INDEX IX_AssistanceMeasure_Household ON AssistanceMeasure (HouseholdId);

CREATE TABLE Project (
    Id            INTEGER PRIMARY KEY AUTOINCREMENT,
    VillageCode   TEXT    NOT NULL REFERENCES Region (Code),
    Name          TEXT    NOT NULL,
    Amount        NUMERIC NOT NULL,
    Implementer   TEXT    NOT NULL,
    Beneficiaries INTEGER NOT NULL,
    Year          INTEGER NOT NULL
);

CREATE INDEX IX_Project_Village ON Project (VillageCode);

CREATE TABLE Announcement (
    Id                INTEGER PRIMARY KEY AUTOINCREMENT,
    Kind              TEXT    NOT NULL CHECK (Kind IN ('Identification', 'Exit', 'AssistancePlan', 'FundsAndProjects')),
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
    Concurrency       INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IX_Announcement_Region ON Announcement (RegionCode, Status);
CREATE INDEX IX_Announcement_Status ON Announcement (Status, PeriodEnd);

CREATE TABLE AnnouncementEntry (
    Id              INTEGER PRIMARY KEY AUTOINCREMENT,
    AnnouncementId  INTEGER NOT NULL REFERENCES Announcement (Id),
    Position        INTEGER NOT NULL,
    HouseholdId     INTEGER NULL REFERENCES Household (Id),
    ProjectId       INTEGER NULL REFERENCES Project (Id),
    GroupName       TEXT    NULL,
    Subject         TEXT    NOT NULL,
    Size            INTEGER NULL,
    Attribute       TEXT    NULL,
    Cause           TEXT    NULL,
    IncomePerCapita NUMERIC NULL,
    AssurancesMet   INTEGER NULL,
    Measures        TEXT    NULL,
    Cadre           TEXT    NULL,
    Amount          NUMERIC NULL,
    Implementer     TEXT    NULL,
    Beneficiaries   INTEGER NULL,
    Withdrawn       INTEGER NOT NULL DEFAULT 0,
    WithdrawnReason TEXT    NULL,
    CHECK (HouseholdId IS NOT NULL OR ProjectId IS NOT NULL)
);

CREATE INDEX IX_AnnouncementEntry_Announcement ON AnnouncementEntry (AnnouncementId, Position);
CREATE INDEX IX_AnnouncementEntry_Subject ON AnnouncementEntry (Subject);
