namespace Portal.Features.Announcements;

public static class EntrySnapshot
{
    // Keeps only what the procedure publishes (online or on the notice); every other field is cleared before the entry is stored.
    public static AnnouncementEntry Whitelisted(IReadOnlyCollection<EntryField> keep, AnnouncementEntry e)
    {
        bool Has(EntryField f) => keep.Contains(f);
        return e with
        {
            GroupName = Has(EntryField.GroupName) ? e.GroupName : null,
            Size = Has(EntryField.Size) ? e.Size : null,
            Attribute = Has(EntryField.Attribute) ? e.Attribute : null,
            Cause = Has(EntryField.Cause) ? e.Cause : null,
            IncomePerCapita = Has(EntryField.IncomePerCapita) ? e.IncomePerCapita : null,
            AssurancesMet = Has(EntryField.AssurancesMet) ? e.AssurancesMet : null,
            Measures = Has(EntryField.Measures) ? e.Measures : null,
            Cadre = Has(EntryField.Cadre) ? e.Cadre : null,
            Amount = Has(EntryField.Amount) ? e.Amount : null,
            Implementer = Has(EntryField.Implementer) ? e.Implementer : null,
            Beneficiaries = Has(EntryField.Beneficiaries) ? e.Beneficiaries : null,
            Place = Has(EntryField.Place) ? e.Place : null,
            Task = Has(EntryField.Task) ? e.Task : null,
            SubsidyStandard = Has(EntryField.SubsidyStandard) ? e.SubsidyStandard : null,
            FundSource = Has(EntryField.FundSource) ? e.FundSource : null,
            Schedule = Has(EntryField.Schedule) ? e.Schedule : null,
            ResponsiblePerson = Has(EntryField.ResponsiblePerson) ? e.ResponsiblePerson : null,
            PerformanceTargets = Has(EntryField.PerformanceTargets) ? e.PerformanceTargets : null,
            BenefitMechanism = Has(EntryField.BenefitMechanism) ? e.BenefitMechanism : null,
            MonitoringType = Has(EntryField.MonitoringType) ? e.MonitoringType : null,
        };
    }
}
