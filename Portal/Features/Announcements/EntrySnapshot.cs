namespace Portal.Features.Announcements;

public static class EntrySnapshot
{
    // Keeps only what the kind publishes; every other field is cleared before the entry is stored.
    public static AnnouncementEntry Whitelisted(AnnouncementKind kind, AnnouncementEntry e)
    {
        var keep = AnnouncementFields.For(kind);
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
            MonitoringType = Has(EntryField.MonitoringType) ? e.MonitoringType : null,
        };
    }
}
