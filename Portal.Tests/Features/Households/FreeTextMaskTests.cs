using Portal.Features.Demo;
using Portal.Features.Households;

namespace Portal.Tests.Features.Households;

public sealed class FreeTextMaskTests
{
    [Theory]
    [InlineData("11010519491231002X", "110105********002X")] // the standard's own example
    [InlineData("11010519491231002x", "110105********002x")]
    [InlineData("440524188001010014", "440524********0014")]
    [InlineData("51190319700101000X", "511903********000X")]
    [InlineData(PlantedNumbers.IdNumber, PlantedNumbers.MaskedIdNumber)]
    public void Mask_IdNumberWithItsCheckCharacter_KeepsTheRegionAndTheLastFour(string id, string masked) =>
        Assert.Equal(masked, FreeTextMask.Mask(id));

    [Theory]
    [InlineData("110105194912310021")] // the standard's example with a wrong check character
    [InlineData("440524188001010015")]
    [InlineData("11010519491231002Y")]
    [InlineData("44052418800101001X")] // 17 digits whose check character is 4, not X
    public void Mask_EighteenCharactersWithAWrongCheck_AreLeftAlone(string text) => Assert.Equal(text, FreeTextMask.Mask(text));

    [Theory]
    [InlineData("13800009876", "138****9876")]
    [InlineData("19912345678", "199****5678")]
    [InlineData("138 0000 9876", "138 **** 9876")]
    [InlineData("138-0000-9876", "138-****-9876")]
    [InlineData("+8613800009876", "+86138****9876")]
    [InlineData("+86 138 0000 9876", "+86 138 **** 9876")]
    [InlineData("+86 13800009876", "+86 138****9876")]
    [InlineData("１３８００００９８７６", "１３８****９８７６")] // full-width digits, as a Chinese input method types them
    public void Mask_Mobile_KeepsTheFirstThreeAndTheLastFour(string mobile, string masked) => Assert.Equal(masked, FreeTextMask.Mask(mobile));

    [Theory]
    [InlineData("12345678901")] // 1 then 2: no mobile prefix
    [InlineData("10086")]
    [InlineData("0827-3312345")] // an office's fixed line
    [InlineData("138000098761")] // 12 digits
    [InlineData("1380000987")] // 10 digits
    [InlineData("1380 000 9876")] // not written 3-4-4
    public void Mask_NoMobile_IsLeftAlone(string text) => Assert.Equal(text, FreeTextMask.Mask(text));

    [Theory]
    [InlineData("4111111111111111", "************1111")]
    [InlineData(PlantedNumbers.BankCard, PlantedNumbers.MaskedBankCard)]
    [InlineData("622202123456789012", "**************9012")] // 18 digits passing Luhn that are no ID number
    [InlineData("6228 4800 0000 0000 018", "**** **** **** ***0 018")]
    [InlineData("4111-1111-1111-1111", "****-****-****-1111")]
    public void Mask_BankCardPassingLuhn_KeepsTheLastFour(string card, string masked) => Assert.Equal(masked, FreeTextMask.Mask(card));

    [Theory]
    [InlineData("4111111111111112")] // fails Luhn
    [InlineData("6228480000000000019")]
    [InlineData("62284800000000000007")] // 20 digits passing Luhn: no card is that long
    [InlineData("6228 4800 0000 0000 0000")] // five groups of 4
    [InlineData("411111111111111")] // 15 digits
    [InlineData("4111 111111111111")] // not in groups of 4
    public void Mask_NoBankCard_IsLeftAlone(string text) => Assert.Equal(text, FreeTextMask.Mask(text));

    // A number inside a longer run of digits, or glued to Latin letters (a code, a hash), is not one of them.
    [Theory]
    [InlineData("913800009876")]
    [InlineData("13800009876123")]
    [InlineData("5119021985061200261")] // an ID number and one more digit (and no card)
    [InlineData("12013800009876000000")]
    [InlineData("订单A13800009876")]
    [InlineData("a13800009876f0e2")]
    [InlineData("11010519491231002Xb")]
    public void Mask_DigitsInsideALongerRunOrCode_AreLeftAlone(string text) => Assert.Equal(text, FreeTextMask.Mask(text));

    [Fact]
    public void Mask_ChineseText_MasksEachNumberAndKeepsEverythingAroundIt() =>
        Assert.Equal(
            "户主王德明（身份证号511902********0026）电话138****9876，补助已打入卡号***************0018。",
            FreeTextMask.Mask($"户主王德明（身份证号{PlantedNumbers.IdNumber}）电话{PlantedNumbers.Mobile}，补助已打入卡号{PlantedNumbers.BankCard}。"));

    [Fact]
    public void Mask_TwoMobilesSideBySide_AreTwoNumbers() =>
        Assert.Equal("联系人 138****9876 139****5678", FreeTextMask.Mask("联系人 13800009876 13912345678"));

    [Theory]
    [InlineData("2026-12-02 发放 1,920,000 元，共 12 户 36 人")]
    [InlineData("恩阳-2026-000123")]
    [InlineData("收入 13000 元")]
    [InlineData("没有数字的文字")]
    [InlineData("")]
    public void Mask_OtherNumbers_AreLeftAlone(string text) => Assert.Equal(text, FreeTextMask.Mask(text));

    [Fact]
    public void Mask_Null_IsNull() => Assert.Null(FreeTextMask.Mask(null));

    [Fact]
    public void Mask_MaskedText_StaysAsItIs()
    {
        var once = FreeTextMask.Mask($"{PlantedNumbers.IdNumber} {PlantedNumbers.Mobile} {PlantedNumbers.BankCard}");

        Assert.Equal($"{PlantedNumbers.MaskedIdNumber} {PlantedNumbers.MaskedMobile} {PlantedNumbers.MaskedBankCard}", once);
        Assert.Equal(once, FreeTextMask.Mask(once));
    }

    [Fact]
    public void PlantedNumbers_EachPassesItsCheck()
    {
        Assert.True(ResidentIdNumber.IsValid(PlantedNumbers.IdNumber));
        Assert.NotEqual(PlantedNumbers.IdNumber, FreeTextMask.Mask(PlantedNumbers.IdNumber));
        Assert.NotEqual(PlantedNumbers.Mobile, FreeTextMask.Mask(PlantedNumbers.Mobile));
        Assert.NotEqual(PlantedNumbers.BankCard, FreeTextMask.Mask(PlantedNumbers.BankCard));
    }
}
