-- A deadline of a case extended once, with the reason the complainant reads on /track (PRACTICE: "+30 with a
-- reason"). UNIQUE (ObjectionId, Deadline): a second extension of the same deadline is refused by the database
-- itself, however many reviewers ask at the same moment. ExtendedTo is an Asia/Shanghai date; the deadline ends at
-- its 24:00.
CREATE TABLE dbo.DeadlineExtension (
    Id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_DeadlineExtension PRIMARY KEY,
    ObjectionId BIGINT        NOT NULL CONSTRAINT FK_DeadlineExtension_Objection REFERENCES dbo.Objection (Id),
    Deadline    VARCHAR(10)   NOT NULL CONSTRAINT CK_DeadlineExtension_Deadline CHECK (Deadline IN ('Acceptance', 'Reply')),
    ExtendedTo  DATE          NOT NULL,
    Reason      NVARCHAR(500) NOT NULL CONSTRAINT CK_DeadlineExtension_Reason CHECK (LEN(Reason) >= 1),
    Actor       NVARCHAR(64)  NOT NULL,
    CreatedUtc  DATETIME2     NOT NULL,
    CONSTRAINT UQ_DeadlineExtension_Deadline UNIQUE (ObjectionId, Deadline)
);
