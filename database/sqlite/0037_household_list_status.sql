-- The staff list's index (0034) carries the status too, so that counting a search's matches — a common surname over the
-- whole district reads some 240,000 entries of it — never reads the table itself, with a status filter or without
-- (on PostgreSQL an index-only scan; issue 18). The status is last: the list's order stays the one the index gives.
DROP INDEX IX_Household_List;
CREATE INDEX IX_Household_List ON Household (TownshipCode, VillageCode, GroupCode, HeadName, Id, Status);
