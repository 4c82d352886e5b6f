CREATE TABLE dbo.Objection (
    Id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Objection PRIMARY KEY,
    CaseNumber      NVARCHAR(30)   NULL,
    AnnouncementId  BIGINT         NOT NULL CONSTRAINT FK_Objection_Announcement REFERENCES dbo.Announcement (Id),
    EntryId         BIGINT         NULL CONSTRAINT FK_Objection_Entry REFERENCES dbo.AnnouncementEntry (Id),
    Category        VARCHAR(30)    NOT NULL CONSTRAINT CK_Objection_Category CHECK (Category IN ('WronglyIncluded', 'WronglyExcluded', 'InaccurateInformation',
                                                                                                  'Favouritism', 'MisuseOfFunds', 'FalseExit', 'Other')),
    Text            NVARCHAR(MAX)  NOT NULL,
    TextHash        CHAR(64)       NOT NULL,
    Anonymous       BIT            NOT NULL,
    IdentityCipher  NVARCHAR(2000) NULL,
    Channel         VARCHAR(10)    NOT NULL CONSTRAINT CK_Objection_Channel CHECK (Channel IN ('Web', 'Phone', 'InPerson', 'Letter')),
    EnteredBy       NVARCHAR(64)   NULL,
    ReceiptHash     CHAR(64)       NOT NULL CONSTRAINT UQ_Objection_Receipt UNIQUE,
    State           VARCHAR(20)    NOT NULL,
    Queue           VARCHAR(20)    NOT NULL CONSTRAINT CK_Objection_Queue CHECK (Queue IN ('Township', 'District', 'DisciplineInspection')),
    QueueRegionCode VARCHAR(14)    NOT NULL CONSTRAINT FK_Objection_QueueRegion REFERENCES dbo.Region (Code),
    LikelyDuplicate BIT            NOT NULL CONSTRAINT DF_Objection_Duplicate DEFAULT 0,
    ReceivedUtc     DATETIME2      NOT NULL,
    Concurrency     BIGINT         NOT NULL CONSTRAINT DF_Objection_Concurrency DEFAULT 0
);

CREATE UNIQUE INDEX UX_Objection_CaseNumber ON dbo.Objection (CaseNumber) WHERE CaseNumber IS NOT NULL;
CREATE INDEX IX_Objection_Announcement ON dbo.Objection (AnnouncementId, EntryId);
CREATE INDEX IX_Objection_Queue ON dbo.Objection (Queue, QueueRegionCode, State);
CREATE INDEX IX_Objection_Duplicate ON dbo.Objection (AnnouncementId, TextHash, ReceivedUtc);

-- The timeline of a case: its receipt, state changes, messages both ways, the reply, internal notes.
CREATE TABLE dbo.ObjectionEvent (
    Id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_ObjectionEvent PRIMARY KEY,
    ObjectionId BIGINT        NOT NULL CONSTRAINT FK_ObjectionEvent_Objection REFERENCES dbo.Objection (Id),
    Kind        VARCHAR(30)   NOT NULL CONSTRAINT CK_ObjectionEvent_Kind CHECK (Kind IN ('Received', 'StateChanged', 'MessageToComplainant',
                                                                                         'MessageFromComplainant', 'Reply', 'InternalNote')),
    State       VARCHAR(20)   NULL,
    Text        NVARCHAR(MAX) NULL,
    Actor       NVARCHAR(64)  NULL,
    CreatedUtc  DATETIME2     NOT NULL
);

CREATE INDEX IX_ObjectionEvent_Objection ON dbo.ObjectionEvent (ObjectionId, Id);

CREATE TABLE dbo.ObjectionAttachment (
    Id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_ObjectionAttachment PRIMARY KEY,
    ObjectionId BIGINT       NOT NULL CONSTRAINT FK_ObjectionAttachment_Objection REFERENCES dbo.Objection (Id),
    EventId     BIGINT       NULL CONSTRAINT FK_ObjectionAttachment_Event REFERENCES dbo.ObjectionEvent (Id),
    StoredName  VARCHAR(64)  NOT NULL CONSTRAINT UQ_ObjectionAttachment_StoredName UNIQUE,
    ContentType VARCHAR(30)  NOT NULL CONSTRAINT CK_ObjectionAttachment_Type CHECK (ContentType IN ('image/jpeg', 'image/png', 'application/pdf')),
    SizeBytes   BIGINT       NOT NULL,
    CreatedUtc  DATETIME2    NOT NULL
);

CREATE INDEX IX_ObjectionAttachment_Objection ON dbo.ObjectionAttachment (ObjectionId);
