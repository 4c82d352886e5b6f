-- Reply templates: wording administrators keep for a lane, a category (NULL: any category of the lane) and an outcome
-- (NULL: any decided outcome; Inadmissible: a reason for not taking a case). A reviewer starts from one and edits it;
-- what is sent is stored on the case as sent, never as a reference to a template.
CREATE TABLE ReplyTemplate (
    Id          INTEGER PRIMARY KEY AUTOINCREMENT,
    Lane        TEXT    NOT NULL CHECK (Lane IN ('Administrative', 'Misconduct')),
    Category    TEXT    NULL CHECK (Category IN ('WronglyIncluded', 'WronglyExcluded', 'InaccurateInformation', 'Favouritism', 'MisuseOfFunds', 'FalseExit', 'Other')),
    Outcome     TEXT    NULL CHECK (Outcome IN ('Upheld', 'PartiallyUpheld', 'NotUpheld', 'Inadmissible')),
    Title       TEXT    NOT NULL CHECK (length(Title) BETWEEN 1 AND 60),
    Body        TEXT    NOT NULL CHECK (length(Body) BETWEEN 1 AND 2000),
    Active      INTEGER NOT NULL DEFAULT 1,
    UpdatedBy   TEXT    NOT NULL,
    UpdatedUtc  TEXT    NOT NULL,
    Concurrency INTEGER NOT NULL DEFAULT 0,
    UNIQUE (Lane, Title)
);
