-- Indexes the review found missing (issue 17): an objection by its entry (publishing a 5,000-entry announcement
-- counts the objections of each entry), replied cases due for closing, the audit list filtered by kind or actor,
-- an announcement's next stage and next version, the announcements that list a household, a group's households.
CREATE INDEX IX_Objection_Entry ON Objection (EntryId);
CREATE INDEX IX_Objection_Replied ON Objection (State, RepliedUtc);
CREATE INDEX IX_AuditEvent_Kind ON AuditEvent (Kind, Id);
CREATE INDEX IX_AuditEvent_Actor ON AuditEvent (Actor, Id);
CREATE INDEX IX_Announcement_PreviousStage ON Announcement (PreviousStageId);
CREATE INDEX IX_Announcement_PreviousVersion ON Announcement (PreviousVersionId);
CREATE INDEX IX_AnnouncementEntry_Household ON AnnouncementEntry (HouseholdId);
CREATE INDEX IX_Household_Group ON Household (GroupCode);
