using Portal.Infrastructure.Data;

namespace Portal.Tests.Infrastructure.Data;

public sealed class NameGramsTests
{
    [Fact]
    public void Of_AThreeCharacterName_IsItsCharactersAndItsTwoPairs() =>
        Assert.Equal(["全", "德", "德全", "王", "王德"], NameGrams.Of("王德全").Order(StringComparer.Ordinal));

    // As SQLite's lower() and LIKE: ASCII letters lowered, É kept; no gram holds a space, ASCII or ideographic.
    [Fact]
    public void Of_SpacesAndCase_LeavesOutSpacesAndLowersAsciiOnly() =>
        Assert.Equal(["a", "a秀", "o", "É", "Éo", "秀"], NameGrams.Of("ÉO A秀　").Order(StringComparer.Ordinal));

    [Fact]
    public void Of_ACharacterOutsideTheBmp_IsOneCharacter() =>
        Assert.Equal(["家", "𠀋", "𠀋家"], NameGrams.Of("𠀋家").Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("王", "王")]
    [InlineData(" 王德全 ", "王德")]
    [InlineData("王 德", "王")]
    [InlineData("　德全", "德全")]
    [InlineData("WANG", "wa")]
    [InlineData("𠀋家", "𠀋家")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Key_IsTheFirstPairWithoutASpaceElseTheFirstCharacter(string? text, string? key) => Assert.Equal(key, NameGrams.Key(text));

    [Fact]
    public void Key_OfAnyText_IsAGramOfEveryNameThatContainsIt()
    {
        string[] names = ["王德全", "欧阳秀英", "Wang Deming", "𠀋家强", "李 小明"];
        foreach (var name in names)
        {
            for (var start = 0; start < name.Length; start++)
            {
                for (var length = 1; start + length <= name.Length && length <= 4; length++)
                {
                    var text = name.Substring(start, length);
                    if (char.IsSurrogate(text[0]) || char.IsSurrogate(text[^1]) || text.Trim().Length == 0) continue;
                    Assert.Contains(NameGrams.Key(text)!, NameGrams.Of(name));
                }
            }
        }
    }
}
