-- Every status change of a household, and the finalized announcement that made it.
CREATE TABLE HouseholdStatusChange (
    Id             INTEGER PRIMARY KEY AUTOINCREMENT,
    HouseholdId    INTEGER NOT NULL REFERENCES Household (Id),
    FromStatus     TEXT    NOT NULL,
    ToStatus       TEXT    NOT NULL,
    AnnouncementId INTEGER NOT NULL REFERENCES Announcement (Id),
    ChangedUtc     TEXT    NOT NULL
);

CREATE INDEX IX_HouseholdStatusChange_Household ON HouseholdStatusChange (HouseholdId, Id);
