namespace Bookline.Transports.RabbitMq.Tests;

/// <summary>
/// A test that needs the RabbitMQ broker scripts/test.sh starts (BOOKLINE_TEST_AMQP). Without one
/// it is skipped, unless BOOKLINE_TEST_REQUIRE_SERVERS says the run must have it: then it fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute()
    {
        if (Broker.Address is null && Environment.GetEnvironmentVariable("BOOKLINE_TEST_REQUIRE_SERVERS") != "1")
        {
            Skip = "No broker: run scripts/test.sh, which starts one (or set BOOKLINE_TEST_AMQP).";
        }
    }
}
