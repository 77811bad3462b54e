using AccountRegistry.Infrastructure.Mt5.MtApi5;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5.MtApi5;

/// <summary>Framing and parsing against the exact strings of shared/MT5.md.</summary>
public sealed class MtApi5ProtocolTests
{
    [Test]
    public void ClientReady_IsSixSemicolonZero() => Assert.That(MtApi5Protocol.ClientReady, Is.EqualTo("6;0"));

    [Test]
    public void FormatCommand_WritesTypeHandleIdCommandAndPayload()
    {
        Assert.That(
            MtApi5Protocol.FormatCommand(1001, 7, MtApi5Command.AccountInfoInteger, "{\"PropertyId\":0}"),
            Is.EqualTo("0;1001;7;33;{\"PropertyId\":0}"));
    }

    [Test]
    public void FormatCommand_AllowsAnEmptyPayload() =>
        Assert.That(MtApi5Protocol.FormatCommand(0, 0, MtApi5Command.IsTesting, ""), Is.EqualTo("0;0;0;67;"));

    [Test]
    public void FormatCommand_RefusesAPayloadWithASemicolon() =>
        Assert.Throws<ArgumentException>(() => MtApi5Protocol.FormatCommand(1, 1, MtApi5Command.SymbolName, "{\"a\":\"x;y\"}"));

    [Test]
    public void Parse_Response_KeepsSemicolonsInsideTheJson()
    {
        var message = MtApi5Protocol.Parse("1;1001;4;{\"ErrorCode\":\"0\",\"Value\":\"Broker; Ltd.\"}");

        Assert.That(message, Is.EqualTo(new MtApi5Message.Response(1001, 4, "{\"ErrorCode\":\"0\",\"Value\":\"Broker; Ltd.\"}")));
    }

    [Test]
    public void Parse_Event() =>
        Assert.That(MtApi5Protocol.Parse("2;1001;3;{\"Tick\":{\"Bid\":1.1}}"), Is.EqualTo(new MtApi5Message.Event(1001, 3, "{\"Tick\":{\"Bid\":1.1}}")));

    [Test]
    public void Parse_ExpertList_WithSeveralHandles()
    {
        var list = (MtApi5Message.ExpertList)MtApi5Protocol.Parse("3;1001,1002");

        Assert.That(list.Handles, Is.EqualTo(new[] { 1001, 1002 }));
    }

    [Test]
    public void Parse_EmptyExpertList() =>
        Assert.That(((MtApi5Message.ExpertList)MtApi5Protocol.Parse("3;")).Handles, Is.Empty);

    [Test]
    public void Parse_ExpertAddedAndRemoved()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MtApi5Protocol.Parse("4;1003"), Is.EqualTo(new MtApi5Message.ExpertAdded(1003)));
            Assert.That(MtApi5Protocol.Parse("5;1003"), Is.EqualTo(new MtApi5Message.ExpertRemoved(1003)));
        }
    }

    [Test]
    public void Parse_ToleratesAnUnknownType() =>
        Assert.That(MtApi5Protocol.Parse("9;whatever"), Is.EqualTo(new MtApi5Message.Other(9, "whatever")));

    [TestCase("")]
    [TestCase("x;1")]
    [TestCase("1;1001")]
    [TestCase("1;abc;0;{}")]
    [TestCase("3;1001,x")]
    [TestCase("4;")]
    public void Parse_Throws_ForAMalformedMessage(string frame) =>
        Assert.Throws<MtApi5ProtocolException>(() => MtApi5Protocol.Parse(frame));
}
