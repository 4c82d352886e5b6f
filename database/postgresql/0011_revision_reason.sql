-- Why a corrected version was republished (one line, given by the reviewer who revised it); shown on the public page
-- beside the difference to the version before it and in the API.
ALTER TABLE Announcement ADD RevisionReason VARCHAR(200) NULL;
