-- Regions: district > township > village use their 12-digit national division codes; a village group has no
-- national code, so it extends its village's code with a two-digit group number (14 digits).
CREATE TABLE Region (
    Code       TEXT NOT NULL PRIMARY KEY,
    ParentCode TEXT NULL REFERENCES Region (Code),
    Level      TEXT NOT NULL CHECK (Level IN ('District', 'Township', 'Village', 'Group')),
    Name       TEXT NOT NULL,
    NameEn     TEXT NOT NULL,
    CHECK ((Level = 'Group' AND length(Code) = 14) OR (Level <> 'Group' AND length(Code) = 12))
);

CREATE INDEX IX_Region_Parent ON Region (ParentCode);

CREATE TABLE Household (
    Id              INTEGER PRIMARY KEY AUTOINCREMENT,
    GroupCode       TEXT    NOT NULL REFERENCES Region (Code),
    VillageCode     TEXT    NOT NULL REFERENCES Region (Code),
    TownshipCode    TEXT    NOT NULL REFERENCES Region (Code),
    HeadName        TEXT    NOT NULL,
    Size            INTEGER NOT NULL CHECK (Size BETWEEN 1 AND 30),
    Attribute       TEXT    NOT NULL CHECK (Attribute IN ('General', 'MinimumLivingAllowance', 'ExtremePovertySupport')),
    Cause           TEXT    NOT NULL CHECK (Cause IN ('Illness', 'Disability', 'Education', 'Disaster', 'LackOfLand', 'LackOfWater',
                                                      'LackOfSkills', 'LackOfLabour', 'LackOfCapital', 'PoorTransport', 'LackOfDrive')),
    Status          TEXT    NOT NULL CHECK (Status IN ('Applicant', 'Identified', 'Exited', 'Returned', 'Removed')),
    IdentifiedYear  INTEGER NULL,
    ExitYear        INTEGER NULL,
    IncomePerCapita NUMERIC NOT NULL DEFAULT 0,
    IdNumberCipher  TEXT    NOT NULL,
    IdNumberHash    TEXT    NOT NULL UNIQUE,
    PhoneCipher     TEXT    NULL,
    CreatedUtc      TEXT    NOT NULL,
    UpdatedUtc      TEXT    NOT NULL
);

CREATE INDEX IX_Household_Village ON Household (VillageCode, Status);
CREATE INDEX IX_Household_Township ON Household (TownshipCode, Status);
CREATE INDEX IX_Household_HeadName ON Household (HeadName);

CREATE TABLE Cadre (
    Id           INTEGER PRIMARY KEY AUTOINCREMENT,
    Name         TEXT NOT NULL,
    Role         TEXT NOT NULL CHECK (Role IN ('FirstSecretary', 'WorkTeamMember', 'ResponsibleCadre')),
    Organisation TEXT NOT NULL,
    VillageCode  TEXT NULL REFERENCES Region (Code),
    OfficePhone  TEXT NULL
);

CREATE INDEX IX_Cadre_Village ON Cadre (VillageCode);

CREATE TABLE StaffUser (
    Id              INTEGER PRIMARY KEY AUTOINCREMENT,
    UserName        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    DisplayName     TEXT    NOT NULL,
    PasswordHash    TEXT    NOT NULL,
    Role            TEXT    NOT NULL CHECK (Role IN ('VillageClerk', 'TownshipReviewer', 'DistrictReviewer', 'DisciplineInspector', 'Administrator')),
    RegionCode      TEXT    NOT NULL REFERENCES Region (Code),
    HomeVillageCode TEXT    NULL REFERENCES Region (Code),
    IsActive        INTEGER NOT NULL DEFAULT 1,
    FailedSignIns   INTEGER NOT NULL DEFAULT 0,
    LockedUntilUtc  TEXT    NULL,
    CreatedUtc      TEXT    NOT NULL
);
