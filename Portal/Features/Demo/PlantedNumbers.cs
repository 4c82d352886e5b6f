namespace Portal.Features.Demo;

// Fictional numbers the demo writes into public free text, as a clerk pasting from a ledger might: the corrected Hongqi
// Exit announcement's revision reason, the title of a project in Guanyinjing's open funds-and-projects announcement (a
// mobile number) and the reply refusing report 5 (receipt DemoReports.DemoReceipt(5)). Each passes its
// check, so the public and the reporter must read them masked (FreeTextMask); staff read them as written.
// The ID number is of Bazhou (511902), as Enyang's older residents' are, so it is no demo household's (511903).
public static class PlantedNumbers
{
    public const string IdNumber = "511902198506120026";
    public const string Mobile = "13800009876";
    public const string BankCard = "6228480000000000018";

    // The village whose first project's title carries the mobile number: Guanyinjing's first, whose funds are open.
    public static DemoDistrict.Village ProjectVillage => DemoDistrict.Townships[1].Villages[0];

    // How the public reads them.
    public const string MaskedIdNumber = "511902********0026";
    public const string MaskedMobile = "138****9876";
    public const string MaskedBankCard = "***************0018";
}
