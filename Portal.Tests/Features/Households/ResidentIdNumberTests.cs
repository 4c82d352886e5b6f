using Portal.Features.Households;

namespace Portal.Tests.Features.Households;

public sealed class ResidentIdNumberTests
{
    [Theory]
    [InlineData("11010519491231002X")] // the standard's own example
    [InlineData("11010519491231002x")] // lower-case x is accepted
    [InlineData("440524188001010014")]
    public void IsValid_CorrectCheckCharacter_IsTrue(string id) => Assert.True(ResidentIdNumber.IsValid(id));

    [Theory]
    [InlineData("110105194912310021")] // wrong check digit
    [InlineData("440524188001010015")]
    [InlineData("11010519491331002X")] // month 13
    [InlineData("1101051949123100")] // too short
    [InlineData("11010519491231002Y")]
    [InlineData("１１０１０５１９４９１２３１００２X")] // full-width digits
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_AnythingElse_IsFalse(string? id) => Assert.False(ResidentIdNumber.IsValid(id));

    [Fact]
    public void CheckCharacter_StandardExample_IsX() => Assert.Equal('X', ResidentIdNumber.CheckCharacter("11010519491231002"));

    [Fact]
    public void Normalize_LowerCaseX_BecomesUpperCase() => Assert.Equal("11010519491231002X", ResidentIdNumber.Normalize(" 11010519491231002x "));
}
