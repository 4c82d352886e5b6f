-- Every status change of a household, and the finalized announcement that made it.
CREATE TABLE dbo.HouseholdStatusChange (
    Id             BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_HouseholdStatusChange PRIMARY KEY,
    HouseholdId    BIGINT      NOT NULL CONSTRAINT FK_StatusChange_Household REFERENCES dbo.Household (Id),
    FromStatus     VARCHAR(12) NOT NULL,
    ToStatus       VARCHAR(12) NOT NULL,
    AnnouncementId BIGINT      NOT NULL CONSTRAINT FK_StatusChange_Announcement REFERENCES dbo.Announcement (Id),
    ChangedUtc     DATETIME2   NOT NULL
);

CREATE INDEX IX_HouseholdStatusChange_Household ON dbo.HouseholdStatusChange (HouseholdId, Id);
