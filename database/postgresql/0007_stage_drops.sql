-- Why a later stage no longer lists an entry its previous stage carried (EntryId is the previous stage's entry): the
-- reason staff gave, or the case number of the upheld objection that withdrew it from an earlier version of this stage.
-- Kept with the draft and shown on the public page once the stage is published.
CREATE TABLE AnnouncementDrop (
    AnnouncementId BIGINT        NOT NULL CONSTRAINT FK_AnnouncementDrop_Announcement REFERENCES Announcement (Id),
    EntryId        BIGINT        NOT NULL CONSTRAINT FK_AnnouncementDrop_Entry REFERENCES AnnouncementEntry (Id),
    Reason         VARCHAR(200) NULL,
    CaseNumber     VARCHAR(500) NULL,
    DroppedBy      VARCHAR(64)  NOT NULL,
    DroppedUtc     TIMESTAMPTZ     NOT NULL,
    CONSTRAINT PK_AnnouncementDrop PRIMARY KEY (AnnouncementId, EntryId),
    CONSTRAINT CK_AnnouncementDrop_Why CHECK (Reason IS NOT NULL OR CaseNumber IS NOT NULL)
);
