CREATE TABLE Objection (
    Id              INTEGER PRIMARY KEY AUTOINCREMENT,
    CaseNumber      TEXT    NULL UNIQUE,
    AnnouncementId  INTEGER NOT NULL REFERENCES Announcement (Id),
    EntryId         INTEGER NULL REFERENCES AnnouncementEntry (Id),
    Category        TEXT    NOT NULL CHECK (Category IN ('WronglyIncluded', 'WronglyExcluded', 'InaccurateInformation', 'Favouritism',
                                                         'MisuseOfFunds', 'FalseExit', 'Other')),
    Text            TEXT    NOT NULL,
    TextHash        TEXT    NOT NULL,
    Anonymous       INTEGER NOT NULL,
    IdentityCipher  TEXT    NULL,
    Channel         TEXT    NOT NULL CHECK (Channel IN ('Web', 'Phone', 'InPerson', 'Letter')),
    EnteredBy       TEXT    NULL,
    ReceiptHash     TEXT    NOT NULL UNIQUE,
    State           TEXT    NOT NULL,
    Queue           TEXT    NOT NULL CHECK (Queue IN ('Township', 'District', 'DisciplineInspection')),
    QueueRegionCode TEXT    NOT NULL REFERENCES Region (Code),
    LikelyDuplicate INTEGER NOT NULL DEFAULT 0,
    ReceivedUtc     TEXT    NOT NULL,
    Concurrency     INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IX_Objection_Announcement ON Objection (AnnouncementId, EntryId);
CREATE INDEX IX_Objection_Queue ON Objection (Queue, QueueRegionCode, State);
CREATE INDEX IX_Objection_Duplicate ON Objection (AnnouncementId, TextHash, ReceivedUtc);

-- The timeline of a case: its receipt, state changes, messages both ways, the reply, internal notes.
CREATE TABLE ObjectionEvent (
    Id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ObjectionId INTEGER NOT NULL REFERENCES Objection (Id),
    Kind        TEXT    NOT NULL CHECK (Kind IN ('Received', 'StateChanged', 'MessageToComplainant', 'MessageFromComplainant', 'Reply', 'InternalNote')),
    State       TEXT    NULL,
    Text        TEXT    NULL,
    Actor       TEXT    NULL,
    CreatedUtc  TEXT    NOT NULL
);

CREATE INDEX IX_ObjectionEvent_Objection ON ObjectionEvent (ObjectionId, Id);

CREATE TABLE ObjectionAttachment (
    Id             INTEGER PRIMARY KEY AUTOINCREMENT,
    ObjectionId    INTEGER NOT NULL REFERENCES Objection (Id),
    EventId        INTEGER NULL REFERENCES ObjectionEvent (Id),
    StoredName     TEXT    NOT NULL UNIQUE,
    ContentType    TEXT    NOT NULL CHECK (ContentType IN ('image/jpeg', 'image/png', 'application/pdf')),
    SizeBytes      INTEGER NOT NULL,
    CreatedUtc     TEXT    NOT NULL
);

CREATE INDEX IX_ObjectionAttachment_Objection ON ObjectionAttachment (ObjectionId);
