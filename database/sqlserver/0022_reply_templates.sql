-- Reply templates: wording administrators keep for a lane, a category (NULL: any category of the lane) and an outcome
-- (NULL: any decided outcome; Inadmissible: a reason for not taking a case). A reviewer starts from one and edits it;
-- what is sent is stored on the case as sent, never as a reference to a template.
CREATE TABLE dbo.ReplyTemplate (
    Id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_ReplyTemplate PRIMARY KEY,
    Lane        VARCHAR(14)    NOT NULL CONSTRAINT CK_ReplyTemplate_Lane CHECK (Lane IN ('Administrative', 'Misconduct')),
    Category    VARCHAR(21)    NULL CONSTRAINT CK_ReplyTemplate_Category CHECK (Category IN ('WronglyIncluded', 'WronglyExcluded', 'InaccurateInformation', 'Favouritism', 'MisuseOfFunds', 'FalseExit', 'Other')),
    Outcome     VARCHAR(15)    NULL CONSTRAINT CK_ReplyTemplate_Outcome CHECK (Outcome IN ('Upheld', 'PartiallyUpheld', 'NotUpheld', 'Inadmissible')),
    Title       NVARCHAR(60)   NOT NULL CONSTRAINT CK_ReplyTemplate_Title CHECK (LEN(Title) >= 1),
    Body        NVARCHAR(2000) NOT NULL CONSTRAINT CK_ReplyTemplate_Body CHECK (LEN(Body) >= 1),
    Active      BIT            NOT NULL CONSTRAINT DF_ReplyTemplate_Active DEFAULT 1,
    UpdatedBy   NVARCHAR(64)   NOT NULL,
    UpdatedUtc  DATETIME2      NOT NULL,
    Concurrency BIGINT         NOT NULL CONSTRAINT DF_ReplyTemplate_Concurrency DEFAULT 0,
    CONSTRAINT UQ_ReplyTemplate_LaneTitle UNIQUE (Lane, Title)
);
