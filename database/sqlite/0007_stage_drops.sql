-- Why a later stage no longer lists an entry its previous stage carried (EntryId is the previous stage's entry): the
-- reason staff gave, or the case number of the upheld objection that withdrew it from an earlier version of this stage.
-- Kept with the draft and shown on the public page once the stage is published.
CREATE TABLE AnnouncementDrop (
    AnnouncementId INTEGER NOT NULL REFERENCES Announcement (Id),
    EntryId        INTEGER NOT NULL REFERENCES AnnouncementEntry (Id),
    Reason         TEXT    NULL,
    CaseNumber     TEXT    NULL,
    DroppedBy      TEXT    NOT NULL,
    DroppedUtc     TEXT    NOT NULL,
    PRIMARY KEY (AnnouncementId, EntryId),
    CHECK (Reason IS NOT NULL OR CaseNumber IS NOT NULL)
);
