-- The fields the 2018 funds-and-projects disclosure guidance publishes for each project (扶贫资金项目公告公示):
-- place, construction task, subsidy standard, source of funds, period, responsible person, performance targets and how
-- the project benefits poor households. Null for projects recorded before they were asked for. AnnouncementEntry
-- carries the same fields, copied when a FundsAndProjects list is drafted, so a published version never changes.
ALTER TABLE Project ADD COLUMN Place TEXT NULL;
ALTER TABLE Project ADD COLUMN Task TEXT NULL;
ALTER TABLE Project ADD COLUMN SubsidyStandard TEXT NULL;
ALTER TABLE Project ADD COLUMN FundSource TEXT NULL;
ALTER TABLE Project ADD COLUMN Schedule TEXT NULL;
ALTER TABLE Project ADD COLUMN ResponsiblePerson TEXT NULL;
ALTER TABLE Project ADD COLUMN PerformanceTargets TEXT NULL;
ALTER TABLE Project ADD COLUMN BenefitMechanism TEXT NULL;

ALTER TABLE AnnouncementEntry ADD COLUMN Place TEXT NULL;
ALTER TABLE AnnouncementEntry ADD COLUMN Task TEXT NULL;
ALTER TABLE AnnouncementEntry ADD COLUMN SubsidyStandard TEXT NULL;
ALTER TABLE AnnouncementEntry ADD COLUMN FundSource TEXT NULL;
ALTER TABLE AnnouncementEntry ADD COLUMN Schedule TEXT NULL;
ALTER TABLE AnnouncementEntry ADD COLUMN ResponsiblePerson TEXT NULL;
ALTER TABLE AnnouncementEntry ADD COLUMN PerformanceTargets TEXT NULL;
ALTER TABLE AnnouncementEntry ADD COLUMN BenefitMechanism TEXT NULL;
