using System.Net.WebSockets;
using AccountRegistry.Infrastructure.Mt5.MtApi5;

namespace AccountRegistry.Infrastructure.IntegrationTests.Mt5.MtApi5;

/// <summary>The client against an in-process fake socket, the test playing the expert with literal protocol strings.</summary>
public sealed class MtApi5ClientTests
{
    private static readonly Uri Endpoint = new("ws://127.0.0.1:8228/ws");
    private static readonly MtApi5ClientOptions Fast = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    // How long a test waits for anything the client does: a timeout the client lost fails the
    // test instead of hanging it.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Test]
    public async Task Connect_SendsClientReady_AndUsesTheFirstExpert()
    {
        var expert = new FakeTransport();
        var connecting = MtApi5Client.ConnectAsync(expert, Endpoint, Fast, CancellationToken.None);

        Assert.That(await expert.ReceivedAsync(), Is.EqualTo("6;0"));
        expert.Send("3;1001,1002");
        await using var client = await connecting.WaitAsync(Bound);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(client.ExpertHandle, Is.EqualTo(1001));
            Assert.That(expert.ConnectedTo, Is.EqualTo(Endpoint));
        }
    }

    [Test]
    public async Task Connect_Throws_WhenNoExpertIsAttached()
    {
        var expert = new FakeTransport();
        var connecting = MtApi5Client.ConnectAsync(expert, Endpoint, Fast, CancellationToken.None);
        await expert.ReceivedAsync();

        expert.Send("3;");

        var exception = Assert.ThrowsAsync<MtApi5ConnectionException>(async () => await connecting.WaitAsync(Bound));
        Assert.That(exception.Message, Does.Contain("empty expert list"));
        Assert.That(expert.Disposed, Is.True);
    }

    [Test]
    public void Connect_TimesOut_WhenTheExpertListNeverComes()
    {
        var expert = new FakeTransport();
        var options = Fast with { ConnectTimeout = TimeSpan.FromMilliseconds(200) };

        Assert.ThrowsAsync<MtApi5TimeoutException>(async () => await MtApi5Client.ConnectAsync(expert, Endpoint, options, CancellationToken.None).WaitAsync(Bound));
        Assert.That(expert.Disposed, Is.True);
    }

    [Test]
    public void Connect_TimesOut_WhenTheSocketNeverOpens()
    {
        var expert = new FakeTransport { ConnectGate = new TaskCompletionSource() };
        var options = Fast with { ConnectTimeout = TimeSpan.FromMilliseconds(200) };

        Assert.ThrowsAsync<MtApi5TimeoutException>(async () => await MtApi5Client.ConnectAsync(expert, Endpoint, options, CancellationToken.None).WaitAsync(Bound));
    }

    [Test]
    public void Connect_ThrowsConnectionException_WhenTheSocketIsRefused()
    {
        var expert = new FakeTransport { ConnectFailure = new WebSocketException("Connection refused") };

        var exception = Assert.ThrowsAsync<MtApi5ConnectionException>(
            async () => await MtApi5Client.ConnectAsync(expert, Endpoint, Fast, CancellationToken.None).WaitAsync(Bound));
        Assert.That(exception.InnerException, Is.InstanceOf<WebSocketException>());
    }

    [Test]
    public async Task Connect_HonoursCancellation_AsCancellationNotTimeout()
    {
        var expert = new FakeTransport();
        using var cancel = new CancellationTokenSource();
        var connecting = MtApi5Client.ConnectAsync(expert, Endpoint, Fast, cancel.Token);
        await expert.ReceivedAsync();

        await cancel.CancelAsync();

        Assert.That(async () => await connecting.WaitAsync(Bound), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task AccountInfoInteger_SendsThePropertyId_AndReadsTheValue()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var login = client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None);
        Assert.That(await expert.ReceivedAsync(), Is.EqualTo("0;1001;0;33;{\"PropertyId\":0}"));
        expert.Send("1;1001;0;{\"ErrorCode\":\"0\",\"Value\":12345678}");

        Assert.That(await login.WaitAsync(Bound), Is.EqualTo(12345678));
    }

    [Test]
    public async Task Commands_UseTheExactPayloadsOfMt5Md()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var mode = client.AccountInfoIntegerAsync(AccountInteger.TradeMode, CancellationToken.None);
        Assert.That(await expert.ReceivedAsync(), Is.EqualTo("0;1001;0;33;{\"PropertyId\":32}"));
        expert.Send("1;1001;0;{\"ErrorCode\":\"0\",\"Value\":2}");
        var currency = client.AccountInfoStringAsync(AccountString.Currency, CancellationToken.None);
        Assert.That(await expert.ReceivedAsync(), Is.EqualTo("0;1001;1;34;{\"PropertyId\":36}"));
        expert.Send("1;1001;1;{\"ErrorCode\":\"0\",\"Value\":\"USC\"}");
        var connected = client.TerminalInfoIntegerAsync(TerminalInteger.Connected, CancellationToken.None);
        Assert.That(await expert.ReceivedAsync(), Is.EqualTo("0;1001;2;204;{\"PropertyId\":6}"));
        expert.Send("1;1001;2;{\"ErrorCode\":\"0\",\"Value\":1}");
        var total = client.SymbolsTotalAsync(selected: false, CancellationToken.None);
        Assert.That(await expert.ReceivedAsync(), Is.EqualTo("0;1001;3;50;{\"Selected\":false}"));
        expert.Send("1;1001;3;{\"ErrorCode\":\"0\",\"Value\":812}");
        var name = client.SymbolNameAsync(3, selected: false, CancellationToken.None);
        Assert.That(await expert.ReceivedAsync(), Is.EqualTo("0;1001;4;51;{\"Pos\":3,\"Selected\":false}"));
        expert.Send("1;1001;4;{\"ErrorCode\":\"0\",\"Value\":\"EURUSD.m\"}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await mode.WaitAsync(Bound), Is.EqualTo(2));
            Assert.That(await currency.WaitAsync(Bound), Is.EqualTo("USC"));
            Assert.That(await connected.WaitAsync(Bound), Is.EqualTo(1));
            Assert.That(await total.WaitAsync(Bound), Is.EqualTo(812));
            Assert.That(await name.WaitAsync(Bound), Is.EqualTo("EURUSD.m"));
        }
    }

    [Test]
    public async Task AccountInfoString_KeepsSemicolonsInTheValue()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var company = client.AccountInfoStringAsync(AccountString.Company, CancellationToken.None);
        await expert.ReceivedAsync();
        expert.Send("1;1001;0;{\"ErrorCode\":\"0\",\"Value\":\"Broker; Ltd.\"}");

        Assert.That(await company.WaitAsync(Bound), Is.EqualTo("Broker; Ltd."));
    }

    [TestCase("{\"ErrorCode\":0,\"Value\":5}", 5)]
    [TestCase("{\"ErrorCode\":\"0\",\"Value\":\"5\"}", 5)]
    [TestCase("{\"ErrorCode\":\"0\",\"Value\":true}", 1)]
    public async Task Responses_AreReadTolerantly(string json, long expected)
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var value = client.AccountInfoIntegerAsync(AccountInteger.TradeAllowed, CancellationToken.None);
        await expert.ReceivedAsync();
        expert.Send($"1;1001;0;{json}");

        Assert.That(await value.WaitAsync(Bound), Is.EqualTo(expected));
    }

    [Test]
    public async Task ErrorResponse_BecomesACommandException()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var login = client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None);
        await expert.ReceivedAsync();
        expert.Send("1;1001;0;{\"ErrorCode\":-1,\"ErrorMessage\":\"Invalid property id\"}");

        var exception = Assert.ThrowsAsync<MtApi5CommandException>(async () => await login.WaitAsync(Bound));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.ErrorCode, Is.EqualTo(-1));
            Assert.That(exception.ErrorMessage, Is.EqualTo("Invalid property id"));
        }
    }

    [Test]
    public async Task VoidResponse_HasNoValue()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var result = client.SendCommandAsync(MtApi5Command.GetQuote, "", CancellationToken.None);
        Assert.That(await expert.ReceivedAsync(), Is.EqualTo("0;1001;0;1;"));
        expert.Send("1;1001;0;{\"ErrorCode\":\"0\"}");

        Assert.That(await result.WaitAsync(Bound), Is.Null);
    }

    [Test]
    public async Task Responses_AreMatchedById_WhateverTheirOrder_AndEventsAreTolerated()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var first = client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None);
        var second = client.AccountInfoStringAsync(AccountString.Server, CancellationToken.None);
        await expert.ReceivedAsync();
        await expert.ReceivedAsync();
        expert.Send("2;1001;3;{\"Tick\":{\"Bid\":1.08}}");
        expert.Send("4;1002");
        expert.Send("1;1001;1;{\"ErrorCode\":\"0\",\"Value\":\"MetaQuotes-Demo\"}");
        expert.Send("5;1002");
        expert.Send("1;1001;0;{\"ErrorCode\":\"0\",\"Value\":12345678}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await first.WaitAsync(Bound), Is.EqualTo(12345678));
            Assert.That(await second.WaitAsync(Bound), Is.EqualTo("MetaQuotes-Demo"));
        }
    }

    [Test]
    public async Task Command_TimesOut_AndALateResponseIsDropped()
    {
        var expert = new FakeTransport();
        var connecting = MtApi5Client.ConnectAsync(expert, Endpoint, Fast with { CommandTimeout = TimeSpan.FromMilliseconds(200) }, CancellationToken.None);
        await expert.ReceivedAsync();
        expert.Send("3;1001");
        await using var client = await connecting.WaitAsync(Bound);

        var slow = client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None);
        await expert.ReceivedAsync();
        Assert.ThrowsAsync<MtApi5TimeoutException>(async () => await slow.WaitAsync(Bound));

        expert.Send("1;1001;0;{\"ErrorCode\":\"0\",\"Value\":1}");
        var next = client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None);
        Assert.That(await expert.ReceivedAsync(), Does.StartWith("0;1001;1;"));
        expert.Send("1;1001;1;{\"ErrorCode\":\"0\",\"Value\":2}");
        Assert.That(await next.WaitAsync(Bound), Is.EqualTo(2));
    }

    [Test]
    public async Task Command_HonoursCancellation()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;
        using var cancel = new CancellationTokenSource();

        var login = client.AccountInfoIntegerAsync(AccountInteger.Login, cancel.Token);
        await expert.ReceivedAsync();
        await cancel.CancelAsync();

        Assert.That(async () => await login.WaitAsync(Bound), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task ClosedConnection_FailsWaitingAndLaterCommands()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var login = client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None);
        await expert.ReceivedAsync();
        expert.Close();

        Assert.ThrowsAsync<MtApi5ConnectionException>(async () => await login.WaitAsync(Bound));
        Assert.ThrowsAsync<MtApi5ConnectionException>(async () => await client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None).WaitAsync(Bound));
    }

    [Test]
    public async Task MalformedMessage_FailsTheConnection()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var login = client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None);
        await expert.ReceivedAsync();
        expert.Send("1;garbage");

        Assert.ThrowsAsync<MtApi5ProtocolException>(async () => await login.WaitAsync(Bound));
    }

    [Test]
    public async Task RemovingTheExpert_FailsWaitingCommands()
    {
        var (expert, client) = await ConnectedAsync();
        await using var _ = client;

        var login = client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None);
        await expert.ReceivedAsync();
        expert.Send("5;1001");

        var exception = Assert.ThrowsAsync<MtApi5ConnectionException>(async () => await login.WaitAsync(Bound));
        Assert.That(exception.Message, Does.Contain("removed"));
    }

    [Test]
    public async Task Dispose_FailsWaitingCommands_AndClosesTheSocket()
    {
        var (expert, client) = await ConnectedAsync();

        var login = client.AccountInfoIntegerAsync(AccountInteger.Login, CancellationToken.None);
        await expert.ReceivedAsync();
        await client.DisposeAsync();

        Assert.ThrowsAsync<MtApi5ConnectionException>(async () => await login.WaitAsync(Bound));
        Assert.That(expert.Disposed, Is.True);
    }

    private static async Task<(FakeTransport Expert, MtApi5Client Client)> ConnectedAsync()
    {
        var expert = new FakeTransport();
        var connecting = MtApi5Client.ConnectAsync(expert, Endpoint, Fast, CancellationToken.None);
        Assert.That(await expert.ReceivedAsync(), Is.EqualTo("6;0"));
        expert.Send("3;1001");
        return (expert, await connecting.WaitAsync(Bound));
    }
}
